"""Stored queries rewritten for scale give exactly the rows of their original form.

``tests/fixtures/queries/quadratic/`` keeps the original text of every
stored query that was rewritten because it grew quadratically with the
number of arrangements (an EXISTS or a property path evaluated per row).
Both forms run on the fixture graph and on a generated register of two
provinces and two years, and must give the same rows in the same order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ra_graph.core.store import open_graph
from ra_graph.query import library
from ra_graph.query.results import result_rows

ORIGINALS = sorted((Path(__file__).parents[1] / "fixtures" / "queries" / "quadratic").glob("*.rq"))


def rows(store, query: library.StoredQuery) -> tuple[list[str], list[dict]]:
    return result_rows(store, library.run(store, library.bind(store, query, query.example)))


@pytest.mark.parametrize("original", ORIGINALS, ids=[p.stem for p in ORIGINALS])
def test_rewritten_query_gives_the_original_rows(original, register, mini_path):
    rewritten = library.find(original.stem)
    assert rewritten.text != original.read_text(encoding="utf-8")
    for graph in (mini_path, register / "data" / "graph" / "ra-graph.trig"):
        store = open_graph(graph)
        columns, expected = rows(store, library.load(original))
        assert len(expected) > 1, graph
        assert rows(store, rewritten) == (columns, expected), graph


def test_the_register_has_one_sided_clauses_of_both_sides(register):
    """The comparison above means something: the register has clauses carried by either side."""
    columns, found = rows(open_graph(register / "data" / "graph" / "ra-graph.trig"), library.find("one-sided"))
    sides = {row["side"]["iri"].rsplit("/", 1)[-1] for row in found}
    assert sides == {"rijk", "provincie-fryslan", "provincie-groningen"}
