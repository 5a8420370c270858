"""The workbench over a real loopback socket: content negotiation, CSP, a crawl from /, and the
numbers each page shows against the CLI's answers (shipped graph and a generated register)."""

from __future__ import annotations

import json
import re
import urllib.error
from html import unescape
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import HANG_GUARD, serving, wait_for

ROOT = Path(__file__).parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.trig"
SHIPPED = ROOT / "data" / "graph" / "ra-graph.trig"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
STRICT = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def get(url: str, accept: str = BROWSER) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=HANG_GUARD) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.rows: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in ("script", "link", "img") and (a.get("src") or a.get("href")):
            self.srcs.append(a.get("src") or a["href"])
        if tag == "tr" and "data-p" in a:
            self.rows.append(a)


def parse(html: bytes) -> Links:
    links = Links()
    links.feed(html.decode("utf-8"))
    return links


def ready(base: str) -> str:
    """Wait until the worker(s) have made the slow parts (report, network page); until then those
    pages say they are being computed and reload themselves."""
    for path in ("/", "/validation", "/network"):
        wait_for(lambda: b'id="pending"' not in get(base + path)[2], f"{path} to be ready")
    return base


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("wb") / "stderr.txt", "--graph", str(MINI), "--workers", "1",
                 "--timeout", "60") as url:
        yield ready(url.removesuffix("/sparql"))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("wb") / "stderr.txt", "--graph", str(SHIPPED), "--workers", "1",
                 "--timeout", "60") as url:
        yield ready(url.removesuffix("/sparql"))


def triples_of(body: bytes, fmt: ox.RdfFormat) -> set[str]:
    return {f"{t.subject} {t.predicate} {t.object}" for t in ox.parse(body, format=fmt)}


def test_every_internal_link_answers_and_every_resource_holds_what_it_shows(mini):
    seen, queue, resources, problems = set(), ["/"], 0, []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, headers, body = get(mini + path)
        if status != 200:
            problems.append(f"{path}: {status}")
            continue
        if not headers.get("Content-Type", "").startswith("text/html"):
            continue
        if path != "/sparql":  # the SPARQL editor's page has its own (the editor branch)
            assert headers.get("Content-Security-Policy") == STRICT, path
        links = parse(body)
        for src in links.srcs:  # stylesheets and scripts: only from this origin (the editor's are relative)
            assert not re.match(r"^(?:[a-zA-Z][\w+.-]*:|//)", src) or src == "data:,", (path, src)
        for href in links.hrefs:
            if href.startswith("/") and not href.startswith("//"):
                target = href.split("#", 1)[0]
                if target not in seen:
                    queue.append(target)
        if path.startswith("/id/") and "?" not in path:
            resources += 1
            iri = "https://w3id.org/ra-graph/id/" + urllib.parse.unquote(path[4:])
            assert headers["Vary"] == "Accept"
            shown = {f"<{iri}> {r['data-p']} {r['data-o']}" if "data-o" in r else f"{r['data-s']} {r['data-p']} <{iri}>"
                     for r in links.rows}
            assert shown
            for suffix, fmt in ((".ttl", ox.RdfFormat.TURTLE), (".jsonld", ox.RdfFormat.JSON_LD),
                                (".nt", ox.RdfFormat.N_TRIPLES)):
                status, _, data = get(mini + path + suffix)
                assert status == 200, path + suffix
                missing = shown - triples_of(data, fmt)
                assert not missing, (path + suffix, sorted(missing)[:3])
    assert not problems, problems[:10]
    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    every = {q.subject.value for q in store if isinstance(q.subject, ox.NamedNode)
             and q.subject.value.startswith("https://w3id.org/ra-graph/id/")
             and not q.subject.value.startswith("https://w3id.org/ra-graph/id/graph/")}
    reached = {"https://w3id.org/ra-graph/id/" + urllib.parse.unquote(p[4:]) for p in seen
               if p.startswith("/id/") and "?" not in p and not p.endswith((".ttl", ".jsonld", ".nt"))}
    assert every <= reached, sorted(every - reached)[:5]  # every resource of the graph is reached from /
    assert resources == len(reached) >= len(every) > 40


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    ("text/turtle", "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("text/html;q=0.5, text/turtle", "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
])
def test_resource_pages_negotiate(mini, accept, media, fmt):
    status, headers, body = get(mini + "/id/vro", accept)
    assert (status, headers["Content-Type"], headers["Vary"]) == (200, media, "Accept")
    found = triples_of(body, fmt)
    assert ("<https://w3id.org/ra-graph/id/vro> <http://www.w3.org/ns/org#subOrganizationOf> "
            "<https://w3id.org/ra-graph/id/rijk>") in found


