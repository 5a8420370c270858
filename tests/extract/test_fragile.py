"""Layouts that used to lose or invent clauses without a word, read on small crafted texts.

The corpus generator's author found them (NOTES.md of benchmarks/corpus.py,
"What surprised me in the extractor"); each text in tests/fixtures/fragile/
is in the house style (PDF export: trailing spaces, en dashes) and holds one
of them.  Every outcome is pinned exactly -- the clauses with their lines,
and every warning ``ra-graph extract`` prints -- so that each case either
reads right or is reported, never silent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ra_graph.core.namespaces import RAI

FRAGILE = Path(__file__).parents[1] / "fixtures" / "fragile"


def _warning(name: str, lines: str, reason: str, excerpt: str, section: str | None = None) -> str:
    where = f" (section {section})" if section else ""
    return f"ra-graph: warning: {FRAGILE / name}:{lines}: {reason}{where}: '{excerpt}'"


# text -> (clause id and line of every clause, every warning on stderr)
EXPECTED = {
    # 1. a gap in the numbering (1, 2, 4; 1.1, 1.3): the later items stay clauses, and the gap is reported
    "ra-flevoland-2026.txt": (
        [("flevoland-2026/2.1/1", 15), ("flevoland-2026/2.1/2", 18), ("flevoland-2026/2.1/4", 20),
         ("flevoland-2026/2.1/5", 23), ("flevoland-2026/2.2/1.1", 32), ("flevoland-2026/2.2/1.3", 35)],
        [_warning("ra-flevoland-2026.txt", "20", "numbering skips 3 before item 4",
                  "4. Het Rijk onderzoekt hoe de bereikbaarheid van de nieuwe wijken kan", "2.1"),
         _warning("ra-flevoland-2026.txt", "35", "numbering skips 1.2 before item 1.3",
                  "1.3 De provincie Flevoland levert de regionale vertaling van de", "2.2")]),
    # 2. numbered sub-headings whose items are gone: headings, not clauses, and reported; a short
    #    item of a flat list ("2. Natuurinclusief bouwen") stays a clause
    "ra-fryslan-2026.txt": (
        [("fryslan-2026/2.1/2.1", 19), ("fryslan-2026/2.1/2.2", 22), ("fryslan-2026/2.2/1", 31),
         ("fryslan-2026/2.2/2", 34)],
        [_warning("ra-fryslan-2026.txt", "15", "numbered sub-heading without items",
                  "1. Zoetwater beschikbaarheid", "2.1"),
         _warning("ra-fryslan-2026.txt", "25", "numbered sub-heading without items", "3. Bodemdaling", "2.1")]),
    # 2b. ... and one followed directly by the next group's first sub-item ("1. Zoetwater beschikbaarheid",
    #     then "2.1 Het Rijk werkt ..."): a heading, not a clause, and reported
    "ra-gelderland-2026.txt": (
        [("gelderland-2026/2.1/2.1", 17), ("gelderland-2026/2.1/2.2", 20), ("gelderland-2026/2.2/1", 27),
         ("gelderland-2026/2.2/2", 30)],
        [_warning("ra-gelderland-2026.txt", "15", "numbered sub-heading without items",
                  "1. Zoetwater beschikbaarheid", "2.1")]),
    # 3. a section of prose naming no party, where no marker or lead-in opens agreements: context,
    #    reported; under "Toelichting" context without a word; prose naming the parties is an agreement
    "ra-noord-holland-2026.txt": (
        [("noord-holland-2026/2.1/1", 15), ("noord-holland-2026/2.1/2", 18), ("noord-holland-2026/2.4/1", 33)],
        [_warning("ra-noord-holland-2026.txt", "22-23",
                  "paragraph naming no party read as context (no marker or lead-in opens agreements here)",
                  "De bereikbaarheid van de regio en de verbindingen met de omliggende gebieden ...", "2.2")]),
    # 7. "de Utrechtse gemeenten" is the actor group (parties pinned below)
    "ra-utrecht-2026.txt": (
        [("utrecht-2026/2.1/1", 15), ("utrecht-2026/2.1/2", 18), ("utrecht-2026/2.1/3", 21)], []),
    # 9. a short item "3. Het Rijk borgt de inpassing" inside chapter 2, in its middle and at its end:
    #    the outline ahead (section 2.2; "3. Overige aspecten" opening 3.1) keeps it an item
    "ra-zeeland-2026.txt": (
        [("zeeland-2026/2.1/1", 15), ("zeeland-2026/2.1/2", 18), ("zeeland-2026/2.1/3", 20),
         ("zeeland-2026/2.2/1", 26), ("zeeland-2026/2.3/1", 32), ("zeeland-2026/2.3/2", 34),
         ("zeeland-2026/2.3/3", 36)], []),
    # 9. ... where item 4 follows it, and a section of chapter 2 left after chapter 3 is reported
    "ra-zeeland-2027.txt": (
        [("zeeland-2027/2.1/1", 15), ("zeeland-2027/2.1/2", 17), ("zeeland-2027/2.1/3", 19),
         ("zeeland-2027/2.1/4", 21)],
        [_warning("ra-zeeland-2027.txt", "27", "section heading 2.2 stands outside chapter 2 (the outline may be "
                  "misread)", "2.2 Landbouw")]),
    # 9. ... where nothing ahead tells (chapter 4 follows): read as chapter 3, and reported
    "ra-zeeland-2028.txt": (
        [("zeeland-2028/2.1/1", 15), ("zeeland-2028/2.1/2", 17)],
        [_warning("ra-zeeland-2028.txt", "19", "chapter heading 3 also reads as item 3 of the list above it",
                  "3. Het Rijk borgt de inpassing")]),
}


def test_every_fragile_text_is_pinned():
    assert sorted(p.name for p in FRAGILE.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_clauses_and_warnings(ra, name):
    clauses, warnings = EXPECTED[name]
    r = ra("extract", FRAGILE / name, "--format", "json", "--no-curation")
    assert r.code == 0
    assert [(row["clause"], row["line"]) for row in json.loads(r.out)] == clauses
    assert r.err.splitlines() == warnings


def test_strict_build_refuses_each_text_with_a_warning(ra, tmp_path):
    for name, (_clauses, warnings) in EXPECTED.items():
        sources = tmp_path / name.removesuffix(".txt")
        sources.mkdir()
        (sources / name).write_bytes((FRAGILE / name).read_bytes())
        r = ra("build", "--sources", sources, "--out", sources / "g.trig", "--strict")
        assert r.code == (2 if warnings else 0), name


def _parties(name: str) -> list[list[tuple]]:
    from ra_graph.extract.pipeline import draft

    local = lambda iris: sorted(i.removeprefix(RAI) for i in iris)  # noqa: E731
    return [[(local(k.obligors), local(k.partners), local(k.mentions), k.modality) for k in c.commitments]
            for c in draft(FRAGILE / name).clauses]


def test_a_geographic_adjective_before_an_actor_group_names_the_group():
    """"de Utrechtse gemeenten" are gemeenten; "Utrechtse Heuvelrug" and "Regio Foodvalley" make no party."""
    assert _parties("ra-utrecht-2026.txt") == [
        [(["provincie-utrecht"], ["gemeenten"], [], "Effort")],
        [(["gemeenten", "waterschappen"], [], [], "Result")],
        [(["rijk"], [], [], "Dialogue"), (["provincie-utrecht"], [], [], "Dialogue")],
    ]


def test_a_short_item_kept_in_its_section_reads_as_a_clause():
    assert _parties("ra-zeeland-2026.txt")[2] == [(["rijk"], [], [], "Result")]
