"""``ra-graph owes``: exact rows on mini.trig, worked out by reading it."""

from __future__ import annotations

import json

import pytest

RAI = "https://w3id.org/ra-graph/id/"


def obj(local: str, label: str) -> dict:
    return {"iri": RAI + local, "label": label}


def owes(ra, mini_path, *args):
    r = ra("owes", "--graph", mini_path, *args, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def brief(rows):
    return [(r["clause"], r["obligor"]["label"], (r["carried_by"] or {}).get("label"), r["beneficiary"]["label"],
             r["via"]) for r in rows]


def test_rijk_owes_groningen_full_rows(ra, mini_path):
    rows = owes(ra, mini_path, "Rijk", "Groningen")
    assert rows[0] == {
        "clause": "groningen-2025/2.1/3", "arrangement": "groningen-2025", "section": "2.1", "line": 160,
        "text": "Het Rijk en de provincie Groningen gaan in 2026 met elkaar in gesprek over de financiële regelingen.",
        "obligor": obj("rijk", "Rijk"), "carried_by": obj("vro", "VRO"),
        "beneficiary": obj("provincie-groningen", "Groningen"), "modality": "Dialogue", "due_by": "2026-12-31",
        "basis": "FromText", "due_text": "in 2026", "via": "obligor",
        "commitment": RAI + "groningen-2025/2.1/3/c1",
    }
    assert list(rows[0])[:11] == ["clause", "arrangement", "section", "line", "text", "obligor", "carried_by",
                                  "beneficiary", "modality", "due_by", "basis"]
    assert brief(rows) == [
        ("groningen-2025/2.1/3", "Rijk", "VRO", "Groningen", "obligor"),
        ("groningen-2025/2.4/veenweide-4", "IenW", None, "Groningen", "obligor"),
        ("groningen-2025/2.4/veenweide-4", "LVVN", None, "Groningen", "obligor"),
        ("groningen-2025/2.4/veenweide-4", "VRO", None, "Groningen", "obligor"),
    ]


def test_lvvn_owes_groningen_only_its_own_row(ra, mini_path):
    assert brief(owes(ra, mini_path, "LVVN", "provincie Groningen")) == [
        ("groningen-2025/2.4/veenweide-4", "LVVN", None, "Groningen", "obligor")]


def test_vro_owes_groningen_includes_what_it_carries(ra, mini_path):
    assert brief(owes(ra, mini_path, "rai:vro", "Groningen")) == [
        ("groningen-2025/2.1/3", "Rijk", "VRO", "Groningen", "carriedBy"),
        ("groningen-2025/2.4/veenweide-4", "VRO", None, "Groningen", "obligor"),
    ]


def test_groningen_owes_rijk(ra, mini_path):
    rows = owes(ra, mini_path, "Groningen", "Rijk")
    assert [(r["clause"], r["modality"], r["commitment"].rsplit("/", 1)[1]) for r in rows] == [
        ("groningen-2025/2.1/3", "Dialogue", "c2"), ("groningen-2025/2.4/drinkwater-2", "Request", "c1")]
    assert all(r["obligor"] == obj("provincie-groningen", "Groningen") for r in rows)


def test_beneficiary_side_includes_sub_organisations(ra, branch_path):
    """`owes Drenthe Rijk` includes what the province owes a ministry (OCW) or an agency three steps down."""
    assert [(r["clause"], r["beneficiary"]["label"]) for r in owes(ra, branch_path, "Drenthe", "Rijk")] == [
        ("drenthe-2025/3.1/1.1", "Rijk"),
        ("drenthe-2025/3.1/1.6", "RWS Noord-Nederland"),  # under RWS, under IenW, under the Rijk
        ("drenthe-2025/3.1/eerder-2", "OCW"),
        ("drenthe-2025/3.7/1", "Rijk"),
        ("drenthe-2025/3.7/eerder-1", "Rijk"),
    ]
    # asking for IenW gives only what is owed below it; the Rijk itself is not under IenW
    assert [(r["clause"], r["beneficiary"]["label"]) for r in owes(ra, branch_path, "Drenthe", "IenW")] == [
        ("drenthe-2025/3.1/1.6", "RWS Noord-Nederland")]
    assert owes(ra, branch_path, "Drenthe", "OCW")[0]["clause"] == "drenthe-2025/3.1/eerder-2"
    assert len(owes(ra, branch_path, "Drenthe", "OCW")) == 1


def test_debtor_side_includes_sub_organisations_three_steps_down(ra, branch_path):
    assert brief(owes(ra, branch_path, "Rijk", "Drenthe")) == [
        ("drenthe-2025/3.1/1.1", "Rijk", "IenW", "Drenthe", "obligor"),
        ("drenthe-2025/3.1/1.6", "RWS Noord-Nederland", None, "Drenthe", "obligor"),
        ("drenthe-2025/3.1/1.7", "RWS Noord-Nederland", "IenW", "Drenthe", "obligor"),  # once, though IenW carries it
        ("drenthe-2025/3.1/eerder-1", "OCW", None, "Drenthe", "obligor"),
        ("drenthe-2025/3.7/1", "Rijk", None, "Drenthe", "obligor"),
        ("drenthe-2025/3.7/eerder-1", "Rijk", None, "Drenthe", "obligor"),
    ]


def test_rijk_owes_drenthe_via_ministries(ra, mini_path):
    assert brief(owes(ra, mini_path, "Rijk", "Drenthe")) == [
        ("drenthe-2025/3.1/1.1", "Rijk", "IenW", "Drenthe", "obligor"),
        ("drenthe-2025/3.1/eerder-1", "OCW", None, "Drenthe", "obligor"),
        ("drenthe-2025/3.7/1", "Rijk", None, "Drenthe", "obligor"),
    ]


def test_as_of_keeps_only_what_is_due_by_then(ra, mini_path):
    assert [r["clause"] for r in owes(ra, mini_path, "Rijk", "Drenthe", "--as-of", "2025-09-01")] == ["drenthe-2025/3.7/1"]
    # due on the as-of day itself counts as due by then; the day before it does not
    assert [r["clause"] for r in owes(ra, mini_path, "Rijk", "Drenthe", "--as-of", "2025-08-31")] == ["drenthe-2025/3.7/1"]
    assert owes(ra, mini_path, "Rijk", "Drenthe", "--as-of", "2025-08-30") == []
    assert [r["due_by"] for r in owes(ra, mini_path, "Rijk", "Groningen", "--as-of", "2026-12-31")] == ["2026-12-31"]


def test_modality_and_programme_filters(ra, mini_path):
    assert [r["clause"] for r in owes(ra, mini_path, "Rijk", "Drenthe", "--modality", "effort")] == ["drenthe-2025/3.1/1.1"]
    rows = owes(ra, mini_path, "Rijk", "Groningen", "--programme", "Deltaprogramma Zoet Water")
    assert {r["clause"] for r in rows} == {"groningen-2025/2.4/veenweide-4"} and len(rows) == 3
    assert owes(ra, mini_path, "Rijk", "Groningen", "--programme", "NOVEX") == []


def test_same_rows_as_the_stored_query(ra, mini_path):
    via_owes = owes(ra, mini_path, "VRO", "Groningen")
    r = ra("query", "owes", "--graph", mini_path, "--param", "debtor=VRO", "--param", "creditor=Groningen",
           "--format", "json")
    assert json.loads(r.out) == via_owes


def test_table_wraps_text_and_marks_carried_rows(ra, mini_path):
    r = ra("owes", "--graph", mini_path, "VRO", "Groningen")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["clause", "line", "obligor", "carried_by", "via", "beneficiary", "modality",
                                "due_by", "text"]
    assert lines[2].split()[:7] == ["groningen-2025/2.1/3", "160", "Rijk", "VRO", "carriedBy", "Groningen", "Dialogue"]
    assert len(lines) > 4  # the long text wrapped onto continuation lines


def test_csv(ra, mini_path):
    r = ra("owes", "--graph", mini_path, "LVVN", "Groningen", "--format", "csv")
    assert r.out.splitlines()[1].startswith("groningen-2025/2.4/veenweide-4,groningen-2025,2.4,468,")
    assert ",LVVN,,Groningen,Effort,,FromText," in r.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("LVV", "Groningen"), "DEBTOR: unknown actor 'LVV'; did you mean: lvvn?"),
        (("Rijk", "Groningn"), "CREDITOR: unknown actor 'Groningn'"),
        (("Rijk", "Groningen", "--as-of", "31-12-2026"), "--as-of: '31-12-2026' is not a date"),
        (("Rijk", "Groningen", "--modality", "Maybe"), "--modality: unknown modality 'Maybe'"),
        (("Rijk", "Groningen", "--programme", "Nope"), "--programme: unknown programme 'Nope'"),
    ],
)
def test_bad_input_exit_2(ra, mini_path, args, message):
    r = ra("owes", "--graph", mini_path, *args)
    assert r.code == 2
    assert message in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("value", ["20261231", "2026-W52-4", "2026-12-31T00:00"])
def test_as_of_is_strictly_yyyy_mm_dd(ra, mini_path, value):
    r = ra("owes", "--graph", mini_path, "Rijk", "Groningen", "--as-of", value)
    assert (r.code, r.out, r.err) == (2, "", f"ra-graph: --as-of: '{value}' is not a date (YYYY-MM-DD)\n")


def test_label_index_is_read_once_per_kind(mini_store, monkeypatch):
    from ra_graph.core import actors
    from ra_graph.query.owes import owes_command

    reads = []
    real = actors.labels
    monkeypatch.setattr(actors, "labels", lambda store, kind="actor": reads.append(kind) or real(store, kind))
    out = owes_command(mini_store, "Rijk", "Groningen", as_of=None, modality=None,
                       programme="Deltaprogramma Zoet Water", fmt="json")
    assert {r["clause"] for r in json.loads(out)} == {"groningen-2025/2.4/veenweide-4"}
    assert sorted(reads) == ["actor", "programme"]  # debtor and creditor share one actor index
