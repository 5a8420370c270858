"""Cleaning helpers for lines of a text converted from PDF.

The source texts are PDF exports: lines are wrapped at a fixed width, words
are hyphenated across lines, page numbers and footnotes interrupt running
sentences.  Segmentation works on raw lines (line numbers must stay true to
the file); these helpers turn a run of raw lines into the clean clause text
and answer the small questions the recognisers ask of a line ("is this a
title?", "does this continue the sentence above?").  They never change the
wording itself.
"""

from __future__ import annotations

import re

# Characters that end a sentence or a clause part: a line ending in one of
# these may be followed by a new item without a blank line in between.
TERMINAL = ".;:!?)’”\"'…"

# A page number left by the PDF export: a line with nothing but 1-3 digits.
PAGE_NUMBER = re.compile(r"^\d{1,3}$")

# A footnote: a number directly followed by an opening quote ("1 ‘We ...’").
FOOTNOTE_START = re.compile(r"^\d{1,2}\s*[‘“]")
# ... which runs until a line ending in a closing quote (maybe + punctuation).
FOOTNOTE_END = re.compile(r"[’”][.,;]?$")

# Line-end hyphenation (see join_lines): the three ways a line can end in a dash.
DASH_SEPARATOR = re.compile(r"\s[-–]\s+$")  # "PAWOZ - " + "Eemshaven": a separator
DASH_SPACED = re.compile(r"\s-$")  # "en -" + "aanbod": joins as "en -aanbod"
DASH_HYPHEN = re.compile(r"\w-$")  # "NOVEX-" + "gebieden": joins as "NOVEX-gebieden"

# A line ending in one of these words is a sentence cut by the line width, never a title.
FUNCTION_WORDS = frozenset(
    "de het een en of van voor in op met aan te om die dat door naar bij over tot als uit".split()
)

_SPACES = re.compile(r"\s+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘“(])")


def clean(line: str) -> str:
    """One line without surrounding whitespace, inner runs of spaces collapsed."""
    return _SPACES.sub(" ", line.replace("\xa0", " ")).strip()


def is_blank(line: str) -> bool:
    return not line.replace("\xa0", " ").strip()


def starts_lowercase(text: str) -> bool:
    """True when a line clearly continues the sentence above it."""
    text = text.lstrip()
    return bool(text) and text[0].islower()


