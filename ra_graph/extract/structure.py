"""Segment an arrangement text into its sections and clauses.

``parse_arrangement`` is the first extraction step: it reads the file safely,
finds the outline (chapters and sections), cuts the sections of the
agreements chapter into clauses and reads the metadata (title, validity,
signatories).  Commitments are left empty — reading who owes what is the
next step (``ra_graph.extract.commitments``) — so that segmentation can be
tested, reviewed and curated on its own.

The agreements chapter is recognised by the word "afspraken" in its title
("Inhoudelijke afspraken Rijk – provincie Drenthe", "De afspraken"), never by
its number, so a text that orders its chapters differently still works.
"""

from __future__ import annotations

import re
from pathlib import Path

from ra_graph.core.errors import RaGraphError
from ra_graph.core.model import Arrangement, Clause, Section, UnaccountedText
from ra_graph.core.namespaces import RIJK
from ra_graph.extract.coverage import account
from ra_graph.extract.metadata import (
    find_signatories,
    find_title,
    find_validity,
    parse_file_name,
    province_iri,
    province_name,
)
from ra_graph.extract.outline import Outline, find_outline
from ra_graph.extract.segment import segment_section, split_units
from ra_graph.extract.sourcefile import read_source
from ra_graph.extract.text import artefact_lines

# A chapter whose title contains this word holds the agreements.
AGREEMENTS_CHAPTER = re.compile(r"\bafspraken\b", re.IGNORECASE)
# A chapter of its own holding the agenda for the next arrangement ("4. Agenda voor het volgende
# ruimtelijk arrangement") is read like the agreements chapter: its agenda points are clauses.
AGENDA_CHAPTER = re.compile(r"^agenda\b", re.IGNORECASE)


def parse_arrangement(path: Path, data: bytes | None = None) -> Arrangement:
    """Read ``ra-<province>-<year>.txt`` (or ``data``, its bytes already read) into an
    Arrangement with sections and clauses."""
    path = Path(path)
    key, year = parse_file_name(path)
    source = read_source(path, data)
    lines = source.lines
    artefacts = artefact_lines(lines)
    name = province_name(lines, key, path)
    province = province_iri(key)
    outline = find_outline(lines, artefacts)
    if not outline.sections:
        hint = (f"; its lines are broken with {source.odd_breaks}, not newlines: save it with ordinary "
                "line ends") if source.odd_breaks else ""
        raise RaGraphError(
            "no recognisable section structure: expected numbered chapters ('3. Title')"
            " and sections ('3.1 Title')" + hint,
            file=path,
            line=1,
        )
    slug = f"{key}-{year}"  # the arrangement id; clause ids are <slug>/<section>/<item>
    sections, clauses, coverage, unaccounted = _sections(slug, lines, artefacts, outline, path)
    valid_until, valid_text, valid_line = find_validity(lines, outline)
    return Arrangement(
        key=key,
        slug=slug,
        title=find_title(lines, artefacts, name, key, path),
        province=province,
        year=year,
        source_file=path.name,
        sha256=source.sha256,
        parties=[RIJK, province],
        signatories=find_signatories(lines, outline, province),
        valid_until=valid_until,
        valid_until_text=valid_text,
        valid_until_line=valid_line,
        sections=sections,
        clauses=clauses,
        unaccounted=unaccounted,
        coverage=coverage,
    )


def _sections(
    key: str, lines: list[str], artefacts: dict[int, str], outline: Outline, path: Path
) -> tuple[list[Section], list[Clause], dict[int, str], list[UnaccountedText]]:
    agreement_chapters = [c for c in outline.chapters if AGREEMENTS_CHAPTER.search(c.title)]
    if not agreement_chapters:
        raise RaGraphError(
            "no agreements chapter: expected a chapter whose title says 'afspraken'"
            " (for example '3. Inhoudelijke afspraken')",
            file=path,
            line=1,
        )
    agreement_chapters += [c for c in outline.chapters if AGENDA_CHAPTER.search(c.title)
                           and c not in agreement_chapters]
    chapters = {c.number for c in agreement_chapters}
    # an agreements or agenda chapter without sections is read as one section numbered like it
    sectionless = [c for c in agreement_chapters
                   if not any(h.number.split(".")[0] == c.number for h in outline.sections)]
    sections: list[Section] = []
    clauses: list[Clause] = []
    ids = _Ids()
    results = {}
    for heading in outline.sections:
        first, last = outline.body(heading, len(lines))
        units = split_units([(n, lines[n - 1]) for n in range(first, last + 1)], artefacts)
        result = results[heading.number] = segment_section(key, heading.number, units)
        section = Section(heading.number, heading.title, heading.line, context=result.context)
        if heading.number.split(".")[0] in chapters:
            for clause in result.clauses:
                clause.id, clause.number = ids.unique(clause)
                clauses.append(clause)
            section.has_agreements = bool(result.clauses)
        else:
            # Outside the agreements chapter everything is context ("Monitoring" bullets too).
            section.context = sorted(
                result.context + [(c.line, c.text) for c in result.clauses], key=lambda item: item[0]
            )
        sections.append(section)
    for chapter in sectionless:
        first, last = outline.body(chapter, len(lines))
        units = split_units([(n, lines[n - 1]) for n in range(first, last + 1)], artefacts)
        result = results[chapter.number] = segment_section(key, chapter.number, units)
        for clause in result.clauses:
            clause.id, clause.number = ids.unique(clause)
            clauses.append(clause)
        sections.append(Section(chapter.number, chapter.title, chapter.line, context=result.context,
                                has_agreements=bool(result.clauses)))
    sections.sort(key=lambda section: section.line)
    clauses.sort(key=lambda clause: clause.line)
    if not clauses:
        chapter = agreement_chapters[0]
        raise RaGraphError(
            f"no agreement clauses found in chapter {chapter.number} '{chapter.title}':"
            " expected 'Afspraken' markers, lead-ins ending in ':' or numbered items",
            file=path,
            line=chapter.line,
        )
    coverage, unaccounted = account(lines, artefacts, outline, chapters, results)
    return sections, clauses, coverage, unaccounted


class _Ids:
    """The clause ids given so far in one text, kept unique (``unique``)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        # (id, number) as read -> the last suffix tried for it: every suffix up to it is taken
        self.last: dict[tuple[str, str], int] = {}

    def unique(self, clause: Clause) -> tuple[str, str]:
        """Keep clause ids unique when a text repeats a number in one section (…/3, …/3-2).

        The search for a free suffix starts where the last one for the same id
        stopped (ids are only ever added), so a number repeated k times costs k
        steps, not k²/2: one section of 9,000 repeated numbers took 10 s.
        """
        key = (clause.id, clause.number)
        extra = self.last.get(key, 1)
        clause_id, number = self._candidate(clause, extra)
        while clause_id in self.taken:
            extra += 1
            clause_id, number = self._candidate(clause, extra)
        self.taken.add(clause_id)
        self.last[key] = extra
        return clause_id, number

    @staticmethod
    def _candidate(clause: Clause, extra: int) -> tuple[str, str]:
        if extra == 1:
            return clause.id, clause.number
        number = f"{clause.number}-{extra}"
        return f"{clause.id.rsplit('/', 1)[0]}/{number}", number
