"""Every stored query (queries/*.rq) against mini.trig, with exact expected rows.

Adding a .rq file adds a test case; a .rq without an expectations file in
tests/fixtures/queries/<name>.json fails.  The expected rows were worked out
by reading mini.trig (each file's "comment" says how); an expectations file
may name more fixture graphs to load with it ("graphs": ["revisions.trig"]).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ra_graph.core import paths
from ra_graph.core.namespaces import PREFIXES, RAI
from ra_graph.query import library
from ra_graph.query.results import result_rows

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXPECTED = FIXTURES / "queries"
NAMES = library.available(paths.QUERIES)


def with_graphs(store, name: str):
    """``store`` (mini.trig) plus the fixture graphs the query's expectations name."""
    import pyoxigraph as ox

    expected_file = EXPECTED / f"{name}.json"
    if expected_file.is_file():
        for graph in json.loads(expected_file.read_text(encoding="utf-8")).get("graphs", []):
            store.bulk_load(path=str(FIXTURES / graph), format=ox.RdfFormat.TRIG)
    return store


def normalise(value: object) -> object:
    """Actors etc. as ``rai:x`` (their label is checked separately), other IRIs shortened."""
    if isinstance(value, dict):
        assert set(value) == {"iri", "label"} and value["label"], value
        value = value["iri"]
    if isinstance(value, str) and value.startswith(RAI):
        return "rai:" + value[len(RAI):]
    return value


def run(store, name: str, params: dict[str, str]) -> tuple[list[str], list[list[object]]]:
    stored = library.find(name)
    text = library.bind(store, stored, params)
    columns, rows = result_rows(store, library.run(store, text, source=stored.path))
    return columns, [[normalise(row[c]) for c in columns] for row in rows]


def test_library_has_the_required_questions():
    required = {"owes", "commitments-of", "by-programme", "by-location", "one-sided", "no-responsible-party",
                "deadlines-between", "requests", "modality-per-arrangement", "programmes-per-ministry",
                "earlier-agreements", "deadlines", "dropped-between", "deadlines-moved"}
    assert required <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_stored_query_gives_expected_rows(name, mini_store):
    expected_file = EXPECTED / f"{name}.json"
    assert expected_file.is_file(), f"queries/{name}.rq has no expectations file {expected_file}"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    cases = [expected] + expected.get("more", [])
    with_graphs(mini_store, name)
    for case in cases:
        columns, rows = run(mini_store, name, case["params"])
        assert columns == expected["columns"]
        want = [list(r) for r in case["rows"]]
        if expected["ordered"]:
            assert rows == want, case["params"]
        else:
            key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
            assert sorted(rows, key=key) == sorted(want, key=key), case["params"]


@pytest.mark.parametrize("name", NAMES)
def test_header_states_question_and_parameters(name, mini_store):
    with_graphs(mini_store, name)
    stored = library.find(name)
    assert " / " in stored.title, "title: Dutch / English"
    for p in stored.params:
        assert p.type in library.TYPES and p.doc
    required = {p.name for p in stored.params if not p.optional}
    assert required <= set(stored.example), "the example binds every required parameter"
    # the example and the expectations use the same binding path
    library.bind(mini_store, stored, stored.example)


def test_values_block_goes_into_the_where_group(mini_store):
    stored = library.find("deadlines-between")
    text = library.bind(mini_store, stored, {"from": "2025-01-01", "to": "2025-12-31"})
    where = text.index("WHERE {")
    assert text[where:].startswith(
        'WHERE { VALUES (?from ?to) { ("2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> '
        '"2025-12-31"^^<http://www.w3.org/2001/XMLSchema#date>) } '
    )


def test_brace_in_comment_string_or_iri_is_not_taken_for_the_where_group(tmp_path):
    rq = tmp_path / "tricky.rq"
    rq.write_text(
        '# param: who string — a name\n'
        'PREFIX x: <http://example.org/{odd}>  # { not this\n'
        'SELECT ?s ("{" AS ?brace) WHERE { ?s skos:prefLabel ?who }\n',
        encoding="utf-8",
    )
    stored = library.load(rq)
    assert stored.text[stored.values_at - len("WHERE {"):stored.values_at] == "WHERE {"


