"""The curation overlay: corrections win, and every mistake names FILE:LINE."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from ra_graph.core import paths
from ra_graph.core.errors import RaGraphError
from ra_graph.core.namespaces import RAI
from ra_graph.extract import curate
from ra_graph.extract.pipeline import draft


@lru_cache(maxsize=None)
def drenthe():
    return draft(paths.SOURCES / "ra-drenthe-2025.txt")


def write(tmp_path: Path, body: str, name: str = "drenthe-2025.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """\
arrangement: drenthe-2025
clauses:
  drenthe-2025/3.1/1.2:
    note: "Describes the Rijk's existing responsibility (line 137)."
    commitments:
      - obligors: [Rijk]
        modality: Statement
        carried_by: [IenW]
  drenthe-2025/3.3/6:
    note: "Test patch."
    patch:
      - commitment: 1
        modality: Result
        due_by: 2026-12-31
        due_text: "eind 2026"
  drenthe-2025/3.5/3:
    note: "Test add."
    add:
      - obligors: [gemeenten]
        beneficiaries: [provincie Drenthe]
        modality: Effort
        locations: [Emmen]
  drenthe-2025/3.8/1:
    note: "Test drop."
    not_a_clause: true
"""


def test_no_file_leaves_the_draft_unchanged():
    assert curate.apply(drenthe(), None) is drenthe()


def test_replace_patch_add_and_drop(tmp_path):
    result = curate.apply(drenthe(), write(tmp_path, GOOD))
    clauses = {c.id: c for c in result.clauses}
    replaced = clauses["drenthe-2025/3.1/1.2"].commitments
    assert [(k.obligors, k.modality, k.basis, k.carried_by, k.carried_by_basis) for k in replaced] == \
        [([RAI + "rijk"], "Statement", "FromCuration", [RAI + "ienw"], "FromCuration")]
    assert replaced[0].note.startswith("curation drenthe-2025.yaml:6: Describes the Rijk")
    patched = clauses["drenthe-2025/3.3/6"].commitments[0]
    assert (patched.modality, patched.due_by, patched.due_text, patched.basis) == \
        ("Result", "2026-12-31", "eind 2026", "FromText")  # obligors untouched: their basis stays
    added = clauses["drenthe-2025/3.5/3"].commitments[-1]
    assert (added.obligors, added.locations, added.basis) == ([RAI + "gemeenten"], [RAI + "emmen"], "FromCuration")
    assert len(clauses["drenthe-2025/3.5/3"].commitments) == 3
    assert "drenthe-2025/3.8/1" not in clauses
    assert clauses["drenthe-2025/3.1/1.2"].curated and not clauses["drenthe-2025/3.1/1.1"].curated
    # the draft itself is not modified (the overlay is applied on every build)
    assert drenthe().clauses[1].commitments[0].basis == "FromText"


RULES = """\
arrangement: drenthe-2025
clauses:
  drenthe-2025/3.1/1.1:
    note: "Test: a patch that makes a Statement."
    patch:
      - commitment: 1
        modality: Statement
      - commitment: 2
        modality: Statement
        beneficiaries: [Rijk]
  drenthe-2025/3.1/1.2:
    note: "Test: a replacement naming no carrier."
    commitments:
      - obligors: [Rijk]
        modality: Effort
        beneficiaries: [provincie Drenthe]
  drenthe-2025/3.3/1:
    note: "Test: a section of two themes has no lead ministry."
    commitments:
      - obligors: [Rijk]
        modality: Effort
  drenthe-2025/3.6/1:
    note: "Test: the obligor changes, the carrier is stated or follows."
    patch:
      - commitment: 1
        obligors: [provincie Drenthe]
    add:
      - obligors: [Rijk]
        modality: Effort
      - obligors: [Rijk]
        modality: Effort
        carried_by: [VRO]
