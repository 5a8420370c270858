"""What ``ra-graph export --to`` sends: Turtle with the project's prefixes, N-Triples without."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"


@pytest.fixture
def store():
    """A Graph Store on loopback that keeps every PUT body."""
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self):  # noqa: N802 (http.server's name)
            bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", bodies
    finally:
        server.shutdown()
        server.server_close()


def test_turtle_is_sent_with_the_prefixes_and_n_triples_without(ra, store):
    """C-cd14d5 (``prefixes`` only for Turtle)."""
    url, bodies = store
    assert ra("export", "--graph", MINI, "--to", url, "--format", "ttl").code == 0
    assert len(bodies) == 3
    assert all(b"@prefix ra: <https://w3id.org/ra-graph/def#> ." in body for body in bodies)
    bodies.clear()
    assert ra("export", "--graph", MINI, "--to", url, "--format", "nt").code == 0
    assert len(bodies) == 3 and not any(b"@prefix" in body for body in bodies)
    assert all(body.startswith(b"<https://w3id.org/ra-graph/") for body in bodies)
