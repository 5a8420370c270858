"""The on-disk store after a build that changed one text: updated in place, and holding the new text.

The store of a new version starts as a checkpoint of the current one (hard links to its table
files) with only the changed graphs loaded again (``diskstore._update``); its statement count is
checked against the snapshot's, and the store is written whole when it does not add up.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import home_env

WORD, NEW = "samenwerking", "samenwerkingx"


@pytest.fixture
def home(register, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(register, copy)
    return copy


def build(home: Path) -> None:
    subprocess.run([sys.executable, "-m", "ra_graph", "build"], env=home_env(home), cwd=home,
                   capture_output=True, text=True, check=True)


def db(home: Path) -> Path:
    store = home / "data" / "graph" / "store"
    return store / json.loads((store / "current.json").read_text())["version"] / "db"


def texts_with(path: Path, word: str) -> int:
    store = ox.Store.read_only(str(path))
    text = ox.NamedNode("https://w3id.org/ra-graph/def#text")
    try:
        return sum(word in quad.object.value for quad in store.quads_for_pattern(None, text, None, None))
    finally:
        del store


def test_a_reworded_clause_is_in_the_store_after_an_update_of_the_store_in_place(home):
    """C-92a6c3 (a graph is loaded again when its digest changed) and C-311870 (the update is kept
    when its count adds up): one word changed throughout one text, the same number of statements."""
    source = home / "data" / "sources" / "ra-fryslan-2026.txt"
    text = source.read_text(encoding="utf-8")
    assert f" {WORD} " in text
    old = db(home)
    before = {p.stat().st_ino for p in old.glob("*.sst")}
    count = len(ox.Store.read_only(str(old)))
    in_old = texts_with(old, f" {WORD} ")
    source.write_text(text.replace(f" {WORD} ", f" {NEW} "), encoding="utf-8")
    build(home)
    new = db(home)
    assert new != old and len(ox.Store.read_only(str(new))) == count  # one literal changed, nothing else
    # one clause has the word between two words on one line of the text: that clause now has the new word
    assert (in_old, texts_with(new, f" {NEW} "), texts_with(new, f" {WORD} ")) == (8, 1, 7)
    # updated in place: the new version's tables include the previous version's, hard-linked
    assert before & {p.stat().st_ino for p in new.glob("*.sst")}
