"""The graph page in a real headless Chromium, with the network cut off.

Checks what static tests cannot: the overview draws the names of every
ministry and province readably at first paint (every ``fillText`` on the
canvas is recorded), the table counts what ``ra-graph owes`` answers, the
CSV download, filters that re-lay out the network and clear a selection
they hide, "no match", deep links, and hostile labels staying text.
Skipped only when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import CHROMIUM, ROOT

from ra_graph.core.store import open_graph
from ra_graph.network.graphs import build_network
from ra_graph.network.visualise import visualise_command

# the screenshots of docs/analysts/network.md: RA_GRAPH_SCREENSHOTS=docs/img pytest ... writes them there
SHOTS = Path(os.environ.get("RA_GRAPH_SCREENSHOTS", tempfile.gettempdir()))
XSS = Path(__file__).parents[1] / "fixtures" / "network" / "xss.trig"
SHIPPED = ROOT / "data" / "graph" / "ra-graph.trig"
RAI = "https://w3id.org/ra-graph/id/"
READY = 60000  # ms: a hang guard, not a speed limit

# Records every text the page draws on a canvas, per frame (vis-network clears the canvas to draw one),
# with its on-screen font size and place (a rotated label's size is the length of the scaled x axis).
PAINT_HOOK = """
window.__frames = [];
const clear = CanvasRenderingContext2D.prototype.clearRect;
CanvasRenderingContext2D.prototype.clearRect = function () {
  window.__frames.push([]); return clear.apply(this, arguments);
};
const fill = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, x, y) {
  const m = this.getTransform(), px = parseFloat((this.font.match(/([\\d.]+)px/) || [0, 0])[1]);
  const r = this.canvas.getBoundingClientRect(), k = devicePixelRatio, q = Math.hypot(m.a, m.b) / k;
  const box = this.measureText(String(text)), sx = (m.a * x + m.c * y + m.e) / k, sy = (m.b * x + m.d * y + m.f) / k;
  if (!window.__frames.length) { window.__frames.push([]); }
  window.__frames[window.__frames.length - 1].push({
    text: String(text), px: px * q, alpha: this.globalAlpha, x: sx, y: sy, width: r.width, height: r.height,
    // the glyphs' box on screen (CSS px), from the canvas's own text metrics
    left: sx - box.actualBoundingBoxLeft * q, right: sx + box.actualBoundingBoxRight * q,
    top: sy - box.actualBoundingBoxAscent * q, bottom: sy + box.actualBoundingBoxDescent * q});
  return fill.apply(this, arguments);
};
"""

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")



class Page:
    """A page opened offline, recording every request, dialog, error and canvas text."""

    def __init__(self, browser, path: Path, fragment: str = "", size: tuple[int, int] = (1400, 900)):
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
        self.context.add_init_script(PAINT_HOOK)
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
        self.page.goto(path.as_uri() + fragment)
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_function("() => window.raGraph && window.raGraph.ready", timeout=READY)

    def do(self, script: str, *args) -> object:
        """Run ``script`` (e.g. a filter change) and wait until the network is laid out again."""
        value = self.page.evaluate(script, *args)
        self.ready()
        return value

    def count(self) -> str:
        return self.page.text_content("#node-count")

    def fragment(self) -> str:
        return self.page.evaluate("location.hash")

    def shown(self) -> list[str]:
        return sorted(i.removeprefix(RAI) for i in self.page.evaluate("raGraph.visibleNodeIds()"))

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

    def inside(self) -> bool:
        """Every drawn node lies within the canvas (the layout was fitted to the window)."""
        return self.page.evaluate(
            """() => { const net = raGraph.network, box = document.querySelector('#network canvas');
                       return raGraph.visibleNodeIds().every(id => { const p = net.canvasToDOM(net.getPosition(id));
                         return p.x >= 0 && p.y >= 0 && p.x <= box.clientWidth && p.y <= box.clientHeight; }); }""")

    def close(self) -> list[str]:
        self.context.close()
        return [u for u in self.requests if not u.startswith("file://")]


def _write(graph: Path, out: Path, **options) -> Path:
    visualise_command(open_graph(graph), out, **options)
    return out


@pytest.fixture(scope="module")
def shipped_page(tmp_path_factory) -> Path:
    return _write(SHIPPED, tmp_path_factory.mktemp("page") / "graph.html")


MINISTRIES = ["Defensie", "EZ", "IenW", "KGG", "LVVN", "OCW", "VRO"]
PROVINCES = ["Drenthe", "Fryslân", "Groningen"]


def first_frame(view: Page) -> list[dict]:
    """The texts of the first frame the page paints (the layout is done before anything is drawn)."""
    page = view.page
    page.wait_for_function("() => window.__frames.some(f => f.length)", timeout=READY)
    page.wait_for_timeout(1500)  # any later frame would be recorded too
    frames = [f for f in page.evaluate("window.__frames") if f]

    def seen(frame: list[dict]) -> list[tuple]:
        return sorted((t["text"], round(t["x"]), round(t["y"]), round(t["px"], 1)) for t in frame)

    # vis-network may repaint after the first paint; it must paint the same labels at the same places
    assert [seen(f) for f in frames[1:]] == [seen(frames[0])] * (len(frames) - 1)
    return [t for t in frames[0] if t["text"].strip()]


def overlaps(texts: list[dict]) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose glyph boxes intersect (by more than half a pixel)."""
    out = []
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if (min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
                    and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5):
                out.append((a["text"], b["text"]))
    return out


