"""Shared fixtures: the small fixture graphs and an in-process CLI runner.

``mini.trig`` is the shared fixture graph; ``branches.trig`` adds the
clauses that exercise every branch of the stored queries and is only ever
read together with it (``branch_path``, ``branch_store``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ra_graph.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.trig"
BRANCHES = FIXTURES / "branches.trig"
ROOT = Path(__file__).resolve().parent.parent


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


@pytest.fixture(scope="session")
def branch_path(tmp_path_factory) -> Path:
    """mini.trig followed by branches.trig, as one TriG file (for commands that read one --graph)."""
    path = tmp_path_factory.mktemp("branches") / "mini+branches.trig"
    path.write_text(MINI.read_text(encoding="utf-8") + "\n" + BRANCHES.read_text(encoding="utf-8"),
                    encoding="utf-8")
    return path


@pytest.fixture
def branch_store(branch_path):
    from ra_graph.core.store import open_graph

    return open_graph(branch_path)
