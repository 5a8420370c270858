"""A resource page lists up to 300 of the statements that link to it ("what links here"), and says
"300 of N" with a link to the full data beyond that.  N-6532ca (``MAX_INCOMING = 300``)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from ra_graph.core.namespaces import RA, RAI
from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.trig"
HUB = RAI + "hub"


def _page(links: int) -> str:
    store = open_graph(MINI)
    graph = ox.NamedNode(RAI + "graph/hubs")
    store.add(ox.Quad(ox.NamedNode(HUB), ox.NamedNode(RA + "shortName"), ox.Literal("Hub"), graph))
    for n in range(links):
        store.add(ox.Quad(ox.NamedNode(f"{RAI}c{n:03d}"), ox.NamedNode(RA + "concerns"), ox.NamedNode(HUB), graph))
    reply = Workbench(store, MINI).handle("/id/hub", {}, "text/html")
    assert reply.status == 200
    return reply.body.decode("utf-8")


@pytest.mark.parametrize(("links", "shown", "said"), [(300, 300, []), (301, 300, ["300 van 301"])])
def test_what_links_here_lists_three_hundred_statements(links, shown, said):
    body = _page(links)
    [rows] = re.findall(r'<table class="data" id="links">.*?<tbody>(.*?)</tbody>', body, re.S)
    assert rows.count("<tr ") == shown
    assert re.findall(r'<p class="muted">(\d+ \w+ \d+);', body) == said
    assert re.findall(r'<h2 id="h-links">[^<]*\((\d+)\)</h2>', body) == [str(links)]
