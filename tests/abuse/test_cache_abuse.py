"""A cache that cannot lie: after any fault injected into ``data/graph/.cache``, the cached
build is byte for byte the ``--no-cache`` build, with exit 0 and at most one warning line
per spoiled entry -- never a traceback, never another graph.

Each case fills a private cache with a first build of the project's texts, spoils
it one way, builds again with the cache and compares with the reference built
without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from ra_graph.core import paths
from ra_graph.graph import cache as cache_mod


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> bytes:
    """The snapshot of the project's texts built without a cache."""
    from ra_graph.graph.build import build_snapshot

    out = tmp_path_factory.mktemp("reference") / "g.trig"
    build_snapshot(paths.SOURCES, out, use_cache=False, jobs=1)
    return out.read_bytes()


@pytest.fixture
def cached(tmp_path, monkeypatch, ra) -> Path:
    """A private cache filled by one build; returns its directory."""
    directory = tmp_path / "cache"
    monkeypatch.setattr(paths, "CACHE", directory)
    assert ra("build", "--jobs", "1", "--out", tmp_path / "first.trig").code == 0
    assert sorted(p.name for p in (directory / "extract").iterdir()) == ["ra-drenthe-2025.json",
                                                                       "ra-groningen-2025.json"]
    return directory


def _entry(cache: Path, kind: str = "extract", name: str = "ra-groningen-2025") -> Path:
    return cache / kind / f"{name}.json"


