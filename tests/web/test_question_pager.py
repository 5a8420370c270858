"""A question's page says how many pages its answer has and links the next one; with page=all it is
one page, and offers no pager.  C-49e62e (``pages = 1 if page == "all"``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.trig"


@pytest.fixture(scope="module")
def mini():
    return Workbench(open_graph(MINI), MINI)


def _pager(bench, **params: str) -> list[str]:
    reply = bench.handle("/questions/modality-per-arrangement", {k: [v] for k, v in params.items()})
    assert reply.status == 200
    return re.findall(r'<nav class="pager" aria-label="pages">.*?<span>(.*?)</span>', reply.body.decode("utf-8"), re.S)


def test_eight_rows_three_a_page_are_three_pages_and_all_of_them_one(mini):
    assert _pager(mini, per="3") == ["1 / 3"]
    assert _pager(mini, per="3", page="2") == ["2 / 3"]
    assert _pager(mini, per="3", page="all") == []
    assert _pager(mini, per="8") == []
