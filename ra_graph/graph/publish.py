"""``ra-graph export --to URL``: push the snapshot to another triple store.

Integrators keep their own store (Oxigraph, Fuseki, GraphDB, …); all of them
speak the SPARQL 1.1 Graph Store HTTP Protocol, so each named graph of the
snapshot is sent with one ``PUT URL?graph=<iri>`` (N-Triples), which
replaces that graph and leaves the store's other graphs alone; publishing
twice gives the same result.  stdlib urllib only: no extra dependency.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from ra_graph.core.errors import RaGraphError
from ra_graph.core.store import open_graph

TIMEOUT = 60.0  # seconds per graph


def _target(url: str, graph: ox.NamedNode | None) -> str:
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode({"graph": graph.value}) if graph is not None else "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _put(url: str, target: str, name: str, body: bytes) -> None:
    """PUT one graph; ``url`` (what the user typed) and ``name`` are for messages."""
    where = f"--to {url} (graph {name})"
    request = urllib.request.Request(target, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        hint = f": {detail[0]}" if detail else ""
        raise RaGraphError(f"{where}: refused with HTTP {exc.code} {exc.reason}{hint}") from None
    except urllib.error.URLError as exc:
        raise RaGraphError(f"{where}: cannot reach the store ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise RaGraphError(f"{where}: cannot reach the store ({exc})") from None


def publish(graph_path: Path, url: str) -> str:
    """PUT every named graph (and a non-empty default graph); a one-line summary."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RaGraphError(f"--to {url}: expected an http(s) URL of a Graph Store Protocol endpoint")
    store = open_graph(graph_path)
    graphs: list[ox.NamedNode | None] = sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        graphs.append(None)
    counts = []
    for graph in graphs:
        source = graph if graph is not None else ox.DefaultGraph()
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=source)
        name = graph.value if graph is not None else "default graph"
        _put(url, _target(url, graph), name.rsplit("/", 1)[-1], body)
        counts.append((name, body.count(b"\n")))
    total = sum(n for _, n in counts)
    listing = ", ".join(f"{name.rsplit('/', 1)[-1]} ({n})" for name, n in counts)
    return f"published {len(counts)} graphs, {total} triples to {url}: {listing}"
