"""``ra-graph validate`` on the shared fixture graph: results, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Namespace

from ra_graph.core import namespaces, paths
from ra_graph.core.errors import RaGraphError
from ra_graph.core.namespaces import RAI
from ra_graph.core.store import open_graph
from ra_graph.validate.shacl import parse_as_of, run

SH = Namespace(namespaces.SH)
SHAPES_FIXTURES = Path(__file__).parents[1] / "fixtures" / "shapes"

# (severity, constraint, clause, arrangement, section, line) on mini.trig with --as-of 2026-07-01,
# verified by hand against the fixture's comments and data.
MINI_AS_OF = [
    ("Info", "reciprocity-balance", None, "drenthe-2025", "3.1", 123),
    ("Warning", "reciprocity", "drenthe-2025/3.1/eerder-1", "drenthe-2025", "3.1", 243),
    ("Warning", "reciprocity", "drenthe-2025/3.1/principe-1", "drenthe-2025", "3.1", 700),
    ("Info", "reciprocity-balance", None, "drenthe-2025", "3.7", 821),
    ("Warning", "overdue", "drenthe-2025/3.7/1", "drenthe-2025", "3.7", 827),
    ("Info", "reciprocity-balance", None, "groningen-2025", "2.1", 145),
    ("Info", "reciprocity-balance", None, "groningen-2025", "2.4", 398),
    ("Warning", "reciprocity", "groningen-2025/2.4/drinkwater-2", "groningen-2025", "2.4", 437),
    ("Warning", "reciprocity", "groningen-2025/2.4/veenweide-4", "groningen-2025", "2.4", 468),
    ("Violation", "responsible-party", "groningen-2025/2.4/agenda-1", "groningen-2025", "2.4", 647),
]


def _json(ra, *args):
    r = ra("validate", *args, "--format", "json")
    return r, (json.loads(r.out) if r.out else None)


def _rows(data):
    return [(x["severity"], x["constraint"], x["clause"], x["arrangement"], x["section"], x["line"])
            for x in data["results"]]


def test_mini_results_exact(ra, mini_path):
    r, data = _json(ra, "--graph", mini_path, "--as-of", "2026-07-01")
    assert r.code == 1
    assert data["conforms"] is False
    assert data["as_of"] == "2026-07-01"
    assert _rows(data) == MINI_AS_OF
    assert data["checked"] == {"arrangements": 2, "sections": 4, "clauses": 8, "commitments": 11}


def test_mini_result_fields(ra, mini_path):
    _, data = _json(ra, "--graph", mini_path, "--as-of", "2026-07-01")
    by_clause = {(x["clause"], x["constraint"]): x for x in data["results"]}
    agenda = by_clause[("groningen-2025/2.4/agenda-1", "responsible-party")]
    assert agenda["focus"] == RAI + "groningen-2025/2.4/agenda-1"
    assert agenda["shape"] == "https://w3id.org/ra-graph/shapes#ResponsiblePartyShape"
    assert agenda["text"].startswith("Daar waar ruimtelijke ambities extra zoet water vragen")
    assert agenda["message"].startswith("No responsible party")
    assert agenda["message_nl"].startswith("Geen verantwoordelijke partij")
    assert agenda["parties"] == [{"commitment": RAI + "groningen-2025/2.4/agenda-1/c1", "obligors": [],
                                  "beneficiaries": [], "carried_by": [], "requested_by": [],
                                  "modality": "Statement", "due_by": None}]
    # A commitment-level result is walked back to its clause.
    overdue = by_clause[("drenthe-2025/3.7/1", "overdue")]
    assert overdue["focus"] == RAI + "drenthe-2025/3.7/1/c1"
    assert overdue["commitment"] == RAI + "drenthe-2025/3.7/1/c1"
    assert overdue["value"] == "2025-08-31"
    assert [p["commitment"] for p in overdue["parties"]] == [RAI + "drenthe-2025/3.7/1/c1"]
    assert overdue["ministries"] == [{"iri": RAI + "rijk", "label": "Rijk"}]
    drinkwater = by_clause[("groningen-2025/2.4/drinkwater-2", "reciprocity")]
    assert "Rijk" in drinkwater["message"]
    assert drinkwater["parties"][0]["obligors"] == [{"iri": RAI + "provincie-groningen", "label": "Groningen"}]
    veenweide = by_clause[("groningen-2025/2.4/veenweide-4", "reciprocity")]
    assert "province" in veenweide["message"]
    assert [m["label"] for m in veenweide["ministries"]] == ["IenW", "LVVN", "VRO"]
    balance = [x for x in data["results"] if x["constraint"] == "reciprocity-balance"]
    assert [(x["section"], x["rijk_commitments"], x["province_commitments"]) for x in balance] == [
        ("3.1", 2, 2), ("3.7", 1, 1), ("2.1", 1, 1), ("2.4", 1, 1)]
    assert balance[0]["message_nl"] == "Paragraaf 3.1: 2 verplichting(en) van Rijkszijde, 2 van de provincie."


@pytest.mark.parametrize(("as_of", "overdue"), [("2025-08-30", []), ("2025-08-31", []),
                                               ("2025-09-01", [("Warning", "drenthe-2025/3.7/1", "2025-08-31")])])
def test_as_of_day_boundary(ra, mini_path, as_of, overdue):
    """drenthe-2025/3.7/1 c1 is due 2025-08-31: due, not overdue, on that day; overdue the day after."""
    _, data = _json(ra, "--graph", mini_path, "--as-of", as_of)
    found = [(x["severity"], x["clause"], x["value"]) for x in data["results"] if x["constraint"] == "overdue"]
    assert found == overdue


def test_no_deadline_checks_without_as_of(ra, mini_path):
    _, data = _json(ra, "--graph", mini_path)
    assert data["as_of"] is None
    assert "overdue" not in {x["constraint"] for x in data["results"]}
    assert len(data["results"]) == len(MINI_AS_OF) - 1


def test_severity_filter(ra, mini_path):
    r, data = _json(ra, "--graph", mini_path, "--severity", "Violation")
    assert r.code == 1
    assert _rows(data) == [MINI_AS_OF[-1]]
    _, data = _json(ra, "--graph", mini_path, "--severity", "warning", "--as-of", "2026-07-01")
    assert {x["severity"] for x in data["results"]} == {"Violation", "Warning"}
    assert len(data["results"]) == 6


def test_exit_0_when_only_warnings_and_info(ra):
    r, data = _json(ra, "--graph", SHAPES_FIXTURES / "_base.ttl")
    assert r.code == 0, r.err
    assert data["conforms"] is True
    assert [x["constraint"] for x in data["results"]] == ["reciprocity-balance"]
    # Warnings alone still conform.
    report = run(_with_base("reciprocity.bad.ttl"))
    assert {f.severity for f in report.findings} == {"Warning", "Info"}
    assert report.conforms is True


def _with_base(name: str) -> Graph:
    graph = Graph()
    graph.parse(SHAPES_FIXTURES / "_base.ttl")
    graph.parse(SHAPES_FIXTURES / name)
    return graph


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "01-07-2026", "2026-7-1", "20260701", ""])
def test_bad_as_of_exit_2(ra, mini_path, value):
    r = ra("validate", "--graph", mini_path, "--as-of", value)
    assert r.code == 2
    assert "--as-of" in r.err and r.out == ""
    assert len(r.err.strip().splitlines()) == 1


def test_parse_as_of():
    assert parse_as_of("2026-07-01").isoformat() == "2026-07-01"
    assert parse_as_of(None) is None


@pytest.mark.parametrize("value", ["20260701", "2026-W27-3", "2026-07-01T00:00"])
def test_parse_as_of_is_the_strict_iso_reader(value):
    # date.fromisoformat would accept these on Python 3.11+; ra_graph.core.isodate does not.
    with pytest.raises(RaGraphError) as err:
        parse_as_of(value)
    assert err.value.message == f"--as-of: '{value}' is not a date (YYYY-MM-DD)"


def test_bad_as_of_message(ra, mini_path):
    r = ra("validate", "--graph", mini_path, "--as-of", "2026-02-30")
    assert r.code == 2
    assert "--as-of: '2026-02-30' is not a date (YYYY-MM-DD)" in r.err


def test_missing_and_broken_graph_exit_2(ra, tmp_path):
    r = ra("validate", "--graph", tmp_path / "nope.trig")
    assert r.code == 2 and "nope.trig" in r.err and "not found" in r.err
    broken = tmp_path / "broken.trig"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    r = ra("validate", "--graph", broken)
    assert r.code == 2 and "broken.trig" in r.err


def test_broken_shapes_exit_2(ra, mini_path, tmp_path, monkeypatch):
    bad = tmp_path / "shapes.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n\nsh:x sh:y sh:z .\nthis is not turtle\n",
                   encoding="utf-8")
    monkeypatch.setattr(paths, "SHAPES", bad)
    r = ra("validate", "--graph", mini_path)
    assert r.code == 2
    assert f"{bad}:4: not valid Turtle" in r.err  # file and line of the error (compile.read_turtle)
    assert "b'" not in r.err  # no raw parser buffer in the message
    assert len(r.err.strip().splitlines()) == 1


def test_missing_shapes_exit_2(ra, mini_path, tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "SHAPES", tmp_path / "shapes.ttl")
    r = ra("validate", "--graph", mini_path)
    assert r.code == 2
    assert r.err == f"ra-graph: {tmp_path / 'shapes.ttl'}: shapes file not found\n"


def test_broken_ontology_exit_2(ra, mini_path, tmp_path, monkeypatch):
    bad = tmp_path / "ra.ttl"
    bad.write_text("@prefix ra: <https://w3id.org/ra-graph/def#> .\nra:X a ra:Y\n", encoding="utf-8")
    monkeypatch.setattr(paths, "ONTOLOGY", bad)
    r = ra("validate", "--graph", mini_path)
    assert r.code == 2
    assert f"{bad}:3: not valid Turtle" in r.err


def test_out_into_missing_directory_exit_2(ra, mini_path, tmp_path):
    target = tmp_path / "missing" / "report.html"
    r = ra("validate", "--graph", mini_path, "--format", "html", "--out", target)
    assert r.code == 2
    assert "does not exist" in r.err
    assert not target.exists() and not target.parent.exists()


def test_out_writes_whole_file(ra, mini_path, tmp_path):
    target = tmp_path / "report.json"
    r = ra("validate", "--graph", mini_path, "--format", "json", "--out", target)
    assert r.code == 1 and r.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["conforms"] is False
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left behind


def test_ttl_is_the_shacl_report(ra, mini_path):
    r = ra("validate", "--graph", mini_path, "--format", "ttl", "--as-of", "2026-07-01")
    assert r.code == 1
    report = Graph().parse(data=r.out, format="turtle")
    (top,) = report.subjects(SH.conforms, None)
    assert report.value(top, SH.conforms).toPython() is False
    results = list(report.objects(top, SH.result))
    assert len(results) == len(MINI_AS_OF)
    severities = sorted(str(report.value(x, SH.resultSeverity)).rsplit("#", 1)[1] for x in results)
    assert severities == sorted(row[0] for row in MINI_AS_OF)


def test_run_accepts_path_store_dataset_and_graph(mini_path):
    expected = [(f.constraint, f.clause) for f in run(mini_path).findings]
    assert expected
    assert [(f.constraint, f.clause) for f in run(open_graph(mini_path)).findings] == expected
    ds = Dataset()
    ds.parse(mini_path, format="trig")
    assert [(f.constraint, f.clause) for f in run(ds).findings] == expected


def test_declared_term_reported_with_location():
    report = run(_with_base("declared-term.bad.ttl"), ontology_path=SHAPES_FIXTURES / "_ontology.ttl")
    found = [(f.constraint, f.clause, f.value, f.severity) for f in report.findings if f.constraint == "declared-term"]
    assert found == [
        ("declared-term", "x/1/1", "https://w3id.org/ra-graph/def#priority", "Violation"),
        ("declared-term", "x/1/1", "https://w3id.org/ra-graph/def#Wish", "Violation"),
    ]
    assert report.conforms is False


def test_mini_uses_only_declared_terms_of_the_real_ontology(mini_path):
    assert paths.ONTOLOGY.is_file()  # run() skips the declared-term check without it
    assert [f for f in run(mini_path).findings if f.constraint == "declared-term"] == []


def test_reciprocity_balance_counts_a_commitment_for_each_side_among_its_obligors():
    # Base section 1: c1 (Rijk) and c2 (province).  Added: one commitment with obligors on both
    # sides, which counts for both (analyse.reciprocity counts it for the Rijk only).
    graph = _with_base("reciprocity-balance.info.ttl")
    graph.parse(data="""
        @prefix ra: <https://w3id.org/ra-graph/def#> .
        @prefix rai: <https://w3id.org/ra-graph/id/> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @base <https://w3id.org/ra-graph/id/x-2025/1/> .
        <j> a ra:Clause ; dcterms:identifier "x/1/j" ; ra:number "j" ; ra:inArrangement rai:x-2025 ;
          ra:inSection <../1> ; ra:clauseKind ra:Agreement ; ra:sourceLine 30 ;
          ra:text "IenW en provincie X doen het samen."@nl ; ra:hasCommitment <j/c1> .
        <j/c1> a ra:Commitment ; ra:obligor rai:ienw, rai:provincie-x ; ra:modality ra:Effort ;
          ra:basis ra:FromText .
    """, format="turtle")
    report = run(graph, ontology_path=SHAPES_FIXTURES / "_ontology.ttl")
    balance = {f.section: f for f in report.findings if f.constraint == "reciprocity-balance"}
    assert balance["1"].extra == {"rijk_commitments": 3, "province_commitments": 2, "commitments": 4}
    assert balance["1"].message == "Section 1: 3 Rijk-side commitment(s), 2 province-side."
    assert balance["2"].extra == {"rijk_commitments": 0, "province_commitments": 0, "commitments": 1}
