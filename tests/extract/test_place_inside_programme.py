"""A place name at the start or the end of a programme's name ("Assen" in "Assen Ambition Agenda",
"Groningen" in "Mooi Groningen") is part of that name: the clause concerns the programme, not the
place.  C-a86f0e (``p.start <= m.start``:
a place inside a programme name, its first word included)."""

from __future__ import annotations

import pytest

from ra_graph.core.model import Clause
from ra_graph.core.namespaces import RAI
from ra_graph.extract import gazetteer
from ra_graph.extract.commitments import Context, read_clause


def _read(text: str) -> list[tuple[list[str], list[str]]]:
    clause = Clause(id="drenthe-2026/2.1/1", number="1", kind="Agreement", line=1, text=text, section="2.1")
    ctx = Context(gazetteer.load(), RAI + "provincie-drenthe", 2026)
    return [([p.removeprefix(RAI) for p in c.programmes], [p.removeprefix(RAI) for p in c.locations])
            for c in read_clause(clause, ctx)]


@pytest.mark.parametrize(("name", "programme"), [
    ("de Assen Ambition Agenda", "asser-ambitie-agenda"),
    ("de Asser Ambitie Agenda", "asser-ambitie-agenda"),
    ("Mooi Groningen", "mooi-groningen"),  # C-727282 (``m.end <= p.end``): a place ending the name
])
def test_a_place_opening_or_ending_a_programme_name_is_no_place_of_the_clause(name, programme):
    assert _read(f"Het Rijk ondersteunt {name}.") == [([programme], [])]


def test_the_place_alone_is_a_place():
    assert _read("Het Rijk ondersteunt de gemeente bij een agenda voor Assen.") == [([], ["assen"])]
