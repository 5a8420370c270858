"""A build after one new text does only what that text changed, and writes what a full build writes.

Issue #24 ("build after one new text <= 2 s" at 120 arrangements): the
snapshot's read-back is proved block by block, each block's text once
(``graph/readback.py``); a cache entry's digest is checked on the bytes read;
a block's key is the arrangement marshalled; the store's graph files are
N-Triples and an unchanged graph's file is the current version's,
hard-linked.  Each is held here to giving the same bytes as the slow way.
See docs/reference/store.md ("A build after one new text") and docs/reference/hardening.md.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import home_env

from ra_graph.graph import cache as cache_mod
from ra_graph.graph import readback
from ra_graph.graph.compile import assemble, literal_digest

RAI = "https://w3id.org/ra-graph/id/"


@pytest.fixture
def home(register, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(register, copy)
    return copy


def build(home: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "ra_graph", "build"], env=home_env(home), cwd=home,
                          capture_output=True, text=True, check=True)
    return done.stderr


def version(home: Path) -> Path:
    store = home / "data" / "graph" / "store"
    return store / json.loads((store / "current.json").read_text())["version"]


def files(home: Path) -> dict[str, tuple[str, int, bytes]]:
    """graph -> (file name, inode, bytes) of the current version's graph files."""
    directory = version(home)
    index = json.loads((directory / "graphs.json").read_text())
    return {name: (entry["file"], (directory / "graphs" / entry["file"]).stat().st_ino,
                   (directory / "graphs" / entry["file"]).read_bytes()) for name, entry in index.items()}


def test_a_text_between_two_versions_rebuilds_two_graphs_and_writes_what_a_full_build_writes(home, register):
    """fryslan-2025 arrives after fryslan-2026: its graph is new, 2026's changes (it now
    has a predecessor), the other four files are the previous version's, hard-linked; the
    snapshot and every graph file are byte for byte those of the full build."""
    first = home / "data" / "sources" / "ra-fryslan-2025.txt"
    held = home / first.name
    first.rename(held)
    build(home)
    before = files(home)
    held.rename(first)
    assert "(1 text(s) read; 3 from the cache)" in build(home)
    after = files(home)
    assert (home / "data" / "graph" / "ra-graph.trig").read_bytes() == \
        (register / "data" / "graph" / "ra-graph.trig").read_bytes()
    kept = sorted(name.removeprefix(RAI) for name in after if name in before and after[name][1] == before[name][1])
    assert kept == ["graph/groningen-2025", "graph/groningen-2026", "graph/ontology", "graph/vocab"]
    assert sorted(name.removeprefix(RAI) for name in after if name not in before) == ["graph/fryslan-2025"]
    assert after[RAI + "graph/fryslan-2026"][2] != before[RAI + "graph/fryslan-2026"][2]
    full = files(register)
    assert {name: (file, data) for name, (file, _, data) in after.items()} == \
        {name: (file, data) for name, (file, _, data) in full.items()}
    assert [file for file, _, _ in full.values()] == ["00000.nt", "00001.nt", "00002.nt", "00003.nt",
                                                      "00004.trig", "00005.nt"]  # the ontology has blank nodes


