"""Cut one section of the agreements chapter into clauses.

Two passes.  ``split_units`` groups the section's lines into units — marker
lines, headings, items (numbered or bulleted) and prose paragraphs — using
only layout: blank lines, numbering, bullets, capitals, line ends.
``segment_section`` then walks the units with a small state machine
(context → agreements block → explanation …) and numbers the clauses.

Every recogniser below is a named rule with the structure it recognises;
none refers to a line number or to wording specific to one province.

Coverage accounting: every line of a section ends up in exactly one place,
recorded in ``SectionResult.coverage`` -- a clause, a heading (also markers
and numbered sub-headings), a lead-in or a context paragraph (introduction,
explanation).  Where the walk can only put text aside -- a numbered item or
numbered paragraph outside any agreements block, say after a running text
closed the block -- the lines are ``UNACCOUNTED`` instead of context, and
numbering that skips a number (1, 2, 4) is reported too, so that a clause
the rules cannot read is never lost without a word.  So are two readings
that put text aside by judgement: a numbered sub-heading whose items are
missing ("1. Zoetwater beschikbaarheid" directly followed by "2. Woningbouw
en drinkwater" and its 2.1, 2.2 …) is a heading, and a paragraph naming no
party where no marker or lead-in opened agreements (a section of
explanatory prose in the agreements chapter) is context; both are reported.

Lettered and roman sub-items ("a.", "b)", "(ii)") under an item are clauses
of their own, numbered ``<item><marker>``, when one of them names a party as
its subject (the item above, when it only introduces them, is their
lead-in); otherwise they complete the item's sentence and are part of it.
Sub-items with no item to belong to are unaccounted.  A paragraph between
two items of one list (an unrecognised footnote, a stray remark) does not end
the list: the next item ("5." after "4.") is read and the paragraph reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ra_graph.core.model import Clause
from ra_graph.extract.text import (
    MONTH_PATTERN,
    clean,
    ends_terminal,
    join_lines,
    last_sentence,
    looks_like_title,
    slug,
    starts_lowercase,
    words,
)

# ---------------------------------------------------------------- line rules

# "Afspraak", "Afspraken", "Afspraak:", "Afspraken:" alone on a line: an agreements block follows.
AGREEMENT_MARKER = re.compile(r"^afspra(?:ak|ken)\s*:?$", re.IGNORECASE)
# "Eerdere afspraken(:)" alone on a line: earlier agreements follow, one per paragraph.
EARLIER_MARKER = re.compile(r"^eerdere\s+afspra(?:ak|ken)\s*:?$", re.IGNORECASE)
# Explanation headings end a block: "Toelichting …", "Opgave/ toelichting", "Uitwerking".
EXPLANATION_HEADING = re.compile(
    r"^(?:toelichting|opgaven?\s*/\s*toelichting|opgave|uitwerking|achtergrond)\b", re.IGNORECASE
)
# An all-capitals line ("ZOETWATER") is a sub-heading grouping the bullets below it.
CAPS_HEADING = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ\- ]*[A-ZÀ-Þ]$")
CAPS_MAX_WORDS = 4
# A numbered item: "1. Het", "1 Inzet", "1.3. Vanuit", "1.Het" (no space only before a capital).
# Three-digit numbers ("101. Het Rijk …", items numbered per theme) only with their dot, so that a
# wrapped line starting "250 kilometer" is never an item.
# "1) Het Rijk …" is numbered too (the number, then a closing bracket and a space).
NUMBERED_ITEM = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?|\d{3}(?=[.)]))(?:\.(?=[A-ZÀ-Þ‘“(])|\.?\s+|\)\s+)(\S.*)$")
# A lettered or roman sub-item: "a. …", "b) …", "i. …", "iv) …", "(ii) …" (lower-case marker, then a space).
# It may follow a line ending in ":", ";", "," or "en"/"of" (the list runs on in one sentence);
# the first of a list ("a.", "i.") may follow any line (a title, "Toelichting").
# Also in brackets: "(a) …", "(ii) …".
_MARKER = r"[a-z]|(?:x{0,2})(?:ix|iv|v?i{0,3})"
LETTERED_ITEM = re.compile(rf"^(?:\((?P<bracketed>{_MARKER})\)|(?P<marker>{_MARKER})[.)])\s+(?P<text>\S.*)$")
LIST_RUNS_ON = re.compile(r"(?:[:;,]|\b(?:en|of))$")
# A sub-item carries its own party when one is named among its first words (its subject):
# "b. De provincie Zeeland vertaalt …", "i. Defensie stelt …", "c. partijen evalueren …".
SUB_ITEM_SUBJECT_WORDS = 3
# A gap in the numbering of more than this many numbers is named as a range ("3 to 100").
GAP_LISTED = 5
# A bulleted item: "• text", "- text" (the bullet must be followed by a space).
BULLET_ITEM = re.compile(r"^[•▪◦●·\-–]\s+(\S.*)$")
# Bullets that are unambiguous; a dash is only a bullet where an item may start.
CERTAIN_BULLETS = "•▪◦●"
# A short title-like line directly followed by prose is an (unlisted) sub-heading
# ("Ontwikkelperspectief", "VISTA-strategie Nota Ruimte:", "Groen in en om de Stad (GIOS)").
TITLE_MAX_WORDS = 8
TITLE_MAX_CHARS = 70

# ---------------------------------------------------------------- lead-in rules
# A paragraph ending in ":" whose last sentence names a party and one of these
# verbs starts a block; checked in this order.  A paragraph before the
# numbered items of a block that names none of these is an introduction
# (a statement of fact), not a clause.
PARTY = re.compile(r"\b(?:rijk|provincies?|partijen|ministeries?|minister|staatssecretaris)\b", re.IGNORECASE)
LEAD_IN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Rijk en provincie werken de volgende agendapunten verder uit tot afspraken:"
    ("AgendaItem", re.compile(r"\bagendapunt", re.IGNORECASE)),
    # "… dat de provincie de onderliggende principes van … onderschrijft:"
    ("Principle", re.compile(r"\bprincipes?\b|\bonderschrij", re.IGNORECASE)),
    # "Rijk en provincie Groningen spreken af:", "… komen overeen:", "… maken de volgende afspraken:"
    (
        "Agreement",
        re.compile(r"\bspreken\b.*\baf\b|\bkomen\b.*\bovereen\b|\bmaken\b.*\bafspraken\b", re.IGNORECASE),
    ),
)

# Clause number prefixes of the kinds that are counted, not numbered in the text.
PREFIX = {"AgendaItem": "agenda", "Principle": "principe", "EarlierAgreement": "eerder"}

# Coverage roles of a line (see the module docstring; artefacts are named in text.py).
CLAUSE, HEADING, LEAD_IN, CONTEXT, UNACCOUNTED = "clause", "heading", "lead-in", "context", "unaccounted"
READ_AS_CONTEXT = "numbered item read as context"
RESUMED = "paragraph between two items of one list read as context (the list goes on after it)"
SUB_ITEMS_AS_CONTEXT = "lettered or roman sub-items read as context (no item or block they belong to)"
EMPTY_SUB_HEADING = "numbered sub-heading without items"
NO_PARTY_PROSE = "paragraph naming no party read as context (no marker or lead-in opens agreements here)"

# ---------------------------------------------------------------- meeting references
# Where an earlier agreement was made: "BOL november 2024", "DO 18 december 2024",
# "Afspraak gemaakt BOL 06/11/24", "In het DO van december 2024",
# "In een ambtelijk overleg in februari 2025", "BOL juni 2024 en DO december 2024".
_DATE = rf"(?:\d{{1,2}}\s+)?(?:{MONTH_PATTERN})\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
_MEETING = (
    r"\b(?:BOL|DO|DGO|DG-overleg|BO(?:\s+[A-Z][\w-]*)?|[Aa]mbtelijk overleg"
    r"|[Bb]estuurlijk [Oo]verleg(?:\s+[A-Z][\w-]*)?)"
)
_REF = rf"(?:[Ii]n\s+(?:het|een)\s+)?{_MEETING}\s+(?:(?:van|in|op)\s+)?(?:{_DATE})"
MEETING_REF = re.compile(rf"(?:[Aa]fspraak gemaakt\s+)?{_REF}(?:\s+en\s+{_REF})?")


def meeting_reference(text: str) -> str | None:
    """The first meeting reference in an earlier agreement, as written."""
    match = MEETING_REF.search(text)
    return match.group(0) if match else None


# ---------------------------------------------------------------- pass 1: units


@dataclass
class Unit:
    kind: str  # "marker" | "earlier" | "heading" | "caps" | "item" | "prose"
    line: int  # first line
    parts: list[str]  # raw lines; for items the first without its number/bullet
    blank_before: bool = True  # starts a paragraph
    number: str | None = None  # printed number of a numbered item, without trailing dot
    explanation: bool = False  # an explanation heading ("Toelichting …")
    letter: str | None = None  # marker of a lettered or roman sub-item ("a", "ii")
    lines: list[int] = field(default_factory=list)  # the line of each part

    @property
    def text(self) -> str:
        return join_lines(self.parts)


@dataclass
class _Line:
    number: int
    raw: str
    text: str
    gap: bool  # blank line(s) before it
    gap_artefact: bool  # a page number / footnote in the gap or just before


def _item(raw: str, text: str, may_start: bool, in_list: bool = False) -> tuple[str | None, str] | None:
    """(number or None for a bullet, content) when the line starts an item.

    A dash is a bullet only where an item may start or right after another bullet.
    """
    body = raw.replace("\xa0", " ").lstrip()
    bullet = BULLET_ITEM.match(body)
    if bullet and (may_start or in_list or text[0] in CERTAIN_BULLETS):
        return None, bullet.group(1)
    numbered = NUMBERED_ITEM.match(body)
    if numbered and may_start:
        return numbered.group(1), numbered.group(2)
    return None


def _lettered(text: str, may_start: bool) -> tuple[str, str] | None:
    """(marker, content) when the line starts a lettered or roman sub-item where one may start."""
    match = LETTERED_ITEM.match(text)
    marker = match and (match.group("bracketed") or match.group("marker"))
    if not marker:
        return None
    if not may_start and marker not in ("a", "i"):  # a list may start anywhere, only with a/i
        return None
    return marker, match.group("text")


def has_own_party(text: str) -> bool:
    """Does a sub-item name a party of its own as its subject (among its first words)?

    Uses the gazetteer (the Rijk side, provinces, the words for this province and the
    collective pronouns), on the sub-item's first words only.
    """
    from ra_graph.extract.gazetteer import PRONOUN, PROVINCE, load

    gaz = load()
    head_words = text.split()
    head = " ".join(head_words[:12])
    limit = len(" ".join(head_words[:SUB_ITEM_SUBJECT_WORDS]))
    for mention in gaz.find(head, "actor"):
        if mention.start >= limit:
            continue
        if mention.iri in (PRONOUN, PROVINCE) or gaz.is_rijk_side(mention.iri) \
                or gaz.types.get(mention.iri) == "Province":
            return True
    return False


def _is_caps(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    return bool(CAPS_HEADING.match(text)) and letters >= 3 and len(words(text)) <= CAPS_MAX_WORDS


def split_units(body: list[tuple[int, str]], artefacts: dict[int, str]) -> list[Unit]:
    """Group a section's lines (number, raw) into units, by layout only."""
    lines: list[_Line] = []
    gap, gap_artefact = True, False
    for number, raw in body:
        if number in artefacts:
            gap_artefact = True
            continue
        text = clean(raw)
        if not text:
            gap = True
            continue
        lines.append(_Line(number, raw, text, gap, gap_artefact))
        gap, gap_artefact = False, False

    units: list[Unit] = []
    current: Unit | None = None  # the open item or prose unit
    structural = True  # previous line was a heading/marker (or the section start)
    for index, ln in enumerate(lines):
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        prev = lines[index - 1].text if index else None
        para_start = ln.gap or structural
        # An item may start a paragraph or follow a finished sentence.
        may_start = para_start or (prev is not None and ends_terminal(prev))
        in_list = current is not None and current.kind == "item" and current.number is None

        # A blank line (or page break) inside a sentence: the next line continues it.
        if current is not None and ln.gap and not structural:
            continues = (starts_lowercase(ln.text) and _lettered(ln.text, True) is None) or (
                ln.gap_artefact and prev is not None and not ends_terminal(prev)
                and _item(ln.raw, ln.text, True) is None
            )
            if continues:
                current.parts.append(ln.raw)
                current.lines.append(ln.number)
                continue

        kind: str | None = None
        explanation = False
        if AGREEMENT_MARKER.match(ln.text) and may_start:
            # (a wrapped "… maken Rijk en provincie de volgende / afspraken:" continues its sentence)
            kind = "marker"
        elif EARLIER_MARKER.match(ln.text):
            kind = "earlier"
        elif may_start and EXPLANATION_HEADING.match(ln.text) and looks_like_title(
            ln.text, nxt.text if nxt else None, max_words=TITLE_MAX_WORDS, max_chars=TITLE_MAX_CHARS
        ):
            kind, explanation = "heading", True
        elif may_start and _is_caps(ln.text):
            kind = "caps"
        if kind is not None:
            units.append(Unit(kind, ln.number, [ln.raw], ln.gap, explanation=explanation, lines=[ln.number]))
            current, structural = None, True
            continue

        letter = _lettered(ln.text, may_start or (prev is not None and bool(LIST_RUNS_ON.search(prev))))
        if letter is not None:
            current = Unit("item", ln.number, [letter[1]], para_start, letter=letter[0], lines=[ln.number])
            units.append(current)
            structural = False
            continue

        item = _item(ln.raw, ln.text, may_start, in_list)
        if item is not None:
            number, content = item
            current = Unit("item", ln.number, [content], para_start, number=number, lines=[ln.number])
            units.append(current)
            structural = False
            continue

        if para_start and _is_generic_title(ln, nxt):
            units.append(Unit("heading", ln.number, [ln.raw], ln.gap, lines=[ln.number]))
            current, structural = None, True
            continue

        if para_start or current is None:
            current = Unit("prose", ln.number, [ln.raw], para_start, lines=[ln.number])
            units.append(current)
        else:
            current.parts.append(ln.raw)
            current.lines.append(ln.number)
        structural = False
    return units


