"""Tests of the synthetic corpus generator (corpus.py).

Run: python3 -m pytest tests/benchmarks/test_corpus.py

The generator is imported by file path (it is a script, not a package).  The
tests that build a corpus call the installed ``ra-graph`` with RA_GRAPH_HOME
pointing at the generated directory.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _load_corpus():
    for candidate in (HERE.parents[1] / "benchmarks" / "corpus.py",):
        if candidate.is_file():
            spec = importlib.util.spec_from_file_location("ra_corpus", candidate)
            module = importlib.util.module_from_spec(spec)
            sys.modules["ra_corpus"] = module  # dataclasses look their module up
            spec.loader.exec_module(module)
            return module, candidate
    raise RuntimeError("benchmarks/corpus.py not found")


corpus, CORPUS_PY = _load_corpus()
REPO = corpus.repo_root()
RAI = "https://w3id.org/ra-graph/id/"
FILE_NAME = re.compile(r"^ra-([a-z]+(?:-[a-z]+)*)-(\d{4})\.txt$")  # as ra_graph.extract.metadata
SLUGS = ["groningen", "fryslan", "drenthe", "overijssel", "flevoland", "gelderland", "utrecht",
         "noord-holland", "zuid-holland", "zeeland", "noord-brabant", "limburg"]

COUNT_QUERY = """\
# Clauses per arrangement, counted by clause IRI (dcterms:identifier may collide across years).
PREFIX ra: <https://w3id.org/ra-graph/def#>
SELECT ?arrangement (COUNT(DISTINCT ?clause) AS ?clauses) WHERE {
  ?clause a ra:Clause ; ra:inArrangement ?arrangement .
} GROUP BY ?arrangement ORDER BY ?arrangement
"""


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def ra_graph(home: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, RA_GRAPH_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "ra_graph", *args], env=env, capture_output=True, text=True, timeout=timeout)


def tool_counts(home: Path) -> dict[str, int]:
    query = home / "count-clauses.rq"
    query.write_text(COUNT_QUERY, encoding="utf-8")
    result = ra_graph(home, "query", str(query), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    return {row["arrangement"].rsplit("/", 1)[-1]: int(row["clauses"]) for row in rows}


# ---------------------------------------------------------------- determinism and layout


def test_two_runs_are_byte_identical(tmp_path):
    a = corpus.generate(tmp_path / "a", provinces=3, years=range(2025, 2028), seed=7)
    b = corpus.generate(tmp_path / "b", provinces=3, years=range(2025, 2028), seed=7)
    assert a == b
    fa, fb = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert sorted(fa) == sorted(fb)
    assert fa == fb
    assert len([n for n in fa if n.startswith("data/sources/")]) == 9
    # a province's texts do not depend on how many other provinces are generated
    c = corpus.generate(tmp_path / "c", provinces=1, years=range(2025, 2028), seed=7)
    fc = files_of(tmp_path / "c")
    for year in (2025, 2026, 2027):
        name = f"data/sources/ra-groningen-{year}.txt"
        assert fc[name] == fa[name]
    assert c["pairs"] == [p for p in a["pairs"] if p["province"] == "groningen"]
    # another seed gives other renewals
    d = corpus.generate(tmp_path / "d", provinces=3, years=range(2025, 2028), seed=8)
    assert d["pairs"] != a["pairs"]


def test_file_names_follow_the_convention(tmp_path):
    manifest = corpus.generate(tmp_path, provinces=12, years=range(2025, 2026), seed=1)
    names = sorted(p.name for p in (tmp_path / "data" / "sources").iterdir())
    assert names == sorted(f"ra-{slug}-2025.txt" for slug in SLUGS)
    assert all(FILE_NAME.match(n) for n in names)
    assert [FILE_NAME.match(n)[1] for n in names if "holland" in n] == ["noord-holland", "zuid-holland"]
    assert [a["id"] for a in manifest["arrangements"]] == [f"{slug}-2025" for slug in SLUGS]
    assert (tmp_path / "data" / "vocab" / "corpus-extra.ttl").is_file()
    assert sorted(p.name for p in (tmp_path / "data" / "curation").iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "data" / "graph").iterdir()) == []
    for rel in ("ontology/ra.ttl", "ontology/shapes.ttl", "data/rules/modality.yaml", "data/vocab/actors.ttl"):
        assert (tmp_path / rel).read_bytes() == (REPO / rel).read_bytes()


def test_real_texts_come_back_and_names_are_swapped(tmp_path):
    manifest = corpus.generate(tmp_path, provinces=3, years=range(2025, 2026), seed=1)
    sources = tmp_path / "data" / "sources"
    for slug in ("groningen", "drenthe"):
        assert (sources / f"ra-{slug}-2025.txt").read_bytes() == \
            (REPO / "data" / "sources" / f"ra-{slug}-2025.txt").read_bytes()
    counts = {a["id"]: a["clause_count"] for a in manifest["arrangements"]}
    assert counts == {"groningen-2025": 40, "fryslan-2025": 41, "drenthe-2025": 41}
    fryslan = (sources / "ra-fryslan-2025.txt").read_text(encoding="utf-8")
    assert fryslan.splitlines()[0] == " Ruimtelijk Arrangement Rijk - provincie Fryslân    "
    real = (REPO / "data" / "sources" / "ra-drenthe-2025.txt").read_text(encoding="utf-8")
    assert re.findall(r"[Pp]rovincie Drenthe\b", fryslan) == []
    assert len(re.findall(r"[Pp]rovincie Fryslân", fryslan)) == len(re.findall(r"[Pp]rovincie Drenthe\b", real)) == 40
    assert "Zuid- en Oost-Fryslân" in fryslan and "Friese Defensie Agenda" in fryslan
    assert "Gedeputeerde N.N." in fryslan and "Turenhout" not in fryslan
    # neighbours stay distinct: the real text's "Fryslân" becomes "Drenthe"
    assert "Rijk en de provincies Drenthe, Groningen en Fryslân" in fryslan
    first = manifest["arrangements"][1]["clauses"][0]
    assert first == {"clause": "fryslan-2025/3.1/1.1", "section": "3.1", "item": "1.1", "line": 133,
                     "kind": "Agreement", "lineage": "fryslan#1", "origin": "drenthe-2025/3.1/1.1"}


def test_dates_follow_the_first_year(tmp_path):
    corpus.generate(tmp_path, provinces=3, years=range(2028, 2029), seed=1)
    drenthe = (tmp_path / "data" / "sources" / "ra-drenthe-2028.txt").read_text(encoding="utf-8")
    assert "Overleg Leefomgeving van juni 2029." in drenthe
    assert "- DG-overleg in het voorjaar van 2029 " in drenthe
    assert "in augustus 2028 aan te kunnen" in drenthe and "augustus 2025" not in drenthe
    groningen = (tmp_path / "data" / "sources" / "ra-groningen-2028.txt").read_text(encoding="utf-8")
    assert "ontwerpend onderzoek dat in Q1 2029" in groningen
    assert "dienen in 2033 in te" in groningen
    assert "BOL november 2024" in drenthe  # history stays history


def test_renewals_record_every_change(tmp_path):
    manifest = corpus.generate(tmp_path, provinces=2, years=range(2025, 2028), seed=1)
    assert [(p["old"], p["new"]) for p in manifest["pairs"]] == [
        ("groningen-2025", "groningen-2026"), ("groningen-2026", "groningen-2027"),
        ("fryslan-2025", "fryslan-2026"), ("fryslan-2026", "fryslan-2027")]
    arrangements = {a["id"]: a for a in manifest["arrangements"]}
    for pair in manifest["pairs"]:
        old = {c["clause"]: c for c in arrangements[pair["old"]]["clauses"]}
        new = {c["clause"]: c for c in arrangements[pair["new"]]["clauses"]}
        kinds = [c["kind"] for c in pair["changes"]]
        assert 1 <= kinds.count("drop") <= 3 and 1 <= kinds.count("add") <= 2
        assert kinds.count("party") == 1 and kinds.count("reword") == 1
        for change in pair["changes"]:
            assert change["change"] in ("dropped", "added", "reworded", "changed", "renumbered")
            assert (change["old"] is None) == (change["change"] == "added")
            assert (change["new"] is None) == (change["change"] == "dropped")
            if change["old"]:
                assert change["old"] in old and old[change["old"]]["lineage"] == change["lineage"]
            if change["new"]:
                assert change["new"] in new and new[change["new"]]["lineage"] == change["lineage"]
        # clauses not listed keep their id
        listed = {c["lineage"] for c in pair["changes"]}
        kept_old = {c["lineage"]: c["clause"].split("/", 1)[1] for c in old.values() if c["lineage"] not in listed}
        kept_new = {c["lineage"]: c["clause"].split("/", 1)[1] for c in new.values() if c["lineage"] not in listed}
        assert kept_old == kept_new


def test_full_corpus_has_every_province_and_year(tmp_path):
    manifest = corpus.generate(tmp_path, provinces=12, years=range(2025, 2035), seed=1)
    assert manifest["arrangement_count"] == 120 and len(manifest["pairs"]) == 108
    assert len(list((tmp_path / "data" / "sources").glob("ra-*.txt"))) == 120


# ---------------------------------------------------------------- make_pair


def test_make_pair_has_exactly_the_six_changes(tmp_path):
    manifest = corpus.make_pair(tmp_path, seed=1)
    assert manifest["provinces"] == ["noord-holland"]
    (pair,) = manifest["pairs"]
    assert (pair["old"], pair["new"]) == ("noord-holland-2025", "noord-holland-2026")
    changes = pair["changes"]
    primary = [c for c in changes if c["kind"] != "renumber"]
    assert sorted(c["kind"] for c in primary) == sorted(corpus.PAIR_KINDS)
    assert len({c["lineage"] for c in changes}) == len(changes)  # each in a different clause
    by_kind = {c["kind"]: c for c in primary}
    assert (by_kind["drop"]["change"], by_kind["drop"]["old"], by_kind["drop"]["new"]) == \
        ("dropped", "noord-holland-2025/2.4/veenweide-3", None)
    assert (by_kind["add"]["change"], by_kind["add"]["old"], by_kind["add"]["new"]) == \
        ("added", None, "noord-holland-2026/2.7/5")
    assert by_kind["deadline"]["change"] == "changed"
    assert by_kind["deadline"]["new"] == "noord-holland-2026/2.3/3"
    assert by_kind["deadline"]["fields"] == {"due_by": {"old": "2026-03-31", "new": "2026-09-30"}}
    assert by_kind["party"]["change"] == "changed"
    assert by_kind["party"]["new"] == "noord-holland-2026/2.3/5"
    assert by_kind["party"]["fields"] == {
        "obligors": {"old": [RAI + "provincie-noord-holland", RAI + "rijk"],
                     "new": [RAI + "ez", RAI + "provincie-noord-holland"]},
        "carried_by": {"old": [RAI + "ez"], "new": []}}
    assert (by_kind["section"]["change"], by_kind["section"]["old"], by_kind["section"]["new"]) == \
        ("renumbered", "noord-holland-2025/2.8/1", "noord-holland-2026/2.9/1")
    reword = by_kind["reword"]
    assert (reword["change"], reword["old"], reword["new"], reword["fields"]) == \
        ("reworded", "noord-holland-2025/2.4/zoetwater-4", "noord-holland-2026/2.4/zoetwater-4", {})
    followers = [(c["old"], c["new"]) for c in changes if c["kind"] == "renumber"]
    assert followers == [("noord-holland-2025/2.4/veenweide-4", "noord-holland-2026/2.4/veenweide-3"),
                         ("noord-holland-2025/2.4/veenweide-5", "noord-holland-2026/2.4/veenweide-4")]
    assert pair["summary"] == {"added": 1, "changed": 2, "dropped": 1, "renumbered": 3, "reworded": 1}
    counts = {a["id"]: a["clause_count"] for a in manifest["arrangements"]}
    assert counts == {"noord-holland-2025": 40, "noord-holland-2026": 40}
    # the reworded clause differs in its text only
    old_text = (tmp_path / "data" / "sources" / "ra-noord-holland-2025.txt").read_text(encoding="utf-8")
    new_text = (tmp_path / "data" / "sources" / "ra-noord-holland-2026.txt").read_text(encoding="utf-8")
    assert "beperkte zoetwaterbeschikbaarheid" in old_text and "geringe zoetwaterbeschikbaarheid" in new_text
    assert "2.9 Data-uitwisseling " in new_text and "2.8 Mobiliteit en bereikbaarheid " in new_text


@pytest.mark.parametrize("province", ["drenthe", "zeeland"])
def test_make_pair_every_template(tmp_path, province):
    manifest = corpus.make_pair(tmp_path, seed=3, province=province)
    kinds = sorted(c["kind"] for c in manifest["pairs"][0]["changes"] if c["kind"] != "renumber")
    assert kinds == sorted(corpus.PAIR_KINDS)
    if province == "drenthe":  # its only deadline (augustus 2025) expires in 2026 and is the one moved
        (deadline,) = [c for c in manifest["pairs"][0]["changes"] if c["kind"] == "deadline"]
        assert deadline["fields"] == {"due_by": {"old": "2025-08-31", "new": "2026-08-31"}}


# ---------------------------------------------------------------- the command line


def test_cli_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    run = [sys.executable, str(CORPUS_PY), "--provinces", "1", "--years", "2025-2025", "--out", str(tmp_path)]
    result = subprocess.run(run, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not empty" in result.stderr and str(tmp_path) in result.stderr
    assert not (tmp_path / "data").exists()
    result = subprocess.run(run + ["--force"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "sources" / "ra-groningen-2025.txt").is_file()
    assert (tmp_path / "keep.txt").read_text() == "x"
    bad = subprocess.run([sys.executable, str(CORPUS_PY), "--years", "2030-2025", "--out", str(tmp_path / "n")],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "--years" in bad.stderr


# ---------------------------------------------------------------- with the tool


def test_small_corpus_builds_with_the_tool(tmp_path):
    manifest = corpus.generate(tmp_path, provinces=2, years=range(2025, 2027), seed=1)
    result = ra_graph(tmp_path, "build", "--out", str(tmp_path / "data" / "graph" / "ra-graph.trig"))
    assert result.returncode == 0, result.stderr
    expected = {a["id"]: a["clause_count"] for a in manifest["arrangements"]}
    assert expected == {"groningen-2025": 40, "groningen-2026": 40, "fryslan-2025": 41, "fryslan-2026": 40}
    assert tool_counts(tmp_path) == expected


def _normalise(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [value["iri"]]
    if isinstance(value, list):
        return sorted(v["iri"] if isinstance(v, dict) else v for v in value)
    return [value]


def _union(clause: dict) -> dict:
    out = {}
    for key in ("obligors", "beneficiaries", "requested_by", "partners", "carried_by", "programmes", "locations"):
        out[key] = sorted({i for c in clause["commitments"] for i in _normalise(c.get(key))})
    out["modality"] = sorted({c["modality"] for c in clause["commitments"]})
    dues = [c["due_by"] for c in clause["commitments"] if c.get("due_by")]
    out["due_by"] = min(dues) if dues else None
    return out


def _projection(clause: dict) -> list:
    keys = ("obligors", "beneficiaries", "requested_by", "partners", "carried_by", "programmes", "locations",
            "modality", "due_by", "due_text", "basis")
    return [{k: _normalise(c.get(k)) if k not in ("modality", "due_by", "due_text", "basis") else c.get(k)
             for k in keys} for c in clause["commitments"]]


def tool_clauses(home: Path) -> dict[str, dict]:
    """``ra-graph clauses --format json`` keyed by "<arrangement>/<section>/<item>"."""
    listing = ra_graph(home, "clauses", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    clauses = {}
    for clause in json.loads(listing.stdout):
        # "drenthe/3.1/1.1" (short ids) or "drenthe-2025/3.1/1.1": the arrangement comes separately
        clauses[f"{clause['arrangement']}/{clause['clause'].split('/', 1)[1]}"] = clause
    return clauses


def check_against_tool(home: Path, manifest: dict) -> int:
    """Every clause where the manifest puts it; every change (and nothing else) as the tool reads it."""
    clauses = tool_clauses(home)
    assert tool_counts(home) == {a["id"]: a["clause_count"] for a in manifest["arrangements"]}
    arrangements = {a["id"]: a for a in manifest["arrangements"]}
    for arrangement in manifest["arrangements"]:
        for entry in arrangement["clauses"]:
            assert clauses[entry["clause"]]["line"] == entry["line"], entry
            assert clauses[entry["clause"]]["kind"] == entry["kind"], entry
    checked = 0
    for pair in manifest["pairs"]:
        listed = {c["lineage"] for c in pair["changes"]}
        old = {c["lineage"]: c["clause"] for c in arrangements[pair["old"]]["clauses"]}
        new = {c["lineage"]: c["clause"] for c in arrangements[pair["new"]]["clauses"]}
        for lineage in set(old) & set(new) - listed:  # untouched clauses: same id, text and reading
            assert old[lineage].split("/", 1)[1] == new[lineage].split("/", 1)[1]
            assert clauses[old[lineage]]["text"] == clauses[new[lineage]]["text"]
            assert _projection(clauses[old[lineage]]) == _projection(clauses[new[lineage]])
        assert set(old) - set(new) <= listed and set(new) - set(old) <= listed
        for change in pair["changes"]:
            checked += 1
            if change["change"] == "dropped":
                assert change["old"] in clauses and change["lineage"] not in new
                continue
            if change["change"] == "added":
                assert change["new"] in clauses and change["lineage"] not in old
                continue
            before, after = clauses[change["old"]], clauses[change["new"]]
            if change["change"] == "renumbered":
                assert change["old"].split("/", 1)[1] != change["new"].split("/", 1)[1]
                assert before["text"] == after["text"] and _projection(before) == _projection(after)
            elif change["change"] == "reworded":
                assert before["text"] != after["text"] and _projection(before) == _projection(after)
            else:
                ub, ua = _union(before), _union(after)
                assert change["fields"], change
                for key in ub:
                    if key in change["fields"]:
                        assert (ub[key], ua[key]) == (change["fields"][key]["old"], change["fields"][key]["new"]), \
                            (change, key)
                    else:
                        assert ub[key] == ua[key], (change, key)
    return checked


def test_make_pair_manifest_matches_what_the_tool_reads(tmp_path):
    manifest = corpus.make_pair(tmp_path, seed=1)
    result = ra_graph(tmp_path, "build")
    assert result.returncode == 0, result.stderr
    assert tool_counts(tmp_path) == {"noord-holland-2025": 40, "noord-holland-2026": 40}
    assert check_against_tool(tmp_path, manifest) == 8


def test_renewal_manifest_matches_what_the_tool_reads(tmp_path):
    manifest = corpus.generate(tmp_path, provinces=2, years=range(2025, 2028), seed=3)
    result = ra_graph(tmp_path, "build")
    assert result.returncode == 0, result.stderr
    assert check_against_tool(tmp_path, manifest) == sum(len(p["changes"]) for p in manifest["pairs"]) > 20
