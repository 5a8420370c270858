"""A good snapshot is replaced only by one that reads back.

Every kind of character that ``str.splitlines()`` takes for a line break
(and a few more that trip serialisers) must survive the TriG the build
writes; a snapshot that would not read back is never renamed over the old
one; an interrupted write leaves nothing git shows and nothing the next
write does not clean up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef

from conftest import ROOT
from ra_graph.core import atomic, paths
from ra_graph.core.store import open_graph
from ra_graph.graph import build, revisions
from ra_graph.graph.compile import assemble, graph_block


def to_trig(ds: Dataset) -> str:
    """The TriG the build writes for these named graphs (a block per graph, assembled)."""
    return assemble((str(g.identifier), *graph_block(str(g.identifier), g)[:2])
                    for g in ds.graphs() if isinstance(g.identifier, URIRef))

TRICKY = {
    "line separator U+2028": "a\u2028b",
    "paragraph separator U+2029": "a\u2029b",
    "next line U+0085": "a\x85b",
    "vertical tab U+000B": "a\x0bb",
    "form feed U+000C": "a\x0cb",
    "file separator U+001C": "a\x1cb",
    "group and record separators": "a\x1d\x1eb",
    "lone carriage return": "a\rb",
    "CRLF": "a\r\nb",
    "blank lines": "a\n\n\n\nb",
    "indented lines": "a\n  \n\tb",
    "NUL": "a\x00b",
    "triple quotes": 'a"""b""""',
    "backslashes": "a\\b\\",
    "byte order mark": "\ufeffa",
    "outside the BMP": "a\U0001f600b",
}


@pytest.mark.parametrize("value", list(TRICKY.values()), ids=list(TRICKY))
def test_every_literal_reads_back_as_written(value):
    ds = Dataset()
    graph = ds.graph(URIRef("https://example.org/g"))
    graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/nl"), Literal(value, lang="nl")))
    graph.add((URIRef("https://example.org/s"), URIRef("https://example.org/plain"), Literal(value)))
    quads = list(ox.parse(to_trig(ds).encode("utf-8"), format=ox.RdfFormat.TRIG))
    assert sorted((q.predicate.value, q.object.value, q.object.language) for q in quads) == [
        ("https://example.org/nl", value, "nl"), ("https://example.org/plain", value, None)]


def _vocab_with(tmp_path: Path, value: str) -> Path:
    """A copy of the vocabularies in which rai:novex carries ``value`` as its English comment."""
    vocab = tmp_path / "vocab"
    shutil.copytree(paths.VOCAB, vocab)
    escaped = "".join(f"\\U{ord(c):08X}" for c in value)  # Turtle escapes: the file itself stays plain
    with open(vocab / "programmes.ttl", "a", encoding="utf-8") as handle:
        handle.write(f'\nrai:novex rdfs:seeAlso "{escaped}"@en .\n')
    return vocab


def test_a_build_keeps_every_tricky_character(ra, tmp_path, monkeypatch):
    value = "".join(TRICKY.values())
    monkeypatch.setattr(paths, "VOCAB", _vocab_with(tmp_path, value))
    out = tmp_path / "g.trig"
    r = ra("build", "--out", out)
    assert r.code == 0, r.err
    rows = list(open_graph(out).query("SELECT ?v WHERE { GRAPH ?g { <https://w3id.org/ra-graph/id/novex> "
                                      "<http://www.w3.org/2000/01/rdf-schema#seeAlso> ?v } }"))
    assert [row["v"].value for row in rows] == [value]


def test_a_snapshot_that_does_not_read_back_never_replaces_the_good_one(ra, tmp_path, monkeypatch):
    """The serialiser of before (lines split with str.splitlines) broke the TriG at U+2028: caught, old file kept."""
    monkeypatch.setattr(paths, "VOCAB", _vocab_with(tmp_path, "eerste regel\u2028tweede regel"))
    original = build.assemble
    monkeypatch.setattr(build, "assemble", lambda blocks: "\n".join(original(blocks).splitlines()) + "\n")
    out = tmp_path / "g.trig"
    out.write_text("the good snapshot\n", encoding="utf-8")
    r = ra("build", "--out", out)
    text = build.serialise(revisions.link(build.extract_all(paths.SOURCES)))
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if "eerste regel" in row)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: {out}:{line}: the snapshot was not replaced: the new one does not read back "
                     f"(Parser error at line {line} column 31: Line jumps are not allowed in string literals, "
                     f"use \\n (line {line})); the value at fault: rdfs:seeAlso \"eerste regel\n")
    assert out.read_text(encoding="utf-8") == "the good snapshot\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.trig", "vocab"]  # no temporary file left


def test_a_value_that_changes_on_the_way_is_caught(ra, tmp_path, monkeypatch):
    original = build.assemble
    monkeypatch.setattr(build, "assemble", lambda blocks: original(blocks).replace('"NOVEX"@nl', '"N0VEX"@nl', 1))
    out = tmp_path / "g.trig"
    r = ra("build", "--out", out)
    assert (r.code, r.err) == (2, f"ra-graph: {out}: the snapshot was not replaced: the value 'NOVEX' "
                                  "does not read back as written\n")
    assert not out.exists()


def test_an_iri_rdflib_cannot_write_is_one_line():
    from ra_graph.core.errors import RaGraphError

    ds = Dataset()
    ds.graph(URIRef("https://example.org/g")).add(
        (URIRef("https://example.org/s"), URIRef("https://example.org/p"), URIRef("https://example.org/a{b")))
    with pytest.raises(RaGraphError) as info:
        to_trig(ds)
    assert info.value.message == ('cannot serialise graph <https://example.org/g>: "https://example.org/a{b" does not '
                                  "look like a valid URI, I cannot serialize this as N3/Turtle. Perhaps you wanted "
                                  "to urlencode it?")


def test_a_vocabulary_iri_pyoxigraph_refuses_is_one_line(ra, tmp_path, monkeypatch):
    vocab = tmp_path / "vocab"
    shutil.copytree(paths.VOCAB, vocab)
    with open(vocab / "programmes.ttl", "a", encoding="utf-8") as handle:
        handle.write("\nrai:novex rdfs:seeAlso <https://example.org/a{b> .\n")
    line = (vocab / "programmes.ttl").read_text(encoding="utf-8").count("\n")
    monkeypatch.setattr(paths, "VOCAB", vocab)
    r = ra("build", "--out", tmp_path / "g.trig")
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: {vocab}/programmes.ttl: not valid Turtle: Parser error at line {line} between "
                     f"columns 24 and 49: Invalid IRI code point '{{' (programmes.ttl, line {line})\n")
    assert not (tmp_path / "g.trig").exists()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporaries_of_killed_writes_are_removed(tmp_path):
    target = tmp_path / "g.trig"
    stale = [tmp_path / f".g.trig.{_dead_pid()}.x1y2z3.tmp", tmp_path / ".g.trig.k3j4h5g6.tmp"]  # and the old naming
    live = tmp_path / f".g.trig.{os.getppid()}.abcdefgh.tmp"  # a write under way in a live process
    other = tmp_path / ".other.trig.1.abc.tmp"
    for path in [*stale, live, other]:
        path.write_text("half a snapshot")
    atomic.write_atomic(target, "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["g.trig", live.name, other.name])


def test_a_write_killed_half_way_leaves_the_old_file_and_nothing_git_shows(tmp_path):
    target = tmp_path / "g.trig"
    target.write_text("old\n")
    ready = tmp_path / "ready"
    program = (
        "import sys, time\nfrom pathlib import Path\nfrom ra_graph.core.atomic import write_atomic\n"
        "def hang(tmp):\n    Path(sys.argv[2]).write_text(str(tmp))\n    time.sleep(600)\n"
        "write_atomic(sys.argv[1], 'new\\n', verify=hang)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", program, str(target), str(ready)])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        temporary = Path(ready.read_text())
    finally:
        child.kill()  # kill -9 between writing the temporary file and the rename
        child.wait()
    assert target.read_text() == "old\n" and temporary.exists()
    assert temporary.name.startswith(f".g.trig.{child.pid}.") and temporary.name.endswith(".tmp")
    shown = subprocess.run(["git", "check-ignore", "-q", f"data/graph/{temporary.name}"], cwd=ROOT)
    assert shown.returncode == 0  # .gitignore hides such a file where the snapshot lives
    atomic.write_atomic(target, "newer\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.trig", "ready"]
    assert target.read_text() == "newer\n"


def test_the_rename_is_made_durable(tmp_path, monkeypatch):
    events = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b)))
    monkeypatch.setattr(atomic, "_sync_directory", lambda directory: events.append(("fsync", directory)))
    atomic.write_atomic(tmp_path / "f.txt", "x")
    assert events == ["rename", ("fsync", tmp_path)]


def test_an_out_that_is_a_symlink_is_written_through(ra, mini_path, tmp_path):
    """The link stays a link and its target gets the new content, as `>` in a shell would do."""
    real = tmp_path / "reports" / "clauses.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    r = ra("export", "--graph", mini_path, "--format", "csv", "--out", link)
    assert (r.code, r.err) == (0, f"wrote {link}\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("commitment,")
    dangling = tmp_path / "next.csv"
    dangling.symlink_to(tmp_path / "reports" / "next-real.csv")
    assert ra("export", "--graph", mini_path, "--format", "csv", "--out", dangling).code == 0
    assert dangling.is_symlink() and (tmp_path / "reports" / "next-real.csv").read_text().startswith("commitment,")


def test_the_shipped_snapshot_is_unchanged_by_the_new_serialiser():
    assert build.serialise(revisions.link(build.extract_all(paths.SOURCES))) == paths.SNAPSHOT.read_text(encoding="utf-8")
