"""Every stored query (queries/*.rq) against mini.trig + branches.trig, with exact expected rows.

Adding a .rq file adds a test case; a .rq without an expectations file in
tests/fixtures/queries/<name>.json fails.  The expected rows were worked out
by reading the fixture graphs (each file's "comment" says how): mini.trig
with branches.trig, and the graphs an expectations file names to load with
them ("graphs": ["revisions.trig"]).  The fixtures exercise every branch:
for each OPTIONAL of a query, some expected row has that value absent while
the rest of the row is there, and every org:subOrganizationOf /
ra:locatedIn closure is needed more than one step deep -- checked below by
making each OPTIONAL mandatory and each closure a single step, which must
change an expected answer.
"""

from __future__ import annotations

import json
import re
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
    """``store`` (mini.trig + branches.trig) plus the fixture graphs the query's expectations name."""
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


def run(store, name: str, params: dict[str, str], *, path: Path | None = None) -> tuple[list[str], list[list[object]]]:
    """Rows of a stored query (or of the .rq file ``path``, a variant of it) with actors etc. as ``rai:x``."""
    stored = library.load(path) if path else library.find(name)
    text = library.bind(store, stored, params)
    columns, rows = result_rows(store, library.run(store, text, source=stored.path))
    return columns, [[normalise(row[c]) for c in columns] for row in rows]


def test_library_has_the_required_questions():
    required = {"owes", "commitments-of", "by-programme", "by-location", "one-sided", "no-responsible-party",
                "deadlines-between", "requests", "modality-per-arrangement", "programmes-per-ministry",
                "earlier-agreements", "deadlines", "dropped-between", "deadlines-moved"}
    assert required <= set(NAMES)


def _expected(name: str) -> dict:
    expected_file = EXPECTED / f"{name}.json"
    assert expected_file.is_file(), f"queries/{name}.rq has no expectations file {expected_file}"
    return json.loads(expected_file.read_text(encoding="utf-8"))


def _compared(store, name: str, path: Path | None = None):
    """(params, expected rows, rows) per case of the expectations file; unordered answers sorted.

    ``path`` runs a variant of the stored query instead (same header and parameters).
    """
    expected = _expected(name)
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    with_graphs(store, name)
    for case in [expected] + expected.get("more", []):
        columns, rows = run(store, name, case["params"], path=path)
        assert columns == expected["columns"], case["params"]
        want = [list(r) for r in case["rows"]]
        if not expected["ordered"]:
            rows, want = sorted(rows, key=key), sorted(want, key=key)
        yield case["params"], want, rows


@pytest.mark.parametrize("name", NAMES)
def test_stored_query_gives_expected_rows(name, branch_store):
    for params, want, rows in _compared(branch_store, name):
        assert rows == want, params


@pytest.mark.parametrize(("name", "params", "column", "commitment"), [
    ("by-location", {"location": "Groningen"}, "obligor", "rai:groningen-2025/2.4/zoetwater-5/c1"),
    ("by-programme", {"programme": "NOVEX"}, "obligor", "rai:groningen-2025/2.4/agenda-1/c1"),
    ("deadlines-between", {"from": "2026-12-31", "to": "2026-12-31"}, "obligor",
     "rai:groningen-2025/2.4/zoetwater-5/c1"),
    ("no-responsible-party", {}, "modality", "rai:groningen-2025/2.1/5/c3"),
])
def test_a_commitment_without_obligor_is_not_dropped(branch_store, name, params, column, commitment):
    """A clause that names no responsible party still shows in the answers about its place, programme
    and deadline (its obligor column empty): an OPTIONAL made mandatory would silently drop it."""
    columns, rows = run(branch_store, name, params)
    mine = [dict(zip(columns, row)) for row in rows if row[columns.index("commitment")] == commitment]
    assert len(mine) == 1 and mine[0][column] is None, rows


def test_a_request_that_names_nobody_is_listed(branch_store):
    columns, rows = run(branch_store, "requests", {})
    assert [(r[0], r[columns.index("asked")]) for r in rows] == [
        ("groningen-2025/2.4/drinkwater-2", "rai:provincie-groningen"), ("groningen-2025/2.4/drinkwater-3", None)]


