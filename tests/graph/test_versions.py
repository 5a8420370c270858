"""Several years of one province: versioned ids never collide, a province name
means its latest arrangement (said on stderr), short clause ids still work."""

from __future__ import annotations

import json
import shutil

import pytest

from ra_graph.core import paths
from ra_graph.core.errors import RaGraphError
from ra_graph.core.store import open_graph
from ra_graph.core.versions import full_clause_id, latest, resolve_arrangement, versions


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """Drenthe 2025 as shipped, the same text again as Drenthe 2026 (no curation file of its
    own: 2025's entries follow their clauses), and Groningen 2025: three arrangements, two
    versions of one province."""
    sources = tmp_path_factory.mktemp("sources")
    shutil.copy(paths.SOURCES / "ra-drenthe-2025.txt", sources / "ra-drenthe-2025.txt")
    shutil.copy(paths.SOURCES / "ra-drenthe-2025.txt", sources / "ra-drenthe-2026.txt")
    shutil.copy(paths.SOURCES / "ra-groningen-2025.txt", sources / "ra-groningen-2025.txt")
    out = tmp_path_factory.mktemp("graph") / "g.trig"
    from ra_graph.graph.build import build_snapshot

    build_snapshot(sources, out)
    return out


def test_clause_ids_carry_the_year_and_never_collide(two_years, ra):
    rows = json.loads(ra("clauses", "--graph", two_years, "--format", "json").out)
    ids = [r["clause"] for r in rows]
    assert len(ids) == 41 + 41 + 40 and len(set(ids)) == len(ids)
    assert "drenthe-2025/3.3/9" in ids and "drenthe-2026/3.3/9" in ids
    assert {r["arrangement"] for r in rows} == {"drenthe-2025", "drenthe-2026", "groningen-2025"}


def test_a_province_name_means_its_latest_arrangement(two_years, ra):
    r = ra("clauses", "--graph", two_years, "--arrangement", "drenthe", "--format", "json")
    assert r.code == 0
    assert {row["arrangement"] for row in json.loads(r.out)} == {"drenthe-2026"}
    assert r.err == ("ra-graph: --arrangement drenthe: using drenthe-2026, the latest "
                     "(also in the graph: drenthe-2025)\n")
    older = ra("clauses", "--graph", two_years, "--arrangement", "drenthe-2025", "--format", "json")
    assert {row["arrangement"] for row in json.loads(older.out)} == {"drenthe-2025"} and older.err == ""


def test_unknown_arrangement_lists_close_matches(two_years, ra):
    r = ra("clauses", "--graph", two_years, "--arrangement", "drente")
    assert r.code == 2
    assert r.err == "ra-graph: --arrangement: unknown arrangement 'drente'; did you mean drenthe, drenthe-2026, drenthe-2025?\n"


def test_owes_answers_from_the_arrangements_in_force_by_default(two_years, ra):
    default = ra("owes", "Rijk", "Drenthe", "--graph", two_years, "--format", "json")
    assert default.code == 0
    assert {row["arrangement"] for row in json.loads(default.out)} == {"drenthe-2026"}
    assert default.err == ("ra-graph: owes: what Rijk (rai:rijk) owes Drenthe (rai:provincie-drenthe), "
                           "sub-organisations included, from each province's latest arrangement, the one in force "
                           "(drenthe-2026, groningen-2025); --all-years adds 1 older version(s): "
                           "39 row(s), 39 commitment(s)\n")
    every = json.loads(ra("owes", "Rijk", "Drenthe", "--graph", two_years, "--all-years", "--format", "json").out)
    assert {row["arrangement"] for row in every} == {"drenthe-2025", "drenthe-2026"}
    # 2026 is 2025's text: 2025's curation follows it (drenthe/3.6/eerder-2 keeps its three commitments)
    assert (len(json.loads(default.out)), len(every)) == (39, 39 + 39)
    one = json.loads(ra("owes", "Rijk", "Drenthe", "--graph", two_years, "--arrangement", "drenthe-2025",
                        "--format", "json").out)
    assert {row["arrangement"] for row in one} == {"drenthe-2025"} and len(one) == 39


def test_owes_refuses_both_arrangement_and_all_years(two_years, ra):
    r = ra("owes", "Rijk", "Drenthe", "--graph", two_years, "--all-years", "--arrangement", "drenthe-2025")
    assert (r.code, r.err) == (2, "ra-graph owes: --arrangement and --all-years exclude each other\n")


