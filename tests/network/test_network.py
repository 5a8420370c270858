"""The networkx projection and its GraphML export, on the shared mini graph."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest

from ra_graph.core.namespaces import RAI
from ra_graph.network.graphs import build_network, from_data, restrict, to_graphml
from ra_graph.network.netdata import load

CLAUSE = RAI + "groningen-2025/2.4/veenweide-4"


@pytest.fixture
def graph(mini_store):
    return build_network(mini_store)


def test_node_and_edge_counts(graph):
    assert graph.number_of_nodes() == 21
    assert graph.number_of_edges() == 39
    assert Counter(k for _, k in graph.nodes(data="kind")) == {"actor": 9, "clause": 8, "programme": 2, "location": 2}
    assert Counter(r for *_, r in graph.edges(data="relation")) == {
        "obligor": 12, "commits": 11, "sub_organization_of": 5, "concerns": 3, "partner": 3,
        "carried_by": 2, "location": 2, "requested_by": 1,
    }


def test_unreferenced_vocabulary_is_left_out(graph):
    # Nota Ruimte and the province *location* Groningen are in the vocabulary but no commitment names them.
    assert RAI + "nota-ruimte" not in graph
    assert RAI + "groningen" not in graph


def test_commitment_edge_attributes(graph):
    edges = graph.get_edge_data(RAI + "rijk", RAI + "provincie-groningen")
    assert len(edges) == 1
    (attrs,) = edges.values()
    assert attrs["relation"] == "commits"
    assert attrs["label"] == attrs["modality"] == "Dialogue"
    assert attrs["clause_id"] == "groningen-2025/2.1/3"
    assert attrs["arrangement"] == "groningen-2025"
    assert attrs["basis"] == "FromText"
    assert attrs["carried_by"] == ["VRO"]


def test_clause_and_actor_attributes(graph):
    clause = graph.nodes[CLAUSE]
    assert clause["kind"] == "clause"
    assert clause["id"] == clause["label"] == "groningen-2025/2.4/veenweide-4"
    assert clause["line"] == 468
    assert clause["section"] == "2.4"
    assert clause["arrangement"] == "groningen-2025"
    assert clause["ministries"] == ["IenW", "LVVN", "VRO"]
    assert clause["programmes"] == ["Deltaprogramma Zoetwater"]
    assert clause["modalities"] == ["Effort"]
    assert clause["text"].startswith("LVVN, IenW en VRO intensiveren")
    rws = graph.nodes[RAI + "rws"]
    assert (rws["kind"], rws["type"], rws["label"], rws["rijk_side"], rws["ministry"]) == (
        "actor", "Agency", "RWS", True, "IenW")
    assert graph.nodes[RAI + "provincie-groningen"]["rijk_side"] is False
    assert graph.nodes[RAI + "gemeenten"]["arrangements"] == ["drenthe-2025", "groningen-2025"]
    # edges around the clause: three obligors in, one programme and one location out
    assert sorted(graph.predecessors(CLAUSE)) == sorted(RAI + a for a in ("lvvn", "ienw", "vro", "gemeenten"))
    assert sorted(graph.successors(CLAUSE)) == [RAI + "deltaprogramma-zoetwater", RAI + "eemshaven"]


def test_restrict_to_one_arrangement(mini_store):
    data = load(mini_store)
    graph = from_data(data)
    drenthe = [c.iri for c in data.clauses.values() if c.id.startswith("drenthe-2025/")]
    sub = restrict(graph, drenthe)
    assert sub.number_of_nodes() == 12
    assert Counter(k for _, k in sub.nodes(data="kind")) == {"actor": 6, "clause": 4, "programme": 1, "location": 1}
    # IenW -> Rijk and RWS -> IenW survive, VRO/LVVN are not drawn
    assert sorted((u.removeprefix(RAI), v.removeprefix(RAI)) for u, v, r in sub.edges(data="relation")
                  if r == "sub_organization_of") == [("ienw", "rijk"), ("ocw", "rijk"), ("rws", "ienw")]


def test_graphml_loads_with_plain_attributes(mini_store):
    data = to_graphml(mini_store)
    assert data.startswith(b"<?xml")
    root = ET.fromstring(data)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    types = {k.get("attr.type") for k in root.findall("g:key", ns)}
    assert types <= {"string", "long", "int", "double", "float", "boolean"}
    assert b"None" not in data and b"[" not in data
    graph = nx.read_graphml(io.BytesIO(data))
    assert graph.number_of_nodes() == 21
    assert graph.number_of_edges() == 39
    for _, attrs in graph.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in attrs.values())
    clause = graph.nodes[CLAUSE]
    assert clause["ministries"] == "IenW; LVVN; VRO"
    assert clause["line"] == 468
    assert graph.nodes[RAI + "gemeenten"]["arrangements"] == "drenthe-2025; groningen-2025"
    assert to_graphml(mini_store) == data  # deterministic