def _variants(text: str) -> list[tuple[str, str]]:
    """(what changed, query text): each OPTIONAL made mandatory, each closure cut to one step."""
    out = []
    for m in re.finditer(r"\bOPTIONAL\s*\{", text):
        group = text[m.start():text.index("}", m.end()) + 1]
        out.append((f"{' '.join(group.split())} made mandatory", text[:m.start()] + "{" + text[m.end():]))
    for m in re.finditer(r"(org:subOrganizationOf|ra:locatedIn)\*", text):
        line = text[text.rindex("\n", 0, m.start()) + 1:text.index("\n", m.end())]
        out.append((f"{m.group(0)} cut to one step in: {' '.join(line.split())}",
                    text[:m.end() - 1] + "?" + text[m.end():]))
    return out


# (query, a piece of the variant's description): why no fixture needs it -- the branch only matters for
# data `ra-graph build` never writes.
EXEMPT = {
    ("deadlines", "ra:carriedBy/org:subOrganizationOf*"):
        "build writes ra:carriedBy only for het Rijk's commitments, naming a ministry: a carrier is never two "
        "steps below the actor asked for while the obligor is outside it",
}
ALL_CASES = [(name, what, variant) for name in NAMES
             for what, variant in _variants(library.find(name).path.read_text(encoding="utf-8"))]


def _exempt(name: str, what: str) -> bool:
    return any(query == name and piece in what for query, piece in EXEMPT)


CASES = [case for case in ALL_CASES if not _exempt(*case[:2])]


def test_every_exemption_names_a_variant_that_exists():
    """An exemption outlives neither its query nor its pattern: a stale one fails here."""
    for query, piece in EXEMPT:
        assert [w for n, w, _ in ALL_CASES if n == query and piece in w], f"queries/{query}.rq has no {piece}"


@pytest.mark.parametrize(("name", "what", "variant"), CASES, ids=[f"{n}: {w}" for n, w, _ in CASES])
def test_every_optional_and_closure_is_exercised(name, what, variant, branch_store, tmp_path):
    """Making an OPTIONAL mandatory, or a transitive closure a single step, changes an expected answer.

    Otherwise the fixtures have no row that needs it, and a query that lost
    it (a clause without obligor silently dropped, a sub-organisation of a
    sub-organisation forgotten) would pass.
    """
    path = tmp_path / f"{name}.rq"
    path.write_text(variant, encoding="utf-8")
    changed = [params for params, want, rows in _compared(branch_store, name, path) if rows != want]
    assert changed, f"queries/{name}.rq: {what} gives the same answers"


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


def test_values_block_goes_at_the_end_of_the_where_group(mini_store):
    """There pyoxigraph joins it with what the group found (at the start it runs the group once per row)."""
    stored = library.find("deadlines-between")
    text = library.bind(mini_store, stored, {"from": "2025-01-01", "to": "2025-12-31"})
    end = stored.text.rindex("}\nORDER BY")
    assert text == stored.text[:end] + (
        ' VALUES (?from ?to) { ("2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> '
        '"2025-12-31"^^<http://www.w3.org/2001/XMLSchema#date>) } ') + stored.text[end:]


@pytest.mark.parametrize("part", ["OPTIONAL { ?c ra:text ?who }", "MINUS { ?c ra:text ?who }",
                                  "BIND(STR(?who) AS ?w)", "OPTIONAL { ?c ra:number ?n FILTER(?n != ?who) }"])
def test_values_block_stays_at_the_start_when_a_parameter_is_inside_optional_minus_or_bind(part, tmp_path,
                                                                                           mini_store):
    rq = tmp_path / "q.rq"
    rq.write_text(f"# param: who string — a text\nSELECT ?c WHERE {{ ?c a ra:Clause . {part} }}\n",
                  encoding="utf-8")
    text = library.bind(mini_store, library.load(rq), {"who": "x"})
    assert text.startswith('# param: who string — a text\nSELECT ?c WHERE { VALUES (?who) { ("x") }  ?c a ra:Clause')


def test_where_the_block_stands_changes_an_optional_that_uses_the_parameter(mini_store):
    """Why the rule above: bound first, the OPTIONAL keeps every clause; bound after, none."""
    query = "SELECT ?c WHERE {{ {first} ?c a ra:Clause . OPTIONAL {{ ?c ra:text ?who }} {last} }}"
    block = 'VALUES (?who) { ("x") }'
    first = library.run(mini_store, query.format(first=block, last=""))
    last = library.run(mini_store, query.format(first="", last=block))
    assert len(list(first)) == 8 and list(last) == []  # mini.trig has 8 clauses


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
