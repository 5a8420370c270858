"""The workbench's overview pages: home, vocabulary, validation, network, deadlines, diff, history, VoID.

The validation report, the network page and the diff page are the CLI's
own renderers (``validate --format html``, ``visualise``, ``diff --format
html``), served through :mod:`ra_graph.web.wrap` so that they obey the
workbench's Content-Security-Policy and link to resource pages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pyoxigraph as ox

from ra_graph.core.errors import RaGraphError, printable
from ra_graph.core.isodate import parse_iso_date
from ra_graph.core.namespaces import ONTOLOGY_GRAPH, OWL, RA, RDF, RDFS, RAI, PREFIXES
from ra_graph.core.store import select
from ra_graph.core.versions import latest, versions
from ra_graph.query.sparql_exec import Reply
from ra_graph.web.render import Context
from ra_graph.web.wrap import CSP, back_link, externalise

HTML = "text/html; charset=utf-8"


def home(bench, ctx: Context) -> dict:
    """The register at a glance."""
    from ra_graph.query.deadlines import deadline_rows, window_end
    from ra_graph.validate.findings import severity_counts

    store = bench.store
    every = versions(store)
    in_force = {v.id for v in latest(every)}
    counts = bench.once("counts", lambda: {
        row["cls"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in select(store, """
        SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?cls { ra:Arrangement ra:Clause ra:Commitment }
        ?x a ?cls } GROUP BY ?cls""")})
    per_arrangement = bench.once("per-arrangement", lambda: {
        row["id"].value: (int(row["c"].value), int(row["m"].value)) for row in select(store, """
        SELECT ?id (COUNT(DISTINCT ?c) AS ?c) (COUNT(DISTINCT ?m) AS ?m) WHERE {
        ?a a ra:Arrangement ; dcterms:identifier ?id . ?c ra:inArrangement ?a . OPTIONAL { ?c ra:hasCommitment ?m } }
        GROUP BY ?id""")})
    provinces: dict[str, list] = {}
    for v in every:
        clauses, commitments = per_arrangement.get(v.id, (0, 0))
        provinces.setdefault(v.province, []).append({"version": v, "in_force": v.id in in_force,
                                                     "clauses": clauses, "commitments": commitments})
    report = bench.report_in_force()  # what ``ra-graph validate --as-of <today>`` counts by default
    severities = severity_counts(report.findings) if report else None
    by_constraint = Counter((f.severity, f.constraint) for f in report.findings) if report else Counter()
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    constraints = sorted(by_constraint.items(), key=lambda kv: (order.get(kv[0][0], 3), -kv[1], kv[0][1]))
    today = dt.date.today()
    sub, scope, said = bench.in_force()
    dated, _ = bench.once(f"home-deadlines-{today}", lambda: deadline_rows(
        sub if scope else store, as_of=today, end=window_end(today, "90d")))
    from ra_graph.query import library

    questions = [{"name": n, "title": library.find(n).title} for n in library.available()]
    return {"provinces": provinces, "counts": counts, "severities": severities, "constraints": constraints,
            "conforms": report.conforms if report else None, "refresh": None if report else 5, "overdue": [r for r in dated if r["status"] == "overdue"],
            "upcoming": [r for r in dated if r["status"] == "due"], "today": today.isoformat(), "scope": said,
            "questions": questions, "validation_scope": _validation_scope(report)}


def _validation_scope(report) -> dict | None:
    """What the home page's Violations and Warnings count (the CLI's default scope), what they leave
    out, and the verdict, which is the whole graph's (as ``validate``'s exit status)."""
    if report is None:
        return None
    left = {s: n for s, n in report.out_of_scope.items() if n}
    return {"in_force": (report.scope or "").split(";", 1)[0].split(": ", 1)[-1], "left": left,
            "conforms": report.conforms}


def _ontology(store: ox.Store) -> list:
    """The ontology's statements: the snapshot's ontology graph, or ``ontology/ra.ttl`` when it has none."""
    from ra_graph.core import paths

    quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    if not quads and paths.ONTOLOGY.is_file():
        quads = list(ox.parse(path=str(paths.ONTOLOGY), format=ox.RdfFormat.TURTLE))
    return quads


def definitions(bench, ctx: Context, path: str, params, accept: str | None) -> Reply:
    """``/def``: the ontology's classes and properties (``/def.ttl`` or Accept: Turtle for the file)."""
    from ra_graph.web.resource import negotiate

    quads = bench.once("ontology", lambda: _ontology(bench.store))
    fmt = "turtle" if path.endswith(".ttl") else negotiate(accept)
    if fmt != "html":
        from ra_graph.query.sparql_exec import GRAPHS

        media, rdf_format = GRAPHS[fmt]
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        return Reply(200, media, ox.serialize(triples, format=rdf_format,
                                              prefixes=PREFIXES if fmt == "turtle" else None), {"Vary": "Accept"})
    unions = _unions(quads)
    terms: dict[str, dict] = {}
    for q in quads:
        if not (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(RA)):
            continue
        entry = terms.setdefault(q.subject.value, {"name": q.subject.value[len(RA):], "types": [], "labels": {},
                                                   "comments": {}, "domain": [], "range": [], "super": []})
        p, o = q.predicate.value, q.object
        if p == RDF + "type":
            entry["types"].append(o.value.rsplit("#", 1)[-1])
        elif p == RDFS + "label" and isinstance(o, ox.Literal):
            entry["labels"][o.language or ""] = o.value
        elif p == RDFS + "comment" and isinstance(o, ox.Literal):
            entry["comments"][o.language or ""] = o.value
        elif p in (RDFS + "domain", RDFS + "range"):
            # a union class ("[ owl:unionOf ( ra:Clause ra:UnaccountedText ) ]") is shown as its members
            entry[p.removeprefix(RDFS)].extend(unions.get(o, [o.value]) if isinstance(o, ox.BlankNode) else [o.value])
        elif p == RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
            entry["super"].append(o.value)
    classes = sorted((t for t in terms.values() if "Class" in t["types"]), key=lambda t: t["name"])
    props = sorted((t for t in terms.values() if "Class" not in t["types"] and any("Property" in x for x in t["types"])),
                   key=lambda t: t["name"])
    others = sorted((t for t in terms.values() if t not in classes and t not in props), key=lambda t: t["name"])
    page = bench.page("def.html.j2", ctx, path, params, classes=classes, props=props, others=others, RA=RA)
    page.headers["Vary"] = "Accept"
    return page


