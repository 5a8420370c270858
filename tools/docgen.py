"""Reference pages of the documentation site, generated from the files they describe.

Why generated: a hand-written list of terms, shapes or stored queries drifts
from ``ontology/ra.ttl``, ``ontology/shapes.ttl`` and ``queries/*.rq`` the
first time one of them changes.  ``docs/hooks.py`` calls :func:`pages` while
MkDocs builds, so the site always shows the files as they are; the tests call
the same functions and check that every term, shape and query is there.

Run it alone to see a page: ``python tools/docgen.py vocabulary/terms.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS, SH, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

ROOT = Path(__file__).resolve().parent.parent
RA = "https://w3id.org/ra-graph/def#"
RAI = "https://w3id.org/ra-graph/id/"
KNOWN = {  # prefixes used to shorten IRIs on the pages
    "ra": RA, "rai": RAI, "rash": "https://w3id.org/ra-graph/shapes#",
    "org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#",
    "skos": str(SKOS), "dcterms": str(DCTERMS), "geo": "http://www.opengis.net/ont/geosparql#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "rdfs": str(RDFS), "rdf": str(RDF), "owl": str(OWL),
    "foaf": "http://xmlns.com/foaf/0.1/", "sh": str(SH),
}
RASH = rdflib.Namespace(KNOWN["rash"])
KINDS = (  # (heading, rdf:type) in the order the vocabulary page lists them
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
    ("Individuals", OWL.NamedIndividual),
)


def short(term: object) -> str:
    """``ra:Clause`` for a known namespace (``rai:drenthe-2025/3.1/1.1`` as the project writes
    clause ids), the IRI in angle brackets otherwise."""
    text = str(term)
    for prefix, ns in KNOWN.items():
        local = text[len(ns):]
        if text.startswith(ns) and local and ("/" not in local or prefix == "rai"):  # clause ids keep their slashes
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


def _cell(text: str) -> str:
    """Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _lang(graph: rdflib.Graph, subject, predicate, lang: str) -> str:
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


def _anchor(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1].lower()


def declared_terms(ontology: Path = ROOT / "ontology" / "ra.ttl") -> dict[str, list[URIRef]]:
    """The ``ra:`` terms ``ontology`` declares, by kind (the headings of :data:`KINDS`)."""
    graph = rdflib.Graph().parse(ontology)
    out: dict[str, list[URIRef]] = {}
    seen: set[URIRef] = set()
    for heading, kind in KINDS:
        terms = sorted(t for t in graph.subjects(RDF.type, kind)
                       if isinstance(t, URIRef) and str(t).startswith(RA) and t not in seen)
        seen.update(terms)
        out[heading] = terms
    return out


def _examples(snapshot: Path, terms: list[URIRef], classes: dict[URIRef, list[URIRef]],
              individuals: set[URIRef]) -> dict[URIRef, str]:
    """One use of each term in the built snapshot, so a reader sees real data.

    ``classes`` maps each class to itself and its subclasses: an instance of a
    subclass is an instance of the class (``ra:Actor`` has none of its own)."""
    if not snapshot.exists():
        return {}
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(snapshot), format=ox.RdfFormat.TRIG)
    out: dict[URIRef, str] = {}
    for term in terms:
        iri = ox.NamedNode(str(term))
        if term in classes:
            quads = [q for c in classes[term]
                     for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(c)), None)]
        elif term in individuals:
            quads = store.quads_for_pattern(None, None, iri, None)
        else:
            quads = store.quads_for_pattern(None, iri, None, None)
        first = min(quads, key=lambda q: (str(q.subject), str(q.object)), default=None)
        if first is None:
            continue
        subject = short(first.subject.value) if isinstance(first.subject, ox.NamedNode) else "_:b"
        if term in classes:
            out[term] = f"`{subject}`"
            continue
        if term in individuals:
            out[term] = f"`{subject}` `{short(first.predicate.value)}` `{short(term)}`"
            continue
        obj = first.object
        if isinstance(obj, ox.NamedNode):
            value = short(obj.value)
        elif isinstance(obj, ox.Literal):
            value = obj.value if len(obj.value) <= 60 else obj.value[:57] + "…"
            value = f'"{value}"' + (f"@{obj.language}" if obj.language else "")
        else:
            value = "_:b"
        out[term] = f"`{subject}` → `{value}`"
    return out