def test_a_browser_gets_html_and_an_unknown_resource_is_404(mini):
    status, headers, body = get(mini + "/id/vro")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert get(mini + "/id/nobody-at-all")[0] == 404
    assert get(mini + "/id/nobody-at-all.ttl", "text/turtle")[0] == 404


def test_a_missing_page_is_headed_not_found_in_either_language(mini):
    assert b"<h1>Niet gevonden</h1>" in get(mini + "/id/nobody-at-all")[2]
    assert b"<h1>Not found</h1>" in get(mini + "/id/nobody-at-all?lang=en")[2]


@pytest.mark.parametrize(("length", "answer"), [(2000, b"unknown location"), (2001, b"at most 2000 characters")])
def test_a_parameter_value_of_at_most_2000_characters_is_read(mini, length, answer):
    """A longer value is refused before anything reads it (MAX_VALUE); one at the limit is read (and here
    names no location)."""
    status, _, body = get(mini + "/questions/by-location?location=" + "a" * length)
    assert status == 400 and answer in body


def test_the_vocabulary_and_the_dataset_description(mini):
    status, headers, body = get(mini + "/def.ttl")
    assert status == 200 and "<https://w3id.org/ra-graph/def#Clause>" in " ".join(
        triples_of(body, ox.RdfFormat.TURTLE))
    status, headers, body = get(mini + "/void")
    described = triples_of(body.replace(b"</sparql>", b"<" + mini.encode() + b"/sparql>").replace(
        b"</data/ra-graph.trig>", b"<" + mini.encode() + b"/data/ra-graph.trig>"), ox.RdfFormat.TURTLE)
    assert any("http://rdfs.org/ns/void#sparqlEndpoint" in t for t in described)
    status, headers, body = get(mini + "/data/ra-graph.trig")
    assert status == 200 and body == MINI.read_bytes()


def test_slow_parts_are_made_in_the_background_and_the_page_says_so(tmp_path):
    """A fresh worker answers at once: the report is being made, the page reloads itself."""
    with serving(tmp_path / "stderr.txt", "--graph", str(SHIPPED), "--workers", "1", "--timeout", "60") as url:
        status, headers, body = get(url.removesuffix("/sparql") + "/validation")
        assert status == 200 and headers["Content-Security-Policy"] == STRICT
        if b'id="pending"' in body:  # (on a fast machine it may already be done)
            assert b'http-equiv="refresh"' in body and headers["Cache-Control"] == "no-store"
        ready(url.removesuffix("/sparql"))
        assert b"Validatierapport" in get(url.removesuffix("/sparql") + "/validation")[2]


def test_no_route_changes_anything(mini):
    request = urllib.request.Request(mini + "/questions/owes", data=b"debtor=VRO", method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=HANG_GUARD)
    assert caught.value.code == 405 and caught.value.headers["Allow"] == "GET, HEAD"


# --- the numbers a page shows are the CLI's ------------------------------------------------------

def _count(html: bytes, element_id: str) -> int:
    match = re.search(rf'id="{element_id}">(\d+)<', html.decode("utf-8"))
    assert match, element_id
    return int(match[1])


def _cli(ra, *args) -> object:
    result = ra(*args)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)