def _is_generic_title(ln: _Line, nxt: _Line | None) -> bool:
    """A short title line directly followed (no blank) by a prose line in capitals."""
    if nxt is None or nxt.gap or _item(nxt.raw, nxt.text, True) is not None:
        return False
    if not nxt.text[0].isupper():
        return False
    return looks_like_title(ln.text, nxt.text, max_words=TITLE_MAX_WORDS, max_chars=TITLE_MAX_CHARS)


def lead_in_kind(unit: Unit) -> tuple[str, str, str] | None:
    """(clause kind, text before the lead-in, lead-in sentence) for a lead-in paragraph."""
    if unit.kind != "prose":
        return None
    text = unit.text
    if not text.endswith(":"):
        return None
    before, sentence = last_sentence(text)
    if not PARTY.search(sentence):
        return None
    for kind, rule in LEAD_IN_RULES:
        if rule.search(sentence):
            return kind, before, sentence
    return None


# ---------------------------------------------------------------- pass 2: clauses


@dataclass
class _Draft:
    line: int
    parts: list[str]
    number: str = ""
    kind: str = ""
    heading: str | None = None
    lead_in: str | None = None
    lines: list[int] = field(default_factory=list)
    role: str = CLAUSE  # for context drafts: CONTEXT or UNACCOUNTED


