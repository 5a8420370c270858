"""Time ``ra-graph validate`` against a bare ``pyshacl.validate`` on the same graph.

The graph is tests/fixtures/mini.trig with its two arrangements copied until
it has about the size of the real snapshot (``--copies``, default 40: about
8,000 triples), or the snapshot given with ``--graph``.

    python3 benchmarks/bench_validate.py [--copies 40] [--graph data/graph/ra-graph.trig]

Prints triples, the bare pyshacl time (shapes + ontology, no enrichment),
and the time of ``ra_graph.validate.run`` (load, flatten, SHACL, Python
checks, finding enrichment), best of three.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.trig"


def scaled_graph(copies: int) -> str:
    """mini.trig with every arrangement graph repeated ``copies`` times under new IRIs."""
    text = MINI.read_text(encoding="utf-8")
    head, _, rest = text.partition("<https://w3id.org/ra-graph/id/graph/groningen-2025>")
    arrangements = "<https://w3id.org/ra-graph/id/graph/groningen-2025>" + rest
    out = [head]
    for i in range(copies):
        copy = re.sub(r"(groningen|drenthe)-2025", rf"\g<1>{i}-2025", arrangements)
        copy = re.sub(r'"(groningen|drenthe)(/|")', rf'"\g<1>{i}\2', copy)
        out.append(copy)
    return "\n".join(out)


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--graph", type=Path)
    args = parser.parse_args(argv)

    import pyshacl
    from rdflib import Graph

    from ra_graph import paths
    from ra_graph.validate import bind_as_of, flatten, load_turtle, run
    from ra_graph.store import open_graph

    with tempfile.TemporaryDirectory() as tmp:
        path = args.graph
        if path is None:
            path = Path(tmp) / "scaled.trig"
            path.write_text(scaled_graph(args.copies), encoding="utf-8")
        flat = flatten(open_graph(path))
        shapes = bind_as_of(load_turtle(paths.SHAPES, "shapes"), None)
        ontology = load_turtle(paths.ONTOLOGY, "ontology") if paths.ONTOLOGY.is_file() else None

        def bare() -> None:
            data = Graph()
            data += flat
            pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none", inplace=True)

        bare_time = _best(bare)
        run_time = _best(lambda: run(path))
        report = run(path)
    print(f"triples: {len(flat)}")
    print(f"bare pyshacl.validate: {bare_time:.3f} s")
    print(f"ra_graph.validate.run: {run_time:.3f} s  ({len(report.findings)} findings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
