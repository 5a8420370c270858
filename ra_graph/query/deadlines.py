"""``ra-graph deadlines``: what falls due, as of a date, within a window.

The rows come from the stored query ``queries/deadlines.rq`` (one source of
truth: ``ra-graph query deadlines`` gives the same rows); this module maps
the command's options onto its parameters, marks each dated row ``overdue``
(due before the as-of date) or ``due``, and renders it.  Dates sort the
rows, so the overdue ones come first.

Like ``owes``, the answer comes by default from each province's latest
arrangement, the one in force (said on stderr): a deadline of a superseded
version either lives on in its successor or was dropped with it
(``--all-years`` and ``--arrangement`` widen or narrow that).  A deadline
that is only a phrase ("voor de zomer", "medio 2027") has no date; it never
enters the calendar and is listed apart with ``--undated``.

The iCalendar output has one all-day event per dated commitment; its UID is
the IRI of the commitment's first version (its lineage through the
revision links), so a team that subscribes sees an event updated, not
deleted and added again, when the graph is rebuilt or the arrangement
renewed (``query.ics``).  A calendar that would hold no event says so on
stderr.
"""

from __future__ import annotations

import datetime as dt
import re

import pyoxigraph as ox

from ra_graph.core.errors import RaGraphError, notice
from ra_graph.core.isodate import parse_iso_date
from ra_graph.core.output import to_csv, to_json, to_table
from ra_graph.core.versions import scoped
from ra_graph.query import library
from ra_graph.query.owes import arrangements_in_force
from ra_graph.query.results import display_value, result_rows

#: JSON keys fixed by DESIGN.md; the query adds section, modality, commitment and source_file.
KEYS = ["clause", "arrangement", "line", "text", "obligor", "carried_by", "beneficiary", "due_by", "due_text",
        "status"]
TABLE = ["status", "due_by", "clause", "line", "obligor", "carried_by", "beneficiary", "due_text", "text"]
_LABELS = {"from": "--from", "to": "--to", "actor": "--actor", "programme": "--programme",
           "in_arrangement": "--arrangement"}
_WITHIN = r"(\d+)\s*([dwmy])"  # compiled (and kept in re's cache) when --within is given


def window_end(as_of: dt.date, within: str) -> dt.date:
    """``as_of`` plus ``90d``, ``6w``, ``3m`` or ``1y`` (a month keeps its day, or the month's last)."""
    match = re.fullmatch(_WITHIN, within.strip().lower())
    if not match:
        raise RaGraphError(f"--within: '{within}' is not a period (e.g. 90d, 6w, 3m, 1y)")
    n, unit = int(match[1]), match[2]
    if unit in "dw":
        return as_of + dt.timedelta(days=n * (7 if unit == "w" else 1))
    months = as_of.month - 1 + n * (12 if unit == "y" else 1)
    year, month = as_of.year + months // 12, months % 12 + 1
    import calendar  # only --within needs the length of a month

    return dt.date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))


def deadline_rows(store: ox.Store, *, as_of: dt.date, start: dt.date | None = None, end: dt.date | None = None,
                  actor: str | None = None, programme: str | None = None,
                  arrangement: str | list[str] | None = None) -> tuple[list[dict], list[dict]]:
    """(dated rows with their status, undated rows) of ``deadlines.rq``."""
    stored = library.find("deadlines")
    many = isinstance(arrangement, list) and bool(arrangement)  # in force: their graphs alone (see owes_rows)
    values = {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
              "actor": actor, "programme": programme, "in_arrangement": None if many else arrangement}
    text = library.bind(store, stored, {k: v for k, v in values.items() if v is not None}, labels=_LABELS)
    over = scoped(store, arrangement) if many else store
    _, rows = result_rows(store, library.run(over, text, source=stored.path, trusted=stored.trusted))
    dated, undated = [], []
    for row in rows:
        if row["due_by"] is None:
            undated.append({**row, "status": "undated"})
        else:
            status = "overdue" if dt.date.fromisoformat(row["due_by"]) < as_of else "due"
            dated.append({**row, "status": status})
    return dated, undated


def deadlines_command(store: ox.Store, *, fmt: str, as_of: str | None = None, within: str | None = None,
                      start: str | None = None, end: str | None = None, actor: str | None = None,
                      programme: str | None = None, arrangement: str | None = None, all_years: bool = False,
                      undated: bool = False) -> str:
    """The deadlines answer as a table, JSON, CSV or iCalendar."""
    if within and end:
        raise RaGraphError("--within and --to exclude each other")
    if arrangement and all_years:
        raise RaGraphError("--arrangement and --all-years exclude each other")
    if undated and fmt == "ics":
        raise RaGraphError("--undated: a phrase without a date cannot be a calendar event "
                           "(use --format table, json or csv)")
    day = parse_iso_date(as_of, "--as-of") if as_of else dt.date.today()
    first = parse_iso_date(start, "--from") if start else None
    last = parse_iso_date(end, "--to") if end else window_end(day, within) if within else None
    if first and last and last < first:
        raise RaGraphError(f"--to: {last.isoformat()} is before --from {first.isoformat()}")
    said = None
    scope: str | list[str] | None = arrangement
    if arrangement is None and not all_years:
        in_force, said = arrangements_in_force(store)
        scope = in_force or None
    dated, vague = deadline_rows(store, as_of=day, start=first, end=last, actor=actor, programme=programme,
                                 arrangement=scope)
    if said:
        notice(said)  # after the parameters proved valid: an input error stays one line
    if fmt == "ics":
        from ra_graph.query.ics import calendar_of
        from ra_graph.query.lineage import Lineages

        if not dated:
            asked = [f"{k} {v}" for k, v in (("--actor", actor), ("--programme", programme), ("--from", start),
                                              ("--to", end), ("--within", within)) if v]
            notice("deadlines: the calendar holds no event: no dated commitment"
                   + (f" for {', '.join(asked)}" if asked else "")
                   + f" in {', '.join(scope) if isinstance(scope, list) else scope or 'the graph'}"
                   + f" ({len(vague)} deadline(s) without a date: --format table --undated lists them)")
        return calendar_of(dated, as_of=day, lineages=Lineages(store))
    columns = KEYS + [k for k in (dated or vague or [{}])[0] if k not in KEYS]
    dated = [{k: r.get(k) for k in columns} for r in dated]
    vague = [{k: r.get(k) for k in columns} for r in vague]
    if fmt == "json":
        return to_json({"dated": dated, "undated": vague} if undated else dated)
    if fmt == "csv":
        return to_csv([{k: display_value(v) for k, v in r.items()} for r in dated + (vague if undated else [])],
                      columns)
    narrow = ["obligor", "carried_by", "beneficiary", "due_text"]
    out = to_table(_shown(dated), TABLE, text=["text"], wrap=narrow)
    if undated:
        out += "\nundated (a phrase, no date):\n" + to_table(
            _shown(vague), [c for c in TABLE if c not in ("status", "due_by")], text=["text"], wrap=narrow)
    return out


def _shown(rows: list[dict], words: int = 16) -> list[dict]:
    """Rows for a terminal: labels for references, each text cut to its first words
    (the clause id and line lead to the whole; JSON and CSV carry it)."""
    out = []
    for row in rows:
        shown = {k: display_value(v) for k, v in row.items()}
        text = row["text"].split()
        shown["text"] = " ".join(text[:words]) + (" …" if len(text) > words else "")
        out.append(shown)
    return out
