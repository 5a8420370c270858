"""The SPARQL endpoint over a real socket with a real client (SPARQLWrapper).

One server (a subprocess, ``python -m ra_graph serve --port 0``) on loopback
for the module, with a 2 s timeout and a 50-row cap; stopped with SIGINT
(Ctrl-C) at the end, which must exit cleanly with no traceback in its log.
Nothing here asserts how fast anything is: waits are for a condition, and
the only time limit is the clients' generous hang guard (``HANG_GUARD``).
"""

from __future__ import annotations

import json
import os
import re
import socket
import struct
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from conftest import HANG_GUARD, in_process_endpoint, serving
from ra_graph.core.errors import RaGraphError
from ra_graph.core.store import open_graph
from ra_graph.query import library
from ra_graph.query.serve import make_server

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"
TIMEOUT = 2.0
MAX_ROWS = 50


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(URL of /sparql, path of the server's stderr log)."""
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    with serving(log, "--graph", str(MINI), "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS)) as url:
        yield url, log
    assert "ra-graph: stopped" in log.read_text()


@pytest.fixture(scope="module")
def endpoint(server):
    return server[0]


def client(url: str, query: str, fmt=JSON, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    sw.setTimeout(HANG_GUARD)
    return sw


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=HANG_GUARD) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def count_triples(url: str) -> int:
    result = client(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").queryAndConvert()
    return int(result["results"]["bindings"][0]["n"]["value"])


def test_select(endpoint):
    result = client(endpoint, "SELECT ?id WHERE { ?c a ra:Clause ; dcterms:identifier ?id } ORDER BY ?id").query().convert()
    ids = [b["id"]["value"] for b in result["results"]["bindings"]]
    assert ids == ["drenthe-2025/3.1/1.1", "drenthe-2025/3.1/eerder-1", "drenthe-2025/3.1/principe-1", "drenthe-2025/3.7/1",
                   "groningen-2025/2.1/3", "groningen-2025/2.4/agenda-1", "groningen-2025/2.4/drinkwater-2",
                   "groningen-2025/2.4/veenweide-4"]


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
    # a fourfold cross product of mini.trig: far beyond the 2 s limit on any machine
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = http(endpoint, urllib.parse.urlencode({"query": query}).encode())
    assert (status, body) == (503, b"query cancelled: it ran longer than the 2 s limit\n")
    assert count_triples(endpoint) == len(open_graph(MINI))  # the server (and a fresh worker) still answer


def test_result_cap(endpoint):
    status, headers, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o }"}))
    assert status == 200 and headers["X-Result-Truncated"] == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p ?o } LIMIT 3"}))
    assert "X-Result-Truncated" not in headers and len(json.loads(body)["results"]["bindings"]) == 3


def _numbers(n: int) -> str:
    return "SELECT ?n WHERE { VALUES ?n { " + " ".join(str(i) for i in range(1, n + 1)) + " } } ORDER BY ?n"


@pytest.mark.parametrize(("rows", "truncated"), [(MAX_ROWS - 1, False), (MAX_ROWS, False), (MAX_ROWS + 1, True)])
def test_result_cap_boundary(endpoint, rows, truncated):
    """--max-rows N: exactly N rows come back whole; N+1 are cut to N and say so."""
    status, headers, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": _numbers(rows)}))
    values = [int(b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]]
    assert status == 200
    assert values == list(range(1, min(rows, MAX_ROWS) + 1))
    assert headers.get("X-Result-Truncated") == (str(MAX_ROWS) if truncated else None)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize(("rows", "truncated"), [(3, False), (4, True)])
def test_execute_caps_select_at_max_rows_in_every_format(fmt, rows, truncated):
    from ra_graph.query.sparql_exec import execute

    reply = execute(ox.Store(), _numbers(rows), fmt=fmt, accept=None, max_rows=3)
    if fmt == "csv":  # pyoxigraph writes SPARQL CSV but does not read it
        got = [int(line) for line in reply.body.decode().split("\r\n")[1:] if line]
    else:
        got = [int(r["n"].value) for r in ox.parse_query_results(reply.body, format={
            "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
            "tsv": ox.QueryResultsFormat.TSV}[fmt])]
    assert (reply.status, got) == (200, [1, 2, 3][:rows])
    assert reply.headers == ({"X-Result-Truncated": "3"} if truncated else {})


@pytest.mark.parametrize(("triples", "truncated"), [(3, False), (4, True)])
def test_execute_caps_construct_at_max_rows(triples, truncated):
    from ra_graph.query.sparql_exec import execute

    query = ("CONSTRUCT { rai:x rai:n ?n } WHERE { VALUES ?n { "
             + " ".join(str(i) for i in range(1, triples + 1)) + " } }")
    reply = execute(ox.Store(), query, fmt="nt", accept=None, max_rows=3)
    assert reply.status == 200
    assert len(list(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))) == 3
    assert reply.headers == ({"X-Result-Truncated": "3"} if truncated else {})


