"""``ra-graph query``: stored and own queries, parameters, errors, formats."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import ROOT


def test_stored_query_json_with_label_objects(ra, mini_path):
    r = ra("query", "requests", "--graph", mini_path, "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out) == [{
        "clause": "groningen-2025/2.4/drinkwater-2", "arrangement": "groningen-2025", "section": "2.4", "line": 437,
        "requested_by": {"iri": "https://w3id.org/ra-graph/id/rijk", "label": "Rijk"},
        "asked": {"iri": "https://w3id.org/ra-graph/id/provincie-groningen", "label": "Groningen"},
        "modality": "Request",
        "text": "Het Rijk vraagt Provincie Groningen om drinkwaterbeschikbaarheid mee te nemen als randvoorwaarde "
                "bij nieuwe ontwikkelingen van de woningbouw.",
    }]


def test_params_are_bound(ra, mini_path):
    r = ra("query", "deadlines-between", "--graph", mini_path, "--param", "from=2025-08-01",
           "--param", "to=2025-09-30", "--format", "csv")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert [(row["clause"], row["obligor"], row["due_by"], row["commitment"]) for row in rows] == [
        ("drenthe-2025/3.7/1", "Rijk", "2025-08-31", "rai:drenthe-2025/3.7/1/c1")]


def test_table_is_aligned_and_uses_labels(ra, mini_path):
    r = ra("query", "programmes-per-ministry", "--graph", mini_path)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["ministry", "programme", "owner", "commitments"]
    assert lines[2].split() == ["IenW", "Deltaprogramma", "Zoetwater", "yes", "2"]
    assert lines[-1].split() == ["VRO", "NOVEX", "yes", "0"]
    # columns line up: every row's 'owner' cell starts where the header's does
    col = lines[0].index("owner")
    assert all(line[col:col + 3] in ("yes", "no ") for line in lines[2:])


def test_own_query_file_with_standard_prefixes(ra, mini_path, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("# param: who actor — someone\nSELECT ?programme WHERE { ?programme ra:owner ?who }\n"
                  "ORDER BY ?programme\n", encoding="utf-8")
    r = ra("query", rq, "--graph", mini_path, "--param", "who=VRO", "--format", "json")
    assert r.code == 0, r.err
    assert [row["programme"]["label"] for row in json.loads(r.out)] == ["Nota Ruimte", "NOVEX"]


def test_ask_query(ra, mini_path, tmp_path):
    rq = tmp_path / "ask.rq"
    rq.write_text("ASK { rai:rws org:subOrganizationOf+ rai:rijk }\n", encoding="utf-8")
    r = ra("query", rq, "--graph", mini_path, "--format", "json")
    assert (r.code, json.loads(r.out)) == (0, True)


def test_unknown_query_lists_available(ra, mini_path):
    r = ra("query", "owe", "--graph", mini_path)
    assert r.code == 2
    assert "unknown query 'owe'" in r.err and "owes" in r.err and "one-sided" in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err


def test_missing_param_is_named(ra, mini_path):
    r = ra("query", "owes", "--graph", mini_path, "--param", "debtor=LVVN")
    assert r.code == 2
    assert r.err.startswith("ra-graph: --param creditor: missing")


def test_unknown_param_is_named(ra, mini_path):
    r = ra("query", "requests", "--graph", mini_path, "--param", "actor=LVVN")
    assert r.code == 2
    assert "--param actor: unknown parameter of query 'requests'" in r.err


def test_ill_typed_param_is_named(ra, mini_path):
    r = ra("query", "deadlines-between", "--graph", mini_path, "--param", "from=2025-01-01",
           "--param", "to=soon")
    assert r.code == 2
    assert "--param to: 'soon' is not a date (YYYY-MM-DD)" in r.err


def test_malformed_param(ra, mini_path):
    r = ra("query", "requests", "--graph", mini_path, "--param", "justtext")
    assert r.code == 2 and "expected NAME=VALUE" in r.err


def test_unknown_actor_lists_close_matches(ra, mini_path):
    r = ra("query", "commitments-of", "--graph", mini_path, "--param", "actor=LVV")
    assert r.code == 2 and "unknown actor 'LVV'" in r.err and "lvvn" in r.err


def test_syntax_error_names_file_line_column(ra, mini_path, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("# a comment line\nSELECT ?x WHERE {\n  ?x ra:p ?o ;\n    ?o }\n", encoding="utf-8")
    r = ra("query", rq, "--graph", mini_path)
    assert r.code == 2
    # file:line:column as pyoxigraph reports it (where its parser gave up), then the problem
    assert re.search(rf"^ra-graph: {re.escape(str(rq))}:\d+:\d+: SPARQL syntax error: expected ", r.err)
    assert r.err.count("\n") == 1


def test_update_is_not_a_query(ra, mini_path, tmp_path):
    rq = tmp_path / "drop.rq"
    rq.write_text("DROP ALL\n", encoding="utf-8")
    r = ra("query", rq, "--graph", mini_path)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: {rq}:1:1: DROP is an update: ra-graph is read-only and runs queries only "
                     "(SELECT, ASK, CONSTRUCT, DESCRIBE)\n")


def test_injection_in_actor_param_is_an_error_not_a_query(ra, mini_path):
    r = ra("query", "commitments-of", "--graph", mini_path, "--param", "actor=rai:lvvn> } ; DROP ALL ; #")
    assert r.code == 2 and "--param actor" in r.err and r.out == ""


def test_missing_query_file(ra, mini_path, tmp_path):
    r = ra("query", tmp_path / "nope.rq", "--graph", mini_path)
    assert r.code == 2 and "query file not found" in r.err


def test_undeclared_prefix_is_one_line(ra, mini_path, tmp_path):
    rq = tmp_path / "prefix.rq"
    rq.write_text("SELECT ?x WHERE {\n ?x foo:p ?o .\n}\n", encoding="utf-8")
    r = ra("query", rq, "--graph", mini_path)
    assert r.code == 2 and f"{rq}:2:" in r.err and "undeclared prefix" in r.err and r.err.count("\n") == 1


def test_stray_file_in_cwd_does_not_shadow_a_stored_query(ra, mini_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "owes").write_text("not a query\n", encoding="utf-8")
    r = ra("query", "owes", "--graph", mini_path, "--param", "debtor=LVVN", "--param", "creditor=Groningen",
           "--format", "json")
    assert r.code == 0, r.err
    assert [row["clause"] for row in json.loads(r.out)] == ["groningen-2025/2.4/veenweide-4"]


def test_path_with_separator_is_an_own_query_file(ra, mini_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").write_text("ASK { rai:rws org:subOrganizationOf+ rai:rijk }\n", encoding="utf-8")
    r = ra("query", "./mine", "--graph", mini_path, "--format", "json")
    assert (r.code, json.loads(r.out)) == (0, True)
    r = ra("query", "sub/owes", "--graph", mini_path)
    assert (r.code, r.err) == (2, "ra-graph: sub/owes: query file not found\n")


@pytest.mark.parametrize("value", ["20250101", "2025-W01-1", "2025-1-1"])
def test_date_param_is_strictly_yyyy_mm_dd(ra, mini_path, value):
    r = ra("query", "deadlines-between", "--graph", mini_path, "--param", f"from={value}",
           "--param", "to=2025-12-31")
    assert (r.code, r.out, r.err) == (2, "", f"ra-graph: --param from: '{value}' is not a date (YYYY-MM-DD)\n")


def test_non_utf8_query_file_names_file_and_line(ra, mini_path, tmp_path):
    rq = tmp_path / "latin1.rq"
    rq.write_bytes("# title: café\nSELECT ?x WHERE { ?x skos:prefLabel \"café\" }\n".encode("latin-1"))
    r = ra("query", rq, "--graph", mini_path)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith(f"ra-graph: {rq.resolve()}:1: not UTF-8") and r.err.count("\n") == 1, r.err


def test_syntax_error_lists_only_the_first_expected_tokens(ra, mini_path, tmp_path):
    rq = tmp_path / "cut.rq"
    rq.write_text("SELECT ?x WHERE { ?x", encoding="utf-8")
    r = ra("query", rq, "--graph", mini_path)
    assert r.code == 2
    assert re.fullmatch(rf'ra-graph: {re.escape(str(rq))}:1:21: SPARQL syntax error: '
                        r'expected one of (".", ){4}"." … \(\d+ more\)\n', r.err), r.err


def test_list_names_titles_and_parameters(ra, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    r = ra("query", "--list", "--format", "json")
    assert r.code == 0, r.err
    listing = {q["name"]: q for q in json.loads(r.out)}
    assert list(listing) == ["by-location", "by-programme", "commitments-of", "deadlines", "deadlines-between",
                             "deadlines-moved", "dropped-between", "earlier-agreements", "modality-per-arrangement",
                             "no-responsible-party", "one-sided", "owes", "programmes-per-ministry", "requests"]
    assert [(p["name"], p["type"], p["optional"]) for p in listing["owes"]["params"]] == [
        ("debtor", "actor", False), ("creditor", "actor", False), ("as_of", "date", True),
        ("modality", "modality", True), ("programme", "programme", True), ("in_arrangement", "arrangement", True)]
    assert listing["owes"]["example"] == {"debtor": "Rijk", "creditor": "Groningen"}
    table = ra("query", "--list").out.split("\n")
    assert table[:4] == [
        "name                      parameters",
        "------------------------  " + "-" * 71,
        "by-location               location",
        "    Welke afspraken gaan over locatie L (of een plek daarbinnen)? / Which agreements concern locati…"]
    owes = table.index("owes                      debtor; creditor; as_of (optional); modality (optional);")
    assert table[owes + 1:owes + 3] == [
        "                          programme (optional); in_arrangement (optional)",
        "    Wat is actor A verschuldigd aan actor B? / What does actor A owe actor B?"]


def test_show_prints_the_bound_query_that_runs_anywhere(ra, mini_path, mini_store):
    r = ra("query", "owes", "--show", "--graph", mini_path, "--param", "debtor=LVVN", "--param", "creditor=Groningen")
    assert r.code == 0, r.err
    text = (ROOT / "queries" / "owes.rq").read_text(encoding="utf-8")
    end = text.rindex("}\nORDER BY")  # the block goes at the end of the WHERE group
    assert r.out == text[:end] + (" VALUES (?debtor ?creditor) { (<https://w3id.org/ra-graph/id/lvvn> "
                                  "<https://w3id.org/ra-graph/id/provincie-groningen>) } ") + text[end:]
    rows = list(mini_store.query(r.out, use_default_graph_as_union=True))  # no prefixes needed
    assert [row["clause"].value for row in rows] == ["groningen-2025/2.4/veenweide-4"]


def test_show_declares_the_standard_prefixes_an_own_file_uses(ra, mini_path, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text('SELECT ?x WHERE { ?x a ra:Clause ; dcterms:identifier "a:b" }\n', encoding="utf-8")
    assert ra("query", rq, "--show", "--graph", mini_path).out == (
        "PREFIX ra: <https://w3id.org/ra-graph/def#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
        'SELECT ?x WHERE { ?x a ra:Clause ; dcterms:identifier "a:b" }\n')


@pytest.mark.parametrize(("args", "message"), [
    (("--list", "owes"), "ra-graph query: --list takes no QUERY, --param or --show\n"),
    ((), "ra-graph query: missing QUERY: a stored query's name or a .rq file (--list shows the stored ones)\n"),
])
def test_list_and_query_usage_errors(ra, args, message):
    r = ra("query", *args)
    assert (r.code, r.out, r.err) == (2, "", message)


# -- questions about versions that cannot mislead (issue #21, item 7) ------------------------------

def test_the_same_version_twice_is_refused(ra):
    r = ra("query", "dropped-between", "--param", "old=drenthe-2025", "--param", "new=drenthe")
    assert (r.code, r.out) == (2, "")
    assert r.err.split("\n")[-2] == (
        "ra-graph: --param old drenthe-2025 and --param new drenthe are the same version, drenthe-2025: query "
        "'dropped-between' compares an earlier version with a later one (e.g. old=drenthe-2025 new=<a later "
        "drenthe version>); the graph holds no other version of drenthe (add and build one first)")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("drenthe-2026", "drenthe-2026", "are the same version, drenthe-2026: query 'dropped-between' compares an "
                                     "earlier version with a later one (e.g. old=drenthe-2026 new=<a later drenthe "
                                     "version>); the graph holds drenthe-2025 too"),
    ("drenthe-2026", "drenthe-2025", "drenthe-2026 is not earlier than drenthe-2025; give the earlier version as old"),
    ("drenthe-2025", "groningen-2025", "are arrangements of two provinces (drenthe-2025, groningen-2025): query "
                                       "'dropped-between' compares two versions of one province's arrangement"),
])
def test_versions_that_would_answer_another_question_are_refused(ra, two_drenthes, old, new, message):
    r = ra("query", "dropped-between", "--graph", two_drenthes, "--param", f"old={old}", "--param", f"new={new}")
    assert (r.code, r.out) == (2, "") and message in r.err and r.err.count("\n") == 1


def test_the_readme_example_answers_on_a_renewal(ra, two_drenthes):
    r = ra("query", "dropped-between", "--graph", two_drenthes, "--param", "old=drenthe-2025",
           "--param", "new=drenthe", "--format", "json")
    assert r.code == 0
    assert [row["clause"] for row in json.loads(r.out)] == ["drenthe-2025/3.3/2"]


@pytest.mark.parametrize("name", ["deadlines-moved", "dropped-between"])
def test_an_empty_answer_that_follows_from_the_graph_is_explained(ra, name):
    args = ["--param", "old=drenthe-2025", "--param", "new=groningen-2025"] if name == "dropped-between" else []
    if args:  # refused before it runs: two provinces
        assert ra("query", name, *args).code == 2
        return
    r = ra("query", name)
    assert (r.code, r.out) == (0, "(no rows)\n")
    assert r.err == ("ra-graph: query deadlines-moved: from every version (2 arrangement(s)): the question compares "
                     "versions\n"
                     "ra-graph: deadlines-moved: no answer can come from this graph: it holds one version per "
                     "province (drenthe-2025, groningen-2025), so no clause is a revision of another; build a later "
                     "version of an arrangement to compare (ra-graph add, ra-graph build)\n")


def test_an_empty_answer_on_a_renewal_is_not_explained_away(ra, two_drenthes):
    r = ra("query", "deadlines-moved", "--graph", two_drenthes, "--param", "in_arrangement=groningen-2025")
    assert (r.code, r.out) == (0, "(no rows)\n") and "no answer can come" not in r.err