def vocabulary_terms(ontology: Path = ROOT / "ontology" / "ra.ttl",
                     snapshot: Path = ROOT / "data" / "graph" / "ra-graph.trig") -> str:
    """Every class and property of ``ra.ttl``: labels (nl/en), definition, domain, range, an example."""
    graph = rdflib.Graph().parse(ontology)
    kinds = declared_terms(ontology)
    every = [t for terms in kinds.values() for t in terms]
    subclasses = {c: sorted(s for s in graph.transitive_subjects(RDFS.subClassOf, c) if isinstance(s, URIRef))
                  for c in kinds["Classes"]}
    examples = _examples(snapshot, every, subclasses, set(kinds["Individuals"]))
    onto = next(graph.subjects(RDF.type, OWL.Ontology))
    lines = [
        "# Vocabulary terms",
        "",
        "<!-- generated by tools/docgen.py from ontology/ra.ttl and the snapshot; do not edit -->",
        "",
        f"**{_lang(graph, onto, DCTERMS.title, 'en')}** "
        f"(*{_lang(graph, onto, DCTERMS.title, 'nl')}*), "
        f"version {graph.value(onto, OWL.versionInfo)}, namespace `{RA}` (prefix `ra:`).",
        "",
        _lang(graph, onto, DCTERMS.description, "en"),
        "",
        "Each term below gives its English and Dutch label, its definition, where it sits in the "
        "hierarchy, its domain and range, and one use of it in the built snapshot "
        "(`data/graph/ra-graph.trig`). The Turtle source is `ontology/ra.ttl`; a running "
        "`ra-graph serve` also serves it at `/def`.",
        "",
    ]
    for heading, terms in kinds.items():
        if not terms:
            continue
        lines += [f"## {heading}", "", "| term | label (en) | label (nl) |", "|---|---|---|"]
        lines += [f"| [`{short(t)}`](#{_anchor(t)}) | {_cell(_lang(graph, t, RDFS.label, 'en'))} "
                  f"| {_cell(_lang(graph, t, RDFS.label, 'nl'))} |" for t in terms]
        lines.append("")
        for term in terms:
            lines += _term_block(graph, term, examples.get(term))
    return "\n".join(lines).rstrip() + "\n"


def _term_block(graph: rdflib.Graph, term: URIRef, example: str | None) -> list[str]:
    rows = [
        ("IRI", f"`{term}`"),
        ("label", f"{_lang(graph, term, RDFS.label, 'en')} / *{_lang(graph, term, RDFS.label, 'nl')}*"),
        ("definition", _lang(graph, term, RDFS.comment, "en")),
        ("definitie", _lang(graph, term, RDFS.comment, "nl")),
    ]
    for name, predicate in (("subclass of", RDFS.subClassOf), ("subproperty of", RDFS.subPropertyOf),
                            ("domain", RDFS.domain), ("range", RDFS.range), ("type", RDF.type)):
        values = sorted(short(v) for v in graph.objects(term, predicate)
                        if isinstance(v, URIRef) and not (predicate == RDF.type and v in (
                            OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                            OWL.AnnotationProperty, OWL.NamedIndividual)))
        if values:
            rows.append((name, ", ".join(f"`{v}`" for v in values)))
    rows.append(("example", example or "not used in the shipped snapshot"))
    out = [f"### {short(term)} {{#{_anchor(term)}}}", "", "| | |", "|---|---|"]
    out += [f"| {name} | {_cell(value)} |" for name, value in rows if value]
    return out + [""]


def shape_list(shapes: Path = ROOT / "ontology" / "shapes.ttl") -> list[dict[str, str]]:
    """The named shapes of ``shapes.ttl`` (those with a short name), with severity and messages."""
    graph = rdflib.Graph().parse(shapes)
    out = []
    for shape in sorted(set(graph.subjects(DCTERMS.identifier, None)), key=str):
        targets = [short(t) for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
                   for t in graph.objects(shape, p)]
        severity = graph.value(shape, SH.severity) or graph.value(shape, RASH.severity)
        python = (shape, RDF.type, RASH.PythonCheck) in graph
        out.append({
            "shape": short(shape),
            "name": str(graph.value(shape, DCTERMS.identifier)),
            "severity": str(severity).rsplit("#", 1)[-1] if severity else "",
            "targets": "computed in Python" if python else ", ".join(sorted(targets)),
            "checks_en": _message(graph, shape, "en"),
            "checks_nl": _message(graph, shape, "nl"),
        })
    return out


