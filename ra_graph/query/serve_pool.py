"""Worker processes that run endpoint queries under a hard deadline.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so
a query that runs too long (a cross product, a path over everything) would
keep a core busy for good.  Each query therefore runs in one of a few worker
processes, each holding its own in-memory copy of the snapshot (it loads in
milliseconds).  The server waits for the answer until the deadline; past it
the worker is killed and replaced, and the client gets 503.  Workers speak
length-prefixed pickles over their stdin/stdout pipes; they are started as
``python -m ra_graph.query.serve_pool`` (not with multiprocessing) so they never
re-run the parent's ``__main__``.
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import BinaryIO

from ra_graph.query.sparql_exec import Reply, error

_HEADER = struct.Struct("!I")


class QueryTimeout(Exception):
    """The query did not finish before its deadline."""


def _write(stream: BinaryIO, obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(stream: BinaryIO) -> object:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # only ever from our own worker or parent


class _Worker:
    def __init__(self, graph: Path, max_rows: int):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ra_graph.query.serve_pool", str(graph), str(max_rows)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )

    def ask(self, request: dict, deadline: float) -> Reply:
        assert self.process.stdin and self.process.stdout
        _write(self.process.stdin, request)
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, remaining))
        if not ready:
            raise QueryTimeout
        return _read(self.process.stdout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class WorkerPool:
    """A fixed number of query workers; a request waits for a free one."""

    def __init__(self, graph: Path, *, size: int, max_rows: int):
        self.graph, self.max_rows = Path(graph), max_rows
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self.graph, self.max_rows)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._idle.put(self._start())

    def run(self, request: dict, timeout: float) -> Reply:
        """Answer ``request`` (see :func:`_serve`) within ``timeout`` seconds, or 503."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return error(503, f"all query workers are busy; try again (limit {timeout:g} s)")
        try:
            reply = worker.ask(request, deadline)
        except QueryTimeout:
            self._replace(worker)
            return error(503, f"query cancelled: it ran longer than the {timeout:g} s limit")
        except (EOFError, OSError, pickle.UnpicklingError):
            self._replace(worker)
            return error(500, "query worker failed")
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


def _serve(graph: str, max_rows: int) -> None:
    """Worker main loop: load the snapshot, then answer requests until EOF."""
    from ra_graph.core.errors import RaGraphError
    from ra_graph.core.store import open_graph
    from ra_graph.query.answers import AnswerCache
    from ra_graph.query.sparql_exec import execute

    answers = AnswerCache()  # this worker's snapshot never changes
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the reply pipe
    try:
        store = open_graph(graph)
    except RaGraphError as exc:
        store, problem = None, exc.message
    while True:
        try:
            request = _read(stdin)
        except (EOFError, KeyboardInterrupt):
            return
        if store is None:
            reply = error(500, problem)
        else:
            key = AnswerCache.key(request, max_rows)
            reply = answers.get(key) or answers.put(key, execute(
                store, request["query"], fmt=request.get("format"), accept=request.get("accept"),
                max_rows=max_rows, default_graph=request.get("default_graph"),
                named_graph=request.get("named_graph")))
        _write(stdout, reply)


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    _serve(sys.argv[1], int(sys.argv[2]))
    os._exit(0)