def overview_names(page) -> list[str]:
    """The labels of the actors the overview draws (programmes may show on hover or zoom only)."""
    return page.evaluate("""() => { const data = JSON.parse(document.getElementById('data').textContent);
        return raGraph.visibleNodeIds().map(id => id === 'no-party-named' ? 'no party named'
          : data.nodes.find(n => n.id === id)).filter(n => typeof n === 'string' || n.kind === 'actor')
          .map(n => typeof n === 'string' ? n : n.label); }""")


def test_first_paint_every_label_readable_and_none_overlapping(browser, shipped_page):
    view = Page(browser, shipped_page, size=(1600, 1000))
    page = view.page
    try:
        texts = first_frame(view)
        drawn = {t["text"]: t for t in texts}
        names = overview_names(page)
        assert len(names) == 20 and set(MINISTRIES + PROVINCES + ["Rijk", "no party named"]) <= set(names)
        assert sorted(n for n in names if n not in drawn) == []  # every name is drawn ...
        assert {t["text"]: round(t["px"], 1) for t in texts if t["px"] < 10.95} == {}  # ... every label >= 11 px
        assert min(drawn[n]["px"] for n in MINISTRIES + PROVINCES + ["Rijk"]) >= 13
        assert all(t["alpha"] == 1 for t in texts)
        assert all(0 <= t["left"] and t["right"] <= t["width"] and 0 <= t["top"] and t["bottom"] <= t["height"]
                   for t in texts)  # on the canvas
        assert overlaps(texts) == []
        # one edge per pair, both directions and their counts on it: the Rijk and Drenthe owe each other 32 and 33
        pair = [t["text"] for t in texts if re.fullmatch(r"3[23] [→↓] · [←↑] 3[23]", t["text"])]
        assert len(pair) == 1 and sorted(re.findall(r"\d+", pair[0])) == ["32", "33"]
        edges = page.evaluate("raGraph.network.body.data.edges.get().map(e => [e.from, e.to].sort().join(' '))")
        assert len(edges) == len(set(edges)) == 144
        # a ministry's total, agencies included, in its edge's hover text
        title = page.evaluate("""() => raGraph.network.body.data.edges.get().find(e =>
            [e.from, e.to].sort().join(' ') === ['%sienw', '%sprovincie-drenthe'].sort().join(' ')).title""" % (RAI, RAI))
        assert "Total IenW owes Drenthe, agencies included: 6 (ra-graph owes IenW Drenthe)" in title
        # the overview: actors and programmes only (and the stand-in for commitments naming no obligor)
        assert view.count() == "74 nodes" and view.inside()
        page.screenshot(path=str(SHOTS / "network-overview.png"))
        assert view.errors == []
    finally:
        leaked = view.close()
    assert leaked == []


