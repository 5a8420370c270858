"""``ra-graph history CLAUSE``: one clause's line through every version.

The line is the chain of ``prov:wasRevisionOf`` links that ``ra-graph
build`` records between consecutive versions of a province's arrangement
(see ``graph.revisions``): followed back to the version where the clause
first appears, then forward to the last one that still has it.  Each
entry is the clause as that version words it, in DESIGN.md's ``history``
shape, with the alignment score of its link to the entry before it and
what it changed against it (``change`` and ``fields``, as ``ra-graph diff``
classifies a pair: changed, reread, reworded, renumbered, unchanged).
A short id (``drenthe/3.3/9``) is accepted when every version that has
that number is on one line; numbers move between years, so otherwise the
id is ambiguous and the error lists the versions.
"""

from __future__ import annotations

import difflib

import pyoxigraph as ox

from ra_graph.core.errors import RaGraphError, notice
from ra_graph.core.output import to_json, to_table
from ra_graph.core.store import select
from ra_graph.core.versions import full_clause_id, scoped, versions
from ra_graph.query.clauses import list_clauses, parties
from ra_graph.query.diff import _compare, field_changes

_LINKS = """SELECT ?c ?id ?previous ?score WHERE {
  ?c a ra:Clause ; dcterms:identifier ?id .
  FILTER(STRSTARTS(?id, ?province))
  OPTIONAL { ?c prov:wasRevisionOf ?previous . OPTIONAL { ?c ra:revisionScore ?score } }
}"""


def history(store: ox.Store, clause: str) -> list[dict]:
    """The clause in every version of its province's arrangement that has it, oldest first."""
    every = versions(store)
    candidates = full_clause_id(clause, every, parameter="CLAUSE")
    arrangements = {c.split("/", 1)[0] for c in candidates}
    province = next((v.province for v in every if v.id in arrangements), None)
    own = [v.id for v in every if v.province == province]
    ids, previous, scores = {}, {}, {}
    store = scoped(store, own) if own else store  # only this province's versions are read
    if province is not None:
        prefix = str(ox.Literal(f"{province}-"))  # a term made by pyoxigraph, never pasted text
        for row in select(store, _LINKS.replace("WHERE {", f"WHERE {{ VALUES ?province {{ {prefix} }}", 1)):
            iri = row["c"].value
            ids[iri] = row["id"].value
            if "previous" in row:
                previous[iri] = row["previous"].value
                scores[iri] = float(row["score"].value) if "score" in row else None
    by_id = {ident: iri for iri, ident in ids.items()}
    found = [c for c in candidates if c in by_id]
    if not found:
        close = difflib.get_close_matches(clause.strip(), sorted(by_id), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise RaGraphError(f"CLAUSE: unknown clause '{clause.strip()}'{hint}")
    following = {before: after for after, before in previous.items()}
    chain = _line(by_id[found[0]], previous, following)
    if any(by_id[c] not in chain for c in found):
        raise RaGraphError(f"CLAUSE: '{clause.strip()}' is ambiguous: {', '.join(found)} are different clauses "
                           "(numbers change between versions); give the full id")
    rows = {c["clause"]: c for c in list_clauses(store, only=chain)}
    out = []
    before = None
    for iri in chain:
        row = rows[ids[iri]]
        # what this version changed against the one before, as `diff` classifies it (None: the first)
        compared = _compare(before, row, scores.get(iri)) if before is not None else None
        out.append({"arrangement": row["arrangement"], "clause": row["clause"], "line": row["line"],
                    "text": row["text"], "score": scores.get(iri), "section": row["section"], "kind": row["kind"],
                    "commitments": row["commitments"],
                    "change": compared["change"] if compared else None,
                    "fields": compared["fields"] if compared else {}})
        before = row
    _say_where_it_starts_and_ends(out, own)
    return out


def _line(start: str, previous: dict[str, str], following: dict[str, str]) -> list[str]:
    """Clause IRIs from the oldest version to the newest, through ``start``."""
    first = start
    while first in previous:
        first = previous[first]
    chain = [first]
    while chain[-1] in following:
        chain.append(following[chain[-1]])
    return chain


def _say_where_it_starts_and_ends(entries: list[dict], own: list[str]) -> None:
    first, last = entries[0]["arrangement"], entries[-1]["arrangement"]
    if own.index(first) > 0:
        notice(f"{entries[0]['clause']} is new in {first}: no clause of {own[own.index(first) - 1]} aligns with it")
    if own.index(last) < len(own) - 1:
        notice(f"{entries[-1]['clause']} was dropped: no clause of {own[own.index(last) + 1]} aligns with it")


def history_command(store: ox.Store, clause: str, *, fmt: str) -> str:
    entries = history(store, clause)
    if fmt == "json":
        return to_json(entries)
    rows = [{"arrangement": e["arrangement"], "clause": e["clause"], "line": e["line"], "score": e["score"],
             "change": e["change"] or "first", "what": "; ".join(field_changes(e)),
             "parties": parties(e), "text": e["text"]} for e in entries]
    return to_table(rows, text=["text"], wrap=["parties"], wide=True)  # the wording of each version, in full