def _rewrite(path: Path, change: Callable[[dict], None], *, redigest: bool) -> None:
    """Change an entry's JSON; ``redigest``: make its digest agree again (a deliberate edit)."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    change(entry)
    if redigest:
        entry["digest"] = cache_mod.value_digest(entry["value"])
    path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


def _copy_as(cache: Path, source: str, target: str) -> None:
    """``source``'s entry stored under ``target``'s key (the foreign entry of the issue)."""
    theirs = json.loads(_entry(cache, name=target).read_text(encoding="utf-8"))
    mine = json.loads(_entry(cache, name=source).read_text(encoding="utf-8"))
    mine["key"] = theirs["key"]
    _entry(cache, name=target).write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")


def _copy_as_everything(cache: Path, source: str, target: str) -> None:
    """The same, and its source record too: only the reading itself shows it is foreign."""
    theirs = json.loads(_entry(cache, name=target).read_text(encoding="utf-8"))
    mine = json.loads(_entry(cache, name=source).read_text(encoding="utf-8"))
    mine["key"], mine["source"] = theirs["key"], theirs["source"]
    _entry(cache, name=target).write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")


def _iri_changed(entry: dict) -> None:
    entry["value"]["province"] = entry["value"]["province"].replace("groningen", "drenthe")


def _block_iri_changed(entry: dict) -> None:
    entry["value"][1] = entry["value"][1].replace("provincie-groningen", "provincie-drenthe", 1)


def _year_twenty(entry: dict) -> None:
    entry["value"]["year"] = "twenty"


def _clauses_not_a_list(entry: dict) -> None:
    entry["value"]["clauses"] = {"1": "x"}


def _no_value(entry: dict) -> None:
    entry["value"] = {"slug": "groningen-2025"}


def _block_wrong_shape(entry: dict) -> None:
    entry["value"] = [["@prefix x: <http://x/> ."], 12, "many", None]


def _nest(path: Path, depth: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"value": {', '"value": {"x": ' + "[" * depth + "]" * depth + ", ", 1),
                    encoding="utf-8")


def _mkfifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _mkdir(path: Path) -> None:
    path.unlink()
    path.mkdir()


FAULTS: dict[str, tuple[Callable[[Path], None], str | None]] = {
    # name: (spoil the cache, the reason warned about (None: no warning, the entry is just stale))
    "not-json": (lambda c: _entry(c).write_text("{not json", encoding="utf-8"), "not a JSON cache entry"),
    "not-utf8": (lambda c: _entry(c).write_bytes(b"\xff\xfe{}"), "not a JSON cache entry"),
    "empty": (lambda c: _entry(c).write_bytes(b""), "not a JSON cache entry"),
    "truncated": (lambda c: _entry(c).write_bytes(_entry(c).read_bytes()[:1000]), "not a JSON cache entry"),
    "a-list": (lambda c: _entry(c).write_text("[1, 2]", encoding="utf-8"), "not a cache entry"),
    "nested-100000": (lambda c: _entry(c).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"),
                      "nested too deeply"),
    "nested-value-5000": (lambda c: _nest(_entry(c), 5000), "nested too deeply"),
    "nested-value-500": (lambda c: _nest(_entry(c), 500), "its value does not match its digest (damaged)"),
    "one-iri-changed": (lambda c: _rewrite(_entry(c), _iri_changed, redigest=False),
                        "its value does not match its digest (damaged)"),
    "year-twenty": (lambda c: _rewrite(_entry(c), _year_twenty, redigest=False),
                    "its value does not match its digest (damaged)"),
    "year-twenty-redigested": (lambda c: _rewrite(_entry(c), _year_twenty, redigest=True),
                               "wrong shape (TypeError: arrangement.year: not an integer)"),
    "clauses-not-a-list-redigested": (lambda c: _rewrite(_entry(c), _clauses_not_a_list, redigest=True),
                                      "wrong shape (TypeError: 'str' object is not a mapping)"),
    "missing-fields-redigested": (lambda c: _rewrite(_entry(c), _no_value, redigest=True),
                                  "wrong shape (KeyError: 'signatories')"),
    "foreign-under-its-key": (lambda c: _copy_as(c, "ra-drenthe-2025", "ra-groningen-2025"),
                              "made from another source, not ra-groningen-2025.txt"),
    "foreign-with-its-source": (lambda c: _copy_as_everything(c, "ra-drenthe-2025", "ra-groningen-2025"),
                                "wrong shape (ValueError: holds the reading of ra-drenthe-2025.txt)"),
    "digest-missing": (lambda c: _rewrite(_entry(c), lambda e: e.pop("digest"), redigest=False),
                       "its value does not match its digest (damaged)"),
    "block-iri-changed": (lambda c: _rewrite(_entry(c, "blocks", "groningen-2025"), _block_iri_changed,
                                             redigest=False), "its value does not match its digest (damaged)"),
    "block-wrong-shape-redigested": (lambda c: _rewrite(_entry(c, "blocks", "groningen-2025"), _block_wrong_shape,
                                                        redigest=True),
                                     "wrong shape (ValueError: not a block (prefixes, text, count, digest))"),
    "block-of-another-graph": (lambda c: _copy_block(c), "wrong shape (ValueError: the block of another graph)"),
    "entry-is-a-directory": (lambda c: _mkdir(_entry(c)), "not a regular file"),
    "entry-is-a-fifo": (lambda c: _mkfifo(_entry(c)), "not a regular file"),
    "old-format": (lambda c: _rewrite(_entry(c), lambda e: e.update(format="1"), redigest=False), None),
    "other-key": (lambda c: _rewrite(_entry(c), lambda e: e.update(key="0" * 64), redigest=False), None),
}


def _copy_block(cache: Path) -> None:
    """Drenthe's block, with its key and source record, stored as Groningen's."""
    theirs = json.loads(_entry(cache, "blocks", "groningen-2025").read_text(encoding="utf-8"))
    mine = json.loads(_entry(cache, "blocks", "drenthe-2025").read_text(encoding="utf-8"))
    mine["key"], mine["source"] = theirs["key"], theirs["source"]
    _entry(cache, "blocks", "groningen-2025").write_text(json.dumps(mine), encoding="utf-8")


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_spoiled_entry_is_ignored_with_one_line_and_the_graph_is_the_uncached_one(
        ra, cached, tmp_path, reference, fault):
    spoil, reason = FAULTS[fault]
    spoil(cached)
    out = tmp_path / "again.trig"
    r = ra("build", "--jobs", "1", "--out", out)
    assert r.code == 0, r.err
    assert out.read_bytes() == reference
    lines = r.err.split("\n")[:-1]
    assert lines[-1].startswith(f"built {out}")
    kind = "blocks" if fault.startswith("block") else "extract"
    name = "groningen-2025" if kind == "blocks" else "ra-groningen-2025"
    expected = [] if reason is None else [
        f"ra-graph: warning: {cached / kind / (name + '.json')}: cache entry ignored: {reason}; made again"]
    assert lines[:-1] == expected
    if reason is not None:  # made again, and the next build trusts it
        r = ra("build", "--jobs", "1", "--out", out)
        assert (r.code, r.err.count("\n"), out.read_bytes() == reference) == (0, 1, True)


def test_an_edit_saved_during_the_build_never_enters_the_cache_under_the_old_key(
        ra, tmp_path, monkeypatch, reference):
    """The key and the reading come from one read: the edit lands between the two reads the
    old build made; after undoing it, the cached build is the uncached one again."""
    sources = tmp_path / "sources"
    shutil.copytree(paths.SOURCES, sources)
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    text = sources / "ra-groningen-2025.txt"
    original = text.read_bytes()
    edited = original.replace(b"Groningen", b"Grunn", 3)
    real_digest = cache_mod.digest

    def digest_then_edit(*parts):
        if original in parts:  # the key of the text is being made: the user saves an edit now
            text.write_bytes(edited)
        return real_digest(*parts)

    monkeypatch.setattr(cache_mod, "digest", digest_then_edit)
    assert ra("build", "--jobs", "1", "--sources", sources, "--out", tmp_path / "during.trig").code == 0
    monkeypatch.setattr(cache_mod, "digest", real_digest)
    during = (tmp_path / "during.trig").read_text(encoding="utf-8")
    assert hashlib.sha256(original).hexdigest() in during  # the sha256 recorded is of the bytes read
    text.write_bytes(original)  # the edit undone
    out = tmp_path / "after.trig"
    assert ra("build", "--jobs", "1", "--sources", sources, "--out", out).code == 0
    assert out.read_bytes() == reference


def test_the_key_covers_the_library_versions(monkeypatch):
    """A new rdflib writes other bytes: an entry made with the old one is stale."""
    from importlib import metadata

    before = cache_mod.code_digest("core", "graph")
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "rdflib" else real(name))
    cache_mod.library_versions.cache_clear()
    cache_mod.code_digest.cache_clear()
    try:
        assert "rdflib=99.0" in cache_mod.library_versions()
        assert cache_mod.code_digest("core", "graph") != before
    finally:
        monkeypatch.undo()
        cache_mod.library_versions.cache_clear()
        cache_mod.code_digest.cache_clear()
    assert cache_mod.code_digest("core", "graph") == before


@pytest.mark.parametrize("spoil", ["cache-is-a-file", "kind-is-a-file", "cache-unreadable"])
def test_a_cache_that_cannot_be_used_does_not_stop_the_build(ra, tmp_path, monkeypatch, reference, spoil):
    directory = tmp_path / "cache"
    monkeypatch.setattr(paths, "CACHE", directory)
    if spoil == "cache-is-a-file":
        directory.write_text("x")
    elif spoil == "kind-is-a-file":
        directory.mkdir()
        (directory / "extract").write_text("x")
        (directory / "blocks").write_text("x")
    else:  # as root permissions do not bite: every read of the cache fails as EACCES would
        assert ra("build", "--jobs", "1", "--out", tmp_path / "first.trig").code == 0
        real_open = os.open

        def refuse(path, *args, **kwargs):
            if str(path).startswith(str(directory)):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        real_iterdir = Path.iterdir

        def no_listing(self):
            if str(self).startswith(str(directory)):
                raise PermissionError(13, "Permission denied", str(self))
            return real_iterdir(self)

        monkeypatch.setattr(os, "open", refuse)
        monkeypatch.setattr(Path, "iterdir", no_listing)
    out = tmp_path / "g.trig"
    r = ra("build", "--jobs", "1", "--out", out)
    assert r.code == 0, r.err
    assert out.read_bytes() == reference
    assert "Traceback" not in r.err


def test_temporary_files_of_a_killed_build_are_removed(ra, cached, tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = cached / "extract" / f".ra-groningen-2025.{dead.pid}.abc123.tmp"
    stale.write_text("half")
    (cached / "extract" / "ra-groningen-2025.json").unlink()  # so that the build writes there
    assert ra("build", "--jobs", "1", "--out", tmp_path / "g.trig").code == 0
    assert not stale.exists()


def test_a_failed_cache_write_leaves_no_temporary_file(ra, tmp_path, monkeypatch, reference):
    """A full disk under the cache: the entries cannot be written, the build still is."""
    from ra_graph.core import atomic

    directory = tmp_path / "cache"
    monkeypatch.setattr(paths, "CACHE", directory)
    real = atomic.write_all

    def full(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(directory)):
            os.write(fd, data[:100])
            raise OSError(28, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(atomic, "write_all", full)
    out = tmp_path / "g.trig"
    r = ra("build", "--jobs", "1", "--out", out)
    assert r.code == 0, r.err
    assert out.read_bytes() == reference
    assert sorted(str(p.relative_to(directory)) for p in directory.rglob("*")) == [
        "blocks", "extract", "readback", "reference"]  # folders made, no entry (readback: see graph/readback.py)


def test_the_cached_build_of_the_project_is_its_snapshot(reference):
    assert reference == (ROOT / "data" / "graph" / "ra-graph.trig").read_bytes()


def test_an_entry_with_number_keys_reads_back_without_a_warning(tmp_path, capsys):
    """Lines 9 and 10 as keys sort one way as numbers and another as the text JSON makes of them."""
    cache = cache_mod.Cache(tmp_path)
    cache.put("extract", "n", "k" * 64, {"coverage": {9: "clause", 10: "heading"}}, ("n.txt", "0" * 64))
    assert cache.get("extract", "n", "k" * 64, ("n.txt", "0" * 64)) == {"coverage": {"9": "clause", "10": "heading"}}
    assert capsys.readouterr().err == ""
