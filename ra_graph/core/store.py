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


def open_graph(path: str | Path, *, memory: bool = False, snapshot: bool = True, deferred: bool = False) -> ox.Store:
    """The graph of a snapshot (TriG, or Turtle/N-Triples/N-Quads), ready for queries:
    the project's snapshot from its on-disk store, any other file parsed into memory.

    ``memory``: the whole graph in memory all the same (loaded from the store's
    files of the version it opened), for a process that answers many queries
    over much of the register (the endpoint's workers): there a query runs
    several times faster than on the disk store, and opening costs once.

    ``deferred``: for a command whose answer may come from the store's files alone
    (``owes``, ``query``, …): the database is opened when first asked
    (``diskstore.Deferred``, which is not an ``ox.Store``).

    ``snapshot``: refuse a parsed graph that is not one ra-graph made (empty, or
    without a term of the ra: vocabulary); a BOM at the start is skipped and a
    token longer than the reader takes is one line, as for texts.  (The on-disk
    store is made from the project's snapshot by ``build``, which checked it.)
    """
    path = Path(path)
    fmt = _check(path)
    if _has_store(path):
        from ra_graph.core import diskstore

        try:
            # ``deferred``: a command that may never need the database (its answer comes from memo/ and
            # graphs/) gets it opened when first asked (diskstore.Deferred, not an ox.Store)
            fallback = (lambda: parse_snapshot(path)) if deferred and not memory else None
            store = diskstore.open_current(path, deferred=fallback)
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
    store = _parse(path, fmt)
    if snapshot:
        check_snapshot(store, path)
    return store


def parse_snapshot(path: Path) -> ox.Store:
    """The project's snapshot parsed into memory (where its store cannot be opened)."""
    store = _parse(path, _check(path))
    check_snapshot(store, path)
    return store


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
    if path.exists() and not path.is_file() and not path.is_dir():  # a FIFO would make the reader wait forever
        raise RaGraphError("cannot read graph: not a regular file (a FIFO, socket or device)", file=path)
    if not path.is_file():
        hint = " (run 'ra-graph build' first)" if path.name == "ra-graph.trig" else ""
        raise RaGraphError(f"graph file not found{hint}", file=path)
    return fmt


def _parse(path: Path, fmt: ox.RdfFormat) -> ox.Store:
    """Parse a graph file into memory; a syntax error names the file and line."""
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
    _into_graphs(store)
    return store


def _into_graphs(store: ox.Store) -> None:
    """Put a snapshot saved without its named graphs (Turtle, N-Triples) back into them.

    Every view that counts the arrangements in force, ``diff`` and ``validate`` read an
    arrangement's own graph; from a flat file they would find nothing and answer "no rows".
    ``build`` puts an arrangement's subjects (its IRI and those under it, and the source file
    it was derived from) in its graph, the ontology's terms in the ontology graph and the
    rest in the vocabularies' graph: so does this, and every answer is the TriG's."""
    from ra_graph.core import iris
    from ra_graph.core.namespaces import ONTOLOGY_GRAPH, RA, RAI, VOCAB_GRAPH

    flat = ox.DefaultGraph()
    arrangement, identifier, derived = (ox.NamedNode(RA + "Arrangement"),
                                        ox.NamedNode("http://purl.org/dc/terms/identifier"),
                                        ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    graph_of: dict[str, ox.NamedNode] = {}  # an arrangement's IRI or its source's: its graph
    sources: dict[str, ox.NamedNode] = {}
    for quad in store.quads_for_pattern(None, rdf_type, arrangement, flat):
        for ident in store.quads_for_pattern(quad.subject, identifier, None, flat):
            graph = graph_of[quad.subject.value] = ox.NamedNode(iris.arrangement_graph(ident.object.value))
            for source in store.quads_for_pattern(quad.subject, derived, None, flat):
                sources[source.object.value] = graph
    if not graph_of:
        return
    prefix = re.compile("|".join(re.escape(i) for i in sorted(graph_of, key=len, reverse=True)) + "(?=/|$)")
    vocab, ontology = ox.NamedNode(VOCAB_GRAPH), ox.NamedNode(ONTOLOGY_GRAPH)
    moved = []
    for quad in store.quads_for_pattern(None, None, None, flat):
        subject = quad.subject
        if isinstance(subject, ox.NamedNode):
            under = prefix.match(subject.value) if subject.value.startswith(RAI) else None
            graph = graph_of[under.group(0)] if under else sources.get(subject.value) or (
                ontology if subject.value.startswith(RA.rstrip("#")) else vocab)
        else:
            graph = ontology
        moved.append(ox.Quad(subject, quad.predicate, quad.object, graph))
    store.clear_graph(flat)
    store.bulk_extend(moved)


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
