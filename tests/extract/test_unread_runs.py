"""Lines no rule read are warned about per run of neighbouring lines."""

from __future__ import annotations

from ra_graph.extract.coverage import _runs


def test_a_warning_covers_a_run_of_neighbouring_lines_and_a_gap_starts_the_next():
    """C-fc243d (``runs[-1][-1] == n - 1``)."""
    assert _runs([3, 4, 7, 9, 10, 11]) == [[3, 4], [7], [9, 10, 11]]
    assert _runs([]) == []
