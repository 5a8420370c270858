"""``ra-graph extract``: the draft of a text in the clauses shape, and a skeleton."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ra_graph.core import paths

ZEELAND = Path(__file__).parents[1] / "fixtures" / "commitments" / "ra-zeeland-2026.txt"


def test_extract_json_has_the_clauses_shape(ra):
    r = ra("extract", ZEELAND, "--format", "json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)
    assert [row["clause"] for row in rows] == ["zeeland-2026/2.1/1", "zeeland-2026/2.1/2",
                                               "zeeland-2026/2.2/zoetwater-1", "zeeland-2026/2.2/zoetwater-2"]
    request = rows[1]
    assert (request["arrangement"], request["section"], request["kind"], request["line"]) == \
        ("zeeland-2026", "2.1", "Agreement", 17)
    (c,) = request["commitments"]
    assert c["obligors"] == [{"iri": "https://w3id.org/ra-graph/id/provincie-zeeland", "label": "Zeeland"}]
    assert c["modality"] == "Request"
    assert c["requested_by"]["label"] == "Rijk"  # one reference in the clauses shape
    first = rows[0]["commitments"][0]
    assert (first["due_by"], first["due_text"], first["basis"]) == ("2026-12-31", "in 2026", "FromText")


def test_extract_yaml_and_curation_switch(ra):
    source = paths.SOURCES / "ra-groningen-2025.txt"
    curated = {row["clause"]: row for row in yaml.safe_load(ra("extract", source, "--format", "yaml").out)}
    raw = {row["clause"]: row for row in yaml.safe_load(
        ra("extract", source, "--format", "yaml", "--no-curation").out)}
    clause = "groningen-2025/2.4/veenweide-5"
    assert [c["basis"] for c in curated[clause]["commitments"]] == ["FromCuration"]
    assert [c["basis"] for c in raw[clause]["commitments"]] == ["FromRule", "FromRule"]


def test_skeleton_lists_every_clause_and_loads(ra, tmp_path):
    target = tmp_path / "zeeland-2026.yaml"
    r = ra("extract", ZEELAND, "--skeleton", target)
    assert r.code == 0, r.err
    text = target.read_text(encoding="utf-8")
    assert "#  zeeland-2026/2.1/2:   # line 17, Agreement: Het Rijk vraagt de provincie Zeeland" in text
    assert "#    # draft c1: obligors [Zeeland] Request; requested by Rijk (FromText)" in text
    from ra_graph.extract import curate

    assert curate.load(target).entries == {}  # all commented out: a valid, empty overlay


def test_bad_file_is_exit_2(ra, tmp_path):
    r = ra("extract", tmp_path / "ra-nowhere-2026.txt")
    assert r.code == 2
    assert "ra-nowhere-2026.txt" in r.err


def test_skeleton_never_overwrites_an_existing_file_without_force(ra, tmp_path):
    target = tmp_path / "zeeland-2026.yaml"
    target.write_text("arrangement: zeeland-2026\n# a steward's work\n", encoding="utf-8")
    r = ra("extract", ZEELAND, "--skeleton", target)
    assert (r.code, r.out, r.err) == (2, "", f"ra-graph: {target} exists; use --force to overwrite\n")
    assert target.read_text(encoding="utf-8") == "arrangement: zeeland-2026\n# a steward's work\n"
    r = ra("extract", ZEELAND, "--skeleton", target, "--force")
    assert r.code == 0, r.err
    assert "#  zeeland-2026/2.1/2:   # line 17" in target.read_text(encoding="utf-8")