def _message(graph: rdflib.Graph, shape, lang: str) -> str:
    for predicate in (SH.message, RASH.messageTemplate, RDFS.comment):
        if text := _lang(graph, shape, predicate, lang):
            return text
    return ""


def vocabulary_shapes(shapes: Path = ROOT / "ontology" / "shapes.ttl") -> str:
    """Every shape with its short name, severity, target and what it checks."""
    lines = [
        "# Validation shapes",
        "",
        "<!-- generated by tools/docgen.py from ontology/shapes.ttl; do not edit -->",
        "",
        "`ra-graph validate` checks the graph against the SHACL Core shapes in `ontology/shapes.ttl`. "
        "Each shape has a short name that reports, JSON output and tests use. Findings of severity "
        "Violation make `validate` exit 1. Checks that SHACL Core cannot state run in Python "
        "(`ra_graph/validate/extra_checks.py`); they are declared in the same file with type "
        "`rash:PythonCheck` and appear here as well.",
        "",
        "| short name | severity | applies to | what it reports (en) | wat het meldt (nl) | shape |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| `{s['name']}` | {s['severity'] or '—'} | {_cell(s['targets']) or '—'} | "
              f"{_cell(s['checks_en'])} | {_cell(s['checks_nl'])} | `{s['shape']}` |" for s in shape_list(shapes)]
    return "\n".join(lines) + "\n"


def stored_queries(directory: Path = ROOT / "queries") -> str:
    """Every stored query with its question, parameters, example and SPARQL text."""
    from ra_graph.query import library

    lines = [
        "# Stored queries",
        "",
        "<!-- generated by tools/docgen.py from queries/*.rq; do not edit -->",
        "",
        "Each file in `queries/` is one analyst's question. Run it with "
        "`ra-graph query NAME --param name=value` (names, not IRIs: `--param debtor=LVVN`), "
        "in the workbench at `/questions/NAME`, or paste the SPARQL (`--show` prints it with "
        "the parameters bound) into any SPARQL 1.1 store that serves the union of the named graphs "
        "as its default graph.",
        "",
        "| query | question |",
        "|---|---|",
    ]
    names = library.available(directory)
    stored = {name: library.find(name, directory) for name in names}
    lines += [f"| [`{name}`](#{name}) | {_cell(stored[name].title)} |" for name in names]
    lines.append("")
    for name in names:
        query = stored[name]
        lines += [f"## {name} {{#{name}}}", "", query.title, ""]
        if query.params:
            lines += ["| parameter | kind | required | meaning |", "|---|---|---|---|"]
            lines += [f"| `{p.name}` | {p.type} | {'no' if p.optional else 'yes'} | {_cell(p.doc)} |"
                      for p in query.params]
            lines.append("")
        example = " ".join(f"--param {k}={v}" for k, v in query.example.items())
        lines += ["```sh", f"ra-graph query {name}" + (f" {example}" if example else ""), "```", "",
                  "??? note \"SPARQL\"", "    ```sparql"]
        lines += [f"    {line}".rstrip() for line in query.text.rstrip("\n").split("\n")]
        lines += ["    ```", ""]
    return "\n".join(lines).rstrip() + "\n"


GENERATED: dict[str, Callable[[], str]] = {
    "vocabulary/terms.md": vocabulary_terms,
    "vocabulary/shapes.md": vocabulary_shapes,
    "reference/queries.md": stored_queries,
}


def pages() -> dict[str, str]:
    """Every generated page, by its path under ``docs/``."""
    return {path: make() for path, make in GENERATED.items()}


if __name__ == "__main__":
    wanted = sys.argv[1:] or list(GENERATED)
    for path in wanted:
        if path not in GENERATED:
            raise SystemExit(f"docgen: no generated page {path!r}; there are: {', '.join(GENERATED)}")
        sys.stdout.write(GENERATED[path]())
