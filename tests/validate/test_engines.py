"""rudof (the default engine) and pySHACL (the reference) give the same findings.

Every shape fixture, the shipped snapshot and a generated register: the
same findings, field for field, in the same order.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from ra_graph.core import paths
from ra_graph.validate.shacl import run

SHAPES = Path(__file__).parents[1] / "fixtures" / "shapes"
FIXTURES = sorted(p for p in SHAPES.glob("*.ttl") if not p.name.startswith("_"))


def findings(report) -> list[dict]:
    return [f.to_json() for f in report.findings]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_engines_agree_on_every_shape_fixture(fixture):
    graph = Graph()
    graph.parse(SHAPES / "_base.ttl")
    graph.parse(fixture)
    # with --as-of every shape is active (without it the default engine is held to each
    # fixture's expectations in test_shapes.py)
    ours = run(graph, as_of="2026-07-02", ontology_path=SHAPES / "_ontology.ttl", engine="rudof")
    reference = run(graph, as_of="2026-07-02", ontology_path=SHAPES / "_ontology.ttl", engine="pyshacl")
    assert findings(ours) == findings(reference), fixture.name
    assert ours.conforms == reference.conforms


def test_engines_agree_on_the_shipped_snapshot():
    ours = run(paths.SNAPSHOT, as_of="2026-07-01", engine="rudof")
    assert findings(ours) == findings(run(paths.SNAPSHOT, as_of="2026-07-01", engine="pyshacl"))
    assert sorted(Counter((f.severity, f.constraint) for f in ours.findings).items()) == [
        (("Info", "reciprocity-balance"), 16), (("Violation", "responsible-party"), 1),
        (("Warning", "overdue"), 1), (("Warning", "reciprocity"), 20)]


def test_engines_agree_on_a_generated_register(register):
    graph = register / "data" / "graph" / "ra-graph.trig"
    ours = run(graph, as_of="2026-07-01", engine="rudof")
    assert findings(ours) == findings(run(graph, as_of="2026-07-01", engine="pyshacl"))
    assert {f.constraint for f in ours.findings} == {"reciprocity-balance", "responsible-party", "overdue",
                                                       "reciprocity"}


def test_unknown_engine_is_an_input_error(mini_path):
    from ra_graph.core.errors import RaGraphError

    with pytest.raises(RaGraphError, match="--engine: unknown engine 'jena' \\(one of rudof, pyshacl\\)"):
        run(mini_path, engine="jena")


def _shapes():
    from ra_graph.validate import shacl

    return shacl.bind_as_of(shacl.load_shapes(paths.SHAPES), shacl.parse_as_of("2026-07-01"))


def _results(store, engine_function, shapes) -> list:
    return sorted(map(repr, engine_function(store, shapes, paths.ONTOLOGY)))


@pytest.mark.parametrize("where", ["shipped", "register"])
def test_validation_in_bounded_memory_finds_what_the_whole_graph_run_finds(where, register, monkeypatch):
    """One arrangement per chunk (the most cutting there can be), against rudof on the whole graph."""
    from ra_graph.core.store import open_graph
    from ra_graph.validate import shacl

    store = open_graph(paths.SNAPSHOT if where == "shipped" else register / "data" / "graph" / "ra-graph.trig")
    monkeypatch.setattr(shacl, "CHUNK", 1)
    shapes = _shapes()
    whole = _results(store, shacl._rudof_whole, shapes)
    assert len(whole) > 10 and _results(store, shacl._rudof_bounded, shapes) == whole


def test_a_duplicate_identifier_across_two_arrangements_is_found_in_bounded_memory(register, monkeypatch):
    import pyoxigraph as ox

    from ra_graph.core.store import open_graph
    from ra_graph.validate import shacl

    store = ox.Store()
    store.bulk_extend(open_graph(register / "data" / "graph" / "ra-graph.trig"))
    dcterms_id = ox.NamedNode("http://purl.org/dc/terms/identifier")
    rows = list(store.query("SELECT ?c ?id ?g WHERE { GRAPH ?g { ?c a ra:Clause ; dcterms:identifier ?id } } "
                            "ORDER BY ?c", prefixes={"ra": "https://w3id.org/ra-graph/def#",
                                                     "dcterms": "http://purl.org/dc/terms/"}))
    first, other = rows[0], next(r for r in rows if r[2] != rows[0][2])
    store.add(ox.Quad(other[0], dcterms_id, first[1], other[2]))  # a second clause, another arrangement, same id
    monkeypatch.setattr(shacl, "CHUNK", 1)
    shapes = _shapes()
    bounded = _results(store, shacl._rudof_bounded, shapes)
    assert bounded == _results(store, shacl._rudof_whole, shapes)
    # the unique-identifier shape (an inverse path: it runs on the whole graph) names the shared identifier
    assert [r for r in bounded if f"focus={first[1].value!r}, focus_is_literal=True" in r and "MaxCount" in r] != []
    assert len([r for r in bounded if f"focus={first[1].value!r}" in r]) == 1
