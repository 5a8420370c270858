"""A chapter heading too long for one line (55 characters or more) that is the text's very last
line has no next line to go on on: it is read as it stands, not an error.  C-e006e1
(``index + 1 >= len(lines)`` in ``_wrapped_title``)."""

from __future__ import annotations

from ra_graph.extract.outline import find_outline

TITLE = "Landbouw, natuur, water en bodem in samenhang met de stikstofopgave"


def test_a_long_chapter_heading_on_the_last_line_is_read_whole():
    text = "1. Inleiding\n\nRijk en provincie Overijssel maken afspraken over de ruimte.\n\n2. " + TITLE
    headings = find_outline(text.split("\n"), {}).headings
    assert len(TITLE) >= 55
    assert [(h.number, h.title, h.line, h.end_line) for h in headings] == [("1", "Inleiding", 1, 1), ("2", TITLE, 5, 5)]
