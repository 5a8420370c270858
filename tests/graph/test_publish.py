"""``ra-graph export --to URL`` against a real Oxigraph server on loopback."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import OXIGRAPH, free_port, oxigraph_server

from ra_graph.core.store import open_graph

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server (PyPI 'oxigraph') is not installed")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxi")) as base:
        yield base


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
    assert r.err == (f"published 3 graphs, {sum(expected.values())} triples to {oxigraph}/store as nt: "
                     + ", ".join(f"{g.rsplit('/', 1)[-1]} ({n})" for g, n in sorted(expected.items())) + "\n")
    # PUT replaces: publishing again does not duplicate anything
    assert ra("export", "--graph", MINI, "--to", f"{oxigraph}/store").code == 0
    assert remote_counts(oxigraph) == expected


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt"])
def test_format_chooses_the_wire_format(ra, tmp_path, fmt):
    with oxigraph_server(tmp_path) as base:
        r = ra("export", "--graph", MINI, "--to", f"{base}/store", "--format", fmt)
        assert r.code == 0, r.err
        assert f" to {base}/store as {fmt}: " in r.err
        assert remote_counts(base) == local_counts()


@pytest.mark.parametrize("fmt", ["trig", "csv", "graphml"])
def test_a_format_the_store_cannot_take_is_refused(ra, fmt):
    r = ra("export", "--graph", MINI, "--to", f"http://127.0.0.1:{free_port()}/store", "--format", fmt)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: --format {fmt} cannot be sent --to a Graph Store, which takes one graph per "
                     "request: use nt, ttl, jsonld\n")


def test_out_and_to_exclude_each_other(ra, tmp_path):
    r = ra("export", "--graph", MINI, "--to", "http://127.0.0.1:1/store", "--out", tmp_path / "x.nt")
    assert (r.code, r.err) == (2, "ra-graph export: --out and --to exclude each other\n")
    assert not (tmp_path / "x.nt").exists()


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
