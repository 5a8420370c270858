"""The knowledge graph as a networkx multigraph, and its GraphML export.

RDF answers questions; a network answers "who is linked to what".  This
module makes that projection once, so the interactive page
(``visualise``), Gephi/Cytoscape (GraphML) and ``analyse`` see the same nodes
and edges.

Nodes (keyed by IRI), attribute ``kind``:
  ``actor``, ``programme``, ``location`` — every one a commitment names (plus
  nothing else from the vocabulary, so a gazetteer of 300 municipalities does
  not flood the picture); ``clause`` — every clause.
Edges, attribute ``relation``:
  ``commits``      obligor -> beneficiary, one per commitment and pair, with
                   ``label``/``modality``, ``clause``, ``arrangement``, ``basis``,
                   ``carried_by``;
  ``obligor``, ``partner``, ``carried_by``, ``requested_by``   actor -> clause;
  ``concerns``     clause -> programme;  ``location``   clause -> location;
  ``sub_organization_of``   actor -> parent actor (both drawn).
Clause-derived edges carry the clause IRI in ``clause``, so a sub-graph of
some clauses keeps exactly their edges.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from ra_graph.network.netdata import ClauseRecord, NetworkData, load

ACTOR_EDGE_ROLES = ("obligors", "partners", "carried_by", "requested_by")
_RELATION = {"obligors": "obligor", "partners": "partner", "carried_by": "carried_by",
             "requested_by": "requested_by"}


def _add_entity(graph: nx.MultiDiGraph, data: NetworkData, iri: str, kind: str, arrangement: str) -> None:
    """Add (or extend) an actor/programme/location node."""
    if iri not in graph:
        entity = data.entities.get(iri)
        ministry = data.ministry_of(iri) if kind == "actor" else None
        graph.add_node(
            iri,
            kind=entity.kind if entity else kind,
            type=entity.type if entity else "Unknown",
            label=data.label(iri),
            name=entity.name if entity else data.label(iri),
            iri=iri,
            arrangements=[],
            rijk_side=bool(kind == "actor" and data.is_rijk_side(iri)),
            ministry=data.label(ministry) if ministry else "",
        )
    arrangements = graph.nodes[iri]["arrangements"]
    if arrangement not in arrangements:
        arrangements.append(arrangement)
        arrangements.sort()


def _clause_attributes(data: NetworkData, clause: ClauseRecord) -> dict:
    """Node attributes of a clause, incl. what the page filters on.

    ``ministries`` are the ministries party to the clause in any role, with
    agencies rolled up to their ministry (RWS counts for IenW).
    """
    commitments = clause.commitments
    parties = {a for c in commitments for role in (*ACTOR_EDGE_ROLES, "beneficiaries") for a in getattr(c, role)}
    ministries = sorted({data.label(m) for a in parties if (m := data.ministry_of(a))})
    return {
        "kind": "clause",
        "type": clause.kind or "Clause",
        "label": clause.id,
        "iri": clause.iri,
        "id": clause.id,
        "text": clause.text,
        "line": clause.line if clause.line is not None else 0,
        "section": clause.section or "",
        "section_title": clause.section_title or "",
        "arrangement": data.arrangement_key(clause.arrangement),
        "arrangements": [data.arrangement_key(clause.arrangement)],
        "modalities": sorted({c.modality for c in commitments if c.modality}),
        "programmes": sorted({data.label(p) for c in commitments for p in c.programmes}),
        "ministries": ministries,
        "commitments": len(commitments),
    }


def from_data(data: NetworkData) -> nx.MultiDiGraph:
    """Build the multigraph from records already read (see module docstring)."""
    graph = nx.MultiDiGraph()
    for clause in data.clauses.values():
        arrangement = data.arrangement_key(clause.arrangement)
        graph.add_node(clause.iri, **_clause_attributes(data, clause))
        pairs: set[tuple[str, str]] = set()
        for commitment in clause.commitments:
            common = {"clause": clause.iri, "clause_id": clause.id, "arrangement": arrangement}
            for role in ACTOR_EDGE_ROLES:
                for actor in getattr(commitment, role):
                    _add_entity(graph, data, actor, "actor", arrangement)
                    if (actor, _RELATION[role]) not in pairs:
                        pairs.add((actor, _RELATION[role]))
                        graph.add_edge(actor, clause.iri, relation=_RELATION[role], label="", **common)
            for beneficiary in commitment.beneficiaries:
                _add_entity(graph, data, beneficiary, "actor", arrangement)
            for obligor in commitment.obligors:
                for beneficiary in commitment.beneficiaries:
                    graph.add_edge(
                        obligor, beneficiary, relation="commits",
                        label=commitment.modality or "", modality=commitment.modality or "",
                        commitment=commitment.iri, basis=commitment.basis or "",
                        carried_by=[data.label(a) for a in commitment.carried_by], **common,
                    )
            for kind, relation, targets in (("programme", "concerns", commitment.programmes),
                                            ("location", "location", commitment.locations)):
                for target in targets:
                    _add_entity(graph, data, target, kind, arrangement)
                    if (target, relation) not in pairs:
                        pairs.add((target, relation))
                        graph.add_edge(clause.iri, target, relation=relation, label=relation, **common)
    for child in sorted(data.parents):
        for parent in sorted(data.parents[child]):
            if child in graph and parent in graph and graph.nodes[child]["kind"] == "actor":
                graph.add_edge(child, parent, relation="sub_organization_of", label="",
                               clause="", clause_id="", arrangement="")
    return graph


def build_network(store: ox.Store) -> nx.MultiDiGraph:
    """The store's clauses, commitments and named entities as a multigraph."""
    return from_data(load(store))


