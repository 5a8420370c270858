"""How ra-graph grows with the number of arrangements (``bench.py --scale``).

For 2, 12, 60 and 120 arrangements (2 provinces x 1 year, 12 x 1, 12 x 5,
12 x 10) a corpus is generated with ``benchmarks/corpus.py`` (seed 1) and
every command an analyst runs is timed as a fresh process, best of N, with
its peak memory (the largest resident set of the process tree: the build's
worker processes count).  Each time is also given as a ratio to the floor
measured in the same run on the same register: a fresh ``python`` that
imports pyoxigraph, opens the on-disk store (``data/graph/store``) and runs
one bound query - what no read command can go below.  The old floor, parsing
the snapshot, is shown beside it.  The column ``120 / 12`` is time(120) /
time(12): the answer, not the register, should set a command's cost.

The endpoint is measured against Oxigraph's own server (``oxigraph
serve-read-only --union-default-graph`` on the same store) in the same run:
288 distinct bound ``owes`` queries (no answer is asked twice, so no cache
answers), 8 concurrent clients, every answer read whole.

The package is byte-compiled first and run without PYTHONDONTWRITEBYTECODE,
as an installed package is (compiling ra_graph's modules on every start
would otherwise be a third of a cold command).

    python benchmarks/bench.py --scale                 # table on stdout, docs/img/scale.png
    python benchmarks/bench.py --scale --docs          # also rewrite the figures in docs/quality/performance.md
    python benchmarks/bench.py --scale --code /tmp/old  # measure another checkout's ra_graph

``--code DIR`` runs the ``ra_graph`` package (and queries) of another
checkout on the same corpora, for before/after comparisons.  A command
whose first run takes longer than ``--patience`` seconds is not repeated.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RA = [PY, "-m", "ra_graph"]
SIZES = {2: (2, 2025, 2025), 12: (12, 2025, 2025), 60: (12, 2025, 2029), 120: (12, 2025, 2034)}
# command -> the target at 120 arrangements (issue #24): seconds, at most this many times the floor
READ_TARGET = (0.15, 2.0)
FIRST_VALIDATE = "validate, first run after a build"  # rudof's results cache emptied before each run
TARGETS = {"build": (30, None), "build, one new text": (2, None), "validate": (3, None), FIRST_VALIDATE: (3, None),
           "owes Rijk Groningen": READ_TARGET, "clauses --arrangement groningen": READ_TARGET,
           "deadlines": READ_TARGET, "history": READ_TARGET, "slowest stored query": READ_TARGET,
           "analyse": (10, None), "visualise": (5, None)}
MEMORY_TARGETS = {"validate": 400, FIRST_VALIDATE: 400}  # MB at 120 arrangements
ENDPOINT_QUERIES, ENDPOINT_CLIENTS = 288, 8
ENDPOINT_RATIO = 3.0  # ra-graph serve at least this many times Oxigraph server's rate


@dataclass
class Measure:
    seconds: float  # wall time
    peak_mb: float
    note: str = ""
    cpu: float = 0.0  # user + system seconds of the process and its children
    code: int = 0  # exit code


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def _once(cmd: list[str], env: dict, ok: tuple[int, ...]) -> Measure:
    """One fresh process: wall time and peak memory (largest of: its own and its
    children's maximum resident set, and the sampled sum over the process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=env["RA_GRAPH_HOME"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    return Measure(seconds, max(usage.ru_maxrss, peak[0]) / 1024, cpu=usage.ru_utime + usage.ru_stime,
                   code=proc.returncode)


def best(cmd: list[str], env: dict, runs: int, patience: float, ok: tuple[int, ...] = (0,),
         before=None) -> Measure:
    """Best of ``runs`` (one run when the first is slower than ``patience`` s)."""
    result = None
    for _ in range(runs):
        if before:
            before()
        m = _once(cmd, env, ok)
        if result is None or m.seconds < result.seconds:
            result = Measure(m.seconds, max(m.peak_mb, result.peak_mb if result else 0), cpu=m.cpu, code=m.code)
        else:
            result.peak_mb = max(result.peak_mb, m.peak_mb)
        if m.seconds > patience:
            break
    return result


