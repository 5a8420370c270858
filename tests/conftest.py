"""Shared fixtures: the small fixture graph, an in-process CLI runner, a small generated register."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ra_graph.cli import main
from ra_graph.core import paths

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.trig"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _build_cache_in_tmp(tmp_path_factory, monkeypatch):
    """In-process builds keep their cache out of the checkout's data/graph/.cache."""
    monkeypatch.setattr(paths, "CACHE", tmp_path_factory.mktemp("build-cache"))


def corpus_module():
    """benchmarks/corpus.py, the seeded generator of synthetic registers."""
    spec = importlib.util.spec_from_file_location("ra_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def home_env(home: Path) -> dict[str, str]:
    """The environment that points ``python -m ra_graph`` at another data directory."""
    return {**os.environ, "RA_GRAPH_HOME": str(home)}


@pytest.fixture(scope="session")
def register(tmp_path_factory) -> Path:
    """A generated register of 2 provinces x 2 years (RA_GRAPH_HOME layout), built.

    Tests that compare two ways of computing one answer run on it: big
    enough to have versions, reworded and dropped clauses, small enough for
    the original quadratic computations.
    """
    home = tmp_path_factory.mktemp("register")
    corpus_module().generate(home, provinces=2, years=range(2025, 2027), seed=1, force=True, repo=ROOT)
    subprocess.run([sys.executable, "-m", "ra_graph", "build"], env=home_env(home), cwd=home,
                   check=True, capture_output=True)
    return home


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def ra(capsys):
    """Run ``ra-graph ARGS`` in-process; returns exit code, stdout, stderr."""

    def run(*args: object) -> Result:
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def mini_path() -> Path:
    return MINI


@pytest.fixture
def mini_store():
    from ra_graph.core.store import open_graph

    return open_graph(MINI)
