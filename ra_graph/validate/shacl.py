"""``ra-graph validate``: SHACL validation of a snapshot, with findings an analyst can trace.

The snapshot is loaded with pyoxigraph (fast, and the same error messages
as every other command) and validated as one graph - the union of all
named graphs plus ``ontology/ra.ttl``, so that the vocabulary with its
``org:subOrganizationOf`` links and the class hierarchy are visible to the
shapes - against ``ontology/shapes.ttl`` (SHACL Core, no inference).

Two engines give the same findings (a test holds them to it, on every
shape fixture, the shipped graph and a generated register):

- ``rudof`` (pyrudof, written in Rust; the default): validates a register
  of 120 arrangements in seconds, where pySHACL needs most of a minute;
- ``pyshacl``, the reference implementation, and the engine for
  ``--inference`` (RDFS), which rudof does not do.

Nested property shapes are blank nodes; both engines get the shapes as
N-Triples with rdflib's blank-node labels, so a result's source shape is
found in the same rdflib shapes graph either way.

rudof runs on chunks of arrangements in bounded memory (``_rudof_bounded``);
for the project's register without ``--as-of`` its results per chunk are
kept in the build cache under a key of everything it reads
(``_CachedRudof``), so a register validated before is not validated again.

``conforms`` is false only when there are Violations: Warnings (one-sided
clauses, overdue commitments) and Info (the reciprocity balance) are things
to look at, not defects.

``run()`` is the measurable core (a benchmark times it against a bare
``pyshacl.validate`` on the same graph); ``validate_command()`` is what the
CLI calls.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ra_graph.core import iris, namespaces, paths, progress
from ra_graph.core.errors import RaGraphError
from ra_graph.core.isodate import parse_iso_date
from ra_graph.core.namespaces import ONTOLOGY_GRAPH, VOCAB_GRAPH
from ra_graph.core.store import open_graph, subset
from ra_graph.core.versions import resolve_arrangement
from ra_graph.graph.compile import read_turtle
from ra_graph.graph.ontology import load_ontology
from ra_graph.validate import extra_checks
from ra_graph.validate.findings import (
    Context,
    Finding,
    ValidationReport,
    severity_counts,
)

if TYPE_CHECKING:
    from ra_graph.graph.cache import Cache

SH = Namespace(namespaces.SH)
RASH = Namespace(namespaces.RASH)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
ENGINES = ("rudof", "pyshacl")
LONG_WORK = 100  # clauses from which validation shows a progress bar on a terminal


# -- input ---------------------------------------------------------------------

def parse_as_of(value: str | None) -> date | None:
    """``--as-of`` as a date; anything but YYYY-MM-DD is an input error."""
    return None if value is None else parse_iso_date(value, "--as-of")


def load_shapes(path: Path) -> Graph:
    """Parse the shapes file; a missing file or a syntax error names the file (and line)."""
    if not path.is_file():
        raise RaGraphError("shapes file not found", file=path)
    return read_turtle([path])


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def flatten(store: ox.Store) -> Graph:
    """The union of every graph in the store as one rdflib graph."""
    graph = Graph()
    add = graph.add
    for quad in store:
        add((_term(quad.subject), URIRef(quad.predicate.value), _term(quad.object)))
    return graph


def _to_store(data: Graph) -> ox.Store:
    store = ox.Store()
    payload = data.serialize(format="nt", encoding="utf-8")
    store.load(payload, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return store


def _store_of(source: str | Path | ox.Store | Graph | Dataset) -> ox.Store:
    """The data as a pyoxigraph store (for the context queries and the rudof engine)."""
    if isinstance(source, (str, Path)):
        return open_graph(source, memory=True)  # it reads every statement: in memory
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, Dataset):
        flat = Graph()
        for s, p, o, _ in source.quads((None, None, None, None)):
            flat.add((s, p, o))
        return _to_store(flat)
    if isinstance(source, Graph):
        return _to_store(source)
    raise TypeError(f"cannot validate a {type(source).__name__}")


# -- shapes --------------------------------------------------------------------

def bind_as_of(shapes: Graph, as_of: date | None) -> Graph:
    """A copy of the shapes with the ``--as-of`` template shapes activated and bound.

    Without a date the template shapes stay deactivated.  With one, each
    ``sh:minInclusive`` of their property shapes gets the date as an
    xsd:date literal - bound as an RDF term, never pasted into text.
    """
    bound = Graph()
    bound += shapes
    if as_of is None:
        return bound
    value = Literal(as_of.isoformat(), datatype=XSD.date)
    for shape in set(bound.subjects(RASH.parameter, Literal("as-of"))):
        bound.remove((shape, SH.deactivated, None))
        for prop in bound.objects(shape, SH.property):
            if (prop, SH.minInclusive, None) in bound:
                bound.set((prop, SH.minInclusive, value))
    return bound


def _nearest(shapes: Graph, shape, predicate) -> list:
    """Values of ``predicate`` on the shape or the nearest shape that holds it."""
    seen = set()
    while shape is not None and shape not in seen:
        seen.add(shape)
        values = list(shapes.objects(shape, predicate))
        if values:
            return values
        shape = next(iter(shapes.subjects(SH.property, shape)), None) or \
            next(iter(shapes.subjects(SH.node, shape)), None)
    return []


def _messages(shapes: Graph, shape) -> tuple[str, str]:
    by_lang = {m.language: str(m) for m in _nearest(shapes, shape, SH.message) if isinstance(m, Literal)}
    en = by_lang.get("en") or by_lang.get(None) or by_lang.get("nl") or ""
    return en, by_lang.get("nl") or en


def _named(shapes: Graph, shape) -> URIRef | BNode:
    """The shape that carries the short name (a nested property shape's parent)."""
    seen = set()
    while shape not in seen:
        seen.add(shape)
        if (shape, DCTERMS.identifier, None) in shapes:
            return shape
        parent = next(iter(shapes.subjects(SH.property, shape)), None)
        if parent is None:
            return shape
        shape = parent
    return shape


# -- engines -------------------------------------------------------------------

@dataclass(frozen=True)
class _Result:
    """One SHACL validation result, whichever engine produced it."""

    severity: str  # Violation | Warning | Info
    shape: URIRef | BNode  # the source shape, a node of the shapes graph
    component: str  # the constraint component IRI
    focus: str  # IRI, blank node label, or a literal's lexical form
    focus_is_literal: bool
    value: str | None = None  # the same for the offending value, if any
    value_is_literal: bool = False


def _pyshacl(store: ox.Store, shapes: Graph, ontology: Graph | None, inference: bool) -> list[_Result]:
    import pyshacl

    _, report, _ = pyshacl.validate(
        flatten(store), shacl_graph=shapes, ont_graph=ontology,
        inference="rdfs" if inference else "none", inplace=True,
        allow_warnings=True, allow_infos=True,
    )
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        results.append(_Result(
            severity=str(report.value(result, SH.resultSeverity)).removeprefix(str(SH)),
            shape=report.value(result, SH.sourceShape),
            component=str(report.value(result, SH.sourceConstraintComponent)),
            focus=str(focus), focus_is_literal=isinstance(focus, Literal),
            value=None if value is None else str(value), value_is_literal=isinstance(value, Literal)))
    return results


def _relevant_triples(store: ox.Store, shapes: Graph, graphs: list[str] | None = None) -> ox.QueryTriples:
    """The union graph's triples that SHACL Core shapes can look at.

    A Core shape reaches the data only through the properties its paths and
    targets name, ``rdf:type`` and ``rdfs:subClassOf`` (class membership):
    triples of any other property cannot change a result, and leaving them
    out roughly halves what the engine holds.  Every IRI in the shapes graph
    is kept (a generous superset); shapes that close a node (``sh:closed``)
    or run SPARQL (``sh:sparql``) get every triple.
    """
    if (None, SH.closed, None) in shapes or (None, SH.sparql, None) in shapes:
        return store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    named = {str(t) for triple in shapes for t in triple if isinstance(t, URIRef)} | {str(RDF.type), str(RDFS.subClassOf)}
    values = " ".join(f"<{iri}>" for iri in sorted(named))
    if graphs is not None:  # only these named graphs (``graphs`` are IRIs the code made, not user text)
        within = " ".join(f"<{iri}>" for iri in graphs)
        return store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {values} }} VALUES ?g {{ {within} }} "
                           f"GRAPH ?g {{ ?s ?p ?o }} }}")
    return store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}",
                       use_default_graph_as_union=True)


