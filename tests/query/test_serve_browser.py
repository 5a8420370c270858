"""The endpoint's query page in a real headless Chromium, over a real loopback socket.

The browser opens ``/sparql`` as a person would (no query: it gets the
page), runs a query whose values are HTML, and must show them as text in a
table; the download offers exactly the answer the endpoint gave.  Requests
to anything but the server are aborted and recorded.  Skipped only when
``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ra_graph.query.serve import make_server

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
HOSTILE = '<img src=x onerror="window.pwned=1">&amp;</td><script>window.pwned=2</script>'
QUERY = ('SELECT ?label ?tagged WHERE { BIND("' + HOSTILE.replace('"', '\\"') + '" AS ?label) '
         'BIND("LVVN"@nl AS ?tagged) }')

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def server():
    server, _ = make_server(MINI, host="127.0.0.1", port=0, timeout=10, max_rows=50, workers=1, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.close()


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(accept_downloads=True)
        outside: list[str] = []
        origin = server.url.removesuffix("/sparql")

        def route(r):
            if r.request.url.startswith(origin):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(server.url)  # a browser's Accept header: the page, not the service description
        yield tab, outside, errors
        browser.close()


def test_the_page_shows_results_as_an_escaped_table_with_a_download(server, page, tmp_path):
    tab, outside, errors = page
    assert tab.title() == "ra-graph SPARQL endpoint"
    tab.fill("#query", QUERY)
    tab.click("button[type=submit]")
    tab.wait_for_selector("#table:not([hidden]) tbody tr")
    assert tab.inner_text("#status").startswith("200 OK in ")
    assert tab.inner_text("#status").endswith(", 1 row(s)")
    assert [th.inner_text() for th in tab.query_selector_all("#table thead th")] == ["label", "tagged"]
    cells = tab.query_selector_all("#table tbody td")
    assert cells[0].evaluate("td => td.firstChild.textContent") == HOSTILE  # the value, as text
    assert cells[0].evaluate("td => td.querySelectorAll('img, script').length") == 0
    assert cells[1].inner_text() == "LVVN@nl"
    assert tab.evaluate("() => window.pwned === undefined")

    with tab.expect_download() as info:
        tab.click("#download")
    download = info.value
    assert download.suggested_filename == "result.srj"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    direct = urllib.request.urlopen(urllib.request.Request(
        server.url, data=urllib.parse.urlencode({"query": QUERY, "format": "json"}).encode()), timeout=60).read()
    assert saved.read_bytes() == direct
    assert json.loads(direct)["results"]["bindings"][0]["label"]["value"] == HOSTILE
    assert outside == [] and errors == []


def test_other_formats_and_errors_are_shown_as_text(page):
    tab, outside, errors = page
    tab.fill("#query", QUERY)
    tab.select_option("#format", "csv")
    tab.click("button[type=submit]")
    tab.wait_for_selector("#result:not([hidden])")
    assert tab.is_hidden("#table")
    assert tab.inner_text("#result") == "label,tagged\r\n" + '"' + HOSTILE.replace('"', '""') + '",LVVN\r\n'
    assert tab.get_attribute("#download", "download") == "result.csv"

    tab.select_option("#format", "json")
    tab.fill("#query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    tab.click("button[type=submit]")
    tab.wait_for_function("() => document.getElementById('status').textContent.startsWith('400')")
    assert tab.inner_text("#result") == ("query refused at 1:18: SERVICE is not allowed: ra-graph never sends a "
                                         "query to another server (no federation)\n")
    assert tab.is_hidden("#download")
    assert outside == [] and errors == [] and tab.evaluate("() => window.pwned === undefined")
