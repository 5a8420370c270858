"""The endpoint under abuse, over real loopback sockets, bounded in time and stopping by themselves.

SERVICE aimed at a local listener that must see no connection; a memory
bomb; a nesting bomb; a query that would crash the parser on a normal
stack; slow clients that trickle a request byte by byte; more clients than
workers; 20 clients x 500 queries.  Nothing asserts how fast anything is:
waits are for a condition, and ``HANG_GUARD`` only turns a hang into a
failure.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

import pytest

from conftest import HANG_GUARD, Listener, in_process_endpoint, serving, wait_for

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"
TIMEOUT = 3
MEMORY_MB = 256
NO_SERVICE = "SERVICE is not allowed: ra-graph never sends a query to another server (no federation)"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("abuse") / "stderr.txt", "--graph", str(MINI), "--workers", "2",
                 "--timeout", str(TIMEOUT), "--memory", str(MEMORY_MB), "--max-rows", "50") as url:
        yield url


def post(url: str, query: str, **params) -> tuple[int, dict, bytes]:
    data = urllib.parse.urlencode({"query": query, **params}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=HANG_GUARD) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def alive(url: str) -> bool:
    status, _, body = post(url, "ASK { rai:lvvn ra:shortName 'LVVN' }")
    return (status, json.loads(body)["boolean"]) == (200, True)


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


FEDERATED = [  # (query, the line of SERVICE: its column depends on the listener's port)
    ("SELECT * WHERE { SERVICE <{target}> { ?s ?p ?o } }", 1),
    ("SELECT * WHERE { service silent <{target}> { ?s ?p ?o } }", 1),
    ("ASK {\n  { OPTIONAL { ?s ?p ?o . SeRvIcE <{target}> {} } }\n}", 2),
    ("SELECT * WHERE { VALUES ?u { <{target}> } SERVICE ?u { ?s ?p ?o } }", 1),
    ("PREFIX s: <{target}> SELECT * WHERE { ?s ?p trueSERVICE s:x {} }", 1),
    ("PREFIX s: <{target}> SELECT * WHERE { services:x {} }", 1),
    ("# no federation here, honestly\nSELECT * WHERE { ?s ?p ?o .SERVICE<{target}>{} }", 2),
]


@pytest.mark.parametrize("how", ["GET", "POST form", "POST direct"])
@pytest.mark.parametrize(("template", "line"), FEDERATED)
def test_service_is_refused_and_nothing_connects(endpoint, listener, how, template, line):
    query = template.replace("{target}", f"http://127.0.0.1:{listener.port}/sparql")
    if how == "GET":
        request = urllib.request.Request(f"{endpoint}?" + urllib.parse.urlencode({"query": query}))
    elif how == "POST form":
        request = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": query}).encode())
    else:
        request = urllib.request.Request(endpoint, data=query.encode(),
                                         headers={"Content-Type": "application/sparql-query"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=HANG_GUARD)
    body = info.value.read().decode()
    assert info.value.code == 400
    assert re.fullmatch(rf"query refused at {line}:\d+: {re.escape(NO_SERVICE)}\n", body), body
    assert listener.connections == 0


def test_query_command_refuses_service_before_connecting(ra, listener, tmp_path):
    rq = tmp_path / "federated.rq"
    rq.write_text(f"SELECT * WHERE {{\n  SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }}\n}}\n")
    r = ra("query", rq, "--graph", MINI)
    assert (r.code, r.out, r.err) == (2, "", f"ra-graph: {rq}:2:3: {NO_SERVICE}\n")
    assert listener.connections == 0


def test_updates_are_refused(endpoint):
    assert post(endpoint, "LOAD <http://127.0.0.1:9/x.ttl>")[::2] == (
        400, b"query refused at 1:1: LOAD is an update: ra-graph is read-only and runs queries only "
             b"(SELECT, ASK, CONSTRUCT, DESCRIBE)\n")
    request = urllib.request.Request(endpoint, data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=HANG_GUARD)
    assert (info.value.code, info.value.read()) == (403, b"this endpoint is read-only: updates are not accepted\n")
    assert alive(endpoint)


def test_memory_bomb_gets_503_and_the_worker_is_replaced(endpoint):
    # 27 doublings of 16 characters: a 2 GB string, far past the 256 MB limit
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(27))
    bomb = f'SELECT (STRLEN(?x27) AS ?n) WHERE {{ BIND("xxxxxxxxxxxxxxxx" AS ?x0) {binds} }}'
    status, _, body = post(endpoint, bomb)
    assert (status, body) == (503, f"query stopped: it needed more than the {MEMORY_MB} MB memory limit\n".encode())
    # within the limit the same kind of query is answered (the worker that died was replaced)
    small = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(10))
    status, _, body = post(endpoint, f'SELECT (STRLEN(?x10) AS ?n) WHERE {{ BIND("xxxxxxxxxxxxxxxx" AS ?x0) {small} }}')
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(16 * 2**10)
    assert all(alive(endpoint) for _ in range(4))


@pytest.mark.parametrize(("query", "status", "message"), [
    ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, 400,
     "query refused at 1:80: query nested too deeply: more than 64 levels of { ( ["),
    ("ASK { FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }", 400,
     "query refused at 1:76: query nested too deeply: more than 64 levels of { ( ["),
    ("SELECT * WHERE { " + "?s ?p ?o . " * 3000 + "}", 400,
     "query refused at 1:27507: query too long: more than 10000 tokens (limit 10000)"),
    # 400 joined patterns: a SIGSEGV on a normal stack; on the worker's deep stack it merely runs too long
    ("SELECT * WHERE { " + "?s <http://example.org/p> ?o . " * 400 + "}", 503,
     f"query cancelled: it ran longer than the {TIMEOUT} s limit"),
])
def test_query_bombs_are_answered_and_the_server_stays_up(endpoint, query, status, message):
    assert post(endpoint, query)[::2] == (status, (message + "\n").encode())
    assert alive(endpoint)


@pytest.fixture
def small_pool():
    """One worker, one place in the queue, a short wait: easy to saturate."""
    with in_process_endpoint(MINI, timeout=TIMEOUT, queue_size=1, queue_wait=0.3) as server:
        yield server.url


def test_slow_queries_cannot_make_everyone_wait_the_full_timeout(small_pool):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    slow_answer: list = []
    worker = threading.Thread(target=lambda: slow_answer.append(post(small_pool, slow)))
    worker.start()

    def busy():
        status, headers, body = post(small_pool, "ASK { ?s ?p ?o }")
        return (status, headers.get("Retry-After"), body) if status == 503 else None

    # answered 503 while the slow query still holds the only worker: no waiting out its 3 s
    assert wait_for(busy, "a busy answer") == (503, str(TIMEOUT), b"all 1 query workers are busy; try again shortly\n")
    assert worker.is_alive()
    with_queue = []
    clients = [threading.Thread(target=lambda: with_queue.append(post(small_pool, "ASK {}")[0])) for _ in range(3)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(HANG_GUARD)
    assert worker.is_alive() and with_queue == [503, 503, 503]
    worker.join(HANG_GUARD)
    assert slow_answer[0][::2] == (503, f"query cancelled: it ran longer than the {TIMEOUT} s limit\n".encode())
    assert alive(small_pool)


@pytest.fixture
def strict_clients():
    """A server that gives a client one second to send a whole request."""
    with in_process_endpoint(MINI, timeout=TIMEOUT, client_timeout=1) as server:
        yield server


def _trickle(address: tuple[str, int], closed: list[bool], stop: threading.Event) -> None:
    """Send a request a byte at a time, fast enough never to look idle, until the server hangs up."""
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + b"a" * 10_000
    with socket.create_connection(address, timeout=HANG_GUARD) as sock:
        sock.setblocking(False)
        for byte in request:
            if stop.is_set():
                return
            try:
                sock.send(bytes([byte]))
                if sock.recv(1) == b"":
                    break
            except BlockingIOError:
                pass
            except OSError:  # reset or broken pipe: the server hung up
                break
            time.sleep(0.1)
        else:
            return
    closed.append(True)


def test_slow_clients_are_cut_off_and_do_not_block_others(strict_clients):
    closed: list[bool] = []
    stop = threading.Event()
    tricklers = [threading.Thread(target=_trickle, args=(strict_clients.address, closed, stop), daemon=True)
                 for _ in range(40)]
    for thread in tricklers:
        thread.start()
    try:
        url = f"{strict_clients.url}?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        for _ in range(3):  # served while 40 clients trickle
            with urllib.request.urlopen(url, timeout=HANG_GUARD) as response:
                assert json.loads(response.read())["boolean"] is True
        wait_for(lambda: len(closed) == 40, "every trickling client to be cut off")
    finally:
        stop.set()
        for thread in tricklers:
            thread.join(HANG_GUARD)
    # an idle half-request is dropped as well
    with socket.create_connection(strict_clients.address, timeout=HANG_GUARD) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nASK {")
        assert sock.recv(65536) == b""


CHEAP = {
    "ASK { rai:lvvn ra:shortName 'LVVN' }": b'{"head": {}, "boolean": true}',
    "ASK { rai:lvvn ra:shortName 'RWS' }": b'{"head": {}, "boolean": false}',
    "SELECT ?l WHERE { rai:lvvn ra:shortName ?l }":
        b'{"head": {"vars": ["l"]}, "results": {"bindings": [{"l": {"type": "literal", "value": "LVVN"}}]}}',
}


def test_twenty_clients_times_five_hundred_queries_without_an_error(endpoint):
    parts = urllib.parse.urlsplit(endpoint)
    targets = [(f"{parts.path}?" + urllib.parse.urlencode({"query": q}), body) for q, body in CHEAP.items()]
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = HTTPConnection(parts.hostname, parts.port, timeout=HANG_GUARD)
        seen: Counter = Counter()
        for i in range(500):
            target, expected = targets[(index + i) % len(targets)]
            conn.request("GET", target)
            response = conn.getresponse()
            seen["right" if (response.status, response.read()) == (200, expected) else "wrong"] += 1
        conn.close()
        with lock:
            outcomes.update(seen)

    clients = [threading.Thread(target=client, args=(n,)) for n in range(20)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    assert outcomes == Counter(right=10_000)
