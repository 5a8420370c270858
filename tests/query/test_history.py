"""``ra-graph history``: one clause through every version, following the revision links."""

from __future__ import annotations

import json

RAI = "https://w3id.org/ra-graph/id/"
DRENTHE, RIJK = {"iri": RAI + "provincie-drenthe", "label": "Drenthe"}, {"iri": RAI + "rijk", "label": "Rijk"}
DEFENCE_AGENDA = ("In afstemming met Defensie en Economische zaken werkt de provincie Drenthe aan een Drentse "
                  "Defensie Agenda dat in elk geval ruimte voor innovatieve maakindustrie in Emmen (o.a. Rundedal) "
                  "omvat en de Veiligheidscampus in Assen. Het is de bedoeling deze in {} aan te kunnen bieden aan "
                  "het Rijk.")


def _history(ra, graph, clause):
    r = ra("history", clause, "--graph", graph, "--format", "json")
    return r, json.loads(r.out) if r.code == 0 else None


def test_each_version_with_its_wording_parties_and_score(ra, two_drenthes):
    r, entries = _history(ra, two_drenthes, "drenthe-2025/3.3/9")
    assert (r.code, r.err) == (0, "")
    assert [(e["arrangement"], e["clause"], e["line"], e["score"], e["text"]) for e in entries] == [
        ("drenthe-2025", "drenthe-2025/3.3/9", 386, None, DEFENCE_AGENDA.format("augustus 2025")),
        ("drenthe-2026", "drenthe-2026/3.3/8", 382, 0.916, DEFENCE_AGENDA.format("maart 2026")),
    ]
    assert [[(c["obligors"], c["beneficiaries"], c["modality"], c["due_by"], c["due_text"]) for c in e["commitments"]]
            for e in entries] == [
        [([DRENTHE], [RIJK], "Effort", "2025-08-31", "in augustus 2025")],
        [([DRENTHE], [RIJK], "Effort", "2026-03-31", "in maart 2026")],
    ]
    # any clause of the line gives the whole line
    assert _history(ra, two_drenthes, "drenthe-2026/3.3/8")[1] == entries


def test_a_changed_party_shows_in_its_version(ra, two_drenthes):
    _, entries = _history(ra, two_drenthes, "drenthe-2026/3.3/7")
    assert [(e["clause"], e["score"], [(c["obligors"], c["beneficiaries"]) for c in e["commitments"]])
            for e in entries] == [
        ("drenthe-2025/3.3/8", None, [([DRENTHE], [RIJK])]),
        ("drenthe-2026/3.3/7", 0.996, [([RIJK], [DRENTHE])]),
    ]


def test_short_id_where_every_version_with_that_number_is_one_line(ra, two_drenthes):
    r, entries = _history(ra, two_drenthes, "drenthe/3.3/1")
    assert r.code == 0
    assert [e["clause"] for e in entries] == ["drenthe-2025/3.3/1", "drenthe-2026/3.3/1"]


def test_short_id_of_different_clauses_is_ambiguous(ra, two_drenthes):
    r, _ = _history(ra, two_drenthes, "drenthe/3.3/9")
    assert (r.code, r.out) == (2, "")
    assert r.err == ("ra-graph: CLAUSE: 'drenthe/3.3/9' is ambiguous: drenthe-2025/3.3/9, drenthe-2026/3.3/9 are "
                     "different clauses (numbers change between versions); give the full id\n")


def test_where_a_line_starts_or_ends_is_said(ra, two_drenthes):
    r, entries = _history(ra, two_drenthes, "drenthe-2025/3.3/2")
    assert [e["clause"] for e in entries] == ["drenthe-2025/3.3/2"]
    assert r.err == "ra-graph: drenthe-2025/3.3/2 was dropped: no clause of drenthe-2026 aligns with it\n"
    r, entries = _history(ra, two_drenthes, "drenthe-2026/3.3/9")
    assert [e["clause"] for e in entries] == ["drenthe-2026/3.3/9"]
    assert r.err == "ra-graph: drenthe-2026/3.3/9 is new in drenthe-2026: no clause of drenthe-2025 aligns with it\n"
    r, entries = _history(ra, two_drenthes, "groningen/2.1/3")
    assert ([e["clause"] for e in entries], r.err) == (["groningen-2025/2.1/3"], "")


def test_table(ra, two_drenthes, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    r = ra("history", "drenthe-2025/3.3/9", "--graph", two_drenthes)
    lines = r.out.split("\n")
    assert lines[0].split() == ["arrangement", "clause", "line", "score", "change", "what", "parties"]
    assert lines[3:5] == [  # the text: beneath  # each version's wording in full
        "    In afstemming met Defensie en Economische zaken werkt de provincie Drenthe aan een Drentse",
        "    Defensie Agenda dat in elk geval ruimte voor innovatieve maakindustrie in Emmen (o.a. Rundedal)"]
    assert lines[2].split()[:6] == ["drenthe-2025", "drenthe-2025/3.3/9", "386", "first", "Drenthe", "->"]
    assert [line.split()[:8] for line in lines if line.startswith("drenthe-2026")] == [
        ["drenthe-2026", "drenthe-2026/3.3/8", "382", "0.916", "changed", "due", "by:", "2025-08-31"]]
    _, entries = _history(ra, two_drenthes, "drenthe-2025/3.3/9")
    assert [(e["change"], list(e["fields"])) for e in entries] == [(None, []), ("changed", ["due_by"])]


def test_mini_with_a_renewal(ra, mini_path, tmp_path):
    graph = tmp_path / "renewed.trig"
    revisions = mini_path.parent / "revisions.trig"
    graph.write_text(mini_path.read_text(encoding="utf-8") + "\n" + revisions.read_text(encoding="utf-8"),
                     encoding="utf-8")
    _, entries = _history(ra, graph, "drenthe/3.7/1")
    assert [(e["clause"], e["score"], [c["due_by"] for c in e["commitments"]]) for e in entries] == [
        ("drenthe-2025/3.7/1", None, ["2025-08-31", None]),
        ("drenthe-2026/3.7/1", 0.941, ["2026-06-30", None]),
    ]


def test_unknown_clause_is_one_line(ra, two_drenthes):
    r, _ = _history(ra, two_drenthes, "drenthe-2025/3.3/99")
    assert (r.code, r.out) == (2, "")
    assert r.err == ("ra-graph: CLAUSE: unknown clause 'drenthe-2025/3.3/99'; did you mean drenthe-2025/3.3/9, "
                     "drenthe-2026/3.3/9, drenthe-2025/3.3/8?\n")
    r, _ = _history(ra, two_drenthes, "nowhere/1/1")
    assert r.err == "ra-graph: CLAUSE: unknown clause 'nowhere/1/1'\n"
    r, _ = _history(ra, two_drenthes, "drenthe")
    assert r.err == ("ra-graph: CLAUSE: 'drenthe' is not a clause id (<arrangement>/<section>/<item>, "
                     "e.g. groningen-2025/2.4/veenweide-4)\n")
