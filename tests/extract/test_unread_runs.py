"""Lines no rule read are warned about per run of neighbouring lines."""

from __future__ import annotations

from ra_graph.extract.coverage import _runs


def test_a_warning_covers_a_run_of_neighbouring_lines_and_a_gap_starts_the_next():
    """C-fc243d (``runs[-1][-1] == n - 1``)."""
    assert _runs([3, 4, 7, 9, 10, 11]) == [[3, 4], [7], [9, 10, 11]]
    assert _runs([]) == []


def test_an_unread_line_belongs_to_the_section_whose_heading_is_on_or_above_it():
    """C-5a9643 (``h.line <= line``): a heading's own line is in its section."""
    from types import SimpleNamespace

    from ra_graph.extract.coverage import _section_of

    outline = SimpleNamespace(sections=[SimpleNamespace(line=10, number="3.1"), SimpleNamespace(line=20, number="3.2")])
    assert [_section_of(n, outline) for n in (9, 10, 19, 20, 21)] == [None, "3.1", "3.1", "3.2", "3.2"]
