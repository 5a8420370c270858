"""The on-disk store beside the snapshot (ra_graph.core.diskstore, docs/reference/store.md).

Commands open it instead of parsing the snapshot; it must always hold the
snapshot it is tagged with, be rebuilt once when it does not, and never be
seen half-written: not by two readers, not while a build writes the next
version, not after a writer was killed (kill -9) half-way.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, home_env

CODE = str(ROOT)


@pytest.fixture
def home(register, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(register, copy)
    return copy


def ra(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ra_graph", *args], env={**home_env(home), **env}, cwd=home,
                          capture_output=True, text=True)


def versions(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "data" / "graph" / "store").iterdir() if p.name != ".lock")


def pointer(home: Path) -> dict:
    return json.loads((home / "data" / "graph" / "store" / "current.json").read_text())


EXTRA = ('\n<https://w3id.org/ra-graph/id/graph/extra> {\n'
         '<https://w3id.org/ra-graph/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "hand-made" .\n}\n')


def count(home: Path, **env: str) -> tuple[int, str]:
    program = ("import sys; from ra_graph.core.store import open_graph; from ra_graph.core import paths\n"
               f"print(len(open_graph(paths.SNAPSHOT)))")
    done = subprocess.run([sys.executable, "-c", program], env={**home_env(home), **env, "PYTHONPATH": CODE},
                          cwd=home, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return int(done.stdout), done.stderr


def test_build_writes_a_store_tagged_with_the_snapshot_and_commands_answer_from_it(home):
    snapshot = home / "data" / "graph" / "ra-graph.trig"
    import hashlib

    assert pointer(home)["sha256"] == hashlib.sha256(snapshot.read_bytes()).hexdigest()
    assert [v for v in versions(home) if v.startswith("v-")] == [pointer(home)["version"]]
    from_store = ra(home, "owes", "Rijk", "Groningen", "--format", "json")
    parsed = ra(home, "owes", "Rijk", "Groningen", "--format", "json", RA_GRAPH_STORE="off")
    assert from_store.returncode == 0 and from_store.stdout == parsed.stdout and len(json.loads(parsed.stdout)) > 0
    assert "store" not in from_store.stderr  # nothing rebuilt: the build wrote it


def test_a_hand_edited_snapshot_rebuilds_the_store_once_saying_so(home):
    snapshot = home / "data" / "graph" / "ra-graph.trig"
    before, _ = count(home)
    with open(snapshot, "a", encoding="utf-8") as handle:
        handle.write(EXTRA)
    after, said = count(home)
    assert after == before + 1
    assert said.count("\n") == 1 and "rebuilt it from ra-graph.trig" in said and "held another snapshot" in said
    again, said = count(home)
    assert again == after and said == ""


def test_a_touched_snapshot_is_hashed_again_not_rebuilt(home):
    snapshot = home / "data" / "graph" / "ra-graph.trig"
    version = pointer(home)["version"]
    os.utime(snapshot, ns=(1, 1))
    _, said = count(home)
    assert said == "" and pointer(home)["version"] == version and pointer(home)["stamp"][1] == 1


def test_a_missing_store_is_built_and_another_graph_file_is_parsed(home, tmp_path):
    shutil.rmtree(home / "data" / "graph" / "store")
    n, said = count(home)
    assert n > 1000 and "was missing: rebuilt it" in said
    other = tmp_path / "other.trig"
    shutil.copy(home / "data" / "graph" / "ra-graph.trig", other)
    done = ra(home, "stats", "--graph", str(other), "--format", "json")
    assert done.returncode == 0 and not (tmp_path / "store").exists()
    assert done.stderr.startswith("ra-graph: stats: from each province's arrangement in force")  # no store line


def test_a_store_that_cannot_be_written_falls_back_to_parsing(home, monkeypatch, capsys):
    from ra_graph.core import diskstore, paths
    from ra_graph.core.store import open_graph

    snapshot = home / "data" / "graph" / "ra-graph.trig"
    monkeypatch.setattr(paths, "SNAPSHOT", snapshot)
    shutil.rmtree(home / "data" / "graph" / "store")

    def refuse(*args, **kwargs):
        raise diskstore.Unavailable("cannot write data/graph/store: Read-only file system")

    monkeypatch.setattr(diskstore, "_publish", refuse)
    store = open_graph(snapshot)
    assert len(store) > 1000
    assert capsys.readouterr().err == ("ra-graph: cannot write data/graph/store: Read-only file system; "
                                       "reading the snapshot instead\n")


def test_a_broken_snapshot_is_an_error_with_its_line_not_a_store(home):
    snapshot = home / "data" / "graph" / "ra-graph.trig"
    with open(snapshot, "a", encoding="utf-8") as handle:
        handle.write("\n<a> <b> .\n")
    lines = snapshot.read_text(encoding="utf-8").count("\n")
    done = ra(home, "stats")
    assert done.returncode == 2 and f"ra-graph.trig:{lines}" in done.stderr
    assert not [v for v in versions(home) if v.startswith(".tmp-")]


HALF_WRITE = """
import sys, time
from pathlib import Path
import pyoxigraph as ox
from ra_graph.core import diskstore, paths
from ra_graph.core.store import open_graph

def half(db, snapshot, *args):
    store = ox.Store(str(db))  # a RocksDB half-filled, not yet renamed into place
    for i, quad in enumerate(ox.parse(path=str(snapshot), format=ox.RdfFormat.TRIG)):
        store.add(quad)
        if i == 500:
            store.flush()
            Path(sys.argv[1]).write_text("ready")
            time.sleep(600)

