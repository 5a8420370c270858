"""``draft(path)``: a source text -> an Arrangement with draft commitments.

Structure (sections, clauses, lead-ins) comes from structure.py; this
module adds what the vocabularies tell about it -- each section's themes,
lead ministry and the programmes and places its context prose names -- and
then reads every clause with the rules of commitments.py.  Curation is not
applied here: ``ra_graph.extract.curate.apply`` lays the overlay over this draft, so
that re-running extraction can never lose a curated fact.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from ra_graph.core.model import Arrangement, Section
from ra_graph.extract import gazetteer
from ra_graph.extract.commitments import Context, read_clause
from ra_graph.extract.dates import MONTHS
from ra_graph.extract.gazetteer import Gazetteer


def section_facts(section: Section, gaz: Gazetteer) -> None:
    """Themes, lead ministry (+ basis) and context mentions of one section.

    A ministry acronym in parentheses in the title ("Erfgoed en
    cultuurhistorie (OCW)") is the lead ministry by the text (FromText);
    otherwise the ``ra:leadMinistry`` of the first theme whose label occurs in
    the title is the lead by rule (FromRule).
    """
    title = " ".join(section.title.split())
    themes = [m.iri for m in gaz.find(title, "theme")]
    exact = gaz.names.get("theme", {}).get(gazetteer.fold(title), [])
    section.themes = list(dict.fromkeys(exact + themes))
    section.lead_ministry, section.lead_ministry_basis = None, None
    for inner in re.findall(r"\(([^)]*)\)", title):
        ministries = [m.iri for m in gaz.find(inner, "actor") if gaz.is_ministry(m.iri)]
        if ministries:
            section.lead_ministry, section.lead_ministry_basis = ministries[0], "FromText"
            break
    if section.lead_ministry is None:
        # several themes with different leads ("Energie en economie": KGG, EZ): no lead by rule
        leads = list(dict.fromkeys(gaz.lead_ministry[t] for t in section.themes if t in gaz.lead_ministry))
        if len(leads) == 1:
            section.lead_ministry, section.lead_ministry_basis = leads[0], "FromRule"
    mentions: list[str] = []
    for _line, paragraph in getattr(section, "context", None) or []:
        for kind in ("programme", "location"):
            for m in gaz.find(" ".join(paragraph.split()), kind):
                if m.iri not in mentions:
                    mentions.append(m.iri)
    section.mentions = mentions


_DATE = re.compile(r"(?:(\d{1,2})\s+)?(" + "|".join(MONTHS) + r")\s+(\d{4})|(\d{1,2})/(\d{1,2})/(\d{2,4})",
                   re.IGNORECASE)


def match_meetings(text: str, gaz: Gazetteer) -> list[str]:
    """The meetings an earlier agreement names ("BOL juni 2024 en DO december
    2024", "BOL 06/11/24"): by label, else one by kind and date."""
    found = gaz.find(text, "meeting")
    if found:
        return list(dict.fromkeys(m.iri for m in found))
    m = _DATE.search(text)
    if not m:
        return []
    if m.group(2):
        day = m.group(1)
        year, month = int(m.group(3)), MONTHS[m.group(2).lower()]
        prefix = f"{year:04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    else:
        year = int(m.group(6))
        year = year + 2000 if year < 100 else year
        prefix = f"{year:04d}-{int(m.group(5)):02d}-{int(m.group(4)):02d}"
    word = text[: m.start()].split()
    kind = gazetteer.fold(word[-1]) if word else ""
    candidates = [iri for iri, when in sorted(gaz.meeting_dates.items()) if when.startswith(prefix)]
    if kind:
        typed = [iri for iri in candidates
                 if any(gazetteer.fold(label).split()[0] == kind for label in gaz.labels_of.get(iri, []))]
        candidates = typed or candidates
    return candidates if len(candidates) == 1 else []


def _ellipsis(clause, previous) -> None:
    """Rule "ellipsis": a bullet that starts with a lower-case verb and names
    no party ("• laten dit doorwerken in ...") continues the subject of the
    bullet before it under the same lead-in."""
    if previous is None or previous.section != clause.section or previous.lead_in != clause.lead_in:
        return
    if not clause.text[:1].islower() or any(c.obligors for c in clause.commitments):
        return
    parties = [c for c in previous.commitments if c.obligors and c.basis == "FromText"]
    if not parties or len(clause.commitments) != 1:
        return
    template = clause.commitments[0]
    clause.commitments = []
    for source in parties:
        commitment = copy.deepcopy(template)
        commitment.obligors = list(source.obligors)
        commitment.beneficiaries = list(source.beneficiaries)
        commitment.carried_by, commitment.carried_by_basis = list(source.carried_by), source.carried_by_basis
        commitment.basis = "FromRule"
        commitment.note = f"rules: ellipsis (subject of {previous.id})"
        clause.commitments.append(commitment)


def draft(path: Path, *, vocab_dir: Path | None = None, data: bytes | None = None) -> Arrangement:
    """Structure + draft commitments of one source text (no curation); ``data``: its
    bytes, when the caller has read them already."""
    from ra_graph.extract.structure import parse_arrangement

    from ra_graph.extract.documents.provenance import attach

    arrangement = parse_arrangement(Path(path), data)
    attach(arrangement, Path(path))  # the published document and page map, when `ra-graph add` made the text
    gaz = gazetteer.load(vocab_dir)
    sections = {}
    for section in arrangement.sections:
        section_facts(section, gaz)
        sections[section.number] = section
    previous = None
    for clause in arrangement.clauses:
        section = sections.get(clause.section)
        ctx = Context(gaz, arrangement.province, arrangement.year,
                      section.lead_ministry if section else None,
                      section.lead_ministry_basis if section else None)
        clause.commitments = read_clause(clause, ctx)
        _ellipsis(clause, previous)
        previous = clause
        if clause.meeting_text and not clause.meetings:
            clause.meetings = match_meetings(clause.meeting_text, gaz)
    return arrangement


__all__ = ["draft", "section_facts", "match_meetings"]
