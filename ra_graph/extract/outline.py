"""Find the chapters ("3. Title") and sections ("3.1 Title") of a text.

Numbered agreement items look exactly like headings ("4. Het Rijk en
provincie Drenthe geven …" inside chapter 3, "1.1 Rijk en de provincie …"
inside section 3.1), so a numbered line is a heading only when

* its number is the one the numbering expects next: chapter N+1 after
  chapter N; section N.M+1 (or N.M+2, tolerating one skipped number) inside
  chapter N; section N+1.1 also opens chapter N+1 when the text puts a section
  before its chapter line (Drenthe: "5.1 Looptijd afspraken" precedes
  "5. Ondertekening …"), after which "N+1. Title" only supplies the title;
* and it reads as a title (``text.looks_like_title``): short, not continued
  in lower case on the next line, not ending in a function word, chapters
  not ending in a full stop;
* when it also continues a run of numbered items in the current section
  (items 1, 2 and then "3. …"), it must moreover be a short title
  (``ITEM_RUN_MAX_WORDS``) standing after a blank line;
* and a chapter must fit the outline ahead (``_ahead``): a short item
  "3. Het Rijk borgt de inpassing" inside chapter 2 is no chapter when item
  4 follows it, when the text further on still has sections of chapter 2
  ("2.4 Water"), or when a later "3. Title" opens section 3.1.  A chapter
  heading accepted while it also continues a run of items, with no section
  3.1 after it to confirm it, carries a ``doubt``, which coverage
  accounting reports as a warning: whatever the outline decides, a heading
  that may have swallowed an item is never silent.

A heading whose first line fills the width and whose next line is directly
followed by a blank line wraps; the two lines form the title.  A section
heading with the expected number may also be long (``long_title``): a
paragraph of its own, at most two lines, that ends like a title (no
punctuation, no function word) -- "3.4. Landbouw, natuur en landelijk gebied
in samenhang met de veenweide- en / stikstofopgave in Noordwest-Overijssel".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ra_graph.extract.text import FUNCTION_WORDS, clean, is_blank, join_lines, looks_like_title, starts_lowercase

# "3. Inhoudelijke afspraken" / " 1. Inleiding" (leading spaces occur).
CHAPTER = re.compile(r"^(\d{1,2})\.?\s+(\S.*)$")
# "3.1 Watervraagstukken" / "3.1. Watervraagstukken".
SECTION = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
# A heading line this long (in characters) may wrap onto the next line.
WRAP_WIDTH = 55
# A chapter candidate that also continues the numbered items just above it
# ("1. …", "2. …", then "3. …") must be a clearly short title after a blank line.
ITEM_RUN_MAX_WORDS = 6
# A long section heading (with the expected number): at most this many lines and words.
LONG_TITLE_MAX_LINES = 2
LONG_TITLE_MAX_WORDS = 24


@dataclass
class Heading:
    level: int  # 1 = chapter, 2 = section
    number: str  # "3" or "3.1"
    title: str
    line: int  # 1-based line of the heading
    end_line: int  # last line of the (possibly wrapped) heading
    doubt: str | None = None  # why the heading may be an item instead (a warning)


@dataclass
class Outline:
    headings: list[Heading]

    @property
    def chapters(self) -> list[Heading]:
        return [h for h in self.headings if h.level == 1]

    @property
    def sections(self) -> list[Heading]:
        return [h for h in self.headings if h.level == 2]

    def body(self, heading: Heading, total_lines: int) -> tuple[int, int]:
        """First and last line of what a heading governs (up to the next heading).

        A chapter governs only its intro, up to its first section or next chapter.
        """
        later = [h.line for h in self.headings if h.line > heading.line]
        end = min(later) - 1 if later else total_lines
        return heading.end_line + 1, end


def _next_content(lines: list[str], index: int, skip: dict[int, str]) -> str | None:
    """Raw text of the first non-blank, non-artefact line after 0-based ``index``."""
    for j in range(index + 1, len(lines)):
        if not is_blank(lines[j]) and (j + 1) not in skip:
            return lines[j]
    return None


def _wrapped_title(lines: list[str], index: int, title: str) -> tuple[str, int]:
    """Join the next line to a long heading line when the heading wraps."""
    if len(title) < WRAP_WIDTH or index + 1 >= len(lines):
        return title, index + 1
    following = lines[index + 1]
    after_blank = index + 2 >= len(lines) or is_blank(lines[index + 2])
    if is_blank(following) or not after_blank or CHAPTER.match(clean(following)):
        return title, index + 1
    return f"{title} {clean(following)}", index + 2


def long_title(lines: list[str], index: int, title: str, artefacts: dict[int, str]) -> tuple[str | None, int]:
    """(title, 1-based last line) of a long heading paragraph, or (None, 0).

    The paragraph stands alone (blank lines around it), has at most
    ``LONG_TITLE_MAX_LINES`` lines and ``LONG_TITLE_MAX_WORDS`` words, starts
    with a capital, ends in neither punctuation nor a function word, and the
    text after it does not continue it in lower case.
    """
    if index > 0 and not is_blank(lines[index - 1]):
        return None, 0
    end = index + 1
    while end < len(lines) and not is_blank(lines[end]) and end - index < LONG_TITLE_MAX_LINES:
        end += 1
    if end < len(lines) and not is_blank(lines[end]):
        return None, 0
    full = join_lines([title] + lines[index + 1:end])
    words = full.split()
    if len(words) > LONG_TITLE_MAX_WORDS or not full[0].isupper() or full[-1] in ".,;:":
        return None, 0
    nxt = _next_content(lines, end - 1, artefacts)
    if words[-1].lower() in FUNCTION_WORDS or (nxt is not None and starts_lowercase(nxt)):
        return None, 0
    return full, end


def find_outline(lines: list[str], artefacts: dict[int, str]) -> Outline:
    """Walk the lines once, keeping the expected next chapter and section numbers."""
    headings: list[Heading] = []
    chapter = 0  # current chapter number
    chapter_titled = True  # False while a chapter was opened by its first section
    last_section = 0
    item_run = 0  # last "N." item number seen since the last heading
    for i, raw in enumerate(lines):
        if (i + 1) in artefacts or is_blank(raw):
            continue
        text = clean(raw)
        nxt = _next_content(lines, i, artefacts)
        match = SECTION.match(text)
        if match:
            major, minor, title = int(match[1]), int(match[2]), match[3]
            in_chapter = major == chapter and last_section < minor <= last_section + 2
            opens_next = major == chapter + 1 and minor == 1
            if in_chapter or opens_next:
                if looks_like_title(title, nxt, allow_period=True):
                    full, end = _wrapped_title(lines, i, clean(title))
                else:
                    full, end = long_title(lines, i, title, artefacts)
                if full:
                    if opens_next:
                        chapter, chapter_titled = major, False
                    last_section, item_run = minor, 0
                    headings.append(Heading(2, f"{major}.{minor}", full, i + 1, end))
                    continue
        match = CHAPTER.match(text)
        if match:
            number, title = int(match[1]), match[2]
            is_next = number == chapter + 1
            names_open = number == chapter and not chapter_titled
            if number == item_run + 1 and not _clear_title(lines, i, title):
                item_run = number
                continue
            titled = (is_next or names_open) and looks_like_title(title, nxt)
            ahead = _ahead(lines, i, number, chapter, last_section, artefacts) if titled and is_next else None
            if titled and (names_open or ahead):
                # continuing a run of items with no section of its own to confirm it: say so
                doubt = (f"chapter heading {number} also reads as item {number} of the list above it"
                         if item_run and number == item_run + 1 and ahead in (CHAPTER_AHEAD, END_AHEAD) else None)
                if is_next:
                    chapter, last_section = number, 0
                chapter_titled, item_run = True, 0
                full, end = _wrapped_title(lines, i, clean(title))
                headings.append(Heading(1, str(number), full, i + 1, end, doubt))
            elif number == item_run + 1 or number == 1:
                item_run = number
    return Outline(headings)


def _numbered_ahead(lines: list[str], index: int, artefacts: dict[int, str]):
    """(0-based line, section match or None, chapter match or None, reads as a title)
    of every numbered line after ``index``."""
    for j in range(index + 1, len(lines)):
        if (j + 1) in artefacts or is_blank(lines[j]):
            continue
        text, nxt = clean(lines[j]), _next_content(lines, j, artefacts)
        section = SECTION.match(text)
        if section:
            yield j, section, None, looks_like_title(section[3], nxt, allow_period=True)
        elif chapter := CHAPTER.match(text):
            yield j, None, chapter, looks_like_title(chapter[2], nxt)


SECTION_AHEAD, CHAPTER_AHEAD, END_AHEAD = "section", "chapter", "end"


def _ahead(lines: list[str], index: int, number: int, chapter: int, last_section: int,
           artefacts: dict[int, str]) -> str | None:
    """Does chapter ``number`` at ``index`` fit the outline that follows it?

    None (no) when the list it would end goes on ("4. De provincie …" after
    "3. Het Rijk borgt de inpassing"), when the current chapter's sections
    go on after it (a section ``chapter.M`` with M beyond ``last_section``)
    before any section of ``number``, or when a later "number. Title" opens
    section number.1 (the chapter comes there).  Yes -- and what confirms
    it: ``SECTION_AHEAD`` a section of its own, ``CHAPTER_AHEAD`` chapter
    number+1, ``END_AHEAD`` the end of the text.
    """
    for j, section, heading, titled in _numbered_ahead(lines, index, artefacts):
        if section and titled:
            major, minor = int(section[1]), int(section[2])
            if major == number:
                return SECTION_AHEAD
            if major == chapter and minor > last_section:
                return None
        elif heading and int(heading[1]) == number + 1:
            return CHAPTER_AHEAD if titled else None
        elif heading and titled and int(heading[1]) == number and _opens_first_section(lines, j, number, artefacts):
            return None
    return END_AHEAD


def _opens_first_section(lines: list[str], index: int, number: int, artefacts: dict[int, str]) -> bool:
    """Is the next numbered title after ``index`` section number.1?"""
    for _j, section, _heading, titled in _numbered_ahead(lines, index, artefacts):
        if titled:
            return bool(section) and (int(section[1]), int(section[2])) == (number, 1)
    return False


def _clear_title(lines: list[str], index: int, title: str) -> bool:
    """A short title after a blank line (to tell a chapter from the next item)."""
    after_blank = index == 0 or is_blank(lines[index - 1])
    return after_blank and len(clean(title).split()) <= ITEM_RUN_MAX_WORDS
