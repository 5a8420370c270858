"""The SPARQL editor at /sparql over a real loopback socket: who gets the editor, who gets results,
the editor's files under /sparql/assets/, and the page's Content-Security-Policy.

The rule (docs/analysts/sparql-editor.md): a GET or HEAD of /sparql whose only parameter is
``query``, from a client whose Accept ranks text/html above every result format, gets the editor
with that query; everything else gets exactly what the endpoint gave before.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import tomllib
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import HANG_GUARD, html_tags, in_process_endpoint
from ra_graph.query import library
from ra_graph.query.editor import ASSETS, EDITOR_CSP, VENDOR, YASGUI_VERSION, wants_editor

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"
ROOT = Path(__file__).resolve().parents[2]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'")
HOSTILE = 'SELECT ?x WHERE { BIND("</script><script>window.pwned=1</script>\u2028<!--" AS ?x) }'


@pytest.fixture(scope="module")
def server():
    with in_process_endpoint(MINI) as server:
        yield server.address


def get(address, target: str, headers: dict | None = None, method: str = "GET"):
    """One request with the target sent exactly as given (no client-side normalisation of '..')."""
    conn = HTTPConnection(*address, timeout=HANG_GUARD)
    try:
        conn.request(method, target, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()  # headers: case-insensitive
    finally:
        conn.close()


def shared(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query}, quote_via=urllib.parse.quote)


def editor_data(body: bytes) -> dict:
    page = body.decode("utf-8")
    found = re.findall(r'<script id="ra-editor-data" type="application/json">(.*?)</script>', page, re.S)
    assert len(found) == 1
    return json.loads(found[0])


# --- who gets the editor ----------------------------------------------------------------------------


@pytest.mark.parametrize("accept", [BROWSER, FIREFOX, "text/html"])
def test_a_browser_opening_a_shared_link_gets_the_editor_with_that_query(server, accept):
    status, headers, body = get(server, shared(HOSTILE), {"Accept": accept})
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert headers["Content-Security-Policy"] == CSP == EDITOR_CSP
    assert headers["Vary"] == "Accept" and headers["X-Content-Type-Options"] == "nosniff"
    data = editor_data(body)
    assert data["query"] == HOSTILE and data["endpoint"] == "sparql"
    page = body.decode("utf-8")
    # as data only: the JSON cannot close its element, and the no-script form holds it as escaped text
    raw = page.split('type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in raw and ">" not in raw and "\u2028" not in raw
    assert "window.pwned=1</script>" not in page.replace(raw, "")
    assert str(escape(HOSTILE)) in page  # the <noscript> textarea
    assert page.count("<script") == 3  # the data block and the two files: nothing inline runs


def test_the_page_runs_only_its_own_files_and_loads_nothing_from_elsewhere(server):
    status, _, body = get(server, "/sparql", {"Accept": BROWSER})
    tags = html_tags(body.decode("utf-8"))
    scripts = [dict(a) for a in _tag_attrs(body, "script")]
    assert status == 200 and len(scripts) == 3
    assert scripts[0] == {"id": "ra-editor-data", "type": "application/json"}
    assert [s["src"].split("?v=")[0] for s in scripts[1:]] == ["sparql/assets/yasgui.min.js",
                                                                "sparql/assets/sparql-editor.js"]
    urls = [v for k, v in tags.attrs if k in ("src", "href", "action")]
    assert urls and all(not re.match(r"^[a-z]+:|^//", u) or u == "data:," for u in urls), urls
    assert editor_data(body)["query"] is None


def _tag_attrs(body: bytes, name: str) -> list[list[tuple[str, str | None]]]:
    from html.parser import HTMLParser

    found: list = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == name:
                found.append(attrs)

    Collect().feed(body.decode("utf-8"))
    return found


def test_the_page_offers_every_stored_query_bound_to_its_example(server):
    data = editor_data(get(server, "/sparql", {"Accept": BROWSER})[2])
    assert [e["name"] for e in data["examples"]] == library.available()
    owes = next(e for e in data["examples"] if e["name"] == "owes")
    assert "VALUES (?debtor ?creditor)" in owes["query"] and owes["title"].startswith("Wat is actor A")
    assert data["prefixes"]["ra"] == "https://w3id.org/ra-graph/def#"
    assert "https://w3id.org/ra-graph/def#Clause" in data["classes"]
    assert "https://w3id.org/ra-graph/def#carriedBy" in data["properties"]
    assert re.fullmatch(r"ra-graph-sparql-[0-9a-f]{12}", data["storageKey"])


@pytest.mark.parametrize(("target", "headers", "ctype"), [
    (shared("ASK {}"), {"Accept": "application/sparql-results+json"}, "application/sparql-results+json"),
    (shared("ASK {}"), {}, "application/sparql-results+json"),
    (shared("ASK {}"), {"Accept": "*/*"}, "application/sparql-results+json"),
    (shared("ASK {}") + "&format=xml", {"Accept": BROWSER}, "application/sparql-results+xml"),
    (shared("ASK {}") + "&output=json", {"Accept": BROWSER}, "application/sparql-results+json"),
    (shared("ASK {}") + "&default-graph-uri=https%3A%2F%2Fw3id.org%2Fra-graph%2Fid%2Fgraph%2Fvocab",
     {"Accept": BROWSER}, "application/sparql-results+xml"),
    (shared("ASK {}"), {"Accept": "text/html, application/sparql-results+json"}, "application/sparql-results+json"),
    (shared("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), {"Accept": "text/html;q=0.5, text/csv"}, "text/csv"),
    (shared("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"), {"Accept": "text/turtle"}, "text/turtle"),
])
def test_sparql_and_rdf_clients_still_get_results(server, target, headers, ctype):
    status, got, body = get(server, target, headers)
    assert (status, got["Content-Type"].split(";")[0]) == (200, ctype), body[:200]
    assert "Content-Security-Policy" not in got and got["Vary"] == "Accept"


def test_head_of_a_shared_link_is_the_editors_head(server):
    status, headers, body = get(server, shared("ASK {}"), {"Accept": BROWSER}, "HEAD")
    full = get(server, shared("ASK {}"), {"Accept": BROWSER})
    assert (status, body) == (200, b"") and int(headers["Content-Length"]) == len(full[2])
    assert headers["Content-Security-Policy"] == CSP


def test_get_without_a_query_still_describes_the_service_to_clients(server):
    status, headers, body = get(server, "/sparql", {"Accept": "text/turtle"})
    assert (status, headers["Content-Type"]) == (200, "text/turtle; charset=utf-8")
    assert b"sparql-service-description" in body


@pytest.mark.parametrize(("accept", "ctype"), [
    ("text/html, text/turtle", "text/html; charset=utf-8"),
    ("text/turtle;q=0.9, text/html;q=0.9", "text/html; charset=utf-8"),
    ("text/html;q=0.9, text/turtle", "text/turtle; charset=utf-8"),
])
def test_get_without_a_query_gives_the_page_when_html_ranks_as_high_as_rdf(server, accept, ctype):
    """C-cf777e (``html >= rdf`` in ``_describe``): a client that ranks HTML as high as an RDF
    format gets the editor page; one that prefers RDF gets the service description."""
    status, headers, _ = get(server, "/sparql", {"Accept": accept})
    assert (status, headers["Content-Type"]) == (200, ctype)


@pytest.mark.parametrize(("params", "accept", "expected"), [
    ({}, BROWSER, True), ({}, "*/*", False), ({}, None, False), ({}, "text/html;q=0.5, text/turtle", False),
    ({"query": ["ASK{}"]}, BROWSER, True), ({"query": ["ASK{}"]}, "text/html, text/csv", False),
    ({"query": ["ASK{}"]}, "application/xhtml+xml", True), ({"query": ["ASK{}", "ASK{}"]}, BROWSER, False),
    ({"query": ["ASK{}"], "format": ["json"]}, BROWSER, False), ({"query": ["ASK{}"], "results": ["csv"]}, BROWSER, False),
    ({"query": ["ASK{}"]}, "text/html;q=0", False),
])
def test_the_rule(params, accept, expected):
    assert wants_editor(params, accept) is expected


# --- the editor's files -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "ctype"), [
    ("yasgui.min.js", "text/javascript; charset=utf-8"), ("yasgui.min.css", "text/css; charset=utf-8"),
    ("sparql-editor.js", "text/javascript; charset=utf-8"), ("sparql-editor.css", "text/css; charset=utf-8"),
    ("yasgui-LICENSE.txt", "text/plain; charset=utf-8"),
    ("yasgui-THIRD-PARTY-LICENSES.txt", "text/plain; charset=utf-8"),
])
def test_assets_are_served_with_type_caching_and_validation(server, name, ctype):
    status, headers, body = get(server, "/sparql/assets/" + name)
    path = ASSETS[name][0]
    assert (status, headers["Content-Type"], body) == (200, ctype, path.read_bytes())
    assert headers["Cache-Control"] == "public, max-age=86400" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["ETag"] == '"' + hashlib.sha256(path.read_bytes()).hexdigest()[:16] + '"'
    assert "Content-Encoding" not in headers
    again = get(server, "/sparql/assets/" + name, {"If-None-Match": headers["ETag"]})
    assert (again[0], again[2]) == (304, b"")


def test_the_bundle_travels_gzipped_to_a_client_that_takes_gzip(server):
    status, headers, body = get(server, "/sparql/assets/yasgui.min.js?v=x", {"Accept-Encoding": "gzip, br"})
    assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "gzip", "Accept-Encoding")
    assert gzip.decompress(body) == ASSETS["yasgui.min.js"][0].read_bytes()
    assert len(body) < len(ASSETS["yasgui.min.js"][0].read_bytes()) / 2


def test_the_page_links_each_asset_by_its_content_hash(server):
    page = get(server, "/sparql", {"Accept": BROWSER})[2].decode("utf-8")
    for name, (path, _) in ASSETS.items():
        if name.endswith(("js", "css")):
            assert f"sparql/assets/{name}?v={hashlib.sha256(path.read_bytes()).hexdigest()[:16]}" in page


@pytest.mark.parametrize("target", [
    "/sparql/assets/../serve.py", "/sparql/assets/%2e%2e/serve.py", "/sparql/assets/..%2fserve.py",
    "/sparql/assets/../../../../etc/passwd", "/sparql/assets//etc/passwd", "/sparql/assets/%2fetc%2fpasswd",
    "/sparql/assets/", "/sparql/assets/yasgui.min.js.map", "/sparql/assets/LICENSE",
    "/sparql/assets/vendor/yasgui-4.6.2/yasgui.min.js", "/sparql/assets/YASGUI.MIN.JS",
    "/sparql/assets/yasgui.min.js%00.txt", "/sparql/assets/editor.py", "/sparql/assetsyasgui.min.js",
])
def test_nothing_else_is_served_under_assets(server, target):
    status, headers, body = get(server, target)
    assert status == 404 and headers["Content-Type"] == "text/plain; charset=utf-8", body[:200]
    assert b"import" not in body and b"root:" not in body


def test_assets_are_read_only(server):
    assert get(server, "/sparql/assets/yasgui.min.js", method="POST")[0] == 404
    assert get(server, "/sparql/assets/yasgui.min.js", method="PUT")[0] == 404


# --- the vendored library ---------------------------------------------------------------------------


def test_the_vendored_yasgui_is_pinned_licensed_and_packaged():
    assert VENDOR.name == f"yasgui-{YASGUI_VERSION}" == "yasgui-4.6.2"
    digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in VENDOR.glob("yasgui.min.*")}
    assert digest == {
        "yasgui.min.js": "55034eaac74c55f55fbd1eeed008ae38a79053651cbed2b453f1fcfd895a4b75",
        "yasgui.min.css": "085b94556b97f9928981bdedb6848fd11ad4d8d950e821f0d698c58ca538fc55",
    }
    readme = (VENDOR.parent / "README.md").read_text(encoding="utf-8")
    assert all(h in readme for h in digest.values()) and "npm pack @zazuko/yasgui@4.6.2" in readme
    assert (VENDOR / "LICENSE").read_text(encoding="utf-8").startswith("The MIT License (MIT)")
    third = (VENDOR / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    for package in ("codemirror", "datatables.net", "dompurify", "jquery", "@tarekraafat/autocomplete.js",
                    "column-resizer", "@fortawesome/free-solid-svg-icons"):
        assert f"\n{package} " in third, package
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["ra_graph"]
    assert {"query/vendor/**/*", "query/assets/*"} <= set(globs)


def test_the_configuration_switches_off_every_remote_completer():
    """A prefix.cc URL (when configured) and LOV are the bundle's only look-ups; the configuration
    removes their completers and leaves the prefix URL empty."""
    bundle = ASSETS["yasgui.min.js"][0].read_text(encoding="utf-8")
    assert "fetch(e.config.prefixCcApi)" in bundle and "lov.linkeddata.es/dataset/lov/api" in bundle
    config = ASSETS["sparql-editor.js"][0].read_text(encoding="utf-8")
    assert 'for (const name of ["prefixes", "class", "property"]) delete Yasqe.Autocompleters[name];' in config
    assert '"variables", "ra-prefixes", "ra-classes", "ra-properties");' in config
    assert 'Yasqe.defaults.prefixCcApi = "";' in config
    assert not re.search(r"https?://(?!w3id\.org/ra-graph/)", config)


# --- odd and hostile shared links -------------------------------------------------------------------


def test_a_link_too_large_for_the_endpoint_is_refused_not_shown(server):
    """A link over the request-header budget (256 KiB, issue #23) is refused before it is read: 431."""
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000
    status, headers, body = get(server, shared(query), {"Accept": BROWSER})
    assert status == 431 and b"editor" not in body
    assert "Content-Security-Policy" not in headers


def test_a_link_that_is_not_utf8_is_refused(server):
    """Percent-decoding is strict (issue #23): a Latin-1 byte is 400, never a U+FFFD in the editor."""
    status, _, body = get(server, "/sparql?query=ASK%FF%7B%7D", {"Accept": BROWSER})
    assert status == 400 and b"not UTF-8" in body


@pytest.mark.parametrize(("raw", "query"), [
    ("ASK%7B%7D%00%E2%80%A8", "ASK{}\x00\u2028"),  # NUL and a JavaScript line separator
    ("%3C%2Fscript%3E%3C!--%3Cscript%3E", "</script><!--<script>"),
    ("", ""),  # an empty query: the editor, empty (a client gets 400)
])
def test_odd_links_reach_the_editor_as_data(server, raw, query):
    status, headers, body = get(server, "/sparql?query=" + raw, {"Accept": BROWSER})
    assert (status, headers["Content-Security-Policy"]) == (200, CSP)
    assert editor_data(body)["query"] == query
    assert body.decode("utf-8").count("<script") == 3
