"""``ra-graph owes DEBTOR CREDITOR``: what one actor owes another.

The question is answered by the stored query ``queries/owes.rq`` (one source
of truth: ``ra-graph query owes --param debtor=… --param creditor=…`` gives
the same rows); this module only maps the command's options onto its
parameters and chooses the columns a terminal table shows.
"""

from __future__ import annotations

import pyoxigraph as ox

from ra_graph.core.errors import notice
from ra_graph.core.versions import latest, versions
from ra_graph.query import library
from ra_graph.query.results import render, result_rows

#: JSON keys fixed by DESIGN.md; the query adds due_text, via and commitment.
KEYS = ["clause", "arrangement", "section", "line", "text", "obligor", "carried_by", "beneficiary",
        "modality", "due_by", "basis"]
TABLE = ["clause", "line", "obligor", "carried_by", "via", "beneficiary", "modality", "due_by", "text"]
_LABELS = {"debtor": "DEBTOR", "creditor": "CREDITOR", "as_of": "--as-of", "modality": "--modality",
           "programme": "--programme", "in_arrangement": "--arrangement"}


def arrangements_in_force(store: ox.Store) -> tuple[list[str], str]:
    """Each province's latest arrangement (the one in force), and a line saying so."""
    everything = versions(store)
    newest = latest(everything)
    older = len(everything) - len(newest)
    return [v.id for v in newest], (
        f"answering from each province's latest arrangement, the one in force "
        f"({', '.join(v.id for v in newest)}); "
        + (f"--all-years adds {older} older version(s)" if older else "no older versions in the graph"))


def owes_rows(store: ox.Store, debtor: str, creditor: str, *, as_of: str | None = None,
              modality: str | None = None, programme: str | None = None,
              arrangement: str | list[str] | None = None) -> list[dict[str, object]]:
    """Rows of ``owes.rq`` for these actors and filters (JSON values)."""
    stored = library.find("owes")
    values = {"debtor": debtor, "creditor": creditor, "as_of": as_of, "modality": modality,
              "programme": programme, "in_arrangement": arrangement}
    text = library.bind(store, stored, {k: v for k, v in values.items() if v is not None}, labels=_LABELS)
    _, rows = result_rows(store, library.run(store, text, source=stored.path))
    return rows


def owes_command(store: ox.Store, debtor: str, creditor: str, *, as_of: str | None,
                 modality: str | None, programme: str | None, fmt: str,
                 arrangement: str | None = None, all_years: bool = False) -> str:
    """The owes answer as a table, JSON or CSV."""
    said = None
    if arrangement is None and not all_years:
        in_force, said = arrangements_in_force(store)
        arrangement = in_force or None
    rows = owes_rows(store, debtor, creditor, as_of=as_of, modality=modality, programme=programme,
                     arrangement=arrangement)
    if said:
        notice(said)  # after the parameters proved valid: an input error stays one line
    columns = KEYS + [k for k in (rows[0] if rows else {}) if k not in KEYS]
    table = TABLE if any(r.get("via") == "carriedBy" for r in rows) else [c for c in TABLE if c != "via"]
    return render(columns, [{k: r.get(k) for k in columns} for r in rows], fmt, table_columns=table)
