"""Worker processes that run endpoint queries under a deadline and a memory limit.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so
a query that runs too long (a cross product, a path over everything) would
keep a core busy for good, and one that builds ever longer strings would
take the machine's memory.  Each query therefore runs in one of a few worker
processes, each holding its own in-memory copy of the snapshot (it loads in
milliseconds) and each limited to its size after loading plus
``memory_mb`` of address space (``RLIMIT_AS``):

* past the deadline the worker is killed and replaced: 503;
* over the memory limit the engine's allocation fails, the worker dies
  (pyoxigraph aborts; Python raises MemoryError, answered in the worker) and
  is replaced: 503 saying so;
* any other death of a worker: 500, and a fresh worker.

Requests wait for a free worker in a bounded queue: at most ``queue_size``
wait, each at most ``queue_wait`` seconds; past either bound the answer is
503 with ``Retry-After``, so slow queries cannot make every other client
wait out the full timeout.  Workers speak length-prefixed pickles over their
stdin/stdout pipes; they are started as ``python -m
ra_graph.query.serve_pool`` (not with multiprocessing) so they never re-run
the parent's ``__main__``, and evaluate on a deep stack (see
:mod:`ra_graph.query.sparql_guard`).
"""

from __future__ import annotations

import math
import os
import pickle
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import BinaryIO

from ra_graph.query.sparql_exec import Reply, error

