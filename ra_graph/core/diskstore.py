"""The on-disk store beside the snapshot: opened in milliseconds, never re-parsed.

The TriG snapshot is the committed truth; ``data/graph/store/`` is an index
derived from it (pyoxigraph's RocksDB store, not committed), so that a read
command opens the register instead of parsing it: the cost of an answer is
then set by the answer, not by the size of the register.

Layout (see docs/reference/store.md)::

    store/current.json      which version holds which snapshot (its sha256, size,
                            mtime and inode), replaced atomically
    store/v-<sha>-<rand>/   a complete version: db/ (RocksDB) and nothing else;
                            never written again once published
    store/.tmp-<pid>-<rand>/  a version being written (exclusively locked)
    store/.lock             held while a version is written, so two writers queue

Why versions and a pointer: a reader follows the pointer to a directory that
is complete and immutable, so a build writing the next version, or a kill -9
half-way through it, cannot show it a half-written store.  Each reader holds
a shared ``flock`` on its version for its lifetime; a version that is no
longer current is deleted only by whoever can take it exclusively, that is
when nobody reads it.  A directory being written is exclusively locked by
its writer; one whose writer died is unlocked and so removed by the next
writer.

The tag is the snapshot's sha256.  Hashing a national register costs about
20 ms, a fifth of a cold answer, so the pointer also records the size,
modification time (ns) and inode the snapshot had when it was hashed, and
the hash is computed only when one of them differs (as git does for its
index): a hand edit, a pulled commit or a checkout changes them.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

POINTER = "current.json"
FORMAT = 2  # of the pointer and the version layout; another value means rebuild (2: graph files as N-Triples)
_HELD: list[int] = []  # shared locks on the versions this process reads (kept until exit)


class Unavailable(Exception):
    """The store cannot be used or written here (read-only directory, no space, ...)."""


def location(snapshot: Path) -> Path:
    """The store of a snapshot: ``store/`` beside it."""
    return snapshot.parent / "store"


def sha256_of(path: Path) -> str:
    import hashlib  # only when the snapshot's stat has changed

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def read_pointer(root: Path) -> dict | None:
    try:
        pointer = json.loads((root / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(pointer, dict) or pointer.get("format") != FORMAT or not isinstance(pointer.get("version"), str):
        return None
    return pointer


def _matches(pointer: dict, snapshot: Path) -> bool:
    """Does the pointer's version hold this snapshot?  (Hash only when the stat differs.)"""
    stat = snapshot.stat()
    if pointer.get("stamp") == _stamp(stat):
        return True
    if stat.st_size != (pointer.get("stamp") or [None])[0]:
        return False
    if sha256_of(snapshot) != pointer.get("sha256"):
        return False
    try:  # the same text with a new mtime (a checkout, a touch): remember it, so the next open is quick
        _write_pointer(location(snapshot), {**pointer, "stamp": _stamp(stat)})
    except OSError:
        pass
    return True