def _corpus_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("ra_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _examples(code: Path) -> list[tuple[str, list[str]]]:
    """Each stored query with its ``# example:`` parameters as ``--param`` options."""
    out = []
    for path in sorted((code / "queries").glob("*.rq")):
        params = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.startswith("# example:"):
                for item in shlex.split(line.removeprefix("# example:")):
                    params += ["--param", item]
        out.append((path.stem, params))
    return out


@contextmanager
def ra_server(env: dict) -> Iterator[str]:
    """``ra-graph serve`` on a free port; yields its /sparql URL."""
    log = tempfile.TemporaryFile(mode="w+")  # the server logs every request: never let a pipe fill
    # requests queue as they do at Oxigraph's server (which has no admission limit), rather
    # than getting 503 after --queue-wait's default 2 s: throughput is measured, not admission
    # and its 8 clients, all on 127.0.0.1, are one client to the server's per-client share (all
    # workers but one): --per-client lets them use every worker, as 8 clients on 8 addresses would
    server = subprocess.Popen(RA + ["serve", "--port", "0", "--queue-wait", "300", "--queue", "256",
                                    "--timeout", "300", "--per-client", str(ENDPOINT_CLIENTS)],
                              cwd=env["RA_GRAPH_HOME"], env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
    try:
        url, deadline = None, time.monotonic() + 120
        while url is None:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise SystemExit(f"ra-graph serve did not start: {log.read()}")
            time.sleep(0.05)
            log.seek(0)
            found = re.search(r"at (\S+/sparql)", log.read())
            url = found and found.group(1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def oxigraph_server(db: Path) -> Iterator[str]:
    """Oxigraph's own server, read-only, on the same RocksDB store, union default graph."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([shutil.which("oxigraph") or "oxigraph", "serve-read-only", "--location", str(db),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 60
        while not _ask(url, "ASK { ?s ?p ?o }"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("oxigraph serve-read-only did not start")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _ask(url: str, text: str) -> bool:
    """One answer, read whole (not parsed: the client shares the cores with the server)."""
    import urllib.error
    import urllib.parse
    import urllib.request

    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json",
                                                              "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status == 200 and len(response.read()) > 0
    except (urllib.error.URLError, OSError):
        return False


def rate(url: str, texts: list[str], clients: int = ENDPOINT_CLIENTS) -> tuple[float, int]:
    """(answers per second, answers that failed) for ``texts``, each sent once, by ``clients`` threads."""
    from concurrent.futures import ThreadPoolExecutor

    for _ in range(3):  # warm up on a question that is not among the measured ones
        _ask(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(lambda t: _ask(url, t), texts))
    return len(answers) / (time.perf_counter() - start), answers.count(False)


def endpoint(env: dict, texts: list[str], seconds: float = 5.0, clients: int = 8) -> tuple[float, int]:
    """(answers per second, answers that failed) for ``texts`` round-robin for ``seconds`` (``bench.py``)."""
    with ra_server(env) as url:
        for text in texts:  # warm the workers
            _ask(url, text)
        done = failed = 0
        start = time.perf_counter()
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(clients) as pool:
            while time.perf_counter() - start < seconds:
                answers = list(pool.map(lambda t: _ask(url, t), texts * clients))
                done += len(answers)
                failed += answers.count(False)
        return done / (time.perf_counter() - start), failed


_SCRIPT_PRELUDE = (
    "import json, sys\n"
    "from ra_graph.core.store import open_graph\n"
    "from ra_graph.core import paths\n"
    "from ra_graph.core.errors import RaGraphError\n"
    "from ra_graph.query import library\n"
    "store = open_graph(paths.SNAPSHOT)\n")


def _run_script(env: dict, script: str):
    done = subprocess.run([PY, "-c", _SCRIPT_PRELUDE + script], env=env, cwd=env["RA_GRAPH_HOME"],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


def owes_texts(env: dict, n: int = ENDPOINT_QUERIES) -> list[str]:
    """``n`` distinct bound ``owes`` queries: every ordered pair of the Rijk, its ministries and
    the provinces, then again with a due date (``as_of``), until there are ``n``."""
    return _run_script(env, (
        "q = library.find('owes')\n"
        "rows = store.query('SELECT DISTINCT ?x WHERE { { ?x a ra:Ministry } UNION { ?x a ra:Province } "
        "UNION { ?x a ra:NationalGovernment } } ORDER BY ?x', "
        "prefixes={'ra': 'https://w3id.org/ra-graph/def#'}, use_default_graph_as_union=True)\n"
        "names = [r[0].value for r in rows]\n"
        "out, seen = [], set()\n"
        f"for as_of in [None] + [f'{{y}}-{{m:02d}}-01' for y in range(2025, 2040) for m in (1, 7)]:\n"
        "    for a in names:\n"
        "        for b in names:\n"
        f"            if a == b or len(out) >= {n}:\n"
        "                continue\n"
        "            values = {'debtor': a, 'creditor': b, **({'as_of': as_of} if as_of else {})}\n"
        "            try:\n"
        "                text = library.standalone(library.bind(store, q, values))\n"
        "            except RaGraphError:\n"
        "                continue\n"
        "            if text not in seen:\n"
        "                seen.add(text)\n"
        "                out.append(text)\n"
        "print(json.dumps(out))\n"))


def _history_clause(env: dict) -> str:
    """A clause of Groningen's first version that lives on to its last (history's longest line)."""
    return _run_script(env, (
        "rows = store.query('SELECT ?id WHERE { ?c a ra:Clause ; dcterms:identifier ?id . "
        "FILTER(STRSTARTS(?id, \"groningen-2025/\")) } ORDER BY ?id LIMIT 1', "
        "prefixes={'ra': 'https://w3id.org/ra-graph/def#', 'dcterms': 'http://purl.org/dc/terms/'}, "
        "use_default_graph_as_union=True)\n"
        "print(json.dumps([r[0].value for r in rows][0]))\n"))


def _store_db(home: Path) -> Path:
    root = home / "data" / "graph" / "store"
    return root / json.loads((root / "current.json").read_text(encoding="utf-8"))["version"] / "db"


FLOOR_QUERY = ('SELECT ?label WHERE { GRAPH ?g { <https://w3id.org/ra-graph/id/provincie-groningen> '
               '<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } }')


def measure_size(n: int, home: Path, code: Path, runs: int, patience: float, log) -> dict:
    """Generate the corpus of ``n`` arrangements in ``home`` and time every command on it."""
    provinces, first, last = SIZES[n]
    load_before = os.getloadavg()[0]
    _corpus_module().generate(home, provinces=provinces, years=range(first, last + 1), seed=1, force=True,
                              repo=code)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"RA_GRAPH_HOME": str(home), "PYTHONPATH": str(code)})
    subprocess.run([PY, "-m", "compileall", "-q", str(code / "ra_graph")], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    snapshot = home / "data" / "graph" / "ra-graph.trig"
    cache = home / "data" / "graph" / ".cache"
    out: dict[str, Measure] = {}

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def clear_validate_cache() -> None:  # rudof's results only: as after a build that changed every graph
        shutil.rmtree(cache / "shacl", ignore_errors=True)

    def step(name: str, m: Measure) -> None:
        out[name] = m
        log(f"  {n:>3} arrangements  {name:<34} {m.seconds:8.3f} s {m.peak_mb:7.0f} MB {m.note}")

    step("build", best(RA + ["build"], env, runs, patience, before=clear_cache))
    # one new text: the cache holds every other text's extraction
    newest = sorted((home / "data" / "sources").glob("ra-*.txt"))[-1]
    held = home / newest.name
    newest.rename(held)
    _once(RA + ["build"], env, (0,))
    held.rename(newest)
    step("build, one new text", _once(RA + ["build"], env, (0,)))  # the cache holds the others (if any)
    db = _store_db(home)
    floor_script = ("import pyoxigraph as ox\n"
                    f"store = ox.Store.read_only({str(db)!r})\n"
                    f"list(store.query({FLOOR_QUERY!r}))\n")
    step("floor", best([PY, "-c", floor_script], env, runs, patience))
    parse_script = f"import pyoxigraph as ox; ox.Store().load(path={str(snapshot)!r}, format=ox.RdfFormat.TRIG)"
    step("parse the snapshot (the old floor)", best([PY, "-c", parse_script], env, runs, patience))
    step(FIRST_VALIDATE, best(RA + ["validate", "--format", "json"], env, runs, patience, ok=(0, 1),
                              before=clear_validate_cache))
    # its last run left the results cached: every run here reads them
    step("validate", best(RA + ["validate", "--format", "json"], env, runs, patience, ok=(0, 1)))
    step("owes Rijk Groningen", best(RA + ["owes", "Rijk", "Groningen", "--format", "json"], env, runs, patience))
    step("clauses --arrangement groningen",
         best(RA + ["clauses", "--arrangement", "groningen", "--format", "json"], env, runs, patience))
    step("deadlines", best(RA + ["deadlines", "--format", "json", "--as-of", "2026-07-01"], env, runs, patience))
    clause = _history_clause(env)
    m = best(RA + ["history", clause, "--format", "json"], env, runs, patience)
    m.note = clause
    step("history", m)
    step("stats", best(RA + ["stats", "--format", "json"], env, runs, patience))
    slowest = None
    for name, params in _examples(code):
        # exit 2: the example names something this register lacks (Drenthe among 2 arrangements)
        m = best(RA + ["query", name, *params, "--format", "json"], env, runs, patience, ok=(0, 2))
        if m.code == 2:
            log(f"  {n:>3} arrangements  query {name}: its example does not apply here, not timed")
            continue
        step(f"query {name}", m)
        if slowest is None or m.seconds > slowest.seconds:
            slowest = Measure(m.seconds, m.peak_mb, name, m.cpu)
    out["slowest stored query"] = slowest
    step("analyse", best(RA + ["analyse", "--format", "json"], env, runs, patience))
    with tempfile.TemporaryDirectory() as tmp:
        step("visualise", best(RA + ["visualise", "--out", os.path.join(tmp, "g.html")], env, runs, patience))
    import pyoxigraph as ox

    store = ox.Store.read_only(str(db))
    triples = len(store)
    del store
    texts = owes_texts(env)
    with ra_server(env) as url:
        ours, ours_failed = rate(url, texts)
    with oxigraph_server(db) as url:
        theirs, theirs_failed = rate(url, texts)
    step("endpoint (answers/s)", Measure(ours, 0, f"{len(texts)} distinct owes queries, {ours_failed} failed"))
    step("Oxigraph server (answers/s)", Measure(theirs, 0, f"{theirs_failed} failed"))
    return {"arrangements": n, "triples": triples, "load": [load_before, os.getloadavg()[0]],
            "measures": {k: vars(v) for k, v in out.items()}}


# --------------------------------------------------------------------------- report

ROWS = ["parse the snapshot (the old floor)", "build", "build, one new text", FIRST_VALIDATE, "validate",
        "owes Rijk Groningen",
        "clauses --arrangement groningen", "deadlines", "history", "stats", "slowest stored query", "analyse",
        "visualise"]


def table(results: list[dict]) -> str:
    """Markdown: per command and size, wall seconds · ratio to the floor · peak memory; then the stored
    queries, the endpoint against Oxigraph server, and CPU seconds."""
    sizes = [r["arrangements"] for r in results]
    by = {r["arrangements"]: r["measures"] for r in results}
    floor = {n: by[n]["floor"]["seconds"] for n in sizes}
    columns = " | ".join(f"{n} arrangements" for n in sizes)
    rule = "|---|" + "---:|" * len(sizes) + "---:|---:|"
    lines = [f"| | {columns} | 120 / 12 | target at 120 |", rule,
             "| triples | " + " | ".join(f"{r['triples']:,}" for r in results) + " | | |",
             "| **floor**: `python` + `import pyoxigraph` + open the store + one bound query | "
             + " | ".join(f"{floor[n]:.3f} s · {by[n]['floor']['peak_mb']:.0f} MB" for n in sizes)
             + f" | {_growth(by, 'floor')} | |"]
    for row in ROWS:
        lines.append(_row(by, sizes, floor, row, row))
    lines += ["", "Every stored query (`ra-graph query NAME` with its example parameters, cold):", "",
              f"| | {columns} | 120 / 12 | target at 120 |", rule]
    names = sorted({k for n in sizes for k in by[n] if k.startswith("query ")})
    for name in names:
        lines.append(_row(by, sizes, floor, name, f"`{name.removeprefix('query ')}`", target=READ_TARGET))
    lines += ["", f"The endpoint on {ENDPOINT_QUERIES} distinct bound `owes` queries (no answer asked twice), "
              f"{ENDPOINT_CLIENTS} concurrent clients, against Oxigraph server on the same store in the same run:", "",
              f"| | {columns} | target at 120 |", "|---|" + "---:|" * len(sizes) + "---:|"]
    for row in ("endpoint (answers/s)", "Oxigraph server (answers/s)"):
        cells = []
        for n in sizes:
            m = by[n].get(row)
            failed = "" if m is None or " 0 failed" in f" {m['note']}" or m["note"].startswith("0 ") else \
                f" ({m['note'].split(', ')[-1]})"
            cells.append("—" if m is None else f"{m['seconds']:.1f}/s{failed}")
        goal = f"≥ {ENDPOINT_RATIO:.0f}× Oxigraph" if row.startswith("endpoint") else ""
        lines.append(f"| {'`ra-graph serve`' if row.startswith('endpoint') else 'Oxigraph server'} | "
                     + " | ".join(cells) + f" | {goal} |")
    lines.append("| ratio | " + " | ".join(
        f"{by[n]['endpoint (answers/s)']['seconds'] / by[n]['Oxigraph server (answers/s)']['seconds']:.1f}×"
        if "Oxigraph server (answers/s)" in by[n] else "—" for n in sizes) + " | |")
    lines += ["", "CPU seconds (user + system, the command and its worker processes, of the run above) · ratio "
              "to the floor's: what the machine's other work does not change:", "",
              f"| | {columns} | 120 / 12 |", "|---|" + "---:|" * len(sizes) + "---:|"]
    for row in ["floor", *ROWS, *names]:
        cells = []
        for n in sizes:
            m, base = by[n].get(row), by[n]["floor"].get("cpu") or 0
            cells.append("—" if m is None else f"{m.get('cpu', 0):.2f}"
                         + (f" · {m.get('cpu', 0) / base:.1f}×" if base and row != "floor" else ""))
        growth = ""
        if all(row in by.get(n, {}) for n in (12, 120)) and by[12][row].get("cpu"):
            growth = f"{by[120][row]['cpu'] / by[12][row]['cpu']:.1f}"
        title = f"`{row.removeprefix('query ')}`" if row.startswith("query ") else row
        lines.append(f"| {title} | " + " | ".join(cells) + f" | {growth} |")
    return "\n".join(lines)


def _row(by: dict, sizes: list[int], floor: dict, row: str, title: str, target=None) -> str:
    cells = []
    for n in sizes:
        m = by[n].get(row)
        if m is None:
            cells.append("—")
            continue
        name = f" `{m['note']}`" if row == "slowest stored query" else ""
        cells.append(f"{m['seconds']:.3f} s · {m['seconds'] / floor[n]:.1f}× · {m['peak_mb']:.0f} MB{name}")
    seconds, ratio = target or TARGETS.get(row, (None, None))
    goal = []
    if seconds is not None:
        goal.append(f"≤ {seconds:g} s")
    if ratio is not None:
        goal.append(f"≤ {ratio:g}× floor")
    if row in MEMORY_TARGETS:
        goal.append(f"≤ {MEMORY_TARGETS[row]} MB")
    if row not in ("build", "build, one new text", "parse the snapshot (the old floor)", FIRST_VALIDATE, "validate"):
        goal.append("growth ≤ 2")
    return f"| {title} | " + " | ".join(cells) + f" | {_growth(by, row)} | {', '.join(goal)} |"


def _growth(by: dict, row: str) -> str:
    if 12 not in by or 120 not in by or row not in by[12] or row not in by[120]:
        return ""
    return f"{by[120][row]['seconds'] / by[12][row]['seconds']:.1f}"


def plot(results: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["arrangements"] for r in results]
    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=110)
    # fifteen lines: a colour of tab20 and a marker each, so that no two look alike, and the legend
    # beside the plot, where it hides no line
    colours, markers = plt.get_cmap("tab20").colors, "osD^vP*Xh<>p"
    shown = [row for row in ["floor", *ROWS] if all(row in r["measures"] for r in results)]
    for index, row in enumerate(shown):
        style = {"linewidth": 3, "color": "black", "marker": "o"} if row == "floor" else \
            {"color": colours[(2 * index) % 20 + (index // 10) % 2], "marker": markers[index % len(markers)]}
        ax.plot(sizes, [r["measures"][row]["seconds"] for r in results], label=row, **style)
    ax.set_yscale("log")
    ax.set_xlabel("arrangements")
    ax.set_ylabel("seconds (best of N, fresh process; log scale)")
    ax.set_xticks(sizes)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _replace_block(path: Path, marker: str, text: str) -> None:
    from ra_graph.core.atomic import write_atomic

    new, found = re.subn(rf"(<!-- {marker}:start -->\n).*?(<!-- {marker}:end -->)",
                         lambda m: m.group(1) + text + "\n" + m.group(2), path.read_text(encoding="utf-8"),
                         flags=re.S)
    if found != 1:
        raise SystemExit(f"{path} needs exactly one <!-- {marker}:start --> … <!-- {marker}:end --> block")
    write_atomic(path, new)


def main(args) -> None:
    code = Path(args.code).resolve() if args.code else ROOT
    if args.from_json:
        results = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        stamp = args.stamp or time.strftime("%Y-%m-%d")
    else:
        sizes = [int(s) for s in args.sizes.split(",")]
        unknown = [s for s in sizes if s not in SIZES]
        if unknown:
            raise SystemExit(f"--sizes: unknown size(s) {unknown}; known: {sorted(SIZES)}")
        results = []
        with tempfile.TemporaryDirectory(prefix="ra-scale-") as tmp:
            for n in sizes:
                results.append(measure_size(n, Path(tmp) / str(n), code, args.runs, args.patience,
                                            lambda line: print(line, file=sys.stderr, flush=True)))
                if args.json:  # what is measured is kept, should a later size fail
                    Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        stamp = time.strftime("%Y-%m-%d")
    loads = [x for r in results for x in r.get("load", [])]
    busy = (f" The machine was shared: its load average (1 min) went from {min(loads):.1f} to {max(loads):.1f} "
            f"during the run, so CPU seconds (below) say more than wall time." if loads else "")
    text = (f"Best of {args.runs}, measured {stamp} on {os.cpu_count()} cores "
            f"(`python benchmarks/bench.py --scale --docs`); each cell: wall seconds · ratio to the floor "
            f"· peak memory of the process tree.{busy}\n\n" + table(results))
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        plot(results, Path(args.plot), f"ra-graph on {os.cpu_count()} cores, {stamp}")
    if getattr(args, "docs", False):
        _replace_block(ROOT / "docs" / "quality" / "performance.md", "scale", text)
    if args.readme:
        _replace_block(ROOT / "README.md", "scale", text)
