"""Render rows for people (aligned table) and machines (JSON, CSV).

Commands build a list of plain dicts; this module is the only place that
knows how they look on a terminal or in a file, so every command prints the
same way.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("label") or value.get("iri") or "")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs: one starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` in front (OWASP's
    advice); a clause text "=HYPERLINK(…)" must not become a live link."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    """CSV with a header row; every cell neutralised (``neutral_cell``)."""
    columns = list(columns or (rows[0].keys() if rows else []))
    import csv  # only CSV needs it

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutral_cell(str(c)) for c in columns])
    for row in rows:
        writer.writerow([neutral_cell(_cell(row.get(c))) for c in columns])
    return buffer.getvalue()


# Patterns, compiled by ``re`` (and kept in its cache) on first use: a command that writes neither
# XML nor iCalendar does not pay for compiling them.
_XML_FORBIDDEN = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"
_ICS_FORBIDDEN = "[\x00-\x08\x0b-\x1f\x7f]"  # RFC 5545 CONTROL, but for tab and newline


def xml_safe(text: str) -> tuple[str, int]:
    """``text`` with the characters XML 1.0 forbids (C0 controls but tab, newline and
    carriage return; U+FFFE, U+FFFF; lone surrogates) replaced by U+FFFD, and how many."""
    return re.subn(_XML_FORBIDDEN, "\ufffd", text)


def ics_safe(text: str) -> tuple[str, int]:
    """``text`` without the control characters iCalendar forbids in a value (ESC, DEL,
    a lone carriage return, …; tab and newline stay), and how many were dropped."""
    return re.subn(_ICS_FORBIDDEN, "", text)


def say_replaced(count: int, what: str) -> None:
    """One line on stderr when an output had to change characters its format forbids."""
    if count:
        from ra_graph.core.errors import notice

        notice(f"{what}: {count} character(s) the format forbids")


#: Narrowest prose column kept beside the others; narrower, the prose goes beneath its row.
MIN_TEXT = 40
#: Narrowest a wrapped column is squeezed to.
MIN_COLUMN = 8
GAP = "  "
INDENT = "    "
SEP = "; "  # between the items of a list cell (items such as "IenW, LVVN -> Groningen" have commas)


def terminal_width() -> int:
    """Columns to fit: ``COLUMNS``, else the terminal on stdout or stderr, else 100.

    Asking stderr too means ``ra-graph owes … | less`` still fits the
    terminal the pager shows it in.
    """
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    for stream in (sys.stdout, sys.stderr):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return 100


def to_table(
    rows: Sequence[dict],
    columns: Sequence[str] | None = None,
    *,
    text: Sequence[str] = (),
    wrap: Sequence[str] = (),
    wide: bool = False,
    width: int | None = None,
) -> str:
    """An aligned text table that fits ``width`` (default: the terminal).

    Columns empty in every row are left out.  ``text`` columns hold prose:
    cut to one line ("…") unless ``wide``, when they are shown in full,
    wrapped; they sit beside the other columns when those fit with at least
    ``MIN_TEXT`` characters to spare, else on an indented line beneath each
    row.  A list value shows its items joined by "; ".  ``wrap`` columns
    (and headers) are wrapped when the row would not fit, lists between
    their items; if that is not enough every column is, and if even that
    fails each row is printed as ``column  value`` lines.
    """
    columns = list(columns or (rows[0].keys() if rows else []))
    if not rows:
        return "(no rows)\n"
    cells = {c: [_items(r.get(c)) for r in rows] for c in columns}
    columns = [c for c in columns if any(any(items) for items in cells[c])]
    if not columns:
        return "(no values)\n"
    total = width or terminal_width()
    natural = {c: max(len(c), *(len(SEP.join(items)) for items in cells[c])) for c in columns}
    prose = [c for c in columns if c in text]
    others = [c for c in columns if c not in prose]

    widths: dict[str, int] | None = None
    beside = bool(prose) and _span(others, natural) + sum(len(GAP) + min(natural[c], MIN_TEXT) for c in prose) \
        - (0 if others else len(GAP)) <= total
    if beside:
        widths = {c: natural[c] for c in others}
        left = total - _span(others, natural) - len(GAP) * (len(prose) - (0 if others else 1))
        for c in prose:  # share what is left, in proportion to the natural widths
            share = left * natural[c] // sum(natural[p] for p in prose)
            widths[c] = max(min(natural[c], MIN_TEXT), min(natural[c], share))
    else:
        widths = (_fit(others, natural, total, [c for c in others if c in wrap], cells)
                  or _fit(others, natural, total, others, cells))
    if widths is None:
        return _records(columns, cells, prose, wide, total)
    for c in others:  # a wrapped column needs no more than its longest line
        if widths[c] < natural[c]:
            widths[c] = max(len(line) for items in [[c], *cells[c]] for line in _lines(items, widths[c]))

    shown = others + (prose if beside else [])
    lines = _row(shown, {c: _lines([c], widths[c]) for c in shown}, widths)
    lines.append(GAP.join("-" * widths[c] for c in shown))
    for i in range(len(rows)):
        lines += _row(shown, {c: _lines(cells[c][i], widths[c], cut=c in prose and not wide) for c in shown}, widths)
        if not beside:
            for c in prose:
                if any(cells[c][i]):
                    lines += [INDENT + x for x in _lines(cells[c][i], total - len(INDENT), cut=not wide)]
    return "\n".join(lines) + "\n"


def _items(value: object) -> list[str]:
    """A cell as the items it lists (one item unless the value is a list), each on one line."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return [" ".join(_cell(v).split()) for v in values if v is not None]


