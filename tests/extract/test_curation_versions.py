"""Curation that follows the text (issue #21, item 5), and the diff of a generated pair
whose changes are known (item 4): per-side counts, sections, a reading apart from an agreement.

The pair is ``benchmarks/corpus.py --pair --seed 1`` (noord-holland 2025 -> 2026, six known
changes, in its manifest), with three curation entries:

- noord-holland-2025/2.4/veenweide-4 (renumbered veenweide-3 in 2026, text unchanged): the
  entry must carry over, so diff sees no change in its reading;
- noord-holland-2025/2.3/5 (its obligor changed in 2026, so its text did): the entry stops
  applying, and build says so with the entry's file and line;
- noord-holland-2026/2.9/1 only (2.8/1 in 2025, text unchanged): the same words read
  differently in the new version: ``reread``, not ``changed``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT, corpus_module, home_env

RAI = "https://w3id.org/ra-graph/id/"
OLD_CURATION = """arrangement: noord-holland-2025
clauses:
  noord-holland-2025/2.4/veenweide-4:
    note: "test: the province's request is an effort of its own"
    patch:
      - commitment: 2
        modality: Effort
  noord-holland-2025/2.3/5:
    note: "test: the Rijk's effort is a result"
    patch:
      - commitment: 2
        modality: Result
"""
NEW_CURATION = """arrangement: noord-holland-2026
clauses:
  noord-holland-2026/2.9/1:
    note: "test: the Rijk's part is research"
    patch:
      - commitment: 1
        modality: Research
