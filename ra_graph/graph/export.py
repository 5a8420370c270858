"""``ra-graph export``: the graph in the formats integrators and tools load.

RDF formats are serialised by pyoxigraph (fast, streaming); JSON-LD goes
through rdflib so that it is compacted with the project's prefixes as
context.  The tabular (CSV) and network (GraphML) exports are views of
later stages: ``query.clauses`` and ``network.graphs``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ra_graph.core.namespaces import PREFIXES
from ra_graph.core.store import open_graph

_RDF = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
}


RDF_FORMATS = ("ttl", "trig", "jsonld", "nt")


def export(graph: Path, fmt: str) -> bytes:
    store = open_graph(graph, memory=True)
    if fmt == "trig":
        return store.dump(format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    if fmt in ("ttl", "nt"):
        # Triple formats carry no graph names: the union of all graphs.
        merged = ox.Store()
        merged.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
        options = {"prefixes": PREFIXES} if fmt == "ttl" else {}
        return merged.dump(format=_RDF[fmt], from_graph=ox.DefaultGraph(), **options)
    if fmt == "jsonld":
        return _jsonld(store)
    raise ValueError(fmt)  # click restricts the choices


def _jsonld(store: ox.Store) -> bytes:
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    context = dict(PREFIXES)
    return ds.serialize(format="json-ld", context=context, indent=1, sort_keys=True).encode("utf-8")