def test_clause_view_shows_the_neighbourhood_of_a_selection(browser, shipped_page):
    view = Page(browser, shipped_page, size=(1600, 1000))
    page = view.page
    try:
        page.click("#view-clauses")
        view.ready()
        assert (view.count(), page.is_visible("#empty")) == ("0 nodes", True)
        assert page.text_content("#empty").startswith("Select an actor, province or programme")
        page.click("#view-overview")
        view.ready()
        view.click_node(RAI + "provincie-drenthe")
        page.click("#show-clauses")
        view.ready()
        clauses = page.evaluate("""() => { const data = JSON.parse(document.getElementById('data').textContent);
            return raGraph.visibleNodeIds().filter(id => (data.nodes.find(n => n.id === id) || {}).kind === 'clause')
              .length; }""")
        assert (clauses, page.text_content("#detail-title")) == (42, "Drenthe")
        assert view.fragment() == "#view=clauses&around=provincie-drenthe&node=provincie-drenthe&panel=details"
        page.wait_for_timeout(300)
        texts = [t for t in page.evaluate("window.__frames[window.__frames.length - 1]") if t["text"].strip()]
        assert overlaps(texts) == [] and min(t["px"] for t in texts) >= 10.95
        page.evaluate("document.querySelectorAll('div.vis-tooltip').forEach(t => { t.style.visibility = 'hidden'; })")
        page.screenshot(path=str(SHOTS / "network-clauses.png"))
        assert view.errors == []
    finally:
        view.close()


def test_narrow_screen(browser, shipped_page):
    view = Page(browser, shipped_page, size=(390, 1000))
    try:
        texts = first_frame(view)
        assert {"Drenthe", "Groningen", "Rijk"} <= {t["text"] for t in texts}
        assert overlaps(texts) == []
        assert {t["text"]: round(t["px"], 1) for t in texts if t["px"] < 10.95} == {}
        view.page.screenshot(path=str(SHOTS / "network-narrow.png"))
        assert view.errors == []
    finally:
        view.close()


@pytest.mark.parametrize(("fragment", "said"), [
    ("#node=no-such-actor", "This page has no node “no-such-actor”"),
    ("#arrangement=utrecht-2099&node=provincie-drenthe", "This page has no arrangement “utrecht-2099”"),
])
def test_a_bad_deep_link_says_what_it_could_not_find(browser, shipped_page, fragment, said):
    view = Page(browser, shipped_page, fragment)
    page = view.page
    try:
        assert page.is_visible("#notice")
        assert page.text_content("#notice").startswith(said)
        kept = dict(p.split("=") for p in view.fragment().lstrip("#").split("&"))
        assert kept.items() >= dict(p.split("=") for p in fragment.lstrip("#").split("&")).items()  # kept
        assert view.count() == "74 nodes"
        assert view.errors == []
    finally:
        view.close()


def owes_commitments(ra, debtor: str, creditor: str, *options: str) -> int:
    r = ra("owes", debtor, creditor, "--format", "json", *options)
    assert r.code == 0, r.err
    return len({row["commitment"] for row in json.loads(r.out)})


@pytest.mark.parametrize(("fragment", "options"), [
    ("", ()),
    ("#years=all", ("--all-years",)),
    ("#arrangement=groningen-2025&modality=Effort", ("--arrangement", "groningen-2025", "--modality", "Effort")),
    ("#programme=Deltaprogramma%20Zoetwater", ("--all-years", "--programme", "Deltaprogramma Zoetwater")),
])
def test_table_counts_what_owes_answers(browser, shipped_page, ra, fragment, options):
    view = Page(browser, shipped_page, fragment)
    try:
        table = view.page.evaluate("raGraph.table()")
        provinces = table["columns"][1:-1]
        got = {(row["name"], p): n for row in table["rows"] for p, n in zip(provinces, row["cells"])}
        want = {(name, p): owes_commitments(ra, "Rijk" if name.startswith("Rijk") else name, p, *options)
                for name, p in got}
        assert got == want
        assert [row["name"] for row in table["rows"]][-1] == "Rijk (all, incl. ministries)"
        assert sorted(row["name"] for row in table["rows"][:-1]) == MINISTRIES
        assert view.errors == []
    finally:
        view.close()


