"""``ra-graph clauses``: every clause with its source line, text and commitments.

The JSON shape is DESIGN.md's ``clauses`` shape; ``ra-graph extract`` prints
its drafts through this same function so the two can never disagree.  The
CSV export (``export --format csv``) flattens the same records to one row
per commitment.
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox

from ra_graph.core import basis
from ra_graph.core.actors import ref, short_labels
from ra_graph.core.terms import REFERENCES, SINGLE_REFERENCES
from ra_graph.core.namespaces import RA, RAI
from ra_graph.core.output import to_csv, to_json, to_table
from ra_graph.core.store import select
from ra_graph.core.versions import resolve_arrangement, scoped

_CLAUSES = """
SELECT ?c ?id ?a ?section ?kind ?line ?page ?text ?heading WHERE {
  ?c a ra:Clause ; dcterms:identifier ?id ; ra:inArrangement ?a ; ra:inSection ?s ;
     ra:clauseKind ?kind ; ra:sourceLine ?line ; ra:text ?text .
  ?s ra:number ?section .
  OPTIONAL { ?c ra:heading ?heading }
  OPTIONAL { ?c ra:sourcePage ?page }
}"""

_MEETINGS = "SELECT ?c ?m WHERE { ?c ra:agreedAt ?m }"

_FACTS = "SELECT ?c ?m ?p ?o WHERE { ?c ra:hasCommitment ?m . ?m ?p ?o }"

# commitment property -> (JSON key, is a list); the references come from the model
_KEYS = {
    **{prop: (field, field not in SINGLE_REFERENCES) for field, (prop, _) in REFERENCES.items()},
    "modality": ("modality", False),
    "dueBy": ("due_by", False),
    "dueText": ("due_text", False),
    "basis": ("basis", False),
    "carriedByBasis": ("carried_by_basis", False),
    "note": ("note", False),
    "curationEntry": ("curation_entry", False),
}
_REFERENCES = {prop for prop, _ in REFERENCES.values()}


def slug(iri: str) -> str:
    return iri.removeprefix(RAI)


def _empty_commitment() -> dict:
    return {key: ([] if is_list else None) for key, is_list in _KEYS.values()}


def list_clauses(store: ox.Store, *, arrangement: str | None = None, kind: str | None = None,
                 only: Collection[str] | None = None) -> list[dict]:
    """Clauses in the ``clauses`` shape; ``only``: just the clauses with these IRIs
    (``history`` reads a few clauses across many versions)."""
    version = resolve_arrangement(store, arrangement) if arrangement else None
    wanted = version.iri if version else None
    names = short_labels(store)
    store = scoped(store, [version.id]) if version else store  # read only that arrangement's graph
    values = "" if only is None else "VALUES ?c { " + " ".join(str(ox.NamedNode(i)) for i in sorted(only)) + " } "
    commitments: dict[str, dict[str, dict]] = {}
    for row in select(store, _FACTS.replace("WHERE {", "WHERE { " + values, 1)):
        entry = commitments.setdefault(row["c"].value, {}).setdefault(row["m"].value, _empty_commitment())
        prop = row["p"].value.removeprefix(RA)
        if prop not in _KEYS:
            continue
        key, is_list = _KEYS[prop]
        value = row["o"]
        if prop in _REFERENCES:
            value = ref(value.value, names)
        elif isinstance(value, ox.NamedNode):
            value = value.value.removeprefix(RA)
        else:
            value = value.value
        if is_list:
            entry[key].append(value)
        else:
            entry[key] = value
    meetings: dict[str, list[str]] = {}
    for row in select(store, _MEETINGS.replace("WHERE {", "WHERE { " + values, 1)):
        meetings.setdefault(row["c"].value, []).append(row["m"].value)
    out = []
    for row in select(store, _CLAUSES.replace("WHERE {", "WHERE { " + values, 1)):
        kind_name = row["kind"].value.removeprefix(RA)
        if wanted and row["a"].value != wanted:
            continue
        if kind and kind_name.casefold() != kind.casefold():
            continue
        clause = {
            "clause": row["id"].value,
            "arrangement": slug(row["a"].value),
            "section": row["section"].value,
            "kind": kind_name,
            "line": int(row["line"].value),
            "page": int(row["page"].value) if "page" in row else None,
            "text": row["text"].value,
            "heading": row["heading"].value if "heading" in row else None,
            "meetings": sorted((ref(m, names) for m in meetings.get(row["c"].value, [])),
                               key=lambda r: r["iri"]),
            "commitments": [],
        }
        for iri, facts in sorted(commitments.get(row["c"].value, {}).items(), key=lambda kv: _order(kv[0])):
            for key, is_list in _KEYS.values():
                if is_list:
                    facts[key].sort(key=lambda r: r["iri"])
            clause["commitments"].append({"commitment": slug(iri), **facts})
        out.append(clause)
    out.sort(key=lambda c: (c["arrangement"], c["line"], c["clause"]))
    return out


def _order(commitment_iri: str) -> int:
    tail = commitment_iri.rsplit("/c", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def parties(clause: dict) -> list[str]:
    """One item per commitment: ``Rijk -> Groningen [Dialogue]``."""
    parts = []
    for c in clause["commitments"]:
        obligors = ", ".join(r["label"] for r in c["obligors"]) or "(no obligor)"
        beneficiaries = ", ".join(r["label"] for r in c["beneficiaries"])
        arrow = f"{obligors} -> {beneficiaries}" if beneficiaries else obligors
        parts.append(f"{arrow} [{c['modality'] or '?'}]")
    return parts


def render(rows: list[dict], fmt: str, *, wide: bool = False) -> str:
    if fmt == "json":
        return to_json(rows)
    flat = [
        {"clause": r["clause"], "kind": r["kind"], "line": r["line"], "page": r["page"], "parties": parties(r),
         "text": r["text"]}
        for r in rows
    ]
    if fmt == "csv":
        return to_csv([{**row, "parties": "; ".join(row["parties"])} for row in flat])
    return to_table(flat, text=["text"], wrap=["parties"], wide=wide)


#: ``export --format csv`` columns: one row per commitment.
COMMITMENT_COLUMNS = ["commitment", "arrangement", "section", "clause", "line", "obligor", "beneficiary",
                      "carried_by", "requested_by", "partners", "modality", "due_by", "due_text", "basis",
                      "programmes", "locations", "text"]


def commitment_rows(clauses: list[dict]) -> list[dict]:
    """One flat row per commitment; several parties in one cell are joined by "; ".

    ``basis`` says why the row reads as it does (``text``, ``rule
    passive-lead-in``, ``curation groningen-2025.yaml:62``; see
    :mod:`ra_graph.core.basis`).
    """

    def names(value: object) -> str:
        items = value if isinstance(value, list) else [value] if value else []
        return "; ".join(item["label"] for item in items)

    rows = []
    for clause in clauses:
        for c in clause["commitments"]:
            rows.append({
                "commitment": c["commitment"],
                **{k: clause[k] for k in ("arrangement", "section", "clause", "line")},
                "obligor": names(c["obligors"]), "beneficiary": names(c["beneficiaries"]),
                "carried_by": names(c["carried_by"]), "requested_by": names(c["requested_by"]),
                "partners": names(c["partners"]), "modality": c["modality"], "due_by": c["due_by"],
                "due_text": c["due_text"],
                "basis": basis.describe(c["basis"], basis.rules(c["note"]), c["curation_entry"]),
                "programmes": names(c["programmes"]), "locations": names(c["locations"]),
                "text": clause["text"],
            })
    return rows


def commitments_csv(store: ox.Store) -> str:
    """``export --format csv``: every commitment of every clause, one row each."""
    return to_csv(commitment_rows(list_clauses(store)), COMMITMENT_COLUMNS)
