"""The workbench's network page is made once per session, so it holds every version and can switch
its Years filter; the CLI's page holds only what it counts (tests/network/test_in_force.py)."""

from __future__ import annotations

import json
import re

from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench


def test_the_workbench_network_page_holds_every_version_and_opens_on_those_in_force(two_drenthes):
    html = Workbench(open_graph(two_drenthes), two_drenthes).network_html()
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)[1])
    assert data["years"] == {"default": "in-force", "in_force": ["drenthe-2026", "groningen-2025"],
                             "all": ["drenthe-2025", "drenthe-2026", "groningen-2025"], "lacking": 0}
    assert sorted({n["arrangement"] for n in data["nodes"] if n["kind"] == "clause"}) == data["years"]["all"]