@pytest.mark.parametrize(
    "value",
    ['x" } ; DROP ALL', "x' } INSERT DATA { <a> <b> <c> }", 'het Rijk"@nl } UNION { ?s ?p ?o',
     "\\\" } #", "a\n} SELECT * WHERE { ?s ?p ?o"],
)
def test_string_injection_is_only_a_literal(mini_store, value, tmp_path):
    rq = tmp_path / "by-label.rq"
    rq.write_text("# param: label string — a label\nSELECT ?x WHERE { ?x skos:altLabel ?label }\n",
                  encoding="utf-8")
    stored = library.load(rq)
    before = len(mini_store)
    text = library.bind(mini_store, stored, {"label": value})
    rows = list(library.run(mini_store, text))
    assert rows == []
    assert len(mini_store) == before


def test_string_parameter_matches_exactly(mini_store, tmp_path):
    rq = tmp_path / "by-label.rq"
    rq.write_text("# param: label string — a label\nSELECT ?x WHERE { ?x skos:altLabel ?label }\n",
                  encoding="utf-8")
    text = library.bind(mini_store, library.load(rq), {"label": "LVVN"})
    # language-tagged labels do not equal a plain string: no rows, but no error either
    assert [r["x"].value for r in library.run(mini_store, text)] == []


@pytest.mark.parametrize(
    ("ptype", "value", "message"),
    [
        ("iri", "http://a> } INSERT DATA { <a> <b> <c> } #", "is not an IRI"),
        ("iri", "not an iri", "is not an IRI"),
        ("date", "2025-13-01", "is not a date"),
        ("date", '2025-01-01"^^xsd:string } #', "is not a date"),
        ("integer", "1 } ; DROP ALL", "is not an integer"),
        ("modality", "Result> } INSERT", "unknown modality"),
        ("actor", "LVVN> } ; DROP ALL", "unknown actor"),
    ],
)
def test_typed_injection_is_refused(mini_store, ptype, value, message):
    param = library.Param("p", ptype)
    from ra_graph.core.errors import RaGraphError

    with pytest.raises(RaGraphError, match=message):
        library.term(mini_store, param, value)


def test_modality_and_typed_terms(mini_store):
    assert str(library.term(mini_store, library.Param("m", "modality"), "result")) == \
        "<https://w3id.org/ra-graph/def#Result>"
    assert str(library.term(mini_store, library.Param("a", "actor"), "rai:lvvn")) == \
        "<https://w3id.org/ra-graph/id/lvvn>"
    assert str(library.term(mini_store, library.Param("n", "integer"), "+7")) == \
        '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_a_bare_name_is_always_a_stored_query(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "owes").write_text("a stray file\n", encoding="utf-8")
    assert library.find("owes").path == (paths.QUERIES / "owes.rq").resolve()


@pytest.mark.parametrize("value", ["20261231", "2026-W53-4", " 2026-12-31x"])
def test_date_term_is_strictly_yyyy_mm_dd(mini_store, value):
    from ra_graph.core.errors import RaGraphError

    with pytest.raises(RaGraphError) as info:
        library.term(mini_store, library.Param("due", "date"), value)
    assert info.value.message == f"due: '{value.strip()}' is not a date (YYYY-MM-DD)"
    assert str(library.term(mini_store, library.Param("due", "date"), " 2026-12-31 ")) == \
        '"2026-12-31"^^<http://www.w3.org/2001/XMLSchema#date>'


# pyoxigraph 0.5's message for "SELECT ?x WHERE { ?x" (character classes shortened here)
_EXPECTED_MANY = ('error at 1:21: expected one of "!", "$", "(", ":", "<", "?", "^", "a", '
                  "['0' ..= '9' | '\\u{00B7}' | '\\u{0300}'..='\\u{036F}' | '\\u{203F}'..='\\u{2040}'],\n"
                  "['A' ..= 'Z' | 'a' ..= 'z'], ['_'], [_]")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (_EXPECTED_MANY, ("1:21", 'expected one of "!", "$", "(", ":", "<" … (7 more)')),
        ('error at 1:31: expected one of "\\"", "\\\\", "\\\\U", "\\\\u", [_]',
         ("1:31", 'expected one of "\\"", "\\\\", "\\\\U", "\\\\u", [_]')),
        ('error at 3:4: expected one of ",", ".", ";", "{", "{|", "}", [_]',
         ("3:4", 'expected one of ",", ".", ";", "{", "{|" … (2 more)')),
        ("error at 2:11: expected OPTIONAL", ("2:11", "expected OPTIONAL")),
        ("error at 1:27: expected one of OPTIONAL, Prefix not found, ['%']",
         ("1:27", f"undeclared prefix (standard ones: {', '.join(p + ':' for p in PREFIXES)})")),
        ("something\nelse", (None, "something else")),
    ],
)
def test_syntax_problem_shows_at_most_five_expected_tokens(message, expected):
    assert library.syntax_problem(message) == expected
