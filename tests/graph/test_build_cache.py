"""The build cache: a rebuild reads only what changed, and always writes the same snapshot.

Runs ``ra-graph build`` on a copy of the generated register (4 texts), whose
first build (the ``register`` fixture) filled its cache.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import home_env


def build(home: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "ra_graph", "build", *args], env=home_env(home), cwd=home,
                          capture_output=True, text=True, check=True)
    return re.search(r"\(\d+ text\(s\) read[^)]*\)", done.stderr).group(0)


@pytest.fixture
def home(register, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(register, copy)
    return copy


def snapshot(home: Path) -> bytes:
    return (home / "data" / "graph" / "ra-graph.trig").read_bytes()


def test_rebuild_after_one_new_text_reads_that_text(home, register):
    assert build(home) == "(0 text(s) read; 4 from the cache)"
    assert snapshot(home) == snapshot(register)
    texts = sorted((home / "data" / "sources").glob("ra-*.txt"))
    assert [t.name for t in texts] == ["ra-fryslan-2025.txt", "ra-fryslan-2026.txt",
                                       "ra-groningen-2025.txt", "ra-groningen-2026.txt"]
    held = home / texts[-1].name
    texts[-1].rename(held)
    assert build(home) == "(0 text(s) read; 3 from the cache)"
    held.rename(texts[-1])
    assert build(home) == "(1 text(s) read; 3 from the cache)"
    assert snapshot(home) == snapshot(register)


def test_an_unreadable_entry_is_read_again(home, register):
    entry = home / "data" / "graph" / ".cache" / "extract" / "ra-fryslan-2025.json"
    entry.write_text("{not json", encoding="utf-8")
    assert build(home) == "(1 text(s) read; 3 from the cache)"
    assert snapshot(home) == snapshot(register)


def test_a_changed_vocabulary_reads_every_text_again(home, register):
    with (home / "data" / "vocab" / "actors.ttl").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment changes the file, not the graph\n")
    assert build(home) == "(4 text(s) read)"
    assert snapshot(home) == snapshot(register)


def test_an_arrangement_reads_back_from_its_cache_entry_as_it_was():
    """Every field survives JSON, including the ones JSON would change (tuples, integer keys)."""
    import json

    from ra_graph.core import paths
    from ra_graph.core.model import Arrangement, UnaccountedText
    from ra_graph.graph.build import extract_all

    arrangements = extract_all(paths.SOURCES)
    arrangements[0].unaccounted.append(UnaccountedText(12, "1. een los item", "numbered item read as context", "3.1"))
    for arrangement in arrangements:
        assert arrangement.coverage and arrangement.sections[0].context
        assert Arrangement.from_dict(json.loads(json.dumps(arrangement.to_dict()))) == arrangement


def test_to_dict_is_asdict(register):
    """``to_dict`` (the key of every cached block) is ``dataclasses.asdict``, value and type for value
    and type, on every arrangement of a register with versions (revision links, carried curation)
    and on one holding a value of another kind (asdict's own path)."""
    import dataclasses
    import json

    from ra_graph.core.model import Arrangement
    from ra_graph.graph import revisions

    entries = sorted((register / "data" / "graph" / ".cache" / "extract").glob("*.json"))
    arrangements = revisions.link([Arrangement.from_dict(json.loads(e.read_text())["value"]) for e in entries])
    assert len(arrangements) == 4 and any(c.revision_of for a in arrangements for c in a.clauses)

    def typed(value):
        if isinstance(value, dict):
            return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
        if isinstance(value, (list, tuple)):
            return (type(value).__name__, [typed(v) for v in value])
        return (type(value).__name__, value)

    for arrangement in arrangements:
        assert typed(arrangement.to_dict()) == typed(dataclasses.asdict(arrangement))

    class Text(str):
        pass

    arrangements[0].parties.append(Text("iemand"))
    assert typed(arrangements[0].to_dict()) == typed(dataclasses.asdict(arrangements[0]))


def test_a_curation_path_that_is_no_file_fails_also_after_a_cached_build(ra, tmp_path, monkeypatch):
    """The cache must not hide an error: a directory where the curation file was is reported."""
    from ra_graph.core import paths

    curation = tmp_path / "curation"
    shutil.copytree(paths.CURATION, curation)
    monkeypatch.setattr(paths, "CURATION", curation)
    (curation / "drenthe-2025.yaml").unlink()
    assert ra("build", "--out", tmp_path / "a.trig").code == 0  # cached without the curation file
    (curation / "drenthe-2025.yaml").mkdir()
    r = ra("build", "--out", tmp_path / "b.trig")
    assert (r.code, r.err) == (2, f"ra-graph: {curation / 'drenthe-2025.yaml'}: curation file is a directory\n")


def _leaves(value, path=()):
    """(path, leaf) of every leaf of a JSON-like value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    else:
        yield path, value


def test_the_quick_type_check_refuses_what_the_walk_refuses_with_the_same_message(register):
    """check_types answers from a predicate made once per type; every leaf of a cached
    reading spoiled in turn (text for a number, a number for text, a list, null) is refused
    with the message of the field-by-field walk, and the unspoiled reading passes."""
    import copy
    import json
    import random

    from ra_graph.core.model import Arrangement
    from ra_graph.graph import cache

    entry = json.loads(next((register / "data" / "graph" / ".cache" / "extract").glob("*.json")).read_text())
    value = entry["value"]
    cache.check_types(Arrangement.from_dict(value), where="arrangement")
    leaves = list(_leaves(value))
    rng = random.Random(7)
    refused = 0
    for path, leaf in rng.sample(leaves, 300) + leaves[:50]:
        for bad in ("twenty", 20, [1], None, True, 2.5):
            if type(bad) is type(leaf):
                continue
            spoiled = copy.deepcopy(value)
            holder = spoiled
            for step in path[:-1]:
                holder = holder[step]
            holder[path[-1]] = bad
            try:
                arrangement = Arrangement.from_dict(spoiled)
            except (TypeError, KeyError, ValueError, AttributeError):
                continue
            walked = None
            try:
                cache._check(arrangement, Arrangement, "arrangement")
            except TypeError as exc:
                walked = str(exc)
            try:
                cache.check_types(arrangement, where="arrangement")
                quick = None
            except TypeError as exc:
                quick = str(exc)
            assert quick == walked, (path, bad)
            refused += walked is not None
    assert refused > 200


def test_the_alignment_of_two_versions_is_cached_and_a_damaged_one_is_made_again(home, register):
    """A rebuild reads each pair's alignment (one entry per version with a predecessor); an entry
    pointing at a clause the version does not have is ignored with one line, and the snapshot is
    the uncached one all the same."""
    import json

    folder = home / "data" / "graph" / ".cache" / "align"
    assert sorted(p.name for p in folder.glob("*.json")) == ["fryslan-2026.json", "groningen-2026.json"]
    entry = json.loads((folder / "groningen-2026.json").read_text())
    assert all(isinstance(m, list) and len(m) == 3 for m in entry["value"])
    from ra_graph.graph.cache import value_digest

    entry["value"][0][1] = 10_000  # no such clause
    entry["digest"] = value_digest(entry["value"])
    (folder / "groningen-2026.json").write_text(json.dumps(entry))
    done = subprocess.run([sys.executable, "-m", "ra_graph", "build"], env=home_env(home), cwd=home,
                          capture_output=True, text=True, check=True)
    assert done.stderr.count("cache entry ignored") == 1 and "groningen-2026" in done.stderr
    assert snapshot(home) == snapshot(register)