def _unions(quads: list[ox.Quad]) -> dict[ox.BlankNode, list[str]]:
    """The members of each ``owl:unionOf`` class among ``quads`` (an RDF list of IRIs)."""
    first, rest = RDF + "first", RDF + "rest"
    links = {(q.subject, q.predicate.value): q.object for q in quads if q.predicate.value in (first, rest)}
    out = {}
    for q in quads:
        if q.predicate.value == OWL + "unionOf":
            members, node = [], q.object
            while isinstance(node, ox.BlankNode) and (node, first) in links and len(members) < 100:
                members.append(links[(node, first)].value)
                node = links.get((node, rest))
            out[q.subject] = members
    return out


def _wrapped(bench, ctx: Context, html: str, *, node: bool = False) -> Reply:
    """A CLI page under the workbench's policy (assets kept for ``/assets/``)."""
    assets = bench.once("assets", dict)
    html = externalise(html, assets, nav=back_link(ctx.t("home"), ctx.url("/"), node=node),
                       head='<meta name="ra-resource-base" content="/id/">' if node else "")
    return Reply(200, HTML, html.encode("utf-8"), {"Content-Security-Policy": CSP})


def asset(bench, name: str) -> Reply:
    """A script or stylesheet taken out of a CLI page.

    Another worker may have made the page, so a name this process has not
    seen is looked for in the same pages rendered from nothing (an empty
    report, an empty network: the same inlined files, hence the same names)
    and in a diff.
    """
    assets = bench.once("assets", dict)
    if name not in assets:
        for make in (_empty_pages, _any_diff(bench)):
            if name in assets:
                break
            try:
                for html in make() or []:
                    externalise(html, assets)
            except RaGraphError:
                pass
    if name not in assets:
        from ra_graph.query.sparql_exec import error

        return error(404, "not found")
    media = "text/css; charset=utf-8" if name.endswith(".css") else "text/javascript; charset=utf-8"
    return Reply(200, media, assets[name], {"Cache-Control": "public, max-age=31536000, immutable"})