@dataclass
class Problem:
    """Text the walk could not place (its lines), or numbering that skips a
    number (no lines: the line of the item after the gap)."""

    line: int
    lines: list[int]
    reason: str


@dataclass
class SectionResult:
    clauses: list[Clause]
    context: list[tuple[int, str]]  # (first line, text) of every non-clause paragraph
    coverage: dict[int, str] = field(default_factory=dict)  # line -> role (CLAUSE, HEADING, …)
    problems: list[Problem] = field(default_factory=list)


def _numbers(printed: str) -> tuple[int, ...]:
    return tuple(int(p) for p in printed.split("."))


def _gap(last: tuple[int, ...] | None, num: tuple[int, ...]) -> str | None:
    """The numbers skipped when ``num`` continues the list of ``last`` with a
    gap ("3" between 2 and 4, "1.2" between 1.1 and 1.3); None when it does not."""
    if last is None:
        return None
    if len(num) == 1 and num[0] > last[0] + 1:
        if num[0] - last[0] > GAP_LISTED:  # "2" then "101": a numbering of its own, not missing items
            return f"{last[0] + 1} to {num[0] - 1}"
        return ", ".join(str(n) for n in range(last[0] + 1, num[0]))
    if len(num) == 2 and len(last) == 2 and num[0] == last[0] and num[1] > last[1] + 1:
        return ", ".join(f"{num[0]}.{n}" for n in range(last[1] + 1, num[1]))
    return None


