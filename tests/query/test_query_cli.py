"""``ra-graph query``: stored and own queries, parameters, errors, formats."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest


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
