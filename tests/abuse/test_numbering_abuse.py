"""Issue #23 item 3: nothing is lost without a word, whatever the numbering.

Before, items numbered 100 and up were read as context while ``build --strict``
passed (agreements silently gone), and lists lettered "a.", "a)" or "i." merged
into one clause of kilobytes without a warning.  Each case here failed then.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEAD = """Ruimtelijk Arrangement Rijk - provincie Zeeland

1. Inleiding

1.1 Aanleiding
Het Rijk en de provincie Zeeland maken afspraken.

2. De afspraken

2.1 Water

{items}

3. Overige aspecten

3.1 Looptijd afspraken
De afspraken gelden tot het overleg van juni 2027.
"""

ACTS = ["Het Rijk levert de kaarten van de kust.", "De provincie Zeeland toetst de kaarten van de kust.",
        "Rijk en provincie bespreken de kaarten van de kust."]


# builds here pass --no-cache: the build cache lives in the project's data/graph/.cache, which the
# CLI abuse tests check is left untouched while they run (in parallel with these)


def _sources(tmp_path: Path, items: str) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "ra-zeeland-2026.txt").write_text(HEAD.format(items=items), encoding="utf-8")
    return sources


def _clauses(ra, sources: Path) -> list[dict]:
    r = ra("extract", sources / "ra-zeeland-2026.txt", "--format", "json", "--no-curation")
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_items_numbered_past_one_hundred_are_read_and_strict_passes(ra, tmp_path):
    items = "\n\n".join(f"{n}. {ACTS[n % 3]}" for n in range(1, 121))
    sources = _sources(tmp_path, items)
    assert [row["clause"].rsplit("/", 1)[1] for row in _clauses(ra, sources)] == [str(n) for n in range(1, 121)]
    r = ra("build", "--sources", sources, "--out", tmp_path / "g.trig", "--strict", "--no-cache")
    assert r.code == 0 and "120 clauses" in r.err


@pytest.mark.parametrize("style", ["{letter}.", "{letter})", "({letter})"])
def test_a_lettered_list_with_parties_of_its_own_is_one_clause_per_sub_item(ra, tmp_path, style):
    letters = "abcdefghijklmnopqrstuvwxyz"
    body = "\n".join(f"{style.format(letter=c)} {ACTS[i % 3]}" for i, c in enumerate(letters))
    sources = _sources(tmp_path, f"1. Rijk en provincie Zeeland spreken het volgende af:\n{body}")
    rows = _clauses(ra, sources)
    assert [row["clause"].rsplit("/", 1)[1] for row in rows] == [f"1{c}" for c in letters]
    assert max(len(row["text"]) for row in rows) < 100  # never one clause of kilobytes
    r = ra("build", "--sources", sources, "--out", tmp_path / "g.trig", "--strict", "--no-cache")
    assert r.code == 0


@pytest.mark.parametrize("numerals", [["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]])
def test_a_roman_list_with_parties_of_its_own_is_one_clause_per_sub_item(ra, tmp_path, numerals):
    body = "\n".join(f"{n}. {ACTS[i % 3]}" for i, n in enumerate(numerals))
    sources = _sources(tmp_path, f"1. Rijk en provincie Zeeland spreken het volgende af:\n{body}")
    assert [row["clause"].rsplit("/", 1)[1] for row in _clauses(ra, sources)] == [f"1{n}" for n in numerals]


def test_a_lettered_list_nobody_can_place_is_warned_and_strict_refuses(ra, tmp_path):
    body = "\n".join(f"{c}. {ACTS[i % 3]}" for i, c in enumerate("abcdef"))
    sources = _sources(tmp_path, f"1. Het Rijk levert de kaarten.\n\nToelichting\n{body}")
    rows = _clauses(ra, sources)
    assert [row["clause"].rsplit("/", 1)[1] for row in rows] == ["1"] and len(rows[0]["text"]) < 40
    r = ra("build", "--sources", sources, "--out", tmp_path / "g.trig", "--strict", "--no-cache")
    assert r.code == 2
    assert r.err.count("lettered or roman sub-items read as context") == 6