def _plausible(last: tuple[int, ...] | None, num: tuple[int, ...]) -> bool:
    """Is ``num`` a next number after ``last`` (1 → 2, 1 → 1.1, 1.5 → 2, 1.5 → 1.6 …)?"""
    if last is None:
        return True
    if len(last) == 1:
        (a,) = last
        return num in {(a + 1,), (a, 1), (a + 1, 1)}
    a, b = last[0], last[1]
    return num in {(a, b + 1), (a + 1,), (a + 1, 1)}


class _Segmenter:
    """The state machine of pass 2: context → block → context/earlier …

    ``mode`` is "context" (prose that is no clause), "block" (agreements,
    agenda items or principles under a marker or lead-in) or "earlier"
    (earlier agreements, one per paragraph).  Within a block ``style`` tells
    whether its clauses are un-numbered paragraphs or items, which decides
    what a later prose paragraph means.
    """

    def __init__(self, units: list[Unit]):
        self.units = units
        self.mode = "block" if _opens_implicitly(units) else "context"
        self.implicit = self.mode == "block"  # agreements opened by no marker or lead-in
        self.kind = "Agreement"
        self.lead_in: str | None = None
        self.heading: str | None = None  # sub-heading the next clauses stand under
        self.group: str | None = None  # slug of an all-caps group heading
        self.style: str | None = None  # None | "paragraph" | "items"
        self.last: tuple[int, ...] | None = None  # last item number, for plausibility
        self.top: str | None = None  # printed number of the last top-level item
        self.sub_lead_in: str | None = None  # lead-in of sub-items N.1, N.2 …
        self.sub_count = 0
        self.counters: dict[str, int] = {}
        self.drafts: list[_Draft] = []
        self.context: list[_Draft] = []
        self.target: _Draft | None = None  # where a stray continuation line goes
        self.intro = False  # numbered items follow: a paragraph before them may be an introduction
        self.completing = False  # bullets are completing the sentence of the item before them
        self.coverage: dict[int, str] = {}  # line -> role of markers, headings and lead-ins
        self.problems: list[Problem] = []
        self.index = 0  # of the unit being read
        self.sub_items: tuple[str, str, str | None] | None = None  # (how, parent number, lead-in) of a letter list
        self.suspended: tuple | None = None  # the item list a paragraph closed (kind, lead-in, last, top, implicit)
        self.between: list[_Draft] = []  # the paragraphs since the list was closed

    # -- bookkeeping

    def count(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def counted(self) -> str:
        """Number of a clause the text does not number: by kind, group or plain count."""
        if self.kind in PREFIX:
            return f"{PREFIX[self.kind]}-{self.count(self.kind)}"
        if self.group:
            return f"{self.group}-{self.count('group:' + self.group)}"
        return str(self.count("plain"))

    def emit(self, unit: Unit, number: str, lead_in: str | None = None) -> None:
        lead_in = lead_in or self.lead_in
        self.target = _Draft(unit.line, list(unit.parts), number, self.kind, self.heading, lead_in,
                             lines=list(unit.lines))
        self.drafts.append(self.target)
        self.completing = False

    def to_context(self, unit: Unit) -> None:
        """A paragraph that is no clause; UNACCOUNTED when it is a numbered item
        (an agreement read as context is exactly what must never pass silently)."""
        role = UNACCOUNTED if unit.number is not None or unit.letter is not None else CONTEXT
        self.target = _Draft(unit.line, list(unit.parts), lines=list(unit.lines), role=role)
        self.context.append(self.target)

    def extend_target(self, unit: Unit) -> None:
        assert self.target is not None
        self.target.parts.extend(unit.parts)
        self.target.lines.extend(unit.lines)

    def place(self, unit: Unit, role: str) -> None:
        self.coverage.update(dict.fromkeys(unit.lines, role))

    def open_block(self, kind: str, lead_in: str | None) -> None:
        self.mode, self.kind, self.lead_in, self.implicit = "block", kind, lead_in, False
        self.style, self.last, self.top, self.sub_lead_in = None, None, None, None

    # -- the walk

    def run(self) -> None:
        for index, unit in enumerate(self.units):
            self.index = index
            nxt = self.units[index + 1] if index + 1 < len(self.units) else None
            if unit.letter is None:
                self.sub_items = None
            if unit.kind in ("marker", "earlier", "heading", "caps"):
                self.suspended, self.between = None, []
                self.place(unit, HEADING)
                self.completing = False
            if unit.kind == "marker":
                self.open_block("Agreement", clean(unit.parts[0]))
                self.heading = self.group = None
                self.intro = _numbered_items_follow(self.units, index + 1)
            elif unit.kind == "earlier":
                self.mode, self.kind, self.lead_in = "earlier", "EarlierAgreement", clean(unit.parts[0])
                self.heading = self.group = None
            elif unit.kind == "heading":
                self.mode, self.group = "context", None
                self.heading = None if unit.explanation else clean(unit.parts[0])
            elif unit.kind == "caps":
                self.mode = "context"
                self.heading, self.group = clean(unit.parts[0]), slug(unit.parts[0])
            elif unit.kind == "prose":
                self.prose(unit, nxt)
            else:
                self.item(unit, nxt)

    def prose(self, unit: Unit, nxt: Unit | None) -> None:
        self.completing = False
        lead = lead_in_kind(unit)
        if lead is not None:
            kind, before, sentence = lead
            if before:  # the text before the lead-in sentence is context of the section
                self.context.append(_Draft(unit.line, [before]))
            self.place(unit, LEAD_IN)
            heading = self.heading  # a lead-in keeps the (caps or title) heading above it
            self.open_block(kind, sentence)
            self.heading = heading
        elif self.mode == "earlier":
            self.emit(unit, self.counted())
        elif self.mode == "block" and self.style is None and self.intro and not PARTY.search(unit.text):
            # A paragraph naming no party before the numbered items: an introduction (a fact).
            self.to_context(unit)
        elif self.mode == "block" and self.implicit and self.style in (None, "paragraph") \
                and not PARTY.search(unit.text):
            # No marker or lead-in says agreements follow, and no party acts: explanatory prose.
            self.to_context(unit)
            self.problems.append(Problem(unit.line, list(unit.lines), NO_PARTY_PROSE))
        elif self.mode == "block" and self.style in (None, "paragraph"):
            # Under a marker, each un-numbered paragraph is one clause.
            self.style = "paragraph"
            self.emit(unit, self.counted())
        elif self.mode == "block" and self.top and unit.text.endswith(":") and _is_bullet(nxt):
            # A lead-in after item N followed by bullets: the bullets are items N.1, N.2 …
            self.sub_lead_in, self.sub_count = unit.text, 0
            self.place(unit, LEAD_IN)
        else:
            # Prose after the items (or outside any block): context; a block is over -- unless
            # the next item continues the list (see ``item``: a footnote is no end of a list).
            if self.mode == "block" and self.style == "items" and self.last is not None:
                self.suspended = (self.kind, self.lead_in, self.last, self.top, self.implicit)
            self.mode = "context" if self.mode == "block" else self.mode
            self.to_context(unit)
            if self.suspended is not None:
                self.between.append(self.target)

    def item(self, unit: Unit, nxt: Unit | None) -> None:
        if unit.letter is not None:
            self.lettered(unit)
            return
        if self.mode == "earlier":
            self.emit(unit, self.counted())
            return
        if self.mode != "block" and self.resumes(unit):
            # "4. …", a footnote "1 Het Programma …" (or any paragraph), "5. …": the paragraph
            # did not end the list -- item 5 is read, the paragraph stays context (or a warning)
            kind, lead_in, last, top, implicit = self.suspended
            self.mode, self.kind, self.lead_in, self.last, self.top, self.implicit = \
                "block", kind, lead_in, last, top, implicit
            self.style = "items"
            # the paragraphs in between stay context, but an analyst is told (unless already warned)
            for draft in self.between:
                if draft.role == CONTEXT:
                    self.problems.append(Problem(draft.line, list(draft.lines), RESUMED))
        if unit.kind == "item" and unit.number is not None:
            self.between = []
        if self.mode != "block":
            self.completing = False
            self.to_context(unit)
            return
        if unit.number is not None and not _plausible(self.last, _numbers(unit.number)):
            gap = _gap(self.last, _numbers(unit.number)) if unit.blank_before else None
            if gap:
                # The next item of the list, but a number is missing (1, 2, 4): read it, and say so.
                self.problems.append(Problem(unit.line, [], f"numbering skips {gap} before item {unit.number}"))
            elif not unit.blank_before and self.target is not None:
                # Not the next number: running text that happens to start with a number.
                self.extend_target(unit)
                return
            else:
                self.prose(Unit("prose", unit.line, list(unit.parts), unit.blank_before, number=unit.number,
                                lines=list(unit.lines)), nxt)
                return
        self.style = "items"
        if unit.number is None:
            self.bullet(unit)
        elif self.is_sub_heading(unit, nxt) or self.is_empty_sub_heading(unit, nxt):
            # "1. Zoetwater beschikbaarheid" followed by "1.1 …": a numbered sub-heading.
            if not self.is_sub_heading(unit, nxt):
                self.problems.append(Problem(unit.line, list(unit.lines), EMPTY_SUB_HEADING))
            self.heading, self.last = clean(unit.parts[0]), (_numbers(unit.number)[0], 0)
            self.place(unit, HEADING)
            self.completing = False
        else:
            num = _numbers(unit.number)
            self.sub_lead_in, self.last = None, num
            if len(num) == 1:
                self.top = unit.number
            self.emit(unit, self.counted() if self.kind in PREFIX else unit.number)

    def resumes(self, unit: Unit) -> bool:
        """Does a numbered item continue the list a paragraph closed (the next number)?"""
        if self.suspended is None or unit.number is None or self.mode != "context":
            return False
        last = self.suspended[2]
        num = _numbers(unit.number)
        return num != (1,) and len(num) == len(last) and _plausible(last, num)

    def lettered(self, unit: Unit) -> None:
        """A lettered or roman sub-item ("a.", "b)", "ii.").

        A list whose sub-items name parties of their own ("b. De provincie Zeeland
        vertaalt …") gives one clause per sub-item, numbered <item><marker> ("1.2b"); the
        item above it, when it only introduces them (ends in ":"), is their lead-in and no
        clause.  A list whose sub-items name none completes the item's sentence and is part
        of that clause.  Sub-items with no item to belong to are unaccounted (a warning).
        """
        if self.sub_items is None:
            parent = self.target if self.target is not None and self.drafts and self.target is self.drafts[-1] \
                else None
            if parent is None or self.mode == "context":
                self.to_context(unit)
                self.problems.append(Problem(unit.line, list(unit.lines), SUB_ITEMS_AS_CONTEXT))
                return
            run = [unit]
            for later in self.units[self.index + 1:]:
                if later.letter is None:
                    break
                run.append(later)
            if any(has_own_party(u.text) for u in run):
                lead_in = join_lines(parent.parts)
                if lead_in.endswith(":"):
                    self.drafts.remove(parent)
                    self.coverage.update(dict.fromkeys(parent.lines, LEAD_IN))
                    self.sub_items = ("clauses", parent.number, lead_in)
                else:
                    self.sub_items = ("clauses", parent.number, parent.lead_in)
            else:
                self.sub_items = ("part", parent.number, None)
        how, number, lead_in = self.sub_items
        if how == "part":
            self.extend_target(unit)
        else:
            self.emit(unit, f"{number}{unit.letter}", lead_in=lead_in)

    def bullet(self, unit: Unit) -> None:
        if self.completes(unit):
            # "… een ruimtelijk kader op dat:" + "• de kernkwaliteiten … vastlegt;": one sentence, one clause.
            self.extend_target(unit)
            self.completing = True
        elif self.sub_lead_in and self.top:
            self.sub_count += 1
            self.emit(unit, f"{self.top}.{self.sub_count}", lead_in=self.sub_lead_in)
            top = _numbers(self.top)
            if len(top) == 1:
                self.last = (top[0], self.sub_count)
        else:
            self.emit(unit, self.counted())

    def completes(self, unit: Unit) -> bool:
        """A lower-case bullet right after an item that ends in ":" (or after
        such a bullet) completes that item's sentence."""
        if self.target is None or not self.drafts or self.target is not self.drafts[-1]:
            return False
        if not starts_lowercase(unit.text):
            return False
        return self.completing or (not self.sub_lead_in and join_lines(self.target.parts).endswith(":"))

    @staticmethod
    def is_sub_heading(unit: Unit, nxt: Unit | None) -> bool:
        num = _numbers(unit.number or "0")
        return (
            len(num) == 1
            and len(unit.parts) == 1
            and nxt is not None
            and nxt.number is not None
            and _numbers(nxt.number) == (num[0], 1)
            and looks_like_title(
                clean(unit.parts[0]), None, max_words=TITLE_MAX_WORDS, max_chars=TITLE_MAX_CHARS
            )
        )

    def is_empty_sub_heading(self, unit: Unit, nxt: Unit | None) -> bool:
        """A numbered title naming no party whose items are missing: the next
        group's sub-items (or its sub-heading) follow it, or it closes a list
        of sub-headings ("1.", "1.1", "1.2", "2. Natuur" and no "2.1")."""
        if not self.looks_like_group_title(unit):
            return False
        num = _numbers(unit.number or "0")[0]
        if nxt is not None and nxt.kind == "item" and nxt.number is not None:
            after = self.units[self.index + 2] if self.index + 2 < len(self.units) else None
            return _numbers(nxt.number) == (num + 1, 1) or self.is_sub_heading(nxt, after)
        return self.last is not None and len(self.last) == 2

    @staticmethod
    def looks_like_group_title(unit: Unit) -> bool:
        """A top-level numbered line that reads as a short title and names no party."""
        return (
            unit.number is not None
            and len(_numbers(unit.number)) == 1
            and len(unit.parts) == 1
            and not PARTY.search(unit.text)
            and looks_like_title(clean(unit.parts[0]), None, max_words=TITLE_MAX_WORDS, max_chars=TITLE_MAX_CHARS)
        )


def _is_bullet(unit: Unit | None) -> bool:
    return unit is not None and unit.kind == "item" and unit.number is None


def _numbered_items_follow(units: list[Unit], start: int) -> bool:
    """Does the block opened before ``units[start]`` hold numbered items?"""
    for unit in units[start:]:
        if unit.kind in ("marker", "earlier", "heading", "caps") or lead_in_kind(unit) is not None:
            return False
        if unit.kind == "item" and unit.number is not None:
            return True
    return False


def _opens_implicitly(units: list[Unit]) -> bool:
    """Agreements start right after the heading when no marker or lead-in opens them.

    A section with an "Afspraken" marker, an all-caps group or an
    agreement/agenda lead-in has context before it.  Earlier-agreement markers
    and principle lead-ins do not open agreements, so a section with only
    those still starts with a block when its first unit is an item.
    """
    kinds = [u.kind if u.kind != "prose" else (lead_in_kind(u) or ("",))[0] for u in units]
    if any(k in ("marker", "caps", "Agreement", "AgendaItem") for k in kinds):
        return False
    has_marker = any(k in ("earlier", "Principle") for k in kinds)
    return not has_marker or (bool(units) and units[0].kind == "item")


def segment_section(key: str, section: str, units: list[Unit]) -> SectionResult:
    """Clauses (ids ``<key>/<section>/<number>``) and context paragraphs of a section."""
    machine = _Segmenter(units)
    machine.run()
    context = [(d.line, text) for d in machine.context if (text := join_lines(d.parts))]
    coverage = dict(machine.coverage)
    for draft in machine.drafts + machine.context:
        coverage.update(dict.fromkeys(draft.lines, draft.role))
    problems = [Problem(d.line, list(d.lines), READ_AS_CONTEXT) for d in machine.context if d.role == UNACCOUNTED]
    problems = sorted(problems + machine.problems, key=lambda p: p.line)
    return SectionResult([_finish(key, section, d) for d in machine.drafts], context, coverage, problems)


def _finish(key: str, section: str, draft: _Draft) -> Clause:
    text = join_lines(draft.parts)
    clause = Clause(
        id=f"{key}/{section}/{draft.number}",
        number=draft.number,
        kind=draft.kind,
        line=draft.line,
        text=text,
        section=section,
        heading=draft.heading,
        lead_in=draft.lead_in,
    )
    if draft.kind == "EarlierAgreement":
        clause.meeting_text = meeting_reference(text)
    return clause
