"""Edges of the layout rules: the outline (``outline.py``) and cutting a section into clauses
(``segment.py``).

Each test names the mutant(s) of ``tools/mutants.py --systematic`` it holds and the fact a user
would see change -- a chapter found or lost, a clause read or put aside -- at the boundary.
"""

from __future__ import annotations

import pytest

from ra_graph.extract.outline import find_outline
from ra_graph.extract.segment import has_own_party, segment_section, split_units


def outline(text: str) -> list[tuple]:
    """(level, number, title, 1-based line) of every heading of a text."""
    return [(h.level, h.number, h.title, h.line) for h in find_outline(text.split("\n"), {}).headings]


def section(text: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(clauses as (number, kind, line, lead-in), context, problems) of a text read as section 2.1,
    its first line being line 10 of the document."""
    units = split_units(list(enumerate(text.split("\n"), start=10)), {})
    result = segment_section("zeeland-2026", "2.1", units)
    return ([(c.number, c.kind, c.line, c.lead_in) for c in result.clauses], result.context,
            [(p.line, p.reason) for p in result.problems])


# -- outline.py ---------------------------------------------------------------------------------

LONG_TITLE = ("1.1 Landbouw, natuur en landelijk gebied in samenhang met de veenweide- en\n"
              "stikstofopgave in Noordwest-Overijssel")
LONG_TITLE_TEXT = ("Landbouw, natuur en landelijk gebied in samenhang met de veenweide- en stikstofopgave in "
                   "Noordwest-Overijssel")


@pytest.mark.parametrize("ending", ["\n", ""])
def test_a_long_section_title_on_the_first_line_is_a_heading(ending):
    """C-b93701 (``index > 0`` in ``long_title``): a long section heading (a paragraph of two lines)
    must stand after a blank line -- unless it is the text's first line, where nothing stands
    before it.  Then it is section 1.1 whether or not the text ends in a newline (the last line is
    not "the line before" the first)."""
    text = LONG_TITLE + "\n\nDe provincie werkt aan de opgave." + ending
    assert outline(text) == [(2, "1.1", LONG_TITLE_TEXT, 1)]


def test_a_long_section_title_directly_under_text_is_no_heading():
    """C-b93701, the other side: one line further down, directly under a line of text, the same
    paragraph is no heading."""
    text = "Overijssel\n" + LONG_TITLE + "\n\nDe provincie werkt aan de opgave.\n"
    assert outline(text) == []


INTRO = "Dit arrangement beschrijft de afspraken.\n\n2. Afspraken\n\nDe partijen spreken af dat zij samenwerken."


@pytest.mark.parametrize("ending", ["\n", ""])
def test_chapter_one_on_the_first_line_is_a_chapter(ending):
    """N-ef02b4 (``index == 0`` in ``_clear_title``): "1. Inleiding" on the text's first line
    counts as standing after a blank line (nothing is above it), so it opens chapter 1 -- also in a
    text that does not end in a newline, whose last line is not blank."""
    assert outline("1. Inleiding\n\n" + INTRO + ending) == [(1, "1", "Inleiding", 1), (1, "2", "Afspraken", 5)]


def test_a_numbered_line_directly_under_the_first_line_is_an_item_not_chapter_one():
    """N-ef02b4, the other side: "1. Inleiding" on the SECOND line, directly under a line of text,
    continues no blank line: it reads as item 1 of a list, so no chapter 1 is found (and chapter 2
    is then not the next chapter either)."""
    assert outline("Ruimtelijk Arrangement Zeeland\n1. Inleiding\n\n" + INTRO + "\n") == []


def test_a_numbered_item_is_no_chapter_while_sections_of_the_current_chapter_follow():
    """C-ebad43 (``major == chapter`` in ``_ahead``): "3. Het Rijk borgt de inpassing" inside
    chapter 2, with section 2.2 still to come, is an item of section 2.1, not chapter 3 -- so
    section 2.2 is found and the outline does not end chapter 2 early."""
    text = """1. Inleiding

Tekst van de inleiding.

2. Afspraken

2.1 Wonen

De provincie bouwt woningen.

3. Het Rijk borgt de inpassing

2.2 Water

De provincie versterkt de dijken.
"""
    assert outline(text) == [(1, "1", "Inleiding", 1), (1, "2", "Afspraken", 5), (2, "2.1", "Wonen", 7),
                             (2, "2.2", "Water", 13)]


def test_a_new_list_restarts_the_item_count_so_its_second_item_is_no_chapter():
    """N-88927c (``number == 1`` restarts the run of items): in chapter 1 a list 1-3, a paragraph,
    then a new list "1. Energie" / "2. Mobiliteit".  "1." starts a new run of items, so "2.
    Mobiliteit" (directly under it, no blank line) continues that run: it is item 2, not chapter 2,
    and the real chapter 2 ("2. Afspraken") is found."""
    text = """1. Inleiding

In dit arrangement staan twee lijsten van opgaven.

1. Wonen
2. Water
3. Natuur

De opgaven hangen samen met de energietransitie.

1. Energie
2. Mobiliteit

2. Afspraken

De partijen spreken af dat zij samenwerken.
"""
    assert outline(text) == [(1, "1", "Inleiding", 1), (1, "2", "Afspraken", 14)]


# -- segment.py ---------------------------------------------------------------------------------

EARLIER = """

Eerdere afspraken:

Het Rijk stelt in 2025 middelen beschikbaar voor de dijken (BOL november 2024).
"""


def test_a_section_with_only_earlier_agreements_opens_with_a_block_only_when_an_item_comes_first():
    """C-a54d53 (``units[0].kind == "item"`` in ``_opens_implicitly``): a section whose only marker
    is "Eerdere afspraken" starts with agreements when its first unit is a numbered item -- item 1
    is a clause -- and with context when it is a paragraph."""
    assert section("1. Het Rijk en de provincie Zeeland werken samen aan de kust." + EARLIER) == (
        [("1", "Agreement", 10, None), ("eerder-1", "EarlierAgreement", 14, "Eerdere afspraken:")], [], [])
    assert section("Het Rijk en de provincie Zeeland werken samen aan de kust." + EARLIER) == (
        [("eerder-1", "EarlierAgreement", 14, "Eerdere afspraken:")],
        [(10, "Het Rijk en de provincie Zeeland werken samen aan de kust.")], [])


@pytest.mark.parametrize("text, own", [
    ("in 2027 de provincie Zeeland de kustvisie vaststelt;", True),  # "de provincie": words 3-4
    ("uiterlijk in 2027 de provincie Zeeland de kustvisie vaststelt;", False),  # words 4-5
    ("in 2027 stelt de provincie de kustvisie vast;", False),  # words 4-5
    ("het Rijk in 2027 de middelen beschikbaar stelt;", True),  # word 1
])
def test_a_sub_item_has_its_own_party_when_it_is_named_within_its_first_three_words(text, own):
    """N-1dcfb0 (``SUB_ITEM_SUBJECT_WORDS = 3``): a lettered sub-item ("b. ...") is a clause of its
    own when a party starts within its first three words (its subject); a party named from the
    fourth word on is part of what the item's sentence says, not its subject."""
    assert has_own_party(text) is own


@pytest.mark.parametrize("title, heading", [
    ("Groen in en om de Stad van Middelburg", True),  # 8 words
    ("Groen in en om de Stad Middelburg", True),  # 7 words
    ("Groen in en om de Stad van Middelburg Noord", False),  # 9 words
])
def test_a_title_of_up_to_eight_words_directly_above_prose_is_a_sub_heading(title, heading):
    """N-89c8a2 (``TITLE_MAX_WORDS = 8``): a short title line directly followed by prose in
    capitals is an (unlisted) sub-heading when it has at most eight words; with nine it is the
    first line of the paragraph."""
    units = split_units([(10, title), (11, "De provincie Zeeland legt een groene ring rond de stad aan.")], {})
    kinds = [(u.kind, u.line, u.lines) for u in units]
    assert kinds == ([("heading", 10, [10]), ("prose", 11, [11])] if heading else [("prose", 10, [10, 11])])


def test_a_numbered_item_after_bulleted_sub_items_continues_their_numbering():
    """N-d16797 (``len(top) == 1`` in ``bullet``): bullets under a lead-in after item 1 are items
    1.1 and 1.2, so a following "1.3 ..." is the next item (clause 1.3), not a number out of place
    read as context."""
    text = """Afspraken:

1. Het Rijk versterkt de dijken bij Vlissingen.

De provincie Zeeland zorgt daarbij voor het volgende:

• De provincie Zeeland past de omgevingsverordening aan.
• De provincie Zeeland wijst locaties voor natuur aan.

1.3 De provincie Zeeland stelt in 2027 een kustvisie vast.

2. Het Rijk onderzoekt de zandsuppleties.
"""
    lead = "De provincie Zeeland zorgt daarbij voor het volgende:"
    assert section(text) == ([("1", "Agreement", 12, "Afspraken:"), ("1.1", "Agreement", 16, lead),
                              ("1.2", "Agreement", 17, lead), ("1.3", "Agreement", 19, "Afspraken:"),
                              ("2", "Agreement", 21, "Afspraken:")], [], [])
