"""Check, run and serialise one SPARQL query, capped, for the endpoint.

This is what each endpoint worker process does per request (see
:mod:`ra_graph.query.serve_pool`).  The query is checked first
(:mod:`ra_graph.query.sparql_guard`: no SERVICE, no update, bounded size
and nesting).  Content negotiation follows the SPARQL 1.1 Protocol:
SELECT/ASK as SPARQL results JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE
as Turtle, N-Triples, JSON-LD or RDF/XML.  The first ``format`` value this
endpoint knows (an alias such as ``rdf+xml`` or ``n3``, or a media type)
decides; without one, the Accept header does.  A format the query form has
no writer for falls back to its nearest (XML results for ``rdf+xml`` on a
SELECT, JSON-LD for ``json`` on a CONSTRUCT).

The result-size cap is applied while reading solutions (at most
``max_rows`` are ever pulled from the engine).  pyoxigraph can only
serialise a whole result iterator, so a SELECT result is written as SPARQL
JSON here and, for the other formats, re-read with
``pyoxigraph.parse_query_results`` and serialised by pyoxigraph, which keeps
the XML/CSV/TSV writers pyoxigraph's own.  A capped answer carries the
header ``X-Result-Truncated: <max_rows>``.  pyoxigraph writes control
characters raw into XML, which no XML reader accepts; such an answer is a
406 that says to ask for JSON.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ra_graph.core.namespaces import PREFIXES
from ra_graph.query.library import syntax_problem
from ra_graph.query.sparql_guard import QueryRefused, check

RESULTS = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
}
GRAPHS = {
    "turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
_ALIASES = {
    "json": "json", "srj": "json", "sparql-results+json": "json", "xml": "xml", "srx": "xml",
    "sparql-results+xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
    "n3": "turtle", "nt": "nt", "ntriples": "nt", "n-triples": "nt", "jsonld": "jsonld", "json-ld": "jsonld",
    "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "xml-rdf": "rdfxml",
}
_MEDIA = {
    "application/sparql-results+json": "json", "application/json": "json", "text/javascript": "json",
    "application/javascript": "json", "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/xml": "xml", "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "text/n3": "turtle", "text/rdf+n3": "turtle", "application/n3": "turtle",
    "application/n-triples": "nt", "text/plain": "nt", "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld", "application/rdf+xml": "rdfxml",
}
_FOR_GRAPHS = {"json": "jsonld", "xml": "rdfxml", "csv": "nt", "tsv": "nt"}
_FOR_RESULTS = {"jsonld": "json", "rdfxml": "xml", "turtle": "json", "nt": "json"}
# characters XML 1.0 cannot carry, even as references (pyoxigraph would write them raw)
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


@dataclass
class Reply:
    """An HTTP answer: status, content type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def format_key(value: str) -> str | None:
    """The format a ``format=`` value names: an alias (``json``, ``rdf+xml``, ``n3``, ...)
    or a media type (``text/tab-separated-values``); None for anything else."""
    value = value.split(";")[0].strip().lower()
    return _ALIASES.get(value) or _MEDIA.get(value)


def preferences(formats: str | list[str] | None, accept: str | None) -> list[str]:
    """Format keys in order of the client's preference.

    The first ``format=`` (or ``output=``/``results=``) value this endpoint
    knows wins; values it does not know are passed over (SPARQLWrapper sends
    ``format=rdf+xml&format=application/rdf+xml``, other clients their own
    names), and without a known one the Accept header decides.
    """
    for value in [formats] if isinstance(formats, str) else formats or []:
        key = format_key(value)
        if key:
            return [key]
    return [_MEDIA[media] for media, q in accept_ranking(accept) if media in _MEDIA and q > 0]


def accept_ranking(accept: str | None) -> list[tuple[str, float]]:
    """(media type, q) of an Accept header, most wanted first (ties in the client's order)."""
    ranked = []
    for position, part in enumerate((accept or "").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranked.append((-q, position, media.lower()))
    return [(media, -q) for q, _, media in sorted(ranked)]


def _choose(prefs: list[str], table: dict, mapping: dict, default: str) -> str:
    for key in prefs:
        if key in table:
            return key
        if mapping.get(key) in table:
            return mapping[key]
    return default


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term(term.subject), "predicate": _term(term.predicate),
                                        "object": _term(term.object)}}


