"""``ra-graph owes DEBTOR CREDITOR``: what one actor owes another.

The question is answered by the stored query ``queries/owes.rq`` (one source
of truth: ``ra-graph query owes --param debtor=… --param creditor=…`` gives
the same rows); this module maps the command's options onto its parameters,
adds why each row is there (the rules or curation entry behind it, see
:mod:`ra_graph.core.basis`), says on stderr what it answered, and chooses
the columns a terminal table shows.
"""

from __future__ import annotations

import pyoxigraph as ox

from ra_graph.core import actors, basis
from ra_graph.core.errors import notice
from ra_graph.core.namespaces import RA, compact
from ra_graph.core.versions import latest, resolve_arrangement, scoped, versions
from ra_graph.query import library
from ra_graph.query.results import render, result_rows

#: JSON keys fixed by DESIGN.md; the query adds due_text, via and commitment, this module rules and curation_entry.
KEYS = ["clause", "arrangement", "section", "line", "text", "obligor", "carried_by", "beneficiary",
        "modality", "due_by", "basis"]
#: The table shows obligor, carrier and beneficiary as one ``parties`` cell: "Rijk (VRO) -> Groningen".
TABLE = ["clause", "line", "parties", "modality", "due_by", "basis", "text"]
_LABELS = {"debtor": "DEBTOR", "creditor": "CREDITOR", "as_of": "--as-of", "modality": "--modality",
           "programme": "--programme", "in_arrangement": "--arrangement"}
_NOTE, _ENTRY = ox.NamedNode(RA + "note"), ox.NamedNode(RA + "curationEntry")


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
              arrangement: str | list[str] | None = None,
              indexes: dict[str, object] | None = None) -> list[dict[str, object]]:
    """Rows of ``owes.rq`` for these actors and filters (JSON values), with ``rules`` and ``curation_entry``."""
    stored = library.find("owes")
    # a list of arrangements (those in force): the query runs on a store of only their graphs, which
    # gives the rows in_arrangement bound to them gives, without joining each row with the list
    many = isinstance(arrangement, list) and bool(arrangement)
    values = {"debtor": debtor, "creditor": creditor, "as_of": as_of, "modality": modality,
              "programme": programme, "in_arrangement": None if many else arrangement}
    text = library.bind(store, stored, {k: v for k, v in values.items() if v is not None}, labels=_LABELS,
                        indexes=indexes)
    over = scoped(store, arrangement) if many else store  # a name: resolved by bind
    _, rows = result_rows(store, library.run(over, text, source=stored.path, trusted=stored.trusted))
    for row in rows:
        commitment = ox.NamedNode(str(row["commitment"]))
        # from the arrangements read (in memory), not the disk store: two lookups a row
        note = next((q.object.value for q in over.quads_for_pattern(commitment, _NOTE, None)), None)
        entry = next((q.object.value for q in over.quads_for_pattern(commitment, _ENTRY, None)), None)
        row["rules"], row["curation_entry"] = basis.rules(note), entry
    return rows


def _parties(row: dict) -> str:
    """``Rijk (VRO) -> Groningen``: the obligor, the ministry carrying it, the beneficiary.

    When the debtor is bound only as carrier (``via`` carriedBy) the carrier
    is what makes the row an answer, so it is marked: ``Rijk (carried by VRO)``.
    """
    obligor, carrier = row["obligor"]["label"], (row["carried_by"] or {}).get("label")
    if carrier:
        obligor += f" (carried by {carrier})" if row["via"] == "carriedBy" else f" ({carrier})"
    return f"{obligor} -> {row['beneficiary']['label']}"


def _scope(store: ox.Store, arrangement: str | None, all_years: bool) -> tuple[list[str] | None, str]:
    """The arrangements to answer from, and how to say so."""
    if arrangement is not None:
        chosen = resolve_arrangement(store, arrangement).id
        return [chosen], f"from {chosen}"
    if all_years:
        return None, f"from every version ({', '.join(v.id for v in versions(store)) or 'none in the graph'})"
    in_force, said = arrangements_in_force(store)
    return in_force or None, said.removeprefix("answering ")


def owes_command(store: ox.Store, debtor: str, creditor: str, *, as_of: str | None,
                 modality: str | None, programme: str | None, fmt: str,
                 arrangement: str | None = None, all_years: bool = False, wide: bool = False) -> str:
    """The owes answer as a table, JSON or CSV; one line on stderr says what was asked."""
    in_force, scope = _scope(store, arrangement, all_years)
    indexes: dict[str, object] = {}
    rows = owes_rows(store, debtor, creditor, as_of=as_of, modality=modality, programme=programme,
                     arrangement=in_force, indexes=indexes)
    names = actors.short_labels(store)

    def who(name: str) -> str:
        iri = actors.resolve(store, name, index=indexes["actor"])
        return f"{names.get(iri, name)} ({compact(iri)})"

    filters = [f"{k} {v}" for k, v in (("due by", as_of), ("modality", modality), ("programme", programme)) if v]
    commitments = len({r["commitment"] for r in rows})
    notice(f"owes: what {who(debtor)} owes {who(creditor)}, sub-organisations included, {scope}"
           + "".join(f"; {f}" for f in filters) + f": {len(rows)} row(s), {commitments} commitment(s)")
    columns = KEYS + [k for k in (rows[0] if rows else {}) if k not in KEYS]
    if fmt == "table":
        rows = [{**r, "parties": _parties(r), "basis": basis.describe(r["basis"], r["rules"], r["curation_entry"])}
                for r in rows]
        return render(TABLE, rows, fmt, text=["text"], wrap=["parties", "basis"], wide=wide)
    return render(columns, [{k: r.get(k) for k in columns} for r in rows], fmt)
