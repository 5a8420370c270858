"""How ra-graph grows with the number of arrangements (``bench.py --scale``).

For 2, 12, 60 and 120 arrangements (2 provinces x 1 year, 12 x 1, 12 x 5,
12 x 10) a corpus is generated with ``benchmarks/corpus.py`` (seed 1) and
every command an analyst runs is timed as a fresh process, best of N, with
its peak memory (the largest resident set of the process tree: the build's
worker processes count).  Each time is also given as a ratio to the floor
measured in the same run on the same snapshot: a fresh ``python`` that
imports pyoxigraph and parses the snapshot.  The last column is
time(120) / time(12): linear growth keeps it at or below 12 (for the
endpoint it is the throughput ratio 12 -> 120, where higher is better).

    python benchmarks/bench.py --scale                 # table on stdout, benchmarks/scale.png
    python benchmarks/bench.py --scale --readme        # also rewrite the figures in README.md
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RA = [PY, "-m", "ra_graph"]
SIZES = {2: (2, 2025, 2025), 12: (12, 2025, 2025), 60: (12, 2025, 2029), 120: (12, 2025, 2034)}
# command -> the target at 120 arrangements (seconds; answers/s for the endpoint)
TARGETS = {"build": 30, "validate": 10, "slowest stored query": 1, "owes Rijk Groningen": 1,
           "analyse": 10, "visualise": 5, "endpoint (answers/s)": 200}


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


def endpoint(env: dict, texts: list[str], seconds: float = 5.0, clients: int = 8) -> tuple[float, int]:
    """(answers per second, answers that failed or timed out) for ``texts`` round-robin."""
    import urllib.error
    import urllib.parse
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    log = tempfile.TemporaryFile(mode="w+")  # the server logs every request: never let a pipe fill
    server = subprocess.Popen(RA + ["serve", "--port", "0"], cwd=env["RA_GRAPH_HOME"], env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
    try:
        url, deadline = None, time.monotonic() + 60
        while url is None:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise SystemExit(f"ra-graph serve did not start: {log.read()}")
            time.sleep(0.05)
            log.seek(0)
            found = re.search(r"at (\S+/sparql)", log.read())
            url = found and found.group(1)

        def ask(text: str) -> bool:
            """One answer, read whole (not parsed: this client shares the cores with the server)."""
            body = urllib.parse.urlencode({"query": text}).encode()
            request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status == 200 and len(response.read()) > 0
            except urllib.error.HTTPError:
                return False

        for text in texts:  # warm the workers
            ask(text)
        done = failed = 0
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            while time.perf_counter() - start < seconds:
                answers = list(pool.map(ask, texts * clients))
                done += len(answers)
                failed += answers.count(False)
        return done / (time.perf_counter() - start), failed
    finally:
        server.terminate()
        server.wait(timeout=10)


def _query_texts(env: dict) -> list[str]:
    """The stored queries bound to their examples, as the endpoint would receive them."""
    script = (
        "import json, sys\n"
        "from ra_graph.core.store import open_graph\n"
        "from ra_graph.core import paths\n"
        "from ra_graph.query import library\n"
        "store = open_graph(paths.SNAPSHOT)\n"
        "out = []\n"
        "from ra_graph.core.errors import RaGraphError\n"
        "for name in library.available():\n"
        "    q = library.find(name)\n"
        "    try:\n"
        "        out.append(library.standalone(library.bind(store, q, q.example)))\n"
        "    except RaGraphError:  # the example names something this register lacks\n"
        "        pass\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([PY, "-c", script], env=env, cwd=env["RA_GRAPH_HOME"], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


def measure_size(n: int, home: Path, code: Path, runs: int, patience: float, log) -> dict:
    """Generate the corpus of ``n`` arrangements in ``home`` and time every command on it."""
    provinces, first, last = SIZES[n]
    _corpus_module().generate(home, provinces=provinces, years=range(first, last + 1), seed=1, force=True,
                              repo=code)
    env = {**os.environ, "RA_GRAPH_HOME": str(home), "PYTHONPATH": str(code)}
    snapshot = home / "data" / "graph" / "ra-graph.trig"
    cache = home / "data" / "graph" / ".cache"
    out: dict[str, Measure] = {}

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def step(name: str, m: Measure) -> None:
        out[name] = m
        log(f"  {n:>3} arrangements  {name:<28} {m.seconds:8.2f} s {m.peak_mb:7.0f} MB {m.note}")

    step("build", best(RA + ["build"], env, runs, patience, before=clear_cache))
    # one new text: the cache holds every other text's extraction
    newest = sorted((home / "data" / "sources").glob("ra-*.txt"))[-1]
    held = home / newest.name
    newest.rename(held)
    _once(RA + ["build"], env, (0,))
    held.rename(newest)
    step("build, one new text", _once(RA + ["build"], env, (0,)))  # the cache holds the others (if any)
    floor_script = f"import pyoxigraph as ox; ox.Store().load(path={str(snapshot)!r}, format=ox.RdfFormat.TRIG)"
    step("floor", best([PY, "-c", floor_script], env, runs, patience))
    step("validate", best(RA + ["validate", "--format", "json"], env, runs, patience, ok=(0, 1)))
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
    step("owes Rijk Groningen", best(RA + ["owes", "Rijk", "Groningen", "--format", "json"], env, runs, patience))
    step("analyse", best(RA + ["analyse", "--format", "json"], env, runs, patience))
    with tempfile.TemporaryDirectory() as tmp:
        step("visualise", best(RA + ["visualise", "--out", os.path.join(tmp, "g.html")], env, runs, patience))
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(snapshot), format=ox.RdfFormat.TRIG)
    qps, failed = endpoint(env, _query_texts(env))
    step("endpoint (answers/s)", Measure(qps, 0, f"{failed} failed or timed out"))
    return {"arrangements": n, "triples": len(store), "measures": {k: vars(v) for k, v in out.items()}}


# --------------------------------------------------------------------------- report

ROWS = ["build", "build, one new text", "validate", "slowest stored query", "owes Rijk Groningen",
        "analyse", "visualise", "endpoint (answers/s)"]


def table(results: list[dict]) -> str:
    """Markdown: per command and size, wall seconds · ratio to the floor · peak memory; then CPU seconds."""
    sizes = [r["arrangements"] for r in results]
    by = {r["arrangements"]: r["measures"] for r in results}
    floor = {n: by[n]["floor"]["seconds"] for n in sizes}
    columns = " | ".join(f"{n} arrangements" for n in sizes)
    lines = [f"| | {columns} | 120 / 12 | target at 120 |", "|---|" + "---:|" * len(sizes) + "---:|---:|",
             "| triples | " + " | ".join(f"{r['triples']:,}" for r in results) + " | | |",
             "| floor: `import pyoxigraph` + parse snapshot | "
             + " | ".join(f"{floor[n]:.2f} s" for n in sizes) + f" | {_growth(by, 'floor')} | |"]
    for row in ROWS:
        cells = []
        for n in sizes:
            m = by[n].get(row)
            if m is None:
                cells.append("—")
            elif row.startswith("endpoint"):
                cells.append(f"{m['seconds']:.0f}/s" + ("" if m["note"].startswith("0 ") else f" ({m['note']})"))
            else:
                name = f" `{m['note']}`" if row == "slowest stored query" else ""
                cells.append(f"{m['seconds']:.2f} s · {m['seconds'] / floor[n]:.0f}× · {m['peak_mb']:.0f} MB{name}")
        target = TARGETS.get(row)
        goal = "" if target is None else (f"≥ {target}/s" if row.startswith("endpoint") else f"≤ {target} s")
        lines.append(f"| {row} | " + " | ".join(cells) + f" | {_growth(by, row)} | {goal} |")
    lines += ["", "CPU seconds (user + system, the command and its worker processes):", "",
              f"| | {columns} |", "|---|" + "---:|" * len(sizes)]
    for row in ["floor", *ROWS]:
        if not row.startswith("endpoint"):
            lines.append(f"| {row} | " + " | ".join(f"{by[n][row].get('cpu', 0):.2f}" if row in by[n] else "—"
                                                       for n in sizes) + " |")
    return "\n".join(lines)


def _growth(by: dict, row: str) -> str:
    if 12 not in by or 120 not in by or row not in by[12] or row not in by[120]:
        return ""
    return f"{by[120][row]['seconds'] / by[12][row]['seconds']:.1f}"


def plot(results: list[dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["arrangements"] for r in results]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for row in ["floor", *ROWS]:
        if row.startswith("endpoint") or not all(row in r["measures"] for r in results):
            continue
        ax.plot(sizes, [r["measures"][row]["seconds"] for r in results], marker="o", label=row)
    ax.set_yscale("log")
    ax.set_xlabel("arrangements")
    ax.set_ylabel("seconds (best of N, fresh process; log scale)")
    ax.set_xticks(sizes)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


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
        stamp = time.strftime("%Y-%m-%d")
    text = (f"Best of {args.runs}, measured {stamp} on {os.cpu_count()} cores "
            f"(`python benchmarks/bench.py --scale --readme`); each cell: wall seconds · ratio to the floor "
            f"· peak memory of the process tree.\n\n" + table(results))
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        plot(results, Path(args.plot), f"ra-graph on {os.cpu_count()} cores, {stamp}")
    if args.readme:
        from ra_graph.core.atomic import write_atomic

        readme = ROOT / "README.md"
        new, found = re.subn(r"(<!-- scale:start -->\n).*?(<!-- scale:end -->)",
                             lambda m: m.group(1) + text + "\n" + m.group(2), readme.read_text(encoding="utf-8"),
                             flags=re.S)
        if found != 1:
            raise SystemExit("README.md needs exactly one <!-- scale:start --> … <!-- scale:end --> block")
        write_atomic(readme, new)
