"""``ra-graph build``: sources + vocabularies + curation -> the snapshot.

The snapshot is committed, so the build must be deterministic: the same
texts, vocabularies and curation give byte-identical TriG.  Nothing is
skipped in silence: a file in the sources directory that is not named like
an arrangement text, and text of an agreements chapter the extractor could
not place (coverage accounting, ``ra_graph.extract.coverage``), are warnings
with file and line; ``strict`` turns them into a refusal to write.  A
snapshot replaces the old one only if it reads back: parsed again by
pyoxigraph (the reader every command uses), every graph must hold its
statements and its literals as written (``check_reads_back``; proved block by
block, each block's exact text once, by ``readback.by_block``).

``build_snapshot`` is three steps, each one call:

1. ``extract_all``: every text -> an Arrangement, its curation laid over it;
2. ``revisions.link``: each clause to its predecessor in the province's
   previous version (steps over all arrangements together go here), then
   ``extract.carry.carry_forward``: a curation entry applies to its clause's
   later versions while the text is unchanged (a warning, with the entry's
   file and line, where it stopped applying);
3. ``serialise``: each arrangement -> its block of TriG, assembled with the
   vocabularies and the ontology.

Steps 1 and 3 work per arrangement, which is what lets a national register
(twelve provinces, a text a year) build in seconds: their results are
cached per source (``graph/cache.py``: a rebuild after one new text reads
one text), and what is not cached is spread over worker processes, one per
core (``jobs``), when there is more than one item to do.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from ra_graph.core import iris, paths, progress
from ra_graph.core.atomic import write_atomic
from ra_graph.core.collect import fewer_collections
from ra_graph.core.errors import RaGraphError, printable, warn
from ra_graph.core.lifeline import die_with_parent
from ra_graph.core.textfile import read_source_bytes
from ra_graph.core.model import Arrangement
from ra_graph.core.namespaces import ONTOLOGY_GRAPH, VOCAB_GRAPH
from ra_graph.graph import cache as cache_mod
from ra_graph.graph import readback, revisions
from ra_graph.graph.compile import (
    arrangement_triples,
    assemble,
    graph_block,
    literal_digest,
    literals,
    read_turtle,
)

LONG_WORK = 4  # texts to read or write from which a progress bar is shown on a terminal
# blocks to serialise from which worker processes pay: one block costs about 40 ms, starting
# the workers (fork, then each block and arrangement pickled across) about as much as two
# (a new text in the middle of a province's versions changes two blocks: done here, 0.1 s less)
PARALLEL_BLOCKS = 6
HEADER = (
    "# ra-graph snapshot: built by `ra-graph build` from data/sources, data/vocab,\n"
    "# data/curation and ontology/ra.ttl. Do not edit by hand; edit those and rebuild.\n"
)


def _reference_files(vocab_dir: Path | None = None, ontology: Path | None = None) -> tuple[list[Path], Path]:
    """The hand-maintained vocabulary files and the ontology file."""
    vocab_dir = vocab_dir or paths.VOCAB
    ontology = ontology or paths.ONTOLOGY
    files = sorted(vocab_dir.glob("*.ttl"))
    if not files:
        raise RaGraphError("no vocabulary files (*.ttl) found", file=vocab_dir)
    if not ontology.is_file():
        raise RaGraphError("ontology file not found", file=ontology)
    return files, ontology


def source_files(sources: Path) -> list[Path]:
    """The arrangement texts: ``ra-*.txt`` that are files (or links to files); a FIFO,
    a socket or a device by such a name is skipped (``special_files``), never read:
    reading a FIFO would wait for a writer forever."""
    if not sources.is_dir():
        raise RaGraphError("sources directory not found", file=sources)
    files = sorted(p for p in sources.glob("ra-*.txt") if not _special(p))
    if not files:
        raise RaGraphError("no arrangement texts (ra-<province>-<year>.txt) found", file=sources)
    return files


def _special(path: Path) -> bool:
    """Neither a regular file nor a directory (nor missing): a FIFO, socket or device."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def special_files(sources: Path) -> list[Path]:
    """Entries of the sources directory that are FIFOs, sockets or devices (skipped, with a warning)."""
    return sorted(p for p in sources.iterdir() if not p.name.startswith(".") and _special(p))


