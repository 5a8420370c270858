"""A quoted footnote ("1 ‘…’") runs to its closing quote -- or, on the last page of a text without
one, to the text's end, which ends it as a blank line would.  C-a79547 (``j < n``)."""

from __future__ import annotations

from ra_graph.extract.text import artefact_lines


def test_a_quoted_footnote_without_its_closing_quote_ends_with_the_text():
    lines = ["Het Rijk werkt mee.", "", "1 ‘Een citaat uit de nota dat", "doorloopt tot het einde"]
    assert artefact_lines(lines) == {3: "footnote", 4: "footnote"}


def test_a_quoted_footnote_ends_at_its_closing_quote():
    lines = ["Het Rijk werkt mee.", "", "1 ‘Een citaat uit de nota.’", "De provincie werkt mee."]
    assert artefact_lines(lines) == {3: "footnote"}
