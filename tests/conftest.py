"""Shared fixtures: the small fixture graph and an in-process CLI runner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ra_graph.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.trig"
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
