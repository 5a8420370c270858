"""A stored query's ``# revisions: yes`` header: the question follows revision links, so it is asked
of every version (not only those in force) and, where no clause has a revision, its empty answer is
explained.  C-05675e (``key == "revisions"`` in the header parser)."""

from __future__ import annotations

from pathlib import Path

from ra_graph.query import library

QUERIES = Path(__file__).resolve().parents[2] / "queries"


def test_the_revisions_header_is_read(tmp_path):
    assert library.load(QUERIES / "deadlines-moved.rq").revisions is True
    plain = tmp_path / "plain.rq"
    plain.write_text("# title: Clauses\n# example: \nSELECT ?c WHERE { ?c a ?t }\n", encoding="utf-8")
    assert library.load(plain).revisions is False


def test_deadlines_moved_compares_the_version_in_force_with_the_one_before(ra, two_drenthes):
    r = ra("query", "deadlines-moved", "--graph", two_drenthes, "--format", "csv")
    assert (r.code, r.err) == (0, "ra-graph: query deadlines-moved: from every version (3 arrangement(s)): "
                                  "the question compares versions\n")
    header, row, end = r.out.split("\n")
    assert header.split(",")[:9] == ["clause", "arrangement", "line", "previous", "previous_arrangement",
                                     "old_due_by", "old_due_text", "new_due_by", "new_due_text"]
    assert row.split(",")[:9] == ["drenthe-2026/3.3/8", "drenthe-2026", "382", "drenthe-2025/3.3/9", "drenthe-2025",
                                  "2025-08-31", "in augustus 2025", "2026-03-31", "in maart 2026"]
    assert end == ""


def test_deadlines_moved_says_why_a_graph_of_one_version_per_province_has_no_answer(ra, mini_path):
    r = ra("query", "deadlines-moved", "--graph", mini_path)
    assert (r.code, r.out) == (0, "(no rows)\n")
    assert r.err.split("\n")[1] == (
        "ra-graph: deadlines-moved: no answer can come from this graph: it holds one version per province "
        "(drenthe-2025, groningen-2025), so no clause is a revision of another; build a later version of an "
        "arrangement to compare (ra-graph add, ra-graph build)")
