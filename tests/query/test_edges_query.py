"""Boundaries of the query layer, the endpoint and ``export --to`` that the systematic mutants
(``tools/mutants.py --systematic``) found unheld: each test names the mutant(s) it holds.

Servers here listen on 127.0.0.1 only; waits are hang guards, never speed limits, except where a
test shows that something does NOT happen (then it says how long it looked).
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import HANG_GUARD, in_process_endpoint
from ra_graph.core.errors import RaGraphError

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"


# --- diff --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drenthe_diff(two_drenthes):
    from ra_graph.core.store import open_graph
    from ra_graph.query.diff import diff

    return diff(open_graph(two_drenthes), "drenthe-2025", "drenthe-2026")


def test_a_clause_lists_only_the_sides_whose_commitments_changed(drenthe_diff):
    """C-e4bdbd (``what != "unchanged"``): a clause's ``sides`` names the sides whose own
    commitments changed, never a side that is there unchanged."""
    by_clause = {c["old"] or c["new"]: c for c in drenthe_diff["clauses"]}
    # 3.3/9: the province's deadline moved (augustus 2025 -> maart 2026): the province only
    assert by_clause["drenthe-2025/3.3/9"]["side_changes"] == {"province": "changed"}
    assert by_clause["drenthe-2025/3.3/9"]["sides"] == ["province"]
    # 3.3/8: "Drenthe onderzoekt" became "Het Rijk onderzoekt": both sides' commitments changed
    assert by_clause["drenthe-2025/3.3/8"]["sides"] == ["Rijk", "province"]
    # 3.3/1 reworded ("toenemende" -> "groeiende"): both sides there, neither changed
    assert by_clause["drenthe-2025/3.3/1"]["side_changes"] == {"Rijk": "unchanged", "province": "unchanged"}
    assert by_clause["drenthe-2025/3.3/1"]["sides"] == []
    assert sum(1 for c in drenthe_diff["clauses"] if c["change"] == "unchanged" and c["sides"]) == 0


def test_the_diff_page_names_the_side_only_of_a_clause_whose_side_changed(drenthe_diff):
    """C-e4bdbd: the HTML diff says "kant / side: province" at 3.3/9 and names no side at the
    reworded 3.3/1."""
    import re
    from html import unescape

    from ra_graph.query.diff import render_html

    html = render_html(drenthe_diff)
    heads = [" ".join(unescape(re.sub(r"<[^>]+>", " ", head)).split())
             for head in re.findall(r'<article class="change \w+">\s*<div>(.*?)</div>', html, re.S)]
    sides = [m.group(1) if (m := re.search(r"· kant / side ?: (.*)$", head)) else None for head in heads]
    clauses = [re.search(r"drenthe-20\d\d/[\d.]+/\d+", head).group(0) for head in heads]
    assert list(zip(clauses, sides)) == [
        ("drenthe-2025/3.3/1", None),
        ("drenthe-2025/3.3/2", "Rijk, province"),
        ("drenthe-2025/3.3/8", "Rijk, province"),
        ("drenthe-2025/3.3/9", "province"),
        ("drenthe-2026/3.3/9", "Rijk, province"),
    ]


@pytest.mark.parametrize(("text", "shown"), [
    # 11 words: whole
    ("Het Rijk en de provincie Drenthe gaan met elkaar in gesprek.",
     "Het Rijk en de provincie Drenthe gaan met elkaar in gesprek."),
    # 12 words, the limit: whole, no ellipsis
    ("Het Rijk en de provincie Drenthe gaan in 2026 met elkaar praten.",
     "Het Rijk en de provincie Drenthe gaan in 2026 met elkaar praten."),
    # 13 words: the first 12 and an ellipsis
    ("Het Rijk en de provincie Drenthe gaan in 2026 met elkaar in gesprek.",
     "Het Rijk en de provincie Drenthe gaan in 2026 met elkaar in …"),
])
def test_a_brief_clause_text_is_cut_only_past_twelve_words(text, shown):
    """C-05b2dc (``len(parts) > words``): the table and Markdown diff show a clause in at most
    12 words; a text of exactly 12 is shown whole, without " …"."""
    from ra_graph.query.diff import _brief

    assert _brief(text) == shown


# --- binding parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "at_end"), [
    # the parameter after a closed OPTIONAL: the block goes at the end of the WHERE group
    ("?c a ra:Clause . OPTIONAL { ?c ra:number ?n } ?c ra:text ?who", True),
    # ... also after an OPTIONAL holding a group of its own
    ("?c a ra:Clause . OPTIONAL { ?c ra:number ?n { ?c ra:sourceLine ?l } } ?c ra:text ?who", True),
    # the parameter inside the OPTIONAL: at the start
    ("?c a ra:Clause . OPTIONAL { ?c ra:text ?who } ?c ra:number ?n", False),
])
def test_a_parameter_after_an_optional_group_is_bound_at_the_end(body, at_end, tmp_path, mini_store):
    """C-880421 (``guards[-1] == depth``): the OPTIONAL's guard ends with its own closing brace,
    so a parameter used after it is joined at the end of the group (the fast place)."""
    from ra_graph.query import library

    rq = tmp_path / "q.rq"
    rq.write_text(f"# param: who string — a text\nSELECT ?c WHERE {{ {body} }}\n", encoding="utf-8")
    text = library.bind(mini_store, library.load(rq), {"who": "x"})
    block = ' VALUES (?who) { ("x") } '
    head = "# param: who string — a text\nSELECT ?c WHERE {"
    expected = head + f" {body} " + block + "}\n" if at_end else head + block + f" {body} }}\n"
    assert text == expected
    # no clause has the text "x": joined at the end, nothing; bound first, the OPTIONAL keeps all 8
    assert len(list(library.run(mini_store, text))) == (0 if at_end else 8)


# --- the worker pool ----------------------------------------------------------------------------------


class _Clock:
    """``time.monotonic`` for the pool: the readings given, then each a second later."""

    def __init__(self, *readings: float):
        self.readings, self.read = list(readings), 0

    def monotonic(self) -> float:
        self.read += 1
        if self.readings:
            return self.readings.pop(0)
        return 1000.0 + self.read

    def __getattr__(self, name: str):
        return getattr(time, name)


@pytest.mark.parametrize(("readings", "waits"), [
    ((0.0, 0.049, 0.05), 2),  # just short of the query's 0.05 s after one wait: waits once more
    ((0.0, 0.05), 1),  # exactly the query's time: gives up
    ((0.0, 0.051), 1),
])
def test_a_request_waiting_for_a_loading_worker_gives_up_when_its_time_is_out(readings, waits, monkeypatch,
                                                                               mini_path):
    """C-dbbb90 (``time.monotonic() - began >= max(self.queue_wait, timeout)``): while a worker is
    loading, a request waits for it as long as its query may run (0.05 s here), and not one
    ``queue_wait`` longer."""
    from ra_graph.query import serve_pool
    from ra_graph.query.serve_pool import WorkerPool

    pool = WorkerPool(mini_path, size=0, max_rows=10, queue_size=4, queue_wait=0.01)
    clock = _Clock(*readings)
    monkeypatch.setattr(serve_pool, "time", clock)
    try:
        with pool._lock:
            pool._starting = 1  # a worker is loading the snapshot
        assert pool._take(0.05) is None
        assert clock.read == waits + 1  # the start, then one reading after each wait
        reply = pool._busy(0.05)
        assert (reply.status, reply.body) == (
            503, b"all 0 query workers are busy (1 still loading the snapshot); try again shortly\n")
    finally:
        with pool._lock:
            pool._starting = 0
        pool.close()


# --- the endpoint's front process ----------------------------------------------------------------------


@pytest.fixture
def endpoint():
    """An in-process endpoint on 127.0.0.1 (one worker), as ``ra-graph serve`` makes it."""
    with in_process_endpoint(MINI, timeout=2.0, max_rows=10) as server:
        yield server


ANSWERED = 10.0  # seconds: a hang guard for an OPTIONS request on loopback (answered in milliseconds)
OPTIONS = b"OPTIONS /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def test_the_front_process_serves_126_connections_at_once_and_queues_the_next(endpoint):
    """N-f31270 (``CONNECTIONS = 128``): waitress counts its listening socket and its wake-up pipe
    among the 128, so 126 clients are served at once: with 125 idle connections open a
    126th is answered; with 126 open, a 127th waits in the backlog (it is not refused) and is
    answered as soon as one of the others leaves."""
    host, port = endpoint.address
    idle = [socket.create_connection((host, port), timeout=HANG_GUARD) for _ in range(125)]
    try:
        with socket.create_connection((host, port), timeout=ANSWERED) as sock:
            sock.sendall(OPTIONS)
            assert sock.recv(64).startswith(b"HTTP/1.1 204 No Content\r\n")
        idle.append(socket.create_connection((host, port), timeout=HANG_GUARD))  # the 126th open at once
        with socket.create_connection((host, port), timeout=HANG_GUARD) as sock:
            sock.sendall(OPTIONS)
            sock.settimeout(0.5)
            with pytest.raises(socket.timeout):  # looked for half a second: not taken yet
                sock.recv(64)
            idle.pop().close()
            sock.settimeout(ANSWERED)
            assert sock.recv(64).startswith(b"HTTP/1.1 204 No Content\r\n")
    finally:
        for s in idle:
            s.close()


# --- export --to: the Graph Store's reply --------------------------------------------------------------


@contextmanager
def graph_store(reply: bytes):
    """A Graph Store on 127.0.0.1 that answers every PUT 200 with ``reply``; yields its URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self):  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)  # quick to shut down
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(HANG_GUARD)