def _relevant_predicates(shapes: Graph) -> set[str] | None:
    """The predicates whose statements can change a result of these shapes, as N-Triples
    terms (None: every one): a subset of those ``_relevant_triples`` keeps.

    A predicate reaches the data only as a value in the shapes graph (of
    ``sh:path`` or a path list, a target, ``sh:equals`` and its kin), or as
    ``rdf:type`` or ``rdfs:subClassOf``; an IRI that the shapes use only as a
    predicate (``rdfs:comment`` on a shape, ``dcterms:identifier`` naming it)
    is left out: the vocabularies' comments are a fifth of what every chunk
    repeats.
    """
    if (None, SH.closed, None) in shapes or (None, SH.sparql, None) in shapes:
        return None
    named = {str(t) for s, _, o in shapes for t in (s, o) if isinstance(t, URIRef)} | \
        {str(RDF.type), str(RDFS.subClassOf)}
    return {f"<{iri}>" for iri in named}


def _relevant_text(store: ox.Store, keep: set[str] | None, graphs: list[str]) -> str:
    """N-Triples of the triples of these named graphs whose predicate is in ``keep``: the
    statements ``_relevant_triples`` gives, one each, sorted.

    The same triples as the CONSTRUCT, five times cheaper: each graph is
    written out by pyoxigraph (``dump``) and its lines are kept by their
    predicate, the second term of a line (N-Triples as pyoxigraph writes it:
    single spaces; an IRI or a blank node label holds none).  Sorted, so
    that the same statements are the same text (the key of the result cache).
    """
    lines: set[str] = set()
    for name in graphs:
        lines.update(_graph_lines(store, keep, name))
    lines.discard("")
    return "".join(f"{line}\n" for line in sorted(lines))


