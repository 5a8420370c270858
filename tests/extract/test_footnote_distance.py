"""How far above its plain-numbered footnote ("1 Kamerbrief …") the reference to it ("sturend1")
may stand: about a page, 70 lines.  N-99a53e (``PAGE_LINES = 70``)."""

from __future__ import annotations

import pytest

from ra_graph.extract.text import artefact_lines

FILLER = "De provincie en het Rijk werken samen aan de opgaven van de regio."


def _text(distance: int) -> list[str]:
    """The reference on line 1, the footnote ``distance`` lines below it (a blank line above it)."""
    return ["Het Rijk is sturend1 in dit proces.", *[FILLER] * (distance - 2), "",
            "1 Kamerbrief over de NOVEX-gebieden, 2024."]


@pytest.mark.parametrize(("distance", "footnote"), [(69, True), (70, True), (71, False)])
def test_a_footnote_is_one_when_its_reference_stands_at_most_seventy_lines_above(distance, footnote):
    lines = _text(distance)
    assert len(lines) == distance + 1
    assert artefact_lines(lines) == ({distance + 1: "footnote"} if footnote else {})
