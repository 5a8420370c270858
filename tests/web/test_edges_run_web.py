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


@pytest.mark.parametrize("params, clauses", [
    ({"per": ["2"]}, ["drenthe-2025/3.1/eerder-1", "drenthe-2025/3.1/principe-1"]),
    ({"per": ["2"], "page": ["2"]}, ["groningen-2025/2.4/drinkwater-2", "groningen-2025/2.4/veenweide-4"]),
    ({"per": ["2"], "page": ["all"]}, ["drenthe-2025/3.1/eerder-1", "drenthe-2025/3.1/principe-1",
                                       "groningen-2025/2.4/drinkwater-2", "groningen-2025/2.4/veenweide-4"]),
])
def test_a_question_gives_the_rows_of_its_page_or_all_of_them(bench, params, clauses):
    """C-07ce89 (``page == "all"``): a question's answer (here its JSON download) holds the rows of
    the page asked for, two a page -- the first two, or the next two on page 2 -- and every row
    with ``page=all``."""
    reply = bench.handle("/questions/one-sided", {"format": ["json"], **params})
    assert reply.status == 200
    assert [row["clause"] for row in json.loads(reply.body)] == clauses


@pytest.mark.parametrize("iri, title", [
    ("lvvn", "LVVN — Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur"),
    ("rijk", "Rijk — het Rijk"),
    ("gemeenten", "gemeenten"),
])
def test_a_resource_page_names_the_short_name_beside_the_label_only_where_they_differ(bench, iri, title):
    """C-1b9de9 (``short != first``): an actor's page is headed by its short name and its label
    ("LVVN — Ministerie van …"), and by the one name where the two are the same ("gemeenten")."""
    reply = bench.handle("/id/" + iri, {})
    assert reply.status == 200
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", reply.body.decode("utf-8"), re.S)[:1] == [title]


@pytest.mark.parametrize("term, domain_range", [
    ("obligor", '<a href="/def#Commitment">ra:Commitment</a> → <a href="/def#Actor">ra:Actor</a>'),
    ("party", '<a href="/def#Arrangement">ra:Arrangement</a> → <a href="/def#Actor">ra:Actor</a>'),
])
def test_the_vocabulary_page_gives_each_property_its_domain_and_range(bench, term, domain_range):
    """C-0b5bf4 (``p == RDFS + "domain"``): on /def a property reads "domain → range": ra:obligor
    links a commitment to an actor, ra:party an arrangement to an actor."""
    page = bench.handle("/def", {}).body.decode("utf-8")
    entry = page.split(f'<dt id="{term}">', 1)[1].split("</dd>", 1)[0]
    assert re.findall(r'<span class="muted">(.*?) </span>', entry) == [domain_range]


def test_the_vocabulary_page_gives_each_term_its_label_and_comment(bench):
    """C-e8589e (``p == RDFS + "label"``): on /def a term reads "label — comment" in the page's
    language: ra:obligor is "verantwoordelijke — Een actor die de toezegging op zich neemt"."""
    page = bench.handle("/def", {}).body.decode("utf-8")
    entry = page.split('<dt id="obligor">', 1)[1].split("</dd>", 1)[0]
    assert entry.split("<dd>", 1)[1].split("<br>", 1)[0] == (
        "verantwoordelijke — Een actor die de toezegging op zich neemt (de verantwoordelijke partij).")


@pytest.mark.parametrize("page, clauses", [
    ("0", ["drenthe-2025/3.1/eerder-1", "drenthe-2025/3.1/principe-1"]),
    ("1", ["drenthe-2025/3.1/eerder-1", "drenthe-2025/3.1/principe-1"]),
    ("999999", ["groningen-2025/2.4/drinkwater-2", "groningen-2025/2.4/veenweide-4"]),
    ("1000000", ["drenthe-2025/3.1/eerder-1", "drenthe-2025/3.1/principe-1"]),
])
def test_a_page_number_from_1_to_999999_is_taken_and_0_or_a_million_is_page_1(bench, page, clauses):
    """C-d1f4ea (``0 < int(raw_page)``) and C-49c3dd (``int(raw_page) < 1_000_000``): page numbers
    from 1 to 999,999 are taken (past the last page: the last page, rows 3-4 at two a page); 0 and a
    million or more are no page numbers and give page 1."""
    reply = bench.handle("/questions/one-sided", {"format": ["json"], "per": ["2"], "page": [page]})
    assert [row["clause"] for row in json.loads(reply.body)] == clauses


@pytest.mark.parametrize("key, value, refused", [
    ("lang", "n" * 2000, False), ("lang", "n" * 2001, True),
    ("k" * 100, "nl", False), ("k" * 101, "nl", True),
])
def test_a_page_takes_parameter_values_of_2000_characters_and_names_of_100(bench, key, value, refused):
    """C-d2056c (``len(v) > MAX_VALUE``) and its neighbour (``len(key) > 100``): a page takes a
    parameter value of up to 2,000 characters and a name of up to 100; one character more is
    refused, 400, before the page is made."""
    reply = bench.handle("/", {key: [value]})
    too_long = f"parameter '{key[:39]}…' is too long" if len(key) > 40 else f"parameter '{key}' is too long"
    if refused:
        assert reply.status == 400 and too_long.encode("utf-8") in reply.body
    else:
        assert reply.status == 200 and b"is too long" not in reply.body