def test_the_graph_files_hold_the_snapshot(register):
    """Loaded together (as ``load_subset`` does), the graph files are the snapshot's statements."""
    from ra_graph.core import diskstore

    index = json.loads((version(register) / "graphs.json").read_text())
    store = ox.Store()
    for name, entry in index.items():
        path = str(version(register) / "graphs" / entry["file"])
        if entry["format"] == "nt":
            store.load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        else:
            store.load(path=path, format=ox.RdfFormat.TRIG)
    snapshot = ox.Store()
    snapshot.load(path=str(register / "data" / "graph" / "ra-graph.trig"), format=ox.RdfFormat.TRIG)

    def named(s: ox.Store) -> set:  # blank nodes get new names on every parse
        return {q for q in s if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
    assert len(store) == len(snapshot) and named(store) == named(snapshot)
    assert diskstore.FORMAT == 2


def test_a_graph_file_is_n_triples_unless_the_graph_has_blank_nodes():
    from ra_graph.core.diskstore import graph_file

    plain = '@prefix ex: <http://e/> .\n\n<http://g/a> {\nex:s ex:p "één"@nl, ex:o .\n}\n'
    assert graph_file("http://g/a", plain) == (
        "nt", b'<http://e/s> <http://e/p> "\xc3\xa9\xc3\xa9n"@nl .\n<http://e/s> <http://e/p> <http://e/o> .\n')
    anonymous = '@prefix ex: <http://e/> .\n\n<http://g/a> {\nex:s ex:p [ ex:q "1" ] .\n}\n'
    assert graph_file("http://g/a", anonymous) == ("trig", anonymous.encode("utf-8"))


# -- the read-back, block by block ---------------------------------------------------------------

HEADER = "# header\n"
PREFIX = "@prefix ex: <http://e/> ."


def _made(**blocks: tuple[str, int, list]) -> dict:
    """graph -> (prefix lines, block, count, literal digest), from graph -> (body, count, literals)."""
    return {f"http://g/{name}": ([PREFIX], f"<http://g/{name}> {{\n{body}\n}}\n", count, literal_digest(found))
            for name, (body, count, found) in blocks.items()}


def _written(tmp_path: Path, made: dict) -> tuple[Path, str]:
    text = HEADER + assemble((name, prefixes, block) for name, (prefixes, block, _, _) in made.items())
    path = tmp_path / "g.trig"
    path.write_text(text, encoding="utf-8")
    return path, text


GOOD = {"a": ('ex:s ex:p "een"@nl .', 1, [("een", "nl")]), "b": ("ex:s ex:q ex:o .", 1, [])}


def test_a_block_is_proved_once(tmp_path, monkeypatch):
    cache = cache_mod.Cache(tmp_path / "cache")
    made = _made(**GOOD)
    path, text = _written(tmp_path, made)
    parsed = []
    real = readback._reads_alone
    monkeypatch.setattr(readback, "_reads_alone", lambda name, *a: parsed.append(name) or real(name, *a))
    assert readback.by_block(path, text, HEADER, made, cache)
    assert parsed == ["http://g/a", "http://g/b"]
    record = json.loads((tmp_path / "cache" / "readback" / "blocks.json").read_text())
    assert sorted(record["value"]) == ["http://g/a", "http://g/b"]
    made = _made(**{**GOOD, "b": ("ex:s ex:q ex:o2 .", 1, [])})  # b changed, a as before
    path, text = _written(tmp_path, made)
    assert readback.by_block(path, text, HEADER, made, cache)
    assert parsed == ["http://g/a", "http://g/b", "http://g/b"]


@pytest.mark.parametrize("fault", ["literal", "count", "text", "prefix", "directive", "other-graph", "syntax"])
def test_what_is_not_proved_block_by_block_goes_to_the_whole_check(tmp_path, fault):
    cache = cache_mod.Cache(tmp_path / "cache")
    made = _made(**GOOD)
    name = "http://g/a"
    prefixes, block, count, digest = made[name]
    if fault == "literal":
        made[name] = (prefixes, block, count, literal_digest([("eem", "nl")]))
    elif fault == "count":
        made[name] = (prefixes, block, 2, digest)
    elif fault == "prefix":
        made[name] = (["@prefix ex: <http://other/> ."], block, count, digest)
    elif fault == "directive":
        made[name] = (prefixes, block.replace("ex:s", "@prefix ex: <http://other/> .\nex:s"), count, digest)
    elif fault == "other-graph":
        made[name] = (prefixes, block + "<http://g/z> { ex:s ex:p ex:o . }\n", count, digest)
    elif fault == "syntax":
        made[name] = (prefixes, block.replace('"een"', '"een'), count, digest)
    path, text = _written(tmp_path, made)
    if fault == "text":
        path.write_text(text.replace("een", "eem"), encoding="utf-8")
    assert not readback.by_block(path, text, HEADER, made, cache)
    assert not (tmp_path / "cache" / "readback" / "blocks.json").exists()


# -- the cache's digest, on the bytes read ------------------------------------------------------------

def test_an_entry_is_checked_on_its_bytes_without_serialising_its_value(tmp_path, monkeypatch, capsys):
    cache = cache_mod.Cache(tmp_path)
    value = {"title": "Één arrangement", "year": 2026, "lines": [1, 2, 3]}
    cache.put("extract", "x", "k", value, ("x.txt", "abc"))
    monkeypatch.setattr(cache_mod, "value_digest", lambda v: pytest.fail("serialised again"))
    monkeypatch.setattr(cache_mod, "text_digest", lambda v: pytest.fail("serialised again"))
    assert cache.get("extract", "x", "k", ("x.txt", "abc")) == value
    path = tmp_path / "extract" / "x.json"
    assert json.loads(path.read_text(encoding="utf-8"))["value"] == value  # still one JSON object
    path.write_bytes(path.read_bytes().replace(b"2026", b"2027"))
    monkeypatch.undo()
    assert cache.get("extract", "x", "k", ("x.txt", "abc")) is None
    assert capsys.readouterr().err == (f"ra-graph: warning: {path}: cache entry ignored: its value does not "
                                       "match its digest (damaged); made again\n")


def test_an_entry_written_again_in_another_layout_is_still_good(tmp_path):
    cache = cache_mod.Cache(tmp_path)
    value = {"title": "Één arrangement", "year": 2026}
    cache.put("extract", "x", "k", value, ("x.txt", "abc"))
    path = tmp_path / "extract" / "x.json"
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=2), encoding="utf-8")
    assert "\\u00c9" in path.read_text(encoding="utf-8") and "\n  " in path.read_text(encoding="utf-8")  # re-encoded
    assert cache.get("extract", "x", "k", ("x.txt", "abc")) == value


# -- a block's key --------------------------------------------------------------------------------------

def test_a_blocks_key_is_the_same_for_equal_arrangements_and_differs_for_another(register):
    import marshal

    from ra_graph.core.model import Arrangement
    from ra_graph.graph.build import arrangement_bytes

    entry = json.loads((register / "data" / "graph" / ".cache" / "extract" / "ra-groningen-2026.json").read_text())
    one = Arrangement.from_dict(entry["value"])
    two = Arrangement.from_dict(json.loads(json.dumps(one.to_dict())))  # equal, every string a new object
    assert arrangement_bytes(one) == arrangement_bytes(two)
    shared, separate = ["clause"] * 3, ["".join(["cla", "use"]) for _ in range(3)]  # why version 2:
    assert marshal.dumps(shared, 4) != marshal.dumps(separate, 4)  # later ones write a shared object once
    assert marshal.dumps(shared, 2) == marshal.dumps(separate, 2)
    two.year += 1
    assert arrangement_bytes(one) != arrangement_bytes(two)


def test_few_blocks_are_made_in_this_process_many_in_workers():
    from ra_graph.graph.build import PARALLEL_BLOCKS, _map

    assert PARALLEL_BLOCKS == 6
    here = _map(os.getpid, [()] * 5, jobs=2, what="serialise", parallel_from=PARALLEL_BLOCKS)
    assert here == [os.getpid()] * 5
    workers = _map(os.getpid, [()] * 6, jobs=2, what="serialise", parallel_from=PARALLEL_BLOCKS)
    assert os.getpid() not in workers and len(workers) == 6
