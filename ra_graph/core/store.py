"""Open the built snapshot for reading.

Every read command (clauses, stats, owes, query, serve, …) starts here.
The project's snapshot (``data/graph/ra-graph.trig``) is opened through
its on-disk store (``ra_graph.core.diskstore``: ``data/graph/store/``,
written by ``build``), which takes milliseconds whatever the size of the
register; a store that is missing or was made from another snapshot is
rebuilt once.  Any other ``--graph`` file, a snapshot whose store cannot
be written (a read-only checkout), or ``RA_GRAPH_STORE=off`` is parsed
into memory as before: pyoxigraph answers SPARQL in Rust either way, and
rdflib is used only where the graph is built and validated.
"""

from __future__ import annotations

import os
import re
import sys
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


def open_graph(path: str | Path, *, memory: bool = False) -> ox.Store:
    """The graph of a snapshot (TriG, or Turtle/N-Triples/N-Quads), ready for queries:
    the project's snapshot from its on-disk store, any other file parsed into memory.

    ``memory``: the whole graph in memory all the same (loaded from the store's
    files of the version it opened), for a process that answers many queries
    over much of the register (the endpoint's workers): there a query runs
    several times faster than on the disk store, and opening costs once.
    """
    path = Path(path)
    fmt = _check(path)
    if _has_store(path):
        from ra_graph.core import diskstore

        try:
            store = diskstore.open_current(path)
            if memory:
                loaded = diskstore.load_subset(store, None)
                if loaded is not None:
                    diskstore.forget(store)  # closed: its reserved memory must not count against a limit
                    return loaded
            return store
        except diskstore.Unavailable as exc:
            print(f"ra-graph: {exc}; reading the snapshot instead", file=sys.stderr)
        except SyntaxError:
            pass  # parsed below, for the error with its line
        except FileNotFoundError:
            pass  # the snapshot vanished meanwhile: the parse below says so
        except (OSError, ValueError, RuntimeError) as exc:  # a damaged store: the answer comes all the same
            print(f"ra-graph: the store {path.parent / 'store'} cannot be used ({' '.join(str(exc).split())}); "
                  "reading the snapshot instead", file=sys.stderr)
    return _parse(path, fmt)


def _has_store(path: Path) -> bool:
    """Only the project's snapshot has a store (``RA_GRAPH_STORE=off``: none)."""
    if os.environ.get("RA_GRAPH_STORE", "").lower() in ("off", "0", "no"):
        return False
    from ra_graph.core import paths

    try:
        return path.suffix.lower() == ".trig" and os.path.samefile(path, paths.SNAPSHOT)
    except OSError:
        return False


def _check(path: Path) -> ox.RdfFormat:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise RaGraphError("unknown graph format (expected .trig, .ttl, .nt, .nq or .jsonld)", file=path)
    if not path.is_file():
        hint = " (run 'ra-graph build' first)" if path.name == "ra-graph.trig" else ""
        raise RaGraphError(f"graph file not found{hint}", file=path)
    return fmt


def _parse(path: Path, fmt: ox.RdfFormat) -> ox.Store:
    """Parse a graph file into memory; a syntax error names the file and line."""
    store = ox.Store()
    try:
        store.load(path=str(path), format=fmt)  # for a snapshot in memory faster than bulk_load
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        message = str(exc)
        match = re.search(r"line (\d+)", message) if line is None else None
        if match:
            line = int(match.group(1))
        raise RaGraphError(f"not valid {path.suffix[1:]}: {message}", file=path, line=line) from None
    except (OSError, ValueError) as exc:
        raise RaGraphError(f"cannot read graph: {exc}", file=path) from None
    return store


def select(store: ox.Store, query: str, **options) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
    """Run a SELECT over the union of all named graphs; rows as dicts."""
    results = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True, **options)
    names = [v.value for v in results.variables]
    return [{n: v for n, v in zip(names, row) if v is not None} for row in results]


def subset(store: ox.Store, graphs: list[str]) -> ox.Store:
    """A new store, in memory, holding only these named graphs (e.g. one arrangement
    with the vocabularies and the ontology), so a check can look at one version
    and a query over a few arrangements reads only them.  From the on-disk
    store the graphs come from their own files (``diskstore.load_subset``)."""
    if "ra_graph.core.diskstore" in sys.modules:
        fast = sys.modules["ra_graph.core.diskstore"].load_subset(store, graphs)
        if fast is not None:
            return fast
    out = ox.Store()
    for name in graphs:
        out.bulk_extend(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    return out
