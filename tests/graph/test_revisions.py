"""Aligning two versions of an arrangement, and the revision links build records."""

from __future__ import annotations

import json

import pytest

from ra_graph.core.store import open_graph, select
from ra_graph.graph.revisions import THRESHOLD, Item, Match, align, words

WATER, HOUSING = "rai:thema-water", "rai:thema-wonen"


def items(*specs: tuple[str, str, str]) -> list[Item]:
    """(id, theme, text) -> Items numbered by their id's last part."""
    return [Item(i, i.rsplit("/", 1)[-1], theme, text) for i, theme, text in specs]


def test_words_ignore_case_accents_and_punctuation():
    assert words("Het Rijk créëert, in Q1 2026: ruimte!") == ["het", "rijk", "creeert", "in", "q1", "2026", "ruimte"]


def test_renumbered_clauses_align_by_text_not_number():
    old = items(("a/1/1", WATER, "Rijk en provincie werken samen aan zoetwater."),
                ("a/1/2", WATER, "De provincie maakt een plan voor drinkwater."),
                ("a/1/3", WATER, "Het Rijk onderzoekt de veenweide."))
    new = items(("b/1/1", WATER, "De provincie maakt een plan voor drinkwater."),
                ("b/1/2", WATER, "Het Rijk onderzoekt de veenweide."))
    assert align(old, new) == [Match(1, 0, 1.0), Match(2, 1, 1.0), Match(0, None, None)]


def test_a_reworded_clause_keeps_its_predecessor_with_its_score():
    old = items(("a/1/1", WATER, "Rijk en provincie gaan in gesprek over de belangrijke opgave van zoetwater."))
    new = items(("b/1/1", WATER, "Rijk en provincie gaan in gesprek over de wezenlijke opgave van zoetwater."))
    # two versions, 11 shared words (IDF 1) and one of its own each (IDF 1 + ln 3/2): 11 / (11 + 1.405²)
    assert align(old, new) == [Match(0, 0, 0.848)]


def test_below_the_threshold_a_clause_is_dropped_and_another_added():
    old = items(("a/1/1", WATER, "Rijk en provincie werken samen aan zoetwater."))
    new = items(("b/1/1", WATER, "De provincie bouwt woningen in Emmen."))
    assert align(old, new) == [Match(0, None, None), Match(None, 0, None)]
    assert align(old, new, threshold=0.0) == [Match(0, 0, 0.085)]  # only 'provincie' in common
    assert THRESHOLD == 0.5


def test_a_repeated_standard_sentence_stays_in_its_theme():
    standard = "Rijk en provincie gaan hierover met elkaar in gesprek."
    old = items(("a/1/1", WATER, standard), ("a/2/1", HOUSING, standard))
    new = items(("b/1/1", HOUSING, standard), ("b/2/1", WATER, standard))  # the sections swapped places
    assert align(old, new) == [Match(1, 0, 1.0), Match(0, 1, 1.0)]


def test_equal_candidates_prefer_the_same_number_then_the_nearest_place():
    standard = "Rijk en provincie gaan hierover met elkaar in gesprek."
    old = items(("a/1/1", WATER, standard), ("a/1/2", WATER, standard))
    new = items(("b/1/2", WATER, standard), ("b/1/1", WATER, standard))
    assert align(old, new) == [Match(1, 0, 1.0), Match(0, 1, 1.0)]
    new = items(("b/1/7", WATER, standard), ("b/1/8", WATER, standard))
    assert align(old, new) == [Match(0, 0, 1.0), Match(1, 1, 1.0)]


def test_empty_versions():
    one = items(("a/1/1", WATER, "Tekst."))
    assert align([], one) == [Match(None, 0, None)]
    assert align(one, []) == [Match(0, None, None)]
    assert align([], []) == []


def _links(path) -> list[tuple[str, str, str]]:
    rows = select(open_graph(path), """SELECT ?new ?old ?score WHERE {
        ?n prov:wasRevisionOf ?o ; dcterms:identifier ?new ; ra:revisionScore ?score .
        ?o dcterms:identifier ?old }""")
    return sorted((r["new"].value, r["old"].value, f"{float(r['score'].value):.3f}") for r in rows)


def test_build_links_each_clause_to_its_predecessor(two_drenthes):
    links = _links(two_drenthes)
    assert len(links) == 41 - 1  # every clause of drenthe-2026 but the new 3.3/9
    assert {new.split("/", 1)[0] for new, _, _ in links} == {"drenthe-2026"}
    assert {old.split("/", 1)[0] for _, old, _ in links} == {"drenthe-2025"}
    changed = [link for link in links if link[0].split("/", 1)[1] != link[1].split("/", 1)[1] or link[2] != "1.000"]
    assert changed == [
        ("drenthe-2026/3.3/1", "drenthe-2025/3.3/1", "0.917"),  # "toenemende" -> "groeiende"
        ("drenthe-2026/3.3/2", "drenthe-2025/3.3/3", "1.000"),  # renumbered after 3.3/2 was dropped
        ("drenthe-2026/3.3/3", "drenthe-2025/3.3/4", "1.000"),
        ("drenthe-2026/3.3/4", "drenthe-2025/3.3/5", "1.000"),
        ("drenthe-2026/3.3/5", "drenthe-2025/3.3/6", "1.000"),
        ("drenthe-2026/3.3/6", "drenthe-2025/3.3/7", "1.000"),
        ("drenthe-2026/3.3/7", "drenthe-2025/3.3/8", "0.996"),  # Drenthe -> het Rijk onderzoekt
        ("drenthe-2026/3.3/8", "drenthe-2025/3.3/9", "0.916"),  # augustus 2025 -> maart 2026
    ]


def test_the_shipped_snapshot_has_one_version_per_province_and_no_links():
    from ra_graph.core import paths

    assert _links(paths.SNAPSHOT) == []


def test_diff_aligns_exactly_as_build_links(two_drenthes, ra):
    result = json.loads(ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_drenthes, "--format", "json").out)
    pairs = sorted((c["new"], c["old"], f"{c['score']:.3f}") for c in result["clauses"] if c["old"] and c["new"])
    assert pairs == _links(two_drenthes)


@pytest.mark.parametrize("same", ["drenthe-2025", "groningen-2025"])
def test_a_version_aligned_with_itself_is_unchanged(ra, same):
    """Every clause pairs with itself, score 1.0 (``diff`` refuses the same version twice: nothing
    to compare; the alignment it uses still pairs a text with itself exactly)."""
    from ra_graph.core import paths
    from ra_graph.core.store import open_graph
    from ra_graph.query.diff import _compare, _side
    from ra_graph.core.versions import resolve_arrangement

    store = open_graph(paths.SNAPSHOT)
    side = _side(store, resolve_arrangement(store, same))
    matches = align(side["items"], side["items"])
    assert [(m.old, m.new, m.score) for m in matches] == [(i, i, 1.0) for i in range(len(side["items"]))]
    assert {_compare(side["clauses"][m.old], side["clauses"][m.new], m.score)["change"] for m in matches} \
        == {"unchanged"}
    r = ra("diff", same, same, "--format", "json")
    assert (r.code, r.out) == (2, "") and "are the same version" in r.err