def ends_terminal(text: str) -> bool:
    """True when a line ends a sentence or clause part (so a new item may follow)."""
    text = text.rstrip()
    return bool(text) and text[-1] in TERMINAL


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one clean text, undoing line-end hyphenation.

    Rules, checked on the raw line end (trailing spaces matter):
    a dash followed by spaces is a separator ("PAWOZ - " → "PAWOZ - Eemshaven");
    " -" directly at the end joins without a space ("en -" → "en -aanbod");
    a word character + "-" joins without a space keeping the hyphen
    ("NOVEX-" → "NOVEX-gebieden"); anything else joins with one space.
    """
    pieces: list[str] = []  # joined once at the end: adding to a string each line is quadratic
    glue = ""
    for raw in lines:
        raw = raw.replace("\xa0", " ").rstrip("\n")
        part = clean(raw)
        if not part:
            continue
        if pieces:
            pieces.append(glue)
        pieces.append(part)
        if DASH_SEPARATOR.search(raw):
            glue = " "
        elif DASH_SPACED.search(raw) or DASH_HYPHEN.search(raw):
            glue = ""
        else:
            glue = " "
    return "".join(pieces)


def words(text: str) -> list[str]:
    return text.split()


def looks_like_title(
    title: str,
    next_line: str | None,
    *,
    max_words: int = 12,
    max_chars: int = 90,
    allow_period: bool = False,
) -> bool:
    """A heading is a short line that is not a running sentence.

    Short (word and character limits), starts with a capital (or a quote),
    does not end in "," or ";" (nor in "." unless ``allow_period``) or in a
    function word ("de", "van" …), and the next line does not continue it in
    lower case.
    """
    title = clean(title)
    if not title or len(title) > max_chars or len(words(title)) > max_words:
        return False
    if words(title)[-1].lower() in FUNCTION_WORDS:
        return False
    if not (title[0].isupper() or title[0] in "‘’“\"'("):
        return False
    if title[-1] in ",;" or (title[-1] == "." and not allow_period):
        return False
    return not (next_line is not None and starts_lowercase(next_line))


def last_sentence(text: str) -> tuple[str, str]:
    """Split a paragraph into (everything before its last sentence, last sentence)."""
    parts = _SENTENCE_BREAK.split(text)
    return " ".join(parts[:-1]), parts[-1]


def slug(text: str) -> str:
    """Lower-case id part: "ZOETWATER" → "zoetwater", "Zoet Water" → "zoet-water"."""
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")


# A bullet with nothing after it (a stray artefact of the export).
EMPTY_BULLET = re.compile(r"^[•▪◦●·\-–]$")
FOOTNOTE_MAX_LINES = 8
# A footnote marked with a superscript number ("¹ De visie bouwt voort op ...").
SUPERSCRIPT_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S")
# A footnote with a plain number ("1 Kamerbrief ...", never "1." or "1)"): only
# at the bottom of a page whose text refers to it with the number glued to a
# word ("sturend1", see FOOTNOTE_REFERENCE), so that a numbered item "1 Inzet op ..." is never taken.
PLAIN_FOOTNOTE = re.compile(r"^(\d{1,2})\s+[A-ZÀ-Þ‘“(]")
# What a footnote marker is glued to: a lower-case letter ("sturend1"), an acronym ("NPLG1", never
# a road "A1"), a closing bracket or quote ("(PMN)1", "‘Agenda’1") or a sentence end ("Nederland.1").
FOOTNOTE_REFERENCE = r"(?:[a-zà-ÿ]|[A-Za-z][A-Z]|[)’”]|[a-zà-ÿ]\.)"
# How far above a footnote its reference may stand (about a page).
PAGE_LINES = 70

# What each artefact line is, as coverage accounting names it.
PAGE_NUMBER_KIND, RUNNING_HEADER_KIND, FOOTNOTE_KIND, EMPTY_BULLET_KIND = (
    "page number", "running header", "footnote", "empty bullet")


def artefact_lines(lines: list[str]) -> dict[int, str]:
    """1-based numbers of lines that are no text at all, with what they are:
    page numbers, the running header or footer next to them, footnotes and
    empty bullets.  They are never a clause nor part of one."""
    found: dict[int, str] = {}
    n = len(lines)
    blank = [is_blank(raw) for raw in lines]
    for i, raw in enumerate(lines):
        text = clean(raw)
        if not text:
            continue
        prev_blank = i == 0 or blank[i - 1]
        next_blank = i + 1 >= n or blank[i + 1]
        if PAGE_NUMBER.match(text) and (prev_blank or next_blank):
            found[i + 1] = PAGE_NUMBER_KIND
        elif EMPTY_BULLET.match(text):
            found[i + 1] = EMPTY_BULLET_KIND
    pages = sorted(found)
    headers = _running_headers(lines, [p for p in pages if found[p] == PAGE_NUMBER_KIND], blank)
    for line in headers:
        found[line] = RUNNING_HEADER_KIND
    # the same header where its page number is missing (or sits elsewhere), after the first one:
    # a line of its own (blank before or after) repeating it word for word
    texts = {clean(lines[line - 1]) for line in headers}
    for i in range(min(headers, default=len(lines)), len(lines)):
        if (i + 1) not in found and clean(lines[i]) in texts and (blank[i - 1] or i + 1 >= n or blank[i + 1]):
            found[i + 1] = RUNNING_HEADER_KIND
    for i, raw in enumerate(lines):
        if (i + 1) in found or blank[i] or not (i == 0 or blank[i - 1]):
            continue
        text = clean(raw)
        if FOOTNOTE_START.match(text):
            j = i
            while j < n and j - i < FOOTNOTE_MAX_LINES and not blank[j]:
                found[j + 1] = FOOTNOTE_KIND
                if FOOTNOTE_END.search(clean(lines[j])):
                    break
                j += 1
        elif SUPERSCRIPT_FOOTNOTE.match(text) or _plain_footnote(lines, i, blank, found):
            for j in range(i, min(i + FOOTNOTE_MAX_LINES, n)):
                if blank[j]:
                    break
                found[j + 1] = FOOTNOTE_KIND
    return found


def _running_headers(lines: list[str], pages: list[int], blank: list[bool]) -> list[int]:
    """The line next to a page number (across blank lines) that repeats
    elsewhere in the text: a running header or footer ("Ruimtelijk
    Arrangement Rijk - provincie X" after every page number)."""
    counts: dict[str, int] = {}
    for raw in lines:
        text = clean(raw)
        if text:
            counts[text] = counts.get(text, 0) + 1
    out = []
    for page in pages:
        for step in (-1, 1):
            j = page - 1 + step
            while 0 <= j < len(lines) and blank[j]:
                j += step
            if 0 <= j < len(lines) and counts.get(clean(lines[j]), 0) >= 2 and not PAGE_NUMBER.match(clean(lines[j])):
                out.append(j + 1)
    return out


def _plain_footnote(lines: list[str], index: int, blank: list[bool], found: dict[int, str]) -> bool:
    """"1 Kamerbrief ..." at the bottom of a page that says "sturend1" above it."""
    match = PLAIN_FOOTNOTE.match(clean(lines[index]))
    if not match:
        return False
    end = index
    while end < len(lines) and not blank[end]:
        end += 1
    while end < len(lines) and blank[end]:
        end += 1
    if end < len(lines) and found.get(end + 1) != PAGE_NUMBER_KIND:
        return False
    reference = re.compile(rf"{FOOTNOTE_REFERENCE}{match[1]}(?!\d)")
    return any(reference.search(lines[j]) for j in range(max(0, index - PAGE_LINES), index))


# Dutch month names → month number (dates in validity clauses and meeting references).
MONTHS: dict[str, int] = {
    name: index + 1
    for index, name in enumerate(
        "januari februari maart april mei juni juli augustus september oktober november december".split()
    )
}
MONTH_PATTERN = "|".join(MONTHS)
