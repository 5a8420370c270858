"""Standard clauses: a shorter text contained whole in a longer one is as similar as their lengths
allow, and that bound may equal the threshold.  C-9948d4 (``2 * la / (la + lb) < threshold``: the
length check that skips a pair before it is scored)."""

from __future__ import annotations

import pytest

from ra_graph.core.namespaces import RAI
from ra_graph.network.analyse import similarity, standard_clauses
from ra_graph.network.netdata import ArrangementRecord, ClauseRecord, NetworkData

SHORT = "het rijk levert kaarten"
LONG = SHORT + " aan iedereen"  # four words, and six: at best 2*4/10 = 0.8


def _data() -> NetworkData:
    arrangements, clauses = {}, {}
    for key, text in (("p1", SHORT), ("p2", LONG)):
        arr = f"{RAI}{key}-2025"
        arrangements[arr] = ArrangementRecord(arr, key)
        clauses[f"{arr}/1/1"] = ClauseRecord(f"{arr}/1/1", f"{key}/1/1", arr, text=text, line=1)
    return NetworkData(arrangements, clauses, {}, {}, {})


def test_a_text_contained_in_one_half_again_as_long_is_a_standard_clause_at_0_8():
    assert similarity(LONG.split(), SHORT.split()) == 0.8
    assert [(g["clauses"], g["similarity"]) for g in standard_clauses(_data(), 0.8)] == [
        (["p1/1/1", "p2/1/1"], 0.8)]


@pytest.mark.parametrize("threshold", [0.81, 0.9])
def test_above_what_their_lengths_allow_they_are_not(threshold):
    assert standard_clauses(_data(), threshold) == []