def check_numbers(url: str, graph: Path, ra, debtor: str, creditor: str, old: str | None, new: str | None):
    status, _, body = get(url + "/questions/owes?" + urllib.parse.urlencode({"debtor": debtor, "creditor": creditor}))
    owes = _cli(ra, "owes", debtor, creditor, "--graph", graph, "--format", "json")
    assert status == 200 and _count(body, "row-count") == len(owes) > 0
    # the actor page: its owes rows per party, each as ra-graph owes counts them
    _, _, page = get(url + "/id/" + ("rijk" if debtor == "Rijk" else debtor.lower()))
    table = re.findall(r'<tr data-other="[^"]+"><td><a href="[^"]+">([^<]+)</a></td>\s*'
                       r'<td><a class="owes" [^>]+>(\d+) [^<]*</a></td>\s*<td><a class="owed" [^>]+>(\d+) ', page.decode())
    assert table
    for party, owes_n, owed_n in table:
        assert int(owes_n) == len(_cli(ra, "owes", debtor, party, "--graph", graph, "--format", "json")), party
        assert int(owed_n) == len(_cli(ra, "owes", party, debtor, "--graph", graph, "--format", "json")), party
    import datetime as dt

    # the pages validate as of today (overdue deadlines are findings), as validate --as-of does
    report = _cli(ra, "validate", "--graph", graph, "--format", "json", "--as-of", dt.date.today().isoformat())
    _, _, home = get(url + "/")
    violations = sum(1 for r in report["results"] if r["severity"] == "Violation")
    assert _count(home, "n-violations") == violations
    assert _count(home, "n-warnings") == sum(1 for r in report["results"] if r["severity"] == "Warning")
    # and says what it counts, as the CLI does: the arrangements in force, the older versions' findings
    # left out, the verdict the whole graph's
    said = re.search(r'<p class="scope" id="validation-scope">(.*?)</p>', home.decode("utf-8"), re.S)[1]
    in_force = re.search(r"arrangements in force: ([^;]+)", report["scope"])[1]
    assert f"({in_force})" in said
    left = {s: n for s, n in report["out_of_scope"].items() if n}
    assert all(f"{n} {s}" in said for s, n in left.items()) and (bool(left) == ("older versions" in said
                                                                                 or "oudere versies" in said))
    assert ("voldoet NIET" in said) == (not report["conforms"])
    _, _, page = get(url + "/validation")  # the same findings, each clause linked to its page (resource_url)
    linked = set(re.findall(r'<strong><a href="/id/([^"]+)">', page.decode("utf-8")))
    assert linked == {r["clause"] for r in report["results"] if r["clause"]} != set()
    calendar = ra("deadlines", "--graph", graph, "--actor", debtor, "--format", "ics").out
    _, headers, served = get(url + "/deadlines.ics?" + urllib.parse.urlencode({"actor": debtor}))
    assert headers["Content-Type"].startswith("text/calendar")
    assert served.decode().replace("\r\n", "\n") == calendar.replace("\r\n", "\n")  # the CLI's calendar
    due = _cli(ra, "deadlines", "--graph", graph, "--within", "1y", "--format", "json")
    _, _, page = get(url + "/deadlines?within=1y")
    assert _count(page, "row-count") == len(due)
    if old:
        changes = _cli(ra, "diff", old, new, "--graph", graph, "--format", "json")
        status, headers, page = get(url + f"/diff/{old}/{new}")
        assert status == 200 and headers["Content-Security-Policy"] == STRICT
        html = page.decode("utf-8")
        assert "<style>" not in html and "<script>" not in html
        for asset in re.findall(r'(/assets/[0-9a-f]+\.(?:css|js))', html):
            assert get(url + asset)[0] == 200, asset
        shown = set(re.findall(r'<a href="/id/([^"]+)"><code>', html))
        listed = {c["new"] or c["old"] for c in changes["clauses"] if c["change"] != "unchanged"}
        assert listed <= shown | {c["old"] for c in changes["clauses"] if c["old"]}


