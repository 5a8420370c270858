"""Stored queries are portable: they declare their prefixes and give the same rows on a real Oxigraph
server, after ``ra-graph export --to``, as in ra-graph.

The published data stays in its named graphs; the server runs with
``--union-default-graph`` (the choice the README documents), so a query
without GRAPH sees all of them, as ra-graph's own store does.  The graph
published is the shipped texts with Drenthe renewed by hand (conftest's
``two_drenthes``), so that the queries about versions have rows too.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from conftest import OXIGRAPH, ROOT, oxigraph_server

from ra_graph.core import paths
from ra_graph.core.namespaces import PREFIXES
from ra_graph.core.store import open_graph
from ra_graph.query import library

NAMES = library.available(paths.QUERIES)
TIMEOUT = 60.0  # a hang guard


def bound(store: ox.Store, name: str) -> str:
    stored = library.find(name)
    return library.bind(store, stored, stored.example)


@pytest.mark.parametrize("name", NAMES)
def test_every_query_declares_the_prefixes_it_uses(name):
    text = library.find(name).text
    body = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))
    used = set(re.findall(r"(?<![\w:<])([a-z]+):(?!//)", re.sub(r"<[^>]*>|\"[^\"]*\"", "", body)))
    declared = dict(re.findall(r"PREFIX\s+(\w+):\s*<([^>]+)>", body))
    assert used <= set(declared), f"undeclared: {sorted(used - set(declared))}"
    assert {p: declared[p] for p in used} == {p: PREFIXES[p] for p in used}


@pytest.mark.parametrize("name", NAMES)
def test_every_query_parses_without_the_standard_prefixes(name, mini_store):
    from ra_graph.core.errors import RaGraphError

    try:
        text = bound(mini_store, name)
    except RaGraphError:  # an example mini.trig cannot answer (one version: dropped-between refuses it)
        text = library.find(name).text
    mini_store.query(text, use_default_graph_as_union=True)  # no prefixes= given


def _term(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if term.language:
        return ("literal", term.value, "@" + term.language)
    return ("literal", term.value, term.datatype.value)


def _remote_term(binding: dict | None) -> tuple | None:
    if binding is None:
        return None
    if binding["type"] == "uri":
        return ("uri", binding["value"])
    if "xml:lang" in binding:
        return ("literal", binding["value"], "@" + binding["xml:lang"])
    return ("literal", binding["value"], binding.get("datatype", "http://www.w3.org/2001/XMLSchema#string"))


@pytest.fixture(scope="module")
def published(tmp_path_factory, two_drenthes):
    """``two_drenthes``, published with ``export --to`` to a server that unions its default graph."""
    from ra_graph.cli import main

    with oxigraph_server(tmp_path_factory.mktemp("oxi"), "--union-default-graph") as base:
        with pytest.raises(SystemExit) as exit_:
            main(["export", "--graph", str(two_drenthes), "--to", f"{base}/store"])
        assert exit_.value.code == 0
        yield base


@pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server (PyPI 'oxigraph') is not installed")
@pytest.mark.parametrize("name", NAMES)
def test_same_rows_on_oxigraph_server(name, published, two_drenthes):
    store = open_graph(two_drenthes)
    text = bound(store, name)
    solutions = library.run(store, text)
    variables = [v.value for v in solutions.variables]
    local = sorted(tuple(_term(s[v]) or () for v in variables) for s in solutions)
    request = urllib.request.Request(f"{published}/query", data=urllib.parse.urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        answer = json.load(response)
    assert answer["head"]["vars"] == variables
    remote = sorted(tuple(_remote_term(b.get(v)) or () for v in variables) for b in answer["results"]["bindings"])
    assert remote == local
    assert len(local) == EXPECTED_ROWS[name]


@pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server (PyPI 'oxigraph') is not installed")
def test_without_the_union_default_graph_the_named_graphs_are_not_seen(tmp_path):
    """Why the README asks for --union-default-graph: the data is in named graphs only."""
    from ra_graph.cli import main

    store = open_graph(ROOT / "data" / "graph" / "ra-graph.trig")
    with oxigraph_server(tmp_path) as base:
        with pytest.raises(SystemExit) as exit_:
            main(["export", "--to", f"{base}/store"])
        assert exit_.value.code == 0
        query = urllib.parse.urlencode({"query": bound(store, "owes")})
        request = urllib.request.Request(f"{base}/query?{query}", headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            assert json.load(response)["results"]["bindings"] == []


#: Rows of each stored query with its example parameters on ``two_drenthes`` (so "same rows" is not "no rows").
EXPECTED_ROWS = {
    "by-location": 24, "by-programme": 12, "commitments-of": 23, "deadlines": 22, "deadlines-between": 7,
    "deadlines-moved": 1,  # drenthe/3.3/9: augustus 2025 -> maart 2026
    "dropped-between": 1,  # drenthe-2025/3.3/2
    "earlier-agreements": 16, "modality-per-arrangement": 21, "no-responsible-party": 2, "one-sided": 33,
    "owes": 42, "programmes-per-ministry": 48, "requests": 9,
}
