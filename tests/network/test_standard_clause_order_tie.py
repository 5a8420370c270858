"""Standard clauses whose ratio depends on which text comes first (equally long texts): a pair
exactly at the threshold joins.  C-89003a (``r >= threshold`` for a pair scored one way)."""

from __future__ import annotations

from ra_graph.core.namespaces import RAI
from ra_graph.network.analyse import similarity, standard_clauses
from ra_graph.network.netdata import ArrangementRecord, ClauseRecord, NetworkData

A, B = "c a c c c b b a", "a d c c a b b a"  # 0.625 one way, 0.75 the other


def _data() -> NetworkData:
    arrangements, clauses = {}, {}
    for n, (key, text) in enumerate([("p1", A), ("p2", B)]):
        arr = f"{RAI}{key}-2025"
        arrangements[arr] = ArrangementRecord(arr, key)
        clauses[f"{arr}/1/1"] = ClauseRecord(f"{arr}/1/1", f"{key}/1/1", arr, text=text, line=n)
    return NetworkData(arrangements, clauses, {}, {}, {})


def test_a_pair_scored_in_id_order_exactly_at_the_threshold_joins():
    assert (similarity(A.split(), B.split()), similarity(B.split(), A.split())) == (0.625, 0.75)
    # p1's text first in id order: scored 0.75 (B as difflib's first sequence, A as its second)
    assert [(g["clauses"], g["similarity"]) for g in standard_clauses(_data(), 0.75)] == [
        (["p1/1/1", "p2/1/1"], 0.75)]
    assert standard_clauses(_data(), 0.76) == []
