"""Rule "past-date": a date before the arrangement's year is history (what was agreed before), not
a deadline; from the year's first day on it is one.  C-bb1804 (``p.due_by < f"{year}-01-01"``)."""

from __future__ import annotations

import pytest

from ra_graph.core.model import Clause
from ra_graph.core.namespaces import RAI
from ra_graph.extract import gazetteer
from ra_graph.extract.commitments import Context, read_clause


@pytest.mark.parametrize(("day", "due"), [
    ("31 december 2025", (None, None)),
    ("1 januari 2026", ("2026-01-01", "uiterlijk 1 januari 2026")),
    ("2 januari 2026", ("2026-01-02", "uiterlijk 2 januari 2026")),
])
def test_a_2026_arrangements_deadlines_start_on_the_first_of_january_2026(day, due):
    text = f"De provincie Zeeland levert het plan uiterlijk {day} op."
    clause = Clause(id="zeeland-2026/2.1/1", number="1", kind="Agreement", line=1, text=text, section="2.1")
    ctx = Context(gazetteer.load(), RAI + "provincie-zeeland", 2026)
    assert [(c.due_by, c.due_text) for c in read_clause(clause, ctx)] == [due]
