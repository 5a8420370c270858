"""An actor's page counts, per party it deals with, what it owes, what it is owed and how many of
the commitments it owes it carries for another obligor (``ra:carriedBy``): IenW owes Drenthe one
commitment, which it carries for the Rijk, and Groningen one of its own.  C-4226f0 (``row.get("via")
== "carriedBy"``)."""

from __future__ import annotations

import re
from pathlib import Path

from ra_graph.core.namespaces import RAI
from ra_graph.core.store import open_graph
from ra_graph.web import sections
from ra_graph.web.workbench import Workbench

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.trig"


def test_an_actors_table_counts_what_it_carries_for_another_obligor():
    bench = Workbench(open_graph(MINI), MINI)
    table = sections.actor(bench, RAI + "ienw", [])["owes"]
    assert [(r["label"], r["owes"], r["owed"], r["carried"]) for r in table] == [
        ("Drenthe", 1, 0, 1), ("Groningen", 1, 0, 0)]
    page = bench.handle("/id/ienw", {}, "text/html").body.decode("utf-8")
    rows = re.findall(r'<tr data-other="[^"]+">(.*?)</tr>', page, re.S)
    assert [re.findall(r"<td>(?:<a [^>]*>)?(\d+)", row) for row in rows] == [["1", "0", "1"], ["1", "0", "0"]]