def _empty_pages() -> list[str]:
    """The report and network pages of nothing: what they inline, without the work."""
    from ra_graph.network.visualise import build_page
    from ra_graph.validate.findings import ValidationReport
    from ra_graph.validate.report import render

    empty = ValidationReport(conforms=True, as_of=None, findings=[], checked={
        "arrangements": 0, "sections": 0, "clauses": 0, "commitments": 0}, make_report_graph=lambda: None)
    return [render(empty, "html", page="/network"), build_page(ox.Store())[0]]


def _any_diff(bench):
    """Render one diff (of the first province with two versions), whose stylesheet a diff page uses."""
    from ra_graph.query.diff import diff as compare, render_html

    every = versions(bench.store)
    pairs = [(a.id, b.id) for a, b in zip(every, every[1:]) if a.province == b.province]
    return (lambda: [render_html(compare(bench.store, *pairs[0]))]) if pairs else (lambda: [])


def _pending(bench, ctx: Context, path: str, title: str) -> Reply:
    return bench.page("pending.html.j2", ctx, path, {}, heading=title, refresh=3)


def validation(bench, ctx: Context) -> Reply:
    from ra_graph.validate.report import render

    report = bench.report_in_force()  # the page ``validate --format html --as-of <today>`` writes
    if report is None:
        return _pending(bench, ctx, "/validation", ctx.t("validation"))
    return bench.once(f"validation-{dt.date.today()}-{ctx.lang}", lambda: _wrapped(
        bench, ctx, render(report, "html", resource_url=_resource_url(ctx))))


def _resource_url(ctx: Context):
    """The CLI pages' ``resource_url`` hook: a clause id or a party's name links to its page here."""
    return lambda iri: ctx.id_url(iri) or iri


def network(bench, ctx: Context) -> Reply:
    html = bench.network_html()
    if html is None:
        return _pending(bench, ctx, "/network", ctx.t("network"))
    return network_page(bench, ctx, html)


def network_page(bench, ctx: Context, html: str) -> Reply:
    """The network page under the workbench's policy, made once per language."""
    return bench.once(f"network-{ctx.lang}", lambda: _wrapped(bench, ctx, html, node=True))


def diff(bench, ctx: Context, rest: str) -> Reply:
    from ra_graph.query.diff import diff as compare, render_html

    old, _, new = rest.partition("/")
    if not old or not new or "/" in new:
        raise RaGraphError(f"/diff/{printable(rest, 80)}: expected /diff/OLD/NEW (e.g. /diff/drenthe-2025/drenthe-2026)")
    html = render_html(compare(bench.store, old, new), resource_url=_resource_url(ctx),
                       history_url=lambda clause: ctx.url("/history/" + clause))
    return _wrapped(bench, ctx, html)


def history(bench, ctx: Context, path: str, clause: str, params) -> Reply:
    from ra_graph.query.history import history as lineage

    entries = lineage(bench.store, clause)
    return bench.page("history.html.j2", ctx, path, params, clause=clause, entries=entries)


