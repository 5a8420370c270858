"""The graph page in a real headless Chromium, with the network cut off.

Checks what static tests cannot: the network renders, the node count and the
filters work, a real click on a clause shows its text and line, and hostile
labels stay text.  Skipped only when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ra_graph.core.store import open_graph
from ra_graph.network.graphs import build_network
from ra_graph.network.visualise import visualise_command

CHROMIUM = Path("/usr/bin/chromium")
XSS = Path(__file__).parents[1] / "fixtures" / "network" / "xss.trig"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened offline, recording every request, dialog and error."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

        def route(r):
            self.requests.append(r.request.url)
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                r.abort()

        self.context.route("**/*", route)
        self.context.set_offline(True)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.raGraph && window.raGraph.ready", timeout=30000)

    def count(self) -> str:
        return self.page.text_content("#node-count")

    def click_node(self, node_id: str) -> None:
        """A real mouse click at the node's place on the canvas."""
        x, y = self.page.evaluate(
            """id => {
                 const net = window.raGraph.network;
                 const p = net.canvasToDOM(net.getPosition(id));
                 const box = document.querySelector('#network canvas').getBoundingClientRect();
                 return [box.left + p.x, box.top + p.y];
               }""",
            node_id,
        )
        self.page.mouse.click(x, y)

    def hover_node(self, node_id: str) -> None:
        x, y = self.page.evaluate(
            """id => { const net = window.raGraph.network; const p = net.canvasToDOM(net.getPosition(id));
                       const box = document.querySelector('#network canvas').getBoundingClientRect();
                       return [box.left + p.x, box.top + p.y]; }""", node_id)
        self.page.mouse.move(x - 40, y - 40)
        self.page.mouse.move(x, y, steps=4)

    def close(self) -> list[str]:
        self.context.close()
        return [u for u in self.requests if not u.startswith("file://")]


def _write(graph: Path, out: Path, **options) -> Path:
    visualise_command(open_graph(graph), out, **options)
    return out


def test_renders_filters_and_shows_clause_details(browser, mini_path, tmp_path):
    expected = build_network(open_graph(mini_path)).number_of_nodes()
    view = Page(browser, _write(mini_path, tmp_path / "mini.html"))
    page = view.page
    try:
        assert view.count() == f"{expected} nodes" == "21 nodes"
        painted = page.evaluate(
            """() => { const c = document.querySelector('#network canvas');
                       const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                       let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")
        assert painted > 5000, "canvas is blank"
        page.screenshot(path="/tmp/ra-graph-visualise.png")

        page.select_option("#filter-arrangement", "groningen-2025")
        assert view.count() == "13 nodes"
        page.select_option("#filter-modality", "Dialogue")
        assert view.count() == "4 nodes"  # groningen-2025/2.1/3, Rijk, Groningen, VRO
        page.click("#reset")
        assert view.count() == "21 nodes"
        page.fill("#search", "eemshaven")
        assert view.count() == "8 nodes"  # veenweide-4 and its seven neighbours
        page.click("#reset")

        clause = "https://w3id.org/ra-graph/id/groningen-2025/2.4/veenweide-4"
        view.click_node(clause)
        assert page.text_content("#detail-title") == "groningen-2025/2.4/veenweide-4"
        assert page.text_content("#detail-line") == "468"
        assert page.text_content("#detail-text").startswith("LVVN, IenW en VRO intensiveren de samenwerking")
        assert "IenW, LVVN, VRO → Groningen" in page.text_content("#details")
        assert page.evaluate("window.raGraph.network.getSelectedNodes()") == [clause]
        assert view.errors == []
    finally:
        leaked = view.close()
    assert leaked == []


def test_hostile_labels_stay_text(browser, tmp_path):
    view = Page(browser, _write(XSS, tmp_path / "xss.html"))
    page = view.page
    try:
        assert view.count() == "4 nodes"
        view.click_node("https://w3id.org/ra-graph/id/evil-2025/1/1")
        text = page.text_content("#detail-text")
        assert '<img src=x onerror="window.__xss=1;alert(1)">' in text
        assert "</script><script>window.__xss=1</script>" in text
        assert page.text_content("#detail-line") == "42"
        assert "<img src=x onerror=alert(1)>" in page.text_content("#details")  # the province, as text

        view.click_node("https://w3id.org/ra-graph/id/provincie-evil")
        assert page.text_content("#detail-title") == "<img src=x onerror=alert(1)>"
        view.hover_node("https://w3id.org/ra-graph/id/evil-programme")
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        assert page.text_content("div.vis-tooltip").startswith("</script><script>window.__xss=1</script>")
        page.select_option("#filter-programme", "</script><script>window.__xss=1</script>")
        assert view.count() == "4 nodes"

        page.wait_for_timeout(200)
        assert page.evaluate("document.querySelectorAll('img, b, a[href]').length") == 0
        assert page.evaluate("window.__xss") is None
        assert view.dialogs == []
        assert view.errors == []
    finally:
        leaked = view.close()
    assert leaked == []
