"""Boundaries of the workbench that the systematic mutants (``tools/mutants.py --systematic``)
found unheld: each test names the mutant(s) it holds.  The workbench is driven in-process
(``Workbench.handle``, what a worker does for a request): no server, no browser."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"
RAI = "https://w3id.org/ra-graph/id/"


@pytest.fixture(scope="module")
def mini():
    return Workbench(open_graph(MINI), MINI)


@pytest.fixture(scope="module")
def two(two_drenthes):
    return Workbench(open_graph(two_drenthes), two_drenthes)


# --- paging a question's answer ----------------------------------------------------------------------

# modality-per-arrangement on mini.trig: 8 rows, drenthe-2025's four modalities then groningen-2025's
FIRST_PAGE = [("drenthe-2025", "Acknowledgement"), ("drenthe-2025", "Effort"), ("drenthe-2025", "Research")]
LAST_PAGE = [("groningen-2025", "Request"), ("groningen-2025", "Statement")]


def _page(bench, page: str) -> list[tuple[str, str]]:
    reply = bench.handle("/questions/modality-per-arrangement", {"per": ["3"], "page": [page], "format": ["json"]})
    assert reply.status == 200
    return [(r["arrangement"], r["modality"]) for r in json.loads(reply.body)]


@pytest.mark.parametrize(("page", "rows"), [
    ("0", FIRST_PAGE),  # not a page: the first
    ("1", FIRST_PAGE),
    ("3", LAST_PAGE),
    ("4", LAST_PAGE),  # past the end: the last
    ("999999", LAST_PAGE),  # the highest page number read: past the end, the last
    ("1000000", FIRST_PAGE),  # not read as a page number: the first
    ("1000001", FIRST_PAGE),
])
def test_a_page_number_is_read_below_a_million(mini, page, rows):
    """N-be4a61, N-4dd2e4 (``int(raw_page) < 1_000_000``): page numbers up to 999999 are read (one
    past the end shows the last page); 1000000 and more are not page numbers (the first page)."""
    assert _page(mini, page) == rows


# --- why an answer is empty ----------------------------------------------------------------------------


def _explanation(bench, name: str, params: dict[str, list[str]]) -> str | None:
    reply = bench.handle(f"/questions/{name}", params)
    assert reply.status == 200
    found = re.findall(r'<p class="explain" id="explain">(.*?)</p>', reply.body.decode("utf-8"), re.S)
    return unescape(found[0]) if found else None


def test_an_empty_comparison_on_one_version_per_province_says_there_is_nothing_to_compare(mini):
    """C-fd8849 (``len(every) == len(provinces)``): mini.trig holds one version of each
    province (2 versions, 2 provinces): deadlines-moved has no answer, and the page says why."""
    assert _explanation(mini, "deadlines-moved", {}) == (
        "Geen antwoord. de graaf bevat één versie van het arrangement van elke provincie: er valt niets te "
        "vergelijken (drenthe-2025, groningen-2025)")


def test_an_empty_comparison_with_a_second_version_does_not_say_there_is_none(two):
    """C-fd8849: two_drenthes holds 3 versions of 2 provinces; Groningen's has no predecessor, so
    deadlines-moved in groningen-2025 is empty, but not because the graph has nothing to compare."""
    from ra_graph.web import questions

    assert questions.explain(two, "deadlines-moved", {"in_arrangement": "groningen-2025"}, {"rows": []}) is None
    assert questions.explain(two, "dropped-between", {}, {"rows": []}) is None
    assert _explanation(two, "deadlines-moved", {"in_arrangement": ["groningen-2025"]}) == "Geen antwoord."


# --- the diff stylesheet another worker made --------------------------------------------------------


def test_the_diff_a_worker_renders_for_its_stylesheet_is_of_one_province(mini, two, two_drenthes):
    """C-38a561 (``a.province == b.province``): a worker asked for a diff page's stylesheet that
    another worker made renders a diff of two versions of one province (drenthe-2025 ->
    drenthe-2026), never of two provinces; on a graph with one version per province it renders
    none, and the stylesheet is not found."""
    from ra_graph.web import pages

    (html,) = pages._any_diff(two)()
    assert re.findall(r"<title>(.*?)</title>", html) == ["Wijzigingen drenthe-2025 → drenthe-2026 / Changes"]
    assert pages._any_diff(mini)() == []

    made = two.handle("/diff/drenthe-2025/drenthe-2026", {})
    (sheet,) = re.findall(r'<link rel="stylesheet" href="(/assets/[0-9a-f]+\.css)"', made.body.decode("utf-8"))
    other_worker = Workbench(open_graph(two_drenthes), two_drenthes)
    assert other_worker.handle(sheet, {}).status == 200
    assert Workbench(open_graph(MINI), MINI).handle(sheet, {}).status == 404


# --- an actor's table of parties ---------------------------------------------------------------------

# Groningen agrees with Drenthe as well as with the Rijk: a third party in Groningen's table.
ACROSS = """
<https://w3id.org/ra-graph/id/graph/groningen-2025> {
  <https://w3id.org/ra-graph/id/groningen-2025/2.1/grens-1> a ra:Clause ;
    dcterms:identifier "groningen-2025/2.1/grens-1" ; ra:number "grens-1" ;
    ra:inArrangement rai:groningen-2025 ;
    ra:inSection <https://w3id.org/ra-graph/id/groningen-2025/2.1> ;
    ra:clauseKind ra:Agreement ; ra:sourceLine 170 ;
    ra:text "De provincie Groningen stemt de woningbouw aan de provinciegrens af met de provincie Drenthe."@nl ;
    ra:hasCommitment <https://w3id.org/ra-graph/id/groningen-2025/2.1/grens-1/c1> .
  <https://w3id.org/ra-graph/id/groningen-2025/2.1/grens-1/c1> a ra:Commitment ;
    ra:obligor rai:provincie-groningen ; ra:beneficiary rai:provincie-drenthe ;
    ra:modality ra:Dialogue ; ra:basis ra:FromText ; ra:note "rules: subject" .
}
"""


@pytest.fixture(scope="module")
def across(tmp_path_factory):
    path = tmp_path_factory.mktemp("across") / "mini+across.trig"
    path.write_text(MINI.read_text(encoding="utf-8") + ACROSS, encoding="utf-8")
    return Workbench(open_graph(path), path)


def test_the_rijk_heads_an_actors_table_of_parties(across):
    """C-89b6a9 (``o != RIJK``): Groningen's page lists the Rijk first, then the other parties by
    name (Drenthe), although "Drenthe" sorts before "Rijk"."""
    from ra_graph.web import sections

    table = sections.actor(across, RAI + "provincie-groningen", [])["owes"]
    assert [(r["label"], r["owes"], r["owed"]) for r in table] == [("Rijk", 2, 4), ("Drenthe", 1, 0)]  # as `ra-graph owes` counts
    page = across.handle("/id/provincie-groningen", {}, "text/html")
    assert page.status == 200
    assert re.findall(r'<tr data-other="([^"]+)">', page.body.decode("utf-8")) == [
        RAI + "rijk", RAI + "provincie-drenthe"]