def stray_files(sources: Path) -> list[Path]:
    """Files in the sources directory that are not arrangement texts by name (dotfiles aside),
    nor the sidecar ``ra-*.source.yaml`` of a text there (``ra-graph add`` writes it)."""
    from ra_graph.extract.documents.provenance import SUFFIX

    def sidecar_of_a_text(p: Path) -> bool:
        return p.name.endswith(SUFFIX) and (p.parent / (p.name.removesuffix(SUFFIX) + ".txt")).is_file()

    return sorted(p for p in sources.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.match("ra-*.txt")
                  and not sidecar_of_a_text(p))


def build_warnings(sources: Path, arrangements: Iterable[Arrangement]) -> list[str]:
    """Every file skipped and every unaccounted text, one line each (file and line first)."""
    from ra_graph.extract.coverage import warnings

    found = [f"{path}: skipped: not a regular file (a FIFO, socket or device is never read)"
             for path in special_files(sources)]
    found += [f"{path}: skipped: not an arrangement text (the name is not ra-<province>-<year>.txt)"
              for path in stray_files(sources)]
    for arrangement in arrangements:
        found += warnings(arrangement, sources / arrangement.source_file)
    return found


def default_jobs() -> int:
    """One worker process per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def open_cache(enabled: bool = True) -> cache_mod.Cache:
    return cache_mod.Cache(paths.CACHE if enabled else None)


# -- 1. extraction ---------------------------------------------------------------

def _extract_one(path: Path, curation: bool, data: bytes | None = None) -> Arrangement:
    """Extract one text from ``data``, the bytes its cache key was made of (None:
    read the file, which then says why it cannot be read)."""
    from ra_graph.extract import curate
    from ra_graph.extract.pipeline import draft

    arrangement = draft(path, data=data)
    return curate.apply_overlay(arrangement) if curation else arrangement


def _read_once(path: Path) -> bytes | None:
    """A text's bytes, read once for both its cache key and its reading (an edit saved
    during the build then gives one reading under one key, never the old key with the
    new reading).  None when it cannot be read: the extraction says why."""
    try:
        return read_source_bytes(path)
    except (OSError, RaGraphError):
        return None


def _curation_digest(path: Path, curation: bool) -> str:
    overlay = paths.CURATION / f"{path.stem.removeprefix('ra-')}.yaml"
    return cache_mod.files_digest([overlay]) if curation else "no curation"


def _load_arrangement(value: object, source: tuple[str, str]) -> Arrangement:
    """A cached extraction, if it is one of the right shape and of this text."""
    arrangement = Arrangement.from_dict(value)  # type: ignore[arg-type]
    cache_mod.check_types(arrangement, where="arrangement")
    if (arrangement.source_file, arrangement.sha256) != source:
        raise ValueError(f"holds the reading of {arrangement.source_file}")
    return arrangement


def extract_all(sources: Path, *, curation: bool = True, cache: cache_mod.Cache | None = None,
                jobs: int = 1, read: list[str] | None = None) -> list[Arrangement]:
    """Extract every text and lay its curation overlay (if any) over it.

    With a ``cache``, a text whose key is unchanged is not read again;
    ``read`` (if given) gets the names of the texts that were.  Each text is
    read once: its key and its reading come from the same bytes.  A result
    whose curation file changed while it was made is not cached.
    """
    from ra_graph.extract import gazetteer

    files = source_files(sources)
    shared = cache_mod.digest(cache_mod.code_digest("core", "extract", "extract/documents"),
                              cache_mod.files_digest(sorted(paths.RULES.glob("*.yaml"))),
                              cache_mod.files_digest(gazetteer.vocab_files()))
    from ra_graph.extract.documents.provenance import sidecar_path

    texts = [_read_once(path) for path in files]
    curations = [_curation_digest(path, curation) for path in files]
    sidecars = [cache_mod.files_digest([sidecar_path(path)]) for path in files]  # pages and provenance (`add`)
    keys = [None if data is None else cache_mod.digest(shared, data, sidecar, overlay)
            for data, sidecar, overlay in zip(texts, sidecars, curations)]
    arrangements, done = _through_cache(
        cache, "extract" if curation else "extract-raw", [path.stem for path in files], keys,
        _extract_one, [(path, curation, data) for path, data in zip(files, texts)], jobs=jobs, what="extract",
        prepare=gazetteer.load,  # once, before the workers start: they inherit it
        sources=[(path.name, hashlib.sha256(data).hexdigest() if data is not None else "")
                 for path, data in zip(files, texts)],
        load=_load_arrangement, dump=Arrangement.to_dict,
        unchanged=lambda i: _curation_digest(files[i], curation) == curations[i])
    if read is not None:
        read.extend(files[i].name for i in done)
    return arrangements


# -- 3. serialisation ------------------------------------------------------------

def _arrangement_block(arrangement: Arrangement) -> list:
    return list(graph_block(iris.arrangement_graph(arrangement.slug), arrangement_triples(arrangement)))


def _reference_block(graph: str, sources: list[Path]) -> list:
    return list(graph_block(graph, read_turtle(sources)))


def serialise(arrangements: Sequence[Arrangement], *, cache: cache_mod.Cache | None = None,
              jobs: int = 1) -> str:
    """The snapshot text of these arrangements with the vocabularies and the ontology."""
    return _serialise(arrangements, cache=cache, jobs=jobs)[0]


def _serialise(arrangements: Sequence[Arrangement], *, cache: cache_mod.Cache | None,
               jobs: int) -> tuple[str, dict[str, tuple[int, str]], dict[str, Callable[[], list]], dict[str, str],
                                   dict[str, list]]:
    """The snapshot text; per named graph its statement count and literal digest; per
    named graph a way to list its literals again (to name one that did not read back);
    per named graph its TriG alone (prefixes and block); per named graph what
    ``graph_block`` made (prefix lines, block, count, literal digest)."""
    code = cache_mod.code_digest("core", "graph")
    files, ontology = _reference_files()
    references = [(VOCAB_GRAPH, files), (ONTOLOGY_GRAPH, [ontology])]
    reference_keys = [cache_mod.digest(code, cache_mod.files_digest(sources)) for _, sources in references]
    reference_blocks, _ = _through_cache(
        cache, "reference", ["vocab", "ontology"], reference_keys,
        _reference_block, references, jobs=1, what="serialise",
        sources=list(zip(["vocab", "ontology"], reference_keys)),
        load=lambda value, source, graphs=[g for g, _ in references]: _load_block(
            value, graphs[0 if source[0] == "vocab" else 1]))
    blocks, _ = _through_cache(
        cache, "blocks", [a.slug for a in arrangements],
        [cache_mod.digest(code, arrangement_bytes(a)) for a in arrangements],
        _arrangement_block, [(a,) for a in arrangements], jobs=jobs, what="serialise",
        parallel_from=PARALLEL_BLOCKS,
        sources=[(a.slug, a.sha256) for a in arrangements],
        load=lambda value, source: _load_block(value, iris.arrangement_graph(source[0])))
    names = [graph for graph, _ in references] + [iris.arrangement_graph(a.slug) for a in arrangements]
    made = dict(zip(names, reference_blocks + blocks))
    text = HEADER + assemble((name, prefixes, block) for name, (prefixes, block, _, _) in made.items())
    expected = {name: (count, digest) for name, (_, block, count, digest) in made.items() if block}
    blocks = {name: "\n".join(prefixes) + "\n\n" + block  # each graph alone, for the on-disk store
              for name, (prefixes, block, _, _) in made.items() if block}
    again = {graph: (lambda sources=sources: literals(o for _, _, o in read_turtle(sources)))
             for graph, sources in references}
    again.update({iris.arrangement_graph(a.slug): (lambda a=a: literals(o for _, _, o in set(arrangement_triples(a))))
                  for a in arrangements})
    return text, expected, again, blocks, made


def arrangement_bytes(arrangement: Arrangement) -> bytes:
    """The arrangement as finally read, as bytes a block's key is made of: ``marshal``
    (version 2: no back-references, so equal values give equal bytes) of ``to_dict``.
    A quarter of the cost of canonical JSON, which a rebuild after one new text would
    pay for every other arrangement; the marshal format may change with Python's
    version, which is part of every key (``cache.library_versions``)."""
    import marshal

    return marshal.dumps(arrangement.to_dict(), 2)


def _load_block(value: object, graph: str) -> list:
    """A cached block, if it has the shape ``graph_block`` gives and is the block of ``graph``."""
    if not (isinstance(value, list) and len(value) == 4):
        raise ValueError("not a block (prefixes, text, count, digest)")
    prefixes, block, count, digest = value
    if not (isinstance(prefixes, list) and all(isinstance(p, str) and p.startswith("@prefix ") for p in prefixes)
            and isinstance(block, str) and isinstance(count, int) and not isinstance(count, bool)
            and isinstance(digest, str)):
        raise ValueError("not a block (prefixes, text, count, digest)")
    if block and not block.startswith(f"<{graph}> {{\n"):
        raise ValueError("the block of another graph")
    return value


def _through_cache(cache: cache_mod.Cache | None, kind: str, names: list[str], keys: list[str | None],
                   function: Callable, arguments: list[tuple], *, jobs: int, what: str,
                   sources: list[tuple[str, str]],
                   prepare: Callable[[], object] | None = None,
                   load: Callable[[object, tuple[str, str]], object] = lambda v, s: v,
                   dump: Callable = lambda v: v,
                   unchanged: Callable[[int], bool] = lambda i: True,
                   parallel_from: int = 2) -> tuple[list, list[int]]:
    """``[function(*a) for a in arguments]``, each result taken from the cache when its
    entry ``kind/name`` holds its key and was made from ``sources[i]`` (name, sha256);
    ``load(value, source)`` turns an entry back into a result and raises if it is not one
    (the entry is then ignored with a warning and made again).  What is computed
    (``prepare()`` first) is cached, if its input was ``unchanged(i)`` meanwhile.
    ``parallel_from``: the fewest items to compute that are worth worker processes.
    Returns the results and the indexes that were computed."""
    cache = cache or cache_mod.Cache(None)
    results: dict[int, object] = {}
    for i, (name, key) in enumerate(zip(names, keys)):
        entry = cache.get(kind, name, key, sources[i]) if key is not None else None
        if entry is not None:
            try:
                results[i] = load(entry, sources[i])
            except Exception as exc:  # noqa: BLE001 - any fault of a cached value means: make it again
                cache.ignore(kind, name, f"wrong shape ({type(exc).__name__}: {exc})")
    todo = [i for i in range(len(names)) if i not in results]
    if todo and prepare is not None:
        prepare()
    for i, result in zip(todo, _map(function, [arguments[i] for i in todo], jobs=jobs, what=what,
                                    parallel_from=parallel_from)):
        if keys[i] is not None and unchanged(i):
            cache.put(kind, names[i], keys[i], dump(result), sources[i])
        results[i] = result
    cache.keep_only(kind, set(names))
    return [results[i] for i in range(len(names))], todo


def _map(function: Callable, items: list[tuple], *, jobs: int, what: str, parallel_from: int = 2) -> list:
    """``[function(*item) for item in items]``, in worker processes when there are
    ``parallel_from`` (at least two) or more items and ``jobs`` > 1; a progress bar on a terminal."""
    bar = progress.bar(len(items), what, unit="text", long=len(items) >= LONG_WORK)
    try:
        if jobs <= 1 or len(items) < max(2, parallel_from):
            out = []
            for item in items:
                out.append(function(*item))
                bar.update()
            return out
        # fork: the workers inherit the loaded vocabularies and rules (and any
        # paths a caller changed) instead of reading them again
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context,
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            futures = [pool.submit(function, *item) for item in items]
            for future in futures:
                future.add_done_callback(lambda _: bar.update())
            return [future.result() for future in futures]
    finally:
        bar.close()


def store_for(arrangements: Iterable[Arrangement]) -> ox.Store:
    """A queryable store of these arrangements plus vocabularies and ontology.

    ``ra-graph extract`` uses it so that its draft is listed by exactly the
    code that lists the built snapshot.
    """
    store = ox.Store()
    store.load(serialise(list(arrangements)).encode("utf-8"), format=ox.RdfFormat.TRIG)
    return store


def _which(arrangements: Sequence[Arrangement]) -> str:
    """The arrangements built, by name while a reader can take them in."""
    if len(arrangements) <= 6:
        return ", ".join(a.slug for a in arrangements)
    years = sorted({a.year for a in arrangements})
    provinces = len({a.province for a in arrangements})
    return f"{provinces} province(s), {years[0]}-{years[-1]}"


def build_snapshot(sources: Path, target: Path, *, curation: bool = True, strict: bool = False,
                   use_cache: bool = True, jobs: int | None = None) -> str:
    """Write the snapshot atomically, and only if it reads back; returns a one-line summary.

    Warnings go to stderr; with ``strict`` any warning stops the build
    before anything is written.
    """
    start = time.perf_counter()
    jobs = default_jobs() if jobs is None else jobs
    cache = open_cache(use_cache)
    read: list[str] = []
    with fewer_collections():
        arrangements = revisions.link(extract_all(sources, curation=curation, cache=cache, jobs=jobs, read=read),
                                      cache=cache)
        problems = build_warnings(sources, arrangements)
        if curation:
            from ra_graph.extract.carry import carry_forward

            problems += carry_forward(arrangements)  # entries follow their clause while its text is unchanged
        for problem in problems:
            warn(problem)
        if strict and problems:
            raise RaGraphError(f"{len(problems)} warning(s) and --strict: {target} not written")
        text, expected, again, blocks, made = _serialise(arrangements, cache=cache, jobs=jobs)
        digests = {name: hashlib.sha256(block.encode("utf-8")).hexdigest() for name, block in blocks.items()}
        write_atomic(target, text, verify=lambda written: readback.by_block(written, text, HEADER, made, cache, digests)
                     or check_reads_back(written, text, expected, again, target))
        if _same_file(target, paths.SNAPSHOT):
            _write_store(target, text, blocks, digests, sum(count for count, _ in expected.values()))
    clauses = sum(len(a.clauses) for a in arrangements)
    commitments = sum(len(c.commitments) for a in arrangements for c in a.clauses)
    seconds = time.perf_counter() - start
    names = _which(arrangements)
    warned = f", {len(problems)} warning(s)" if problems else ""
    reuse = f"; {len(arrangements) - len(read)} from the cache" if len(read) < len(arrangements) else ""
    return (f"built {target}: {len(arrangements)} arrangements ({names}), {clauses} clauses, "
            f"{commitments} commitments{warned} in {seconds:.2f} s ({len(read)} text(s) read{reuse})")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_store(target: Path, text: str, blocks: dict[str, str], digests: dict[str, str], count: int) -> None:
    """The snapshot's on-disk store (``ra_graph.core.diskstore``): only the named graphs
    that changed are loaded again.  A store that cannot be written here is a warning:
    the commands then read the snapshot itself."""
    import hashlib

    from ra_graph.core import actors, diskstore, versions  # noqa: F401 (their indexes are written with the store)

    try:
        diskstore.publish(target, hashlib.sha256(text.encode("utf-8")).hexdigest(),
                          {name: (digests[name], block) for name, block in blocks.items()}, count)
    except diskstore.Unavailable as exc:
        warn(f"{exc}; the commands will read the snapshot instead")


def check_reads_back(written: Path, text: str, expected: dict[str, tuple[int, str]],
                     again: dict[str, Callable[[], list]], target: Path) -> None:
    """The written snapshot parses and each named graph holds its statements and literals, or RaGraphError."""
    kept = "the snapshot was not replaced"
    try:
        quads = list(ox.parse(written.read_bytes(), format=ox.RdfFormat.TRIG))  # bytes: no temporary name in errors
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None) or 0
        lines = text.split("\n")
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        raise RaGraphError(f"{kept}: the new one does not read back ({' '.join(str(exc).split())}); "
                           f"the value at fault: {printable(shown, 120)}", file=target, line=line or None) from None
    from itertools import groupby
    from operator import attrgetter

    objects: dict[str, list] = defaultdict(list)
    for graph, run in groupby(quads, key=attrgetter("graph_name")):  # a graph's statements come together
        objects[getattr(graph, "value", "")].extend(map(attrgetter("object"), run))
    for graph, (_, digest) in sorted(expected.items()):
        got = literals(objects.get(graph, []))
        if literal_digest(got) != digest:
            want, got = Counter(again[graph]()), Counter(got)
            value = next(iter(want - got), None) or next(iter(got - want))
            raise RaGraphError(f"{kept}: the value {printable(repr(value[0]), 120)} does not read back as written",
                               file=target)
    written_count = sum(count for count, _ in expected.values())
    if len(quads) != written_count:
        raise RaGraphError(f"{kept}: {len(quads)} statements read back, {written_count} written", file=target)
