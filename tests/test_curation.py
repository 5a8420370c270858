"""The curation overlay: corrections win, and every mistake names FILE:LINE."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from ra_graph import curate, paths
from ra_graph.errors import RaGraphError
from ra_graph.extract.pipeline import draft
from ra_graph.namespaces import RAI


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
  drenthe/3.1/1.2:
    note: "Describes the Rijk's existing responsibility (line 137)."
    commitments:
      - obligors: [Rijk]
        modality: Statement
        carried_by: [IenW]
  drenthe/3.3/6:
    note: "Test patch."
    patch:
      - commitment: 1
        modality: Result
        due_by: 2026-12-31
        due_text: "eind 2026"
  drenthe/3.5/3:
    note: "Test add."
    add:
      - obligors: [gemeenten]
        beneficiaries: [provincie Drenthe]
        modality: Effort
        locations: [Emmen]
  drenthe/3.8/1:
    note: "Test drop."
    not_a_clause: true
"""


def test_no_file_leaves_the_draft_unchanged():
    assert curate.apply(drenthe(), None) is drenthe()


def test_replace_patch_add_and_drop(tmp_path):
    result = curate.apply(drenthe(), write(tmp_path, GOOD))
    clauses = {c.id: c for c in result.clauses}
    replaced = clauses["drenthe/3.1/1.2"].commitments
    assert [(k.obligors, k.modality, k.basis, k.carried_by, k.carried_by_basis) for k in replaced] == \
        [([RAI + "rijk"], "Statement", "FromCuration", [RAI + "ienw"], "FromCuration")]
    assert replaced[0].note.startswith("curation drenthe-2025.yaml:6: Describes the Rijk")
    patched = clauses["drenthe/3.3/6"].commitments[0]
    assert (patched.modality, patched.due_by, patched.due_text, patched.basis) == \
        ("Result", "2026-12-31", "eind 2026", "FromText")  # obligors untouched: their basis stays
    added = clauses["drenthe/3.5/3"].commitments[-1]
    assert (added.obligors, added.locations, added.basis) == ([RAI + "gemeenten"], [RAI + "emmen"], "FromCuration")
    assert len(clauses["drenthe/3.5/3"].commitments) == 3
    assert "drenthe/3.8/1" not in clauses
    assert clauses["drenthe/3.1/1.2"].curated and not clauses["drenthe/3.1/1.1"].curated
    # the draft itself is not modified (the overlay is applied on every build)
    assert drenthe().clauses[1].commitments[0].basis == "FromText"


@pytest.mark.parametrize("body, line, message", [
    ("arrangement: drenthe-2025\nclauses:\n  x: [unclosed\n", 4, "not valid YAML"),
    ("arrangement: drenthe-2025\nklauses: {}\n", 2, "unknown key 'klauses'"),
    ("arrangement: groningen-2025\nclauses: {}\n", 1, "does not match the file name"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    commitments: []\n", 3, "needs a 'note'"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [LVVM]\n", 6, "unknown actor 'LVVM'; did you mean: lvvn"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [Rijk]\n        programmes: [Deltaprogramma Zoutwater]\n", 7, "unknown programme"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [Rijk]\n        locations: [Atlantis]\n", 7, "unknown location 'Atlantis'"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [Rijk]\n        modality: Efort\n", 7, "unknown modality 'Efort'; did you mean Effort"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    note: x\n    commitments:\n"
     "      - obligors: [Rijk]\n        due_by: 2026-02-30\n", 7, "is not a date"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    note: x\n    patch:\n"
     "      - modality: Effort\n", 6, "needs 'commitment: N'"),
    ("arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    note: x\n    comitments: []\n",
     5, "did you mean commitments"),
])
def test_load_errors_name_file_and_line(tmp_path, body, line, message):
    path = write(tmp_path, body)
    with pytest.raises(RaGraphError) as err:
        curate.load(path)
    assert err.value.file == str(path)
    assert err.value.line == line
    assert message in err.value.problem


def test_unknown_clause_id_is_an_error_at_its_line(tmp_path):
    path = write(tmp_path, "arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/9.9:\n    note: x\n"
                           "    not_a_clause: true\n")
    with pytest.raises(RaGraphError) as err:
        curate.apply(drenthe(), path)
    assert (err.value.line, err.value.message.startswith(str(path) + ":3: no clause 'drenthe/3.1/9.9'")) == (3, True)


def test_patch_of_a_missing_commitment_is_an_error(tmp_path):
    path = write(tmp_path, "arrangement: drenthe-2025\nclauses:\n  drenthe/3.1/1.2:\n    note: x\n"
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
