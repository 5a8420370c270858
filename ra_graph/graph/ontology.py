"""Check that the data use only terms the ontology declares.

A typo in a ``ra:`` term (``ra:obligator`` for ``ra:obligor``) would silently
drop facts from every query and shape, so validation (the ``declared-term``
check) and the tests compare the terms a graph uses with those
``ontology/ra.ttl`` declares.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
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


def undeclared_terms(data: rdflib.Graph | ox.Store,
                     ontology: rdflib.Graph | str | Path | None = None) -> dict[str, str]:
    """``ra:`` IRI used in ``data`` but not declared -> the first subject (in IRI order) using it.

    A term counts as used as subject, predicate or object.  ``data`` is one
    rdflib graph or a pyoxigraph store (for a snapshot: the union of its
    named graphs).  Empty when the data and the ontology agree.
    """
    declared = declared_terms(ontology)
    first: dict[str, str] = {}
    for s, p, o in _iri_triples(data, declared):
        for term in (s, p, o):
            if term is not None and term.startswith(RA) and term not in declared:
                known = first.get(term)
                if known is None or s < known:
                    first[term] = s
    return first


_RA_TERMS = f"""
SELECT DISTINCT ?term WHERE {{
  {{ ?s ?term ?o }} UNION {{ ?s ?p ?term }} UNION {{ ?term ?p ?o }}
  FILTER(isIRI(?term) && STRSTARTS(STR(?term), "{RA}"))
}}"""


def _iri_triples(data: rdflib.Graph | ox.Store, declared: set[str]):
    """Each triple as (subject, predicate, object), an IRI as its string, any other term as
    None (a blank subject as its label).  Of a store, only the triples that use an
    ``ra:`` term no ontology declares: a register's store has hundreds of thousands."""
    if isinstance(data, ox.Store):
        used = {row["term"].value for row in data.query(_RA_TERMS, use_default_graph_as_union=True)}
        for term in sorted(used - declared):
            node = ox.NamedNode(term)
            for pattern in ((node, None, None), (None, node, None), (None, None, node)):
                for quad in data.quads_for_pattern(*pattern):
                    yield (quad.subject.value, quad.predicate.value,
                           quad.object.value if isinstance(quad.object, ox.NamedNode) else None)
        return
    for s, p, o in data:
        yield str(s), str(p), str(o) if isinstance(o, rdflib.URIRef) else None