def test_table_on_the_shipped_graph_sorts_and_downloads_as_csv(browser, shipped_page):
    view = Page(browser, shipped_page)
    page = view.page
    try:
        body = lambda: [[c.strip() for c in r.split("\t")]  # noqa: E731
                        for r in page.inner_text("#matrix tbody").strip().split("\n")]
        assert body() == [["OCW", "10", "8", "18"], ["IenW", "6", "7", "13"], ["VRO", "6", "5", "11"],
                          ["EZ", "0", "9", "9"], ["KGG", "0", "8", "8"], ["Defensie", "1", "2", "3"],
                          ["LVVN", "0", "2", "2"], ["Rijk (all, incl. ministries)", "39", "40", "79"]]
        page.click("#matrix thead th:nth-child(3)")  # Groningen, most first (ties by name)
        assert [r[0] for r in body()] == ["EZ", "KGG", "OCW", "IenW", "VRO", "Defensie", "LVVN",
                                          "Rijk (all, incl. ministries)"]
        assert view.fragment() == "#sort=Groningen%3Adesc"
        page.click("#matrix thead th:nth-child(1)")  # by name
        assert [r[0] for r in body()][:3] == ["Defensie", "EZ", "IenW"]
        with page.expect_download() as info:
            page.click("#download")
        download = info.value
        text = Path(download.path()).read_bytes().decode("utf-8")
        assert download.suggested_filename == "ra-graph-commitments-per-ministry-and-province-in-force.csv"
        assert text == page.evaluate("raGraph.tableCsv()")
        # every row names the filter it was made under, so a sorted or pasted row keeps it
        f = "in force: drenthe-2025, groningen-2025"
        assert text.split("\r\n")[-2] == f'"Rijk (all, incl. ministries)",39,40,79,"{f}"'
        assert list(csv.reader(io.StringIO(text))) == [
            ["ministry", "Drenthe", "Groningen", "total", "filter"], ["Defensie", "1", "2", "3", f],
            ["EZ", "0", "9", "9", f], ["IenW", "6", "7", "13", f], ["KGG", "0", "8", "8", f],
            ["LVVN", "0", "2", "2", f], ["OCW", "10", "8", "18", f], ["VRO", "6", "5", "11", f],
            ["Rijk (all, incl. ministries)", "39", "40", "79", f]]
        page.select_option("#filter-modality", "Effort")
        view.ready()
        with page.expect_download() as info:
            page.click("#download")
        assert info.value.suggested_filename == "ra-graph-commitments-per-ministry-and-province-in-force-effort.csv"
        rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8"))))
        assert {r[-1] for r in rows[1:]} == {"in force: drenthe-2025, groningen-2025; modality Effort"}
        assert view.errors == []
    finally:
        view.close()


QUOTES = """@prefix ra: <https://w3id.org/ra-graph/def#> . @prefix rai: <https://w3id.org/ra-graph/id/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix dcterms: <http://purl.org/dc/terms/> .
rai:graph\\/vocab { rai:rijk a ra:NationalGovernment ; ra:shortName "Rijk" .
  rai:m a ra:Ministry ; ra:shortName "Min \\"A\\", B" ; org:subOrganizationOf rai:rijk .
  rai:p a ra:Province ; ra:shortName "Noord, Holland" . }
rai:graph\\/nh-2026 { rai:nh-2026 a ra:Arrangement ; dcterms:identifier "nh-2026" ; ra:province rai:p .
  rai:nh-2026\\/1\\/1 a ra:Clause ; dcterms:identifier "nh-2026/1/1" ; ra:inArrangement rai:nh-2026 ;
    ra:clauseKind ra:Agreement ; ra:sourceLine 3 ; ra:text "x"@nl ; ra:hasCommitment rai:nh-2026\\/1\\/1\\/c1 .
  rai:nh-2026\\/1\\/1\\/c1 a ra:Commitment ; ra:obligor rai:m ; ra:beneficiary rai:p ; ra:modality ra:Effort . }
"""


