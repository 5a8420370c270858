"""Every comparison with a date, a count or a threshold, at, just below and just above its boundary;
and where two commands answer the same question, that they agree there.

Why a file of its own: an off-by-one (``<=`` for ``<``) changes an answer only at the boundary, and a
test suite that never puts a value exactly on the boundary cannot see it (issue #25 found three such
survivors).  Each test names the fact it holds.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from ra_graph.extract.dates import deadline
from ra_graph.graph import revisions
from ra_graph.network.analyse import _candidate_pairs, similarity
from ra_graph.query.deadlines import window_end

RAI = "https://w3id.org/ra-graph/id/"
# mini.trig: drenthe-2025/3.7/1 c1 is due 2025-08-31 (the one dated commitment of drenthe-2025 there).
DUE = dt.date(2025, 8, 31)
DAY = dt.timedelta(days=1)


# -- dates in the text -------------------------------------------------------------------------
@pytest.mark.parametrize("phrase", ["medio juni 2026", "begin maart 2026", "half mei 2026",
                                    "Medio september 2027"])
def test_a_vague_word_before_a_month_is_never_dated(phrase):
    """'medio juni 2026' says roughly when, not by which day: the phrase is kept, no date is given."""
    due_text, due_by = deadline(f"De provincie levert het plan {phrase} op.")
    assert (due_text, due_by) == (phrase, None)


@pytest.mark.parametrize(("phrase", "due_by"), [("eind juni 2026", "2026-06-30"), ("juni 2026", "2026-06-30"),
                                                ("uiterlijk in juni 2026", "2026-06-30")])
def test_a_month_without_a_vague_word_is_its_last_day(phrase, due_by):
    """The neighbour of the vague words: without one the month is determinable (the last day)."""
    assert deadline(f"De provincie levert het plan {phrase} op.")[1] == due_by


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]


@pytest.mark.parametrize(("month", "number"), [(m, n) for n, m in enumerate(MONTHS, 1)])
def test_every_month_name_is_its_own_month(month, number):
    """'eind november 2026' is due on the last day of November, whatever the month (leap February too)."""
    import calendar

    last = calendar.monthrange(2028, number)[1]
    assert deadline(f"De provincie levert het plan eind {month} 2028 op.")[1] == f"2028-{number:02d}-{last:02d}"


# -- overdue: deadlines and validate agree at the as-of day -------------------------------------
def _deadline_status(ra, mini_path, as_of: dt.date) -> dict[str, str]:
    r = ra("deadlines", "--graph", mini_path, "--all-years", "--as-of", as_of.isoformat(), "--format", "json")
    assert r.code == 0, r.err
    return {row["commitment"].removeprefix(RAI): row["status"] for row in json.loads(r.out)}


def _validate_overdue(ra, mini_path, as_of: dt.date) -> set[str]:
    r = ra("validate", "--graph", mini_path, "--as-of", as_of.isoformat(), "--format", "json")
    assert r.code in (0, 1), r.err
    return {x["focus"].removeprefix(RAI) for x in json.loads(r.out)["results"] if x["constraint"] == "overdue"}


@pytest.mark.parametrize(("as_of", "status"), [(DUE - DAY, "due"), (DUE, "due"), (DUE + DAY, "overdue")])
def test_a_commitment_due_on_the_as_of_day_is_due_not_overdue(ra, mini_path, as_of, status):
    """Due on 2025-08-31 means it may still be done that day: overdue only from 2025-09-01."""
    assert _deadline_status(ra, mini_path, as_of)["drenthe-2025/3.7/1/c1"] == status


@pytest.mark.parametrize("as_of", [DUE - DAY, DUE, DUE + DAY])
def test_deadlines_and_validate_call_the_same_commitments_overdue(ra, mini_path, as_of):
    """Two commands, one question: `deadlines --as-of D` and `validate --as-of D` agree, at the boundary too."""
    overdue = {c for c, status in _deadline_status(ra, mini_path, as_of).items() if status == "overdue"}
    assert overdue == _validate_overdue(ra, mini_path, as_of)
    assert ("drenthe-2025/3.7/1/c1" in overdue) is (as_of > DUE)


# -- the window: --within, --from, --to are inclusive -------------------------------------------
def _dated(ra, mini_path, *args) -> set[str]:
    r = ra("deadlines", "--graph", mini_path, "--all-years", "--format", "json", *args)
    assert r.code == 0, r.err
    return {row["commitment"].removeprefix(RAI) for row in json.loads(r.out)}


@pytest.mark.parametrize(("days", "shown"), [(29, False), (30, True), (31, True)])
def test_within_includes_its_last_day(ra, mini_path, days, shown):
    """--as-of 2025-08-01 --within 30d ends on 2025-08-31: a commitment due that day is in the window."""
    rows = _dated(ra, mini_path, "--as-of", "2025-08-01", "--within", f"{days}d")
    assert ("drenthe-2025/3.7/1/c1" in rows) is shown


@pytest.mark.parametrize(("start", "end", "shown"), [
    ("2025-08-31", "2025-08-31", True),  # a one-day window on the day
    ("2025-09-01", "2025-12-31", False),  # from just after
    ("2025-01-01", "2025-08-30", False),  # to just before
    ("2025-08-30", "2025-09-01", True),
])
def test_from_and_to_are_inclusive(ra, mini_path, start, end, shown):
    rows = _dated(ra, mini_path, "--as-of", "2025-01-01", "--from", start, "--to", end)
    assert ("drenthe-2025/3.7/1/c1" in rows) is shown


@pytest.mark.parametrize(("as_of", "within", "end"), [("2026-02-28", "1d", "2026-03-01"),
                                                      ("2026-12-31", "1d", "2027-01-01"),
                                                      ("2026-01-31", "1m", "2026-02-28"),
                                                      ("2028-01-31", "1m", "2028-02-29")])
def test_the_window_crosses_month_and_year_ends(as_of, within, end):
    assert window_end(dt.date.fromisoformat(as_of), within) == dt.date.fromisoformat(end)


# -- thresholds of similarity: a score equal to the threshold counts ----------------------------
def _raw_revision_score(old_text: str, new_text: str) -> float:
    tokens = [revisions.words(old_text), revisions.words(new_text)]
    old_v, new_v = revisions._weights(tokens, [0, 1])[:1], revisions._weights(tokens, [0, 1])[1:]
    return revisions._cosines(old_v, new_v)[(0, 0)]


def test_a_clause_scoring_exactly_the_revision_threshold_continues():
    """align() links a pair whose score equals the threshold, and not one just below it."""
    water = ("water",)
    old = [revisions.Item("a/1/1", "1", water[0], "Rijk en provincie werken samen aan zoetwater.")]
    new = [revisions.Item("b/1/1", "1", water[0], "De provincie bouwt woningen in Emmen.")]
    score = _raw_revision_score(old[0].text, new[0].text)
    assert 0 < score < revisions.THRESHOLD
    assert [m.new for m in revisions.align(old, new, threshold=score)] == [0]
    above = math.nextafter(score, 1.0)
    assert [m.new for m in revisions.align(old, new, threshold=above)] == [None, 0]


@pytest.mark.parametrize(("threshold", "pairs"), [(0.75, [(0, 1)]), (math.nextafter(0.75, 1.0), [])])
def test_standard_clause_candidates_include_a_pair_exactly_at_the_threshold(threshold, pairs):
    """Two texts of four words sharing three have similarity 2*3/8 = 0.75: a candidate at 0.75, not above."""
    keys = [("a", "b", "c", "d"), ("a", "b", "c", "e")]
    assert similarity(list(keys[0]), list(keys[1])) == 0.75
    assert _candidate_pairs(keys, threshold) == pairs


# -- modality precedence: every neighbouring pair of `order` is decided by the order ---------------
ORDER_PAIRS = {  # (stronger, weaker): a sentence with a cue of each
    ("Result", "Effort"): "Het Rijk borgt de financiering en zet zich in voor de uitvoering.",
    ("Effort", "Research"): "De provincie zet zich in voor de aanleg en onderzoekt de kosten.",
    ("Research", "Dialogue"): "De provincie onderzoekt de mogelijkheden en gaat daarover in gesprek met het Rijk.",
    ("Dialogue", "Acknowledgement"): "De provincie bespreekt de uitkomsten met het Rijk en erkent het belang ervan.",
    ("Acknowledgement", "Statement"): "Het Rijk is verantwoordelijk voor het beleid en erkent de opgave.",
}


def _order() -> list[str]:
    import yaml

    from ra_graph.core import paths

    return yaml.safe_load((paths.RULES / "modality.yaml").read_text(encoding="utf-8"))["order"]


def test_every_neighbouring_pair_of_the_modality_order_has_a_sentence():
    assert set(ORDER_PAIRS) == set(zip(_order(), _order()[1:]))


@pytest.mark.parametrize(("pair", "sentence"), sorted(ORDER_PAIRS.items()), ids=lambda p: "-".join(p) if isinstance(p, tuple) else "")
def test_the_stronger_of_two_neighbouring_cues_gives_the_modality(pair, sentence, tmp_path, monkeypatch):
    """With both cues in one sentence the order decides; swapping the pair in `order` swaps the answer."""
    import shutil

    import yaml

    from ra_graph.core import paths
    from ra_graph.extract.commitments import modality_of

    stronger, weaker = pair
    assert modality_of(sentence) == stronger
    rules = tmp_path / "rules"
    shutil.copytree(paths.RULES, rules)
    data = yaml.safe_load((rules / "modality.yaml").read_text(encoding="utf-8"))
    order = data["order"]
    i = order.index(stronger)
    order[i], order[i + 1] = order[i + 1], order[i]
    (rules / "modality.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(paths, "RULES", rules)
    assert modality_of(sentence) == weaker


# -- found by the systematic mutants (tools/mutants.py --systematic) -----------------------------
@pytest.mark.parametrize(("length", "shown"), [(79, "whole"), (80, "whole"), (81, "cut")])
def test_a_warning_quotes_a_text_of_exactly_excerpt_characters_whole(length, shown):
    """coverage.EXCERPT (80) characters are quoted whole; one more is cut to 77 and '...'."""
    from types import SimpleNamespace

    from ra_graph.extract import coverage

    text = ("x" * (length - 1)) + "y"
    arrangement = SimpleNamespace(unaccounted=[SimpleNamespace(line=5, end_line=None, text=text,
                                                               reason="line no rule read", section=None)])
    (warning,) = coverage.warnings(arrangement, "ra-x-2026.txt")
    assert coverage.EXCERPT == 80
    expected = text if shown == "whole" else text[:77] + "..."
    assert warning == f"ra-x-2026.txt:5: line no rule read: '{expected}'"


def test_the_validity_phrase_at_the_start_of_a_line_is_cited_by_that_line(tmp_path):
    """'tot het Bestuurlijk Overleg …' opening line 956 is cited as line 956, not the line before."""
    from ra_graph.core import paths
    from ra_graph.extract.structure import parse_arrangement

    lines = (paths.SOURCES / "ra-drenthe-2025.txt").read_text(encoding="utf-8").split("\n")
    assert lines[954].startswith("De afspraken in het ruimtelijk arrangement gelden in ieder geval tot het")
    lines[954] = "De afspraken in het ruimtelijk arrangement gelden in ieder geval "
    lines[955] = "tot het Bestuurlijk Overleg Leefomgeving van juni 2026. Op dit bestuurlijk overleg kunnen "
    copy = tmp_path / "ra-drenthe-2025.txt"
    copy.write_text("\n".join(lines), encoding="utf-8")
    drenthe = parse_arrangement(copy)
    assert (drenthe.valid_until, drenthe.valid_until_line) == ("2026-06-30", 956)


# The limits on YAML files people edit (curation, rules, sidecars): a file exactly at a limit is read,
# one past it refused with the limit named (ra_graph.core.textfile.check_yaml).
def _aliases(n: int) -> str:
    return "a: &x 1\nb: [" + ", ".join(["*x"] * n) + "]\n"


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels + "\n"


@pytest.mark.parametrize(("make", "limit", "problem"), [
    (lambda n: "x: " + "a" * (n - 4) + "\n", "MAX_YAML_BYTES", "too large for a YAML file people edit"),
    (_aliases, "MAX_YAML_ALIASES", "aliases (*name)"),
    (_nested, "MAX_YAML_DEPTH", "nested too deeply"),
])
def test_a_yaml_file_exactly_at_a_limit_is_read_and_one_past_it_refused(make, limit, problem):
    from ra_graph.core import textfile
    from ra_graph.core.errors import RaGraphError

    at = getattr(textfile, limit)
    textfile.check_yaml(make(at), "at.yaml")  # no error
    with pytest.raises(RaGraphError) as info:
        textfile.check_yaml(make(at + 1), "past.yaml")
    assert problem in info.value.problem and str(at) in info.value.problem


def test_an_unprintable_character_is_escaped_in_the_narrowest_form_that_holds_it():
    """\\xNN below U+0100, \\uNNNN up to U+FFFF (the last code point of its range, itself unprintable),
    \\UNNNNNNNN above: what an error message shows of a file's bad character."""
    from ra_graph.core.errors import printable

    assert printable("a\x85b\xadc\uffffd\U000e0001") == "a\\x85b\\xadc\\uffffd\\U000e0001"


@pytest.mark.parametrize(("year", "refused"), [(1999, True), (2000, False), (2099, False), (2100, True)])
def test_the_year_of_an_added_document_is_from_2000_to_2099(year, refused):
    """``ra-graph add --year``: the first and the last year of the range are arrangement years."""
    from ra_graph.core.errors import RaGraphError
    from ra_graph.extract.documents.titlepage import identify

    lines = ["Ruimtelijk Arrangement Rijk - provincie Zeeland", "", "1. Inleiding"]
    if refused:
        with pytest.raises(RaGraphError) as info:
            identify(lines, None, "zeeland.pdf", year=year)
        assert info.value.problem == f"--year: {year} is not a year of an arrangement (2000-2099)"
    else:
        assert identify(lines, None, "zeeland.pdf", year=year)[1] == year