def _own_text(store: ox.Store, keep: set[str] | None, graphs: list[str], common: set[str]) -> str:
    """``_relevant_text`` of these graphs without the statements in ``common`` (what a
    ``_Session`` holds already)."""
    lines = {line for name in graphs for line in _graph_lines(store, keep, name) if line} - common
    return "".join(f"{line}\n" for line in sorted(lines))


def _graph_lines(store: ox.Store, keep: set[str] | None, name: str) -> list[str]:
    """One graph's part of ``_relevant_text``, its lines unsorted."""
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)).decode("utf-8")
    if keep is None:
        return text.split("\n")
    return [line for line in text.split("\n") if line and line.split(" ", 2)[1] in keep]


def _union_text(store: ox.Store, keep: set[str] | None, graphs: list[str]) -> str:
    """``_relevant_text`` of ``graphs``, every named graph of a store without a default
    graph, read by predicate: the same text, less than half the work when the
    predicates are few (the global shapes')."""
    if keep is None:
        return _relevant_text(store, None, graphs)
    lines: set[str] = set()
    for term in keep:
        predicate = ox.NamedNode(term[1:-1])
        lines.update(f"{quad.subject} {term} {quad.object} ."
                     for quad in store.quads_for_pattern(None, predicate, None))
    return "".join(f"{line}\n" for line in sorted(lines))


def _rudof_whole(store: ox.Store, shapes: Graph, ontology_path: Path | None) -> list[_Result]:
    """rudof on the whole graph at once (the reference for ``_rudof_bounded``)."""
    return _rudof(_relevant_triples(store, shapes), shapes, ontology_path)


def _rudof(data: ox.QueryTriples | str, shapes: Graph | str, ontology_path: Path | None) -> list[_Result]:
    """rudof on this data (triples, or their N-Triples text) and shapes (a graph, or its N-Triples)."""
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    text = data if isinstance(data, str) else data.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    rudof.read_data(text, format=pyrudof.RDFFormat.NTriples)
    if ontology_path is not None:  # as pySHACL's ont_graph: mixed into the data
        rudof.read_data(str(ontology_path), format=pyrudof.RDFFormat.Turtle, merge=True)
    rudof.read_shacl(shapes if isinstance(shapes, str) else shapes.serialize(format="nt"),
                     format=pyrudof.ShaclFormat.NTriples)
    return _results(rudof.validate_shacl())


def _results(entries) -> list[_Result]:
    results = []
    for entry in entries:
        shape = entry.source_shape
        focus, focus_is_literal = _rudof_term(entry.focus_node)
        value, value_is_literal = _rudof_term(entry.value) if entry.value is not None else (None, False)
        results.append(_Result(
            severity=str(entry.severity),
            shape=BNode(shape[2:]) if shape.startswith("_:") else URIRef(shape),
            component=entry.constraint_component,
            focus=focus, focus_is_literal=focus_is_literal, value=value, value_is_literal=value_is_literal))
    return results