def execute(store: ox.Store, query: str, *, fmt: str | list[str] | None, accept: str | None, max_rows: int,
            default_graph: list[str] | None = None, named_graph: list[str] | None = None) -> Reply:
    """Check, evaluate (never an update) and serialise at most ``max_rows`` results."""
    try:
        check(query)
    except QueryRefused as exc:
        at = f" at {exc.where}" if exc.where else ""
        return error(exc.status, f"query refused{at}: {exc.problem}")
    prefs = preferences(fmt, accept)
    options: dict = {"prefixes": PREFIXES}
    try:
        if default_graph or named_graph:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph or []] or None
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graph or []] or None
        else:
            options["use_default_graph_as_union"] = True
    except ValueError as exc:
        return error(400, f"bad graph IRI: {exc}")
    try:
        results = store.query(query, **options)
        if isinstance(results, ox.QueryBoolean):
            answer: object = bool(results)
        elif isinstance(results, ox.QueryTriples):
            answer = list(itertools.islice(results, max_rows + 1))
        else:
            names = [v.value for v in results.variables]
            answer = (names, list(itertools.islice(results, max_rows + 1)))
    except SyntaxError as exc:
        where, problem = syntax_problem(str(exc))
        at = f" at {where}" if where else ""
        return error(400, f"SPARQL syntax error{at}: {problem} (this endpoint is read-only: queries only)")
    except (OSError, ValueError, RuntimeError) as exc:  # e.g. an unknown function, SERVICE ?unbound
        return error(400, f"query failed: {' '.join(str(exc).split())}")
    try:
        reply = _serialise(answer, prefs, max_rows)
    except (OSError, ValueError, SyntaxError) as exc:
        return error(500, f"query evaluation failed: {exc}")
    if reply.content_type.split(";")[0] in ("application/sparql-results+xml", "application/rdf+xml") \
            and (bad := _NOT_XML.search(reply.body)):
        char = bad.group().decode("utf-8")
        return error(406, f"the result holds U+{ord(char):04X}, which XML cannot carry; "
                          "ask for JSON, CSV or TSV (format=json)")
    return reply


def _serialise(answer: object, prefs: list[str], max_rows: int) -> Reply:
    if isinstance(answer, bool):
        key = _choose(prefs, {"json": 1, "xml": 1}, _FOR_RESULTS, "json")
        media, rfmt = RESULTS[key]
        if key == "json":
            return Reply(200, media, json.dumps({"head": {}, "boolean": answer}).encode("utf-8"))
        out = io.BytesIO()
        ox.parse_query_results(json.dumps({"head": {}, "boolean": answer}).encode("utf-8"),
                               format=ox.QueryResultsFormat.JSON).serialize(out, format=rfmt)
        return Reply(200, media, out.getvalue())
    if isinstance(answer, list):
        key = _choose(prefs, GRAPHS, _FOR_GRAPHS, "turtle")
        media, gfmt = GRAPHS[key]
        headers = _cap(answer, max_rows)
        prefixes = PREFIXES if key == "turtle" else None
        return Reply(200, media, ox.serialize(answer, format=gfmt, prefixes=prefixes), headers)
    names, rows = answer  # type: ignore[misc]
    key = _choose(prefs, RESULTS, _FOR_RESULTS, "json")
    media, rfmt = RESULTS[key]
    headers = _cap(rows, max_rows)
    body = json.dumps({
        "head": {"vars": names},
        "results": {"bindings": [
            {n: _term(row[n]) for n in names if row[n] is not None} for row in rows
        ]},
    }, ensure_ascii=False).encode("utf-8")
    if key != "json":
        out = io.BytesIO()
        ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(out, format=rfmt)
        body = out.getvalue()
    return Reply(200, media, body, headers)


def _cap(items: list, max_rows: int) -> dict[str, str]:
    if len(items) > max_rows:
        del items[max_rows:]
        return {"X-Result-Truncated": str(max_rows)}
    return {}
