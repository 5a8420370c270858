"""The per-type parts of a resource page: what an analyst asks next about an actor,
an arrangement, a clause, a programme or a location.

Each answer comes from the function the CLI uses for the same question
(``owes_rows``, ``list_clauses``, ``history``, the validation report, the
stored queries), so a page and a command never disagree.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ra_graph.core import basis
from ra_graph.core.errors import RaGraphError
from ra_graph.core.namespaces import PROV, RA, RAI, RIJK
from ra_graph.core.store import select
from ra_graph.core.versions import versions


def _value(store: ox.Store, iri: str, predicate: str) -> str | None:
    found = next(store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None), None)
    return found.object.value if found else None


def clause(bench, iri: str) -> dict:
    """Text, source (file, line, page), commitments with their basis, findings, history."""
    from ra_graph.query.clauses import list_clauses
    from ra_graph.query.history import history

    store = bench.store
    found = list_clauses(store, only=[iri])
    record = found[0] if found else None
    for c in (record or {}).get("commitments", []):
        c["basis_text"] = basis.describe(c.get("basis"), basis.rules(c.get("note")), c.get("curation_entry"))
    arrangement = _value(store, iri, RA + "inArrangement")
    source = _value(store, arrangement, PROV + "wasDerivedFrom") if arrangement else None
    page = _value(store, iri, RA + "sourcePage")
    ident = _value(store, iri, "http://purl.org/dc/terms/identifier") or iri[len(RAI):]
    report = bench.report()
    findings = None if report is None else [f for f in report.findings if f.clause == ident]
    try:
        lineage = history(store, ident)
    except RaGraphError:
        lineage = []
    return {"clause": record, "source_iri": source, "source_file": source.rsplit("/", 1)[-1] if source else None,
            "source_page": page, "findings": findings, "history": lineage, "ident": ident}


def arrangement(bench, iri: str) -> dict:
    """Sections with their clauses; the versions before and after; the diffs to them."""
    store = bench.store
    node = str(ox.NamedNode(iri))  # pyoxigraph's canonical form, never the request's text
    rows = select(store, """SELECT ?s ?number ?title ?c ?id ?kind ?line WHERE {
        VALUES ?a { %s }
        ?c ra:inArrangement ?a ; ra:inSection ?s ; dcterms:identifier ?id ; ra:clauseKind ?kind ;
           ra:sourceLine ?line . ?s ra:number ?number . OPTIONAL { ?s dcterms:title ?title } }""" % node)
    by_section: dict[str, dict] = {}
    for row in rows:
        number = row["number"].value
        entry = by_section.setdefault(number, {"iri": row["s"].value, "number": number,
                                               "title": row["title"].value if "title" in row else "",
                                               "clauses": []})
        if "c" in row:
            entry["clauses"].append({"iri": row["c"].value, "id": row["id"].value,
                                     "kind": row["kind"].value.rsplit("#", 1)[-1], "line": int(row["line"].value)})
    sections = sorted(by_section.values(), key=lambda s: [int(p) if p.isdigit() else p for p in s["number"].split(".")])
    for s in sections:
        s["clauses"].sort(key=lambda c: c["line"])
    every = versions(store)
    this = next((v for v in every if v.iri == iri), None)
    own = [v for v in every if this and v.province == this.province]
    at = own.index(this) if this else 0
    return {"sections": sections, "clause_count": sum(len(s["clauses"]) for s in sections),
            "predecessor": own[at - 1] if this and at > 0 else None,
            "successor": own[at + 1] if this and at + 1 < len(own) else None,
            "version": this}


def _parties(bench) -> list[str]:
    """The Rijk and the provinces: the sides an ``owes`` row is counted under."""
    return bench.once("parties", lambda: [RIJK] + sorted(
        r["p"].value for r in select(bench.store, "SELECT ?p WHERE { ?p a ra:Province }")))


def _ancestors(bench) -> dict[str, str]:
    """actor -> the Rijk or the province it is (or belongs to, org:subOrganizationOf+)."""
    def make():
        parties = set(_parties(bench))
        out: dict[str, str] = {}
        for row in select(bench.store, "SELECT ?x ?a WHERE { ?x org:subOrganizationOf* ?a }"):
            if row["a"].value in parties and isinstance(row["x"], ox.NamedNode):
                out.setdefault(row["x"].value, row["a"].value)
        return out

    return bench.once("ancestors", make)


def _owes_free(bench):
    """``queries/owes.rq`` with debtor and creditor optional: one side bound, every other party at once."""
    from ra_graph.query import library

    def make():
        stored = library.find("owes")
        return stored._replace(params=tuple(
            p._replace(optional=True) if p.name in ("debtor", "creditor") else p for p in stored.params))

    return bench.once("owes-free", make)


def _rows(bench, store: ox.Store, values: dict[str, str]) -> list[dict]:
    from ra_graph.query import library
    from ra_graph.query.results import json_value

    stored = _owes_free(bench)
    names = bench.names()
    results = library.run(store, library.bind(store, stored, values), source="owes")
    columns = [v.value for v in results.variables]
    out = []
    for row in results:  # the whole row only where it is shown (carried for the Rijk)
        via = row["via"].value
        shown = columns if via == "carriedBy" else ("obligor", "beneficiary", "carried_by")
        out.append({"via": via, **{c: json_value(row[c], names) for c in shown}})
    return out


def actor(bench, iri: str, types: list[str]) -> dict:
    """:func:`_actor`, kept for the worker's life (the snapshot never changes; the actors are few)."""
    return bench.once(f"actor-section-{iri}", lambda: _actor(bench, iri))