def test_query_of_exactly_max_query_bytes_is_answered(endpoint):
    """A query of exactly MAX_QUERY_BYTES is read and answered; one byte more is refused with 413
    (test_nesting_and_length_limits), a body past MAX_BODY before any of it is read
    (test_bad_framing_is_refused_by_the_http_server)."""
    from ra_graph.query.sparql_guard import MAX_QUERY_BYTES

    head = b"ASK { ?s ?p ?o } #"
    body = head + b"x" * (MAX_QUERY_BYTES - len(head))
    assert len(body) == MAX_QUERY_BYTES == 1000000
    status, _, answer = http(endpoint, body, {"Content-Type": "application/sparql-query"})
    assert (status, json.loads(answer)["boolean"]) == (200, True)
    status, _, answer = http(endpoint, body + b"x", {"Content-Type": "application/sparql-query"})
    assert (status, answer) == (413, b"query refused: query too large: 1000001 bytes (limit 1000000)\n")


def _silent_worker():
    """A worker process that reads requests and never answers (a query that never ends)."""
    from ra_graph.query.serve_pool import _Worker

    worker = _Worker.__new__(_Worker)
    worker.process = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.buffer.read()"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return worker


def test_worker_past_its_deadline_is_replaced_and_answered_503():
    """No sleeping: a deadline of 0 s has passed before a silent worker could answer."""
    from ra_graph.query.serve_pool import WorkerPool

    pool = WorkerPool(MINI, size=0, max_rows=MAX_ROWS)
    silent = _silent_worker()
    pool._all.add(silent)
    pool._idle.put(silent)
    try:
        reply = pool.run({"query": "ASK {}"}, 0.0)
        assert (reply.status, reply.body) == (503, b"query cancelled: it ran longer than the 0 s limit\n")
        assert silent.process.poll() is not None  # killed
        assert silent not in pool._all and len(pool._all) == 1  # and replaced by a fresh worker
        assert pool.run({"query": "ASK { ?s ?p ?o }"}, HANG_GUARD).status == 200
    finally:
        pool.close()


