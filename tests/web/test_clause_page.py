"""A clause read from a published PDF (``ra-graph add``, the documents branch) shows on its
workbench page the page it stands on (``ra:sourcePage``), as ``p. N``."""

from __future__ import annotations

import importlib.util
import re
import sys
from html import unescape
from pathlib import Path

from ra_graph.extract.documents.add import add_document
from ra_graph.graph.build import build_snapshot

ROOT = Path(__file__).resolve().parents[2]
TEXT = ROOT / "tests" / "fixtures" / "unseen" / "ra-overijssel-2026.txt"


def _renderer():
    spec = importlib.util.spec_from_file_location("render_fixture", ROOT / "tools" / "render_fixture.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_fixture"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_clause_page_shows_the_page_of_the_published_document(tmp_path):
    from ra_graph.core.store import open_graph
    from ra_graph.web.workbench import Workbench

    pages = _renderer().render_pdf(TEXT.read_text(encoding="utf-8"), tmp_path / "overijssel.pdf", page_lines=40)
    sources = tmp_path / "sources"
    sources.mkdir()
    add_document(tmp_path / "overijssel.pdf", year=2026, sources=sources)
    graph = tmp_path / "graph.trig"
    build_snapshot(sources, graph, curation=False, use_cache=False)
    bench = Workbench(open_graph(graph), graph)
    expected = {clause: number for number, body in enumerate(pages, start=1) for line in body
                for clause, start in (("overijssel-2026/3.1/2.1", "2.1 Overijssel legt"),
                                      ("overijssel-2026/3.5/1", "1. Het Rijk is bij ruimtelijke"))
                if line.text.startswith(start)}
    assert len(expected) == 2 and expected["overijssel-2026/3.5/1"] > 1
    for clause, number in expected.items():
        reply = bench.handle("/id/" + clause, {}, "text/html")
        html = reply.body.decode("utf-8")
        (shown,) = re.findall(r'<span id="source-page"[^>]*>(.*?)</span>', html)
        assert (reply.status, unescape(shown)) == (200, f"p. {number}"), clause
    # a clause of a plain text (the shipped graph's) has no page, and shows none
    shipped = ROOT / "data" / "graph" / "ra-graph.trig"
    reply = Workbench(open_graph(shipped), shipped).handle("/id/drenthe-2025/3.3/3", {}, "text/html")
    assert reply.status == 200 and b"regel" in reply.body and b'id="source-page"' not in reply.body