def _actor(bench, iri: str) -> dict:
    """The ``owes`` rows of this actor per province (or towards the Rijk), in the arrangements in
    force, counted as ``ra-graph owes ACTOR PROVINCE`` counts them; what it carries for the Rijk.

    ``owes.rq`` runs once per direction with the other side left open, on the arrangements in
    force (:meth:`Workbench.in_force`); each row is counted under the party its other side is or
    belongs to, which is the row set ``owes`` gives for that party as creditor (or debtor).
    """
    store, names = bench.store, bench.names()
    sub, in_force, scope = bench.in_force()
    if not in_force:
        return {"owes": [], "scope": scope, "carried": []}
    owes = _rows(bench, sub, {"debtor": iri})
    owed = _rows(bench, sub, {"creditor": iri})
    ancestors = _ancestors(bench)
    mine = ancestors.get(iri)
    per: dict[str, dict] = defaultdict(lambda: {"owes": 0, "owed": 0, "carried": 0})

    def side(value) -> str | None:
        other = ancestors.get(value["iri"] if isinstance(value, dict) else str(value))
        return other if other and other != mine else None

    for row in owes:
        other = side(row["beneficiary"])
        if other:
            per[other]["owes"] += 1
            per[other]["carried"] += row.get("via") == "carriedBy"
    for row in owed:  # counted under the debtor party that owes.rq would have bound
        other = side(row["obligor"])
        if row.get("via") == "carriedBy":  # a carrier counts only for an obligor outside its party
            carrier = side(row["carried_by"])
            other = carrier if carrier and carrier != other else None
        if other:
            per[other]["owed"] += 1
    table = []
    me = names.get(iri, iri[len(RAI):])
    for other in sorted(per, key=lambda o: (o != RIJK, names.get(o, o))):
        counts = per[other]
        who = names.get(other, other[len(RAI):])
        table.append({"iri": other, "label": who, **counts,
                      "owes_q": {"debtor": me, "creditor": who}, "owed_q": {"debtor": who, "creditor": me}})
    carried = [r for r in owes if r.get("via") == "carriedBy"]
    return {"owes": table, "scope": scope, "carried": carried}


def concerning(bench, query: str, param: str, iri: str) -> dict:
    """The rows of the stored query about a programme or location (``by-programme``, ``by-location``)."""
    from ra_graph.query import library
    from ra_graph.query.results import result_rows

    store = bench.store
    stored = library.find(query)
    text = library.bind(store, stored, {param: iri})
    columns, rows = result_rows(store, library.run(store, text, source=stored.path))
    return {"concern_columns": [c for c in columns if c != "commitment"], "concern_rows": rows,
            "concern_query": query, "concern_param": param}
