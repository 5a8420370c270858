"""The workbench's home page splits the deadlines of the next 90 days as ``ra-graph deadlines
--within 90d`` does: overdue in one table, still to come in the other, each row once.
C-57cc3c (``r["status"] == "due"`` for the table of deadlines to come).

The page is made as of a fixed day (its ``today``), so that both tables have rows on any day the
suite runs."""

from __future__ import annotations

import datetime as dt
import json
import re
import types
from pathlib import Path

from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "graph" / "ra-graph.trig"
DAY = dt.date(2026, 10, 15)  # after one deadline of the shipped graph, 77 days before others


class _Day(dt.date):
    @classmethod
    def today(cls):
        return DAY


def _table(body: str, ident: str) -> list[tuple[str, str]]:
    """(due date, clause) of each row of the home page's table ``ident``."""
    [rows] = re.findall(rf'<table[^>]*id="{ident}">.*?<tbody>(.*?)</tbody>', body, re.S)
    return [re.search(r'<td data-label="Termijn">(.*?)</td>.*?href="/id/([^"]+)"', row, re.S).groups()
            for row in rows.split("<tr>")[1:]]


def test_the_home_page_shows_overdue_and_coming_deadlines_as_the_cli_counts_them(ra, monkeypatch):
    from ra_graph.web import pages

    monkeypatch.setattr(pages, "dt", types.SimpleNamespace(date=_Day, timedelta=dt.timedelta))
    cli = ra("deadlines", "--graph", SHIPPED, "--as-of", DAY.isoformat(), "--within", "90d", "--format", "json")
    assert cli.code == 0
    rows = json.loads(cli.out)
    expected = {status: sorted((r["due_by"], r["clause"]) for r in rows if r["status"] == status)
                for status in ("overdue", "due")}
    assert expected["overdue"] and expected["due"]  # both tables have rows to hold
    body = Workbench(open_graph(SHIPPED), SHIPPED).handle("/", {}, "text/html").body.decode("utf-8")
    assert f"{DAY.isoformat()};" in body  # the page's day is the CLI's --as-of
    assert sorted(_table(body, "overdue")) == expected["overdue"]
    assert sorted(_table(body, "upcoming")) == expected["due"]
    assert f"<h3>Te gaan ({len(expected['due'])})</h3>" in body
