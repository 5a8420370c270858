"""Render rows for people (aligned table) and machines (JSON, CSV).

Commands build a list of plain dicts; this module is the only place that
knows how they look on a terminal or in a file, so every command prints the
same way.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
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


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def to_table(
    rows: Sequence[dict],
    columns: Sequence[str] | None = None,
    *,
    wrap: str | Sequence[str] | None = None,
    width: int | None = None,
) -> str:
    """An aligned text table; ``wrap`` columns share what the terminal leaves."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if not rows:
        return "(no rows)\n"
    wrapped = [wrap] if isinstance(wrap, str) else list(wrap or [])
    cells = [[_cell(r.get(c)).replace("\n", " ") for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    flexible = [columns.index(c) for c in wrapped if c in columns]
    if flexible:
        total = width or shutil.get_terminal_size((160, 24)).columns
        fixed = sum(w for i, w in enumerate(widths) if i not in flexible) + 2 * (len(columns) - 1)
        room = max(30 * len(flexible), total - fixed)
        natural = sum(widths[i] for i in flexible)
        for i in flexible:
            widths[i] = max(min(widths[i], 20), min(widths[i], room * widths[i] // max(natural, 1)))
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * widths[i] for i in range(len(columns))))
    for row in cells:
        parts = [(textwrap.wrap(v, widths[i]) or [""]) if i in flexible else [v] for i, v in enumerate(row)]
        for k in range(max(len(p) for p in parts)):
            lines.append(
                "  ".join((p[k] if k < len(p) else "").ljust(widths[i]) for i, p in enumerate(parts)).rstrip()
            )
    return "\n".join(lines) + "\n"
