"""An earlier agreement's meeting by its numeric date ("DO 18/12/24"), when no label names it."""

from __future__ import annotations

import pytest

from ra_graph.extract.gazetteer import Gazetteer
from ra_graph.extract.pipeline import match_meetings


def meetings() -> Gazetteer:
    gaz = Gazetteer()
    for label, iri, when in [("DO 18 december 2024", "rai:do", "2024-12-18"),
                             ("PS 18 december 2024", "rai:ps", "2024-12-18"),
                             ("BOL 30 december 2099", "rai:bol-2099", "2099-12-30"),
                             ("BOL 30 december 2100", "rai:bol-2100", "2100-12-30"),
                             ("IPO-bestuur 1 maart 2025", "rai:ipo", "2025-03-01")]:
        gaz.add("meeting", label, iri)
        gaz.meeting_dates[iri] = when
    return gaz


@pytest.mark.parametrize(("text", "found"), [
    ("Afspraak gemaakt DO 18/12/24", ["rai:do"]),  # two-digit year: this century
    ("Afspraak gemaakt DO 18/12/2024", ["rai:do"]),
    ("Afspraak gemaakt PS 18/12/24", ["rai:ps"]),  # the word before the date picks the kind
    ("Afspraak gemaakt op 18/12/24", []),  # two meetings that day, and nothing says which
    ("Afspraak gemaakt 1/3/25", ["rai:ipo"]),  # one meeting that day: that one
    ("Afspraak gemaakt BOL 30/12/99", ["rai:bol-2099"]),  # 99 is 2099, the last two-digit year
    ("Afspraak gemaakt BOL 30/12/100", []),  # three digits are no two-digit year: not 2100
])
def test_a_numeric_date_names_the_meeting_of_that_day(text, found):
    """C-ebdf89, N-6be683, N-fcb032 (``year < 100``), C-b4aac6 (the kind word)."""
    assert match_meetings(text, meetings()) == found
