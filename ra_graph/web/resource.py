"""Resource pages: ``/id/<local>`` for ``https://w3id.org/ra-graph/id/<local>``.

The description of a resource is every triple with it as subject or object,
from every named graph.  The HTML shows exactly those triples (properties,
then "what links here"), so the Turtle, JSON-LD and N-Triples of the same
URL hold what the page shows; by type it adds what an analyst asks next
(an actor's ``owes`` rows per province, an arrangement's clauses and
versions, a clause's text, commitments, findings and history, the
commitments that concern a programme or location).
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ra_graph.core.namespaces import RA, RAI, RDF, compact
from ra_graph.query.sparql_exec import GRAPHS, Reply, accept_ranking, format_key
from ra_graph.web.render import Context

SUFFIXES = {".ttl": "turtle", ".jsonld": "jsonld", ".nt": "nt"}
MAX_INCOMING = 300  # "what links here" rows shown (the data download has them all)
_TYPE = ox.NamedNode(RDF + "type")
_ACTORS = {RA + c for c in ("Actor", "NationalGovernment", "Ministry", "Province", "Municipality", "WaterBoard",
                            "Agency", "OtherOrganisation", "ActorGroup")}


def triples(store: ox.Store, iri: str) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(outgoing, incoming) triples of ``iri`` over every graph, without duplicates, in a stable order."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # not an IRI at all (spaces, angle brackets): nothing in the graph
        return [], []
    out = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)}
    inc = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, node)}
    inc -= out
    return sorted(out, key=str), sorted(inc, key=str)


def described(bench, iri: str) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """:func:`triples` of ``iri``, kept for the worker's life where more than :data:`MAX_INCOMING`
    triples link to it: a hub (the Rijk: thousands of links) is read again only at a cost of tens of
    milliseconds per visit, and the snapshot never changes; the hubs together hold at most the graph once."""
    hubs = bench.once("hubs", dict)
    if iri in hubs:
        return hubs[iri]
    out, inc = triples(bench.store, iri)
    if len(inc) > MAX_INCOMING:
        hubs[iri] = (out, inc)
    return out, inc


def negotiate(accept: str | None) -> str:
    """``html`` or an RDF format key, from the Accept header (HTML wins ties, as for a browser)."""
    best, best_q = "html", 0.0
    html_q = 0.0
    for media, q in accept_ranking(accept):
        if media in ("text/html", "application/xhtml+xml"):
            html_q = max(html_q, q)
        key = format_key(media)
        if key in ("turtle", "jsonld", "nt", "rdfxml") and q > best_q and media != "text/plain":
            best, best_q = key, q
    if not accept or html_q >= best_q or best == "html":
        return "html"
    return best


def reply(bench, ctx: Context, local: str, params: dict[str, list[str]], accept: str | None) -> Reply:
    fmt = None
    out, inc = described(bench, RAI + local) if local else ([], [])
    if not out and not inc:
        for suffix, key in SUFFIXES.items():
            if local.endswith(suffix):
                local, fmt = local[: -len(suffix)], key
                out, inc = described(bench, RAI + local)
                break
    if not local or (not out and not inc):
        return bench.problem(ctx, 404, f"no resource https://w3id.org/ra-graph/id/{local} in this graph",
                             "/id/" + local, params)
    vary = {"Vary": "Accept"}
    if fmt is None:
        fmt = negotiate(accept)
        if fmt == "html":
            values = describe(bench, ctx, RAI + local, out, inc)
            page = bench.page("resource.html.j2", ctx, "/id/" + local, params, **values)
            page.headers.update(vary)
            return page
    media, rdf_format = GRAPHS[fmt]
    from ra_graph.core.namespaces import PREFIXES

    body = ox.serialize(out + inc, format=rdf_format, prefixes=PREFIXES if fmt == "turtle" else None)
    return Reply(200, media, body, {**vary, "Link": f'<{RAI}{local}>; rel="describes"'})


def _term(ctx: Context, names: dict[str, str], term) -> dict:
    """How one RDF term is shown: its N-Triples form (for tests and data attributes) and its HTML."""
    if isinstance(term, ox.NamedNode):
        return {"nt": str(term), "iri": term.value, "label": names.get(term.value) or compact(term.value),
                "literal": None, "lang": None}
    if isinstance(term, ox.Literal):
        return {"nt": str(term), "iri": None, "label": None, "literal": term.value, "lang": term.language}
    return {"nt": str(term), "iri": None, "label": None, "literal": str(term), "lang": None}


def describe(bench, ctx: Context, iri: str, out: list[ox.Triple], inc: list[ox.Triple]) -> dict:
    """The template values of one resource page."""
    store, names = bench.store, bench.names()
    types = [t.object.value for t in out if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode)]
    label = _label(out, names.get(iri)) or iri[len(RAI):]
    rows = [{"p": _term(ctx, names, t.predicate), "o": _term(ctx, names, t.object)} for t in out]
    links = [{"s": _term(ctx, names, t.subject), "p": _term(ctx, names, t.predicate)} for t in inc[:MAX_INCOMING]]
    values = {"iri": iri, "local": iri[len(RAI):], "label": label, "types": types, "rows": rows,
              "links": links, "links_total": len(inc), "kind": None}
    from ra_graph.web import sections

    if RA + "Clause" in types:
        values.update(kind="clause", **sections.clause(bench, iri))
    elif RA + "Arrangement" in types:
        values.update(kind="arrangement", **sections.arrangement(bench, iri))
    elif _ACTORS & set(types):
        values.update(kind="actor", **sections.actor(bench, iri, types))
    elif RA + "Programme" in types:
        values.update(kind="concerns", **sections.concerning(bench, "by-programme", "programme", iri))
    elif RA + "Location" in types:
        values.update(kind="concerns", **sections.concerning(bench, "by-location", "location", iri))
    return values


def _label(out: list[ox.Triple], short: str | None) -> str | None:
    by_predicate: dict[str, list[str]] = defaultdict(list)
    for t in out:
        if isinstance(t.object, ox.Literal):
            by_predicate[t.predicate.value].append(t.object.value)
    for key in ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://purl.org/dc/terms/title",
                "http://purl.org/dc/terms/identifier", "http://www.w3.org/2000/01/rdf-schema#label"):
        if by_predicate.get(key):
            first = sorted(by_predicate[key])[0]
            return f"{short} — {first}" if short and short != first else first
    return short
