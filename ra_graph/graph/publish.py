"""``ra-graph export --to URL``: push the snapshot to another triple store.

Integrators keep their own store (Oxigraph, Fuseki, GraphDB, …); all of them
speak the SPARQL 1.1 Graph Store HTTP Protocol, so each named graph of the
snapshot is sent with one ``PUT URL?graph=<iri>`` (N-Triples unless
``--format`` chooses Turtle or JSON-LD), which replaces that graph and leaves
the store's other graphs alone; publishing twice gives the same result.
stdlib urllib only: no extra dependency.

The data stays in its named graphs (one per arrangement, the vocabulary,
the ontology).  The stored queries read the default graph, so the store
must serve the union of its named graphs as its default graph (Oxigraph:
``oxigraph serve --union-default-graph``); see docs/analysts/exports.md.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from ra_graph.core.errors import RaGraphError
from ra_graph.core.namespaces import PREFIXES
from ra_graph.core.store import open_graph

TIMEOUT = 60.0  # seconds one read from the store may take
TOTAL = 600.0  # seconds the whole publication may take (a store that trickles is cut off)
MAX_REPLY = 1024 * 1024  # bytes of a store's reply read at most: a Graph Store answers in a few

#: ``--format`` -> (serialisation, media type) a Graph Store takes for one graph.
WIRE_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}


def _target(url: str, graph: ox.NamedNode | None) -> str:
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode({"graph": graph.value}) if graph is not None else "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _put(url: str, target: str, name: str, body: bytes, media_type: str, deadline: float | None = None) -> None:
    """PUT one graph; ``url`` (what the user typed) and ``name`` are for messages.

    The reply is read at most ``MAX_REPLY`` bytes far and only until
    ``deadline`` (time.monotonic): a store that streams forever or trickles a
    byte at a time is an error, not a publication that never ends.
    """
    import time

    where = f"--to {url} (graph {name})"
    deadline = time.monotonic() + TOTAL if deadline is None else deadline
    request = urllib.request.Request(target, data=body, method="PUT", headers={"Content-Type": media_type})
    try:
        with urllib.request.urlopen(request, timeout=max(0.01, min(TIMEOUT, deadline - time.monotonic()))) as response:
            read = 0
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RaGraphError(f"{where}: the store's reply did not end within {TOTAL:g} s: not published")
                sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
                if sock is not None:
                    sock.settimeout(max(0.01, min(TIMEOUT, left)))
                try:
                    chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
                except TimeoutError:
                    if time.monotonic() < deadline:
                        raise
                    chunk = b"\x00"  # the deadline passed while waiting: said on the next turn
                    continue
                if not chunk:
                    break
                read += len(chunk)
                if read > MAX_REPLY:
                    raise RaGraphError(f"{where}: the store's reply is longer than {MAX_REPLY} bytes, which no "
                                       "Graph Store sends: not published")
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        hint = f": {detail[0]}" if detail else ""
        raise RaGraphError(f"{where}: refused with HTTP {exc.code} {exc.reason}{hint}") from None
    except urllib.error.URLError as exc:
        raise RaGraphError(f"{where}: cannot reach the store ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise RaGraphError(f"{where}: cannot reach the store ({exc})") from None


def publish(graph_path: Path, url: str, fmt: str = "nt") -> str:
    """PUT every named graph (and a non-empty default graph) in ``fmt``; a one-line summary."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RaGraphError(f"--to {url}: expected an http(s) URL of a Graph Store Protocol endpoint")
    if fmt not in WIRE_FORMATS:
        raise RaGraphError(f"--format {fmt} cannot be sent --to a Graph Store, which takes one graph per "
                           f"request: use {', '.join(WIRE_FORMATS)}")
    rdf_format, media_type = WIRE_FORMATS[fmt]
    options = {"prefixes": PREFIXES} if rdf_format == ox.RdfFormat.TURTLE else {}
    store = open_graph(graph_path, memory=True)
    graphs: list[ox.NamedNode | None] = sorted(
        (g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        graphs.append(None)
    import time

    deadline = time.monotonic() + TOTAL
    counts = []
    for graph in graphs:
        source = graph if graph is not None else ox.DefaultGraph()
        body = store.dump(format=rdf_format, from_graph=source, **options)
        name = graph.value if graph is not None else "default graph"
        _put(url, _target(url, graph), name.rsplit("/", 1)[-1], body, media_type, deadline)
        counts.append((name, sum(1 for _ in store.quads_for_pattern(None, None, None, source))))
    total = sum(n for _, n in counts)
    listing = ", ".join(f"{name.rsplit('/', 1)[-1]} ({n})" for name, n in counts)
    return f"published {len(counts)} graphs, {total} triples to {url} as {fmt}: {listing}"
