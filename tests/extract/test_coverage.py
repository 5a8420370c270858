"""Coverage accounting: no line of the agreements chapter is lost without a word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ra_graph.core import paths
from ra_graph.extract.structure import parse_arrangement
from ra_graph.extract.text import artefact_lines

# A small text with two things the rules cannot place: numbering that skips
# item 3, and a paragraph between items 4 and 5 (context; since issue #22 it no
# longer ends the list -- item 5 is read -- but it is warned about).
CRAFTED = """Ruimtelijk Arrangement Rijk - provincie Zeeland

1. Inleiding

1.1 Aanleiding
De provincie Zeeland en het Rijk maken afspraken.

2. De afspraken

2.1 Water

1. Rijk en provincie Zeeland werken samen aan de dijken.

2. De provincie Zeeland maakt een plan voor de kust.

4. Het Rijk onderzoekt de zandsuppleties.

Dit is een losse opmerking zonder kopje.

5. De provincie Zeeland stelt in 2027 een kustvisie vast.

3. Overige aspecten

3.1 Looptijd afspraken
De afspraken gelden tot het overleg van december 2026.
"""


def _crafted(directory: Path) -> Path:
    path = directory / "ra-zeeland-2026.txt"
    path.write_text(CRAFTED, encoding="utf-8")
    return path


def _warnings(path: Path) -> list[str]:
    return [
        f"ra-graph: warning: {path}:16: numbering skips 3 before item 4 (section 2.1):"
        " '4. Het Rijk onderzoekt de zandsuppleties.'",
        f"ra-graph: warning: {path}:18: paragraph between two items of one list read as context"
        " (the list goes on after it) (section 2.1): 'Dit is een losse opmerking zonder kopje.'",
    ]


def test_crafted_text_places_every_line(tmp_path):
    arr = parse_arrangement(_crafted(tmp_path))
    assert [(c.id, c.line) for c in arr.clauses] == [
        ("zeeland-2026/2.1/1", 12), ("zeeland-2026/2.1/2", 14), ("zeeland-2026/2.1/4", 16),
        ("zeeland-2026/2.1/5", 20)]
    # the agreements chapter (lines 8-20) and, since issue #22, the rest of the document too
    assert arr.coverage == {1: "context", 3: "heading", 5: "heading", 6: "context",
                            8: "heading", 10: "heading", 12: "clause", 14: "clause", 16: "clause",
                            18: "context", 20: "clause", 22: "heading", 24: "heading", 25: "context"}
    assert [(u.line, u.end_line, u.section, u.reason, u.text) for u in arr.unaccounted] == [
        (16, None, "2.1", "numbering skips 3 before item 4", "4. Het Rijk onderzoekt de zandsuppleties."),
        (18, None, "2.1", "paragraph between two items of one list read as context (the list goes on after it)",
         "Dit is een losse opmerking zonder kopje."),
    ]


def test_extract_warns_with_file_and_line(ra, tmp_path):
    path = _crafted(tmp_path)
    r = ra("extract", path, "--format", "json", "--no-curation")
    assert r.code == 0
    assert r.err.splitlines() == _warnings(path)
    assert [row["clause"] for row in json.loads(r.out)] == [
        "zeeland-2026/2.1/1", "zeeland-2026/2.1/2", "zeeland-2026/2.1/4", "zeeland-2026/2.1/5"]


def test_build_warns_strict_refuses_and_validate_reports(ra, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    path = _crafted(sources)
    (sources / "notities.txt").write_text("geen arrangement\n", encoding="utf-8")
    (sources / ".gitkeep").write_text("", encoding="utf-8")
    stray = f"ra-graph: warning: {sources / 'notities.txt'}: skipped: not an arrangement text" \
            " (the name is not ra-<province>-<year>.txt)"

    strict = tmp_path / "strict.trig"
    r = ra("build", "--sources", sources, "--out", strict, "--strict")
    assert r.code == 2
    assert r.err.splitlines() == [stray] + _warnings(path) + [
        f"ra-graph: 3 warning(s) and --strict: {strict} not written"]
    assert not strict.exists()

    graph = tmp_path / "g.trig"
    r = ra("build", "--sources", sources, "--out", graph)
    assert r.code == 0
    assert r.err.splitlines()[:3] == [stray] + _warnings(path)
    assert r.err.splitlines()[3].startswith(
        f"built {graph}: 1 arrangements (zeeland-2026), 4 clauses, 5 commitments, 3 warning(s) in ")

    r = ra("validate", "--graph", graph, "--format", "json")
    found = [(f["line"], f["section"], f["arrangement"], f["text"], f["value"], f["severity"])
             for f in json.loads(r.out)["results"] if f["constraint"] == "unaccounted-text"]
    assert found == [
        (16, "2.1", "zeeland-2026", "4. Het Rijk onderzoekt de zandsuppleties.",
         "numbering skips 3 before item 4", "Warning"),
        (18, "2.1", "zeeland-2026", "Dit is een losse opmerking zonder kopje.",
         "paragraph between two items of one list read as context (the list goes on after it)", "Warning"),
    ]


def test_shipped_texts_build_strict_without_warnings(ra, tmp_path):
    r = ra("build", "--strict", "--out", tmp_path / "g.trig")
    assert r.code == 0
    assert "warning" not in r.err


@pytest.mark.parametrize("name", ["ra-drenthe-2025.txt", "ra-groningen-2025.txt"])
def test_shipped_texts_place_every_line(name):
    arr = parse_arrangement(paths.SOURCES / name)
    assert arr.unaccounted == []
    assert "unaccounted" not in arr.coverage.values()


def test_no_agreements_chapter_stops_the_build(ra, tmp_path):
    (tmp_path / "ra-zeeland-2026.txt").write_text(
        "Ruimtelijk Arrangement Rijk - provincie Zeeland\n\n1. Inleiding\n\n1.1 Aanleiding\n"
        "De provincie Zeeland en het Rijk.\n", encoding="utf-8")
    r = ra("build", "--sources", tmp_path, "--out", tmp_path / "g.trig")
    assert r.code == 2
    assert r.err == (f"ra-graph: {tmp_path / 'ra-zeeland-2026.txt'}:1: no agreements chapter: expected a chapter"
                     " whose title says 'afspraken' (for example '3. Inhoudelijke afspraken')\n")
    assert not (tmp_path / "g.trig").exists()


# ------------------------------------------------------------------ artefacts of the PDF export

PAGES = """ Ruimtelijk Arrangement Rijk - provincie Zeeland

1. Het Rijk zet zich in voor de dijken2 en

12
 Ruimtelijk Arrangement Rijk - provincie Zeeland

de kust.

2 Zie de Kustvisie 2020, hoofdstuk 3.
nr. 4.

13
 Ruimtelijk Arrangement Rijk - provincie Zeeland

¹ Een voetnoot met een superscript,
over twee regels.

1 Inzet op robuuste natuur.
"""


def test_page_numbers_running_headers_and_footnotes():
    """A repeated line next to a page number is a header; '2 Zie ...' is a footnote because the
    page says 'dijken2' and a page break follows it; '1 Inzet ...' is an item (no reference '…1')."""
    assert artefact_lines(PAGES.split("\n")) == {
        5: "page number", 6: "running header", 10: "footnote", 11: "footnote", 13: "page number",
        14: "running header", 16: "footnote", 17: "footnote"}
    without_reference = PAGES.replace("dijken2", "dijken").split("\n")
    assert 10 not in artefact_lines(without_reference) and 11 not in artefact_lines(without_reference)
