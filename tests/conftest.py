"""Shared fixtures: the small fixture graph, an in-process CLI runner, a real Oxigraph server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


OXIGRAPH = shutil.which("oxigraph")
HANG_GUARD = 60.0  # seconds: a hang guard, not a speed limit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path, *options: str) -> Iterator[str]:
    """A real Oxigraph server (PyPI 'oxigraph') on a free loopback port; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + HANG_GUARD
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("oxigraph server did not start")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
