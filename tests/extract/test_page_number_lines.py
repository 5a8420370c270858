"""A line holding only a number is a page number when it stands apart: after a blank line, before
one, or on the text's first line.  Between two lines of a sentence it is text ("levert / 12 /
woningen op").  C-73ed63 (``prev_blank = i == 0 or blank[i - 1]``)."""

from __future__ import annotations

import pytest

from ra_graph.extract.text import artefact_lines


@pytest.mark.parametrize(("lines", "found"), [
    (["De provincie levert", "12", "woningen op."], {}),
    (["De provincie levert woningen.", "", "12", "De provincie"], {3: "page number"}),
    (["De provincie levert woningen.", "12", "", "De provincie"], {2: "page number"}),
    (["12", "De provincie levert woningen op.", "Het Rijk betaalt."], {1: "page number"}),
])
def test_a_number_alone_on_its_line_is_a_page_number_only_where_it_stands_apart(lines, found):
    assert artefact_lines(lines) == found
