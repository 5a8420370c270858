"""Shared fixtures: the small fixture graphs, an in-process CLI runner, a real Oxigraph server,
a small generated register.

``mini.trig`` is the shared fixture graph; ``branches.trig`` adds the
clauses that exercise every branch of the stored queries and is only ever
read together with it (``branch_path``, ``branch_store``).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ra_graph.cli import main
from ra_graph.core import paths

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.trig"
BRANCHES = FIXTURES / "branches.trig"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def _build_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("build-cache")


@pytest.fixture(scope="session", autouse=True)
def _checkout_store() -> None:
    """The checkout's on-disk store (data/graph/store) is made, or found current, before any test
    runs: a test that holds data/ unchanged must not see the first command of another build it."""
    from ra_graph.core import actors, versions  # noqa: F401 (their indexes are written with the store)
    from ra_graph.core.store import open_graph

    if paths.SNAPSHOT.is_file():
        open_graph(paths.SNAPSHOT)


@pytest.fixture(autouse=True)
def _build_cache_in_tmp(_build_cache, monkeypatch):
    """In-process builds keep their cache out of the checkout's data/graph/.cache.

    Tables are wrapped to ``COLUMNS`` when it is set, so every test sees the
    same 100 columns whether pytest runs on a terminal, piped or in a worker
    process; a test about widths sets its own.
    """
    monkeypatch.setattr(paths, "CACHE", _build_cache)
    monkeypatch.setenv("COLUMNS", "100")


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


def renew_drenthe(text: str) -> str:
    """Drenthe 2025 renewed by hand as a 2026 text with six known changes in
    section 3.3: item 1 reworded ("toenemende" -> "groeiende"), item 2
    dropped (items 3-9 renumbered 2-8), the obligor of item 8 changed
    (Drenthe -> het Rijk), the deadline of item 9 moved (augustus 2025 ->
    maart 2026) and a new item 9 added."""
    lines = text.split("\n")

    def edit(number: int, old: str, new: str) -> None:
        assert old in lines[number - 1], (number, old)
        lines[number - 1] = lines[number - 1].replace(old, new, 1)

    edit(341, "toenemende", "groeiende")
    edit(382, "Drenthe onderzoekt", "Het Rijk onderzoekt")
    edit(388, "augustus 2025", "maart 2026")
    for number, item in ((348, 3), (357, 4), (363, 5), (370, 6), (375, 7), (381, 8), (386, 9)):
        edit(number, f"{item}. ", f"{item - 1}. ")
    lines[389:389] = [" ", "9. Rijk en provincie Drenthe gaan met elkaar in gesprek over netcongestie op "
                           "bedrijventerreinen in Emmen. "]
    del lines[343:347]  # item 2 (lines 344-346) and the blank line after it
    return "\n".join(lines)


@pytest.fixture(scope="session")
def two_drenthes(tmp_path_factory) -> Path:
    """A graph of Drenthe 2025 and its hand-made 2026 renewal (no curation, so
    that only the text differs) and Groningen 2025."""
    from ra_graph.core import paths
    from ra_graph.graph.build import build_snapshot

    sources = tmp_path_factory.mktemp("sources")
    original = (paths.SOURCES / "ra-drenthe-2025.txt").read_text(encoding="utf-8")
    (sources / "ra-drenthe-2025.txt").write_text(original, encoding="utf-8")
    (sources / "ra-drenthe-2026.txt").write_text(renew_drenthe(original), encoding="utf-8")
    (sources / "ra-groningen-2025.txt").write_bytes((paths.SOURCES / "ra-groningen-2025.txt").read_bytes())
    out = tmp_path_factory.mktemp("graph") / "two.trig"
    build_snapshot(sources, out, curation=False)
    return out


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


HANG_GUARD = 60.0  # seconds: only so that a hung server fails the test instead of hanging it


def wait_for(condition, what: str):
    """Poll ``condition`` until it returns something truthy; fail after HANG_GUARD seconds.

    Tests wait for a condition, never for a time: nothing asserts speed.
    """
    deadline = time.monotonic() + HANG_GUARD
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)
    return result


@contextmanager
def in_process_endpoint(graph: Path, **options) -> Iterator:
    """An endpoint as ``ra-graph serve`` makes it, run in this process on a free loopback port with
    one worker (``options`` go to ``make_server``); yields the server, stopped afterwards."""
    from ra_graph.query.serve import make_server

    settings = dict(host="127.0.0.1", port=0, timeout=10.0, max_rows=50, workers=1, quiet=True)
    server, _ = make_server(graph, **{**settings, **options})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.close()
        thread.join(HANG_GUARD)


@contextmanager
def serving(log: Path, *options: str) -> Iterator[str]:
    """``ra-graph serve`` in its own process on a free loopback port; yields the /sparql URL.

    On leaving, Ctrl-C must stop it cleanly: exit 0 and no traceback in its log.
    """
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "ra_graph", "serve", "--port", "0", *options],
                                stdout=subprocess.DEVNULL, stderr=err)

    def started():
        match = re.search(r"at (http://127\.0\.0\.1:\d+/sparql)", log.read_text())
        if match:
            return match.group(1)
        assert proc.poll() is None, log.read_text()
        return None

    try:
        yield wait_for(started, "the server to start")
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=HANG_GUARD) == 0
        assert "Traceback" not in log.read_text(), log.read_text()


class Listener:
    """A TCP listener on loopback that counts the connections it is offered.

    It stands where a federated query would connect: a test asserts it saw
    none.  With ``answer`` it also replies, so that a client that did
    connect gets an HTTP error rather than hanging.
    """

    def __init__(self, answer: bytes | None = None):
        self.answer = answer
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                if self.answer is not None:
                    try:
                        conn.recv(65536)
                        conn.sendall(self.answer)
                    except OSError:
                        pass

    def close(self):
        self.sock.close()


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def html_tags(html: str) -> _Tags:
    """The start tags and their attributes of a page (for checks that it loads nothing and runs nothing)."""
    parser = _Tags()
    parser.feed(html)
    return parser


# -- a real browser: Debian's Chromium driven by Playwright (its own browser download cannot work here) --
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (each test opens contexts of its own)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
