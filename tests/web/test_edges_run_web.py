"""Edges of the workbench's pages that survivors of the full systematic mutation run showed unheld
(issue #25): each test names the mutant(s) it holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from ra_graph.web.workbench import Workbench

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"


@pytest.fixture(scope="module")
def bench() -> Workbench:
    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    return Workbench(store, MINI)


@pytest.mark.parametrize("first, last, rows", [("2026-12-31", "2026-12-31", 2), ("2025-08-31", "2025-08-31", 1),
                                               ("2026-12-30", "2026-12-31", 2), ("2026-12-31", "2026-12-30", None)])
def test_a_deadline_window_of_one_day_is_a_window_and_one_ending_the_day_before_is_refused(
        bench, ra, first, last, rows):
    """C-01d04f (``last < first`` on the deadlines page): ``to`` equal to ``from`` is a window of
    that one day (the two commitments due 2026-12-31 in mini.trig, or the one due 2025-08-31);
    ``to`` one day before ``from`` is refused, 400, saying why.  ``ra-graph deadlines --from
    --to`` answers the same at the same boundary: the same number of rows, or exit 2."""
    reply = bench.handle("/deadlines", {"from": [first], "to": [last], "as_of": ["2025-01-01"]})
    page = reply.body.decode("utf-8")
    cli = ra("deadlines", "--graph", MINI, "--from", first, "--to", last, "--as-of", "2025-01-01",
             "--format", "json")
    if rows is None:
        assert reply.status == 400
        assert f"to: {last} is before from {first}" in page
        assert (cli.code, cli.err) == (2, f"ra-graph: --to: {last} is before --from {first}\n")
    else:
        assert reply.status == 200
        assert re.findall(r'<span id="row-count">(\d+)</span>', page) == [str(rows)]
        assert cli.code == 0 and len(json.loads(cli.out)) == rows