"""


def test_what_an_entry_leaves_unsaid_follows_the_rules(tmp_path):
    """A Statement made by curation is owed to no one unless the entry says so (groningen-2025/2.4/zoetwater-2,
    line 411: "een voorstel kan doen" curated to Statement kept the draft's beneficiary Rijk); a Rijk commitment
    of curation without carried_by is carried by the section's lead ministry with the section's basis
    (groningen-2025/2.4/veenweide-5: IenW, 2.4 Water), and a commitment no longer the Rijk's alone by no one;
    no party is its own beneficiary."""
    clauses = {c.id: c for c in curate.apply(drenthe(), write(tmp_path, RULES)).clauses}

    def facts(clause_id):
        return [([o.removeprefix(RAI) for o in k.obligors], k.modality, [b.removeprefix(RAI) for b in k.beneficiaries],
                 [c.removeprefix(RAI) for c in k.carried_by], k.carried_by_basis) for k in clauses[clause_id].commitments]

    assert facts("drenthe-2025/3.1/1.1") == [
        (["rijk"], "Statement", [], ["ienw"], "FromRule"),
        (["provincie-drenthe"], "Statement", ["rijk"], [], None)]
    assert facts("drenthe-2025/3.1/1.2") == [(["rijk"], "Effort", ["provincie-drenthe"], ["ienw"], "FromRule")]
    assert clauses["drenthe-2025/3.1/1.2"].commitments[0].note.endswith("; rules: carried-by:section")
    assert facts("drenthe-2025/3.3/1") == [(["rijk"], "Effort", [], [], None)]
    assert facts("drenthe-2025/3.6/1") == [
        (["provincie-drenthe"], "Effort", [], [], None),  # no one owes itself
        (["rijk"], "Effort", [], ["ocw"], "FromText"),
        (["rijk"], "Effort", [], ["vro"], "FromCuration")]


@pytest.mark.parametrize("body, line, message", [
    ("arrangement: drenthe-2025\nclauses:\n  x: [unclosed\n", 4, "not valid YAML"),
    ("arrangement: drenthe-2025\nklauses: {}\n", 2, "unknown key 'klauses'"),
    ("arrangement: groningen-2025\nclauses: {}\n", 1, "does not match the file name"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    commitments: []\n", 3, "needs a 'note'"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [LVVM]\n", 6, "unknown actor 'LVVM'; did you mean: LVVN (rai:lvvn)?"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [Rijk]\n        programmes: [Deltaprogramma Zoutwater]\n", 7, "unknown programme"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [Rijk]\n        locations: [Atlantis]\n", 7, "unknown location 'Atlantis'"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [Rijk]\n        modality: Efort\n", 7, "unknown modality 'Efort'; did you mean Effort"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [Rijk]\n        due_by: 2026-02-30\n", 7, "is not a date"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n    patch:\n"
     "      - modality: Effort\n", 6, "needs 'commitment: N'"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n    comitments: []\n",
     5, "did you mean commitments"),
])
def test_load_errors_name_file_and_line(tmp_path, body, line, message):
    path = write(tmp_path, body)
    with pytest.raises(RaGraphError) as err:
        curate.load(path)
    assert err.value.file == str(path)
    assert err.value.line == line
    assert message in err.value.problem


ENTRY = "arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n"


@pytest.mark.parametrize("body, line, problem", [
    # a repeated key was silently last-one-wins, at every level
    ("arrangement: drenthe-2025\nclauses: {}\narrangement: drenthe-2025\n", 3,
     "key 'arrangement' given twice in the curation file"),
    (ENTRY + "    note: y\n", 5, "key 'note' given twice in clause drenthe-2025/3.1/1.2"),
    (ENTRY + "    commitments:\n      - obligors: [Rijk]\n        modality: Effort\n        modality: Result\n", 8,
     "key 'modality' given twice in a commitment"),
    (ENTRY + "    patch:\n      - commitment: 1\n        due_text: a\n        due_text: b\n", 8,
     "key 'due_text' given twice in a commitment"),
    # a replacement silently discarded the patch
    (ENTRY + "    commitments:\n      - obligors: [Rijk]\n    patch:\n      - commitment: 1\n"
     "        modality: Effort\n", 3,
     "clause drenthe-2025/3.1/1.2: give either 'commitments' (replaces all) or 'patch', "
     "not both (the replacement would discard the patch)"),
    # two names where the graph takes one failed late in compile, without file or line
    (ENTRY + "    commitments:\n      - obligors: [Rijk]\n        carried_by: [IenW, LVVN]\n", 7,
     "carried_by takes one actor, not 2"),
    (ENTRY + "    add:\n      - obligors: [Drenthe]\n        requested_by:\n          - Rijk\n"
     "          - LVVN\n", 7, "requested_by takes one actor, not 2"),
    # null would clear the modality, which every commitment needs
    (ENTRY + "    patch:\n      - commitment: 1\n        modality: null\n", 7,
     "modality cannot be cleared: every commitment needs one "
     "(Result, Effort, Dialogue, Request, Acknowledgement, Research, Statement)"),
    # due_by is read by the one strict ISO reader (fromisoformat took 20261231)
    (ENTRY + "    patch:\n      - commitment: 1\n        due_by: 20261231\n", 7,
     "due_by: '20261231' is not a date (YYYY-MM-DD)"),
    # PyYAML's reader error spans two lines and has no line mark of its own
    ("arrangement: drenthe-2025\nclauses:\n  x\x00: 1\n", 3,
     "not valid YAML: unacceptable character #x0000: special characters are not allowed"),
    ("arrangement: drenthe-2025\nclauses:\n  x: [unclosed\n", 4,
     "not valid YAML: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence on line 3)"),
])
def test_load_error_is_one_exact_line(tmp_path, body, line, problem):
    path = write(tmp_path, body)
    with pytest.raises(RaGraphError) as err:
        curate.load(path)
    assert (err.value.file, err.value.line, err.value.problem) == (str(path), line, problem)
    assert "\n" not in err.value.message


def test_patch_may_still_clear_a_deadline(tmp_path):
    path = write(tmp_path, ENTRY + "    patch:\n      - commitment: 1\n        due_by: null\n")
    assert curate.load(path).entries["drenthe-2025/3.1/1.2"].patches[0].values == {"due_by": None}


def test_curation_file_not_utf8_names_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "drenthe-2025.yaml"
    path.write_bytes(b"arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: \"Frysl\xe2n\"\n")
    with pytest.raises(RaGraphError) as err:
        curate.load(path)
    assert (err.value.line, err.value.problem) == (
        4, "not UTF-8: invalid byte 0xe2 on line 4 at byte offset 75 (save the file as UTF-8)")


def test_curation_file_not_utf8_is_exit_2_in_the_cli(ra, tmp_path, monkeypatch):
    (tmp_path / "drenthe-2025.yaml").write_bytes(b"arrangement: drenthe-2025\n# \xff\nclauses: {}\n")
    monkeypatch.setattr(paths, "CURATION", tmp_path)
    r = ra("extract", paths.SOURCES / "ra-drenthe-2025.txt")
    assert r.code == 2
    assert r.err == (f"ra-graph: {tmp_path / 'drenthe-2025.yaml'}:2: not UTF-8: invalid byte 0xff on line 2 "
                     "at byte offset 28 (save the file as UTF-8)\n")


def test_apply_overlay_finds_the_arrangements_curation_file(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CURATION", tmp_path)
    assert curate.apply_overlay(drenthe()) is drenthe()  # no file: unchanged
    write(tmp_path, "arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.8/1:\n    note: x\n    not_a_clause: true\n")
    assert "drenthe-2025/3.8/1" not in {c.id for c in curate.apply_overlay(drenthe()).clauses}


def test_build_and_extract_both_apply_the_overlay(tmp_path, monkeypatch):
    from ra_graph.graph.build import extract_all
    from ra_graph.query.review import extract_command

    calls = []
    monkeypatch.setattr(curate, "apply_overlay", lambda a: calls.append(a.slug) or a)
    extract_all(paths.SOURCES)
    extract_command(paths.SOURCES / "ra-drenthe-2025.txt", "json", skeleton=None, curation=True)
    extract_all(paths.SOURCES, curation=False)
    assert calls == ["drenthe-2025", "groningen-2025", "drenthe-2025"]


def test_unknown_clause_id_is_an_error_at_its_line(tmp_path):
    path = write(tmp_path, "arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/9.9:\n    note: x\n"
                           "    not_a_clause: true\n")
    with pytest.raises(RaGraphError) as err:
        curate.apply(drenthe(), path)
    assert (err.value.line, err.value.message.startswith(str(path) + ":3: no clause 'drenthe-2025/3.1/9.9'")) == (3, True)


def test_patch_of_a_missing_commitment_is_an_error(tmp_path):
    path = write(tmp_path, "arrangement: drenthe-2025\nclauses:\n  drenthe-2025/3.1/1.2:\n    note: x\n"
                           "    patch:\n      - commitment: 5\n        modality: Effort\n")
    with pytest.raises(RaGraphError, match="no commitment 5") as err:
        curate.apply(drenthe(), path)
    assert err.value.line == 6


def test_shipped_curation_files_load_and_apply():
    for path in sorted(paths.CURATION.glob("*.yaml")):
        overlay = curate.load(path)
        assert overlay.entries and all(e.note for e in overlay.entries.values())
    result = curate.apply(drenthe(), paths.CURATION / "drenthe-2025.yaml")
    assert any(c.curated for c in result.clauses)
