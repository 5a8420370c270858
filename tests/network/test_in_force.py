"""stats, analyse and visualise answer from each province's arrangement in force by default (issue #21).

``two_drenthes`` holds Drenthe 2025, its 2026 renewal and Groningen 2025:
adding both Drenthe versions up would count each continuing commitment
twice, and make every Drenthe clause a "standard clause" of its own
earlier version.
"""

from __future__ import annotations

import json
import re

import pytest


def _json(ra, *args):
    r = ra(*args, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out), r.err


def test_stats_counts_the_arrangements_in_force(ra, two_drenthes):
    stats, err = _json(ra, "stats", "--graph", two_drenthes)
    assert stats["scope"] == {"mode": "in force", "arrangements": ["drenthe-2026", "groningen-2025"]}
    assert [(a["arrangement"], a["clauses"], a["commitments"]) for a in stats["arrangements"]] == [
        ("drenthe-2026", 41, 82), ("groningen-2025", 40, 93)]
    assert (stats["classes"]["Clause"], stats["classes"]["Commitment"], stats["classes"]["Arrangement"]) == (81, 175, 2)
    assert stats["classes"]["Ministry"] == 9  # the vocabulary is always counted
    assert err == ("ra-graph: stats: from each province's arrangement in force (drenthe-2026, groningen-2025); "
                   "--all-years adds 1 older version(s)\n")


def test_stats_all_years_and_one_arrangement(ra, two_drenthes):
    every, _ = _json(ra, "stats", "--graph", two_drenthes, "--all-years")
    assert every["scope"]["mode"] == "all years"
    assert (every["classes"]["Clause"], every["classes"]["Commitment"]) == (122, 257)
    one, _ = _json(ra, "stats", "--graph", two_drenthes, "--arrangement", "drenthe-2025")
    assert one["scope"] == {"mode": "arrangement", "arrangements": ["drenthe-2025"]}
    assert (one["classes"]["Clause"], one["triples"] < every["triples"]) == (41, True)
    r = ra("stats", "--graph", two_drenthes)
    assert r.out.startswith("5196 triples (in force: drenthe-2026, groningen-2025)\n")  # ontology: +ra:sourcePage, ra:fileName, ra:extractedWith; +2: Regio Zwolle, a place of 3.5/2
    r = ra("stats", "--graph", two_drenthes, "--all-years", "--arrangement", "drenthe")
    assert (r.code, r.err.strip().split("\n")[-1]) == (2, "ra-graph: --arrangement and --all-years exclude each other")


def test_analyse_answers_in_force_by_default(ra, two_drenthes):
    result, err = _json(ra, "analyse", "--graph", two_drenthes)
    assert result["scope"] == {"mode": "in force", "arrangements": ["drenthe-2026", "groningen-2025"]}
    assert [(r["arrangement"], r["rijk_commitments"], r["province_commitments"]) for r in result["reciprocity"]] == [
        ("drenthe-2026", 40, 41), ("groningen-2025", 44, 49)]
    assert [(m["ministry"]["label"], m["commitments"]) for m in result["by_ministry"]][:3] == [
        ("OCW", 17), ("IenW", 16), ("VRO", 11)]
    assert len(result["standard_clauses"]) == 4
    assert "in force (drenthe-2026, groningen-2025)" in err
    every, _ = _json(ra, "analyse", "--graph", two_drenthes, "--all-years")
    assert [r["arrangement"] for r in every["reciprocity"]] == ["drenthe-2025", "drenthe-2026", "groningen-2025"]
    assert ([(m["ministry"]["label"], m["commitments"]) for m in every["by_ministry"]][:1],
            len(every["standard_clauses"])) == ([("OCW", 26)], 40)
    table = ra("analyse", "--graph", two_drenthes)
    assert table.out.startswith("Answered from each province's arrangement in force (drenthe-2026, groningen-2025)")


@pytest.mark.parametrize(("options", "said", "years"), [
    ((), "visualise: the page counts each province's arrangement in force (drenthe-2026, groningen-2025); "
         "--all-years adds 1 older version(s)\n",
     {"default": "in-force", "in_force": ["drenthe-2026", "groningen-2025"],
      "all": ["drenthe-2026", "groningen-2025"], "lacking": 1}),
    (("--all-years",), "visualise: the page counts every version (drenthe-2025, drenthe-2026, groningen-2025; "
                       "--all-years)\n",
     {"default": "all", "in_force": ["drenthe-2026", "groningen-2025"],
      "all": ["drenthe-2025", "drenthe-2026", "groningen-2025"], "lacking": 0}),
])
def test_visualise_says_what_the_page_counts(ra, two_drenthes, tmp_path, options, said, years):
    """The page holds what it counts: made for the arrangements in force it carries neither the older
    version's clauses nor its years, and says how many it lacks (its Years filter tells the user)."""
    out = tmp_path / "graph.html"
    r = ra("visualise", "--graph", two_drenthes, "--out", out, *options)
    assert r.code == 0, r.err
    assert said in r.err
    html = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)[1])
    assert data["years"] == years
    assert sorted({n["arrangement"] for n in data["nodes"] if n["kind"] == "clause"}) == years["all"]
    assert ("drenthe-2025/" in html) == bool(options)