def open_current(snapshot: Path, *, rebuild: bool = True, deferred=None) -> ox.Store | None:
    """The snapshot's store opened read-only, or None when it is missing or stale and
    ``rebuild`` is false.  Rebuilds it (one line on stderr) when stale; raises
    ``Unavailable`` when it cannot be written here, SyntaxError when the snapshot does not parse.
    ``deferred``: the current version's database is opened when first asked (see :class:`Deferred`);
    the callable gives the graph should it then fail to open."""
    root = location(snapshot)
    for _ in range(8):  # a version may be replaced between reading the pointer and locking it
        pointer = read_pointer(root)
        if pointer is None or not _matches(pointer, snapshot):
            break
        store = _open_version(root / pointer["version"], deferred=deferred)
        if store is not None:
            return store
    if not rebuild:
        return None
    with _writer_lock(root):
        pointer = read_pointer(root)  # another process may have rebuilt it while we waited
        current = pointer is not None and _matches(pointer, snapshot)
        store = _open_version(root / pointer["version"]) if current else None
        if store is None:
            why = ("was missing" if pointer is None else "could not be opened" if current
                   else "held another snapshot")
            start = time.perf_counter()
            pointer = _publish(root, snapshot, sha256_of(snapshot), None, None)
            print(f"ra-graph: the store {_shown(root)} {why}: rebuilt it from {snapshot.name} "
                  f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            store = _open_version(root / pointer["version"])
    if store is None:
        raise Unavailable("the store's new version vanished")
    return store


def _shown(root: Path) -> str:
    try:
        return str(root.relative_to(Path.cwd()))
    except ValueError:
        return str(root)


def _open_version(directory: Path, *, hold: bool = True, deferred=None) -> ox.Store | None:
    """Open a published version read-only under a shared lock (None if it is gone).
    The lock is kept until the process ends (``hold``) or released at once."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits while a cleaner holds it to delete it
        if not os.path.samestat(os.fstat(fd), os.stat(directory)):
            raise FileNotFoundError(directory)
        if deferred is not None and _whole(directory):
            store = Deferred(directory, deferred)
        else:
            store = ox.Store.read_only(str(directory / "db"))
    except (OSError, ValueError):
        os.close(fd)
        return None
    _ORIGIN[id(store)] = (store, directory)
    if hold:
        _HELD.append(fd)
    else:
        os.close(fd)  # the caller copies it at once (a backup), and nobody deletes a current version
    return store


class _writer_lock:
    """``store/.lock`` held exclusively: writers of versions queue."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fd = -1

    def __enter__(self) -> _writer_lock:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise Unavailable(f"cannot write {self.root}: {exc.strerror}") from None
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)


def publish(snapshot: Path, sha256: str, blocks: Mapping[str, tuple[str, str]], count: int) -> dict:
    """Write the store of a snapshot the build has just written, from its named-graph
    ``blocks`` (graph -> (digest, TriG text)): only the graphs whose digest changed
    since the current version are loaded again.  Returns the new pointer."""
    root = location(snapshot)
    with _writer_lock(root):
        return _publish(root, snapshot, sha256, blocks, count)


