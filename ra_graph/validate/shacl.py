"""``ra-graph validate``: SHACL validation of a snapshot, with findings an analyst can trace.

The snapshot is loaded with pyoxigraph (fast, and the same error messages
as every other command), flattened into one rdflib graph - the union of all
named graphs, so that the vocabulary with its ``org:subOrganizationOf``
links is visible to the shapes - and validated with pyshacl against
``ontology/shapes.ttl``, with ``ontology/ra.ttl`` as ``ont_graph``.

``conforms`` is false only when there are Violations: Warnings (one-sided
clauses, overdue commitments) and Info (the reciprocity balance) are things
to look at, not defects, so pyshacl runs with ``allow_warnings`` and
``allow_infos``.

``run()`` is the measurable core (a benchmark times it against a bare
``pyshacl.validate`` on the same graph); ``validate_command()`` is what the
CLI calls.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from ra_graph.core import iris, namespaces, paths
from ra_graph.core.errors import RaGraphError
from ra_graph.core.isodate import parse_iso_date
from ra_graph.core.namespaces import ONTOLOGY_GRAPH, VOCAB_GRAPH
from ra_graph.core.store import open_graph, subset
from ra_graph.core.versions import resolve_arrangement
from ra_graph.graph.compile import read_turtle
from ra_graph.graph.ontology import load_ontology
from ra_graph.validate import extra_checks
from ra_graph.validate.findings import (
    Context,
    Finding,
    ValidationReport,
    severity_counts,
)

SH = Namespace(namespaces.SH)
RASH = Namespace(namespaces.RASH)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# -- input ---------------------------------------------------------------------

def parse_as_of(value: str | None) -> date | None:
    """``--as-of`` as a date; anything but YYYY-MM-DD is an input error."""
    return None if value is None else parse_iso_date(value, "--as-of")


def load_shapes(path: Path) -> Graph:
    """Parse the shapes file; a missing file or a syntax error names the file (and line)."""
    if not path.is_file():
        raise RaGraphError("shapes file not found", file=path)
    return read_turtle([path])


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def flatten(store: ox.Store) -> Graph:
    """The union of every graph in the store as one rdflib graph."""
    graph = Graph()
    add = graph.add
    for quad in store:
        add((_term(quad.subject), URIRef(quad.predicate.value), _term(quad.object)))
    return graph


def _to_store(data: Graph) -> ox.Store:
    store = ox.Store()
    payload = data.serialize(format="nt", encoding="utf-8")
    store.load(payload, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return store


def _inputs(source: str | Path | ox.Store | Graph | Dataset) -> tuple[ox.Store, Graph]:
    """(pyoxigraph store for context queries, flat rdflib graph for pyshacl)."""
    if isinstance(source, (str, Path)):
        store = open_graph(source)
        return store, flatten(store)
    if isinstance(source, ox.Store):
        return source, flatten(source)
    if isinstance(source, Dataset):
        flat = Graph()
        for s, p, o, _ in source.quads((None, None, None, None)):
            flat.add((s, p, o))
        return _to_store(flat), flat
    if isinstance(source, Graph):
        flat = Graph()
        flat += source
        return _to_store(flat), flat
    raise TypeError(f"cannot validate a {type(source).__name__}")


# -- shapes --------------------------------------------------------------------

def bind_as_of(shapes: Graph, as_of: date | None) -> Graph:
    """A copy of the shapes with the ``--as-of`` template shapes activated and bound.

    Without a date the template shapes stay deactivated.  With one, each
    ``sh:minInclusive`` of their property shapes gets the date as an
    xsd:date literal - bound as an RDF term, never pasted into text.
    """
    bound = Graph()
    bound += shapes
    if as_of is None:
        return bound
    value = Literal(as_of.isoformat(), datatype=XSD.date)
    for shape in set(bound.subjects(RASH.parameter, Literal("as-of"))):
        bound.remove((shape, SH.deactivated, None))
        for prop in bound.objects(shape, SH.property):
            if (prop, SH.minInclusive, None) in bound:
                bound.set((prop, SH.minInclusive, value))
    return bound


def _nearest(shapes: Graph, shape, predicate) -> list:
    """Values of ``predicate`` on the shape or the nearest shape that holds it."""
    seen = set()
    while shape is not None and shape not in seen:
        seen.add(shape)
        values = list(shapes.objects(shape, predicate))
        if values:
            return values
        shape = next(iter(shapes.subjects(SH.property, shape)), None) or \
            next(iter(shapes.subjects(SH.node, shape)), None)
    return []


def _messages(shapes: Graph, shape) -> tuple[str, str]:
    by_lang = {m.language: str(m) for m in _nearest(shapes, shape, SH.message) if isinstance(m, Literal)}
    en = by_lang.get("en") or by_lang.get(None) or by_lang.get("nl") or ""
    return en, by_lang.get("nl") or en


def _named(shapes: Graph, shape) -> URIRef | BNode:
    """The shape that carries the short name (a nested property shape's parent)."""
    seen = set()
    while shape not in seen:
        seen.add(shape)
        if (shape, DCTERMS.identifier, None) in shapes:
            return shape
        parent = next(iter(shapes.subjects(SH.property, shape)), None)
        if parent is None:
            return shape
        shape = parent
    return shape


# -- run -----------------------------------------------------------------------

def _shacl_findings(report: Graph, shapes: Graph, context: Context) -> list[Finding]:
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceShape)
        named = _named(shapes, source)
        name = shapes.value(named, DCTERMS.identifier)
        severity = str(report.value(result, SH.resultSeverity)).removeprefix(str(SH))
        en, nl = _messages(shapes, source)
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        finding = Finding(
            severity=severity, constraint=str(name) if name is not None else str(named),
            message=en, message_nl=nl, shape=str(named), focus=str(focus),
            path=str(path) if isinstance(path, URIRef) else None,
            value=str(value) if value is not None and value != focus else None,
        )
        findings.append(context.locate(finding, focus_is_literal=isinstance(focus, Literal)))
    return findings