def test_csv_fields_with_commas_and_quotes_are_quoted(browser, tmp_path):
    graph = tmp_path / "quotes.trig"
    graph.write_text(QUOTES, encoding="utf-8")
    view = Page(browser, _write(graph, tmp_path / "quotes.html"))
    try:
        # (no Rijk row: no commitment names the Rijk itself, so it is not in the page)
        assert view.page.evaluate("raGraph.tableCsv()") == (
            'ministry,"Noord, Holland",total,filter\r\n"Min ""A"", B",1,1,in force: nh-2026\r\n')
        assert view.errors == []
    finally:
        view.close()


def test_filters_relayout_clear_a_hidden_selection_and_say_no_match(browser, mini_path, tmp_path):
    network = build_network(open_graph(mini_path))
    lvvn = RAI + "lvvn"
    clauses = {a["clause"] for u, v, a in network.edges(data=True) if a.get("clause") and lvvn in (u, v)}
    expected = len(clauses | {x for u, v, a in network.edges(data=True) if a.get("clause") in clauses for x in (u, v)})
    view = Page(browser, _write(mini_path, tmp_path / "mini.html"))
    page = view.page
    try:
        assert view.shown() == ["deltaprogramma-zoetwater", "gemeenten", "ienw", "lvvn", "no-party-named", "novex",
                                "ocw", "provincie-drenthe", "provincie-groningen", "rijk", "rws", "vro"]
        view.click_node(RAI + "lvvn")
        page.click("#show-clauses")  # the clause view: LVVN's clauses and their parties
        view.ready()
        assert view.count() == f"{expected} nodes" == "8 nodes"
        assert view.fragment() == "#view=clauses&around=lvvn&node=lvvn&panel=details"

        clause = RAI + "groningen-2025/2.4/veenweide-4"
        view.click_node(clause)
        assert page.text_content("#detail-title") == "groningen-2025/2.4/veenweide-4"
        assert page.text_content("#detail-line") == "468"
        assert page.text_content("#detail-text").startswith("LVVN, IenW en VRO intensiveren de samenwerking")
        assert "IenW, LVVN, VRO → Groningen" in page.text_content("#details")
        assert view.fragment() == "#view=clauses&around=lvvn&node=groningen-2025%2F2.4%2Fveenweide-4&panel=details"

        layouts = page.evaluate("raGraph.layouts")
        page.select_option("#filter-arrangement", "drenthe-2025")  # hides the selected clause
        view.ready()
        assert page.evaluate("raGraph.layouts") == layouts + 1  # laid out anew, and fitted
        assert view.count() == "0 nodes"  # LVVN is party to no clause of drenthe-2025
        assert page.text_content("#empty") == "No clause around LVVN with these filters."
        assert page.evaluate("raGraph.network.getSelectedNodes()") == []
        assert page.text_content("#details").startswith(
            "groningen-2025/2.4/veenweide-4 is not shown with these filters.")
        assert view.fragment() == "#view=clauses&arrangement=drenthe-2025&around=lvvn&panel=details"

        page.click("#view-overview")
        view.ready()
        page.select_option("#filter-modality", "Research")
        view.ready()
        assert view.shown() == ["ocw", "provincie-drenthe"]  # drenthe-2025/3.1/eerder-1: OCW -> Drenthe
        assert view.inside()
        page.click("#reset")
        view.ready()
        page.click("#view-clauses")
        page.fill("#search", "xyzzy")
        page.wait_for_function("() => raGraph.state().search === 'xyzzy' && raGraph.ready", timeout=READY)
        assert (view.count(), page.text_content("#empty")) == ("0 nodes", "No match for “xyzzy”")
        assert page.is_visible("#empty")
        page.click("#view-overview")
        page.fill("#search", "eemshaven")
        page.wait_for_function("() => raGraph.state().search === 'eemshaven' && raGraph.ready", timeout=READY)
        assert not page.is_visible("#empty")
        shown = view.shown()  # veenweide-4: its parties and programmes
        assert len(shown) == 6
        assert {"deltaprogramma-zoetwater", "ienw", "lvvn", "provincie-groningen", "vro"} <= set(shown)
        assert view.errors == []
    finally:
        leaked = view.close()
    assert leaked == []


