"""Province and year of a document, from its title page.

The file name of a published document says little ("RA_def_juni.pdf"), and
the data steward should not have to type what the document states.  The
title page -- everything before the first chapter ("1. Inleiding"), at
most the first page -- names the province ("Ruimtelijk Arrangement Rijk -
provincie Zeeland") and usually the year ("juni 2026").  Province names
come from the gazetteer (``ra:Province`` in ``data/vocab/actors.ttl``), so a
province added there is recognised here.  When the title page names no
province, or several, or no single year, the steward is asked for
``--province`` / ``--year``: a guess from the body (which names
neighbouring provinces and many years) would be wrong too often.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ra_graph.core.errors import RaGraphError
from ra_graph.extract.documents.model import Page

TITLE_PAGE_LINES = 60
CHAPTER = re.compile(r"^\s*1\.?\s+[A-ZÀ-Þ]")  # the first chapter ends the title page
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
RA = "https://w3id.org/ra-graph/id/"


@dataclass(frozen=True)
class Province:
    key: str  # "noord-holland": the file-name part, rai:provincie-<key>
    label: str  # "Noord-Holland"
    names: tuple[str, ...]  # every label, for matching


def provinces() -> list[Province]:
    """The provinces of the gazetteer, with their labels."""
    from ra_graph.extract import gazetteer

    gaz = gazetteer.load()
    out = []
    for iri, kind in sorted(gaz.types.items()):
        if kind != "Province" or not iri.startswith(RA + "provincie-"):
            continue
        key = iri.removeprefix(RA + "provincie-")
        labels = tuple(gaz.labels_of.get(iri, []))
        short = next((label for label in labels if not label.lower().startswith(("provincie", "province"))), key)
        out.append(Province(key=key, label=short, names=labels))
    return out


def title_page(lines: list[str], pages: list[Page] | None) -> list[str]:
    """The lines before the first chapter, within the first page."""
    end = min(TITLE_PAGE_LINES, len(lines))
    if pages and len(pages) > 1:
        end = min(end, pages[1].line - 1)
    for index in range(end):
        if CHAPTER.match(lines[index]):
            return lines[:index]
    return lines[:end]


def running_header(lines: list[str]) -> list[str]:
    """The running header's text (the line repeated beside the page numbers), when the text has one.

    A text that opens with "1. Inleiding" has no title page, but its running
    header ("Ruimtelijk Arrangement Rijk - provincie Gelderland") is the
    title all the same."""
    from ra_graph.extract.text import RUNNING_HEADER_KIND, artefact_lines, clean

    found = artefact_lines(lines)
    return list(dict.fromkeys(clean(lines[n - 1]) for n, kind in sorted(found.items()) if kind == RUNNING_HEADER_KIND))


def _fold(text: str) -> str:
    from ra_graph.extract.gazetteer import fold

    return " ".join(fold(text).replace("-", " ").split())


def find_province(text: str, known: list[Province]) -> list[Province]:
    """The provinces a text names (by any of their labels, accents and case aside)."""
    folded = f" {_fold(text)} "
    return [p for p in known
            if any(re.search(rf"(?<!\w){re.escape(_fold(name))}(?!\w)", folded) for name in p.names)]


def resolve_province(given: str, known: list[Province]) -> Province:
    """``--province``: a key ("noord-holland") or any label ("Fryslân", "provincie Zeeland")."""
    wanted = _fold(given)
    for province in known:
        if wanted == _fold(province.key) or any(wanted == _fold(name) for name in province.names):
            return province
    names = ", ".join(p.key for p in known)
    raise RaGraphError(f"--province: unknown province {given!r} (known: {names}; add others to data/vocab/actors.ttl)")


def identify(lines: list[str], pages: list[Page] | None, file: str, *, province: str | None = None,
             year: int | None = None) -> tuple[Province, int]:
    """(province, year) from the options, else from the title page; RaGraphError asking for them."""
    known = provinces()
    page = " ".join(title_page(lines, pages))
    if not find_province(page, known):
        page = " ".join([page, *running_header(lines)])
    if province is not None:
        found = resolve_province(province, known)
    else:
        named = find_province(page, known)
        if len(named) != 1:
            what = ("names no province" if not named else
                    "names several provinces (" + ", ".join(p.label for p in named) + ")")
            raise RaGraphError(f"the title page {what}: give --province (for example --province zeeland)", file=file)
        found = named[0]
    if year is None:
        years = sorted(set(YEAR.findall(page)))
        if len(years) != 1:
            what = "names no year" if not years else "names several years (" + ", ".join(years) + ")"
            raise RaGraphError(f"the title page {what}: give --year (the year of the arrangement,"
                               " for example --year 2026)", file=file)
        year = int(years[0])
    if not 2000 <= year <= 2099:
        raise RaGraphError(f"--year: {year} is not a year of an arrangement (2000-2099)")
    return found, year


__all__ = ["identify", "provinces", "title_page", "find_province", "resolve_province", "Province"]
