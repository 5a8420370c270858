"""An actor stated to be both a ``ra:Ministry`` and the generic ``ra:Actor`` is a ministry on the
network page (its colour, its legend group), whatever order the store returns the two types in.
C-e182b8 (``current.type == "Actor"``: only the generic class is replaced)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ra_graph.core.namespaces import RA, RAI
from ra_graph.core.store import open_graph
from ra_graph.network import netdata

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.mark.parametrize("reverse", [False, True])
def test_the_specific_class_wins_over_ra_actor_in_any_order(mini_path, monkeypatch, reverse):
    store = open_graph(mini_path)
    store.add(ox.Quad(ox.NamedNode(RAI + "vro"), RDF_TYPE, ox.NamedNode(RA + "Actor"),
                      ox.NamedNode(RAI + "graph/vocab")))
    if reverse:
        real = netdata.select
        monkeypatch.setattr(netdata, "select", lambda *a, **k: list(reversed(list(real(*a, **k)))))
    data = netdata.load(store)
    assert (data.entities[RAI + "vro"].type, data.entities[RAI + "vro"].kind) == ("Ministry", "actor")