def test_a_reply_of_exactly_the_limit_is_read_and_one_byte_more_is_refused():
    """C-b34969 (``read > MAX_REPLY``): a store's reply of 1 MiB is read to its end (the graph
    is published); 1 MiB and one byte is an error naming the limit."""
    from ra_graph.graph.publish import MAX_REPLY, _put

    assert MAX_REPLY == 1024 * 1024
    with graph_store(b"x" * MAX_REPLY) as url:
        _put(url, url + "?default", "g", b"", "application/n-triples")
    with graph_store(b"x" * (MAX_REPLY + 1)) as url, pytest.raises(RaGraphError) as info:
        _put(url, url + "?default", "g", b"", "application/n-triples")
    assert info.value.message == (f"--to {url} (graph g): the store's reply is longer than 1048576 bytes, "
                                  "which no Graph Store sends: not published")


class _Frozen:
    """``time.monotonic`` stood still at 100.0: the time left before a deadline never changes."""

    @staticmethod
    def monotonic() -> float:
        return 100.0


class _EmptyReply:
    """What ``urlopen`` gives for a store that answers at once with nothing: no socket, so no race
    with a loaded machine (the time left is all this test is about)."""

    def __enter__(self) -> _EmptyReply:
        return self

    def __exit__(self, *exc: object) -> bool:
        return False

    def read1(self, size: int) -> bytes:
        return b""


@pytest.mark.parametrize(("left", "published"), [(-0.001, False), (0.0, False), (0.9, True), (0.999, True)])
def test_a_reply_is_read_while_any_time_is_left(left, published, monkeypatch):
    """N-db094a (``left <= 0``): a reply is read while the deadline is still ahead, however
    little time is left; only a deadline that has come is the "did not end" error."""
    import time as real_time
    import urllib.request

    from ra_graph.graph.publish import _put

    url = "http://127.0.0.1:1/store"
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: _EmptyReply())
    monkeypatch.setattr(real_time, "monotonic", _Frozen.monotonic)
    try:
        if published:
            _put(url, url + "?default", "g", b"", "application/n-triples", deadline=100.0 + left)
        else:
            with pytest.raises(RaGraphError) as info:
                _put(url, url + "?default", "g", b"", "application/n-triples", deadline=100.0 + left)
            assert info.value.message == (f"--to {url} (graph g): the store's reply did not end "
                                          "within 600 s: not published")
    finally:
        monkeypatch.undo()
