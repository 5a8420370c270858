"""Diff and history on versions made by the corpus generator (benchmarks/corpus.py),
whose manifest says exactly what changed between consecutive versions."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _corpus():
    spec = importlib.util.spec_from_file_location("ra_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["ra_corpus"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = _corpus()


def _build(home: Path) -> Path:
    """``ra-graph build`` of a generated RA_GRAPH_HOME; the snapshot's path."""
    done = subprocess.run([sys.executable, "-m", "ra_graph", "build"], env=dict(os.environ, RA_GRAPH_HOME=str(home)),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return home / "data" / "graph" / "ra-graph.trig"


def _comparable(change: dict) -> tuple:
    """A change as the manifest states it: fields with sorted IRIs, due_by a date."""
    fields = {}
    for key, values in change["fields"].items():
        old, new = values["old"], values["new"]
        if key != "due_by":
            old, new = sorted(v["iri"] if isinstance(v, dict) else v for v in old), \
                sorted(v["iri"] if isinstance(v, dict) else v for v in new)
        fields[key] = (old, new)
    return change["change"], change["old"], change["new"], json.dumps(fields, sort_keys=True)


def _pair(home: Path, province: str | None) -> tuple[dict, Path]:
    manifest = corpus.make_pair(home, seed=1, province=province)
    return manifest["pairs"][0], _build(home)


@pytest.fixture(scope="module")
def seed_1(tmp_path_factory):
    """make_pair(seed=1): noord-holland, a province in the Groningen layout."""
    return _pair(tmp_path_factory.mktemp("pair"), None)


@pytest.fixture(scope="module")
def utrecht(tmp_path_factory):
    """make_pair(seed=1, province="utrecht"): the Drenthe layout."""
    return _pair(tmp_path_factory.mktemp("pair"), "utrecht")


@pytest.mark.parametrize("which", ["seed_1", "utrecht"])
def test_diff_reports_exactly_the_changes_of_a_generated_pair(request, ra, which):
    pair, graph = request.getfixturevalue(which)
    r = ra("diff", pair["old"], pair["new"], "--graph", graph, "--format", "json")
    assert r.code == 0, r.err
    result = json.loads(r.out)
    reported = sorted(_comparable(c) for c in result["clauses"] if c["change"] != "unchanged")
    assert reported == sorted(_comparable(c) for c in pair["changes"])
    counts = {k: v for k, v in result["summary"]["changes"].items() if v and k != "unchanged"}
    assert counts == pair["summary"]


def test_seed_1_pair_as_the_generator_documents_it(seed_1, ra):
    """The generator's notes: noord-holland 2025 -> 2026, six changes (two renumbered followers)."""
    _, graph = seed_1
    result = json.loads(ra("diff", "noord-holland-2025", "noord-holland-2026", "--graph", graph,
                           "--format", "json").out)
    shown = [(c["change"], (c["old"] or "-").split("/", 1)[-1], (c["new"] or "-").split("/", 1)[-1], sorted(c["fields"]))
             for c in result["clauses"] if c["change"] != "unchanged"]
    assert shown == [
        ("changed", "2.3/3", "2.3/3", ["due_by"]),
        ("changed", "2.3/5", "2.3/5", ["carried_by", "obligors"]),
        ("reworded", "2.4/zoetwater-4", "2.4/zoetwater-4", []),
        ("dropped", "2.4/veenweide-3", "-", []),
        ("renumbered", "2.4/veenweide-4", "2.4/veenweide-3", []),
        ("renumbered", "2.4/veenweide-5", "2.4/veenweide-4", []),
        ("added", "-", "2.7/5", []),
        ("renumbered", "2.8/1", "2.9/1", []),
    ]


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    home = tmp_path_factory.mktemp("corpus")
    manifest = corpus.generate(home, provinces=1, years=range(2025, 2028), seed=1)
    return manifest, _build(home)


def test_history_follows_every_clause_through_the_generated_years(three_years, ra):
    """Each line of the history is exactly a lineage of the manifest, with each
    version's own wording and parties (as `ra-graph clauses` reads that version)."""
    from ra_graph.core.store import open_graph
    from ra_graph.query.history import history

    manifest, graph = three_years
    store = open_graph(graph)
    lineages: dict[str, list[str]] = {}
    for arrangement in manifest["arrangements"]:
        for clause in arrangement["clauses"]:
            lineages.setdefault(clause["lineage"], []).append(clause["clause"])
    clauses = {c["clause"]: c for c in json.loads(ra("clauses", "--graph", graph, "--format", "json").out)}
    assert len(lineages) > 40 and sum(len(ids) == 3 for ids in lineages.values()) > 30
    for ids in lineages.values():
        entries = history(store, ids[0])
        assert [e["clause"] for e in entries] == ids
        for entry in entries:
            clause = clauses[entry["clause"]]
            assert (entry["arrangement"], entry["line"], entry["text"], entry["commitments"]) == \
                (clause["arrangement"], clause["line"], clause["text"], clause["commitments"])
        assert entries[0]["score"] is None and all(0.5 <= e["score"] <= 1.0 for e in entries[1:])


def test_history_of_a_changed_clause(three_years, ra):
    manifest, graph = three_years
    changed = [c for p in manifest["pairs"] for c in p["changes"] if c["change"] == "changed" and c["old"]]
    first = changed[0]
    entries = json.loads(ra("history", first["new"], "--graph", graph, "--format", "json").out)
    pair = [e for e in entries if e["clause"] in (first["old"], first["new"])]
    assert [e["clause"] for e in pair] == [first["old"], first["new"]]
    assert pair[0]["text"] != pair[1]["text"] and pair[1]["score"] < 1.0
