"""The static site holds a diff page for each pair of consecutive versions of one province, and none
between provinces.  C-e86ae8 (``a.province == b.province``)."""

from __future__ import annotations

from ra_graph.core.store import open_graph
from ra_graph.web.site import pages
from ra_graph.web.workbench import Workbench


def test_the_site_has_the_diff_of_drenthe_2025_and_2026_and_no_other(two_drenthes):
    listed = pages(Workbench(open_graph(two_drenthes), two_drenthes))
    assert [entry for entry in listed if entry[0].startswith("/diff/")] == [
        ("/diff/drenthe-2025/drenthe-2026", {}, "diff/drenthe-2025/drenthe-2026/index.html")]
