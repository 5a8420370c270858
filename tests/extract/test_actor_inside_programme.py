"""An actor's name at the start or the end of a programme's name ("Groningen" in "Groningen agenda
on defence and resilience", in "Mooi Groningen") is part of that name: the clause concerns the
programme and names no province.  C-b17313 (``p.start <= a.start``)."""

from __future__ import annotations

import pytest

from ra_graph.core.model import Clause
from ra_graph.core.namespaces import RAI
from ra_graph.extract import gazetteer
from ra_graph.extract.commitments import Context, read_clause


@pytest.mark.parametrize(("name", "programme"), [
    ("Groningen agenda on defence and resilience", "groninger-agenda-defensie-en-weerbaarheid"),
    ("Mooi Groningen", "mooi-groningen"),
])
def test_a_province_named_inside_a_programme_name_is_not_mentioned(name, programme):
    clause = Clause(id="zeeland-2026/2.1/1", number="1", kind="Agreement", line=1,
                    text=f"Het Rijk steunt {name}.", section="2.1")
    read = read_clause(clause, Context(gazetteer.load(), RAI + "provincie-zeeland", 2026))
    assert [([p.removeprefix(RAI) for p in c.programmes], c.mentions, [o.removeprefix(RAI) for o in c.obligors])
            for c in read] == [([programme], [], ["rijk"])]
