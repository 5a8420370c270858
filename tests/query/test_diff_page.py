"""``ra-graph diff --page``: the network page a diff links to, only for an HTML diff."""

from __future__ import annotations

import pytest

USAGE = "--page: the address of a graph page (graph.html, no #fragment), with --format html"


def test_an_html_diff_links_to_the_page_given(ra, two_drenthes, tmp_path):
    target = tmp_path / "diff.html"
    r = ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_drenthes, "--format", "html",
           "--page", "graph.html", "--out", target)
    assert (r.code, r.err) == (0, f"wrote {target}\n")
    assert '<a href="graph.html">Netwerk' in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("options", [("--format", "md", "--page", "graph.html"),
                                     ("--format", "json", "--page", "graph.html"),
                                     ("--format", "html", "--page", "graph.html#x")])
def test_a_page_without_an_html_diff_or_with_a_fragment_is_refused(ra, two_drenthes, tmp_path, options):
    target = tmp_path / "diff.out"
    r = ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_drenthes, *options, "--out", target)
    assert r.code == 2 and r.out == ""
    assert r.err == f"ra-graph diff: {USAGE}\n"
    assert not target.exists()