def _add_to_report(report: Graph, findings: list[Finding], conforms: bool) -> None:
    """Record the Python checks' findings in the SHACL report graph too."""
    top = next(iter(report.subjects(RDF.type, SH.ValidationReport)), None)
    if top is None:
        top = BNode()
        report.add((top, RDF.type, SH.ValidationReport))
    for f in findings:
        node = BNode()
        report.add((top, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.resultSeverity, SH[f.severity]))
        report.add((node, SH.focusNode, URIRef(f.focus) if ":" in f.focus else Literal(f.focus)))
        report.add((node, SH.sourceShape, URIRef(f.shape)))
        report.add((node, SH.sourceConstraintComponent, URIRef(f.shape)))
        report.add((node, SH.resultMessage, Literal(f.message, lang="en")))
        report.add((node, SH.resultMessage, Literal(f.message_nl, lang="nl")))
        if f.value:
            report.add((node, SH.value, URIRef(f.value)))
    report.set((top, SH.conforms, Literal(conforms)))


def run(
    dataset_or_path: str | Path | ox.Store | Graph | Dataset,
    *,
    as_of: date | str | None = None,
    inference: bool = False,
    shapes_path: Path | None = None,
    ontology_path: Path | None = None,
) -> ValidationReport:
    """Validate a snapshot; the structured report of every finding.

    ``ontology_path`` defaults to ontology/ra.ttl; when that file does not
    exist the ontology is left out and the declared-term check is skipped.
    """
    when = parse_as_of(as_of) if isinstance(as_of, str) else as_of
    shapes = load_shapes(shapes_path or paths.SHAPES)
    ontology_file = ontology_path or paths.ONTOLOGY
    ontology = load_ontology(ontology_file) if ontology_file.is_file() else None
    store, data = _inputs(dataset_or_path)
    context = Context(store)
    checks = extra_checks.check_definitions(shapes)

    python_findings: list[Finding] = []
    if ontology is not None and "declared-term" in checks:
        python_findings += extra_checks.declared_term_findings(context, checks["declared-term"], data, ontology)

    _, report, _ = pyshacl.validate(
        data, shacl_graph=bind_as_of(shapes, when), ont_graph=ontology,
        inference="rdfs" if inference else "none", inplace=True,
        allow_warnings=True, allow_infos=True,
    )
    findings = _shacl_findings(report, shapes, context)
    if "reciprocity-balance" in checks:
        python_findings += extra_checks.reciprocity_balance(context, checks["reciprocity-balance"])
    findings += python_findings
    findings.sort(key=Finding.sort_key)
    conforms = severity_counts(findings)["Violation"] == 0
    _add_to_report(report, python_findings, conforms)
    return ValidationReport(conforms=conforms, as_of=when.isoformat() if when else None,
                            findings=findings, checked=context.checked(), report_graph=report)


def validate_command(graph: Path, *, fmt: str, as_of: str | None, severity: str | None,
                     inference: bool, arrangement: str | None = None, page: str | None = None) -> tuple[str, bool]:
    """CLI entry: (rendered report, conforms)."""
    from urllib.parse import urlsplit

    from ra_graph.validate.report import render

    when = parse_as_of(as_of)  # before the slow part: bad input fails fast
    plain = page is None or ("#" not in page and urlsplit(page).scheme in ("", "http", "https", "file"))
    if page is not None and (fmt != "html" or not plain):
        raise RaGraphError(f"--page {page}: expected the address of a graph page (graph.html, no #fragment) "
                           "and --format html")
    source: Path | ox.Store = graph
    if arrangement is not None:
        store = open_graph(graph)
        version = resolve_arrangement(store, arrangement)
        source = subset(store, [iris.arrangement_graph(version.id), VOCAB_GRAPH, ONTOLOGY_GRAPH])
    report = run(source, as_of=when, inference=inference)
    return render(report, fmt, severity=severity, page=page), report.conforms
