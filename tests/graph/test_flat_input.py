"""A snapshot saved without its named graphs (Turtle, N-Triples) answers as its TriG does.

The views that count the arrangements in force, ``diff`` and ``validate`` read each
arrangement's own graph.  A flat file has none, so before ``store._into_graphs`` they
answered "no rows" from it: the worst kind of wrong answer, one that looks like a fact."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from ra_graph.core.store import open_graph


def _flat(trig, out, fmt):
    whole = ox.Store()
    whole.load(path=str(trig), format=ox.RdfFormat.TRIG)
    flat = ox.Store()
    flat.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in whole)
    flat.dump(output=str(out), format=fmt, from_graph=ox.DefaultGraph())
    return out


def _quads(store):
    def term(t):
        return "_:b" if isinstance(t, ox.BlankNode) else str(t)
    return sorted((term(q.subject), str(q.predicate), term(q.object), str(q.graph_name)) for q in store)


@pytest.fixture(scope="module", params=[("flat.nt", ox.RdfFormat.N_TRIPLES), ("flat.ttl", ox.RdfFormat.TURTLE)],
                ids=["n-triples", "turtle"])
def flat(request, two_drenthes, tmp_path_factory):
    name, fmt = request.param
    return _flat(two_drenthes, tmp_path_factory.mktemp("flat") / name, fmt)


def test_a_flat_file_is_put_back_into_the_snapshots_graphs(flat, two_drenthes):
    assert _quads(open_graph(flat)) == _quads(open_graph(two_drenthes, memory=True))
    graphs = {g.value.rsplit("/", 1)[-1] for g in open_graph(flat).named_graphs()}
    assert graphs == {"vocab", "ontology", "drenthe-2025", "drenthe-2026", "groningen-2025"}


@pytest.mark.parametrize("command", [
    ("owes", "Rijk", "Drenthe", "--format", "json"),
    ("owes", "LVVN", "Groningen", "--format", "json", "--all-years"),
    ("deadlines", "--format", "json", "--as-of", "2026-01-01"),
    ("stats", "--format", "json"),
    ("diff", "drenthe-2025", "drenthe-2026", "--format", "json"),
], ids=["owes", "owes-all-years", "deadlines", "stats", "diff"])
def test_a_flat_file_answers_as_the_trig(ra, flat, two_drenthes, command):
    trig = ra(*command, "--graph", two_drenthes)
    same = ra(*command, "--graph", flat)
    assert (same.code, trig.code) == (0, 0), same.err + trig.err
    assert json.loads(same.out) == json.loads(trig.out)
    assert trig.out.strip() not in ("[]", "{}")


def test_the_in_force_count_of_a_flat_file_is_not_empty(ra, flat):
    """The count that was 0 before: what the Rijk owes Drenthe in force (Drenthe 2026)."""
    r = ra("owes", "Rijk", "Drenthe", "--graph", flat, "--format", "json")
    rows = json.loads(r.out)
    assert len({row["commitment"] for row in rows}) == 39
    assert {row["arrangement"] for row in rows} == {"drenthe-2026"}
