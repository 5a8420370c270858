"""``ra-graph export --to URL`` against a real Oxigraph server on loopback."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ra_graph.core.store import open_graph

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"
HANG_GUARD = 60.0  # seconds
OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server (PyPI 'oxigraph') is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + HANG_GUARD  # a hang guard, not a speed limit
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("oxigraph server did not start")
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def remote_counts(base: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(f"{base}/query?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        data = json.load(response)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}


def local_counts() -> dict[str, int]:
    store = open_graph(MINI)
    return {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


def test_publish_every_named_graph(ra, oxigraph):
    r = ra("export", "--graph", MINI, "--to", f"{oxigraph}/store")
    assert r.code == 0, r.err
    expected = local_counts()
    assert sorted(expected) == ["https://w3id.org/ra-graph/id/graph/drenthe-2025",
                                "https://w3id.org/ra-graph/id/graph/groningen-2025",
                                "https://w3id.org/ra-graph/id/graph/vocab"]
    assert all(n > 0 for n in expected.values())
    assert remote_counts(oxigraph) == expected
    assert r.err.startswith(f"published 3 graphs, {sum(expected.values())} triples to {oxigraph}/store")
    # PUT replaces: publishing again does not duplicate anything
    assert ra("export", "--graph", MINI, "--to", f"{oxigraph}/store").code == 0
    assert remote_counts(oxigraph) == expected


def test_refused_is_exit_2(ra, oxigraph):
    r = ra("export", "--graph", MINI, "--to", f"{oxigraph}/query")
    assert r.code == 2
    assert "refused with HTTP 4" in r.err and "(graph drenthe-2025)" in r.err


def test_unreachable_is_exit_2(ra):
    port = free_port()
    r = ra("export", "--graph", MINI, "--to", f"http://127.0.0.1:{port}/store")
    assert r.code == 2 and "cannot reach the store" in r.err and "Traceback" not in r.err


def test_not_an_http_url(ra):
    r = ra("export", "--graph", MINI, "--to", "file:///tmp/x")
    assert r.code == 2 and "expected an http(s) URL" in r.err
