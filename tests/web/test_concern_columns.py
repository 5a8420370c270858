"""A programme's page lists the clauses that concern it with the stored query's columns, but not
the commitment IRI, an internal column the clause link leads to.  C-c6f04c (``c != "commitment"``)."""

from __future__ import annotations

from pathlib import Path

from ra_graph.core.store import open_graph
from ra_graph.web import sections
from ra_graph.web.workbench import Workbench

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "graph" / "ra-graph.trig"


def test_the_clauses_concerning_novex_are_shown_without_the_commitment_column():
    bench = Workbench(open_graph(SHIPPED), SHIPPED)
    shown = sections.concerning(bench, "by-programme", "programme", "https://w3id.org/ra-graph/id/novex")
    assert shown["concern_columns"] == ["clause", "arrangement", "section", "line", "obligor", "modality", "text"]
    assert len(shown["concern_rows"]) == 9
