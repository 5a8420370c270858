"""Every shape in ontology/shapes.ttl against a conforming and a violating fixture.

One test case per fixture file in tests/fixtures/shapes/ (``<shape>.ok.ttl``,
``<shape>.bad.ttl``), each validated together with ``_base.ttl`` against the
project's shapes and the small stand-in ontology ``_ontology.ttl``.  A
fixture states what must fail in its header:

    # expect: <focus> <constraint> [key=value ...]   (focus: rai:… IRI or "literal")
    # as-of: YYYY-MM-DD                                (enables the deadline shapes)
    # severity: Info                                   (also compare Info results)

The test asserts exactly that list (as a multiset) of (focus, constraint),
nothing more and nothing less, and the severity of every result: a missing
responsible party is a Violation (the graph does not conform), one-sided
and overdue are Warnings, the reciprocity balance is Info.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import DCTERMS, Graph

from ra_graph.core.namespaces import expand
from ra_graph.validate.shacl import run

HERE = Path(__file__).parents[1] / "fixtures" / "shapes"
FIXTURES = sorted(p for p in HERE.glob("*.ttl") if not p.name.startswith("_"))
SHAPES = Path(__file__).resolve().parents[2] / "ontology" / "shapes.ttl"
# The severity of each check, stated here rather than read from shapes.ttl: it decides the exit code.
SEVERITY = {
    "responsible-party": "Violation", "reciprocity": "Warning", "overdue": "Warning",
    "reciprocity-balance": "Info", "declared-term": "Violation", "clause-complete": "Violation",
    "commitment-modality": "Violation", "commitment-basis": "Violation", "due-date-type": "Violation",
    "due-text": "Violation", "actor-label": "Violation", "unique-identifier": "Violation",
    "arrangement-complete": "Violation", "unaccounted-text": "Warning", "revision": "Violation",
    "revision-successor": "Violation",
}


def _header(path: Path) -> tuple[list[tuple[str, str, dict]], str | None, bool]:
    expected, as_of, infos = [], None, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"# expect: (\S+) (\S+)(.*)$", line):
            focus = m.group(1).strip('"') if m.group(1).startswith('"') else expand(m.group(1))
            extra = dict(kv.split("=") for kv in m.group(3).split())
            expected.append((focus, m.group(2), extra))
        elif m := re.match(r"# as-of: (\S+)", line):
            as_of = m.group(1)
        elif line.strip() == "# severity: Info":
            infos = True
    return expected, as_of, infos


def _validate(path: Path, as_of: str | None):
    graph = Graph()
    graph.parse(HERE / "_base.ttl")
    graph.parse(path)
    return run(graph, as_of=as_of, shapes_path=SHAPES, ontology_path=HERE / "_ontology.ttl")


def test_every_shape_has_both_fixtures():
    shapes = Graph().parse(SHAPES)
    names = {str(o) for o in shapes.objects(None, DCTERMS.identifier)}
    names.discard("reciprocity-balance")  # Info figures, not a pass/fail shape: see its .info fixture
    stems = {p.name for p in FIXTURES}
    assert names | {"reciprocity-balance"} == set(SEVERITY), "give every shape its severity in SEVERITY"
    for name in sorted(names):
        assert f"{name}.ok.ttl" in stems, name
        assert f"{name}.bad.ttl" in stems, name
    assert "reciprocity-balance.info.ttl" in stems


def test_base_conforms_without_findings():
    report = run(HERE / "_base.ttl", shapes_path=SHAPES, ontology_path=HERE / "_ontology.ttl")
    assert report.conforms
    assert [(f.severity, f.constraint) for f in report.findings] == [("Info", "reciprocity-balance")]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture(fixture: Path):
    expected, as_of, infos = _header(fixture)
    report = _validate(fixture, as_of)
    shown = [f for f in report.findings if infos or f.severity != "Info"]
    got = Counter((f.focus, f.constraint) for f in shown)
    assert got == Counter((focus, name) for focus, name, _ in expected)
    assert [(f.constraint, f.severity) for f in report.findings if f.severity != SEVERITY[f.constraint]] == []
    if fixture.name.endswith(".bad.ttl"):
        assert expected, "a violating fixture must expect at least one result"
    for focus, name, extra in expected:
        if extra:
            (finding,) = [f for f in shown if f.focus == focus and f.constraint == name]
            assert {"rijk": finding.extra["rijk_commitments"],
                    "province": finding.extra["province_commitments"]} == {k: int(v) for k, v in extra.items()}
    violations = any(f.severity == "Violation" for f in report.findings)
    assert report.conforms is (not violations)
