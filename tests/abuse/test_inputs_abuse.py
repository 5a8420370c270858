"""Clear errors for inputs that are not what they claim: one line naming the file and the
reason, exit 2 -- never a traceback, never exit 1 (the code for "violations found"), never a
hang, never an empty answer that looks like a real one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, ROOT
from ra_graph.core import paths

READERS = [["validate"], ["stats"], ["clauses"], ["deadlines"], ["analyse"], ["export", "--format", "csv"],
           ["export", "--format", "graphml"], ["export", "--format", "ttl"], ["owes", "Rijk", "Groningen"],
           ["query", "requests"], ["diff", "a", "b"]]
NOT_A_SNAPSHOT = "not an ra-graph snapshot"


def _run(args: list[str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ra_graph", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, **kwargs)


@pytest.mark.parametrize("command", READERS, ids=lambda c: "-".join(c))
def test_an_empty_graph_is_one_line_exit_2(ra, tmp_path, command):
    graph = tmp_path / "g.trig"
    graph.write_bytes(b"")
    r = ra(*command, "--graph", graph)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: {graph}: {NOT_A_SNAPSHOT}: the file holds no statements "
                     "(make one with 'ra-graph build')\n")


@pytest.mark.parametrize("command", READERS, ids=lambda c: "-".join(c))
def test_a_foreign_graph_is_one_line_exit_2(ra, tmp_path, command):
    graph = tmp_path / "g.nt"
    graph.write_text('<http://example.org/a> <http://example.org/b> "c" .\n'
                     '<http://example.org/a> <http://example.org/b> "d" .\n', encoding="utf-8")
    r = ra(*command, "--graph", graph)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: {graph}: {NOT_A_SNAPSHOT}: none of its 2 statements uses the ra: vocabulary "
                     "(https://w3id.org/ra-graph/def#) (make one with 'ra-graph build')\n")


def test_validate_of_an_empty_graph_in_a_process_is_exit_2_not_1(tmp_path):
    graph = tmp_path / "g.trig"
    graph.write_bytes(b"")
    done = _run(["validate", "--graph", str(graph)])
    assert (done.returncode, done.stderr.count("\n"), "Traceback" in done.stderr) == (2, 1, False)


@pytest.fixture(scope="module")
def huge_token(tmp_path_factory) -> Path:
    """mini.trig with one literal of 17 MiB (pyoxigraph's reader takes 16 MiB per token)."""
    graph = tmp_path_factory.mktemp("huge") / "g.trig"
    with graph.open("wb") as out:
        out.write(MINI.read_bytes())
        out.write(b'\n<http://example.org/a> { <http://example.org/a> <http://example.org/b> "')
        out.write(b"x" * (17 * 1024 * 1024))
        out.write(b'" . }\n')
    return graph


@pytest.mark.parametrize("command", [["stats"], ["validate"], ["clauses", "--format", "json"]],
                         ids=lambda c: c[0])
def test_a_token_over_16_mib_is_one_line(ra, huge_token, command):
    r = ra(*command, "--graph", huge_token)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: {huge_token}: a token (a literal or an IRI) is longer than 16 MiB, the most the "
                     "RDF reader takes: not a snapshot ra-graph built\n")


def test_a_graph_with_a_bom_is_read_like_a_text_with_one(ra, tmp_path):
    graph = tmp_path / "g.trig"
    graph.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    with_bom, without = ra("stats", "--format", "json", "--graph", graph), ra("stats", "--format", "json",
                                                                              "--graph", MINI)
    assert (with_bom.code, with_bom.err) == (0, without.err)  # the same scope line on stderr, nothing else
    assert with_bom.out == without.out


def test_a_fifo_as_graph_is_one_line_not_a_hang(tmp_path):
    fifo = tmp_path / "g.trig"
    os.mkfifo(fifo)
    done = _run(["stats", "--graph", str(fifo)], timeout=60)
    assert (done.returncode, done.stderr) == (
        2, f"ra-graph: {fifo}: cannot read graph: not a regular file (a FIFO, socket or device)\n")


@pytest.fixture
def sources_with_fifos(tmp_path) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    for text in paths.SOURCES.glob("ra-*.txt"):
        (sources / text.name).write_bytes(text.read_bytes())
    os.mkfifo(sources / "ra-zeeland-2026.txt")  # named like a text: would hang a plain read
    os.mkfifo(sources / "notes")
    return sources


def test_a_fifo_in_the_sources_is_skipped_with_a_warning(sources_with_fifos, tmp_path):
    out = tmp_path / "g.trig"
    done = _run(["build", "--no-cache", "--sources", str(sources_with_fifos), "--out", str(out)], timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.split("\n")[:-1]
    assert lines[:2] == [
        f"ra-graph: warning: {sources_with_fifos / 'notes'}: skipped: not a regular file (a FIFO, socket or "
        "device is never read)",
        f"ra-graph: warning: {sources_with_fifos / 'ra-zeeland-2026.txt'}: skipped: not a regular file (a FIFO, "
        "socket or device is never read)"]
    assert lines[2].startswith(f"built {out}: 2 arrangements (drenthe-2025, groningen-2025)")
    assert out.read_bytes() == (ROOT / "data" / "graph" / "ra-graph.trig").read_bytes()


def test_a_fifo_in_the_sources_fails_a_strict_build(sources_with_fifos, tmp_path):
    done = _run(["build", "--strict", "--no-cache", "--sources", str(sources_with_fifos), "--out",
                 str(tmp_path / "g.trig")], timeout=120)
    assert done.returncode == 2
    assert done.stderr.split("\n")[-2] == f"ra-graph: 2 warning(s) and --strict: {tmp_path / 'g.trig'} not written"


def test_extract_of_a_fifo_is_one_line(tmp_path):
    fifo = tmp_path / "ra-zeeland-2026.txt"
    os.mkfifo(fifo)
    done = _run(["extract", str(fifo)], timeout=60)
    assert (done.returncode, done.stderr) == (
        2, f"ra-graph: {fifo}: cannot read source text: not a regular file (a FIFO, socket or device)\n")


@pytest.mark.parametrize(("char", "name"), [("\u2028", "U+2028 (LINE SEPARATOR)"), ("\x85", "U+0085 (NEXT LINE)"),
                                            ("\v", "U+000B (VERTICAL TAB)"), ("\f", "U+000C (FORM FEED)"),
                                            ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)")])
def test_a_text_with_odd_line_breaks_names_them(ra, tmp_path, char, name):
    text = tmp_path / "ra-drenthe-2025.txt"
    original = (paths.SOURCES / "ra-drenthe-2025.txt").read_text(encoding="utf-8")
    text.write_bytes(original.replace("\n", char).encode("utf-8"))
    r = ra("extract", text)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: {text}:1: no recognisable section structure: expected numbered chapters "
                     f"('3. Title') and sections ('3.1 Title'); its lines are broken with {name}, not newlines: "
                     "save it with ordinary line ends\n")