diskstore._fill = half
open_graph(paths.SNAPSHOT)
"""


def test_a_writer_killed_half_way_leaves_a_correct_next_read(home, tmp_path):
    snapshot = home / "data" / "graph" / "ra-graph.trig"
    old_pointer = pointer(home)
    with open(snapshot, "a", encoding="utf-8") as handle:
        handle.write(EXTRA)
    ready = tmp_path / "ready"
    child = subprocess.Popen([sys.executable, "-c", HALF_WRITE, str(ready)], cwd=home,
                             env={**home_env(home), "PYTHONPATH": CODE}, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists()
    finally:
        child.kill()  # kill -9 while the new version is half-written
        child.wait()
    assert pointer(home) == old_pointer  # the half-written version was never pointed at
    remains = [v for v in versions(home) if v.startswith(".tmp-")]
    assert len(remains) == 1 and remains[0].startswith(f".tmp-{child.pid}-")
    n, said = count(home, RA_GRAPH_STORE="off")
    m, said = count(home)
    assert m == n and "rebuilt it" in said
    assert [v for v in versions(home) if not v.startswith("v-")] == ["current.json"]  # the remains are gone
    assert len([v for v in versions(home) if v.startswith("v-")]) == 1  # and the old version too


READER = """
import json, os, sys
from pathlib import Path
from ra_graph.core import diskstore, paths

seen, allowed = [], set(json.loads(sys.argv[1]))
stop = Path(sys.argv[2])
while not stop.exists():
    store = diskstore.open_current(paths.SNAPSHOT, rebuild=False)
    if store is None:
        continue  # between a new snapshot and its store: a command would rebuild or wait
    n = len(store)
    ask = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))[0]
    seen.append((n, int(ask.value)))
    del store
    while diskstore._HELD:  # as when the process ends
        os.close(diskstore._HELD.pop())
bad = [s for s in seen if s[0] not in allowed or s[0] != s[1]]
print(json.dumps({"reads": len(seen), "bad": bad}))
"""


def test_readers_never_see_a_half_written_store_while_builds_replace_it(home, tmp_path, monkeypatch):
    from ra_graph.core import diskstore, paths
    from ra_graph.core.atomic import write_atomic

    snapshot = home / "data" / "graph" / "ra-graph.trig"
    monkeypatch.setattr(paths, "SNAPSHOT", snapshot)
    texts = [snapshot.read_text(encoding="utf-8"), snapshot.read_text(encoding="utf-8") + EXTRA]
    base, _ = count(home)
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, "-c", READER, json.dumps([base, base + 1]), str(stop)],
                                cwd=home, env={**home_env(home), "PYTHONPATH": CODE},
                                stdout=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for i in range(6):
            write_atomic(snapshot, texts[(i + 1) % 2])
            store = diskstore.open_current(snapshot)  # rebuilds: the readers are reading the old version
            assert len(store) == base + (i + 1) % 2
            del store
            while diskstore._HELD:
                os.close(diskstore._HELD.pop())
    finally:
        stop.write_text("")
        outputs = [json.loads(r.communicate(timeout=120)[0]) for r in readers]
    assert all(o["bad"] == [] and o["reads"] > 0 for o in outputs), outputs
    write_atomic(snapshot, texts[0])
    diskstore.open_current(snapshot)  # the last rebuild removes every version nobody reads any more
    assert len([v for v in versions(home) if v.startswith("v-")]) == 1


STATEMENTS = ("import json, pyoxigraph as ox\n"
              "from ra_graph.core.store import open_graph\nfrom ra_graph.core import paths\n"
              "def named(store):\n"
              "    return sorted(str(q) for q in store if not isinstance(q.subject, ox.BlankNode)\n"
              "                  and not isinstance(q.object, ox.BlankNode))\n"
              "disk, memory = open_graph(paths.SNAPSHOT), open_graph(paths.SNAPSHOT, memory=True)\n"
              "parsed = ox.Store(); parsed.load(path=str(paths.SNAPSHOT), format=ox.RdfFormat.TRIG)\n"
              "print(json.dumps([len(parsed), named(disk) == named(parsed), named(memory) == named(parsed),\n"
              "                  len(disk) == len(memory) == len(parsed)]))\n")


def test_a_build_after_one_new_text_updates_the_store_to_the_snapshot(home):
    """The build loads only the changed graphs into a copy of the last version: it must hold the snapshot."""
    sources = home / "data" / "sources"
    newest = sorted(sources.glob("ra-*.txt"))[-1]
    held = home / newest.name
    newest.rename(held)
    assert ra(home, "build").returncode == 0
    before = pointer(home)
    held.rename(newest)
    done = ra(home, "build")
    assert done.returncode == 0 and "store" not in done.stderr
    assert pointer(home)["version"] != before["version"] and len(pointer(home)["graphs"]) == 6
    program = subprocess.run([sys.executable, "-c", STATEMENTS], env={**home_env(home), "PYTHONPATH": CODE},
                             cwd=home, capture_output=True, text=True)
    count, disk_same, memory_same, same_size = json.loads(program.stdout)
    assert count > 5000 and disk_same and memory_same and same_size
    assert [v for v in versions(home) if v.startswith("v-")] == [pointer(home)["version"]]  # the old one is gone


def test_a_damaged_store_is_rebuilt_once(home):
    version = home / "data" / "graph" / "store" / pointer(home)["version"]
    before, _ = count(home, RA_GRAPH_STORE="off")
    for table in (version / "db").glob("*.sst"):
        table.write_bytes(b"not a table")
    (version / "db" / "CURRENT").write_text("MANIFEST-999999\n")
    after, said = count(home)
    assert after == before and said.count("\n") == 1 and "could not be opened: rebuilt it" in said
    assert count(home)[1] == ""
