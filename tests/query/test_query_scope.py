"""``ra-graph query`` answers, as owes and deadlines do, from each province's arrangement in force.

The fixture ``two_drenthes`` holds Drenthe 2025, its 2026 renewal and Groningen 2025: in force are
drenthe-2026 and groningen-2025.  ``--all-years`` answers from every version, an arrangement named in
a parameter is read whatever its year, and a question about versions reads every version.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

IN_FORCE = ("ra-graph: query {name}: from each province's arrangement in force (drenthe-2026, groningen-2025); "
            "--all-years adds 1 older version(s)\n")
EVERY = "ra-graph: query {name}: from every version (3 arrangement(s) of 2 province(s); --all-years)\n"


def _per_arrangement(ra, graph, name: str, *args: str) -> tuple[Counter, str]:
    r = ra("query", name, "--graph", graph, "--format", "json", *args)
    assert r.code == 0, r.err
    return Counter(row["arrangement"] for row in json.loads(r.out)), r.err


@pytest.mark.parametrize(("name", "args", "in_force", "every"), [
    ("one-sided", (), {"drenthe-2026": 13, "groningen-2025": 7},
     {"drenthe-2025": 13, "drenthe-2026": 13, "groningen-2025": 7}),
    ("earlier-agreements", (), {"drenthe-2026": 8}, {"drenthe-2025": 8, "drenthe-2026": 8}),
    ("requests", (), {"drenthe-2026": 3, "groningen-2025": 3},
     {"drenthe-2025": 3, "drenthe-2026": 3, "groningen-2025": 3}),
    ("by-programme", ("--param", "programme=NOVEX"), {"drenthe-2026": 3, "groningen-2025": 6},
     {"drenthe-2025": 3, "drenthe-2026": 3, "groningen-2025": 6}),
])
def test_a_stored_query_answers_from_the_arrangements_in_force_unless_all_years(ra, two_drenthes, name, args,
                                                                                 in_force, every):
    rows, err = _per_arrangement(ra, two_drenthes, name, *args)
    assert (rows, err) == (in_force, IN_FORCE.format(name=name))
    rows, err = _per_arrangement(ra, two_drenthes, name, *args, "--all-years")
    assert (rows, err) == (every, EVERY.format(name=name))


def test_an_arrangement_named_in_a_parameter_is_read_whatever_its_year(ra, two_drenthes):
    rows, err = _per_arrangement(ra, two_drenthes, "one-sided", "--param", "in_arrangement=drenthe-2025")
    assert (rows, err) == ({"drenthe-2025": 13}, "ra-graph: query one-sided: from drenthe-2025 (the arrangement "
                                                  "asked for)\n")


def test_a_question_about_versions_reads_every_version(ra, two_drenthes):
    r = ra("query", "dropped-between", "--graph", two_drenthes, "--param", "old=drenthe-2025",
           "--param", "new=drenthe-2026", "--format", "json")
    assert [row["clause"] for row in json.loads(r.out)] == ["drenthe-2025/3.3/2"]
    assert r.err == ("ra-graph: query dropped-between: from every version (3 arrangement(s)): the question "
                     "compares versions\n")


def test_one_version_per_province_answers_as_before_and_says_so(ra):
    r = ra("query", "modality-per-arrangement", "--format", "json")
    assert r.code == 0
    assert {row["arrangement"] for row in json.loads(r.out)} == {"drenthe-2025", "groningen-2025"}
    assert r.err == ("ra-graph: query modality-per-arrangement: from each province's arrangement in force "
                     "(drenthe-2025, groningen-2025); no older versions in the graph\n")


def test_list_takes_no_all_years(ra):
    r = ra("query", "--list", "--all-years")
    assert (r.code, r.err) == (2, "ra-graph query: --list takes no --all-years (it lists queries, it answers "
                                  "none)\n")


def test_a_query_of_your_own_asks_the_whole_graph(ra, two_drenthes, tmp_path):
    own = tmp_path / "per-arrangement.rq"
    own.write_text("PREFIX ra: <https://w3id.org/ra-graph/def#>\n"
                   "SELECT ?arrangement (COUNT(?c) AS ?n) WHERE { ?c ra:inArrangement ?arrangement }\n"
                   "GROUP BY ?arrangement ORDER BY ?arrangement\n", encoding="utf-8")
    r = ra("query", str(own), "--graph", two_drenthes, "--format", "json")
    assert r.code == 0
    assert [row["arrangement"].rsplit("/", 1)[-1] for row in json.loads(r.out)] == \
        ["drenthe-2025", "drenthe-2026", "groningen-2025"]
    assert r.err == ("ra-graph: query per-arrangement: from every version (3 arrangement(s)): a query of your own "
                     "asks the whole graph\n")
