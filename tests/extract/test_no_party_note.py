"""A commitment that names no party keeps, after "no-party", every other rule that read it.

C-d67daa (``r != "no-party"``): the note of drenthe-2025/3.2/1 (passive, its parties named only in
its condition) says both rules, so a reviewer sees why the clause carries a condition."""

from __future__ import annotations

from ra_graph.core import paths
from ra_graph.extract.pipeline import draft


def test_a_clause_without_a_party_notes_the_condition_rule_too():
    clauses = {c.id: c for c in draft(paths.SOURCES / "ra-drenthe-2025.txt").clauses}
    (commitment,) = clauses["drenthe-2025/3.2/1"].commitments
    assert commitment.obligors == []
    assert commitment.note == "rules: no-party, condition"
