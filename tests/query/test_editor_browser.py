"""The SPARQL editor at /sparql in a real headless Chromium, over a real loopback socket, on the shipped graph.

Every request the browser makes is recorded (``page.on("request")``) and anything not addressed to
the server is aborted and recorded: the editor must work with no other origin.  Console errors,
page errors and Content-Security-Policy violations (``securitypolicyviolation`` events) are
collected too and must stay empty.  Row counts are compared with ``ra-graph query`` on the same
graph.  The screenshots in docs/img/ are made here.  Skipped only when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import CHROMIUM, HANG_GUARD, in_process_endpoint
from ra_graph.query import library

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "graph" / "ra-graph.trig"
# the screenshots of docs/analysts/sparql-editor.md (their timing line changes at every run, so they are
# written to docs/img only when asked: RA_GRAPH_SCREENSHOTS=docs/img python -m pytest tests/query/test_editor_browser.py)
IMAGES = Path(os.environ.get("RA_GRAPH_SCREENSHOTS", tempfile.gettempdir()))
HOSTILE = '<img src=x onerror="window.pwned=1">&amp;</td><script>window.pwned=2</script>'
QUERY = ('SELECT ?label ?tagged WHERE { BIND("' + HOSTILE.replace('"', '\\"') + '" AS ?label) '
         'BIND("LVVN"@nl AS ?tagged) }')
ARRANGEMENTS = "SELECT ?a ?title WHERE { ?a a ra:Arrangement ; dcterms:title ?title } ORDER BY ?a"
WAIT = 30_000  # ms: a hang guard, not a speed limit
CSP_WATCH = """document.addEventListener("securitypolicyviolation",
  (e) => (window.__csp = window.__csp || []).push(
    [e.violatedDirective, e.blockedURI, e.sourceFile.replace(/[?].*/, "").replace(/.*[/]/, "")].join(" ")));"""

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def server():
    with in_process_endpoint(SHIPPED, timeout=20, max_rows=10000) as server:
        yield server



class Session:
    """One browser context (its own localStorage) with everything it requested and every error."""

    def __init__(self, browser, server, width: int = 1600, height: int = 1000):
        self.origin = server.url.removesuffix("/sparql")
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []

        def route(r):
            if r.request.url.startswith(self.origin + "/"):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.context.add_init_script(CSP_WATCH)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def open(self, target: str = "/sparql") -> None:
        self.page.goto(self.origin + target)
        self.page.wait_for_function("() => window.raEditor && window.raEditor.ready")

    def results(self, rows: int | None = None) -> int:
        """Wait for the active tab's answer; the number of rows YASR got.  An error answer fails at
        once, saying what the endpoint said, instead of waiting out the hang guard for rows."""
        self.page.wait_for_function("() => { const y = raEditor.yasgui.getTab().getYasr();"
                                    " return y.results && !y.isLoading"
                                    " && (y.results.hasError() || y.results.getBindings()); }")
        error = self.page.evaluate("() => { const r = raEditor.yasgui.getTab().getYasr().results;"
                                   " return r.hasError() ? JSON.stringify(r.getError()) : null; }")
        assert error is None, f"the endpoint answered with an error: {error}"
        return self.page.evaluate("() => raEditor.yasgui.getTab().getYasr().results.getBindings().length")

    def active_query(self) -> str:
        return self.page.evaluate("() => raEditor.yasgui.getTab().getQuery()")

    def visible_rows(self) -> int:
        return self.page.locator(".tabPanel.active .yasr table.dataTable tbody tr").count()

    def clean(self, violations: tuple[str, ...] = ()) -> bool:
        """No error, no request outside the server, and no CSP violation but the ``violations`` expected."""
        seen = self.page.evaluate("() => window.__csp || []")
        outside = [u for u in self.requests if not u.startswith(self.origin + "/")]
        errors = [e for e in self.errors if not (violations and e.startswith("Executing inline event handler "
                                                                              "violates the following Content"))]
        assert (errors, seen, self.outside, outside) == ([], list(violations), [], [])
        return True


@pytest.fixture
def session(browser, server):
    s = Session(browser, server)
    yield s
    s.context.close()


def linked(url: str, session: Session) -> str:
    """The query a link to the editor carries (its only parameter)."""
    parts = urllib.parse.urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == session.origin + "/sparql"
    params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    assert list(params) == ["query"] and len(params["query"]) == 1
    return params["query"][0]


def tab_names(page) -> list[str]:
    return page.locator(".tabsList .tab span").all_text_contents()


def shared(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query}, quote_via=urllib.parse.quote)


def cli_rows(ra, *args: str) -> list[dict]:
    result = ra("query", *args, "--graph", SHIPPED, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_editor_loads_offline_with_no_error(session):
    session.open()
    page = session.page
    assert page.title() == "ra-graph SPARQL editor"
    assert page.locator(".yasqe .CodeMirror").count() == 1 and page.is_hidden(".controlbar .autocompleteWrapper")
    assert page.is_hidden(".controlbar .clearEndpointBtn")  # the endpoint is fixed: nothing to clear
    data = json.loads(page.text_content("#ra-editor-data"))
    assert session.active_query() == data["defaultQuery"]
    paths = sorted({urllib.parse.urlsplit(u).path for u in session.requests})
    assert paths == ["/sparql", "/sparql/assets/sparql-editor.css", "/sparql/assets/sparql-editor.js",
                     "/sparql/assets/yasgui.min.css", "/sparql/assets/yasgui.min.js"]
    assert page.evaluate("() => Object.keys(Yasqe.Autocompleters).sort().join(' ')") == \
        "ra-classes ra-prefixes ra-properties variables"
    assert session.clean()


def test_a_stored_example_runs_and_shows_the_clis_rows(session, ra):
    example = library.find("owes").example
    expected = cli_rows(ra, "owes", *[f"--param={k}={v}" for k, v in example.items()])
    assert len(expected) == 42  # the shipped graph: what the Rijk owes Groningen, one row per commitment
    session.open()
    page = session.page
    label = next(o for o in page.locator("#ra-example option").all_text_contents() if o.startswith("owes — "))
    page.select_option("#ra-example", label=label)
    # the example opens in a tab of its own: wait for it, or a slow machine reads the tab before it
    page.wait_for_function("() => raEditor.yasgui.getTab().getName() === 'owes'")
    assert session.results() == len(expected)
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
    assert session.visible_rows() == len(expected)  # one page: 50 rows a page
    assert page.text_content(".tabPanel.active .yasr_response_chip").startswith(f"{len(expected)} results")
    assert page.text_content(".tabsList .tab.active span") == "owes"
    # rows as tall as one line (the cells' ellipsis), not hundreds of pixels
    heights = page.eval_on_selector_all(".tabPanel.active .yasr table.dataTable tbody tr",
                                        "rows => rows.map(r => r.getBoundingClientRect().height)")
    assert max(heights) < 60, heights
    bound = next(e["query"] for e in json.loads(page.text_content("#ra-editor-data"))["examples"]
                 if e["name"] == "owes")
    assert session.active_query() == bound and linked(page.url, session) == bound
    assert session.clean()


def test_a_shared_link_opens_and_runs_its_query(session, ra, tmp_path):
    (tmp_path / "arrangements.rq").write_text(ARRANGEMENTS, encoding="utf-8")
    expected = cli_rows(ra, str(tmp_path / "arrangements.rq"))
    session.open(shared(ARRANGEMENTS))
    assert session.active_query() == ARRANGEMENTS and linked(session.page.url, session) == ARRANGEMENTS
    assert session.results() == len(expected) == 2
    session.page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
    links = session.page.eval_on_selector_all(".tabPanel.active .yasr table.dataTable tbody a.iri",
                                              "as => as.map(a => a.href)")
    # the register's names link to this server's pages of them, not to w3id.org
    assert links[0] == session.origin + "/id/" + expected[0]["a"].removeprefix("https://w3id.org/ra-graph/id/")
    assert session.clean()


def test_a_stale_storage_cannot_override_a_shared_link(session):
    session.open()
    session.page.evaluate("(q) => { raEditor.open('mine', q); }", "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    session.results()
    session.open(shared(ARRANGEMENTS))
    assert session.active_query() == ARRANGEMENTS
    names = tab_names(session.page)
    assert names == ["Query", "mine", "Link"]  # the saved tabs are kept, the link's tab is shown
    session.results()
    session.open(shared(ARRANGEMENTS))  # the same link again: the same tab, not a second one
    assert tab_names(session.page) == ["Query", "mine", "Link"]
    assert session.clean()


def test_values_are_shown_as_text_and_the_csv_download_is_the_answer(session, server, tmp_path):
    session.open(shared(QUERY))
    page = session.page
    assert session.results() == 1
    cell = page.locator(".tabPanel.active .yasr table.dataTable tbody td").nth(1)
    assert cell.inner_text() == HOSTILE  # the value arrives as text
    assert cell.evaluate("td => td.querySelectorAll('img, script').length") == 0
    assert page.evaluate("() => window.pwned === undefined")
    with page.expect_download() as info:
        page.click(".tabPanel.active .yasr_downloadIcon")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    saved = tmp_path / "answer.csv"
    download.save_as(saved)
    direct = urllib.request.urlopen(urllib.request.Request(
        server.url, data=urllib.parse.urlencode({"query": QUERY, "format": "csv"}).encode()),
        timeout=HANG_GUARD).read().decode("utf-8")
    assert list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8")))) == \
        list(csv.reader(io.StringIO(direct))) == [["label", "tagged"], [HOSTILE, "LVVN"]]
    # YASR sanitises each value with DOMPurify, which parses it in an inert document; Chromium reports
    # the onerror attribute met there as a violation (it never runs: window.pwned stays undefined)
    assert session.clean(violations=("script-src-attr inline yasgui.min.js",))


def test_the_endpoints_refusal_is_shown_as_text(session):
    session.open(shared("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"))
    page = session.page
    page.wait_for_selector(".tabPanel.active .yasr .errorResult")
    assert ("query refused at 1:18: SERVICE is not allowed: ra-graph never sends a query to another server "
            "(no federation)") in page.inner_text(".tabPanel.active .yasr .errorResult")
    session.errors = [e for e in session.errors if "status of 400" not in e]  # the browser logs the 400 itself
    assert session.clean()


def test_the_address_bar_follows_the_query(session):
    session.open()
    session.page.evaluate("() => { raEditor.yasgui.getTab().getYasqe().setValue('ASK { ?s a ra:Clause }'); }")
    session.page.wait_for_function("() => location.search.includes('Clause')")
    assert linked(session.page.url, session) == "ASK { ?s a ra:Clause }"
    link = session.page.evaluate("() => raEditor.yasgui.getTab().getShareableLink()")
    assert linked(link, session) == "ASK { ?s a ra:Clause }"
    assert session.clean()


def test_completion_comes_from_this_graph(session):
    session.open()
    page = session.page
    page.evaluate("() => { const y = raEditor.yasgui.getTab().getYasqe();"
                  " y.setValue('SELECT * WHERE { ?s a ra:Cla'); y.focus(); y.setCursor(y.lastLine(), 1000); }")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li")
    hints = page.locator(".CodeMirror-hints li").all_text_contents()
    assert "ra:Clause" in hints and "ra:ClauseKind" in hints, hints
    page.keyboard.press("Escape")
    page.evaluate("() => { const y = raEditor.yasgui.getTab().getYasqe();"
                  " y.setValue('PREFIX pro'); y.focus(); y.setCursor(0, 10); }")
    page.keyboard.press("Control+Space")
    page.wait_for_function("() => raEditor.yasgui.getTab().getQuery().startsWith('PREFIX prov: <')"
                           " || document.querySelector('.CodeMirror-hints li')")
    text = page.evaluate("() => raEditor.yasgui.getTab().getQuery()")
    hints = page.locator(".CodeMirror-hints li").all_text_contents()
    assert text == "PREFIX prov: <http://www.w3.org/ns/prov#>" or "prov: <http://www.w3.org/ns/prov#>" in hints
    assert session.clean()


@pytest.mark.parametrize(("width", "height", "name"), [(1600, 1000, "sparql-editor.png"),
                                                       (390, 844, "sparql-editor-phone.png")])
def test_screenshots(browser, server, width, height, name):
    session = Session(browser, server, width, height)
    try:
        example = next(e for e in json.loads(
            urllib.request.urlopen(urllib.request.Request(server.url, headers={"Accept": "text/html"}),
                                   timeout=HANG_GUARD).read().decode("utf-8")
            .split('type="application/json">', 1)[1].split("</script>", 1)[0])["examples"] if e["name"] == "owes")
        session.open(shared(example["query"]))
        session.results()
        page = session.page
        page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width  # no sideways page scroll
        buttons = page.locator(".tabPanel.active .yasqe_buttons").bounding_box()
        assert buttons["x"] + buttons["width"] <= width
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / name))
        assert session.clean()
    finally:
        session.context.close()
