"""The workbench at three boundaries: a question's answer fifty rows a page, a client asking for
two RDF formats equally, and a clause page listing that clause's findings only.

Each test names the mutant of ``tools/mutants.py --systematic`` it holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "graph" / "ra-graph.trig"
MINI = FIXTURES / "mini.trig"


def _rows(body: bytes) -> int:
    [tbody] = re.findall(r"<tbody>(.*?)</tbody>", body.decode("utf-8"), re.S)
    return tbody.count("<tr")


def _pager(body: bytes) -> list[str]:
    return re.findall(r'<nav class="pager" aria-label="pages">.*?<span>(.*?)</span>', body.decode("utf-8"), re.S)


def test_a_questions_answer_is_shown_fifty_rows_a_page():
    """N-aca0b2 (``PER_PAGE = 50``): what the Rijk committed to (well over a hundred commitments in
    the shipped graph) is shown fifty rows a page; the last page has the rest."""
    bench = Workbench(open_graph(SHIPPED), SHIPPED)
    asked = {"actor": ["Rijk"]}
    total = _rows(bench.handle("/questions/commitments-of", {**asked, "page": ["all"]}).body)
    assert total > 100
    pages = -(-total // 50)
    first = bench.handle("/questions/commitments-of", asked).body
    last = bench.handle("/questions/commitments-of", {**asked, "page": [str(pages)]}).body
    assert (_rows(first), _pager(first)) == (50, [f"1 / {pages}"])
    assert (_rows(last), _pager(last)) == (total - 50 * (pages - 1), [f"{pages} / {pages}"])


@pytest.fixture(scope="module")
def mini() -> Workbench:
    return Workbench(open_graph(MINI), MINI)


@pytest.mark.parametrize(("accept", "media"), [
    ("text/turtle, application/ld+json", "text/turtle"),
    ("application/ld+json, text/turtle", "application/ld+json"),
    ("application/n-triples;q=0.8, text/turtle;q=0.8, text/html;q=0.5", "application/n-triples"),
])
def test_of_two_rdf_formats_asked_for_equally_the_first_named_is_given(mini, accept, media):
    """C-6556c5 (``q > best_q``): a client that accepts two RDF formats with the same weight gets
    the one it names first (as HTTP clients expect), not the last."""
    reply = mini.handle("/id/rijk", {}, accept)
    assert (reply.status, reply.content_type.split(";")[0]) == (200, media)


def _findings(bench: Workbench, clause: str) -> tuple[list[str], list[str]]:
    body = bench.handle(f"/id/{clause}", {}, "text/html").body.decode("utf-8")
    return (re.findall(r'<h2 id="h-find">(.*?)</h2>', body),
            re.findall(r'<li><span class="sev-(\w+)">\w+</span> ([\w-]+):', body))


def test_a_clause_page_lists_its_own_findings_and_no_others(mini):
    """C-32ce8f (``f.clause == ident``): the clause without an obligor shows its one violation;
    a clause with no finding shows none -- not the other clauses' findings."""
    assert _findings(mini, "groningen-2025/2.4/agenda-1") == (["Validatiebevindingen (1)"],
                                                             [("Violation", "responsible-party")])
    assert _findings(mini, "groningen-2025/2.1/3") == (["Validatiebevindingen (0)"], [])
