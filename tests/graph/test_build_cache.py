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
