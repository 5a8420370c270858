"""Arrangement metadata: province and year, title, validity, signatories.

The province and year come from the file name (the data steward names the
file; the text is checked against it, so a Groningen text saved as
``ra-drenthe-2025.txt`` is caught).  Title, validity and signatories come
from the text's own structure: its first line, the "Looptijd" section and the
"Ondertekening" chapter.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import Counter
from pathlib import Path

from ra_graph.core.errors import RaGraphError
from ra_graph.core.model import Signatory
from ra_graph.core.namespaces import RAI, RIJK
from ra_graph.extract.outline import CHAPTER, SECTION, Outline
from ra_graph.extract.text import (
    MONTH_PATTERN,
    MONTHS,
    clean,
    is_blank,
    join_lines,
    looks_like_title,
)

# ra-<province-slug>-<year>.txt, e.g. ra-drenthe-2025.txt, ra-noord-holland-2026.txt
FILE_NAME = re.compile(r"^ra-([a-z]+(?:-[a-z]+)*)-(\d{4})\.txt$")
# "provincie Drenthe", "Provincie Noord-Holland", "provincie Fryslân"
PROVINCE_NAME = re.compile(r"\b[Pp]rovincie\s+([A-ZÀ-Þ][\w]*(?:-[A-ZÀ-Þ][\w]*)*)")
# Title composed when the text has no title line (Groningen 2025 starts with "1. Inleiding").
TITLE_TEMPLATE = "Ruimtelijk Arrangement Rijk - provincie {name}"
# The section stating how long the agreements hold, and the chapter with the signatures.
VALIDITY_SECTION = re.compile(r"\blooptijd\b", re.IGNORECASE)
SIGNING_CHAPTER = re.compile(r"\bondertekening\b", re.IGNORECASE)
# "… tot het Bestuurlijk Overleg Leefomgeving van juni 2026", "tot 1 juli 2026"
VALID_UNTIL = re.compile(
    rf"\btot\s+(?:en\s+met\s+)?[^.;]*?\b(?:(\d{{1,2}})\s+)?({MONTH_PATTERN})\s+(\d{{4}})", re.IGNORECASE
)
# Signature block: columns are separated by runs of 3+ spaces; dotted lines are signature lines.
COLUMN_GAP = re.compile(r"\s{3,}")
SIGNATURE_LINE = re.compile(r"^[.…_\s]+$")
# "Ondertekening door de minister … en de gedeputeerde …": roles split before a role word.
SIGNING_BY = re.compile(r"^ondertekening\s+door\s+(.*)$", re.IGNORECASE)
ROLE_WORDS = r"(?:minister|staatssecretaris|gedeputeerde|commissaris)"
ROLE_SPLIT = re.compile(rf"\s+en\s+(?=(?:de\s+)?{ROLE_WORDS}\b)", re.IGNORECASE)
ROLE_START = re.compile(rf"^(?:de\s+)?{ROLE_WORDS}\b", re.IGNORECASE)
PROVINCE_ROLE = re.compile(r"^(?:de\s+)?(?:gedeputeerde|commissaris)\b", re.IGNORECASE)
ARTICLE_START = re.compile(r"^de\s+", re.IGNORECASE)
ARTICLE_INSIDE = re.compile(r"(?<=\s)De(?=\s)")


def fold(name: str) -> str:
    """Compare province names without accents, case or spaces: "Fryslân" → "fryslan"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", "-", plain.lower()).strip("-")


def province_iri(key: str) -> str:
    return f"{RAI}provincie-{key}"


def parse_file_name(path: Path) -> tuple[str, int]:
    """(province slug, year) from ``ra-<province>-<year>.txt``."""
    match = FILE_NAME.match(path.name)
    if not match:
        raise RaGraphError(
            "file name must be ra-<province>-<year>.txt (for example ra-drenthe-2025.txt),"
            " lower-case province name with hyphens",
            file=path,
        )
    return match[1], int(match[2])


def province_name(lines: list[str], key: str, path: Path) -> str:
    """The province's name as the text writes it; the text must be about ``key``."""
    names: Counter[str] = Counter()
    spelled: dict[str, Counter[str]] = {}
    first_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        for match in PROVINCE_NAME.finditer(raw):
            folded = fold(match[1])
            names[folded] += 1
            spelled.setdefault(folded, Counter())[match[1]] += 1
            first_line.setdefault(folded, number)
    top = names.most_common(1)[0][0] if names else None
    if key not in names:
        found = f" (it names 'provincie {spelled[top].most_common(1)[0][0]}')" if top else ""
        raise RaGraphError(
            f"the file name says province '{key}', but the text never names 'provincie {key.title()}'{found}",
            file=path,
            line=first_line[top] if top else None,
        )
    if names[top] > names[key]:
        raise RaGraphError(
            f"the file name says province '{key}', but the text is mostly about"
            f" 'provincie {spelled[top].most_common(1)[0][0]}'",
            file=path,
            line=first_line[top],
        )
    return spelled[key].most_common(1)[0][0]