def restrict(graph: nx.MultiDiGraph, clauses: Iterable[str]) -> nx.MultiDiGraph:
    """The sub-graph of the given clauses: them, their edges and their neighbours.

    Organisation edges (``sub_organization_of``) are kept between nodes that
    stay; every other edge is kept only if it belongs to a kept clause.
    """
    keep = set(clauses)
    sub = nx.MultiDiGraph()
    nodes: set[str] = set()
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if attrs.get("clause") in keep:
            nodes.update((u, v))
    nodes.update(c for c in keep if c in graph)
    for node in graph.nodes:  # keep graph order: deterministic output
        if node in nodes:
            sub.add_node(node, **graph.nodes[node])
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if attrs.get("clause") in keep or (attrs["relation"] == "sub_organization_of" and u in nodes and v in nodes):
            sub.add_edge(u, v, key=key, **attrs)
    return sub


def _plain(value: object) -> str | int | float:
    """GraphML values: str/int/float only (Gephi and Cytoscape reject others)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def graphml_graph(graph: nx.MultiDiGraph, replaced: list[int] | None = None) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose attributes are all GraphML-safe scalars: text holds no
    character XML 1.0 forbids (each replaced by U+FFFD and counted in ``replaced[0]``)."""
    from ra_graph.core.output import xml_safe

    count = [0]

    def safe(value: object) -> object:
        value = _plain(value)
        if isinstance(value, str):
            value, n = xml_safe(value)
            count[0] += n
        return value

    out = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        out.add_node(safe(node), **{k: safe(v) for k, v in attrs.items()})
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        out.add_edge(safe(u), safe(v), key=safe(key), **{k: safe(v) for k, v in attrs.items()})
    if replaced is not None:
        replaced[0] += count[0]
    return out


def to_graphml(store: ox.Store) -> bytes:
    """GraphML of the whole network, loadable by Gephi and Cytoscape; characters XML
    forbids (a control character in a clause text) are replaced, with a count on stderr."""
    from ra_graph.core.output import say_replaced

    buffer = io.BytesIO()
    replaced = [0]
    nx.write_graphml(graphml_graph(build_network(store), replaced), buffer, encoding="utf-8", prettyprint=True)
    say_replaced(replaced[0], "graphml: replaced by U+FFFD")
    return buffer.getvalue()