class _Session:
    """One rudof for the chunks a worker thread runs: it holds what every chunk shares (the
    vocabularies, the ontology, the shapes) once, and each chunk's own statements are staged
    on top and rolled back after its validation.

    A new rudof's first data costs about 40 ms however small it is (at 120 arrangements, 25
    chunks: a second of CPU); staging a chunk and rolling it back costs next to nothing, and
    the engine sees exactly the statements a fresh one given the same text would (a test
    holds the results of both ways to be the same).
    """

    def __init__(self, shared: str, shapes: str, ontology_path: Path | None) -> None:
        import pyrudof

        self.rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        self.rudof.read_data(shared, format=pyrudof.RDFFormat.NTriples)
        if ontology_path is not None:
            self.rudof.read_data(str(ontology_path), format=pyrudof.RDFFormat.Turtle, merge=True)
        self.rudof.read_shacl(shapes, format=pyrudof.ShaclFormat.NTriples)

    def validate(self, own: str) -> list[_Result]:
        """The results with these statements (N-Triples, none of them shared) added."""
        import pyrudof

        if not own:
            return _results(self.rudof.validate_shacl())
        self.rudof.begin_staging()
        try:
            self.rudof.read_data(own, format=pyrudof.RDFFormat.NTriples, merge=True)
            return _results(self.rudof.validate_shacl())
        finally:
            self.rudof.rollback_staging()


def _give_back() -> None:
    """Return the memory that rudof freed to the system (glibc's ``malloc_trim``; elsewhere
    nothing).  Each thread allocates from a malloc arena of its own, which keeps what is
    freed for the thread's next allocations: after the global run (the largest) its thread
    would hold that run's peak while the chunks run beside it."""
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


CHUNK = 10_000  # statements of arrangement graphs one rudof run holds (about 80 MB; two run at once)
WORKERS = min(2, os.cpu_count() or 1)  # rudof runs at a time
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")


def _rudof_bounded(store: ox.Store, shapes: Graph, ontology_path: Path | None,
                   cache: ResultCache | None = None) -> list[_Result]:
    """The rudof engine's results in bounded memory: the same results as ``_rudof`` on the whole graph.

    rudof holds the data and its own indexes in memory, about 10 MB per
    arrangement (1.2 GB for a register of 120).  Most shapes look at a focus
    node and what its own arrangement's graph and the vocabularies say of it,
    so they are run on chunks of arrangements (each with the vocabulary and
    ontology graphs); a result on a shared node (an actor in the vocabulary)
    appears in every chunk and is kept once.  The shapes that compare nodes
    across arrangements (their targets are objects, or a path is inverse: a
    duplicate identifier, two successors of one clause) run once on the whole
    graph, which gets only the statements those shapes name.

    With a ``cache`` (see ``_CachedRudof``) a run whose input was validated
    before is read, not run.
    """
    if next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None:
        return _rudof_whole(store, shapes, ontology_path)  # not a snapshot of named graphs: one run
    shared = {VOCAB_GRAPH, ONTOLOGY_GRAPH}
    every = _graph_sizes(store)
    sizes = [(name, count) for name, count in every if name not in shared]
    global_shapes = _global_shapes(shapes)
    local = _without_targets(shapes, global_shapes)
    keep, local_text = _relevant_predicates(local), _nt(local)
    engine = _CachedRudof(cache, ontology_path)
    runs = []  # (the statements rudof gets, the shapes, the graphs they are of)
    common = {line for name in shared for line in _graph_lines(store, keep, name) if line}  # every chunk's
    for chunk in _chunks(sizes, CHUNK) or [[]]:
        runs.append((partial(_own_text, store, keep, chunk, common), local_text, [*chunk, *sorted(shared)]))
    sessions = threading.local()  # a _Session per worker thread

    def staged(own: str) -> list[_Result]:
        if not hasattr(sessions, "session"):
            sessions.session = _Session("".join(f"{line}\n" for line in sorted(common)), local_text, ontology_path)
        return sessions.session.validate(own)

    counted: dict[_Result, int] = {}
    across: list[_Result] = []
    # rudof releases the GIL: the chunks run WORKERS at a time, their results merged in
    # chunk order (the findings' order does not depend on which finishes first); the global
    # run first and alone (it holds what its shapes name of every graph; the main thread is
    # reading the context meanwhile), in the pool too: rudof's memory stays with the threads
    # that ran it (their malloc arenas), so only the pool's ever hold it
    with ThreadPoolExecutor(WORKERS) as pool:
        if global_shapes:
            only, graphs = _only(shapes, global_shapes), [name for name, _ in every]
            across = pool.submit(engine.run, partial(_union_text, store, _relevant_predicates(only), graphs),
                                 _nt(only), graphs).result()
            _give_back()  # the global run's memory: the chunks need less
        for found in pool.map(lambda run: engine.run(*run, runner=staged if common else None), runs):
            for result, n in _counted(found).items():  # a result on a shared node: in every chunk, kept once
                counted[result] = max(counted.get(result, 0), n)
    for result, n in _counted(across).items():
        counted[result] = counted.get(result, 0) + n
    engine.done()
    return [result for result, n in counted.items() for _ in range(n)]


