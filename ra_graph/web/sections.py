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
from ra_graph.query.owes import arrangements_in_force, owes_rows


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


def _provinces(store: ox.Store) -> list[str]:
    return sorted(r["p"].value for r in select(store, "SELECT ?p WHERE { ?p a ra:Province }"))


def actor(bench, iri: str, types: list[str]) -> dict:
    """The ``owes`` rows of this actor, per province, in the arrangements in force; what it carries for the Rijk."""
    store, names = bench.store, bench.names()
    in_force, scope = arrangements_in_force(store)
    provinces = _provinces(store)
    indexes: dict = {}
    is_province = RA + "Province" in types
    others = [RIJK] if is_province else [p for p in provinces if p != iri]
    if not in_force or not others:
        return {"owes": [], "scope": scope}
    owes = owes_rows(store, iri, others, arrangement=in_force, indexes=indexes)
    owed = owes_rows(store, others, iri, arrangement=in_force, indexes=indexes)
    per: dict[str, dict] = defaultdict(lambda: {"owes": set(), "owed": set(), "carried": set()})

    def side(row: dict, key: str) -> str:
        value = row[key]
        iri_of = value["iri"] if isinstance(value, dict) else str(value)
        return iri_of if iri_of in others else _province_of(row, others)

    for row in owes:
        other = side(row, "beneficiary")
        per[other]["owes"].add(row["commitment"])
        if row.get("via") == "carriedBy":
            per[other]["carried"].add(row["commitment"])
    for row in owed:
        per[side(row, "obligor")]["owed"].add(row["commitment"])
    table = []
    me = names.get(iri, iri[len(RAI):])
    for other in sorted(per, key=lambda o: names.get(o, o)):
        counts = per[other]
        who = names.get(other, other[len(RAI):])
        table.append({"iri": other, "label": who, "owes": len(counts["owes"]), "owed": len(counts["owed"]),
                      "carried": len(counts["carried"]),
                      "owes_q": {"debtor": me, "creditor": who}, "owed_q": {"debtor": who, "creditor": me}})
    carried = [r for r in owes if r.get("via") == "carriedBy"]
    return {"owes": table, "scope": scope, "carried": carried}


def _province_of(row: dict, others: list[str]) -> str:
    """The province of the row's arrangement (a sub-organisation of a province was the beneficiary)."""
    arrangement = str(row.get("arrangement") or "")
    for other in others:
        local = other[len(RAI):].removeprefix("provincie-")
        if arrangement.startswith(local + "-"):
            return other
    return others[0]


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
