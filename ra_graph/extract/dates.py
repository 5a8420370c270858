"""Deadlines: which time phrase a commitment carries, and by which date.

A policy analyst asks "what was due before the arrangement expired?", so a
deadline must only get a date (``due_by``) when the text fixes one: the
last day of the period it names ("Q1 2026" -> 2026-03-31, "in 2026" and
"eind 2026" -> 2026-12-31, "augustus 2025" -> 2025-08-31).  Every other time
phrase ("de komende maanden", "zo snel mogelijk na ...", "voorjaar 2026") is
kept as ``due_text`` only.  Seasons, "begin" and "medio" are never dated on
purpose: the texts use them loosely and a wrong deadline is worse than none.

Not deadlines at all: horizons ("richting 2050", "voor 2030, 2050 en
2100", "tot 2040": a bare year, which no rule of the grammar below reads;
a year is only read after a word that makes it one -- "in", "uiterlijk",
"eind", "vóór" -- or in a quarter, half-year or month), years in names
("Actieprogramma ... 2023-2030", "Nationaal Water Programma 2028"), dates
of meetings where something was agreed ("DO 18 december 2024", "BOL
06/11/24", "afspraak gemaakt op 12 maart 2026"), and dates in a sentence
that reports a past fact ("heeft het kabinet in 2025 besloten").  The
vague phrases and the marker words are data in
``data/rules/deadlines.yaml``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from ra_graph.extract.rules import compile_pattern, load_rules, rules_file

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_ORDINAL_QUARTER = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": 4}


@dataclass(frozen=True)
class TimePhrase:
    """One time phrase found in a sentence; ``due_by`` only when determinable."""

    text: str
    due_by: str | None
    start: int
    end: int


def _rules() -> dict:
    """data/rules/deadlines.yaml, with its patterns compiled (``past_tense``, ``vague``)."""
    return _compiled(rules_file("deadlines"))


@lru_cache(maxsize=4)
def _compiled(path: Path) -> dict:
    rules = dict(load_rules("deadlines", required={"vague": "words", "meeting_words": "words",
                                                   "past_tense": "text"}))
    rules["past_tense"] = compile_pattern("deadlines", rules["past_tense"])
    rules["vague"] = [compile_pattern("deadlines", p, prefix=r"\b") for p in rules["vague"]]
    return rules


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _year_token(year_text: str, this_year: int | None) -> int | None:
    if year_text.isdigit():
        return int(year_text)
    return this_year  # "dit jaar"


_YEAR = r"(\d{4}|dit jaar)"

# (pattern, function(match, this_year) -> due_by or None), tried in order;
# earlier patterns win over later ones that overlap them.
_GRAMMAR: list[tuple[re.Pattern[str], object]] = []


def _rule(pattern: str):
    def register(func):
        _GRAMMAR.append((re.compile(pattern, re.IGNORECASE), func))
        return func

    return register


@_rule(r"\b(?:in\s+|vóór\s+|uiterlijk\s+|eind\s+)?Q([1-4])\s*(?:van\s+)?" + _YEAR)
def _quarter(m: re.Match, this_year: int | None) -> str | None:
    year = _year_token(m.group(2), this_year)
    return _last_day(year, int(m.group(1)) * 3) if year else None


@_rule(r"\b(?:in\s+)?(?:het\s+)?(eerste|tweede|derde|vierde|laatste)\s+kwartaal\s+(?:van\s+)?" + _YEAR)
def _quarter_words(m: re.Match, this_year: int | None) -> str | None:
    year = _year_token(m.group(2), this_year)
    return _last_day(year, _ORDINAL_QUARTER[m.group(1).lower()] * 3) if year else None


# "in de eerste helft van 2027", "in het tweede halfjaar van 2026", "in de eerste jaarhelft van 2027":
# a half-year is as determinable
# as a quarter (its last day); "medio 2027" and "half 2027" stay vague (deadlines.yaml).
@_rule(r"\b(?:in\s+|vóór\s+|uiterlijk\s+(?:in\s+)?)?(?:de\s+|het\s+)?(eerste|tweede)\s+(?:helft|halfjaar|half\s+jaar|jaarhelft)\s+(?:van\s+)?" + _YEAR)
def _half_year(m: re.Match, this_year: int | None) -> str | None:
    year = _year_token(m.group(2), this_year)
    return _last_day(year, 6 if m.group(1).lower() == "eerste" else 12) if year else None


@_rule(r"\b(?:uiterlijk\s+|vóór\s+|op\s+|per\s+)?(\d{1,2})\s+(" + _MONTH + r")\s+(\d{4})")
def _day(m: re.Match, this_year: int | None) -> str | None:
    year, month, day = int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))
    if day > calendar.monthrange(year, month)[1]:
        return None
    when = date(year, month, day)
    if m.group(0).lower().startswith("vóór"):
        when -= timedelta(days=1)  # "vóór 1 juli": the day before
    return when.isoformat()


@_rule(r"\b(?:(eind|einde|begin|medio|half)\s+|(?:in|uiterlijk|vóór)\s+)?(" + _MONTH + r")\s+" + _YEAR)
def _month(m: re.Match, this_year: int | None) -> str | None:
    if m.group(1) and m.group(1).lower() in ("begin", "medio", "half"):
        return None
    year = _year_token(m.group(3), this_year)
    return _last_day(year, MONTHS[m.group(2).lower()]) if year else None


@_rule(r"\b(?:uiterlijk\s+)?(?:eind|einde|het\s+einde\s+van|eind\s+van)\s+" + _YEAR)
def _year_end(m: re.Match, this_year: int | None) -> str | None:
    year = _year_token(m.group(1), this_year)
    return f"{year:04d}-12-31" if year else None


@_rule(r"\b(?:in\s+(?:de\s+loop\s+van\s+)?|uiterlijk\s+(?:in\s+)?|nog\s+in\s+)(\d{4}|dit jaar)\b")
def _in_year(m: re.Match, this_year: int | None) -> str | None:
    year = _year_token(m.group(1), this_year)
    return f"{year:04d}-12-31" if year else None


@_rule(r"\bvóór\s+(\d{4})\b")
def _before_year(m: re.Match, this_year: int | None) -> str | None:
    return f"{int(m.group(1)) - 1:04d}-12-31"


@_rule(r"\bnog\s+dit\s+jaar\b")
def _this_year(m: re.Match, this_year: int | None) -> str | None:
    return f"{this_year:04d}-12-31" if this_year else None


def _masks(text: str, extra: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that hold no deadline: names, ranges, meeting dates.  (A horizon, "richting 2050",
    needs no span: no rule of the grammar reads a bare year.)"""
    rules = _rules()
    spans = list(extra)
    # year ranges: "2023-2030", "(2023-2029)"
    spans += [m.span() for m in re.finditer(r"\b\d{4}\s*[-–]\s*\d{4}\b", text)]
    # a year right after a capitalised name word: "Programma 2028"
    spans += [m.span() for m in re.finditer(r"\b[A-Z][a-zà-ÿ]+\s+\d{4}\b", text)
              if m.group(0).split()[0].lower() not in MONTHS and not m.group(0).startswith(("Q", "In ", "Eind "))]
    # meeting dates: "DO 18 december 2024", "BOL 06/11/24", "DO van december 2024"
    meetings = "|".join(re.escape(w) for w in sorted(rules["meeting_words"], key=len, reverse=True))
    spans += [m.span() for m in re.finditer(
        rf"\b(?:{meetings})\s+(?:van\s+|op\s+)?(?:\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|(?:\d{{1,2}}\s+)?(?:{_MONTH}\s+)?\d{{4}})",
        text, re.IGNORECASE)]
    return spans


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def find_phrases(text: str, *, year: int | None = None,
                 mask: list[tuple[int, int]] | None = None) -> list[TimePhrase]:
    """All time phrases of one sentence, in text order.

    ``year`` is the arrangement's year (for "dit jaar"); ``mask`` holds spans
    the caller knows are names (programme mentions), whose years are ignored.
    """
    rules = _rules()
    if rules["past_tense"].search(text):
        return []
    blocked = _masks(text, mask or [])
    found: list[TimePhrase] = []
    taken: list[tuple[int, int]] = []
    for pattern in rules["vague"]:
        for m in pattern.finditer(text):
            if not _overlaps(m.span(), taken):
                found.append(TimePhrase(m.group(0), None, *m.span()))
                taken.append(m.span())
    for pattern, func in _GRAMMAR:
        for m in pattern.finditer(text):
            if _overlaps(m.span(), taken) or _overlaps(m.span(), blocked):
                continue
            found.append(TimePhrase(m.group(0), func(m, year), *m.span()))
            taken.append(m.span())
    return sorted(found, key=lambda p: p.start)


def deadline(text: str, *, year: int | None = None,
             mask: list[tuple[int, int]] | None = None) -> tuple[str | None, str | None]:
    """(due_text, due_by) of a text: all phrases joined, the earliest date."""
    phrases = find_phrases(text, year=year, mask=mask)
    return combine(phrases)


def combine(phrases: list[TimePhrase]) -> tuple[str | None, str | None]:
    """Join phrases (deduplicated) into due_text; due_by is the earliest date."""
    texts: list[str] = []
    for phrase in phrases:
        if phrase.text not in texts:
            texts.append(phrase.text)
    dates = sorted(p.due_by for p in phrases if p.due_by)
    return ("; ".join(texts) or None, dates[0] if dates else None)


__all__ = ["TimePhrase", "find_phrases", "deadline", "combine", "MONTHS"]
