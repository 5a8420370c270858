"""The snapshot: deterministic, up to date, every clause traceable to its line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ra_graph.core import paths

ROOT = Path(__file__).resolve().parents[2]


def _build(out: Path, seed: str) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, "-m", "ra_graph", "build", "--no-cache", "--out", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return out.read_bytes()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> bytes:
    return _build(tmp_path_factory.mktemp("b") / "a.trig", "1")


def test_build_is_deterministic(fresh, tmp_path):
    assert _build(tmp_path / "b.trig", "4242") == fresh


def test_committed_snapshot_is_up_to_date(fresh):
    committed = paths.SNAPSHOT.read_bytes()
    assert committed == fresh, "data/graph/ra-graph.trig is stale: run `ra-graph build` and commit it"


def test_every_clause_starts_on_its_source_line(ra):
    """The first words of each clause text stand on the line ra:sourceLine names."""
    import json

    rows = json.loads(ra("clauses", "--format", "json").out)
    assert rows
    texts = {p.name: p.read_text(encoding="utf-8").splitlines() for p in paths.SOURCES.glob("ra-*.txt")}
    for row in rows:
        slug = row["arrangement"]
        line = texts[f"ra-{slug}.txt"][row["line"] - 1]
        first_words = " ".join(row["text"].split()[:2]).rstrip(",.:;")
        assert first_words in " ".join(line.split()), (row["clause"], row["line"], line)


def test_bad_vocabulary_names_file_and_line(ra, tmp_path, monkeypatch):
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "actors.ttl").write_text(
        "@prefix ra: <https://w3id.org/ra-graph/def#> .\n<a> a ra:Actor .\n<b> a \n", encoding="utf-8")
    monkeypatch.setattr(paths, "VOCAB", vocab)
    out = tmp_path / "g.trig"
    r = ra("build", "--out", out)
    assert r.code == 2
    assert r.err.startswith(f"ra-graph: {vocab / 'actors.ttl'}:")
    assert "not valid Turtle" in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert not out.exists()


def test_sources_without_texts(ra, tmp_path):
    r = ra("build", "--sources", tmp_path, "--out", tmp_path / "g.trig")
    assert r.code == 2
    assert r.err == f"ra-graph: {tmp_path}: no arrangement texts (ra-<province>-<year>.txt) found\n"


def test_summary_names_a_few_arrangements_and_counts_a_register():
    """The build's one line stays readable at 120 arrangements."""
    from types import SimpleNamespace

    from ra_graph.graph.build import _which

    def arrangement(province, year):
        return SimpleNamespace(slug=f"{province}-{year}", province=f"rai:provincie-{province}", year=year)

    few = [arrangement("drenthe", 2025), arrangement("groningen", 2025)]
    assert _which(few) == "drenthe-2025, groningen-2025"
    register = [arrangement(p, y) for p in ("drenthe", "groningen", "fryslan") for y in (2025, 2026, 2027)]
    assert _which(register) == "3 province(s), 2025-2027"
