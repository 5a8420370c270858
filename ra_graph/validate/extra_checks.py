"""The checks SHACL Core cannot express, run after the SHACL validation.

- ``reciprocity-balance`` (Info): per section, how many commitments lie on
  the Rijk side and how many with the arrangement's province.  A commitment
  counts for each side that is among its obligors: for the Rijk side when
  one of its obligors is ``rai:rijk`` or (transitively,
  ``org:subOrganizationOf``) part of it, for the province when one of its
  obligors is the arrangement's ``ra:province``.  A commitment with
  obligors on both sides (rare; a joint clause normally gives one
  commitment per side) counts for both; one with neither (no obligor, or
  only another party such as a municipality) counts for neither, so the
  two figures need not add up to the number of commitments.  A count is
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

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS

from ra_graph.core import namespaces
from ra_graph.core.namespaces import RAI, SH, compact
from ra_graph.graph.ontology import undeclared_terms
from ra_graph.validate.findings import Context, Finding

RASH = Namespace(namespaces.RASH)


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
        sev = str(severity).removeprefix(SH) if severity is not None else "Violation"
        out[str(name)] = CheckDef(str(check), str(name), sev, templates)
    return out


def reciprocity_balance(context: Context, check: CheckDef) -> list[Finding]:
    """One Info finding per section that has commitments (counted as the module docstring says)."""
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


def declared_term_findings(context: Context, check: CheckDef, data: Graph | ox.Store,
                           ontology: Graph) -> list[Finding]:
    """One finding per undeclared ``ra:`` term, located at its first user."""
    findings = []
    for term, subject in sorted(undeclared_terms(data, ontology).items()):
        finding = check.finding(subject, term=compact(term))
        finding.value = term
        findings.append(context.locate(finding))
    return findings
