"""Edges of the query workers (``serve_pool.py``) that survivors of the full systematic mutation
run showed unheld (issue #25): each test names the mutant(s) it holds."""

from __future__ import annotations

import io
import pickle
import select
from types import SimpleNamespace

import pytest

from ra_graph.query import serve_pool


def _loading_for(seconds: float) -> type:
    """A stand-in for ``select.poll`` on a clock of its own: the worker's READY arrives after
    ``seconds``; a poll with a longer (or equal) timeout sees it, a shorter one times out empty.
    The clock is simulated, so the test waits no two minutes."""
    class Poller:
        waited: list[int] = []

        def register(self, stream, mask) -> None:
            assert mask == select.POLLIN

        def poll(self, timeout_ms: int) -> list[tuple[int, int]]:
            Poller.waited.append(timeout_ms)
            return [(3, select.POLLIN)] if seconds * 1000 <= timeout_ms else []
    return Poller


def _worker() -> serve_pool._Worker:
    """A worker whose process has written READY (no process is started)."""
    data = pickle.dumps(serve_pool.READY)
    worker = serve_pool._Worker.__new__(serve_pool._Worker)
    worker.process = SimpleNamespace(stdout=io.BytesIO(serve_pool._HEADER.pack(len(data)) + data))
    return worker


@pytest.mark.parametrize("seconds, ready", [(90.0, True), (119.9, True), (120.0, True), (120.1, False),
                                            (131.0, False)])
def test_a_worker_that_has_not_loaded_in_two_minutes_counts_as_hung(monkeypatch, seconds, ready):
    """N-e0203a (``BOOT_WAIT = 120.0``): a fresh worker may take up to two minutes to load the
    snapshot and say READY (a big register on a busy machine); one still silent after that counts
    as hung (the pool kills it, and ``serve`` stops with "no query worker could load the
    snapshot" rather than hanging).  Within 120 s it is ready, from 120.1 s on it is not; it is
    asked once, with the whole two minutes."""
    poller = _loading_for(seconds)
    monkeypatch.setattr(serve_pool, "select", SimpleNamespace(poll=poller, POLLIN=select.POLLIN))
    assert _worker().wait_ready() is ready
    assert poller.waited == [120_000]


@pytest.mark.parametrize("memory, refused", [("64", False), ("1048576", False), ("1048577", True), ("63", True)])
def test_a_worker_may_be_given_from_64_mb_to_1_tib_of_memory(ra, tmp_path, memory, refused):
    """N-756289 (``"--memory": (64, 1_048_576)``): ``serve --memory`` takes 64 MB to 1,048,576 MB
    (1 TiB) per worker, both ends included; one more (or less) is refused before anything starts.
    The graph named does not exist, so an accepted value gets as far as reading it, and no further."""
    missing = tmp_path / "missing.trig"
    r = ra("serve", "--graph", missing, "--memory", memory)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: --memory {memory}: must be a number from 64 to 1.04858e+06\n" if refused
                     else f"ra-graph: {missing}: graph file not found\n")