def _deadline_params(params) -> dict:
    from ra_graph.query.deadlines import window_end

    one = {k: (v[0].strip() if v else "") for k, v in params.items()}
    day = parse_iso_date(one["as_of"], "as_of") if one.get("as_of") else dt.date.today()
    first = parse_iso_date(one["from"], "from") if one.get("from") else None
    if one.get("within") and one.get("to"):
        raise RaGraphError("within and to exclude each other")
    last = parse_iso_date(one["to"], "to") if one.get("to") else \
        window_end(day, one["within"]) if one.get("within") else None
    if first and last and last < first:
        raise RaGraphError(f"to: {last.isoformat()} is before from {first.isoformat()}")
    return {"as_of": day, "start": first, "end": last, "actor": one.get("actor") or None, "raw": one}


def _deadline_rows(bench, opts: dict):
    from ra_graph.query.deadlines import deadline_rows

    sub, scope, said = bench.in_force()  # the same rows as with in_arrangement bound to them
    dated, _ = deadline_rows(sub if scope else bench.store, as_of=opts["as_of"], start=opts["start"],
                             end=opts["end"], actor=opts["actor"])
    return dated, said


def deadlines(bench, ctx: Context, path: str, params) -> Reply:
    opts = _deadline_params(params)
    dated, said = _deadline_rows(bench, opts)
    raw = opts["raw"]
    keep = {k: raw.get(k) for k in ("actor", "from", "to", "within", "as_of")}
    return bench.page("deadlines.html.j2", ctx, path, params, rows=dated, scope=said, form=keep,
                      as_of=opts["as_of"].isoformat(), ics=ctx.url("/deadlines.ics", **keep),
                      actors=_choices(bench, "actor"))


def _choices(bench, kind):
    from ra_graph.web.questions import choices

    return choices(bench, kind)


def calendar(bench, params) -> Reply:
    """``ra-graph deadlines --format ics``: the same events, each with its lineage's UID, SEQUENCE and
    LAST-MODIFIED (traced through every version of the graph, as the CLI does)."""
    from ra_graph.query.ics import calendar_of

    opts = _deadline_params(params)
    dated, _ = _deadline_rows(bench, opts)
    return Reply(200, "text/calendar; charset=utf-8",
                 calendar_of(dated, as_of=opts["as_of"], lineages=lineages(bench)).encode("utf-8"))


def lineages(bench):
    """Every clause's lineage through the versions (read once: a third of a second on 120 arrangements)."""
    from ra_graph.query.lineage import Lineages

    return bench.once("lineages", lambda: Lineages(bench.store))


def void(bench) -> Reply:
    """A VoID and DCAT description of the dataset (Turtle), with the snapshot as its distribution."""
    every = versions(bench.store)
    counts = bench.once("triples", lambda: sum(1 for _ in bench.store))
    graphs = sorted(g.value for g in bench.store.named_graphs())
    lines = [
        "@prefix void: <http://rdfs.org/ns/void#> .", "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .", "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .", "",
        "<https://w3id.org/ra-graph/id/dataset> a void:Dataset, dcat:Dataset ;",
        '  dcterms:title "Ruimtelijke Arrangementen Rijk–provincies"@nl, "Spatial Arrangements, national government and provinces"@en ;',
        f"  void:triples {counts} ;",
        "  void:uriSpace \"https://w3id.org/ra-graph/id/\" ;",
        "  void:vocabulary <https://w3id.org/ra-graph/def#> ;",
        "  void:sparqlEndpoint </sparql> ;",
        "  void:dataDump </data/ra-graph.trig> ;",
        "  dcat:distribution [ a dcat:Distribution ; dcat:downloadURL </data/ra-graph.trig> ; dcat:mediaType \"application/trig\" ] ;",
        "  dcat:distribution [ a dcat:Distribution ; dcat:accessService [ a dcat:DataService ; dcat:endpointURL </sparql> ] ] ;",
    ]
    lines += [f"  dcterms:hasPart {str(ox.NamedNode(v.iri))} ;" for v in every]
    lines += [f"  void:subset [ a void:Dataset ; sd:name {str(ox.NamedNode(g))} ] ;" for g in graphs]
    lines[-1] = lines[-1][:-1] + "."
    return Reply(200, "text/turtle; charset=utf-8", ("\n".join(lines) + "\n").encode("utf-8"))