def test_deep_link_opens_the_clause_with_its_filters(browser, mini_path, tmp_path):
    path = _write(mini_path, tmp_path / "mini.html")
    view = Page(browser, path, "#arrangement=groningen-2025&node=" + quote("groningen-2025/2.4/veenweide-4", safe=""))
    page = view.page
    try:
        assert page.evaluate("raGraph.state().view") == "clauses"  # a clause is shown in the clause view
        assert page.input_value("#filter-arrangement") == "groningen-2025"
        assert page.text_content("#detail-title") == "groningen-2025/2.4/veenweide-4"
        assert page.query_selector("#detail-page") is None  # opened from disk: no resource page to link to
        assert page.evaluate("raGraph.network.getSelectedNodes()") == [RAI + "groningen-2025/2.4/veenweide-4"]
        assert view.count() == "8 nodes"  # the clause and its parties, programmes and locations
        # an entity in the overview, and the URL edited by hand
        page.evaluate("location.hash = '#ministry=VRO&node=vro'")
        view.ready()
        page.wait_for_function("() => raGraph.state().node.endsWith('/vro') && raGraph.ready", timeout=READY)
        assert (page.evaluate("raGraph.state().view"), page.text_content("#detail-title")) == ("overview", "VRO")
        assert [r["name"] for r in page.evaluate("raGraph.table()")["rows"]] == ["VRO"]
        assert view.errors == []
    finally:
        view.close()


def test_hostile_labels_stay_text(browser, tmp_path):
    view = Page(browser, _write(XSS, tmp_path / "xss.html"), "#view=clauses&around=provincie-evil")
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
        view.ready()
        assert view.count() == "4 nodes"
        assert "<img src=x onerror=alert(1)>" in page.text_content("#matrix")  # the province column, as text
        page.click("#view-overview")
        view.ready()
        assert view.count() == "3 nodes"

        page.wait_for_timeout(200)
        assert page.evaluate("document.querySelectorAll('img, b, a[href]').length") == 0
        assert page.evaluate("window.__xss") is None
        assert view.dialogs == []
        assert view.errors == []
    finally:
        leaked = view.close()
    assert leaked == []


def test_the_validation_report_links_into_the_page(browser, ra, mini_path, tmp_path):
    _write(mini_path, tmp_path / "graph.html")
    report = tmp_path / "report.html"
    r = ra("validate", "--graph", mini_path, "--format", "html", "--page", "graph.html", "--out", report)
    assert r.code == 1, r.err  # mini.trig has a Violation
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    try:
        page = context.new_page()
        page.goto(report.as_uri())
        link = page.locator("a", has_text="groningen-2025/2.4/agenda-1").first
        assert link.get_attribute("href") == "graph.html#view=clauses&node=groningen-2025/2.4/agenda-1"
        link.click()
        page.wait_for_function("() => window.raGraph && window.raGraph.ready", timeout=READY)
        assert page.text_content("#detail-title") == "groningen-2025/2.4/agenda-1"
        assert page.evaluate("raGraph.network.getSelectedNodes()") == [RAI + "groningen-2025/2.4/agenda-1"]
    finally:
        context.close()


def table_cells(view: Page) -> dict[tuple[str, str], int]:
    table = view.page.evaluate("raGraph.table()")
    provinces = table["columns"][1:-1]
    return {(row["name"], p): n for row in table["rows"] for p, n in zip(provinces, row["cells"])}


@pytest.mark.parametrize(("page_options", "fragment", "owes_options", "scope"), [
    ((), "", (), "in force: "),
    (("--all-years",), "", ("--all-years",), "all years: "),
    (("--all-years",), "#years=in-force", (), "in force: "),
])
def test_table_counts_what_owes_answers_after_renewals(browser, register, ra, tmp_path, page_options, fragment,
                                                       owes_options, scope):
    """A register of two provinces with two years each: the page counts the version in force as owes
    does (not both years added up), and every version when asked for all years."""
    graph = register / "data" / "graph" / "ra-graph.trig"
    out = tmp_path / "register.html"
    r = ra("visualise", "--graph", graph, "--out", out, *page_options)
    assert r.code == 0, r.err
    view = Page(browser, out, fragment)
    try:
        got = table_cells(view)
        assert len({p for _, p in got}) == 2 and len(got) >= 8
        want = {(name, p): owes_commitments(ra, "Rijk" if name.startswith("Rijk") else name, p,
                                            "--graph", graph, *owes_options) for name, p in got}
        assert got == want
        assert sum(got.values()) > 0
        if not owes_options:  # adding both years up would have given more, in every Rijk cell
            rijk = {k: n for k, n in got.items() if k[0].startswith("Rijk")}
            assert {k: owes_commitments(ra, "Rijk", k[1], "--graph", graph, "--all-years") > n
                    for k, n in rijk.items()} == dict.fromkeys(rijk, True)
        caption = view.page.text_content("#table-caption")
        years = sorted({a for a in re.findall(r"[a-z-]+-20\d\d", caption)})
        assert caption.startswith("Commitments of the clauses shown — " + scope)
        assert len(years) == (2 if scope.startswith("in force") else 4)
        assert view.errors == []
    finally:
        view.close()


