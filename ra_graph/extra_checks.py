"""The checks SHACL Core cannot express, run after the SHACL validation.

- ``reciprocity-balance`` (Info): per section, how many commitments lie on
  the Rijk side and how many with the arrangement's province.  A count is
  not a constraint: Core has no aggregate, and a SPARQL-based constraint per
  section would cost seconds on the real snapshot for a figure a dictionary
  count gives in microseconds.  It also compares with the arrangement's own
  province exactly, which Core cannot.
- ``declared-term`` (Violation): every ``ra:`` IRI used in the data is
  declared in the ontology.  SHACL validates data against shapes, not term
  usage against a vocabulary, so this is a set difference in Python.

Their short names, severities and message templates live in shapes.ttl
(``rash:PythonCheck``), so wording stays in one data file.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ra_graph.findings import Context, Finding
from ra_graph.namespaces import RA, RAI, compact
from ra_graph.ontology import declared_terms

RASH = Namespace("https://w3id.org/ra-graph/shapes#")
SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class CheckDef:
    """A Python check as declared in shapes.ttl."""

    iri: str
    constraint: str
    severity: str
    templates: dict[str, Template]  # language -> message template

    def finding(self, focus: str, **values: object) -> Finding:
        text = {lang: t.safe_substitute({k: str(v) for k, v in values.items()})
                for lang, t in self.templates.items()}
        return Finding(severity=self.severity, constraint=self.constraint,
                       message=text.get("en", text.get("nl", "")), message_nl=text.get("nl", text.get("en", "")),
                       shape=self.iri, focus=focus)


def check_definitions(shapes: Graph) -> dict[str, CheckDef]:
    """short name -> definition of every ``rash:PythonCheck`` in the shapes graph."""
    out = {}
    for check in shapes.subjects(RDF.type, RASH.PythonCheck):
        name = shapes.value(check, DCTERMS.identifier)
        severity = shapes.value(check, RASH.severity)
        if name is None:
            continue
        templates = {(m.language or "en"): Template(str(m)) for m in shapes.objects(check, RASH.messageTemplate)
                     if isinstance(m, Literal)}
        sev = str(severity).removeprefix(str(SH)) if severity is not None else "Violation"
        out[str(name)] = CheckDef(str(check), str(name), sev, templates)
    return out


def reciprocity_balance(context: Context, check: CheckDef) -> list[Finding]:
    """One Info finding per section that has commitments."""
    findings = []
    for section, row in sorted(context.sections.items()):
        commitments = context.commitments_of_section(section)
        if not commitments:
            continue
        province = context.province_of(row["a"].value) if "a" in row else None
        rijk = sum(1 for _, facts in commitments if any(context.is_rijk_side(o) for o in facts.get("obligors", [])))
        prov = sum(1 for _, facts in commitments if province in facts.get("obligors", []))
        number = row["number"].value if "number" in row else section.removeprefix(RAI)
        finding = check.finding(section, section=number, rijk=rijk, province=prov)
        finding.extra = {"rijk_commitments": rijk, "province_commitments": prov,
                         "commitments": len(commitments)}
        findings.append(context.locate(finding))
    return findings


def undeclared_terms(data: Graph, ontology: Graph) -> dict[str, str]:
    """``ra:`` IRI used in ``data`` but not declared in ``ontology`` -> first subject using it.

    "Declared" is ra_graph.ontology's definition (typed as an OWL/RDFS class,
    property or named individual), so build, tests and validation agree;
    this function adds where each term is used, for the report.
    """
    declared = {URIRef(t) for t in declared_terms(ontology)}
    used: dict[str, str] = {}
    for s, p, o in data:
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(RA) and term not in declared:
                first = used.get(str(term))
                if first is None or str(s) < first:
                    used[str(term)] = str(s)
    return used


def declared_term_findings(context: Context, check: CheckDef, data: Graph, ontology: Graph) -> list[Finding]:
    """One finding per undeclared ``ra:`` term, located at its first user."""
    findings = []
    for term, subject in sorted(undeclared_terms(data, ontology).items()):
        finding = check.finding(subject, term=compact(term))
        finding.value = term
        findings.append(context.locate(finding))
    return findings