def test_a_worker_slow_to_load_does_not_cost_the_first_query_its_deadline(tmp_path, monkeypatch):
    """A worker joins the pool once loaded: a query of at most 0.5 s is answered by a worker that
    took 1.5 s to load (before, the loading counted against the query, which was cancelled and the
    worker replaced by one just as slow)."""
    from ra_graph.query.serve_pool import WorkerPool

    (tmp_path / "slow_worker.py").write_text(
        "import sys, time\ntime.sleep(1.5)\nfrom ra_graph.query.serve_pool import _serve\n"
        "_serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), *sys.path]))
    pool = WorkerPool(MINI, size=1, max_rows=MAX_ROWS, queue_wait=HANG_GUARD, module="slow_worker")
    try:
        assert pool._idle.qsize() == 0  # still loading: not offered a query
        reply = pool.run({"query": "ASK { ?s ?p ?o }"}, 0.5)
        assert (reply.status, json.loads(reply.body)["boolean"]) == (200, True)
        assert pool.wait_ready() == 1
    finally:
        pool.close()


def high_descriptors(low: int = 1100) -> list[int]:
    """Descriptors opened until one is numbered ``low`` or more: what a long-lived process holds
    (a serial test session does: every in-process open of the checkout's store keeps its files)."""
    import os
    import resource

    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < low + 100:
        pytest.skip(f"needs a limit of more than {low + 100} open files")
    fillers = [os.open(os.devnull, os.O_RDONLY)]
    while fillers[-1] < low:
        fillers.append(os.open(os.devnull, os.O_RDONLY))
    return fillers


def test_a_worker_on_a_descriptor_past_1024_is_answered():
    """select.select refuses a descriptor numbered 1024 or more (ValueError: every query a 500);
    the pool waits for its workers with poll, which has no such limit."""
    import os

    from ra_graph.query.serve_pool import WorkerPool

    fillers = high_descriptors()
    try:
        pool = WorkerPool(MINI, size=1, max_rows=MAX_ROWS)
    finally:
        for fd in fillers:
            os.close(fd)
    try:
        (worker,) = pool._all
        assert worker.process.stdout.fileno() >= 1024
        reply = pool.run({"query": "ASK { ?s ?p ?o }"}, HANG_GUARD)
        assert (reply.status, json.loads(reply.body)["boolean"]) == (200, True)
    finally:
        pool.close()


@pytest.mark.parametrize("queue_size", [0, 1])
def test_no_free_worker_within_the_wait_is_503_with_retry_after(queue_size):
    from ra_graph.query.serve_pool import WorkerPool

    pool = WorkerPool(MINI, size=0, max_rows=MAX_ROWS, queue_size=queue_size, queue_wait=0.01)
    reply = pool.run({"query": "ASK {}"}, 2.5)
    assert (reply.status, reply.body, reply.headers) == (
        503, b"all 0 query workers are busy; try again shortly\n", {"Retry-After": "3"})


@pytest.mark.parametrize(("timeout", "max_rows", "problem"), [
    (1, 1, None), (0, 1, "--timeout 0: must be a number from 0.01 to 3600"),
    (1, 0, "--max-rows 0: must be a number from 1 to 1e+07"),
    (-1, 5, "--timeout -1: must be a number from 0.01 to 3600"),
    (float("nan"), 5, "--timeout nan: must be a number from 0.01 to 3600"),
])
def test_timeout_and_max_rows_must_be_in_range(timeout, max_rows, problem):
    if problem is None:
        server, _ = make_server(MINI, host="127.0.0.1", port=0, timeout=timeout, max_rows=max_rows,
                                workers=1, quiet=True)
        server.close()
    else:
        with pytest.raises(RaGraphError) as info:
            make_server(MINI, host="127.0.0.1", port=0, timeout=timeout, max_rows=max_rows, workers=1, quiet=True)
        assert info.value.message == problem


def test_syntax_error_is_400(endpoint):
    status, _, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"}))
    assert status == 400
    # the position, then only the first five of the tokens pyoxigraph would have accepted
    assert re.fullmatch(r'SPARQL syntax error at 1:21: expected one of (".", ){4}"." … \(\d+ more\) '
                        r"\(this endpoint is read-only: queries only\)\n", body.decode()), body
    query = "SELECT ?x WHERE {\n ?x ra:p ?o ;\n ?o }"
    status, _, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": query}))
    assert (status, body) == (400, b"SPARQL syntax error at 3:6: expected one of BIND, [_] "
                                   b"(this endpoint is read-only: queries only)\n")


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
    """Each stored query bound to its example, as the page binds it (serve.example_queries): an
    example this graph cannot answer (dropped-between's old and new are one version on
    mini.trig, refused) is shown unbound."""
    from ra_graph.query.serve import example_queries

    return [(e["name"], e["query"]) for e in example_queries(open_graph(MINI))]


def _needs_more_graphs(name: str) -> bool:
    """The query's expectations load more fixture graphs with mini.trig (e.g. a
    second version for the revision queries): on mini.trig alone it may answer nothing."""
    expected = MINI.parent / "queries" / f"{name}.json"
    return bool(json.loads(expected.read_text(encoding="utf-8")).get("graphs"))


@pytest.mark.parametrize(("name", "text"), _bound_examples())
def test_every_stored_query_through_the_endpoint(endpoint, name, text):
    local = _local_rows(open_graph(MINI), text)
    assert local[1] or _needs_more_graphs(name), f"{name}: the example should give rows on mini.trig"
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
    status, headers, body = http(endpoint, headers={"Accept": BROWSER_ACCEPT})  # the editor; / is the workbench
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self';" in headers["Content-Security-Policy"]  # no inline script
    for name in library.available():
        assert f"{name} — " in html
    assert re.findall(r'<script src="([^"?]+)', html) == ["sparql/assets/yasgui.min.js",
                                                         "sparql/assets/sparql-editor.js"]
    assert not re.search(r'(src|href|action)="(https?:)?//', html)  # nothing from another origin
    data = html.split('<script id="ra-editor-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data  # tojson escapes < > & so a query cannot close the script element
    examples = json.loads(data)["examples"]
    assert [e["name"] for e in examples] == library.available()
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


# --- the port, the request body, HEAD, stalled and vanishing clients ---------------------


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_port_out_of_range_is_exit_2(ra, port):
    r = ra("serve", "--graph", MINI, "--port", port)
    assert (r.code, r.out) == (2, "")
    assert r.err == f"ra-graph serve: Invalid value for '--port': {port} is not in the range 0<=x<=65535.\n"


def test_make_server_port_out_of_range_is_an_input_error():
    with pytest.raises(RaGraphError) as info:
        make_server(MINI, host="127.0.0.1", port=70000, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=1)
    assert info.value.message == "--port 70000: not a port number (0-65535)"


def raw(url: str, data: bytes) -> bytes:
    """Send ``data`` as it stands over a fresh connection; everything read until the server closes it."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=HANG_GUARD) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:  # the server may close with data of ours unread
            pass
    return b"".join(chunks)


def post_head(length: str, extra: str = "") -> bytes:
    return (f"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n{extra}"
            f"Content-Length: {length}\r\n\r\n").encode()


def responses(reply: bytes) -> list[tuple[str, bytes]]:
    """(status line, body) of each response in ``reply``, in order (bodies by Content-Length)."""
    out = []
    while reply:
        head, _, rest = reply.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in lines[1:] if line.lower().startswith(b"content-length:")),
                      len(rest))
        out.append((lines[0].decode(), rest[:length]))
        reply = rest[length:]
    return out


WAITRESS = "(generated by ra-graph-sparql)"
ASK = b"ASK { rai:rws org:subOrganizationOf+ rai:rijk }"
GET_ASK = "GET /sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D HTTP/1.1\r\nHost: localhost\r\n"


@pytest.mark.parametrize(
    ("request_bytes", "status", "message"),
    [
        (post_head("abc") + ASK, "HTTP/1.1 400 Bad Request", "Content-Length is invalid"),
        (post_head("-1") + ASK, "HTTP/1.1 400 Bad Request", "Content-Length is invalid"),
        (post_head("1_0") + ASK, "HTTP/1.1 400 Bad Request", "Content-Length is invalid"),
        (post_head(str(len(ASK)), f"Content-Length: {len(ASK)}\r\n") + ASK, "HTTP/1.1 400 Bad Request",
         "Content-Length is invalid"),  # two Content-Length headers, even equal ones
        (post_head("5", f"Content-Length: {len(ASK)}\r\n") + ASK, "HTTP/1.1 400 Bad Request",
         "Content-Length is invalid"),
        (post_head("3000001"), "HTTP/1.1 413 Request Entity Too Large", "exceeds max_body of 3000000"),
        (post_head("0", "Transfer-Encoding: gzip\r\n"), "HTTP/1.1 501 Not Implemented",
         "Transfer-Encoding requested is not supported."),
        ((GET_ASK + "Content-Length: 0\r\nX: a\rb\r\n\r\n").encode(), "HTTP/1.0 400 Bad Request",
         'Bare CR or LF found in header line "X: a\rb"'),
        (b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
         b"Transfer-Encoding: chunked\r\n\r\nzz\r\nASK\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request", "Invalid chunk size"),
    ],
    ids=["not-a-number", "negative", "underscore", "twice-equal", "twice-different", "too-large",
         "unsupported-transfer-encoding", "bare-cr", "bad-chunk"],
)
def test_bad_framing_is_refused_by_the_http_server(endpoint, request_bytes, status, message):
    # the server closes the connection after answering (raw() reads until then): it never waits for a body
    (got,) = responses(raw(endpoint, request_bytes))
    assert got[0] == status
    assert got[1].decode().split("\r\n\r\n") == [status.split(" ", 2)[2], message, WAITRESS]


def test_a_chunked_body_is_read_whole(endpoint):
    body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (ASK[:10], ASK[10:])) + b"0\r\n\r\n"
    (got,) = responses(raw(endpoint, post_head("0", "Connection: close\r\n").replace(
        b"Content-Length: 0\r\n", b"Transfer-Encoding: chunked\r\n") + body))
    assert got[0] == "HTTP/1.1 200 OK" and json.loads(got[1])["boolean"] is True


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_a_body_is_never_taken_for_a_second_request(endpoint, method):
    """A request hidden in the body of a GET/PUT/DELETE is read as body; only the next real request is answered."""
    hidden = b"GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n"
    first = (f"{method} /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nContent-Length: {len(hidden)}"
             "\r\n\r\n").encode() + hidden
    second = (GET_ASK + "Connection: close\r\n\r\n").encode()
    got = responses(raw(endpoint, first + second))
    assert [status for status, _ in got] == ["HTTP/1.1 200 OK" if method == "GET" else "HTTP/1.1 405 Method Not Allowed",
                                             "HTTP/1.1 200 OK"]


def test_an_incomplete_body_is_never_evaluated(server):
    url, log = server
    before = log.read_text().count("POST /sparql")
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=HANG_GUARD) as sock:
        sock.sendall(post_head("100") + ASK)
        sock.shutdown(socket.SHUT_WR)  # the client stops sending 54 bytes short
        reply = b"".join(iter(lambda: sock.recv(65536), b""))
    assert reply == b""  # closed without an answer: there is no request to answer
    assert count_triples(url) > 0 and log.read_text().count("POST /sparql") == before


def test_post_with_exact_length_still_works(endpoint):
    (got,) = responses(raw(endpoint, post_head(str(len(ASK)), "Connection: close\r\n") + ASK))
    assert got[0] == "HTTP/1.1 200 OK" and json.loads(got[1])["boolean"] is True


@pytest.mark.parametrize("target", ["/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", "/questions", "/nope", "/sparql"])
def test_head_has_the_headers_of_get_and_no_body(endpoint, target):
    parts = urllib.parse.urlsplit(endpoint)
    answers = {}
    for method in ("GET", "HEAD"):
        conn = HTTPConnection(parts.hostname, parts.port, timeout=HANG_GUARD)
        conn.request(method, target)
        response = conn.getresponse()
        answers[method] = (response.status, response.getheader("Content-Type"),
                           response.getheader("Content-Length"), response.read())
        conn.close()
    get, head = answers["GET"], answers["HEAD"]
    assert head[:3] == get[:3] and head[3] == b"" and int(get[2]) == len(get[3]) > 0
    assert get[0] == (404 if target == "/nope" else 200)


def test_a_client_that_hangs_up_leaves_no_trace(server):
    url, log = server
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=HANG_GUARD) as sock:
        sock.sendall(post_head("100") + b"ASK {")
        # hang up with a reset (SO_LINGER 0) while the server waits for the rest of the body
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    assert count_triples(url) > 0  # the server carries on
    assert "Traceback" not in log.read_text()


@pytest.fixture
def local_server(request):
    """An in-process server (make_server) with the options a test passes through ``request.param``."""
    with in_process_endpoint(MINI, timeout=TIMEOUT, max_rows=MAX_ROWS, **getattr(request, "param", {})) as server:
        yield server


@pytest.mark.parametrize("local_server", [{"client_timeout": 1}], indirect=True)
def test_stalled_client_is_dropped(local_server):
    """A client that stops sending mid-body is disconnected after the client timeout (30 s by default)."""
    host, port = local_server.address
    with socket.create_connection((host, port), timeout=HANG_GUARD) as sock:
        sock.sendall(post_head("100") + b"ASK {")
        assert sock.recv(65536) == b""  # closed, without an answer, once the second has passed
    url = f"{local_server.url}?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    assert http(url)[0] == 200  # other clients are still served


# --- every client speaks to it --------------------------------------------------------------------------

LVVN = "SELECT ?l WHERE { rai:lvvn ra:shortName ?l }"
FORMATS = ["json", "xml", "turtle", "n3", "rdf", "rdf+xml", "csv", "tsv", "json-ld"]
QUERIES_BY_KIND = {
    "select": "SELECT ?l WHERE { rai:lvvn ra:shortName ?l }",
    "ask": "ASK { rai:lvvn ra:shortName ?l }",
    "construct": "CONSTRUCT { rai:lvvn ra:shortName ?l } WHERE { rai:lvvn ra:shortName ?l }",
    "describe": "DESCRIBE ?x WHERE { ?x ra:shortName 'LVVN' }",
}


def _answer(converted) -> object:
    """What a converted SPARQLWrapper result says, whatever the format it came in."""
    import csv
    import xml.dom.minidom

    import rdflib

    if isinstance(converted, dict):
        if "boolean" in converted:
            return converted["boolean"]
        return [b["l"]["value"] for b in converted["results"]["bindings"]]
    if isinstance(converted, xml.dom.minidom.Document):
        boolean = converted.getElementsByTagName("boolean")
        if boolean:
            return boolean[0].firstChild.data == "true"
        return [n.firstChild.data for n in converted.getElementsByTagName("literal")]
    if isinstance(converted, rdflib.Graph):
        return sorted((str(s), str(p), str(o)) for s, p, o in converted)
    text = converted.decode() if isinstance(converted, bytes) else converted
    if text.startswith("l\r\n") or text.startswith("l\n"):
        return [row[0] for row in csv.reader(text.splitlines()[1:])]
    if text.startswith("?l\n"):
        return [ox.Literal(line[1:line.rindex('"')]).value for line in text.splitlines()[1:]]
    fmt = ox.RdfFormat.TURTLE if "@prefix" in text or not text.startswith("<") else ox.RdfFormat.N_TRIPLES
    return sorted((t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(text.encode(), format=fmt))


_TRIPLE = [("https://w3id.org/ra-graph/id/lvvn", "https://w3id.org/ra-graph/def#shortName", "LVVN")]


@pytest.mark.parametrize("kind", list(QUERIES_BY_KIND))
@pytest.mark.parametrize("fmt", FORMATS)
def test_sparqlwrapper_gets_a_parseable_answer_in_every_format(endpoint, kind, fmt):
    sw = client(endpoint, QUERIES_BY_KIND[kind], fmt)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Format requested was N3, but JSON ...": fine for a SELECT
        converted = sw.queryAndConvert()
    expected = {"select": ["LVVN"], "ask": True}.get(kind, _TRIPLE)
    if kind == "describe":
        assert set(_TRIPLE) <= set(_answer(converted))  # DESCRIBE gives every statement about rai:lvvn
    else:
        assert _answer(converted) == expected


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    lvvn = rdflib.URIRef("https://w3id.org/ra-graph/id/lvvn")
    rows = list(graph.query("SELECT ?l WHERE { <https://w3id.org/ra-graph/id/lvvn> "
                            "<https://w3id.org/ra-graph/def#shortName> ?l }"))
    assert [str(row[0]) for row in rows] == ["LVVN"]
    assert list(graph.objects(lvvn, rdflib.URIRef("https://w3id.org/ra-graph/def#shortName"))) == [rdflib.Literal("LVVN")]
    assert bool(graph.query("ASK { ?s ?p ?o }").askAnswer) is True
    constructed = graph.query("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o FILTER(?x = <https://w3id.org/ra-graph/id/lvvn> "
                              "&& ?p = <https://w3id.org/ra-graph/def#shortName>) }")
    assert sorted((str(s), str(p), str(o)) for s, p, o in constructed) == _TRIPLE


@pytest.mark.parametrize(
    ("params", "accept", "ctype"),
    [
        ({"format": "srj"}, None, "application/sparql-results+json"),
        ({"format": "application/sparql-results+json"}, None, "application/sparql-results+json"),
        ({"format": "srx"}, None, "application/sparql-results+xml"),
        ({"format": "text/csv"}, None, "text/csv"),
        ({"format": "text/tab-separated-values; charset=utf-8"}, None, "text/tab-separated-values"),
        ({"format": ["tsv", "text/tab-separated-values"]}, None, "text/tab-separated-values"),
        ({"output": "csv"}, None, "text/csv"),
        ({"results": "xml"}, None, "application/sparql-results+xml"),
        ({"format": ["bogus", "csv"]}, None, "text/csv"),  # the first known value wins
        ({"format": "html"}, "text/tab-separated-values", "text/tab-separated-values"),  # unknown: Accept decides
        ({"format": "html"}, None, "application/sparql-results+json"),
        ({"format": "rdf+xml"}, None, "application/sparql-results+xml"),  # a SELECT has no RDF/XML: XML results
    ],
)
def test_format_aliases_and_media_types_for_a_select(endpoint, params, accept, ctype):
    query = urllib.parse.urlencode({"query": LVVN, **params}, doseq=True)
    status, got, _ = http(f"{endpoint}?{query}", headers={"Accept": accept} if accept else {})
    assert (status, got["Content-Type"].split(";")[0]) == (200, ctype)


@pytest.mark.parametrize(
    ("fmt", "accept", "ctype"),
    [("n3", None, "text/turtle"), ("ttl", None, "text/turtle"), ("rdf+xml", None, "application/rdf+xml"),
     ("application/rdf+xml", None, "application/rdf+xml"), ("rdf", None, "application/rdf+xml"),
     ("json", None, "application/ld+json"), ("json-ld", None, "application/ld+json"),
     ("ntriples", None, "application/n-triples"), ("xml", None, "application/rdf+xml"),
     ("nonsense", "application/n-triples", "application/n-triples")],
)
def test_format_aliases_for_a_construct(endpoint, fmt, accept, ctype):
    query = urllib.parse.urlencode({"query": QUERIES_BY_KIND["construct"], "format": fmt})
    status, got, _ = http(f"{endpoint}?{query}", headers={"Accept": accept} if accept else {})
    assert (status, got["Content-Type"].split(";")[0]) == (200, ctype)


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
SD = "http://www.w3.org/ns/sparql-service-description#"


def _description(body: bytes, fmt=ox.RdfFormat.TURTLE) -> dict[str, set[str]]:
    triples = list(ox.parse(body, format=fmt))
    return {p: {t.object.value for t in triples if t.predicate.value == SD + p}
            for p in ("endpoint", "supportedLanguage", "name", "feature")}


@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle", "application/sparql-results+json, text/turtle;q=0.5"])
def test_get_without_a_query_describes_the_service(endpoint, accept):
    status, headers, body = http(endpoint, headers={"Accept": accept} if accept else {})
    assert (status, headers["Content-Type"]) == (200, "text/turtle; charset=utf-8")
    assert _description(body) == {
        "endpoint": {endpoint.replace("127.0.0.1", "127.0.0.1")},
        "supportedLanguage": {SD + "SPARQL11Query"},
        "feature": {SD + "UnionDefaultGraph"},
        "name": {f"https://w3id.org/ra-graph/id/graph/{g}" for g in ("drenthe-2025", "groningen-2025", "vocab")},
    }


def test_the_service_description_in_rdf_xml(endpoint):
    status, headers, body = http(endpoint, headers={"Accept": "application/rdf+xml"})
    assert (status, headers["Content-Type"]) == (200, "application/rdf+xml")
    assert _description(body, ox.RdfFormat.RDF_XML)["endpoint"] == {endpoint}


def test_get_without_a_query_gives_a_browser_the_page(endpoint):
    status, headers, body = http(endpoint, headers={"Accept": BROWSER_ACCEPT})
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert b"<textarea" in body and body != http(endpoint.removesuffix("sparql"))[2]  # / is the workbench


# --- Host, Origin, CORS -------------------------------------------------------------------------------


def _port(url: str) -> int:
    return urllib.parse.urlsplit(url).port


@pytest.mark.parametrize(("host", "status"), [
    ("localhost:{port}", 200), ("127.0.0.1:{port}", 200), ("[::1]:{port}", 200), ("LOCALHOST.", 200),
    ("10.1.2.3", 200),  # an address is never a rebinding: the page would be that address's own
    ("evil.example:{port}", 403), ("localhost.evil.example", 403), ("127.0.0.1.nip.io:{port}", 403),
])
def test_host_must_name_this_server(endpoint, host, status):
    value = host.format(port=_port(endpoint))
    conn = HTTPConnection("127.0.0.1", _port(endpoint), timeout=HANG_GUARD)
    conn.putrequest("GET", "/sparql?query=ASK%7B%7D", skip_host=True)
    conn.putheader("Host", value)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status == status
    if status == 403:
        assert body == (f"Host '{value}' does not name this server (an IP address, localhost or an --allow-host "
                        "name)\n").encode()


def test_a_page_from_another_origin_is_refused_without_cors(endpoint):
    query = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    status, headers, body = http(endpoint, query, {"Origin": "http://evil.example"})
    assert (status, body) == (403, b"requests from the web page at 'http://evil.example' are not accepted "
                                   b"(see ra-graph serve --cors)\n")
    status, headers, _ = http(endpoint, query, {"Origin": endpoint.removesuffix("/sparql")})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers  # the page at / itself


def test_options_says_what_is_allowed(endpoint):
    conn = HTTPConnection("127.0.0.1", _port(endpoint), timeout=HANG_GUARD)
    conn.request("OPTIONS", "/sparql")
    response = conn.getresponse()
    assert (response.status, response.getheader("Allow"), response.read()) == (204, "GET, HEAD, POST, OPTIONS", b"")
    conn.close()


@pytest.mark.parametrize("local_server", [{"cors": ("https://analyst.example",)}], indirect=True)
def test_cors_lets_the_named_origin_in(local_server):
    url = local_server.url
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    status, headers, body = http(url, query, {"Origin": "https://analyst.example"})
    assert status == 200 and json.loads(body)["boolean"] is True
    assert (headers["Access-Control-Allow-Origin"], headers["Vary"]) == ("https://analyst.example", "Origin")
    conn = HTTPConnection("127.0.0.1", local_server.address[1], timeout=HANG_GUARD)
    conn.request("OPTIONS", "/sparql", headers={"Origin": "https://analyst.example",
                                                "Access-Control-Request-Method": "POST"})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert (response.status, response.getheader("Access-Control-Allow-Origin"),
            response.getheader("Access-Control-Allow-Methods")) == (204, "https://analyst.example", "GET, HEAD, POST")
    assert http(url, query, {"Origin": "https://other.example"})[0] == 403


def test_a_value_xml_cannot_carry_is_a_406_not_broken_xml(endpoint):
    query = 'SELECT ?x WHERE { BIND("page\\u000Cbreak" AS ?x) }'
    status, _, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": query, "format": "xml"}))
    assert (status, body) == (406, b"the result holds U+000C, which XML cannot carry; ask for JSON, CSV or TSV "
                                   b"(format=json)\n")
    status, _, body = http(f"{endpoint}?" + urllib.parse.urlencode({"query": query}))
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"] == "page\x0cbreak"
