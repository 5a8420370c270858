"""The whole read-back check (``build.check_reads_back``), which runs when the block-by-block proof
cannot settle a snapshot: a snapshot whose graphs hold their literals and exactly their statement
counts passes; one statement more in a graph, with every literal as written, is refused with both
counts.  C-99fe60 (``len(quads) != written_count``)."""

from __future__ import annotations

import pytest

from ra_graph.core.errors import RaGraphError
from ra_graph.graph import readback
from ra_graph.graph.build import build_snapshot, check_reads_back
from ra_graph.graph.compile import literal_digest

GRAPH = "http://g/a"
TEXT = f'<{GRAPH}> {{ <http://s> <http://p> "een"@nl . <http://s> <http://q> <http://o> . }}\n'
DIGEST = literal_digest([("een", "nl")])


def _check(tmp_path, written_count: int) -> None:
    written = tmp_path / "written.trig"
    written.write_text(TEXT, encoding="utf-8")
    check_reads_back(written, TEXT, {GRAPH: (written_count, DIGEST)}, {}, tmp_path / "ra-graph.trig")


def test_a_snapshot_holding_its_statements_and_literals_reads_back(tmp_path):
    _check(tmp_path, 2)


def test_a_statement_more_than_written_is_refused_with_both_counts(tmp_path):
    with pytest.raises(RaGraphError) as refused:
        _check(tmp_path, 1)
    assert str(refused.value) == (f"{tmp_path / 'ra-graph.trig'}: the snapshot was not replaced: "
                                  "2 statements read back, 1 written")


def test_a_build_the_block_proof_cannot_settle_is_written_after_the_whole_check(tmp_path, monkeypatch):
    from ra_graph.core import paths

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "ra-groningen-2025.txt").write_bytes((paths.SOURCES / "ra-groningen-2025.txt").read_bytes())
    proved = tmp_path / "proved.trig"
    build_snapshot(sources, proved)
    monkeypatch.setattr(readback, "by_block", lambda *args: False)
    whole = tmp_path / "whole.trig"
    build_snapshot(sources, whole)
    assert whole.read_bytes() == proved.read_bytes()
