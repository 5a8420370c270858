"""The one-sided question on the workbench answers from the arrangements in force (as owes and
deadlines do), says so, and gives exactly the rows of ``ra-graph query one-sided`` restricted to
those arrangements; with ``all_years`` it gives the rows of the unrestricted query."""

from __future__ import annotations

import json
import re
from html import unescape

import pyoxigraph as ox

from ra_graph.core.versions import latest, versions
from ra_graph.query import library
from ra_graph.web import questions
from ra_graph.web.workbench import Workbench


def _cli_rows(ra, graph, *args: str) -> list[dict]:
    result = ra("query", "one-sided", "--graph", graph, "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_one_sided_answers_from_the_arrangements_in_force_as_the_cli_restricted_to_them(register, ra):
    graph = register / "data" / "graph" / "ra-graph.trig"
    store = ox.Store()
    store.load(path=str(graph), format=ox.RdfFormat.TRIG)
    every = versions(store)
    in_force = sorted(v.id for v in latest(every))
    assert len(in_force) < len(every)  # older versions exist: the scope leaves rows out
    bench = Workbench(store, graph)
    stored = library.find("one-sided")

    answer = questions.run(bench, stored, {})
    assert answer["scope"] and all(i in answer["scope"] for i in in_force)
    expected = [row for i in in_force for row in _cli_rows(ra, graph, "--param", f"in_arrangement={i}")]
    key = lambda r: (r["arrangement"], r["line"], r["clause"])  # noqa: E731
    assert sorted(answer["rows"], key=key) == sorted(expected, key=key) != []
    assert {r["arrangement"] for r in answer["rows"]} == set(in_force)

    assert sorted(_cli_rows(ra, graph), key=key) == sorted(answer["rows"], key=key)  # the CLI's default scope too
    everything = _cli_rows(ra, graph, "--all-years")
    every_year = questions.run(bench, stored, {}, all_years=True)
    assert every_year["scope"] is None and every_year["rows"] == everything
    assert len(everything) > len(answer["rows"])

    page = bench.handle("/questions/one-sided", {})
    (said,) = re.findall(r'<p class="scope">(.*?)</p>', page.body.decode("utf-8"), re.S)
    assert unescape(said) == answer["scope"]
    page = bench.handle("/questions/one-sided", {"all_years": ["1"]})
    assert '<p class="scope">' not in page.body.decode("utf-8")
