"""Turn a validation result into something an analyst can act on.

A SHACL result names a focus node - often a commitment IRI or even an
identifier literal - which tells a policy officer nothing.  This module
walks each focus back to its clause (via ``ra:hasCommitment``), arrangement
and section, and attaches the clause id, source line, text and the parties
of its commitments, so every finding points back to the source document.
The context is read once per run with a few SPARQL queries on the
pyoxigraph store, then looked up per result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ra_graph.core.actors import ref, short_labels
from ra_graph.core.namespaces import RA, RAI, RIJK
from ra_graph.core.store import select

if TYPE_CHECKING:  # rdflib is not imported on the read path
    from rdflib import Graph

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass
class Finding:
    """One validation result with its place in the source."""

    severity: str  # Violation | Warning | Info
    constraint: str  # the shape's short name (dcterms:identifier)
    message: str  # English
    message_nl: str
    shape: str  # shape IRI (or the Python check's IRI)
    focus: str  # focus node: IRI, or the literal's lexical form
    clause: str | None = None  # "drenthe-2025/3.1/1.1"
    arrangement: str | None = None  # "drenthe-2025"
    arrangement_title: str | None = None
    section: str | None = None  # "3.1"
    section_title: str | None = None
    line: int | None = None
    kind: str | None = None  # clause kind local name
    text: str | None = None
    commitment: str | None = None  # IRI when the focus is a commitment
    path: str | None = None  # property the result is about, if any
    value: str | None = None  # offending value, if any
    parties: list[dict] = field(default_factory=list)  # per commitment
    ministries: list[dict] = field(default_factory=list)  # Rijk-side actors involved
    extra: dict = field(default_factory=dict)  # check-specific figures

    def to_json(self) -> dict:
        data = asdict(self)
        extra = data.pop("extra")
        data.update(extra)
        return data

    @property
    def commitment_name(self) -> str | None:
        """``c1`` when the finding is about one commitment of its clause, else None."""
        return self.commitment.rsplit("/", 1)[-1] if self.commitment else None

    def sort_key(self) -> tuple:
        return (self.arrangement or "\uffff", self.line or 0, self.constraint,
                self.clause or "", self.focus, self.message, self.path or "", self.value or "")


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity, in SEVERITIES order (zeros included)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


_CLAUSES = """
SELECT ?c ?id ?a ?s ?kind ?line ?text WHERE {
  ?c a ra:Clause .
  OPTIONAL { ?c dcterms:identifier ?id }
  OPTIONAL { ?c ra:inArrangement ?a }
  OPTIONAL { ?c ra:inSection ?s }
  OPTIONAL { ?c ra:clauseKind ?kind }
  OPTIONAL { ?c ra:sourceLine ?line }
  OPTIONAL { ?c ra:text ?text }
}"""

_SECTIONS = """
SELECT ?s ?a ?number ?title ?line WHERE {
  ?s a ra:Section .
  OPTIONAL { ?s ra:inArrangement ?a }
  OPTIONAL { ?s ra:number ?number }
  OPTIONAL { ?s dcterms:title ?title }
  OPTIONAL { ?s ra:sourceLine ?line }
}"""

_ARRANGEMENTS = """
SELECT ?a ?title ?province WHERE {
  ?a a ra:Arrangement .
  OPTIONAL { ?a dcterms:title ?title }
  OPTIONAL { ?a ra:province ?province }
}"""

_COMMITMENTS = """
SELECT ?c ?m ?p ?o WHERE {
  ?c ra:hasCommitment ?m .
  OPTIONAL { ?m ?p ?o FILTER(?p IN (ra:obligor, ra:beneficiary, ra:carriedBy, ra:requestedBy, ra:modality, ra:dueBy)) }
}"""

_UNACCOUNTED = """
SELECT ?u ?a ?line ?text ?note WHERE {
  ?u a ra:UnaccountedText .
  OPTIONAL { ?u ra:inArrangement ?a }
  OPTIONAL { ?u ra:sourceLine ?line }
  OPTIONAL { ?u ra:text ?text }
  OPTIONAL { ?u ra:note ?note }
}"""

_RIJK_SIDE = "SELECT DISTINCT ?x WHERE { ?x org:subOrganizationOf+ rai:rijk }"

_IDENTIFIED = "SELECT ?x ?id WHERE { ?x dcterms:identifier ?id }"

_KEYS = {"obligor": "obligors", "beneficiary": "beneficiaries", "carriedBy": "carried_by",
         "requestedBy": "requested_by"}


def _first(row: dict, key: str) -> str | None:
    term = row.get(key)
    return term.value if term is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class Context:
    """Clause, section, arrangement and party facts of one data graph."""

    def __init__(self, store: ox.Store):
        self.names = short_labels(store)
        self.clauses = {row["c"].value: row for row in select(store, _CLAUSES)}
        self.sections = {row["s"].value: row for row in select(store, _SECTIONS)}
        self.arrangements = {row["a"].value: row for row in select(store, _ARRANGEMENTS)}
        self.unaccounted = {row["u"].value: row for row in select(store, _UNACCOUNTED)}
        self.rijk_side = {RIJK} | {row["x"].value for row in select(store, _RIJK_SIDE)}
        self.clause_of: dict[str, str] = {}
        self.commitments: dict[str, dict[str, dict]] = {}  # clause -> commitment -> facts
        for row in select(store, _COMMITMENTS):
            clause, commitment = row["c"].value, row["m"].value
            self.clause_of[commitment] = clause
            facts = self.commitments.setdefault(clause, {}).setdefault(commitment, {})
            if "p" in row:
                self._add_fact(facts, row["p"].value.removeprefix(RA), row["o"].value)
        self.by_identifier: dict[str, list[str]] = {}
        self._by_section: dict[str | None, list[tuple[str, dict]]] | None = None
        for row in select(store, _IDENTIFIED):
            self.by_identifier.setdefault(row["id"].value, []).append(row["x"].value)

    @staticmethod
    def _add_fact(facts: dict, prop: str, value: str) -> None:
        if prop in _KEYS:
            facts.setdefault(_KEYS[prop], []).append(value)
        elif prop == "modality":
            facts["modality"] = value.removeprefix(RA)
        elif prop == "dueBy":
            facts["due_by"] = value

    # -- counts for the report summary ------------------------------------
    def checked(self) -> dict[str, int]:
        """How many nodes of each kind the shapes looked at."""
        return {
            "arrangements": len(self.arrangements),
            "sections": len(self.sections),
            "clauses": len(self.clauses),
            "commitments": len(self.clause_of),
        }

    def is_rijk_side(self, iri: str) -> bool:
        return iri in self.rijk_side

    def province_of(self, arrangement: str) -> str | None:
        row = self.arrangements.get(arrangement)
        return _first(row, "province") if row else None

    def commitments_of_section(self, section: str) -> list[tuple[str, dict]]:
        """(clause IRI, commitment facts) of every commitment in a section."""
        if self._by_section is None:  # indexed once: asked for every section
            self._by_section = {}
            for clause, row in self.clauses.items():
                self._by_section.setdefault(_first(row, "s"), []).extend(
                    (clause, facts) for facts in self.commitments.get(clause, {}).values())
        return self._by_section.get(section, [])

    # -- enrichment --------------------------------------------------------
    def _party(self, commitment: str, facts: dict) -> dict:
        refs = {key: [ref(i, self.names) for i in sorted(facts.get(key, []))] for key in _KEYS.values()}
        return {"commitment": commitment, **refs, "modality": facts.get("modality"),
                "due_by": facts.get("due_by")}

    def _set_arrangement(self, finding: Finding, arrangement: str | None) -> None:
        if not arrangement:
            return
        finding.arrangement = arrangement.removeprefix(RAI)
        row = self.arrangements.get(arrangement)
        finding.arrangement_title = _first(row, "title") if row else None

    def _set_section(self, finding: Finding, section: str | None) -> None:
        row = self.sections.get(section or "")
        if row:
            finding.section = _first(row, "number")
            finding.section_title = _first(row, "title")

    def locate(self, finding: Finding, *, focus_is_literal: bool = False) -> Finding:
        """Fill in clause, arrangement, section, line, text and parties."""
        focus = finding.focus
        if focus_is_literal:
            holders = sorted(self.by_identifier.get(focus, []))
            clauses = [h for h in holders if h in self.clauses]
            focus = (clauses or holders or [focus])[0]
        if focus in self.clause_of:
            finding.commitment = focus
            focus = self.clause_of[focus]
        if focus in self.clauses:
            self._locate_clause(finding, focus)
        elif focus in self.sections:
            row = self.sections[focus]
            self._set_arrangement(finding, _first(row, "a"))
            self._set_section(finding, focus)
            finding.line = _int(_first(row, "line"))
        elif focus in self.arrangements:
            self._set_arrangement(finding, focus)
        elif focus in self.unaccounted:
            self._locate_unaccounted(finding, focus)
        return finding

    def _locate_unaccounted(self, finding: Finding, focus: str) -> None:
        """Arrangement, line, text and reason of unaccounted text; its section is the
        last section of the arrangement that starts at or before its line."""
        row = self.unaccounted[focus]
        arrangement = _first(row, "a")
        self._set_arrangement(finding, arrangement)
        finding.line = _int(_first(row, "line"))
        finding.text = _first(row, "text")
        finding.value = _first(row, "note")
        before = [(_int(_first(r, "line")) or 0, s) for s, r in self.sections.items()
                  if _first(r, "a") == arrangement and (_int(_first(r, "line")) or 0) <= (finding.line or 0)]
        if before:
            self._set_section(finding, max(before)[1])

    def _locate_clause(self, finding: Finding, clause: str) -> None:
        row = self.clauses[clause]
        finding.clause = _first(row, "id") or clause
        self._set_arrangement(finding, _first(row, "a"))
        self._set_section(finding, _first(row, "s"))
        finding.line = _int(_first(row, "line"))
        kind = _first(row, "kind")
        finding.kind = kind.removeprefix(RA) if kind else None
        finding.text = _first(row, "text")
        commitments = self.commitments.get(clause, {})
        if finding.commitment:
            commitments = {finding.commitment: commitments.get(finding.commitment, {})}
        finding.parties = [self._party(c, commitments[c]) for c in sorted(commitments)]
        involved = set()
        for facts in commitments.values():
            involved.update(a for a in facts.get("obligors", []) + facts.get("carried_by", [])
                            if self.is_rijk_side(a))
        finding.ministries = [ref(i, self.names) for i in sorted(involved)]


@dataclass
class ValidationReport:
    """Everything the renderers need: findings, what was checked, and the SHACL report graph
    (made only when asked for: ``--format ttl``)."""

    conforms: bool
    as_of: str | None
    findings: list[Finding]
    checked: dict[str, int]
    make_report_graph: Callable[[], "Graph"] = field(repr=False)
    #: sha256 of the snapshot file validated (None for a graph in memory)
    snapshot: str | None = None
    #: the tool's version, so a reader knows which checks ran
    tool_version: str = field(default_factory=lambda: __import__("ra_graph").__version__)
    #: which arrangements the findings shown come from, in words (None: every one in the graph)
    scope: str | None = None
    #: findings of older versions left out of the findings shown, per severity (all zero: none)
    out_of_scope: dict[str, int] = field(default_factory=dict)

    @cached_property
    def report_graph(self) -> "Graph":
        return self.make_report_graph()