def find_title(lines: list[str], artefacts: dict[int, str], name: str, key: str, path: Path) -> str:
    """The first line when it is a title; else composed from the province name.

    A title line names the province; one naming another province is an error.
    """
    for number, raw in enumerate(lines, start=1):
        if is_blank(raw) or number in artefacts:
            continue
        text = clean(raw)
        if CHAPTER.match(text) or SECTION.match(text) or not looks_like_title(text, None):
            break
        named = [fold(m[1]) for m in PROVINCE_NAME.finditer(text)]
        if named and key not in named:
            raise RaGraphError(
                f"the title names another province than the file name ('{key}')", file=path, line=number
            )
        return text
    return TITLE_TEMPLATE.format(name=name)


def find_validity(lines: list[str], outline: Outline) -> tuple[str | None, str | None, int | None]:
    """(ISO date, phrase, line) from the "Looptijd" section; a month means its last day."""
    for heading in outline.sections:
        if not VALIDITY_SECTION.search(heading.title):
            continue
        first, last = outline.body(heading, len(lines))
        numbers = [n for n in range(first, last + 1) if clean(lines[n - 1])]
        raws = [lines[n - 1] for n in numbers]
        # Where each line starts in the joined text, to name the phrase's line.
        offsets = [(len(join_lines(raws[:k])), n) for k, n in enumerate(numbers)]
        text = join_lines(raws)
        match = VALID_UNTIL.search(text)
        if not match:
            return None, None, None
        year, month = int(match[3]), MONTHS[match[2].lower()]
        day = int(match[1]) if match[1] else calendar.monthrange(year, month)[1]
        line = max(n for offset, n in offsets if offset <= match.start())
        return f"{year:04d}-{month:02d}-{day:02d}", match.group(0), line
    return None, None, None


def _columns(lines: list[str]) -> list[str]:
    """Text per column of a two-column signature block (columns split on 3+ spaces)."""
    rows: list[list[tuple[int, str]]] = []
    for raw in lines:
        if is_blank(raw) or SIGNATURE_LINE.match(raw):
            continue
        raw = raw.replace("\xa0", " ").rstrip()
        cells, pos = [], 0
        for piece in COLUMN_GAP.split(raw):
            start = raw.index(piece, pos) if piece else pos
            pos = start + len(piece)
            if piece.strip():
                cells.append((start, piece.strip()))
        rows.append(cells)
    second = [cells[1][0] for cells in rows if len(cells) > 1]
    split = min(second) if second else None
    columns: list[list[str]] = [[], []] if split is not None else [[]]
    for cells in rows:
        if len(cells) > 1:
            for index, (_, cell) in enumerate(cells[:2]):
                columns[index].append(cell)
        elif cells:
            start, cell = cells[0]
            columns[1 if split is not None and start >= split else 0].append(cell)
    return [join_lines(col) for col in columns if col]


def _role(text: str) -> str:
    """Tidy a role: drop a leading article, lower-case articles inside it."""
    return ARTICLE_INSIDE.sub("de", ARTICLE_START.sub("", text)).strip()


def _party(role: str, province: str) -> str:
    """A gedeputeerde or commissaris signs for the province; a minister for the Rijk."""
    if PROVINCE_ROLE.match(role):
        return province
    if ROLE_START.match(role):
        return RIJK
    return province if "provincie" in role.lower() else RIJK


def find_signatories(lines: list[str], outline: Outline, province: str) -> list[Signatory]:
    """Who signs: roles from the chapter title when it names them, else from the columns.

    Drenthe's title names both roles and the columns hold the names
    ("M. Keijzer   Gedeputeerde Yvonne Turenhout"); Groningen's title names
    only the parties and the columns hold the roles, without names.
    """
    chapter = next((c for c in outline.chapters if SIGNING_CHAPTER.search(c.title)), None)
    if chapter is None:
        return []
    first, last = outline.body(chapter, len(lines))
    columns = _columns(lines[first - 1 : last])
    by = SIGNING_BY.match(chapter.title)
    roles = [_role(part) for part in ROLE_SPLIT.split(by[1])] if by else []
    roles = [r for r in roles if ROLE_START.match(r)]
    signatories: list[Signatory] = []
    if roles:
        for index, role in enumerate(roles):
            name = columns[index] if index < len(columns) else ""
            name = re.sub(rf"^(?:(?:de\s+)?{ROLE_WORDS}\s+)+", "", name, flags=re.IGNORECASE).strip()
            signatories.append(Signatory(name=name or None, role=role, party=_party(role, province),
                                          line=chapter.line))
    else:
        for column in columns:
            role = _role(column)
            signatories.append(Signatory(name=None, role=role, party=_party(role, province), line=chapter.line))
    return signatories
