"""Coverage accounting: where every line of the document ended up.

A clause the rules cannot read must never disappear without a word: for an
analyst a silently missing agreement is worse than a wrong one, because the
gap never shows up in validation.  So every non-blank line of an agreements
chapter is given exactly one place -- a clause, a heading (chapter, section,
sub-heading, "Afspraken" marker), a lead-in, a context paragraph
(introduction, explanation) or an artefact of the PDF export (page number,
running header, footnote, empty bullet).  Lines no rule claimed, and
numbered items the segmenter could only put aside as context, are
*unaccounted*; together with numbering that skips a number (1, 2, 4) they
become ``UnaccountedText`` entries, and so do sentences outside the agreements
chapters that read as commitments (a party as subject, a binding cue, a
determinable deadline: ``OUTSIDE_SUBJECT``); every other line outside those
chapters is context, a heading or an artefact.  All of them are warnings with file and line from
``extract`` and ``build`` (``build --strict`` fails on them) and
``ra:UnaccountedText`` resources in the graph, which validation reports as
``unaccounted-text``.

The outline itself is checked too, because a misread heading hides whole
sections at once: a chapter heading that also reads as an item (its
``doubt``), and a line numbered and worded like a section of an agreements
chapter that stands after that chapter ended ("2.4 Water" after a "3."
that closed chapter 2) are warnings as well.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from ra_graph.core.model import Arrangement, UnaccountedText
from ra_graph.extract.outline import SECTION, Heading, Outline
from ra_graph.extract.segment import (
    CONTEXT,
    HEADING,
    READ_AS_CONTEXT,
    UNACCOUNTED,
    Problem,
    SectionResult,
    split_units,
)
from ra_graph.extract.text import clean, is_blank, join_lines, looks_like_title

NOT_READ = "no rule read this text"
OUTSIDE = "commitment wording outside the agreements chapter (not read as a clause)"
# A sentence outside the agreements chapters that opens with a party as its subject, binds it
# with a cue (data/rules/modality.yaml) and names a determinable deadline reads as a commitment:
# e.g. "De provincie Noord-Brabant stelt in 2027 een nieuwe omgevingsvisie vast." (introduction)
OUTSIDE_SUBJECT = re.compile(
    r"^(?:(?:daarom|daarnaast|ook)\s+)?(?:het\s+rijk|de\s+provincie\b|rijk\s+en\s+(?:de\s+)?provincie"
    r"|(?:beide\s+)?partijen)\b",
    re.IGNORECASE)
# Effort is left out: an introduction describes ongoing work in those words ("De provincie
# Overijssel werkt aan de herziening van haar Omgevingsvisie, die ... in 2027 ... wordt vastgesteld").
# Ministers are left out: introductions describe how the minister concludes the arrangements.
BINDING = ("Result", "Research", "Dialogue")
STRAY_SECTION = "section heading {number} stands outside chapter {chapter} (the outline may be misread)"
EXCERPT = 80  # characters of the text a warning quotes


def account(lines: list[str], artefacts: dict[int, str], outline: Outline, chapters: set[str],
            results: dict[str, SectionResult]) -> tuple[dict[int, str], list[UnaccountedText]]:
    """(line -> place, unaccounted texts) of the agreements chapters ``chapters``.

    ``results`` holds the segmentation of every section (by number).
    """
    roles: dict[int, str] = {}
    found: list[tuple[str | None, Problem]] = []
    for chapter in (c for c in outline.chapters if c.number in chapters):
        first, last = _region(chapter, outline, len(lines))
        roles.update({n: kind for n, kind in artefacts.items() if first <= n <= last})
        roles.update(dict.fromkeys(range(chapter.line, chapter.end_line + 1), HEADING))
        if chapter.number in results:  # a chapter read as one section (an agenda chapter of its own)
            roles.update(results[chapter.number].coverage)
            found += [(chapter.number, p) for p in results[chapter.number].problems]
        else:
            found += [(None, p) for p in _chapter_intro(chapter, outline, lines, artefacts, roles)]
        for heading in outline.sections:
            if heading.number.split(".")[0] != chapter.number or heading.number not in results:
                continue
            roles.update(dict.fromkeys(range(heading.line, heading.end_line + 1), HEADING))
            result = results[heading.number]
            roles.update(result.coverage)
            found += [(heading.number, p) for p in result.problems]
        stray = [n for n in range(first, last + 1) if n not in roles and not is_blank(lines[n - 1])]
        for run in _runs(stray):
            roles.update(dict.fromkeys(run, UNACCOUNTED))
            found.append((_section_of(run[0], outline), Problem(run[0], run, NOT_READ)))
        found += [(None, p) for p in _stray_sections(chapter, last, lines, artefacts)]
    found += [(None, Problem(h.line, list(range(h.line, h.end_line + 1)), h.doubt))
              for h in outline.chapters if h.doubt]
    outside = _commitments_outside(lines, artefacts, outline, chapters)
    found += outside
    heading_lines = {n for h in outline.headings for n in range(h.line, h.end_line + 1)}
    # the rest of the document: artefacts, headings and context -- and the commitment-like
    # sentences found above, which are unaccounted (warned about)
    for n in range(1, len(lines) + 1):
        if n in roles or is_blank(lines[n - 1]):
            continue
        if n in artefacts:
            roles[n] = artefacts[n]
        elif n in heading_lines:
            roles[n] = HEADING
        else:
            roles[n] = CONTEXT
    for _, problem in outside:
        roles.update(dict.fromkeys(problem.lines, UNACCOUNTED))
    unaccounted: list[UnaccountedText] = []
    for section, p in sorted(found, key=lambda item: (item[1].line, item[1].reason)):
        if unaccounted and unaccounted[-1].line == p.line:  # one entry per line (its graph resource)
            unaccounted[-1].reason += f"; {p.reason}"
            continue
        text = join_lines([lines[n - 1] for n in p.lines or [p.line]])
        end = max(p.lines) if p.lines and max(p.lines) > p.line else None
        unaccounted.append(UnaccountedText(p.line, text, p.reason, section, end))
    return dict(sorted(roles.items())), unaccounted


def _commitments_outside(lines: list[str], artefacts: dict[int, str], outline: Outline,
                         chapters: set[str]) -> list[tuple[str | None, Problem]]:
    """Sentences outside the agreements chapters that read as commitments (see OUTSIDE_SUBJECT).

    The rules read clauses only in the agreements (and agenda) chapters; a commitment written
    in the introduction would be lost without a word, so it becomes a warning.
    """
    from ra_graph.extract.commitments import modality_of
    from ra_graph.extract.dates import find_phrases

    found: list[tuple[str | None, Problem]] = []
    heading_lines = {n for h in outline.headings for n in range(h.line, h.end_line + 1)}
    for chapter in (c for c in outline.chapters if c.number not in chapters):
        first, last = _region(chapter, outline, len(lines))
        paragraph: list[tuple[int, str]] = []
        for n in range(first, last + 2):
            text = clean(lines[n - 1]) if n <= last and n not in artefacts else ""
            if text and n not in heading_lines:
                paragraph.append((n, text))
                continue
            found += [(_section_of(p.line, outline), p) for p in _outside_sentences(paragraph, modality_of,
                                                                                      find_phrases)]
            paragraph = []
    return found


def _outside_sentences(paragraph: list[tuple[int, str]], modality_of, find_phrases) -> list[Problem]:
    """Problems for the commitment-like sentences of one paragraph (lines joined)."""
    if not paragraph:
        return []
    text, starts = "", []
    for n, line in paragraph:
        starts.append((len(text), n))
        text += line + " "
    offsets = [start for start, _ in starts]
    problems = []
    for match in re.finditer(r"[^.!?]+[.!?]?", text):
        sentence = match.group(0).strip()
        if not OUTSIDE_SUBJECT.match(sentence) or modality_of(sentence) not in BINDING:
            continue
        if not any(phrase.due_by for phrase in find_phrases(sentence)):
            continue
        offset = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        first = starts[bisect_right(offsets, offset) - 1][1]
        end = starts[bisect_right(offsets, match.end() - 1) - 1][1]
        problems.append(Problem(first, list(range(first, end + 1)), OUTSIDE))
    return problems


def _region(chapter: Heading, outline: Outline, total: int) -> tuple[int, int]:
    """First and last line of a chapter with all its sections."""
    later = [h.line for h in outline.headings if h.line > chapter.line
             and h.number.split(".")[0] != chapter.number]
    return chapter.line, (min(later) - 1 if later else total)


def _chapter_intro(chapter: Heading, outline: Outline, lines: list[str], artefacts: dict[int, str],
                   roles: dict[int, str]) -> list[Problem]:
    """The chapter's own text before its first section is context; a numbered
    item there (a section heading not recognised, say) is unaccounted."""
    first, last = outline.body(chapter, len(lines))
    problems = []
    for unit in split_units([(n, lines[n - 1]) for n in range(first, last + 1)], artefacts):
        numbered = unit.kind == "item" and unit.number is not None
        roles.update(dict.fromkeys(unit.lines, UNACCOUNTED if numbered else CONTEXT))
        if numbered:
            problems.append(Problem(unit.line, list(unit.lines), READ_AS_CONTEXT))
    return problems


def _stray_sections(chapter: Heading, last: int, lines: list[str], artefacts: dict[int, str]) -> list[Problem]:
    """Lines after the chapter's end that read as one of its section headings."""
    problems = []
    for n in range(last + 1, len(lines) + 1):
        match = SECTION.match(clean(lines[n - 1]))
        if n not in artefacts and match and match[1] == chapter.number and \
                looks_like_title(match[3], None, allow_period=True):
            reason = STRAY_SECTION.format(number=f"{match[1]}.{match[2]}", chapter=chapter.number)
            problems.append(Problem(n, [n], reason))
    return problems


def _section_of(line: int, outline: Outline) -> str | None:
    before = [h for h in outline.sections if h.line <= line]
    return before[-1].number if before else None


def _runs(numbers: list[int]) -> list[list[int]]:
    """Consecutive line numbers as runs: [3, 4, 7] -> [[3, 4], [7]]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def warnings(arrangement: Arrangement, path: Path) -> list[str]:
    """One line per unaccounted text of ``arrangement`` (read from ``path``): file, line(s), reason, excerpt."""
    out = []
    for text in arrangement.unaccounted:
        lines = f"{text.line}-{text.end_line}" if text.end_line else str(text.line)
        excerpt = text.text if len(text.text) <= EXCERPT else text.text[:EXCERPT - 3] + "..."
        where = f" (section {text.section})" if text.section else ""
        out.append(f"{path}:{lines}: {text.reason}{where}: '{excerpt}'")
    return out


__all__ = ["account", "warnings", "NOT_READ"]