def test_stored_owes_query_takes_an_arrangement_parameter(two_years, ra):
    r = ra("query", "owes", "--graph", two_years, "--param", "debtor=Rijk", "--param", "creditor=Drenthe",
           "--param", "in_arrangement=drenthe-2026", "--format", "json")
    assert r.code == 0
    assert {row["arrangement"] for row in json.loads(r.out)} == {"drenthe-2026"}


def test_validate_one_arrangement(two_years, ra):
    r = ra("validate", "--graph", two_years, "--arrangement", "drenthe-2026", "--format", "json")
    report = json.loads(r.out)
    assert r.code == 1  # the no-party clause 3.2/1 has no curation in 2026 either
    assert {f["arrangement"] for f in report["results"] if f["arrangement"]} == {"drenthe-2026"}
    violations = [f["clause"] for f in report["results"] if f["severity"] == "Violation"]
    assert violations == ["drenthe-2026/3.2/1"]


def test_versions_and_short_clause_ids(two_years):
    store = open_graph(two_years)
    every = versions(store)
    assert [v.id for v in every] == ["drenthe-2025", "drenthe-2026", "groningen-2025"]
    assert [v.id for v in latest(every)] == ["drenthe-2026", "groningen-2025"]
    assert resolve_arrangement(store, "rai:drenthe-2025").id == "drenthe-2025"
    assert resolve_arrangement(store, "provincie Drenthe").id == "drenthe-2026"
    assert full_clause_id("drenthe/3.3/9", every) == ["drenthe-2025/3.3/9", "drenthe-2026/3.3/9"]
    assert full_clause_id("groningen/2.1/3", every) == ["groningen-2025/2.1/3"]
    assert full_clause_id("drenthe-2025/3.3/9", every) == ["drenthe-2025/3.3/9"]
    with pytest.raises(RaGraphError, match="is not a clause id"):
        full_clause_id("drenthe", every)


def test_curation_accepts_the_short_clause_id(tmp_path):
    from ra_graph.extract import curate
    from ra_graph.extract.pipeline import draft

    overlay = tmp_path / "drenthe-2025.yaml"
    overlay.write_text("arrangement: drenthe-2025\nclauses:\n  drenthe/3.2/1:\n    note: test\n"
                       "    commitments:\n      - obligors: [Rijk]\n        modality: Effort\n", encoding="utf-8")
    arrangement = curate.apply(draft(paths.SOURCES / "ra-drenthe-2025.txt"), overlay)
    clause = next(c for c in arrangement.clauses if c.id == "drenthe-2025/3.2/1")
    assert [c.obligors for c in clause.commitments] == [["https://w3id.org/ra-graph/id/rijk"]]


def test_an_unchanged_text_with_curated_clauses_gives_no_changed_row(two_years, ra):
    """Every curated clause of drenthe-2025 comes back word for word in 2026: its entry follows
    it, so the diff sees no change at all, in the agreement or in its reading."""
    result = json.loads(ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_years, "--format", "json").out)
    clauses = {c["clause"]: c for c in json.loads(ra("clauses", "--graph", two_years, "--format", "json").out)}
    curated = {c["clause"] for c in clauses.values() if c["arrangement"] == "drenthe-2025"
               and any(m["curation_entry"] for m in c["commitments"])}
    assert curated == {"drenthe-2025/3.6/eerder-2"}  # the one entry of drenthe-2025.yaml
    assert {c["change"] for c in result["clauses"] if c["old"] in curated} == {"unchanged"}
    # no agreement changed; the one other difference is a reading: "in augustus 2025" is a date in a 2025
    # text and lies before a 2026 one, so the same words are read differently, and said so apart
    assert [(c["old"], c["change"], list(c["fields"])) for c in result["clauses"] if c["change"] != "unchanged"] \
        == [("drenthe-2025/3.3/9", "reread", ["due_by"])]
    carried = clauses["drenthe-2026/3.6/eerder-2"]["commitments"]
    assert [c["curation_entry"] for c in carried] == [c["curation_entry"] for c in
                                                      clauses["drenthe-2025/3.6/eerder-2"]["commitments"]]
    assert carried[0]["curation_entry"].startswith("drenthe-2025.yaml:")
