"""Texts the rules were not written on: the extractor alone against a hand annotation.

tests/fixtures/unseen/ holds three synthetic arrangements in the house style
(Overijssel 2026, Gelderland 2026, Limburg 2027), each annotated clause by
clause before the extractor was run on it (NOTES.md: the first measure and
the failures by cause).  tools/score_extract.py scores ``ra-graph extract
--format json --no-curation`` against an annotation.  The targets (issue 12):
every clause found, at most one spurious, at least 95% of obligor sets exact,
every determinable deadline right, no vague one dated, and nothing lost
without a warning.  The exact figures are pinned as well, so that any change
in reading shows up here.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from ra_graph.extract.structure import parse_arrangement
from ra_graph.query.review import extract_command

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
TEXTS = ["ra-overijssel-2026", "ra-gelderland-2026", "ra-limburg-2027"]
# issue #22: written and annotated before the rules for lettered sub-items, collective subjects,
# offices, half-years, agenda chapters and three-digit numbers existed (NOTES.md, "Second set")
NEW_TEXTS = ["ra-zuid-holland-2026", "ra-zeeland-2027", "ra-noord-brabant-2026",
             # held out: written and annotated after those rules, with variations they were not written for
             "ra-flevoland-2027"]


def _scorer():
    spec = importlib.util.spec_from_file_location("score_extract", ROOT / "tools" / "score_extract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORER = _scorer()


@lru_cache(maxsize=None)
def scored(name: str) -> dict:
    annotation = SCORER.load_annotation(UNSEEN / f"{name}.yaml")
    rows = json.loads(extract_command(UNSEEN / annotation["source"], "json", skeleton=None, curation=False))
    return SCORER.score(annotation, SCORER.load_extract(rows, annotation["arrangement"]))


# every figure the scorer counts, per text (a key that is absent counts 0)
FIGURES = {
    "ra-overijssel-2026": {
        "clauses_annotated": 29, "clauses_found": 29, "tool_clauses": 29, "kind_right": 29, "id_right": 29,
        "commitments_annotated": 47, "commitments_tool": 46, "commitments_missed": 1, "commitments_spurious": 0,
        "obligors_exact": 46, "clause_obligors_exact": 28, "modality_exact": 46, "obligors_modality_exact": 46,
        "clause_obligors_modality_exact": 28, "beneficiaries_exact": 46, "partners_exact": 46,
        "requested_by_exact": 46, "due_annotated": 13, "due_right": 13, "vague_annotated": 7, "vague_dated": 0,
        "spurious_dates": 0, "commitments_in_missed_clauses": 0,
    },
    "ra-gelderland-2026": {
        "clauses_annotated": 27, "clauses_found": 27, "tool_clauses": 27, "kind_right": 27, "id_right": 27,
        "commitments_annotated": 51, "commitments_tool": 51, "commitments_missed": 0, "commitments_spurious": 0,
        "obligors_exact": 51, "clause_obligors_exact": 27, "modality_exact": 51, "obligors_modality_exact": 51,
        "clause_obligors_modality_exact": 27, "beneficiaries_exact": 50, "partners_exact": 51,
        "requested_by_exact": 51, "due_annotated": 10, "due_right": 10, "vague_annotated": 4, "vague_dated": 0,
        "spurious_dates": 0, "commitments_in_missed_clauses": 0,
    },
    "ra-limburg-2027": {
        "clauses_annotated": 25, "clauses_found": 25, "tool_clauses": 25, "kind_right": 25, "id_right": 25,
        "commitments_annotated": 41, "commitments_tool": 41, "commitments_missed": 0, "commitments_spurious": 0,
        "obligors_exact": 41, "clause_obligors_exact": 25, "modality_exact": 41, "obligors_modality_exact": 41,
        "clause_obligors_modality_exact": 25, "beneficiaries_exact": 41, "partners_exact": 41,
        "requested_by_exact": 41, "due_annotated": 9, "due_right": 9, "vague_annotated": 6, "vague_dated": 0,
        "spurious_dates": 0, "commitments_in_missed_clauses": 0,
    },
    "ra-zuid-holland-2026": {
        "clauses_annotated": 17, "clauses_found": 17, "tool_clauses": 17, "kind_right": 17, "id_right": 17,
        "commitments_annotated": 27, "commitments_tool": 27, "obligors_exact": 27, "clause_obligors_exact": 17,
        "modality_exact": 27, "obligors_modality_exact": 27, "clause_obligors_modality_exact": 17,
        "beneficiaries_exact": 27, "partners_exact": 27, "requested_by_exact": 27, "due_annotated": 12,
        "due_right": 12, "vague_annotated": 5,
    },
    "ra-zeeland-2027": {
        "clauses_annotated": 18, "clauses_found": 18, "tool_clauses": 18, "kind_right": 18, "id_right": 18,
        "commitments_annotated": 27, "commitments_tool": 27, "obligors_exact": 27, "clause_obligors_exact": 18,
        "modality_exact": 27, "obligors_modality_exact": 27, "clause_obligors_modality_exact": 18,
        "beneficiaries_exact": 27, "partners_exact": 27, "requested_by_exact": 27, "due_annotated": 10,
        "due_right": 10, "vague_annotated": 3,
    },
    "ra-flevoland-2027": {
        "clauses_annotated": 11, "clauses_found": 11, "tool_clauses": 11, "kind_right": 11, "id_right": 11,
        "commitments_annotated": 15, "commitments_tool": 15, "obligors_exact": 15, "clause_obligors_exact": 11,
        "modality_exact": 15, "obligors_modality_exact": 15, "clause_obligors_modality_exact": 11,
        "beneficiaries_exact": 15, "partners_exact": 15, "requested_by_exact": 15, "due_annotated": 7,
        "due_right": 7, "vague_annotated": 3,
    },
    "ra-noord-brabant-2026": {
        "clauses_annotated": 13, "clauses_found": 13, "tool_clauses": 13, "kind_right": 13, "id_right": 13,
        "commitments_annotated": 18, "commitments_tool": 18, "obligors_exact": 18, "clause_obligors_exact": 13,
        "modality_exact": 18, "obligors_modality_exact": 18, "clause_obligors_modality_exact": 13,
        "beneficiaries_exact": 18, "partners_exact": 18, "requested_by_exact": 18, "due_annotated": 7,
        "due_right": 7, "vague_annotated": 3,
    },
}

# what still differs from the annotation, and why it is left
FAILURES = {
    # "Defensie start dit proces zo snel mogelijk na ...": "start" is an Effort cue, so the sentence
    # merges into Defensie's Effort; the annotator reads a separate Result (NOTES.md names it a close call)
    "ra-overijssel-2026": [(337, "overijssel-2026/3.6/1", "commitment missed")],
    # "de provincie Gelderland levert daarvoor ... aan": the annotation names LVVN as the other side,
    # the rules the Rijk (no ministry is named in that part of the sentence)
    "ra-gelderland-2026": [(249, "gelderland-2026/2.5/agenda-3", "beneficiaries")],
    "ra-limburg-2027": [],
    "ra-zuid-holland-2026": [],
    "ra-zeeland-2027": [],
    "ra-noord-brabant-2026": [],
    "ra-flevoland-2027": [],
}


@pytest.mark.parametrize("name", TEXTS + NEW_TEXTS)
def test_targets(name):
    result = scored(name)
    counts = Counter(result["counts"])
    assert result["missed"] == []  # every clause found
    assert len(result["spurious"]) <= 1
    assert counts["obligors_exact"] >= 0.95 * counts["commitments_annotated"]
    assert counts["due_right"] == counts["due_annotated"]  # every determinable deadline right
    assert counts["vague_dated"] == 0 and counts["spurious_dates"] == 0  # no vague phrase dated


@pytest.mark.parametrize("name", TEXTS + NEW_TEXTS)
def test_exact_figures(name):
    result = scored(name)
    assert Counter(result["counts"]) == Counter(FIGURES[name])
    assert result["spurious"] == []
    assert [(f["line"], f["clause"], f["what"]) for f in result["failures"]] == FAILURES[name]


# ------------------------------------------------------------------ coverage


@lru_cache(maxsize=None)
def arrangement(name: str):
    return parse_arrangement(UNSEEN / f"{name}.txt")


def _agreements_chapter(name: str) -> range:
    lines = (UNSEEN / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    first = {"ra-overijssel-2026": 73, "ra-gelderland-2026": 54, "ra-limburg-2027": 55}[name]
    last = {"ra-overijssel-2026": 351, "ra-gelderland-2026": 291, "ra-limburg-2027": 259}[name]
    assert lines[first - 1].strip()[:2] in ("3.", "2.") and lines[last].strip()[:2] in ("3.", "4.")
    return range(first, last + 1)


@pytest.mark.parametrize("name", TEXTS)
def test_nothing_unaccounted_and_every_line_placed(name):
    arr = arrangement(name)
    assert arr.unaccounted == []
    lines = (UNSEEN / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    chapter = {n for n in _agreements_chapter(name) if lines[n - 1].strip()}
    assert chapter <= set(arr.coverage)
    # every line of the document has a place; outside the agreements chapter none is a clause
    assert set(arr.coverage) == {n for n, line in enumerate(lines, 1) if line.strip()}
    assert not any(arr.coverage[n] == "clause" for n in set(arr.coverage) - chapter)


# where the lines the annotation says are no clause ended up
NOT_CLAUSE_PLACES = {
    "ra-overijssel-2026": {
        75: "context", 88: "heading", 112: "page number", 113: "running header", 118: "heading",
        126: "footnote", 127: "footnote", 129: "page number", 130: "running header", 137: "context",
        142: "context", 147: "context", 167: "context", 176: "clause", 177: "clause", 178: "clause",
        194: "context", 201: "context", 237: "page number", 238: "running header", 246: "context",
        257: "heading", 258: "heading", 264: "context", 277: "page number", 278: "running header",
        299: "context", 326: "context", 345: "context"},
    "ra-gelderland-2026": {
        56: "context", 81: "page number", 82: "running header", 88: "context", 94: "context", 102: "heading",
        104: "lead-in", 121: "heading", 123: "lead-in", 135: "heading", 137: "lead-in", 150: "context",
        159: "context", 165: "heading", 176: "footnote", 177: "footnote", 179: "page number",
        180: "running header", 194: "context", 205: "context", 222: "context", 230: "context", 236: "context",
        241: "lead-in", 264: "clause", 266: "clause", 268: "clause", 276: "context"},
    "ra-limburg-2027": {
        57: "context", 81: "context", 92: "context", 97: "heading", 113: "page number", 114: "running header",
        119: "heading", 123: "clause", 124: "clause", 125: "clause", 132: "context", 137: "context",
        151: "heading", 152: "heading", 171: "footnote", 172: "footnote", 174: "page number",
        175: "running header", 187: "context", 195: "context", 201: "lead-in", 210: "lead-in", 236: "context",
        254: "context"},
}


@pytest.mark.parametrize("name", TEXTS)
def test_places_of_annotated_lines(name):
    """Clause lines are clauses; sub-items completing a sentence are part of their clause ("clause")."""
    arr = arrangement(name)
    annotation = yaml.safe_load((UNSEEN / f"{name}.yaml").read_text(encoding="utf-8"))
    assert {c["line"]: arr.coverage[c["line"]] for c in annotation["clauses"].values()} == {
        c["line"]: "clause" for c in annotation["clauses"].values()}
    assert {n["line"]: arr.coverage[n["line"]] for n in annotation["not_clauses"]} == NOT_CLAUSE_PLACES[name]


def test_a_heading_the_rules_cannot_read_loses_nothing_silently(tmp_path):
    """The first-run failure, provoked: a 2.3 heading too long to be a title.  Its
    four items are not clauses then -- but every one of them is reported."""
    text = (UNSEEN / "ra-gelderland-2026.txt").read_text(encoding="utf-8")
    heading = "2.3 Economie en logistiek langs de A12, A15 en de Betuweroute in het Gelderse rivierengebied "
    longer = heading.rstrip() + ", met de havens, de binnenvaart en de distributiecentra van Nijmegen en Tiel "
    path = tmp_path / "ra-gelderland-2026.txt"
    path.write_text(text.replace(heading, longer), encoding="utf-8")
    arr = parse_arrangement(path)
    assert [c.id for c in arr.clauses if c.section in ("2.2", "2.3")] == [
        f"gelderland-2026/2.2/{n}" for n in ("zoetwater-1", "zoetwater-2", "zoetwater-3", "zoetwater-4",
                                             "drinkwater-1", "drinkwater-2", "rivieren-1", "rivieren-2")]
    assert [(u.line, u.end_line, u.reason, u.section) for u in arr.unaccounted] == [
        (165, None, "numbered item read as context", "2.2"),
        (167, 169, "numbered item read as context", "2.2"),
        (171, 172, "numbered item read as context", "2.2"),
        (182, 185, "numbered item read as context", "2.2"),
        (187, 190, "numbered item read as context", "2.2"),
    ]


def test_the_docs_report_the_current_figures():
    """The documentation's table of the extractor alone on unseen texts is the scorer's current answer."""
    readme = (ROOT / "docs" / "quality" / "extraction.md").read_text(encoding="utf-8")
    labels = {"ra-overijssel-2026": "Overijssel 2026", "ra-gelderland-2026": "Gelderland 2026",
              "ra-limburg-2027": "Limburg 2027"}
    total = Counter()
    for name in TEXTS:
        result = scored(name)
        c = Counter(result["counts"])
        total.update(c)
        total["spurious"] += len(result["spurious"])
        row = (f"| {labels[name]} | {c['clauses_found']} / {c['clauses_annotated']} | {len(result['spurious'])} "
               f"| {c['obligors_exact']} / {c['commitments_annotated']} "
               f"| {c['clause_obligors_exact']} / {c['clauses_annotated']} "
               f"| {c['due_right']} / {c['due_annotated']} | {c['vague_dated']} / {c['vague_annotated']} |")
        assert row in readme
    t = total
    assert (f"| all three | **{t['clauses_found']} / {t['clauses_annotated']}** | **{t['spurious']}** "
            f"| **{t['obligors_exact']} / {t['commitments_annotated']}** "
            f"| {t['clause_obligors_exact']} / {t['clauses_annotated']} | {t['due_right']} / {t['due_annotated']} "
            f"| {t['vague_dated']} / {t['vague_annotated']} |") in readme


# ------------------------------------------------------------------ the second set (issue #22)

NEW_WARNINGS = {
    "ra-zuid-holland-2026": [],
    "ra-flevoland-2027": [],
    "ra-zeeland-2027": [],
    # "De provincie Noord-Brabant stelt in 2027 een nieuwe omgevingsvisie vast." in the introduction
    "ra-noord-brabant-2026": [(16, 17, "commitment wording outside the agreements chapter (not read as a clause)",
                               "1.2")],
}


@pytest.mark.parametrize("name", NEW_TEXTS)
def test_every_line_outside_a_clause_is_accounted_for_or_warned_about(name):
    arr = arrangement(name)
    lines = (UNSEEN / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    assert set(arr.coverage) == {n for n, line in enumerate(lines, 1) if line.strip()}
    assert [(u.line, u.end_line, u.reason, u.section) for u in arr.unaccounted] == NEW_WARNINGS[name]
    warned = {n for u in arr.unaccounted for n in range(u.line, (u.end_line or u.line) + 1)}
    assert {n for n, role in arr.coverage.items() if role == "unaccounted"} == warned
    annotation = yaml.safe_load((UNSEEN / f"{name}.yaml").read_text(encoding="utf-8"))
    for entry in annotation["not_clauses"]:  # no line the annotation says is no clause became one ...
        line = entry["line"]
        part_of_clause = "completing" in entry["what"] or entry["what"].startswith("roman")
        assert (arr.coverage[line] == "clause") == part_of_clause, (line, entry["what"])


def _clause(name: str, number: str):
    return next(c for c in arrangement(name).clauses if c.id.endswith("/" + number))


def test_lettered_sub_items_with_their_own_parties_are_clauses():
    arr = arrangement("ra-zuid-holland-2026")
    assert [c.id for c in arr.clauses if c.section == "2.1"] == [
        f"zuid-holland-2026/2.1/{n}" for n in ("1", "2a", "2b", "2c", "3", "4", "5")]
    assert _clause("ra-zuid-holland-2026", "2.1/2b").lead_in.startswith("Over de verstedelijking")
    assert arr.coverage[41] == "lead-in"  # the item that only introduces them is no clause


def test_lettered_sub_items_completing_the_sentence_are_part_of_the_item():
    clause = _clause("ra-zuid-holland-2026", "2.1/3")
    assert clause.text.endswith("c. hoe de bodemdaling bij de keuze van locaties wordt meegewogen.") \
        or "wordt meegewogen." in clause.text
    assert "a. welke gebieden" in clause.text or "welke gebieden in het Groene Hart" in clause.text


def test_roman_sub_items_with_own_parties_are_clauses_and_completing_ones_are_not():
    ids = [c.id for c in arrangement("ra-zeeland-2027").clauses]
    assert "zeeland-2027/3.2/1.3i" in ids and "zeeland-2027/3.2/1.3iii" in ids
    assert not any(i.startswith("zeeland-2027/3.1/1.3") and i != "zeeland-2027/3.1/1.3" for i in ids)


def test_three_digit_item_numbers_are_read():
    assert [c.number for c in arrangement("ra-noord-brabant-2026").clauses] == [
        "101", "102", "103a", "103b", "103c", "104", "201", "202", "203", "301", "302a", "302b", "303"]


def test_an_agenda_chapter_of_its_own_gives_agenda_items():
    arr = arrangement("ra-zeeland-2027")
    agenda = [(c.id, c.kind, c.line) for c in arr.clauses if c.section == "4"]
    assert agenda == [("zeeland-2027/4/agenda-1", "AgendaItem", 115), ("zeeland-2027/4/agenda-2", "AgendaItem", 116),
                      ("zeeland-2027/4/agenda-3", "AgendaItem", 117)]


def test_lettered_sub_items_with_no_item_to_belong_to_are_warned_about(tmp_path):
    """Issue #23 item 3: a lettered list in running text is never merged silently."""
    text = (UNSEEN / "ra-zuid-holland-2026.txt").read_text(encoding="utf-8")
    text = text.replace("Toelichting \nDe woningbouwopgave", "Toelichting \na. De provincie Zuid-Holland stelt "
                        "in 2027 een woonagenda vast. \nb. Het Rijk levert de cijfers. \nDe woningbouwopgave")
    path = tmp_path / "ra-zuid-holland-2026.txt"
    path.write_text(text, encoding="utf-8")
    arr = parse_arrangement(path)
    reasons = {u.line: u.reason for u in arr.unaccounted}
    assert reasons[69].startswith("lettered or roman sub-items read as context (no item or block they belong to)")
    assert reasons[70].startswith("lettered or roman sub-items read as context")
