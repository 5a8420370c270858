"""Read the graph once into plain records for the network view and analytics.

The interactive page, the GraphML export and ``ra-graph analyse`` all look at
the same things: clauses, their commitments, the actors, programmes and
locations those name, and who belongs to the Rijk.  Reading them here with a
handful of SPARQL queries keeps the three consumers free of SPARQL and makes
them agree on what, for example, "Rijk side" means.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ra_graph.core.actors import short_labels
from ra_graph.core.collect import fewer_collections
from ra_graph.core.model import ACTOR_CLASSES, REFERENCES
from ra_graph.core.namespaces import PREFIXES, RA, RIJK
from ra_graph.core.store import select

# Commitment properties whose values are the entities drawn (mentions are not drawn).
ENTITY_ROLES = {prop: field for field, (prop, _) in REFERENCES.items() if field != "mentions"}


@dataclass
class Entity:
    """An actor, programme or location of the vocabulary."""

    iri: str
    kind: str  # "actor" | "programme" | "location"
    type: str  # most specific ra: class local name, e.g. "Ministry"
    label: str  # short name (JSON ``label``)
    name: str  # Dutch preferred label (for hover text)


@dataclass
class CommitmentRecord:
    iri: str
    clause: str  # clause IRI
    modality: str | None = None  # local name, e.g. "Effort"
    basis: str | None = None
    due_by: str | None = None
    obligors: list[str] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    requested_by: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    carried_by: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)


@dataclass
class ClauseRecord:
    iri: str
    id: str  # "drenthe-2025/3.1/1.1"
    arrangement: str  # arrangement IRI
    text: str = ""
    line: int | None = None
    kind: str | None = None  # "Agreement", …
    section: str | None = None  # section number "3.1"
    section_title: str | None = None
    commitments: list[CommitmentRecord] = field(default_factory=list)


@dataclass
class ArrangementRecord:
    iri: str
    key: str  # dcterms:identifier, "drenthe-2025" (the clause id prefix)
    province: str | None = None
    title: str = ""


@dataclass
class NetworkData:
    """Everything the network view and the analytics need, as plain data."""

    arrangements: dict[str, ArrangementRecord]
    clauses: dict[str, ClauseRecord]  # in clause id order
    entities: dict[str, Entity]
    parents: dict[str, set[str]]  # org:subOrganizationOf
    labels: dict[str, str]

    def ancestors(self, iri: str) -> set[str]:
        """All organisations ``iri`` is (transitively) a sub-organisation of."""
        seen: set[str] = set()
        todo = list(self.parents.get(iri, ()))
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(self.parents.get(parent, ()))
        return seen

    def is_rijk_side(self, iri: str) -> bool:
        """``rai:rijk`` and everything ``org:subOrganizationOf+ rai:rijk`` (DESIGN.md)."""
        return iri == RIJK or RIJK in self.ancestors(iri)

    def ministry_of(self, iri: str) -> str | None:
        """The ministry an actor is or belongs to (RWS -> IenW); None for others."""
        for candidate in [iri, *sorted(self.ancestors(iri))]:
            entity = self.entities.get(candidate)
            if entity and entity.type == "Ministry":
                return candidate
        return None

    def label(self, iri: str) -> str:
        return self.labels.get(iri, iri.rsplit("/", 1)[-1])

    def arrangement_key(self, iri: str) -> str:
        record = self.arrangements.get(iri)
        return record.key if record else iri.rsplit("/", 1)[-1]

    def only(self, arrangements: set[str]) -> NetworkData:
        """The same data with only the clauses of these arrangements (IRIs): what a view that
        counts in force sees (entities and labels stay, they are the vocabulary)."""
        return NetworkData({k: v for k, v in self.arrangements.items() if k in arrangements},
                           {k: c for k, c in self.clauses.items() if c.arrangement in arrangements},
                           self.entities, self.parents, self.labels)


def _local(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    if term is None:
        return None
    value = term.value
    return value[len(RA):] if value.startswith(RA) else value


def _solutions(store: ox.Store, query: str) -> Iterator[tuple]:
    """The rows of a SELECT over the union of all named graphs as tuples, in the order of its
    variables: for the queries whose every variable is bound, tens of thousands of rows on a
    big text, without a dict per row (``core.store.select``)."""
    for solution in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True):
        yield tuple(solution)


def _first(rows: list[dict], key: str) -> dict[str, str]:
    """subject -> one value, preferring Dutch literals, deterministic."""
    out: dict[str, tuple[int, str]] = {}
    for row in rows:
        if key not in row:
            continue
        term = row[key]
        rank = 0 if getattr(term, "language", None) in ("nl", None) else 1
        subject = row["x"].value
        candidate = (rank, term.value)
        if subject not in out or candidate < out[subject]:
            out[subject] = candidate
    return {s: v for s, (_, v) in out.items()}


@fewer_collections()
def load(store: ox.Store) -> NetworkData:
    """Read arrangements, clauses, commitments and the entities they name (every row read stays
    alive until the records are made: ``fewer_collections``)."""
    labels = short_labels(store)

    arrangements: dict[str, ArrangementRecord] = {}
    for row in select(store, """
        SELECT ?x ?key ?province ?title WHERE {
          ?x a ra:Arrangement .
          OPTIONAL { ?x dcterms:identifier ?key }
          OPTIONAL { ?x ra:province ?province }
          OPTIONAL { ?x dcterms:title ?title }
        }"""):
        iri = row["x"].value
        record = arrangements.setdefault(iri, ArrangementRecord(iri, iri.rsplit("/", 1)[-1]))
        if "key" in row:
            record.key = row["key"].value
        if "province" in row:
            record.province = row["province"].value
        if "title" in row and not record.title:
            record.title = row["title"].value

    rows = select(store, """
        SELECT ?x ?id ?arr ?text ?line ?kind ?number ?title WHERE {
          ?x a ra:Clause ; dcterms:identifier ?id ; ra:inArrangement ?arr .
          OPTIONAL { ?x ra:text ?text }
          OPTIONAL { ?x ra:sourceLine ?line }
          OPTIONAL { ?x ra:clauseKind ?kind }
          OPTIONAL { ?x ra:inSection ?s . OPTIONAL { ?s ra:number ?number } OPTIONAL { ?s dcterms:title ?title } }
        }""")
    texts, titles = _first(rows, "text"), _first(rows, "title")
    clauses: dict[str, ClauseRecord] = {}
    for row in rows:
        iri = row["x"].value
        if iri in clauses:
            continue
        clauses[iri] = ClauseRecord(
            iri=iri,
            id=row["id"].value,
            arrangement=row["arr"].value,
            text=texts.get(iri, ""),
            line=int(row["line"].value) if "line" in row else None,
            kind=_local(row.get("kind")),
            section=row["number"].value if "number" in row else None,
            section_title=titles.get(iri),
        )
    clauses = dict(sorted(clauses.items(), key=lambda item: item[1].id))

    commitments: dict[str, CommitmentRecord] = {}
    for clause, x in _solutions(store, "SELECT ?clause ?x WHERE { ?clause a ra:Clause ; ra:hasCommitment ?x }"):
        if clause.value in clauses:
            commitments.setdefault(x.value, CommitmentRecord(x.value, clause.value))
    names = {RA + r: r for r in [*ENTITY_ROLES, "modality", "basis", "dueBy"]}
    roles = " ".join(f"ra:{r}" for r in names.values())
    for x, role_iri, term in _solutions(store, f"""
        SELECT ?x ?role ?value WHERE {{
          VALUES ?role {{ {roles} }}
          ?clause ra:hasCommitment ?x . ?x ?role ?value .
        }}"""):
        record = commitments.get(x.value)
        if record is None:
            continue
        role, value = names[role_iri.value], term.value
        if role in ENTITY_ROLES:
            values = getattr(record, ENTITY_ROLES[role])
            if value not in values:
                values.append(value)
        elif role == "modality":
            record.modality = _local(term)
        elif role == "basis":
            record.basis = _local(term)
        elif role == "dueBy":
            record.due_by = value
    for record in sorted(commitments.values(), key=lambda c: c.iri):
        for name in ENTITY_ROLES.values():
            getattr(record, name).sort()
        clauses[record.clause].commitments.append(record)

    entity_rows = select(store, f"""
        SELECT ?x ?type ?pref WHERE {{
          VALUES ?type {{ {" ".join(f"ra:{t}" for t in (*ACTOR_CLASSES, "Programme", "Location"))} }}
          ?x a ?type .
          OPTIONAL {{ ?x skos:prefLabel ?pref }}
        }}""")
    names = _first(entity_rows, "pref")
    entities: dict[str, Entity] = {}
    for row in entity_rows:
        iri, type_ = row["x"].value, _local(row["type"]) or "Actor"
        kind = "programme" if type_ == "Programme" else "location" if type_ == "Location" else "actor"
        current = entities.get(iri)
        # keep the most specific actor class (anything but the generic ra:Actor)
        if current is None or (current.type == "Actor" and type_ != "Actor"):
            entities[iri] = Entity(iri, kind, type_, labels.get(iri, iri.rsplit("/", 1)[-1]),
                                   names.get(iri, labels.get(iri, iri)))

    parents: dict[str, set[str]] = {}
    for row in select(store, "SELECT ?x ?parent WHERE { ?x org:subOrganizationOf ?parent }"):
        parents.setdefault(row["x"].value, set()).add(row["parent"].value)

    return NetworkData(arrangements, clauses, entities, parents, labels)