def _span(columns: Sequence[str], widths: dict[str, int]) -> int:
    return sum(widths[c] for c in columns) + len(GAP) * max(len(columns) - 1, 0)


def _height(column: str, cells: dict[tuple[str, ...], int], width: int) -> int:
    """Lines the column takes at ``width``: its header and each distinct cell (``cells``: how often it occurs)."""
    return len(_lines([column], width)) + sum(n * len(_lines(list(items), width)) for items, n in cells.items())


def _fit(columns: list[str], natural: dict[str, int], total: int, narrowable: list[str],
         cells: dict[str, list[list[str]]]) -> dict[str, int] | None:
    """Widths that fit ``total``, or None.

    ``narrowable`` columns give up one character at a time, each time the
    one whose cells (and header) gain the fewest lines by it, the widest on
    a tie: a column where one cell is long wraps that cell rather than
    every row of another column.
    """
    widths = {c: natural[c] for c in columns}
    floor = {c: min(natural[c], MIN_COLUMN) for c in narrowable}
    known: dict[tuple[str, int], int] = {}  # each step narrows one column: the others' heights are known
    distinct = {c: Counter(tuple(items) for items in cells[c]) for c in narrowable}  # a value wraps once

    def lines_at(c: str, width: int) -> int:
        if (c, width) not in known:
            known[c, width] = _height(c, distinct[c], width)
        return known[c, width]

    height = {c: lines_at(c, widths[c]) for c in narrowable}
    while _span(columns, widths) > total:
        best = None
        for c in narrowable:
            if widths[c] > floor[c]:
                lines = lines_at(c, widths[c] - 1)
                if best is None or (lines - height[c], -widths[c]) < best[0]:
                    best = ((lines - height[c], -widths[c]), c, lines)
        if best is None:
            return None
        _, c, height[c] = best
        widths[c] -= 1
    return widths


def _lines(items: list[str], width: int, *, cut: bool = False) -> list[str]:
    """A cell as the lines it takes, none wider than ``width``.

    Cut to one line with "…", or wrapped: as many whole items per line as
    fit, an item longer than a line wrapped at its spaces.
    """
    joined = SEP.join(items)
    if len(joined) <= width:
        return [joined]
    if cut:
        return [joined[: width - 1].rstrip() + "…"]
    lines: list[str] = []
    for k, item in enumerate(items):
        mark = len(SEP.rstrip()) if k < len(items) - 1 else 0  # room for the ";" after it
        if lines and len(lines[-1]) + len(SEP) + len(item) + mark <= width:
            lines[-1] += SEP + item
        else:
            if lines and len(lines[-1]) < width:
                lines[-1] += SEP.rstrip()
            import textwrap  # only for an item longer than its column

            lines += textwrap.wrap(item, width, break_on_hyphens=False) or [""]
    return lines


def _row(columns: list[str], parts: dict[str, list[str]], widths: dict[str, int]) -> list[str]:
    height = max(len(p) for p in parts.values())
    return [GAP.join((parts[c][k] if k < len(parts[c]) else "").ljust(widths[c]) for c in columns).rstrip()
            for k in range(height)]


def _records(columns: list[str], cells: dict[str, list[list[str]]], prose: list[str], wide: bool,
             total: int) -> str:
    """Each row as ``column  value`` lines (for results too wide for any table)."""
    label = max(len(c) for c in columns)
    room = max(total - label - len(GAP), MIN_COLUMN)
    blocks = []
    for i in range(len(cells[columns[0]])):
        lines = []
        for c in columns:
            values = _lines(cells[c][i], room, cut=c in prose and not wide)
            lines += [(c if k == 0 else "").ljust(label) + GAP + v for k, v in enumerate(values)]
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks) + "\n"
