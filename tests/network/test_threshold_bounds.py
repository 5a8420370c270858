"""``analyse --threshold`` takes a similarity in (0, 1]: 1.0 (identical texts only) and anything
above 0 are taken; 0, below 0 and above 1 are refused with one line.  C-f0f60a, C-1b01c5, N-bd7580,
N-de6703 and the mutants moving its 0.0 (``0.0 < threshold <= 1.0``)."""

from __future__ import annotations

from pathlib import Path

import pytest

STANDARD = Path(__file__).parents[1] / "fixtures" / "network" / "standard.trig"


@pytest.mark.parametrize(("threshold", "taken"), [
    ("1.0", True), ("1.05", False), ("0.95", True), ("0.05", True), ("0", False), ("-0.05", False),
])
def test_the_threshold_is_a_similarity_above_0_and_at_most_1(ra, threshold, taken):
    r = ra("analyse", "--graph", STANDARD, "--format", "json", "--threshold", threshold)
    if taken:
        assert r.code == 0, r.err
    else:
        assert (r.code, r.err.strip().split("\n")[-1]) == (
            2, f"ra-graph: --threshold: must be in (0, 1], got {float(threshold)}")
