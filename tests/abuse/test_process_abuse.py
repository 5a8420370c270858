"""Processes and the endpoint under abuse: workers that die with their parent, a fair share of
the query workers between clients, strict percent-decoding, one framing per request, a bounded
front process and an ``export --to`` that ends whatever the store does.

Everything runs over loopback with bounded counts and times; ``HANG_GUARD`` turns a hang
into a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import HANG_GUARD, MINI, ROOT, home_env, serving, wait_for

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- workers die with their parent -------------------------------------------------------------

def test_build_workers_die_with_a_killed_build(register, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(register, home)
    shutil.rmtree(home / "data" / "graph" / ".cache", ignore_errors=True)
    build = subprocess.Popen([sys.executable, "-m", "ra_graph", "build", "--no-cache", "--jobs", "2"],
                             env=home_env(home), cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = wait_for(lambda: _children(build.pid) if len(_children(build.pid)) >= 2 else None,
                           "the build's workers")
        os.kill(build.pid, signal.SIGKILL)
        build.wait(HANG_GUARD)
        wait_for(lambda: not any(_alive(pid) for pid in workers), "the workers to end")
    finally:
        if build.poll() is None:
            build.kill()


def test_endpoint_workers_die_with_a_killed_server(tmp_path):
    log = tmp_path / "stderr.txt"
    with open(log, "wb") as err:
        server = subprocess.Popen([sys.executable, "-m", "ra_graph", "serve", "--port", "0", "--graph", str(MINI),
                                   "--workers", "2"], stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(lambda: "serving" in log.read_text(), "the server to start")
        workers = _children(server.pid)
        assert len(workers) == 2
        os.kill(server.pid, signal.SIGKILL)
        server.wait(HANG_GUARD)
        wait_for(lambda: not any(_alive(pid) for pid in workers), "the workers to end")
    finally:
        if server.poll() is None:
            server.kill()


# -- the endpoint ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("fair") / "stderr.txt", "--graph", str(MINI), "--workers", "2",
                 "--timeout", "4", "--queue-wait", "2") as url:
        yield url


def _ask(url: str, query: str, *, source: str = "127.0.0.1", timeout: float = HANG_GUARD,
         headers: dict | None = None) -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source, 0))
    try:
        from urllib.parse import quote

        connection.request("GET", f"{parts.path}?query={quote(query)}", headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_one_clients_heavy_queries_leave_a_worker_for_another_client(endpoint):
    """Four heavy queries at a time from 127.0.0.1; ``ASK {}`` from 127.0.0.2 answered within 2 s in 9 of 10."""
    stop = threading.Event()

    def attack() -> None:
        while not stop.is_set():
            try:
                _ask(endpoint, HEAVY, timeout=HANG_GUARD)
            except OSError:
                pass

    attackers = [threading.Thread(target=attack, daemon=True) for _ in range(4)]
    for thread in attackers:
        thread.start()
    try:
        time.sleep(1.0)  # the attack holds what it may
        answered = 0
        for _ in range(10):
            start = time.monotonic()
            try:
                status, body = _ask(endpoint, "ASK {}", source="127.0.0.2", timeout=2.0)
            except OSError:
                continue
            if status == 200 and b"true" in body and time.monotonic() - start <= 2.0:
                answered += 1
            time.sleep(0.2)
    finally:
        stop.set()
        for thread in attackers:
            thread.join(HANG_GUARD)
    assert answered >= 9


def test_a_percent_encoded_byte_that_is_not_utf8_is_400(endpoint):
    parts = urlsplit(endpoint)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=HANG_GUARD)
    connection.request("GET", parts.path + "?query=ASK%20%7B%20%3Fs%20%3Fp%20%22caf%E9%22%20%7D")
    response = connection.getresponse()
    assert (response.status, response.read()) == (
        400, b"the query string is not UTF-8 once percent-decoded (byte 16): percent-encode the query's UTF-8 bytes\n")


def _raw(url: str, data: bytes) -> bytes:
    """Send ``data``; everything the server sends until it closes (or resets) the connection."""
    parts = urlsplit(url)
    chunks = []
    with socket.create_connection((parts.hostname, parts.port), timeout=HANG_GUARD) as sock:
        try:
            sock.sendall(data)
        except OSError:  # the server answered and closed before reading it all
            pass
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    return b"".join(chunks)


def test_content_length_with_chunked_is_refused_and_the_connection_closed(endpoint):
    """RFC 9112, 6.3: reject, or close after answering; never keep the connection for another request."""
    body = b"3\r\nASK\r\n0\r\n\r\n"
    reply = _raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
    assert reply.startswith(b"HTTP/1.1 400 Bad Request")
    assert b"Content-Length and Transfer-Encoding together" in reply


def test_headers_past_the_budget_are_refused(endpoint):
    """431 (or, when the refusal overtakes the rest of the headers, a reset): never read on."""
    reply = _raw(endpoint, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                 + b"x" * (300 * 1024) + b"\r\n\r\n")
    assert reply == b"" or reply.startswith(b"HTTP/1.0 431 Request Header Fields Too Large")
    reply = _raw(endpoint, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                 b"X-Big: " + b"x" * (200 * 1024) + b"\r\n\r\n")  # within the budget: answered
    assert reply.startswith(b"HTTP/1.1 200 OK")


def test_per_client_out_of_range_is_one_line(ra):
    r = ra("serve", "--graph", MINI, "--per-client", "0")
    assert (r.code, r.err) == (2, "ra-graph: --per-client 0: must be a number from 1 to 64\n")


# -- export --to a store that misbehaves -------------------------------------------------------

class _Store(BaseHTTPRequestHandler):
    mode = "forever"

    def do_PUT(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            for _ in range(100_000):
                if self.mode == "forever":
                    self.wfile.write(b"x" * 65536)
                else:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("mode", ["forever", "trickle"])
def test_export_to_a_store_that_never_stops_answering_ends(ra, monkeypatch, mode):
    from ra_graph.graph import publish

    handler = type("Store", (_Store,), {"mode": mode})
    store = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    store.daemon_threads = True
    threading.Thread(target=store.serve_forever, daemon=True).start()
    monkeypatch.setattr(publish, "TOTAL", 3.0)
    url = f"http://127.0.0.1:{store.server_address[1]}/store"
    try:
        start = time.monotonic()
        r = ra("export", "--graph", MINI, "--to", url)
        took = time.monotonic() - start
    finally:
        store.shutdown()
    assert (r.code, r.out) == (2, "")
    reason = ("the store's reply is longer than 1048576 bytes, which no Graph Store sends: not published"
              if mode == "forever" else "the store's reply did not end within 3 s: not published")
    assert r.err.endswith(f": {reason}\n") and r.err.startswith(f"ra-graph: --to {url} (graph ")
    assert took < HANG_GUARD


