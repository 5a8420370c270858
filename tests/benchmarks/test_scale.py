"""``benchmarks/scale.py``: validate is reported twice, its first run after a build and a run
that reads its cached results, each against the targets of issue #24."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_scale():
    spec = importlib.util.spec_from_file_location("ra_scale", ROOT / "benchmarks" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["ra_scale"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


scale = _load_scale()


def _measures(first: float, cached: float) -> dict:
    return {"floor": {"seconds": 0.05, "peak_mb": 40, "cpu": 0.04},
            scale.FIRST_VALIDATE: {"seconds": first, "peak_mb": 380, "cpu": 4.9},
            "validate": {"seconds": cached, "peak_mb": 150, "cpu": 1.3}}


def test_both_validate_rows_are_in_the_table_with_their_targets():
    results = [{"arrangements": 12, "triples": 1000, "measures": _measures(0.9, 0.4)},
               {"arrangements": 120, "triples": 10000, "measures": _measures(2.8, 1.3)}]
    lines = scale.table(results).split("\n")
    first = next(line for line in lines if line.startswith("| validate, first run after a build |"))
    cached = next(line for line in lines if line.startswith("| validate |"))
    assert first == ("| validate, first run after a build | 0.900 s · 18.0× · 380 MB | 2.800 s · 56.0× · 380 MB "
                     "| 3.1 | ≤ 3 s, ≤ 400 MB |")
    assert cached == "| validate | 0.400 s · 8.0× · 150 MB | 1.300 s · 26.0× · 150 MB | 3.2 | ≤ 3 s, ≤ 400 MB |"
    assert lines.index(first) < lines.index(cached)
    assert any(line.startswith("| validate, first run after a build | 4.90 · 122.5× |") for line in lines)  # CPU


def test_best_calls_before_ahead_of_every_run(tmp_path):
    calls = []
    measure = scale.best([sys.executable, "-c", "pass"], {"RA_GRAPH_HOME": str(tmp_path)}, runs=3, patience=60,
                         before=lambda: calls.append(1))
    assert calls == [1, 1, 1] and measure.seconds > 0