def _nt(shapes: Graph) -> str:
    """The shapes as N-Triples, lines sorted (with canonical blank node labels: the same text
    for the same shapes in every process, as the result cache's key needs)."""
    return "".join(f"{line}\n" for line in sorted(set(shapes.serialize(format="nt").split("\n"))) if line)


_CACHE_KIND = "shacl"
_CACHE_FORMAT = "1"


@dataclass(frozen=True)
class ResultCache:
    """Where rudof's results are kept (the build cache), and the digest of each named
    graph of the store validated (the store's pointer: ``diskstore``)."""

    cache: Cache
    digests: dict[str, str]


class _CachedRudof:
    """rudof's results for an input it was given before, from the build cache
    (``data/graph/.cache/shacl/``), else rudof.

    An entry's key is a sha256 of everything rudof reads: the shapes text,
    the named graphs the data is made of (each by the digest of its text in
    the snapshot: the data given to rudof is a function of those graphs and
    the shapes), the ontology file, pyrudof's version and this module's code.
    So a hit gives what rudof would give, but for the labels of blank nodes
    of the data, which a store loaded into memory makes anew each time: a
    result that names one is never kept.  ``validate`` uses it only on the
    project's register without ``--as-of`` (a date-dependent check is always
    run) and with the shapes' blank nodes labelled canonically
    (``canonical``), so that the same shapes are the same text in every
    process.  A damaged entry is ignored with one line and run again
    (``graph.cache``); entries of inputs no longer validated are removed
    after a run.
    """

    def __init__(self, cache: ResultCache | None, ontology_path: Path | None) -> None:
        self.cache, self.ontology_path, self.used = cache, ontology_path, set()
        self.prefix = ""
        if cache is not None:
            from importlib import metadata

            from ra_graph.graph import cache as cache_mod

            ontology = ontology_path.read_bytes() if ontology_path is not None else b"\x00none"
            self.prefix = cache_mod.digest(_CACHE_FORMAT, metadata.version("pyrudof"),
                                           cache_mod.code_digest("validate"), ontology)

    def run(self, data: Callable[[], str], shapes_text: str, graphs: list[str],
            runner: Callable[[str], list[_Result]] | None = None) -> list[_Result]:
        """rudof's results on ``data()`` (the statements of ``graphs``) and these shapes;
        ``runner`` (a ``_Session``'s) runs rudof on ``data()`` when it must run."""
        runner = runner or (lambda text: _rudof(text, shapes_text, self.ontology_path))
        known = self.cache is not None and all(name in self.cache.digests for name in graphs)
        if not known:
            return runner(data())
        from ra_graph.graph import cache as cache_mod

        store = self.cache.cache
        key = cache_mod.digest(self.prefix, shapes_text, *(f"{name} {self.cache.digests[name]}" for name in graphs))
        self.used.add(key)
        value = store.get(_CACHE_KIND, key, key, (_CACHE_KIND, key))
        if value is not None:
            try:
                return [_result_from(item) for item in value]
            except (TypeError, ValueError) as exc:
                store.ignore(_CACHE_KIND, key, f"wrong shape ({type(exc).__name__}: {exc})")
        results = runner(data())
        if not any(_names_a_blank_node(r) for r in results):
            store.put(_CACHE_KIND, key, key, [_result_to(r) for r in results], (_CACHE_KIND, key))
        return results

    def done(self) -> None:
        if self.cache is not None:
            self.cache.cache.keep_only(_CACHE_KIND, self.used)


def _names_a_blank_node(result: _Result) -> bool:
    """Is the focus or the value a blank node of the data (labelled anew on every load)?"""
    return (not result.focus_is_literal and not _is_iri(result.focus)) or \
        (result.value is not None and not result.value_is_literal and not _is_iri(result.value))


def _is_iri(text: str) -> bool:
    return ":" in text  # an absolute IRI has a scheme; a blank node label (rudof's "_:" taken off) has none


def _result_to(result: _Result) -> list:
    shape = result.shape
    return [result.severity, "_:" + str(shape) if isinstance(shape, BNode) else str(shape), result.component,
            result.focus, result.focus_is_literal, result.value, result.value_is_literal]


