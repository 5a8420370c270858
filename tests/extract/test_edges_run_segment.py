"""Edges of cutting a section into units (``segment.py``) that survivors of the full systematic
mutation run showed unheld (issue #25): each test names the mutant(s) it holds."""

from __future__ import annotations

import pytest

from ra_graph.extract.segment import split_units

PROSE = "Rijk en provincie werken samen aan een klimaatbestendige inrichting van het gebied."


@pytest.mark.parametrize("title, heading", [
    ("Klimaatadaptatie, waterveiligheid en zoetwatervoorziening in Drenthe", True),  # 68 characters
    ("Klimaatadaptatie, waterveiligheid en zoetwatervoorziening in Groningen", True),  # 70
    ("Klimaatadaptatie, waterveiligheid en zoetwatervoorziening in Gelderland", False),  # 71
])
def test_a_title_of_up_to_seventy_characters_directly_above_prose_is_a_sub_heading(title, heading):
    """N-dc174f (``TITLE_MAX_CHARS = 70``): a title line of six words directly followed by prose in
    capitals is an (unlisted) sub-heading when it has at most 70 characters; with 71 it is the
    first line of the paragraph."""
    assert len(title) == {"Drenthe": 68, "Groningen": 70, "Gelderland": 71}[title.rsplit(" ", 1)[1]]
    units = split_units([(10, title), (11, PROSE)], {})
    kinds = [(u.kind, u.line, u.lines) for u in units]
    assert kinds == ([("heading", 10, [10]), ("prose", 11, [11])] if heading else [("prose", 10, [10, 11])])
