"""``ra-graph build``: sources + vocabularies + curation -> the snapshot.

The snapshot is committed, so the build must be deterministic: the same
texts, vocabularies and curation give byte-identical TriG.  Nothing is
skipped in silence: a file in the sources directory that is not named like
an arrangement text, and text of an agreements chapter the extractor could
not place (coverage accounting, ``ra_graph.extract.coverage``), are warnings
with file and line; ``strict`` turns them into a refusal to write.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from ra_graph.core import paths
from ra_graph.core.atomic import write_atomic
from ra_graph.core.errors import RaGraphError, printable, warn
from ra_graph.core.model import Arrangement
from ra_graph.graph import revisions
from ra_graph.graph.compile import dataset, read_turtle, to_trig

HEADER = (
    "# ra-graph snapshot: built by `ra-graph build` from data/sources, data/vocab,\n"
    "# data/curation and ontology/ra.ttl. Do not edit by hand; edit those and rebuild.\n"
)


def reference_graphs(vocab_dir: Path | None = None, ontology: Path | None = None) -> tuple[Graph, Graph]:
    """The hand-maintained vocabularies and the ontology, parsed."""
    vocab_dir = vocab_dir or paths.VOCAB
    ontology = ontology or paths.ONTOLOGY
    files = sorted(vocab_dir.glob("*.ttl"))
    if not files:
        raise RaGraphError("no vocabulary files (*.ttl) found", file=vocab_dir)
    if not ontology.is_file():
        raise RaGraphError("ontology file not found", file=ontology)
    return read_turtle(files), read_turtle([ontology])


def source_files(sources: Path) -> list[Path]:
    if not sources.is_dir():
        raise RaGraphError("sources directory not found", file=sources)
    files = sorted(sources.glob("ra-*.txt"))
    if not files:
        raise RaGraphError("no arrangement texts (ra-<province>-<year>.txt) found", file=sources)
    return files


def stray_files(sources: Path) -> list[Path]:
    """Files in the sources directory that are not arrangement texts by name (dotfiles aside)."""
    return sorted(p for p in sources.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.match("ra-*.txt"))


def build_warnings(sources: Path, arrangements: Iterable[Arrangement]) -> list[str]:
    """Every file skipped and every unaccounted text, one line each (file and line first)."""
    from ra_graph.extract.coverage import warnings

    found = [f"{path}: skipped: not an arrangement text (the name is not ra-<province>-<year>.txt)"
             for path in stray_files(sources)]
    for arrangement in arrangements:
        found += warnings(arrangement, sources / arrangement.source_file)
    return found


def extract_all(sources: Path, *, curation: bool = True) -> list[Arrangement]:
    """Extract every text and lay its curation overlay (if any) over it."""
    from ra_graph.extract import curate
    from ra_graph.extract.pipeline import draft

    arrangements = []
    for path in source_files(sources):
        arrangement = draft(path)
        arrangements.append(curate.apply_overlay(arrangement) if curation else arrangement)
    return arrangements


def serialise(arrangements: Iterable[Arrangement]) -> str:
    return _serialise(arrangements)[0]


def _serialise(arrangements: Iterable[Arrangement]) -> tuple[str, Dataset]:
    vocab, ontology = reference_graphs()
    ds = dataset(arrangements, vocab, ontology)
    return HEADER + to_trig(ds), ds


def store_for(arrangements: Iterable[Arrangement]) -> ox.Store:
    """A queryable store of these arrangements plus vocabularies and ontology.

    ``ra-graph extract`` uses it so that its draft is listed by exactly the
    code that lists the built snapshot.
    """
    store = ox.Store()
    store.load(serialise(arrangements).encode("utf-8"), format=ox.RdfFormat.TRIG)
    return store


def build_snapshot(sources: Path, target: Path, *, curation: bool = True, strict: bool = False) -> str:
    """Write the snapshot atomically, and only if it reads back; returns a one-line summary.

    Warnings go to stderr; with ``strict`` any warning stops the build
    before anything is written.  The file is parsed again (by pyoxigraph,
    the reader every command uses) before it replaces the old snapshot, and
    every literal must read back as written: a value the serialiser mangled
    keeps the old snapshot and names the value.
    """
    start = time.perf_counter()
    arrangements = revisions.link(extract_all(sources, curation=curation))
    problems = build_warnings(sources, arrangements)
    for problem in problems:
        warn(problem)
    if strict and problems:
        raise RaGraphError(f"{len(problems)} warning(s) and --strict: {target} not written")
    text, ds = _serialise(arrangements)
    write_atomic(target, text, verify=lambda written: check_reads_back(written, text, ds, target))
    clauses = sum(len(a.clauses) for a in arrangements)
    commitments = sum(len(c.commitments) for a in arrangements for c in a.clauses)
    seconds = time.perf_counter() - start
    names = ", ".join(a.slug for a in arrangements)
    warned = f", {len(problems)} warning(s)" if problems else ""
    return (f"built {target}: {len(arrangements)} arrangements ({names}), {clauses} clauses, "
            f"{commitments} commitments{warned} in {seconds:.2f} s")


def _literals(terms: Iterable[object]) -> Counter:
    """(lexical form, language) of every literal among ``terms`` (rdflib or pyoxigraph)."""
    return Counter((t.value if isinstance(t, ox.Literal) else str(t), t.language or None)
                   for t in terms if isinstance(t, (Literal, ox.Literal)))


def check_reads_back(written: Path, text: str, ds: Dataset, target: Path) -> None:
    """The written snapshot parses and holds the dataset's statements and literals, or RaGraphError."""
    kept = "the snapshot was not replaced"
    try:
        quads = list(ox.parse(written.read_bytes(), format=ox.RdfFormat.TRIG))  # bytes: no temporary name in errors
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None) or 0
        lines = text.split("\n")
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        raise RaGraphError(f"{kept}: the new one does not read back ({' '.join(str(exc).split())}); "
                           f"the value at fault: {printable(shown, 120)}", file=target, line=line or None) from None
    expected = [o for g in ds.graphs() if isinstance(g.identifier, URIRef) for _, _, o in g]
    want, got = _literals(expected), _literals(q.object for q in quads)
    if want != got:
        value = next(iter(want - got), None) or next(iter(got - want))
        raise RaGraphError(f"{kept}: the value {printable(repr(value[0]), 120)} does not read back as written",
                           file=target)
    if len(quads) != len(expected):
        raise RaGraphError(f"{kept}: {len(quads)} statements read back, {len(expected)} written", file=target)
