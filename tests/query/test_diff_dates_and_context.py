"""``ra-graph diff``: every due date of a clause whose commitments have several, and the words kept
around a change in a word diff.

Each test names the mutant of ``tools/mutants.py --systematic`` it holds.
"""

from __future__ import annotations

import json

import pytest

from ra_graph.query.diff import marked_diff

PREFIXES = """@prefix ra: <https://w3id.org/ra-graph/def#> .
@prefix rai: <https://w3id.org/ra-graph/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
TEXT = "De provincie X levert de rapportage en het plan op."


def _version(year: int, dates: list[tuple[str, str]], revises: str = "") -> str:
    """Arrangement x-<year>: one clause, one commitment of province X per (date, phrase)."""
    clause = f"<https://w3id.org/ra-graph/id/x-{year}/1/1>"
    commitments = " , ".join(f"<https://w3id.org/ra-graph/id/x-{year}/1/1/c{n}>" for n in range(1, len(dates) + 1))
    body = "".join(
        f"  <https://w3id.org/ra-graph/id/x-{year}/1/1/c{n}> a ra:Commitment ; ra:obligor rai:provincie-x ;\n"
        f'    ra:modality ra:Result ; ra:basis ra:FromText ; ra:dueBy "{day}"^^xsd:date ; ra:dueText "{phrase}" .\n'
        for n, (day, phrase) in enumerate(dates, start=1))
    return f"""<https://w3id.org/ra-graph/id/graph/x-{year}> {{
  rai:x-{year} a ra:Arrangement ; dcterms:identifier "x-{year}" ; dcterms:title "Arrangement X"@nl ;
    ra:province rai:provincie-x .
  <https://w3id.org/ra-graph/id/x-{year}/1> a ra:Section ; ra:number "1" ; ra:inArrangement rai:x-{year} ;
    dcterms:title "Water"@nl .
  {clause} a ra:Clause ; dcterms:identifier "x-{year}/1/1" ; ra:number "1" ; ra:inArrangement rai:x-{year} ;
    ra:inSection <https://w3id.org/ra-graph/id/x-{year}/1> ; ra:clauseKind ra:Agreement ; ra:sourceLine 10 ;
    ra:text "{TEXT}"@nl ; ra:hasCommitment {commitments} {revises}.
{body}}}
"""


def _graph(tmp_path, old: list[tuple[str, str]], new: list[tuple[str, str]]):
    vocab = """<https://w3id.org/ra-graph/id/graph/vocab> {
  rai:provincie-x a ra:Province ; skos:prefLabel "provincie X"@nl ; ra:shortName "X" .
}
"""
    revises = "; prov:wasRevisionOf <https://w3id.org/ra-graph/id/x-2025/1/1> ; ra:revisionScore 1.0 "
    path = tmp_path / "x.trig"
    path.write_text(PREFIXES + vocab + _version(2025, old) + _version(2026, new, revises), encoding="utf-8")
    return path


MARCH, JUNE, AUGUST = ("2026-03-31", "in maart 2026"), ("2026-06-30", "in juni 2026"), ("2025-08-31", "in augustus 2025")


def _due_by(ra, path) -> dict:
    r = ra("diff", "x-2025", "x-2026", "--graph", path, "--format", "json")
    assert (r.code, r.err) == (0, "")
    [clause] = json.loads(r.out)["clauses"]
    return clause["fields"]["due_by"]


def test_a_clause_given_a_second_due_date_lists_every_date_in_the_json(ra, tmp_path):
    """``due_by`` shows a clause's earliest date; when its commitments have two dates, the JSON
    also lists them all, so that the later one is not lost from the comparison."""
    assert _due_by(ra, _graph(tmp_path, [AUGUST], [MARCH, JUNE])) == {
        "old": "2025-08-31", "new": "2026-03-31", "old_text": "in augustus 2025", "new_text": "in maart 2026",
        "old_dates": ["2025-08-31"], "new_dates": ["2026-03-31", "2026-06-30"]}


def test_a_clause_that_loses_one_of_two_due_dates_lists_every_date_in_the_json(ra, tmp_path):
    """N-fa08cf (``len(before["due_dates"]) > 1``): two dates in the old version are listed too,
    when the new version keeps one of them -- the dropped date is what a reader must see."""
    assert _due_by(ra, _graph(tmp_path, [MARCH, JUNE], [JUNE])) == {
        "old": "2026-03-31", "new": "2026-06-30", "old_text": "in maart 2026", "new_text": "in juni 2026",
        "old_dates": ["2026-03-31", "2026-06-30"], "new_dates": ["2026-06-30"]}


def test_a_clause_with_one_due_date_on_each_side_lists_no_dates(ra, tmp_path):
    """N-fa08cf, the other side: with one date each, ``old`` and ``new`` say it all."""
    assert _due_by(ra, _graph(tmp_path, [AUGUST], [JUNE])) == {
        "old": "2025-08-31", "new": "2026-06-30", "old_text": "in augustus 2025", "new_text": "in juni 2026"}


WORDS = " ".join(f"w{n}" for n in range(1, 21))  # twenty unchanged words


@pytest.mark.parametrize(("ops", "shown"), [
    # the unchanged run right after the first change keeps its first eight words
    ([{"op": "insert", "text": "nieuw"}, {"op": "equal", "text": WORDS}],
     "{+nieuw+} w1 w2 w3 w4 w5 w6 w7 w8 …"),
    # between two changes: eight words after the first, eight before the second
    ([{"op": "delete", "text": "oud"}, {"op": "equal", "text": WORDS}, {"op": "insert", "text": "nieuw"}],
     "[-oud-] w1 w2 w3 w4 w5 w6 w7 w8 … w13 w14 w15 w16 w17 w18 w19 w20 {+nieuw+}"),
    # before the first change: its last eight words
    ([{"op": "equal", "text": WORDS}, {"op": "insert", "text": "nieuw"}],
     "… w13 w14 w15 w16 w17 w18 w19 w20 {+nieuw+}"),
])
def test_a_word_diff_keeps_eight_words_on_each_side_of_a_change(ops, shown):
    """N-d6c8de (``k > 0``: an unchanged run after a change): the words right after the first
    change are kept (eight of them), not only those before the next one."""
    assert marked_diff(ops) == shown
