"""The build cache: per source, what was extracted and serialised last time.

A national register holds a hundred-odd texts; a rebuild after one new
text should read one text.  Each text's extraction (its curated
Arrangement, as JSON) and each arrangement's block of the snapshot are kept
in ``data/graph/.cache/`` (ignored by git), stored with the key they were
made under: a sha256 of everything the result depends on -- for an
extraction the text, the rule files, the vocabulary files, the curation
file, the code that reads them and the versions of the libraries that
shape the output (``library_versions``); for a block the arrangement itself,
the code that compiles it and those versions.  Any change gives another
key, so a stale entry is never used.

The cache must never make a graph that a build without it would not make
(``--no-cache`` is the reference, byte for byte).  So an entry also holds
the name and sha256 of the source it was made from and a digest of its
value, all checked on reading; an entry that is damaged (not JSON, nested
too deeply, a value that does not match its digest), foreign (made from
another source), wrong-shaped (refused by the caller's ``load``) or
unreadable (a directory, a FIFO, no permission) is ignored with one
warning line and made again.  A cache that cannot be read or written (a
read-only checkout, a full disk) only costs speed; a failed write leaves no
temporary file, and one left by a killed build is removed by the next.

Curation files of *earlier* versions can apply to a text too (an entry
follows its clause while the text is unchanged, ``extract.carry``).  That
step runs after extraction, on every build, uncached: an extraction entry
holds only the text's own curation; what earlier files carry over is laid
on after it, and a block's key is the arrangement as finally read, so a
change in any curation file that can apply changes the key of every block
it reaches.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import ra_graph
from ra_graph.core.errors import printable, warn

# Bump when the layout of the entries changes (an entry of another format is stale, not damaged).
_FORMAT = "2"
#: Libraries whose versions change the bytes of the snapshot (a serialiser, a parser, a YAML reader).
LIBRARIES = ("rdflib", "pyoxigraph", "PyYAML")
#: An entry larger than this is not read (the largest arrangement is a few MB).
MAX_ENTRY_BYTES = 256 * 1024 * 1024


def digest(*parts: str | bytes) -> str:
    """sha256 over the parts, each length-prefixed (so ("ab", "c") != ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def files_digest(files: list[Path] | tuple[Path, ...]) -> str:
    """One digest of these files' names and contents.  A missing file counts as
    absent; anything else in its place (a directory, a broken link) as itself,
    so that reading it fails as it would without a cache."""
    parts: list[str | bytes] = []
    for path in sorted(Path(f) for f in files):
        parts.append(path.name)
        try:
            parts.append(path.read_bytes() if path.is_file() else
                         b"\x00not a file" if path.exists() or path.is_symlink() else b"\x00absent")
        except OSError as exc:
            parts.append(f"\x00unreadable: {exc.strerror}")
    return digest(*parts)


@lru_cache(maxsize=1)
def library_versions() -> str:
    """``python=3.11.7;rdflib=7.1.1;…``: an upgrade of any of them is another key."""
    from importlib import metadata

    found = [f"python={'.'.join(map(str, sys.version_info[:3]))}"]
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=absent")
    return ";".join(found)


@lru_cache(maxsize=8)
def code_digest(*packages: str) -> str:
    """A digest of the Python source of these ``ra_graph`` sub-packages and of the
    library versions: a new version of the code that makes an entry invalidates it."""
    root = Path(ra_graph.__file__).parent
    files = [f for package in packages for f in sorted((root / package).glob("*.py"))]
    return digest(_FORMAT, library_versions(), *(f"{f.parent.name}/{f.name}" for f in files),
                  *(f.read_bytes() for f in files))


def value_digest(value: object) -> str:
    """The sha256 of ``value`` as canonical JSON (RecursionError for a value nested too deeply):
    the digest entries of older builds hold, and one a hand-made entry may hold."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def text_digest(value: object) -> str:
    """The digest an entry holds: the sha256 of ``value`` as ``json.dumps`` writes it in the entry.
    (Entries of older builds hold ``value_digest``, also accepted.)"""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def _head(head: dict) -> str:
    """An entry's text up to its value: the header fields, then ``"value": `` (as
    ``json.dumps`` lays out the whole entry: an entry reads as it always did)."""
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "value": '


def _written_digest(data: bytes, entry: dict) -> str | None:
    """The sha256 of the value's text as ``put`` wrote it: the bytes between the header and the
    closing brace (None when the entry is not laid out that way).  Hashing the bytes read costs a
    tenth of serialising the value again (``value_digest``), which a rebuild after one new text
    would do for every other text's entries.  ``data`` parsed as one JSON object of these five
    fields that starts with exactly this header, so those bytes are the value's text: a byte
    damaged there changes the hash (one damaged in the header changes the header)."""
    try:
        head = _head({name: entry[name] for name in ("format", "key", "source", "digest")})
    except (KeyError, TypeError, ValueError):
        return None
    prefix = head.encode("utf-8", "surrogatepass")
    if not (data.startswith(prefix) and data.endswith(b"}")) or len(entry) != 5:
        return None
    return hashlib.sha256(memoryview(data)[len(prefix):-1]).hexdigest()


class Cache:
    """Entries ``<directory>/<kind>/<name>.json`` holding
    ``{"format", "key", "source": {"name", "sha256"}, "digest", "value"}``."""

    def __init__(self, directory: Path | None):
        self.directory = directory  # None: caching off
        self._swept: set[str] = set()

    def path(self, kind: str, name: str) -> Path:
        assert self.directory is not None
        return self.directory / kind / f"{name}.json"

    def get(self, kind: str, name: str, key: str, source: tuple[str, str]) -> object | None:
        """The value stored under ``key`` for ``source`` (name, sha256), or None.

        A missing entry or one made under another key is None in silence (it
        is stale); anything else wrong is a warning line, then None.
        """
        if self.directory is None:
            return None
        path = self.path(kind, name)
        try:
            data = _read_regular(path)
        except FileNotFoundError:
            return None
        except (OSError, _NotAFile) as exc:
            return self.ignore(kind, name, str(exc) if isinstance(exc, _NotAFile) else
                               f"cannot read it ({exc.strerror or exc})")
        try:
            entry = json.loads(data.decode("utf-8"))
        except RecursionError:
            return self.ignore(kind, name, "nested too deeply")
        except ValueError:  # UnicodeDecodeError and JSONDecodeError
            return self.ignore(kind, name, "not a JSON cache entry")
        if not isinstance(entry, dict):
            return self.ignore(kind, name, "not a cache entry")
        if entry.get("format") != _FORMAT or entry.get("key") != key:
            return None  # made by another version, from other input: stale
        if entry.get("source") != {"name": source[0], "sha256": source[1]}:
            return self.ignore(kind, name, f"made from another source, not {source[0]}")
        stored = entry.get("digest")
        good = isinstance(stored, str) and _written_digest(data, entry) == stored
        for again in (text_digest, value_digest) if isinstance(stored, str) and not good else ():
            try:  # an entry not laid out as ``put`` writes it (re-encoded, or of an older build)
                good = again(entry.get("value")) == stored
            except (RecursionError, TypeError, ValueError):
                good = False
            if good:
                break
        if not good:
            return self.ignore(kind, name, "its value does not match its digest (damaged)")
        return entry["value"]

    def ignore(self, kind: str, name: str, reason: str) -> None:
        """Say (one line) that an entry is not used, and why; it is made again."""
        where = self.path(kind, name) if self.directory is not None else f"{kind}/{name}"
        warn(f"{where}: cache entry ignored: {printable(reason, 160)}; made again")
        return None

    def put(self, kind: str, name: str, key: str, value: object, source: tuple[str, str]) -> None:
        if self.directory is None:
            return
        folder = self.directory / kind
        tmp = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._sweep(folder)
            text = json.dumps(value, ensure_ascii=False)  # the value as it reads back (int keys become text)
            head = {"format": _FORMAT, "key": key, "source": {"name": source[0], "sha256": source[1]},
                    "digest": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()}
            payload = (_head(head) + text + "}").encode("utf-8", "surrogatepass")
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=folder)
            try:
                from ra_graph.core.atomic import write_all

                write_all(fd, payload)
            finally:
                os.close(fd)
            _clear(folder / f"{name}.json")
            os.replace(tmp, folder / f"{name}.json")
            tmp = None
        except (OSError, RecursionError, ValueError, TypeError):
            pass  # a cache that cannot be written only costs speed
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def _sweep(self, folder: Path) -> None:
        """Remove temporary files of builds that were killed while writing (once per folder)."""
        if str(folder) in self._swept:
            return
        self._swept.add(str(folder))
        from ra_graph.core.atomic import _alive

        try:
            names = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        except OSError:
            return
        for path in names:
            match = re.fullmatch(r"\..*\.(\d+)\.[^.]+\.tmp", path.name)
            if match and _alive(int(match[1])):
                continue
            try:
                path.unlink()
            except OSError:
                pass

    def keep_only(self, kind: str, names: set[str]) -> None:
        """Remove the entries of ``kind`` for sources that are gone."""
        if self.directory is None:
            return
        try:
            paths = list((self.directory / kind).glob("*.json")) if (self.directory / kind).is_dir() else []
        except OSError:
            return
        for path in paths:
            if path.stem not in names:
                try:
                    path.unlink()
                except OSError:
                    pass


def _clear(path: Path) -> None:
    """Make room for an entry where something that is no entry stands (a directory, a FIFO)."""
    import shutil

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if stat.S_ISDIR(mode):
        shutil.rmtree(path, ignore_errors=True)
    elif not stat.S_ISREG(mode):
        os.unlink(path)


class _NotAFile(Exception):
    pass


def _read_regular(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of a sane size (a FIFO would
    block a plain ``open``; it is opened non-blocking and refused)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotAFile("not a regular file")
        if info.st_size > MAX_ENTRY_BYTES:
            raise _NotAFile(f"too large ({info.st_size} bytes)")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            if sum(map(len, chunks)) > MAX_ENTRY_BYTES:
                raise _NotAFile("too large")
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_types(value: object, hint: object = None, where: str = "value") -> None:
    """Raise TypeError where ``value`` (a dataclass instance, or what ``hint`` says)
    does not hold the types its annotations declare: a cached entry of the right
    keys but a year "twenty" must be made again, not compiled into the graph.

    A rebuild after one new text checks every other text's cached reading
    (about 600,000 values at 120 arrangements): a predicate made once per
    type (``_holds``) answers yes or no; only a value it refuses is walked
    again by ``_check`` for the message that says where."""
    if hint is None:
        hint = type(value)
    try:
        holds = _holds(hint)
    except TypeError:  # a hint that cannot be a key (unhashable): the slow way
        holds = None
    if holds is None or not holds(value):
        _check(value, hint, where)


def _check(value: object, hint: object, where: str) -> None:
    """``check_types`` the slow way: the TypeError names where the value is wrong."""
    import dataclasses
    import types
    import typing

    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, hint):
            raise TypeError(f"{where}: not a {hint.__name__}")
        hints = _hints(hint)
        for f in dataclasses.fields(hint):
            _check(getattr(value, f.name), hints[f.name], f"{where}.{f.name}")
    elif origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(hint):
            try:
                _check(value, option, where)
                return
            except TypeError as exc:
                errors.append(exc)
        raise errors[0]
    elif hint is type(None):
        if value is not None:
            raise TypeError(f"{where}: not null")
    elif origin is list:
        if not isinstance(value, list):
            raise TypeError(f"{where}: not a list")
        (item,) = typing.get_args(hint) or (object,)
        for i, v in enumerate(value):
            _check(v, item, f"{where}[{i}]")
    elif origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, tuple) or (args and len(args) != len(value)):
            raise TypeError(f"{where}: not a tuple of {len(args)}")
        for i, (v, a) in enumerate(zip(value, args)):
            _check(v, a, f"{where}[{i}]")
    elif origin is dict:
        if not isinstance(value, dict):
            raise TypeError(f"{where}: not a mapping")
        k_hint, v_hint = typing.get_args(hint) or (object, object)
        for k, v in value.items():
            _check(k, k_hint, f"{where} key")
            _check(v, v_hint, f"{where}[{k!r}]")
    elif hint is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise TypeError(f"{where}: not a number")
    elif hint is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{where}: not an integer")
    elif isinstance(hint, type) and hint is not object:
        if not isinstance(value, hint):
            raise TypeError(f"{where}: not a {hint.__name__}")


@lru_cache(maxsize=None)
def _holds(hint: object):
    """A predicate: does a value hold the types ``hint`` declares?  (The rules of ``_check``,
    in its order, decided once per type instead of once per value.)"""
    import dataclasses
    import types
    import typing

    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        fields: list = []  # filled on first use: a dataclass may name itself

        def holds(v: object) -> bool:
            if not fields:
                hints = _hints(hint)
                fields.extend((f.name, _holds(hints[f.name])) for f in dataclasses.fields(hint))
            return isinstance(v, hint) and all(ok(getattr(v, name)) for name, ok in fields)
        return holds
    if origin in (typing.Union, types.UnionType):
        options = [_holds(option) for option in typing.get_args(hint)]
        return lambda v: any(ok(v) for ok in options)
    if hint is type(None):
        return lambda v: v is None
    if origin is list:
        (item,) = typing.get_args(hint) or (object,)
        each = _holds(item)
        return lambda v: isinstance(v, list) and all(map(each, v))
    if origin is tuple:
        args = typing.get_args(hint)
        checks = [_holds(a) for a in args]
        return lambda v: (isinstance(v, tuple) and (not args or len(args) == len(v))
                          and all(ok(x) for x, ok in zip(v, checks)))
    if origin is dict:
        k_hint, v_hint = typing.get_args(hint) or (object, object)
        key_ok, value_ok = _holds(k_hint), _holds(v_hint)
        return lambda v: isinstance(v, dict) and all(key_ok(k) and value_ok(x) for k, x in v.items())
    if hint is float:
        return lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
    if hint is int:
        return lambda v: isinstance(v, int) and not isinstance(v, bool)
    if isinstance(hint, type) and hint is not object:
        return lambda v: isinstance(v, hint)
    return lambda v: True


@lru_cache(maxsize=32)
def _hints(cls: type) -> dict:
    import typing

    return typing.get_type_hints(cls)