def test_examples_offered_are_answered_and_a_refused_pair_is_a_readable_400(shipped, register, tmp_path):
    """A question comparing versions is offered with a pair of this graph's versions (none where each
    province has one); asked for the same version twice, the refusal is a page saying why, 400."""
    _, _, index = get(shipped + "/questions")
    links = [h for h in parse(index).hrefs if h.startswith("/questions/")]
    assert "/questions/owes?debtor=Rijk&creditor=Groningen" in links
    assert not [h for h in links if h.startswith("/questions/dropped-between?")]
    for href in links:
        assert get(shipped + href)[0] == 200, href
    status, headers, page = get(shipped + "/questions/dropped-between?old=drenthe-2025&new=drenthe")
    (said,) = re.findall(r'<p class="problem" role="alert">(.*?)</p>', page.decode("utf-8"), re.S)
    assert status == 400 and headers["Content-Type"].startswith("text/html")
    assert ("old drenthe-2025 and new drenthe are the same version, drenthe-2025: query 'dropped-between' "
            "compares an earlier version with a later one") in unescape(said)
    graph = register / "data" / "graph" / "ra-graph.trig"
    with serving(tmp_path / "stderr.txt", "--graph", str(graph), "--workers", "1", "--timeout", "60") as url:
        base = url.removesuffix("/sparql")
        _, _, index = get(base + "/questions")
        (dropped,) = [h for h in parse(index).hrefs if h.startswith("/questions/dropped-between?")]
        old, new = (urllib.parse.parse_qs(urllib.parse.urlsplit(dropped).query)[k][0] for k in ("old", "new"))
        assert old.rsplit("-", 1)[0] == new.rsplit("-", 1)[0] and old < new
        assert get(base + dropped)[0] == 200


def test_numbers_equal_the_cli_on_the_shipped_graph(shipped, ra):
    check_numbers(shipped, SHIPPED, ra, "VRO", "Drenthe", None, None)


def test_numbers_equal_the_cli_on_a_generated_register(register, ra, tmp_path):
    graph = register / "data" / "graph" / "ra-graph.trig"
    store = ox.Store()
    store.load(path=str(graph), format=ox.RdfFormat.TRIG)
    from ra_graph.core.versions import versions

    every = versions(store)
    first = [v for v in every if v.province == every[0].province]
    assert len(first) >= 2
    with serving(tmp_path / "stderr.txt", "--graph", str(graph), "--workers", "1", "--timeout", "60") as url:
        check_numbers(ready(url.removesuffix("/sparql")), graph, ra, "Rijk", every[0].province.capitalize(),
                      first[0].id, first[1].id)


def test_site_writes_the_pages_atomically_and_never_over_other_files(tmp_path, ra):
    out = tmp_path / "site"
    result = ra("site", "--graph", MINI, "--out", out)
    assert result.code == 0, result.err
    assert (out / "index.html").is_file() and (out / ".htaccess").is_file()
    turtle = ox.parse(path=str(out / "id" / "vro.ttl"), format=ox.RdfFormat.TURTLE)
    assert any(str(t.object) == "<https://w3id.org/ra-graph/id/rijk>" for t in turtle)
    assert "Content-Security-Policy" not in (out / "id" / "vro" / "index.html").read_text()  # header, not meta
    assert "<script>" not in (out / "network" / "index.html").read_text()
    for asset in (out / "network" / "index.html").read_text().split('src="/')[1:]:
        assert (out / asset.split('"', 1)[0]).is_file()
    assert ra("site", "--graph", MINI, "--out", out).code == 0  # an earlier site is replaced
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    result = ra("site", "--graph", MINI, "--out", other)
    assert result.code == 2 and "--force" in result.err and (other / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "site"]  # no temporary left behind


def test_english_stays_in_the_url(mini):
    status, _, body = get(mini + "/?lang=en")
    links = parse(body)
    assert status == 200 and b'<html lang="en">' in body and b">Overview<" in body
    internal = [h for h in links.hrefs if h.startswith("/") and not h.startswith(("/sparql", "/static", "/data",
                                                                                    "/void", "/def.ttl", "/deadlines.ics"))]
    assert internal and [h for h in internal if "lang=en" not in h] == ["/"]  # only the switch to Dutch
    _, _, dutch = get(mini + "/")
    assert b'<html lang="nl">' in dutch and b">Overzicht<" in dutch and b'href="/?lang=en"' in dutch
