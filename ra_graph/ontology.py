"""Check that the data use only terms the ontology declares.

A typo in a ``ra:`` term (``ra:obligator`` for ``ra:obligor``) would silently
drop facts from every query and shape, so the build, validation and tests
compare the terms a graph uses with those ``ontology/ra.ttl`` declares.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from ra_graph.errors import RaGraphError
from ra_graph.namespaces import RA
from ra_graph.paths import ONTOLOGY

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
    """Parse the ontology file; a syntax error names the file and line."""
    path = Path(path)
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise RaGraphError("ontology file not found", file=path) from None
    except Exception as exc:  # rdflib raises several parser-specific types
        line = getattr(exc, "lines", None) or getattr(exc, "lineno", None)
        raise RaGraphError(f"not valid Turtle: {exc}", file=path,
                           line=line if isinstance(line, int) else None) from None
    return graph


def declared_terms(ontology: rdflib.Graph | str | Path | None = None) -> set[str]:
    """IRIs in the ra: namespace that the ontology declares as a class, property or individual."""
    graph = ontology if isinstance(ontology, rdflib.Graph) else load_ontology(ontology or ONTOLOGY)
    return {
        str(s)
        for t in _DECLARING_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(RA)
    }


def used_terms(graph: Any) -> set[str]:
    """IRIs in the ra: namespace that occur anywhere in ``graph``.

    ``graph`` may be an rdflib Graph or Dataset (all named graphs are read),
    a pyoxigraph Store, or any iterable of triples or quads.
    """
    return {term for term in _iris(graph) if term.startswith(RA)}


def undeclared_terms(graph: Any, ontology: rdflib.Graph | str | Path | None = None) -> set[str]:
    """ra: IRIs used in ``graph`` (as class, predicate, object or subject) but not declared.

    Empty when the data and the ontology agree; the caller turns a non-empty
    result into an error or a test failure listing the terms.
    """
    return used_terms(graph) - declared_terms(ontology)


def _iris(graph: Any) -> Iterable[str]:
    if isinstance(graph, (rdflib.Dataset, rdflib.ConjunctiveGraph)):
        rows: Iterable[tuple] = graph.quads((None, None, None, None))
    elif isinstance(graph, rdflib.Graph):
        rows = graph.triples((None, None, None))
    elif hasattr(graph, "quads_for_pattern"):  # pyoxigraph.Store
        rows = ((q.subject, q.predicate, q.object) for q in graph.quads_for_pattern(None, None, None, None))
    else:
        rows = graph
    for row in rows:
        for term in row[:3]:
            if isinstance(term, rdflib.URIRef):
                yield str(term)
            elif type(term).__name__ == "NamedNode":  # pyoxigraph
                yield term.value
