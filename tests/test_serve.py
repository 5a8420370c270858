"""The SPARQL endpoint over a real socket with a real client (SPARQLWrapper).

One server (a subprocess, ``python -m ra_graph serve --port 0``) on loopback
for the module, with a 2 s timeout and a 50-row cap; stopped with SIGINT
(Ctrl-C) at the end, which must exit cleanly.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from ra_graph import querylib
from ra_graph.store import open_graph

MINI = Path(__file__).parent / "fixtures" / "mini.trig"
TIMEOUT = 2.0
MAX_ROWS = 50


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ra_graph", "serve", "--graph", str(MINI), "--port", "0",
             "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS)],
            stdout=subprocess.DEVNULL, stderr=err,
        )
    url = None
    for _ in range(100):
        match = re.search(r"at (http://127\.0\.0\.1:\d+/sparql)", log.read_text())
        if match:
            url = match.group(1)
            break
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    assert url, log.read_text()
    yield url
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    assert "ra-graph: stopped" in log.read_text()


def client(url: str, query: str, fmt=JSON, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    sw.setTimeout(15)
    return sw


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def count_triples(url: str) -> int:
    result = client(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").queryAndConvert()
    return int(result["results"]["bindings"][0]["n"]["value"])


def test_select(endpoint):
    result = client(endpoint, "SELECT ?id WHERE { ?c a ra:Clause ; dcterms:identifier ?id } ORDER BY ?id").query().convert()
    ids = [b["id"]["value"] for b in result["results"]["bindings"]]
    assert ids == ["drenthe/3.1/1.1", "drenthe/3.1/eerder-1", "drenthe/3.1/principe-1", "drenthe/3.7/1",
                   "groningen/2.1/3", "groningen/2.4/agenda-1", "groningen/2.4/drinkwater-2",
                   "groningen/2.4/veenweide-4"]


def test_select_post_xml(endpoint):
    sw = client(endpoint, "SELECT ?l WHERE { rai:lvvn ra:shortName ?l }", XML, "POST")
    doc = sw.query().convert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == ["LVVN"]


def test_ask(endpoint):
    assert client(endpoint, "ASK { rai:rws org:subOrganizationOf+ rai:rijk }").queryAndConvert()["boolean"] is True
    assert client(endpoint, "ASK { rai:rijk org:subOrganizationOf rai:rws }").queryAndConvert()["boolean"] is False


def test_construct_turtle(endpoint):
    sw = client(endpoint, "CONSTRUCT { ?m ra:carries ?c } WHERE { ?c ra:carriedBy ?m }", TURTLE)
    data = sw.query().convert()
    triples = {(t.subject.value, t.object.value) for t in ox.parse(data, format=ox.RdfFormat.TURTLE)}
    rai = "https://w3id.org/ra-graph/id/"
    assert triples == {(rai + "vro", rai + "groningen-2025/2.1/3/c1"), (rai + "ienw", rai + "drenthe-2025/3.1/1.1/c1")}


@pytest.mark.parametrize(
    ("params", "headers", "ctype", "check"),
    [
        ({"format": "csv"}, {}, "text/csv", lambda b: b.decode().splitlines() == ["l", "LVVN"]),
        ({}, {"Accept": "text/tab-separated-values"}, "text/tab-separated-values",
         lambda b: b.decode().splitlines() == ["?l", '"LVVN"@nl']),
        ({}, {"Accept": "application/sparql-results+json;q=0.5, text/csv;q=0.9"}, "text/csv",
         lambda b: b.decode().splitlines()[1] == "LVVN"),
    ],
)
def test_select_formats(endpoint, params, headers, ctype, check):
    query = urllib.parse.urlencode({"query": "SELECT ?l WHERE { rai:lvvn skos:altLabel ?l }", **params})
    status, got, body = http(f"{endpoint}?{query}", headers=headers)
    assert status == 200 and got["Content-Type"].startswith(ctype) and check(body), body


@pytest.mark.parametrize(("fmt", "ctype"), [("nt", "application/n-triples"), ("jsonld", "application/ld+json")])
def test_construct_formats(endpoint, fmt, ctype):
    query = urllib.parse.urlencode({"query": "CONSTRUCT WHERE { rai:lvvn ra:shortName ?l }", "format": fmt})
    status, got, body = http(f"{endpoint}?{query}")
    assert status == 200 and got["Content-Type"].startswith(ctype)
    parsed = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.JSON_LD))
    assert [(t.subject.value, t.object.value) for t in parsed] == [("https://w3id.org/ra-graph/id/lvvn", "LVVN")]


def test_update_refused_and_data_unchanged(endpoint):
    before = count_triples(endpoint)
    sw = client(endpoint, "INSERT DATA { rai:x rai:y rai:z }", JSON, "POST")
    with pytest.raises(Exception) as info:
        sw.query()
    assert "403" in str(info.value)
    status, _, body = http(endpoint, urllib.parse.urlencode({"query": "DROP ALL"}).encode())
    assert status == 400 and b"read-only" in body
    status, _, _ = http(endpoint, b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = http(f"{endpoint}?query=x", b"", {"Content-Type": "text/turtle"})
    assert status == 415
    assert count_triples(endpoint) == before > 0


def test_long_query_is_cut_off(endpoint):
    started = time.monotonic()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = http(endpoint, urllib.parse.urlencode({"query": query}).encode())
    elapsed = time.monotonic() - started
    assert status == 503 and b"longer than the 2 s limit" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 1.5
    assert count_triples(endpoint) > 0  # the server (and a fresh worker) still answer


def test_result_cap(endpoint):
    status, headers, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o }"}))
    assert status == 200 and headers["X-Result-Truncated"] == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o } LIMIT 3"}))
    assert "X-Result-Truncated" not in headers and len(json.loads(body)["results"]["bindings"]) == 3


def test_syntax_error_is_400(endpoint):
    status, _, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"}))
    assert status == 400 and b"SPARQL syntax error" in body


def _local_rows(store, text):
    results = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    return names, sorted(tuple((n, str(row[n])) for n in names if row[n] is not None) for row in results)


def _remote_rows(url, text):
    result = client(url, text).queryAndConvert()
    rows = []
    for binding in result["results"]["bindings"]:
        row = []
        for name in result["head"]["vars"]:
            if name in binding:
                b = binding[name]
                if b["type"] == "uri":
                    term = ox.NamedNode(b["value"])
                elif "xml:lang" in b:
                    term = ox.Literal(b["value"], language=b["xml:lang"])
                else:
                    term = ox.Literal(b["value"], datatype=ox.NamedNode(b["datatype"]) if "datatype" in b else None)
                row.append((name, str(term)))
        rows.append(tuple(row))
    return result["head"]["vars"], sorted(rows)


def _bound_examples():
    store = open_graph(MINI)
    out = []
    for name in querylib.available():
        stored = querylib.find(name)
        out.append((name, querylib.standalone(querylib.bind(store, stored, stored.example))))
    return out


@pytest.mark.parametrize(("name", "text"), _bound_examples())
def test_every_stored_query_through_the_endpoint(endpoint, name, text):
    local = _local_rows(open_graph(MINI), text)
    assert local[1], f"{name}: the example should give rows on mini.trig"
    assert _remote_rows(endpoint, text) == local


def test_twenty_concurrent_clients(endpoint):
    store = open_graph(MINI)
    cases = _bound_examples()
    expected = {name: _local_rows(store, text) for name, text in cases}
    jobs = [cases[i % len(cases)] for i in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda job: (job[0], _remote_rows(endpoint, job[1])), jobs))
    assert len(results) == 20
    for name, got in results:
        assert got == expected[name], name


def test_page_lists_examples_escaped_and_offline(endpoint):
    status, headers, body = http(endpoint.removesuffix("sparql"))
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    for name in querylib.available():
        assert f"{name} — " in html
    assert "<script src" not in html and "<link" not in html and "//cdn" not in html
    data = html.split('<script id="examples" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data  # tojson escapes < > & so a query cannot close the script element
    examples = json.loads(data)
    assert [e["name"] for e in examples] == querylib.available()
    assert "VALUES (?debtor ?creditor)" in next(e["query"] for e in examples if e["name"] == "owes")


def test_unknown_path_404(endpoint):
    assert http(endpoint.replace("/sparql", "/nope"))[0] == 404


def test_port_in_use_is_exit_2(ra):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = ra("serve", "--graph", MINI, "--port", port)
    assert r.code == 2
    assert f"--port {port}: address 127.0.0.1:{port} is already in use" in r.err
