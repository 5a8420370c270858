"""Pairing a clause with its predecessor: a candidate in a section of the same theme gets 0.05 on
top of its similarity.  N-a016a1 and the other ``THEME_BONUS = 0.05`` mutants: a same-theme
candidate wins against another up to 0.049 more similar and loses against one 0.051 more similar.
The similarities are given (the text's cosines are tested in test_revisions.py), so the
boundary is exact."""

from __future__ import annotations

import pytest

from ra_graph.graph import revisions
from ra_graph.graph.revisions import Item, align


@pytest.mark.parametrize(("lead", "paired"), [(0.049, "same theme"), (0.051, "other theme")])
def test_a_same_theme_candidate_wins_by_up_to_five_hundredths(monkeypatch, lead, paired):
    old = [Item("zeeland-2025/2.1/1", "1", "thema-water", "De provincie beschermt de kust.")]
    new = [Item("zeeland-2026/2.1/1", "1", "thema-water", "De provincie versterkt de kust."),
           Item("zeeland-2026/3.1/1", "1", "thema-energie", "De provincie versterkt het net.")]
    monkeypatch.setattr(revisions, "_cosines", lambda old_v, new_v: {(0, 0): 0.6, (0, 1): 0.6 + lead})
    (match, *unmatched) = align(old, new)
    assert (match.old, match.new) == (0, 0 if paired == "same theme" else 1)
    assert match.score == round(0.6 if paired == "same theme" else 0.6 + lead, 3)
    assert [(m.old, m.new) for m in unmatched] == [(None, 1 if paired == "same theme" else 0)]