"""


def _ra(home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ra_graph", *args], env=home_env(home), cwd=home,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    home = tmp_path_factory.mktemp("pair")
    manifest = corpus_module().make_pair(home, seed=1)
    (home / "data" / "curation").mkdir(parents=True, exist_ok=True)
    (home / "data" / "curation" / "noord-holland-2025.yaml").write_text(OLD_CURATION, encoding="utf-8")
    (home / "data" / "curation" / "noord-holland-2026.yaml").write_text(NEW_CURATION, encoding="utf-8")
    built = _ra(home, "build")
    assert built.returncode == 0, built.stderr
    diff = _ra(home, "diff", "noord-holland-2025", "noord-holland-2026", "--format", "json")
    assert diff.returncode == 0, diff.stderr
    clauses = {c["clause"]: c for arrangement in ("noord-holland-2025", "noord-holland-2026")
               for c in json.loads(_ra(home, "clauses", "--arrangement", arrangement, "--format", "json").stdout)}
    return {"home": home, "manifest": manifest, "build": built, "diff": json.loads(diff.stdout), "clauses": clauses}


def _rows(pair) -> dict[str, dict]:
    return {c["new"] or c["old"]: c for c in pair["diff"]["clauses"]}


def test_an_entry_follows_its_clause_while_the_text_is_unchanged(pair):
    row = _rows(pair)["noord-holland-2026/2.4/veenweide-3"]
    assert (row["change"], row["old"], row["fields"]) == ("renumbered", "noord-holland-2025/2.4/veenweide-4", {})
    carried = pair["clauses"]["noord-holland-2026/2.4/veenweide-3"]["commitments"][1]
    assert (carried["modality"], carried["basis"]) == ("Effort", "FromText")
    assert carried["curation_entry"] == "noord-holland-2025.yaml:6"  # where the correction was written
    assert carried["note"].startswith("curation noord-holland-2025.yaml:6: test: the province's request")


def test_build_warns_with_file_and_line_when_an_entry_stops_applying(pair):
    home = pair["home"]
    lines = [x for x in pair["build"].stderr.split("\n") if "no longer applies" in x]
    assert lines == [
        f"ra-graph: warning: {home / 'data' / 'curation' / 'noord-holland-2025.yaml'}:8: curation of "
        "noord-holland-2025/2.3/5 no longer applies to noord-holland-2026/2.3/5 "
        "(data/sources/ra-noord-holland-2026.txt:347): its text changed; review the new wording and, if the "
        "correction still holds, add it to noord-holland-2026.yaml (ra-graph extract --skeleton pre-fills it)"]
    fresh = pair["clauses"]["noord-holland-2026/2.3/5"]["commitments"][1]
    assert fresh["curation_entry"] is None and fresh["modality"] == "Effort"  # read afresh


def test_same_text_read_differently_is_reread_not_changed(pair):
    row = _rows(pair)["noord-holland-2026/2.9/1"]
    assert row["change"] == "reread" and row["text_diff"] is None
    assert row["fields"] == {"modality": {"old": ["Result"], "new": ["Research", "Result"]}}
    assert row["side_changes"] == {"Rijk": "reread", "province": "unchanged"}
    summary = pair["diff"]["summary"]
    assert summary["changes"]["reread"] == 1
    assert summary["sides"]["Rijk"]["reread"] == 1 and summary["sides"]["province"]["reread"] == 0


def _side_of(iri: str) -> str:
    return "province" if iri == RAI + "provincie-noord-holland" else "Rijk"


def _sides_holding(clause: dict, due_by: str | None = None) -> set[str]:
    """The sides whose commitments in ``clause`` (those due by ``due_by``, if given) the
    graph holds; every other party of a generated text is on the Rijk side."""
    return {_side_of(o["iri"]) for m in clause["commitments"] if due_by is None or m["due_by"] == due_by
            for o in m["obligors"] + ([m["carried_by"]] if m["carried_by"] else [])}


def test_per_side_counts_equal_the_manifests_changes_per_side(pair):
    """Each change the manifest lists, counted for the side(s) whose own commitments it touches."""
    (manifest_pair,) = pair["manifest"]["pairs"]
    expected = {"Rijk": Counter(), "province": Counter()}
    for change in manifest_pair["changes"]:
        kind, fields = change["change"], change["fields"]
        if kind in ("added", "dropped"):
            sides = _sides_holding(pair["clauses"][change["new"] or change["old"]])
        elif kind == "changed":
            sides = set()
            for name, values in fields.items():
                if name == "due_by":
                    sides |= _sides_holding(pair["clauses"][change["old"]], values["old"])
                else:  # obligors, carried_by: the actors that came or went
                    sides |= {_side_of(i) for i in set(values["old"]) ^ set(values["new"])}
        else:  # reworded, renumbered: nobody's commitment changed
            sides = set()
        for side in sides:
            expected[side][kind] += 1
    got = {side: Counter({k: n for k, n in counts.items() if n and k not in ("unchanged", "reread")})
           for side, counts in pair["diff"]["summary"]["sides"].items()}
    assert got == expected
    assert got == {"Rijk": Counter({"changed": 2, "added": 1, "dropped": 1}),
                   "province": Counter({"changed": 1, "added": 1, "dropped": 1})}


def test_new_and_moved_sections_are_named(pair):
    (manifest_pair,) = pair["manifest"]["pairs"]
    inserted, moved = manifest_pair["metadata"]["sections"]["inserted"], manifest_pair["metadata"]["sections"]["renumbered"]
    sections = pair["diff"]["summary"]["section_changes"]
    assert [x["section"] for x in sections["added"]] == [inserted] == ["2.8"]
    assert {x["old_section"]: x["section"] for x in sections["moved"]} == moved == {"2.8": "2.9"}
    assert sections["dropped"] == []
    assert sections["added"][0]["title"] == "Mobiliteit en bereikbaarheid"


def test_added_and_dropped_clauses_carry_their_parties(pair):
    rows = _rows(pair)
    added = rows["noord-holland-2026/2.7/5"]
    assert [([o["label"] for o in p["obligors"]], [b["label"] for b in p["beneficiaries"]]) for p in added["parties"]] \
        == [(["Rijk"], ["Noord-Holland"]), (["Noord-Holland"], ["Rijk"])]
    dropped = rows["noord-holland-2025/2.4/veenweide-3"]
    assert [[o["label"] for o in p["obligors"]] for p in dropped["parties"]] == [["Rijk"], ["Noord-Holland"]]


def test_skeleton_of_the_new_version_prefills_the_corrections_it_revises(pair, tmp_path):
    home = pair["home"]
    target = tmp_path / "noord-holland-2026.yaml"
    r = _ra(home, "extract", str(home / "data" / "sources" / "ra-noord-holland-2026.txt"), "--skeleton", str(target))
    assert r.returncode == 0, r.stderr
    text = target.read_text(encoding="utf-8")
    unchanged = text[text.index("#  noord-holland-2026/2.4/veenweide-3:"):]
    unchanged = unchanged[:unchanged.index("#  noord-holland-2026/2.4/veenweide-4:")]
    assert ("#    # noord-holland-2025.yaml:3 (noord-holland-2025/2.4/veenweide-4), the same text: it applies "
            "as it stands; uncomment it only to change it") in unchanged
    assert "#    note: \"test: the province's request is an effort of its own\"" in unchanged
    assert "#      - commitment: 2\n#        modality: Effort" in unchanged
    changed = text[text.index("#  noord-holland-2026/2.3/5:"):]
    changed = changed[:changed.index("#  noord-holland-2026/2.3/6:")]
    assert ("#    # noord-holland-2025.yaml:8 (noord-holland-2025/2.3/5), the text changed: it no longer "
            "applies; review it against the new wording") in changed
    assert "#        modality: Result" in changed
    from ra_graph.extract import curate

    assert curate.load(target).entries == {}  # still all commented: a valid, empty overlay


def test_extract_of_the_new_version_reads_it_as_build_does(pair):
    home = pair["home"]
    r = _ra(home, "extract", str(home / "data" / "sources" / "ra-noord-holland-2026.txt"), "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = {c["clause"]: c for c in json.loads(r.stdout)}
    carried = rows["noord-holland-2026/2.4/veenweide-3"]["commitments"][1]
    assert (carried["modality"], carried["curation_entry"]) == ("Effort", "noord-holland-2025.yaml:6")
    assert rows == {k: v for k, v in pair["clauses"].items() if k.startswith("noord-holland-2026/")}
    assert "noord-holland-2025.yaml:8: curation of noord-holland-2025/2.3/5 no longer applies" in r.stderr
