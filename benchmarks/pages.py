"""Server time of every workbench page on a generated register (default 12 provinces x 10 years = 120
arrangements): ``python benchmarks/pages.py [--provinces 12] [--years 10] [--home DIR]``.

Each page is rendered by the same :class:`ra_graph.web.workbench.Workbench` a query worker holds
(the validation report and the network page made in a background thread; the time until they are
ready is printed), in this process: the first time (what the first visitor waits) and then the best of three (every later visitor; the endpoint's page
cache is not used, so this is the rendering itself).  Prints one line per page and the slowest.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _corpus():
    spec = importlib.util.spec_from_file_location("ra_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinces", type=int, default=12)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--home", type=Path, help="an existing generated register (built) to reuse")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="ra-pages-"))
    graph = home / "data" / "graph" / "ra-graph.trig"
    if not graph.is_file():
        _corpus().generate(home, provinces=args.provinces, years=range(2025, 2025 + args.years), seed=1,
                           force=True, repo=ROOT)
        subprocess.run([sys.executable, "-m", "ra_graph", "build"], env={**os.environ, "RA_GRAPH_HOME": str(home)},
                       cwd=home, check=True, capture_output=True)
    from ra_graph.core.store import open_graph
    from ra_graph.core.versions import latest, versions
    from ra_graph.web.workbench import Workbench

    store = open_graph(graph)
    start = time.perf_counter()
    bench = Workbench.for_worker(store, graph)  # as a server's worker makes it, before its first request
    every = versions(store)
    newest = latest(every)
    a, b = next((x, y) for x, y in zip(every, every[1:]) if x.province == y.province)
    from ra_graph.core.store import select

    clause = select(store, "SELECT ?id WHERE { ?c a ra:Clause ; ra:inArrangement ?a ; dcterms:identifier ?id ."
                           f" VALUES ?a {{ <{newest[0].iri}> }} }} LIMIT 1")[0]["id"].value
    province = newest[0].province
    pages = [("/", {}), ("/id/rijk", {}), ("/id/vro", {}), (f"/id/provincie-{province}", {}), (f"/id/{newest[0].id}", {}),
             (f"/id/{clause}", {}), (f"/id/{clause}.ttl", {}), ("/def", {}), ("/questions", {}),
             ("/questions/owes", {"debtor": ["Rijk"], "creditor": [province.capitalize()]}),
             ("/questions/one-sided", {}), ("/validation", {}), ("/network", {}), ("/deadlines", {}),
             ("/deadlines.ics", {}), (f"/diff/{a.id}/{b.id}", {}), (f"/history/{clause}", {}), ("/void", {})]
    print(f"{len(every)} arrangements, {graph}")
    for path in ("/validation", "/network"):  # while the slow parts are being made: the page says so
        t = time.perf_counter()
        reply = bench.handle(path, {})
        print(f"{path + ' (while being made)':<55} {reply.status} {(time.perf_counter() - t) * 1000:8.0f} ms")
    while bench.report() is None or bench.network_html() is None:
        time.sleep(0.2)
    print(f"the report and the network page were ready {time.perf_counter() - start:.1f} s after the start")
    worst = (0.0, "")
    for path, params in pages:
        start = time.perf_counter()
        reply = bench.handle(path, params)
        first = time.perf_counter() - start
        best = min(_timed(bench, path, params) for _ in range(3))
        worst = max(worst, (best, path))
        print(f"{path:<55} {reply.status} first {first * 1000:8.0f} ms  then {best * 1000:6.0f} ms")
    print(f"slowest after the first visit: {worst[1]} {worst[0] * 1000:.0f} ms")


def _timed(bench, path, params) -> float:
    start = time.perf_counter()
    bench.handle(path, params)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