def _publish(root: Path, snapshot: Path, sha256: str, blocks: Mapping[str, tuple[str, str]] | None,
             count: int | None) -> dict:
    """Write a version into a locked temporary directory, rename it, point at it, clean up."""
    _clean(root, keep=None)
    previous = read_pointer(root)
    token = os.urandom(4).hex()
    tmp = root / f".tmp-{os.getpid()}-{token}"
    try:
        tmp.mkdir()
        fd = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise Unavailable(f"cannot write {root}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        graphs = _fill(tmp / "db", snapshot, blocks, count, root, previous)
        _write_graph_files(tmp, snapshot, blocks, _reusable(root, previous))
        _write_memos(tmp)
        version = f"v-{sha256[:12]}-{token}"
        _sync(tmp)
        os.rename(tmp, root / version)
        _sync(root)
        pointer = {"format": FORMAT, "version": version, "sha256": sha256, "stamp": _stamp(snapshot.stat()),
                   "graphs": graphs, "writer": WRITER}
        _write_pointer(root, pointer)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise Unavailable(f"cannot write {root}: {exc.strerror or exc}") from None
        raise
    finally:
        os.close(fd)
    _clean(root, keep=version)
    return pointer


def _fill(db: Path, snapshot: Path, blocks: Mapping[str, tuple[str, str]] | None, count: int | None,
          root: Path, previous: dict | None) -> dict[str, str] | None:
    """Write the database; returns the digest of each named graph (None when unknown)."""
    base = None
    if blocks is not None and previous and isinstance(previous.get("graphs"), dict):
        base = _open_version(root / previous["version"], hold=False)
    if base is not None and blocks is not None:
        try:
            return _update(base, db, blocks, count, previous["graphs"])
        except ValueError:  # the copy does not add up: write it whole
            shutil.rmtree(db, ignore_errors=True)
    store = ox.Store(str(db))
    store.bulk_load(path=str(snapshot), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return {name: digest for name, (digest, _) in blocks.items()} if blocks is not None else None


def _update(base: ox.Store, db: Path, blocks: Mapping[str, tuple[str, str]], count: int | None,
            old: dict[str, str]) -> dict[str, str]:
    """A copy of the current version with only the changed named graphs loaded again."""
    base.backup(str(db))  # hard links to the immutable table files: milliseconds
    del base
    store = ox.Store(str(db))
    for name in set(old) - set(blocks):
        store.remove_graph(ox.NamedNode(name))
    for name, (digest, text) in blocks.items():
        if old.get(name) != digest:
            if name in old:
                store.remove_graph(ox.NamedNode(name))
            store.load(text.encode("utf-8"), format=ox.RdfFormat.TRIG)
    if count is not None and len(store) != count:
        del store
        raise ValueError("the updated store does not hold the snapshot's statements")
    store.flush()
    del store
    return {name: digest for name, (digest, _) in blocks.items()}


WRITER = f"pyoxigraph {ox.__version__}"  # what wrote a version's graph files: reused only from the same


def _reusable(root: Path, previous: dict | None) -> tuple[Path, dict[str, str], dict] | None:
    """The current version's graph files that a new version may take as they are: its directory,
    the digest of each graph's text and its ``graphs.json`` (None when there are none)."""
    if not previous or previous.get("writer") != WRITER or not isinstance(previous.get("graphs"), dict):
        return None
    directory = root / previous["version"]
    try:
        index = json.loads((directory / "graphs.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (directory, previous["graphs"], index) if isinstance(index, dict) else None


def graph_file(name: str, text: str) -> tuple[str, bytes]:
    """A named graph's file from its TriG text alone (prefixes and block): N-Triples, which
    loads a fifth faster than TriG (no prefixes to expand; ``load_subset`` puts the triples
    in their graph), unless the graph holds blank nodes: the parser names an anonymous one
    anew on every parse, so its N-Triples would differ from build to build (and the same
    label in two graphs' files would join two nodes when loaded together); those stay TriG."""
    data = text.encode("utf-8")
    quads = list(ox.parse(data, format=ox.RdfFormat.TRIG))
    graph = ox.NamedNode(name)
    if any(q.graph_name != graph or isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
           for q in quads):
        return "trig", data
    return "nt", ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""


def _write_graph_files(version: Path, snapshot: Path, blocks: Mapping[str, tuple[str, str]] | None,
                       reusable: tuple[Path, dict[str, str], dict] | None = None) -> None:
    """Each named graph also as a file of its own (``graphs/``, listed in ``graphs.json``).

    The RocksDB store opens in milliseconds but answers a query that reads
    much of the register several times slower than the same graphs in
    memory (every term is looked up on disk).  A command that needs only
    some arrangements (the ones in force, one arrangement, one province's
    versions) loads just their graphs into memory from these files
    (``load_subset``): its cost is then set by what it reads, not by the
    size of the register.

    A graph whose text has the digest it had in the current version
    (``reusable``) takes that version's file as it is, hard-linked (a version
    is never written again, so the two names can share the file): a build
    after one new text writes one file.  Written anew it has the same bytes
    (``graph_file`` is deterministic, and the writer is part of the pointer).
    """
    folder = version / "graphs"
    folder.mkdir()
    index: dict[str, dict[str, str]] = {}
    if blocks is not None:
        for i, (name, (digest, text)) in enumerate(sorted(blocks.items())):
            entry = _reuse(reusable, name, digest, folder, f"{i:05d}")
            if entry is None:
                kind, data = graph_file(name, text)
                entry = {"file": f"{i:05d}.{kind}", "format": kind}
                (folder / entry["file"]).write_bytes(data)
            index[name] = entry
    else:  # rebuilt from the snapshot: each graph as the store holds it (blank nodes named once, there)
        whole = ox.Store()
        whole.load(path=str(snapshot), format=ox.RdfFormat.TRIG)
        texts = {graph.value: whole.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
                 for graph in whole.named_graphs()}
        default = whole.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        if default:  # a hand-made snapshot may have statements outside any named graph: key ""
            texts[""] = default
        del whole
        for i, (name, data) in enumerate(sorted(texts.items())):
            index[name] = {"file": f"{i:05d}.nt", "format": "nt"}
            (folder / index[name]["file"]).write_bytes(data)
    (version / "graphs.json").write_text(json.dumps(index, indent=0) + "\n", encoding="utf-8")


def _reuse(reusable: tuple[Path, dict[str, str], dict] | None, name: str, digest: str, folder: Path,
           stem: str) -> dict[str, str] | None:
    """Link the current version's file of graph ``name`` into ``folder`` as ``stem``, if its text
    had this ``digest`` there; returns its ``graphs.json`` entry (None: write it anew)."""
    if reusable is None:
        return None
    directory, digests, index = reusable
    entry = index.get(name)
    if digests.get(name) != digest or not isinstance(entry, dict) or entry.get("format") not in ("nt", "trig"):
        return None
    kind, old = entry["format"], str(entry.get("file", ""))
    if not old or "/" in old or old.startswith("."):
        return None
    target = folder / f"{stem}.{kind}"
    try:
        os.link(directory / "graphs" / old, target)
    except OSError:
        try:
            shutil.copyfile(directory / "graphs" / old, target)
        except OSError:
            return None
    return {"file": target.name, "format": kind}


_INDEXES: dict[str, object] = {}  # name -> function(store) that fills memo/ (see ``index``)


def index(name: str):
    """Register a function of a store whose result is kept in each version's ``memo/``
    (the label indexes in ``actors``, the versions in ``versions``): each version is
    written with them, so that a reader never writes.  (A registry, so that this
    module need not import the modules that compute them.)"""
    def register(function):
        _INDEXES[name] = function
        return function
    return register


def _write_memos(version: Path) -> None:
    """Compute every registered index on the new version (written by ``memo``)."""
    store = ox.Store.read_only(str(version / "db"))
    _ORIGIN[id(store)] = (store, version)
    try:
        for function in list(_INDEXES.values()):
            function(store)
    finally:
        forget(store)


_ORIGIN: dict[int, tuple[ox.Store, Path]] = {}  # id(store) -> (the store, its version directory)


def load_subset(store: ox.Store, graphs: list[str] | None) -> ox.Store | None:
    """An in-memory store of these named graphs (None: all of them) of a store opened here,
    loaded from their files (None when ``store`` is not one this module opened, or its
    files are missing)."""
    origin = _ORIGIN.get(id(store))
    if origin is None or origin[0] is not store:
        return None
    version = origin[1]
    try:
        index = json.loads((version / "graphs.json").read_text(encoding="utf-8"))
        out = ox.Store()
        for name in dict.fromkeys(index if graphs is None else graphs):
            entry = index.get(name)
            if entry is None:
                continue  # not in the graph: as a copy of its quads would be, empty
            path = str(version / "graphs" / entry["file"])
            # lenient: these files were written from a snapshot that parsed (a tenth faster)
            if entry["format"] == "trig":
                out.load(path=path, format=ox.RdfFormat.TRIG, lenient=True)
            else:
                out.load(path=path, format=ox.RdfFormat.N_TRIPLES, lenient=True,
                         to_graph=ox.NamedNode(name) if name else ox.DefaultGraph())
    except (OSError, ValueError, KeyError, SyntaxError):
        return None
    return out


def graph_digests(store: ox.Store, snapshot: Path) -> dict[str, str] | None:
    """The digest of each named graph's text in the snapshot, for a store this module opened
    from the current version (None otherwise): what a cache of results over graphs is keyed by."""
    origin = _ORIGIN.get(id(store))
    pointer = read_pointer(location(snapshot))
    if origin is None or origin[0] is not store or pointer is None or origin[1].name != pointer["version"]:
        return None
    digests = pointer.get("graphs")
    if not isinstance(digests, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in digests.items()):
        return None
    return digests


def forget(store: ox.Store) -> None:
    """Let go of a store opened here (the caller drops its last reference to close it)."""
    _ORIGIN.pop(id(store), None)
    for key in [k for k in _MEMO if k[0] == id(store)]:
        del _MEMO[key]


_MEMO: dict[tuple[int, str], tuple[ox.Store, object]] = {}  # (id(store), name) -> (the store, value)


def memo(store: ox.Store, name: str, compute, *, dump=lambda v: v, load=lambda v: v):
    """``compute()`` for this store, once: a version of the on-disk store keeps it in
    ``memo/<name>.json`` (a version never changes, so neither does the value), so
    that the label and version indexes every command needs are read, not queried.
    Other stores remember it for the life of the process."""
    key = (id(store), name)
    held = _MEMO.get(key)
    if held is not None and held[0] is store:
        return held[1]
    origin = _ORIGIN.get(id(store))
    file = origin[1] / "memo" / f"{name}.json" if origin is not None and origin[0] is store else None
    value = None
    if file is not None:
        try:
            value = load(json.loads(file.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError):
            value = None
    if value is None:
        value = compute()
        if file is not None:
            try:
                from ra_graph.core.atomic import write_atomic

                file.parent.mkdir(exist_ok=True)
                write_atomic(file, json.dumps(dump(value), ensure_ascii=False))
            except Exception:  # noqa: BLE001 (a read-only store: compute it each time)
                pass
    _MEMO[key] = (store, value)
    return value


def _write_pointer(root: Path, pointer: dict) -> None:
    from ra_graph.core.atomic import write_atomic

    write_atomic(root / POINTER, json.dumps(pointer, indent=1) + "\n")


def _clean(root: Path, keep: str | None) -> None:
    """Remove versions nobody reads and temporaries whose writer is gone (best effort)."""
    pointer = read_pointer(root)
    current = {keep, pointer and pointer["version"]}
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not entry.is_dir(follow_symlinks=False) or name in current:
            continue
        if not (name.startswith(("v-", ".tmp-", ".del-"))):
            continue
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            doomed = root / f".del-{name.removeprefix('.del-')}" if not name.startswith(".del-") else Path(entry.path)
            if doomed != Path(entry.path):
                os.rename(entry.path, doomed)
            shutil.rmtree(doomed, ignore_errors=True)
        except OSError:
            pass  # in use (read or being written), or not ours to remove
        finally:
            os.close(fd)


def _sync(directory: Path) -> None:
    from ra_graph.core.atomic import _sync_directory

    _sync_directory(directory)


def _whole(directory: Path) -> bool:
    """Does the version look complete (its database's CURRENT names a manifest that exists, its
    graphs are listed)?  Checked before deferring its opening; opening proves the rest."""
    try:
        manifest = (directory / "db" / "CURRENT").read_text(encoding="ascii").strip()
        return bool(manifest) and (directory / "db" / manifest).is_file() and (directory / "graphs.json").is_file()
    except (OSError, ValueError):
        return False


class Deferred:
    """A published version whose database (RocksDB) is opened when something first asks it.

    A command that answers from the arrangements in force reads the label and
    version indexes (``memo/``) and the named graphs it needs (``graphs/``)
    from their files, and never asks the database: not opening it saves a
    sixth of the least a command costs.  Anything else a store does opens it
    (read-only, under the version's lock taken when this was made); should
    that fail, ``fallback()`` gives the graph (the snapshot parsed, as
    :func:`ra_graph.core.store.open_graph` does for a store that cannot be opened).
    Not an ``ox.Store``: only the commands that ask for it get one.
    """

    def __init__(self, directory: Path, fallback) -> None:
        self._directory, self._fallback, self._store = directory, fallback, None

    def opened(self) -> ox.Store:
        if self._store is None:
            try:
                self._store = ox.Store.read_only(str(self._directory / "db"))
            except (OSError, ValueError, RuntimeError) as exc:
                print(f"ra-graph: the store {_shown(self._directory.parent)} cannot be used "
                      f"({' '.join(str(exc).split())}); reading the snapshot instead", file=sys.stderr)
                self._store = self._fallback()
        return self._store

    def __getattr__(self, name: str):
        return getattr(self.opened(), name)

    def __len__(self) -> int:
        return len(self.opened())

    def __iter__(self):
        return iter(self.opened())

    def __contains__(self, quad) -> bool:
        return quad in self.opened()
