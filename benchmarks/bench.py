"""Benchmark the commands analysts run interactively (a script, not a test).

Every figure is a best-of-N wall time of a fresh process (what an analyst
waits for), reported together with a baseline measured in the same run, so
the ratios hold on any machine:

* floor: ``python -c "import rdflib"`` + parsing the snapshot with rdflib;
* build: ``ra-graph build`` (to a temporary file);
* cold ``ra-graph clauses --format json``, ``ra-graph owes LVVN Groningen``,
  ``ra-graph analyse`` and ``ra-graph visualise``;
* validation: ``ra_graph.validate.shacl.run`` vs a bare ``pyshacl.validate`` on the
  same graph, in-process;
* endpoint: stored queries per second over loopback against ``ra-graph serve``.

Usage: ``python benchmarks/bench.py [--runs 5] [--readme]`` (``--readme``
rewrites the block between the bench markers in README.md).

``--scale`` measures growth with the number of arrangements instead (2, 12,
60 and 120, on generated corpora): see ``benchmarks/scale.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "data" / "graph" / "ra-graph.trig"
PY = sys.executable
RA = [PY, "-m", "ra_graph"]

sys.path.insert(0, str(ROOT / "benchmarks"))
import scale  # noqa: E402  (beside this script, not a package)


def wall(cmd: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
        best = min(best, time.perf_counter() - start)
    return best


def best_of(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def validation(runs: int) -> tuple[float, float]:
    import pyshacl
    from rdflib import Dataset, Graph

    from ra_graph.core import paths
    from ra_graph.validate.shacl import run

    ds = Dataset()
    ds.parse(SNAPSHOT, format="trig")
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    shapes = Graph().parse(paths.SHAPES)
    ontology = Graph().parse(paths.ONTOLOGY)
    bare = best_of(lambda: pyshacl.validate(union, shacl_graph=shapes, ont_graph=ontology, inference="none"), runs)
    ours = best_of(lambda: run(SNAPSHOT), runs)
    return bare, ours


def endpoint(seconds: float = 3.0, clients: int = 8) -> tuple[float, int]:
    """Stored queries (bound with their header examples) round-robin over loopback."""
    from ra_graph.core.store import open_graph
    from ra_graph.query import library

    store = open_graph(SNAPSHOT)
    texts = [library.standalone(library.bind(store, q, q.example))
             for q in map(library.find, library.available())]
    qps, failed = scale.endpoint({**os.environ, "RA_GRAPH_HOME": str(ROOT)}, texts, seconds, clients)
    if failed:
        raise SystemExit(f"the endpoint failed {failed} answers")
    return qps, len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--readme", action="store_true", help="update the figures in README.md")
    parser.add_argument("--docs", action="store_true",
                        help="with --scale: update the figures in docs/quality/performance.md")
    parser.add_argument("--scale", action="store_true", help="growth with the number of arrangements")
    parser.add_argument("--sizes", default="2,12,60,120", help="with --scale: arrangement counts")
    parser.add_argument("--code", help="with --scale: run the ra_graph package of this checkout")
    parser.add_argument("--patience", type=float, default=20.0,
                        help="with --scale: a command slower than this (s) runs once")
    parser.add_argument("--plot", default=str(ROOT / "docs" / "img" / "scale.png"),
                        help="with --scale: PNG of time against arrangements ('' for none)")
    parser.add_argument("--json", help="with --scale: also write the raw figures to this file")
    parser.add_argument("--from-json", help="with --scale: report figures written by --json, measure nothing")
    parser.add_argument("--stamp", help="with --from-json: the date the figures were measured")
    args = parser.parse_args()
    if args.scale:
        scale.main(args)
        return
    n = args.runs

    floor = wall([PY, "-c", f"import rdflib; rdflib.Dataset().parse({str(SNAPSHOT)!r}, format='trig')"], n)
    bare_python = wall([PY, "-c", "pass"], n)
    with tempfile.TemporaryDirectory() as tmp:
        build = wall(RA + ["build", "--no-cache", "--out", os.path.join(tmp, "g.trig")], n)  # every text read
    clauses = wall(RA + ["clauses", "--format", "json"], n)
    owes = wall(RA + ["owes", "LVVN", "Groningen", "--format", "json"], n)
    analyse = wall(RA + ["analyse", "--format", "json"], n)
    with tempfile.TemporaryDirectory() as tmp:
        visualise = wall(RA + ["visualise", "--out", os.path.join(tmp, "g.html")], n)
    # exit 1 is validate's negative answer (the shipped graph has a Violation)
    validate = wall(RA + ["validate", "--format", "json", "--as-of", "2026-07-01"], n, ok=(0, 1))
    bare_shacl, ours_shacl = validation(n)
    qps, nqueries = endpoint()

    rows = [
        ("floor: `import rdflib` + parse snapshot", floor, 1.0),
        ("python start-up alone", bare_python, bare_python / floor),
        ("`ra-graph build` (full)", build, build / floor),
        ("`ra-graph clauses --format json` (cold)", clauses, clauses / floor),
        ("`ra-graph owes LVVN Groningen` (cold)", owes, owes / floor),
        ("`ra-graph analyse --format json` (cold)", analyse, analyse / floor),
        ("`ra-graph visualise --out g.html` (cold)", visualise, visualise / floor),
        ("`ra-graph validate --as-of 2026-07-01` (cold, whole command)", validate, validate / floor),
        ("bare `pyshacl.validate` on the snapshot (in-process)", bare_shacl, 1.0),
        ("`ra_graph.validate.shacl.run` on the snapshot (in-process)", ours_shacl, ours_shacl / bare_shacl),
    ]
    lines = [
        f"Best of {n}, measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores "
        f"(`python benchmarks/bench.py`). Ratios are against the baseline above them.",
        "",
        "| what | seconds | ratio |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {sec:.3f} | {ratio:.2f}× |" for name, sec, ratio in rows]
    lines.append(f"| SPARQL endpoint, {nqueries} stored queries round-robin over loopback | "
                 f"{qps:.0f} queries/s | — |")
    table = "\n".join(lines)
    print(table)
    if args.readme:
        from ra_graph.core.atomic import write_atomic

        readme = ROOT / "README.md"
        new, found = re.subn(r"(<!-- bench:start -->\n).*?(\n<!-- bench:end -->)",
                             lambda m: m.group(1) + table + m.group(2), readme.read_text(encoding="utf-8"),
                             flags=re.S)
        if found != 1:
            raise SystemExit("README.md needs exactly one <!-- bench:start --> … <!-- bench:end --> block")
        write_atomic(readme, new)


if __name__ == "__main__":
    main()