def _result_from(item: object) -> _Result:
    """A cached result (ValueError if it is not one)."""
    if not (isinstance(item, list) and len(item) == 7):
        raise ValueError("not a result")
    severity, shape, component, focus, focus_is_literal, value, value_is_literal = item
    if not (all(isinstance(x, str) for x in (severity, shape, component, focus))
            and isinstance(value, (str, type(None))) and isinstance(focus_is_literal, bool)
            and isinstance(value_is_literal, bool)):
        raise ValueError("not a result")
    return _Result(severity=severity, shape=BNode(shape[2:]) if shape.startswith("_:") else URIRef(shape),
                   component=component, focus=focus, focus_is_literal=focus_is_literal, value=value,
                   value_is_literal=value_is_literal)


def canonical(shapes: Graph) -> Graph:
    """The shapes with their blank nodes labelled from the graph's structure (rdflib.compare),
    the same labels in every process: the key of a cached result names its shapes' text."""
    from rdflib.compare import to_canonical_graph

    out = Graph()
    for prefix, namespace in shapes.namespaces():
        out.bind(prefix, namespace, override=True)
    out += to_canonical_graph(shapes)
    return out


def _counted(results: list[_Result]) -> dict[_Result, int]:
    out: dict[_Result, int] = {}
    for result in results:
        out[result] = out.get(result, 0) + 1
    return out


def _graph_sizes(store: ox.Store) -> list[tuple[str, int]]:
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    return [(row[0].value, int(row[1].value)) for row in rows]


def _chunks(sizes: list[tuple[str, int]], limit: int) -> list[list[str]]:
    """The named graphs (name, statements) in chunks of at most ``limit`` statements (a
    graph larger than that is a chunk of its own), with boundaries that stay put.

    A chunk's results are cached under the graphs it holds, so a graph added
    must not move the other graphs to other chunks: the graphs are grouped
    by province (``_group``: the slug before the year), each group is a
    chunk, and only a group over the limit is cut, greedily in year order.
    A new arrangement then changes its province's chunk (the last one of
    its group, for a newest year) and no other.
    """
    groups: dict[str, list[tuple[str, int]]] = {}
    for name, count in sorted(sizes):
        groups.setdefault(_group(name), []).append((name, count))
    chunks: list[list[str]] = []
    for group in sorted(groups):
        total = limit
        for name, count in groups[group]:
            if total + count > limit:
                chunks.append([])
                total = 0
            chunks[-1].append(name)
            total += count
    return chunks


_SLUG = re.compile(r"(.+)-\d{4}")  # an arrangement id is <province>-<year> (core.versions)


def _group(name: str) -> str:
    """The province of an arrangement graph (``…/groningen-2031`` -> ``…/groningen``); any
    other name is a group of its own."""
    match = _SLUG.fullmatch(name)
    return match[1] if match else name


def _global_shapes(shapes: Graph) -> set:
    """Shapes with targets whose check can reach across arrangements: a target of
    objects (``sh:targetObjectsOf``), or an inverse path anywhere beneath them."""
    out = set()
    for shape in {s for t in _TARGETS for s in shapes.subjects(SH[t], None)}:
        below = _closure(shapes, {shape})
        if (shape, SH.targetObjectsOf, None) in shapes or any(p == SH.inversePath for _, p, _ in below):
            out.add(shape)
    return out


def _closure(shapes: Graph, roots: set) -> Graph:
    """The statements about these shapes and every node they reach (nested shapes, lists)."""
    out, todo, seen = Graph(), list(roots), set(roots)
    while todo:
        node = todo.pop()
        for s, p, o in shapes.triples((node, None, None)):
            out.add((s, p, o))
            if (isinstance(o, BNode) or (o, None, None) in shapes) and o not in seen and p != RDF.type:
                seen.add(o)
                todo.append(o)
    return out


def _only(shapes: Graph, keep: set) -> Graph:
    return _closure(shapes, keep)


def _without_targets(shapes: Graph, drop: set) -> Graph:
    """The shapes graph with these shapes' targets removed (they then check nothing)."""
    out = Graph()
    out += shapes
    for shape in drop:
        for target in _TARGETS:
            out.remove((shape, SH[target], None))
    return out


def _rudof_term(text: str) -> tuple[str, bool]:
    """(IRI, blank node label or lexical form; is it a literal) of a term as rudof writes
    it: an IRI bare, a blank node as ``_:label``, a literal as in Turtle
    (``"…"``, ``"…"@nl``, ``"…"^^xsd:integer``)."""
    if text.startswith("_:"):
        return text[2:], False
    if not text.startswith('"'):
        return text, False
    document = f"@prefix xsd: <{XSD}> .\n<urn:s> <urn:p> {text} .\n"
    return next(ox.parse(document.encode("utf-8"), format=ox.RdfFormat.TURTLE)).object.value, True


