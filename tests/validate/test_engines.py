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
