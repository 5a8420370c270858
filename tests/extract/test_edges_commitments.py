"""Edges of the reading rules of ``commitments.py`` that the systematic mutants found unheld.

Each test names the mutant(s) of ``tools/mutants.py --systematic`` it holds and the fact
a user would see change: the note of a commitment lists the rules that read it, and the
analyst relies on that list to tell a clause read by rule from one read from its text.
"""

from __future__ import annotations

from ra_graph.core.model import Clause
from ra_graph.core.namespaces import RAI
from ra_graph.extract import gazetteer
from ra_graph.extract.commitments import Context, read_clause

ZEELAND = RAI + "provincie-zeeland"
RIJK = RAI + "rijk"


def _read(text: str, *, lead_in: str | None = None) -> list[tuple]:
    """(obligors, beneficiaries, modality, basis, note) of each commitment of one Zeeland clause."""
    clause = Clause(id="zeeland-2026/2.1/1", number="1", kind="Agreement", line=1, text=text, section="2.1",
                    lead_in=lead_in)
    ctx = Context(gazetteer.load(), ZEELAND, 2026)
    return [(c.obligors, c.beneficiaries, c.modality, c.basis, c.note) for c in read_clause(clause, ctx)]


def test_a_passive_item_under_a_joint_lead_in_keeps_the_joint_rule_in_its_note():
    """C-06710b (``r != "subject"`` in ``_passive``): a clause in which no party acts takes the
    parties of its lead-in ("Rijk en provincie spreken af:"); the lead-in names both sides, so each
    side gets its own commitment and the note says both rules that made them -- passive-lead-in
    AND joint.  Keeping only the "subject" rules would drop "joint" from both notes."""
    got = _read("De dijken bij Vlissingen worden voor 2028 versterkt.", lead_in="Rijk en provincie spreken af:")
    assert got == [
        ([RIJK], [ZEELAND], "Result", "FromRule", "rules: passive-lead-in, joint"),
        ([ZEELAND], [RIJK], "Result", "FromRule", "rules: passive-lead-in, joint"),
    ]


def test_a_passive_item_under_a_one_sided_lead_in_has_no_joint_rule():
    """C-06710b, the other side of it: under a lead-in of one party the note names the
    passive-lead-in rule alone (no "joint", no "subject" -- the lead-in's subject is not the item's)."""
    got = _read("De dijken bij Vlissingen worden voor 2028 versterkt.", lead_in="Het Rijk spreekt af:")
    assert got == [([RIJK], [ZEELAND], "Result", "FromRule", "rules: passive-lead-in")]
