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
        "commitment": RAI + "groningen-2025/2.1/3/c1", "rules": ["joint", "subject", "carried-by:section"],
        "curation_entry": None,
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
    assert json.loads(r.out) == [{k: v for k, v in row.items() if k not in ("rules", "curation_entry")}
                                 for row in via_owes]


def test_table_fits_the_terminal_marks_carried_rows_and_says_what_it_answered(ra, mini_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    r = ra("owes", "--graph", mini_path, "VRO", "Groningen")
    assert r.code == 0, r.err
    assert r.out == (
        "clause                          line  parties                   modality  due_by      basis\n"
        "------------------------------  ----  ------------------------  --------  ----------  -----\n"
        "groningen-2025/2.1/3            160   Rijk (carried by VRO) ->  Dialogue  2026-12-31  text\n"
        "                                      Groningen\n"
        "    Het Rijk en de provincie Groningen gaan in 2026 met elkaar in gesprek over de financiële regeli…\n"
        "groningen-2025/2.4/veenweide-4  468   VRO -> Groningen          Effort                text\n"
        "    LVVN, IenW en VRO intensiveren de samenwerking met de provincie Groningen over het veenweidegeb…\n")
    assert r.err == ("ra-graph: owes: what VRO (rai:vro) owes Groningen (rai:provincie-groningen), "
                     "sub-organisations included, from each province's latest arrangement, the one in force "
                     "(drenthe-2025, groningen-2025); no older versions in the graph: 2 row(s), 2 commitment(s)\n")


def test_wide_table_shows_the_text_in_full_and_beside_when_there_is_room(ra, mini_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "150")
    r = ra("owes", "--graph", mini_path, "Rijk", "Drenthe", "--wide")
    assert r.out == (
        "clause                     line  parties                 modality  due_by      basis                 text\n"
        "-------------------------  ----  ----------------------  ---"
        "-----  ----------  --------------------  -------------------------------------------------\n"
        "drenthe-2025/3.1/1.1       133   Rijk (IenW) -> Drenthe  Effort                text                  "
        "Rijk en de provincie Drenthe werken met\n"
        "                                                                                                     "
        "gemeenten, waterschappen, Rijkswaterstaat en\n"
        "                                                                                                     "
        "verschillende maatschappelijke organisaties samen\n"
        "                                                                                                     "
        "in het Deltaprogramma Zoetwater om weerbaarder te\n"
        "                                                                                                     "
        "worden tegen zoetwatertekort.\n"
        "drenthe-2025/3.1/eerder-1  243   OCW -> Drenthe          Research              text                  "
        "OCW gaat na of extra Rijksinzet mogelijk en\n"
        "                                                                                                     "
        "wenselijk is.\n"
        "drenthe-2025/3.7/1         827   Rijk -> Drenthe         Result    2025-08-31  rule passive-lead-in  "
        "Rijk en provincie spreken af dat zo snel mogelijk\n"
        "                                                                                                     "
        "na het vaststellen van de nota Ruimte voor\n"
        "                                                                                                     "
        "Defensie het gebiedsproces rondom uitbreiding\n"
        "                                                                                                     "
        "oefenterrein De Haar wordt opgepakt.\n")


def test_the_line_names_the_filters_and_the_chosen_arrangement(ra, mini_path):
    r = ra("owes", "--graph", mini_path, "Rijk", "Drenthe", "--modality", "Result", "--arrangement", "drenthe",
           "--as-of", "2025-12-31", "--programme", "Deltaprogramma Zoetwater", "--format", "json")
    assert (r.code, r.out) == (0, "[]\n")
    assert r.err == ("ra-graph: --arrangement drenthe: using drenthe-2025\n"
                     "ra-graph: owes: what Rijk (rai:rijk) owes Drenthe (rai:provincie-drenthe), sub-organisations "
                     "included, from drenthe-2025; due by 2025-12-31; modality Result; "
                     "programme Deltaprogramma Zoetwater: 0 row(s), 0 commitment(s)\n")
    every = ra("owes", "--graph", mini_path, "Drenthe", "Rijk", "--all-years", "--format", "csv")
    assert every.err.endswith("from every version (drenthe-2025, groningen-2025): 2 row(s), 2 commitment(s)\n")


def test_basis_names_the_rule_or_the_curation_entry(ra):
    """On the shipped graph: curated rows carry their entry, rule-based rows their rules."""
    rows = json.loads(ra("owes", "Groningen", "Rijk", "--format", "json").out)
    why = {(r["clause"], r["basis"], tuple(r["rules"]), r["curation_entry"])
           for r in rows if r["curation_entry"] or r["basis"] != "FromText"}
    assert why == {
        ("groningen-2025/2.2/5", "FromText", ("subject",), "groningen-2025.yaml:62"),
        ("groningen-2025/2.3/3", "FromText", ("joint", "subject"), "groningen-2025.yaml:45"),
        ("groningen-2025/2.3/4", "FromText", ("joint", "subject", "pronoun", "merge"), "groningen-2025.yaml:33"),
        ("groningen-2025/2.4/zoetwater-4", "FromRule", ("passive-lead-in", "joint"), None),
        ("groningen-2025/2.6/agenda-1", "FromRule", ("passive-lead-in", "joint", "condition"), None),
        ("groningen-2025/2.7/2.3", "FromRule", ("ellipsis (subject of groningen-2025/2.7/2.2)",), None),
    }
    assert len(rows) == 44 and sum(r["rules"] == [] for r in rows) == 0
    table = ra("owes", "Groningen", "Rijk", "--format", "csv").out.splitlines()
    assert table[0].endswith(",basis,due_text,via,commitment,rules,curation_entry")


def test_csv(ra, mini_path):
    r = ra("owes", "--graph", mini_path, "LVVN", "Groningen", "--format", "csv")
    assert r.out.splitlines()[1].startswith("groningen-2025/2.4/veenweide-4,groningen-2025,2.4,468,")
    assert ",LVVN,,Groningen,Effort,,FromText," in r.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("LVV", "Groningen"), "DEBTOR: unknown actor 'LVV'; did you mean: LVVN (rai:lvvn)?\n"),
        (("Rijk", "Groningn"),
         "CREDITOR: unknown actor 'Groningn'; did you mean: Groningen (rai:provincie-groningen)?\n"),
        (("Rijk", "Xyz"), "CREDITOR: unknown actor 'Xyz' and none is close "
                          "(name it by acronym, label or IRI, as in data/vocab/)\n"),
        (("waterstaat", "Groningen"),   # a word of their names
         "DEBTOR: unknown actor 'waterstaat'; did you mean: RWS (rai:rws), IenW (rai:ienw)?\n"),
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
