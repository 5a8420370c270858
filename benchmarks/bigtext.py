#!/usr/bin/env python3
"""Is ra-graph linear on one big text?  Times build, extract and analyse on generated texts.

A register grows by texts, but one text can be big too: a province may put
all its agreements in one arrangement, or a PDF export may lose its full
stops and make one sentence of a chapter.  This benchmark makes, from the
real Drenthe 2025 text, one arrangement of N clauses (its section 3.3, nine
numbered agreements, repeated as sections 3.3, 3.4, …) and one arrangement
whose single agreement is one sentence of S bytes (actor, programme and
place names throughout), and times:

* ``extract``: reading the text (``pipeline.draft``);
* ``build``: the whole ``build --no-cache`` of that one text (extraction,
  compiling, serialising, the read-back check);
* ``analyse``: ``ra-graph analyse`` of the built graph (standard clauses
  compare every pair of near-identical clauses: the repeated sections are
  its worst case).

    python benchmarks/bigtext.py                  # 1,000 and 10,000 clauses; 100 KB and 1 MB
    python benchmarks/bigtext.py --clauses 500 5000 --sentence 50000 500000
    python benchmarks/bigtext.py --repeat 3       # best of three

Each step is timed in wall seconds and in CPU seconds of this process (on a
shared machine the CPU time varies less).  Linear means: ten times the text
costs at most twelve times the time; the last lines print each ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCE = ROOT / "data" / "sources" / "ra-drenthe-2025.txt"
SECTION_TITLE = " 3.3. Energie en economie "
NEXT_CHAPTER = "4. Overige aspecten "
PHRASE = ("het Rijk en de provincie Drenthe gaan met LVVN, IenW en VRO in gesprek over Emmen, Assen en "
          "het Deltaprogramma Zoetwater, en de provincie Drenthe onderzoekt met het Rijk de ruimte voor defensie, ")


def _parts() -> tuple[list[str], list[str], list[str]]:
    """(the text before section 3.3, section 3.3 up to its last agreement, chapter 4 onwards)."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    start = lines.index(SECTION_TITLE)
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Opgave/toelichting"))
    tail = lines.index(NEXT_CHAPTER)
    return lines[:start], lines[start:end], lines[tail:]


def many_clauses(clauses: int) -> str:
    """A text with at least ``clauses`` agreements: section 3.3 repeated as 3.3, 3.4, …"""
    head, section, tail = _parts()
    per_section = sum(1 for line in section if line[:2] in {f"{n}." for n in range(1, 10)})
    body = []
    for k in range(-(-clauses // per_section)):
        body.append(f" 3.{3 + k}. Energie en economie ")
        body += section[1:]
    return "\n".join(head + body + tail) + "\n"


def one_sentence(size: int) -> str:
    """A text whose section 3.3 holds one agreement: a sentence of about ``size`` bytes, wrapped
    at 95 characters as the PDF export wraps it."""
    head, section, tail = _parts()
    words = ("1. " + PHRASE * (size // len(PHRASE) + 1))[:size].rsplit(" ", 1)[0].split(" ")
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > 95:
            lines.append(line + " ")
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line + ".")
    first_item = next(i for i, text in enumerate(section) if text.startswith("1. "))
    return "\n".join(head + section[:first_item] + lines + ["", ""] + tail) + "\n"


def measure(text: str, work: Path) -> dict[str, tuple[float, float]]:
    """(wall seconds, CPU seconds of this process) to extract, build and analyse one arrangement
    text: on a shared machine the CPU seconds vary less than the wall time."""
    from ra_graph.core.store import open_graph
    from ra_graph.extract import gazetteer
    from ra_graph.extract.pipeline import draft
    from ra_graph.graph.build import build_snapshot
    from ra_graph.network.analyse import analyse_command

    sources = work / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    path = sources / "ra-drenthe-2025.txt"
    path.write_text(text, encoding="utf-8")
    gazetteer.load()  # once, as every command does before it reads
    out = work / "g.trig"
    times: dict[str, tuple[float, float]] = {}

    def timed(name: str, step: Callable[[], object]) -> None:
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        times[name] = (time.perf_counter() - wall, time.process_time() - cpu)

    timed("extract", lambda: draft(path))
    timed("build", lambda: build_snapshot(sources, out, curation=False, use_cache=False, jobs=1))
    store = open_graph(out)  # not timed: analyse starts from an open graph
    timed("analyse", lambda: analyse_command(store, fmt="json", threshold=0.8, wide=False))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clauses", type=int, nargs=2, default=[1000, 10000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--sentence", type=int, nargs=2, default=[100_000, 1_000_000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="measure each case N times and keep the best wall and the best CPU time of each step")
    args = parser.parse_args(argv)
    import logging

    logging.disable(logging.WARNING)
    results: dict[str, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="ra-bigtext-") as tmp:
        cases = [(f"{n} clauses", many_clauses(n)) for n in args.clauses]
        cases += [(f"{n} byte sentence", one_sentence(n)) for n in args.sentence]
        for index, (name, text) in enumerate(cases):
            runs = []
            for run in range(max(args.repeat, 1)):
                with contextlib.redirect_stdout(io.StringIO()):  # analyse's JSON is not the point
                    runs.append(measure(text, Path(tmp) / f"{index}-{run}"))
            results[name] = {step: (min(r[step][0] for r in runs), min(r[step][1] for r in runs)) for step in runs[0]}
            times = "  ".join(f"{k} {wall:7.2f} s ({cpu:.2f} s CPU)" for k, (wall, cpu) in results[name].items())
            print(f"{name:>22}: {len(text.encode()):>10} bytes  {times}", flush=True)
    names = list(results)
    for small, large in ((names[0], names[1]), (names[2], names[3])):
        ratios = "  ".join(f"{k} x{results[large][k][0] / max(results[small][k][0], 1e-6):.1f}"
                           f" (CPU x{results[large][k][1] / max(results[small][k][1], 1e-6):.1f})"
                           for k in results[small])
        print(f"{large} / {small}: {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
