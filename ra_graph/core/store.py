"""Open the built snapshot for reading.

Every read command (clauses, stats, owes, query, serve, …) starts here.
pyoxigraph parses the TriG snapshot in milliseconds and answers SPARQL in
Rust, which keeps a cold command well under the cost of merely importing
rdflib; rdflib is used where the graph is built and validated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ra_graph.core.errors import RaGraphError
from ra_graph.core.namespaces import PREFIXES

_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def open_graph(path: str | Path, *, snapshot: bool = True) -> ox.Store:
    """Load a snapshot (TriG, or Turtle/N-Triples/N-Quads) into memory.

    ``snapshot``: refuse a graph that is not one ra-graph made (empty, or
    without a term of the ra: vocabulary); a BOM at the start is skipped and
    a token longer than the reader takes is one line, as for texts.
    """
    path = Path(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise RaGraphError("unknown graph format (expected .trig, .ttl, .nt, .nq or .jsonld)", file=path)
    if path.exists() and not path.is_file() and not path.is_dir():  # a FIFO would make the reader wait forever
        raise RaGraphError("cannot read graph: not a regular file (a FIFO, socket or device)", file=path)
    if not path.is_file():
        hint = " (run 'ra-graph build' first)" if path.name == "ra-graph.trig" else ""
        raise RaGraphError(f"graph file not found{hint}", file=path)
    store = ox.Store()
    try:
        if _has_bom(path):  # a byte-order mark, as an editor on Windows saves it: read as texts are
            store.load(path.read_bytes()[len(_BOM):], format=fmt)
        else:
            store.load(path=str(path), format=fmt)  # for a snapshot in memory faster than bulk_load
    except MemoryError:  # pyoxigraph's reader holds one token at most 16 MiB long
        raise RaGraphError("a token (a literal or an IRI) is longer than 16 MiB, the most the RDF reader "
                           "takes: not a snapshot ra-graph built", file=path) from None
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        message = str(exc)
        match = re.search(r"line (\d+)", message) if line is None else None
        if match:
            line = int(match.group(1))
        raise RaGraphError(f"not valid {path.suffix[1:]}: {message}", file=path, line=line) from None
    except (OSError, ValueError) as exc:
        raise RaGraphError(f"cannot read graph: {exc}", file=path) from None
    if snapshot:
        check_snapshot(store, path)
    return store


_BOM = b"\xef\xbb\xbf"


def _has_bom(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(_BOM)) == _BOM
    except OSError:
        return False


def check_snapshot(store: ox.Store, path: str | Path) -> None:
    """RaGraphError unless the graph uses the ra: vocabulary: an empty or foreign graph
    (a wrong ``--graph``) must be one clear line, not an empty answer or a traceback."""
    from ra_graph.core.namespaces import RA

    found = store.query(f"ASK {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} FILTER(STRSTARTS(STR(?s), \"{RA}\") "
                        f"|| STRSTARTS(STR(?o), \"{RA}\")) }}")
    if not bool(found):
        size = len(store)
        what = "the file holds no statements" if not size else \
            f"none of its {size} statements uses the ra: vocabulary ({RA})"
        raise RaGraphError(f"not an ra-graph snapshot: {what} (make one with 'ra-graph build')", file=path)


def select(store: ox.Store, query: str, **options) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
    """Run a SELECT over the union of all named graphs; rows as dicts."""
    results = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True, **options)
    names = [v.value for v in results.variables]
    return [{n: v for n, v in zip(names, row) if v is not None} for row in results]


def subset(store: ox.Store, graphs: list[str]) -> ox.Store:
    """A new store holding only these named graphs (e.g. one arrangement with
    the vocabularies and the ontology), so a check can look at one version."""
    out = ox.Store()
    for name in graphs:
        out.bulk_extend(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    return out