def test_a_page_made_for_the_arrangements_in_force_says_it_lacks_the_older_years(browser, register, ra, tmp_path):
    """Made without --all-years the page holds only the two arrangements in force: its Years filter
    cannot switch and says why, and a link asking for every year keeps the counts in force and says
    what is missing instead of calling them all years."""
    graph = register / "data" / "graph" / "ra-graph.trig"
    out = tmp_path / "in-force.html"
    r = ra("visualise", "--graph", graph, "--out", out)
    assert r.code == 0, r.err
    view = Page(browser, out, "#years=all")
    try:
        page = view.page
        assert page.eval_on_selector("#filter-years", "s => [s.disabled, s.value, s.title]") == [
            True, "in-force", "This page holds each province\u2019s arrangement in force; ra-graph visualise "
            "--all-years makes one that also holds the 2 older versions"]
        assert page.text_content("#notice") == (
            "The link asks for every year, but this page holds only the arrangements in force, not the 2 older "
            "versions (ra-graph visualise --all-years makes a page with every version); showing the overview of "
            "the arrangements in force.")
        assert page.evaluate("location.hash") == "#years=all"
        got = table_cells(view)
        assert got == {(name, p): owes_commitments(ra, "Rijk" if name.startswith("Rijk") else name, p,
                                                   "--graph", graph) for name, p in got}
        assert page.text_content("#table-caption").startswith("Commitments of the clauses shown — in force: ")
        assert view.errors == []
    finally:
        view.close()


def test_an_overview_edge_tells_both_directions_and_a_ministrys_total(browser, shipped_page):
    view = Page(browser, shipped_page)
    page = view.page
    try:
        edge = page.evaluate("""() => raGraph.network.body.data.edges.get().find(e =>
            [e.from, e.to].sort().join(' ') === ['%sienw', '%sprovincie-drenthe'].sort().join(' ')).id""" % (RAI, RAI))
        page.evaluate("id => raGraph.network.emit('click', {nodes: [], edges: [id], pointer: {}})", edge)
        lines = page.eval_on_selector_all("#details p.detail-count", "ps => ps.map(p => p.textContent)")
        assert page.text_content("#detail-title") == "IenW → Drenthe"
        assert lines[0].startswith("IenW → Drenthe: 6 commitments (")
        assert lines[1] == "Total IenW owes Drenthe, agencies included: 6 (ra-graph owes IenW Drenthe)"
        assert page.locator("#details ul.links li").count() >= 1  # its clauses, one click from the clause view
        rijk = page.evaluate("""() => raGraph.network.body.data.edges.get().find(e =>
            [e.from, e.to].sort().join(' ') === ['%srijk', '%sprovincie-drenthe'].sort().join(' ')).id""" % (RAI, RAI))
        page.evaluate("id => raGraph.network.emit('click', {nodes: [], edges: [id], pointer: {}})", rijk)
        assert page.text_content("#detail-title") in ("Drenthe ⇄ Rijk", "Rijk ⇄ Drenthe")
        counts = sorted(re.search(r": (\d+) commitments", t)[1] for t in
                        page.eval_on_selector_all("#details p.detail-count", "ps => ps.map(p => p.textContent)")[:2])
        assert counts == ["32", "33"]
        assert view.errors == []
    finally:
        view.close()