_HEADER = struct.Struct("!I")
READY = "ready"  # a worker's first message: the snapshot is loaded, requests may come
BOOT_WAIT = 120.0  # seconds a fresh worker may take to say READY before it counts as hung


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
    def __init__(self, graph: Path, max_rows: int, memory_mb: int, module: str = __name__):
        env = dict(os.environ, RUST_BACKTRACE="0")  # an allocation failure is one line in the log
        self.process = subprocess.Popen(
            [sys.executable, "-m", module if module != "__main__" else "ra_graph.query.serve_pool",
             str(graph), str(max_rows), str(memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True, env=env,
        )

    def _wait(self, seconds: float) -> bool:
        """Is there something to read within ``seconds``?"""
        # poll, not select.select: select cannot watch a descriptor numbered 1024 or more (ValueError),
        # and a long-lived process (a test session, an embedding application) may well hold that many
        poller = select.poll()
        poller.register(self.process.stdout, select.POLLIN)
        return bool(poller.poll(max(0, math.ceil(seconds * 1000))))

    def wait_ready(self) -> bool:
        """Block until the worker has loaded its snapshot; False when it died first or hung."""
        assert self.process.stdout
        try:
            return self._wait(BOOT_WAIT) and _read(self.process.stdout) == READY
        except (EOFError, OSError, pickle.UnpicklingError):
            return False

    def ask(self, request: dict, deadline: float) -> Reply:
        assert self.process.stdin and self.process.stdout
        _write(self.process.stdin, request)
        if not self._wait(deadline - time.monotonic()):
            raise QueryTimeout
        return _read(self.process.stdout)

    def kill(self) -> int | None:
        """Stop the process; its exit status (negative: the signal that ended it)."""
        if self.process.poll() is None:
            self.process.kill()
        status = self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        return status


class WorkerPool:
    """A fixed number of query workers; a request waits (boundedly) for a free one."""

    def __init__(self, graph: Path, *, size: int, max_rows: int, memory_mb: int = 1024,
                 queue_size: int = 32, queue_wait: float = 2.0, per_client: int | None = None,
                 module: str = "ra_graph.query.serve_pool"):
        """``module`` is what each worker runs (``python -m``): this one, or one that passes
        :func:`_serve` a page renderer (``ra_graph.web.worker``)."""
        self.graph, self.max_rows, self.memory_mb = Path(graph), max_rows, memory_mb
        self.module = module
        self.size, self.queue_size, self.queue_wait = size, queue_size, queue_wait
        #: queries one client may have running (or waiting for a worker) at once: by default all
        #: workers but one, so that one client's heavy queries never shut the others out
        self.per_client = per_client or max(1, size - 1)
        self._clients: dict[str, list] = {}  # client -> [semaphore, holders]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._waiting = 0
        self._starting = 0
        self._started = threading.Condition(self._lock)
        for _ in range(size):
            self._start()

    def wait_ready(self) -> int:
        """Wait until every worker started so far has loaded the snapshot (or died); the number ready.

        A worker joins the idle queue only once loaded: a query's deadline never pays for the
        loading (on a big register, or a busy machine, the first queries were cancelled as too slow
        and their workers replaced by workers just as slow to start)."""
        with self._started:
            self._started.wait_for(lambda: self._starting == 0)
            return len(self._all)

    def _start(self) -> None:
        worker = _Worker(self.graph, self.max_rows, self.memory_mb, self.module)
        with self._lock:
            self._all.add(worker)
            self._starting += 1
        threading.Thread(target=self._join_when_ready, args=(worker,), daemon=True).start()

    def _join_when_ready(self, worker: _Worker) -> None:
        ready = worker.wait_ready()
        if ready:
            self._idle.put(worker)
        else:
            status = worker.kill()
            with self._lock:
                closing = worker not in self._all
                self._all.discard(worker)
            if not closing:
                print(f"ra-graph: a query worker died while loading the snapshot (exit status {status})",
                      file=sys.stderr, flush=True)
        with self._started:
            self._starting -= 1
            self._started.notify_all()

    def _replace(self, worker: _Worker) -> int | None:
        status = worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._start()
        return status

    def _busy(self, timeout: float) -> Reply:
        with self._lock:
            starting, alive = self._starting, len(self._all)
        if not alive and self.size:
            return error(503, "no query worker could load the snapshot (the server's log says why)")
        reply = error(503, f"all {self.size} query workers are busy" +
                      (f" ({starting} still loading the snapshot)" if starting else "") + "; try again shortly")
        reply.headers["Retry-After"] = str(max(1, math.ceil(timeout)))
        return reply

    def _take(self, timeout: float) -> _Worker | None:
        """A free worker, waiting at most ``queue_wait`` seconds -- or, while a worker is still
        loading the snapshot (a replacement, or at start), as long as a query may run: it is
        coming, and no slow query holds it."""
        with self._lock:
            if self._waiting >= self.queue_size and self._idle.empty():
                return None
            self._waiting += 1
        began = time.monotonic()
        try:
            while True:
                try:
                    return self._idle.get(timeout=self.queue_wait)
                except queue.Empty:
                    with self._lock:
                        loading = self._starting > 0
                    if not loading or time.monotonic() - began >= max(self.queue_wait, timeout):
                        return None
        finally:
            with self._lock:
                self._waiting -= 1

    def run(self, request: dict, timeout: float, client: str | None = None) -> Reply:
        """Answer ``request`` (see :func:`_serve`) within ``timeout`` seconds, or 503/500.

        A ``client`` with ``per_client`` queries under way waits (at most
        ``queue_wait``) for one of its own to finish before it may take a
        worker: a free worker is left for the other clients.
        """
        if client is None or self.per_client >= self.size:  # one worker: nothing to share
            return self._run(request, timeout)
        with self._lock:
            slot = self._clients.setdefault(client, [threading.BoundedSemaphore(self.per_client), 0])
            slot[1] += 1
        try:
            if not slot[0].acquire(timeout=self.queue_wait):
                reply = error(503, f"you have {self.per_client} queries under way, the most one client may; "
                                   "try again when one has finished")
                reply.headers["Retry-After"] = str(max(1, math.ceil(timeout)))
                return reply
            try:
                return self._run(request, timeout)
            finally:
                slot[0].release()
        finally:
            with self._lock:
                slot[1] -= 1
                if not slot[1]:
                    self._clients.pop(client, None)

    def _run(self, request: dict, timeout: float) -> Reply:
        worker = self._take(timeout)
        if worker is None:
            return self._busy(timeout)
        deadline = time.monotonic() + timeout
        try:
            reply = worker.ask(request, deadline)
        except QueryTimeout:
            self._replace(worker)
            return error(503, f"query cancelled: it ran longer than the {timeout:g} s limit")
        except (EOFError, OSError, pickle.UnpicklingError):
            status = self._replace(worker)
            if status == -signal.SIGABRT:  # what an allocation failure under RLIMIT_AS ends in
                return memory_exceeded(self.memory_mb)
            return error(500, "query worker failed" + (f" (exit status {status})" if status else ""))
        self._idle.put(worker)
        return reply

    def close(self, grace: float = 1.0) -> None:
        """Stop every worker: an idle one ends on its own once its pipe closes (it exits as a
        program does, so whatever it would do at exit is done); one still busy after ``grace``
        seconds is killed."""
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            try:
                worker.process.stdin.close()
            except OSError:
                pass
        deadline = time.monotonic() + grace
        for worker in workers:
            try:
                worker.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            worker.kill()


def memory_exceeded(memory_mb: int) -> Reply:
    return error(503, f"query stopped: it needed more than the {memory_mb} MB memory limit")


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at its present size plus ``memory_mb``."""
    import resource

    with open("/proc/self/statm", encoding="ascii") as statm:
        present = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = present + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(graph: str, max_rows: int, memory_mb: int, pages=None) -> None:
    """Worker main loop (on the deep stack): load the snapshot, cap memory, answer until EOF.

    ``pages(store, graph)``, when given, makes the object whose ``cached(request)``
    answers a request for a web page (``{"page": path, ...}``); without it such a
    request is a 404.
    """
    from ra_graph.core.errors import RaGraphError
    from ra_graph.core.store import open_graph
    from ra_graph.query.answers import AnswerCache
    from ra_graph.query.sparql_exec import execute
    from ra_graph.query.sparql_guard import prepare

    prepare()  # every query is checked: the scanner is compiled before the first arrives

    answers = AnswerCache(max_bytes=memory_mb * 1024 * 1024 // 8)  # its snapshot never changes
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the reply pipe
    try:
        store = open_graph(graph, memory=True)  # queries run in memory: several times faster than on disk
    except RaGraphError as exc:
        store, problem = None, exc.message
    _limit_memory(memory_mb)
    # the workbench's pages: made before the first request (its modules and templates read then)
    bench = pages(store, Path(graph)) if pages is not None and store is not None else None
    _write(stdout, READY)
    while True:
        try:
            request = _read(stdin)
        except (EOFError, KeyboardInterrupt):
            return
        if store is None:
            reply = error(500, problem)
        elif "page" in request and pages is None:
            reply = error(404, "not found: the endpoint is at /sparql")
        elif "page" in request:  # a web page: the same deadline, memory limit and queue as a query
            if bench is None:
                bench = pages(store, Path(graph))
            try:
                reply = bench.cached(request)
            except MemoryError:
                reply = memory_exceeded(memory_mb)
            except Exception as exc:  # a page's defect is one 500, never a dead worker or a traceback
                reply = error(500, f"internal error ({type(exc).__name__})")
        else:
            key = AnswerCache.key(request, max_rows)
            try:
                reply = answers.get(key) or answers.put(key, execute(
                    store, request["query"], fmt=request.get("format"), accept=request.get("accept"),
                    max_rows=max_rows, default_graph=request.get("default_graph"),
                    named_graph=request.get("named_graph")))
            except MemoryError:
                reply = memory_exceeded(memory_mb)
        _write(stdout, reply)


if __name__ == "__main__":
    from ra_graph.query.sparql_guard import call_with_deep_stack

    from ra_graph.core.lifeline import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    die_with_parent(kernel=False)  # started from a request thread: the watchdog, not PR_SET_PDEATHSIG
    call_with_deep_stack(_serve, sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    os._exit(0)
