"""Check that the data use only terms the ontology declares.

A typo in a ``ra:`` term (``ra:obligator`` for ``ra:obligor``) would silently
drop facts from every query and shape, so validation (the ``declared-term``
check) and the tests compare the terms a graph uses with those
``ontology/ra.ttl`` declares.
"""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from ra_graph.core.errors import RaGraphError
from ra_graph.core.namespaces import RA
from ra_graph.core.paths import ONTOLOGY
from ra_graph.graph.compile import read_turtle

_DECLARING_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    RDFS.Class,
    RDF.Property,
}


def load_ontology(path: str | Path = ONTOLOGY) -> rdflib.Graph:
    """Parse the ontology file; a missing file or a syntax error names the file (and line)."""
    path = Path(path)
    if not path.is_file():
        raise RaGraphError("ontology file not found", file=path)
    return read_turtle([path])


def declared_terms(ontology: rdflib.Graph | str | Path | None = None) -> set[str]:
    """IRIs in the ra: namespace that the ontology declares as a class, property or individual."""
    graph = ontology if isinstance(ontology, rdflib.Graph) else load_ontology(ontology or ONTOLOGY)
    return {
        str(s)
        for t in _DECLARING_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(RA)
    }


def undeclared_terms(data: rdflib.Graph, ontology: rdflib.Graph | str | Path | None = None) -> dict[str, str]:
    """``ra:`` IRI used in ``data`` but not declared -> the first subject (in IRI order) using it.

    A term counts as used as subject, predicate or object.  ``data`` is one
    rdflib graph (for a snapshot: the union of its named graphs, as
    ``validate.flatten`` gives it).  Empty when the data and the ontology agree.
    """
    declared = declared_terms(ontology)
    first: dict[str, str] = {}
    for s, p, o in data:
        for term in (s, p, o):
            if isinstance(term, rdflib.URIRef) and term.startswith(RA) and str(term) not in declared:
                known = first.get(str(term))
                if known is None or str(s) < known:
                    first[str(term)] = str(s)
    return first
