"""Limits of reading a text's layout, each held at its boundary: how wide a Word paragraph's lines
are, how long a chapter title that continues a list of items may be, and a plain-numbered
footnote at the very end of a text.

Each test names the mutant(s) of ``tools/mutants.py --systematic`` it holds.
"""

from __future__ import annotations

import pytest

from ra_graph.extract.documents.layout import lay_out, wrap
from ra_graph.extract.outline import find_outline
from ra_graph.extract.text import artefact_lines

# -- layout.py: a Word paragraph is cut into lines as pypdf cut the shipped texts ----------------

NINETY_FIVE = " ".join(["woord"] * 16)  # 16 words of 5 letters and 15 spaces
NINETY_SIX = " ".join(["woord"] * 15 + ["woordx"])


def test_a_word_paragraph_of_95_characters_is_one_line_and_of_96_two():
    """N-4b23a5 (``WIDTH = 95``): the lines of a .docx are laid out 95 characters wide, as pypdf
    gives the shipped PDFs' lines, so that the line numbers a clause cites count the same in a
    Word document as in its PDF.  A paragraph of exactly 95 characters stays one line; one of 96
    breaks before its last word."""
    assert len(NINETY_FIVE) == 95 and len(NINETY_SIX) == 96
    assert wrap(NINETY_FIVE) == [NINETY_FIVE + " "]
    assert wrap(NINETY_SIX) == [" ".join(["woord"] * 15) + " ", "woordx "]
    assert lay_out(["Inleiding", NINETY_SIX]) == ["Inleiding ", " ", " ".join(["woord"] * 15) + " ", "woordx "]


# -- outline.py: a chapter heading that also continues a list of items ---------------------------

def _outline(title: str) -> list[tuple]:
    text = f"""1. Inleiding

Het arrangement noemt de opgaven.

1. Wonen

2. {title}

De partijen spreken af dat zij samenwerken.
"""
    return [(h.level, h.number, h.title, h.line, h.doubt) for h in find_outline(text.split("\n"), {}).headings]


@pytest.mark.parametrize("title", ["Afspraken", "Afspraken over wonen water en natuur"])
def test_after_item_one_a_title_of_up_to_six_words_opens_chapter_two(title):
    """N-6eeaa8 (``ITEM_RUN_MAX_WORDS = 6``, one less): after item "1. Wonen" in chapter 1, "2. …"
    could be item 2 or chapter 2.  A short title after a blank line -- up to six words -- is
    chapter 2, with the doubt said."""
    assert _outline(title) == [(1, "1", "Inleiding", 1, None),
                               (1, "2", title, 7, "chapter heading 2 also reads as item 2 of the list above it")]


def test_after_item_one_a_title_of_seven_words_is_item_two():
    """N-59fb60 (``ITEM_RUN_MAX_WORDS = 6``, one more): seven words read as the list's next item,
    not as chapter 2, so no chapter 2 is found."""
    assert _outline("Afspraken over wonen water en de natuur") == [(1, "1", "Inleiding", 1, None)]


# -- text.py: a footnote with a plain number -----------------------------------------------------

REFERRED = "Het Rijk is sturend1 in dit proces.\n\n1 Kamerbrief over de NOVEX-gebieden, 2024."


@pytest.mark.parametrize("ending", ["", "\n", "\n\n \n"])
def test_a_plain_numbered_footnote_ending_the_text_is_a_footnote(ending):
    """C-ba2e3e (``end < len(lines)`` in ``_plain_footnote``): "1 Kamerbrief …" under a line that
    refers to it ("sturend1") is a footnote when a page number follows it -- or when nothing does,
    at the end of the text (the last page of a PDF without page numbers), blank lines or not.  It
    is then never read as a clause."""
    assert artefact_lines((REFERRED + ending).split("\n")) == {3: "footnote"}


def test_a_plain_numbered_line_followed_by_text_is_no_footnote():
    """C-ba2e3e, the other side: with a paragraph after it (no page end), "1 Kamerbrief …" is
    text, not a footnote."""
    assert artefact_lines((REFERRED + "\n\nDe provincie werkt mee.").split("\n")) == {}