# -- run -----------------------------------------------------------------------

def _shacl_findings(results: list[_Result], shapes: Graph, context: Context) -> list[tuple[Finding, _Result]]:
    findings = []
    for result in results:
        named = _named(shapes, result.shape)
        name = shapes.value(named, DCTERMS.identifier)
        en, nl = _messages(shapes, result.shape)
        path = shapes.value(result.shape, SH.path)
        finding = Finding(
            severity=result.severity, constraint=str(name) if name is not None else str(named),
            message=en, message_nl=nl, shape=str(named), focus=result.focus,
            path=str(path) if isinstance(path, URIRef) else None,
            value=result.value if result.value is not None and result.value != result.focus else None,
        )
        findings.append((context.locate(finding, focus_is_literal=result.focus_is_literal), result))
    return findings


def _report_graph(shacl: list[tuple[Finding, _Result]], python: list[Finding], conforms: bool) -> Graph:
    """The SHACL validation report (``--format ttl``), the Python checks' results included."""
    report = Graph()
    report.bind("sh", SH)
    top = BNode()
    report.add((top, RDF.type, SH.ValidationReport))
    report.add((top, SH.conforms, Literal(conforms)))
    rows = [(f, r.component, r.focus_is_literal, r.value_is_literal) for f, r in shacl]
    rows += [(f, f.shape, ":" not in f.focus, False) for f in python]
    for finding, component, focus_is_literal, value_is_literal in rows:
        node = BNode()
        report.add((top, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.resultSeverity, SH[finding.severity]))
        report.add((node, SH.focusNode, Literal(finding.focus) if focus_is_literal else URIRef(finding.focus)))
        report.add((node, SH.sourceShape, URIRef(finding.shape)))
        report.add((node, SH.sourceConstraintComponent, URIRef(component)))
        report.add((node, SH.resultMessage, Literal(finding.message, lang="en")))
        report.add((node, SH.resultMessage, Literal(finding.message_nl, lang="nl")))
        if finding.path:
            report.add((node, SH.resultPath, URIRef(finding.path)))
        if finding.value:
            report.add((node, SH.value, Literal(finding.value) if value_is_literal else URIRef(finding.value)))
    return report


def run(
    dataset_or_path: str | Path | ox.Store | Graph | Dataset,
    *,
    as_of: date | str | None = None,
    inference: bool = False,
    shapes_path: Path | None = None,
    ontology_path: Path | None = None,
    engine: str = "rudof",
    cache: ResultCache | None = None,
) -> ValidationReport:
    """Validate a snapshot; the structured report of every finding.

    ``ontology_path`` defaults to ontology/ra.ttl; when that file does not
    exist the ontology is left out and the declared-term check is skipped.
    ``inference`` (RDFS) needs the pyshacl engine and selects it.
    ``cache``: rudof's results for inputs it validated before are read from it
    (``_CachedRudof``); never with ``as_of`` (nor with pyshacl).
    """
    if engine not in ENGINES:
        raise RaGraphError(f"--engine: unknown engine '{engine}' (one of {', '.join(ENGINES)})")
    when = parse_as_of(as_of) if isinstance(as_of, str) else as_of
    shapes = load_shapes(shapes_path or paths.SHAPES)
    if cache is not None and (when is not None or inference or engine != "rudof"):
        cache = None  # a date-dependent check is always run
    if cache is not None:
        shapes = canonical(shapes)
    ontology_file = ontology_path or paths.ONTOLOGY
    ontology = load_ontology(ontology_file) if ontology_file.is_file() else None
    store = _store_of(dataset_or_path)
    bound = bind_as_of(shapes, when)
    # rudof releases the GIL: it validates in a thread while the context is read and the
    # Python checks run (pySHACL does not, and gains nothing, but loses nothing either)
    with ThreadPoolExecutor(1) as pool:
        if inference or engine == "pyshacl":
            engine_results = pool.submit(_pyshacl, store, bound, ontology, inference)
        else:
            engine_results = pool.submit(_rudof_bounded, store, bound, ontology_file if ontology is not None else None,
                                         cache)
        context = Context(store)
        bar = progress.bar(3, "validate", long=len(context.clauses) >= LONG_WORK)
        checks = extra_checks.check_definitions(shapes)
        python: list[Finding] = []
        if ontology is not None and "declared-term" in checks:
            python += extra_checks.declared_term_findings(context, checks["declared-term"], store, ontology)
        if "reciprocity-balance" in checks:
            python += extra_checks.reciprocity_balance(context, checks["reciprocity-balance"])
        bar.update()
        results = engine_results.result()
    bar.update()
    shacl = _shacl_findings(results, shapes, context)
    findings = sorted([f for f, _ in shacl] + python, key=Finding.sort_key)
    conforms = severity_counts(findings)["Violation"] == 0
    bar.update()
    bar.close()
    return ValidationReport(conforms=conforms, as_of=when.isoformat() if when else None,
                            findings=findings, checked=context.checked(),
                            make_report_graph=lambda: _report_graph(shacl, python, conforms))


def validate_command(graph: Path, *, fmt: str, as_of: str | None, severity: str | None,
                     inference: bool, arrangement: str | None = None, page: str | None = None,
                     engine: str = "rudof", all_years: bool = False) -> tuple[str, bool]:
    """CLI entry: (rendered report, conforms).

    The whole graph is validated (the verdict and the exit status are the
    graph's), but the findings shown and counted come, as ``owes`` answers,
    from each province's arrangement in force unless ``all_years`` (or
    ``arrangement``) says otherwise; the report says which, and how many
    findings of older versions it leaves out.
    """
    import hashlib
    from urllib.parse import urlsplit

    from ra_graph.validate.report import render

    when = parse_as_of(as_of)  # before the slow part: bad input fails fast
    plain = page is None or ("#" not in page and urlsplit(page).scheme in ("", "http", "https", "file"))
    if page is not None and (fmt != "html" or not plain):
        raise RaGraphError(f"--page {page}: expected the address of a graph page (graph.html, no #fragment) "
                           "and --format html")
    if arrangement is not None and all_years:
        raise RaGraphError("--arrangement and --all-years exclude each other")
    store = open_graph(graph)
    source: ox.Store = store
    cache = None
    if arrangement is not None:
        version = resolve_arrangement(store, arrangement)
        source = subset(store, [iris.arrangement_graph(version.id), VOCAB_GRAPH, ONTOLOGY_GRAPH])
    else:  # every statement is read: in memory (RocksDB's per-term reads would cost more than loading)
        source, cache = _in_memory(graph, store)
    report = run(source, as_of=when, inference=inference, engine=engine, cache=cache)
    report.snapshot = hashlib.sha256(Path(graph).read_bytes()).hexdigest()
    if arrangement is not None:
        report.scope = f"alleen / only {version.id}"
    elif not all_years:
        restrict_to_in_force(report, store)
    return render(report, fmt, severity=severity, page=page), report.conforms


def _in_memory(graph: Path, store: ox.Store) -> tuple[ox.Store, ResultCache | None]:
    """The whole register in memory and, for the project's register read from its on-disk
    store, the result cache with the digest of each of its named graphs (None otherwise)."""
    from ra_graph.core import diskstore
    from ra_graph.graph.cache import Cache

    digests = diskstore.graph_digests(store, Path(graph))
    loaded = diskstore.load_subset(store, None)
    if loaded is None:
        return store, None
    # ``store`` stays known to diskstore: the findings' scope reads its versions from its memo
    return loaded, ResultCache(Cache(paths.CACHE), digests) if digests is not None else None


def restrict_to_in_force(report: ValidationReport, store: ox.Store) -> ValidationReport:
    """Keep the findings of each province's arrangement in force (and those about no
    arrangement: the vocabularies); count the rest in ``out_of_scope``."""
    from ra_graph.core.versions import latest, versions

    every = versions(store)
    in_force = {v.id for v in latest(every)}
    older = [v.id for v in every if v.id not in in_force]
    superseded = {name for v in every if v.id not in in_force for name in (v.id, v.iri.removeprefix(namespaces.RAI))}
    kept, left = [], dict.fromkeys(("Violation", "Warning", "Info"), 0)
    for finding in report.findings:
        if finding.arrangement not in superseded:
            kept.append(finding)
        else:
            left[finding.severity] += 1
    report.findings = kept
    report.out_of_scope = left if older else {}
    report.scope = (f"arrangementen in werking / arrangements in force: {', '.join(sorted(in_force)) or 'none'}"
                    + (f"; --all-years toont ook / also shows {', '.join(older)}" if older else
                       "; geen oudere versies in de graaf / no older versions in the graph"))
    return report
