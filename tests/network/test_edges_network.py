"""Boundaries of ra_graph/network/ and ra_graph/validate/ the systematic mutants found unheld (issue #25):
each test names its mutants."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest

from ra_graph.core.namespaces import RA, RAI
from ra_graph.network.analyse import standard_clauses
from ra_graph.network.netdata import ArrangementRecord, ClauseRecord, NetworkData

# -- analyse: standard clauses ------------------------------------------------------------------

WIDER = "Het Rijk en de provincie {p} zorgen samen voor voldoende betaalbare woningen in de regio."
NARROWER = "Het Rijk en de provincie {p} zorgen samen voor voldoende woningen in de regio."


def _two_provinces() -> NetworkData:
    """Drenthe 2025 and Groningen 2025, each with the same two near-identical clauses."""
    arrangements, clauses, labels = {}, {}, {}
    for province in ("Drenthe", "Groningen"):
        key = f"{province.lower()}-2025"
        arr, actor = f"{RAI}{key}", f"{RAI}provincie-{province.lower()}"
        arrangements[arr] = ArrangementRecord(arr, key, actor, f"Ruimtelijk Arrangement Rijk - provincie {province}")
        labels[actor] = province
        for n, text in ((1, WIDER), (2, NARROWER)):
            iri = f"{arr}/2.1/{n}"
            clauses[iri] = ClauseRecord(iri, f"{key}/2.1/{n}", arr, text=text.format(p=province), line=100 + n)
    return NetworkData(arrangements, dict(sorted(clauses.items())), {}, {}, labels)


def test_two_texts_each_in_the_same_two_arrangements_are_one_standard_clause():
    """C-347f1e (``len(a) == 1``): only a text found in ONE arrangement is ruled out against another
    text of that arrangement; two texts each found in both Drenthe and Groningen are still scored,
    and join (13 of 14 words: 26/27 = 0.963) into one group of four clauses."""
    data = _two_provinces()
    assert [(g["clauses"], g["similarity"]) for g in standard_clauses(data, 0.8)] == [
        (["drenthe-2025/2.1/1", "drenthe-2025/2.1/2", "groningen-2025/2.1/1", "groningen-2025/2.1/2"], 0.963)]
    # above their ratio the two texts stay apart: each is a standard clause of its own
    assert [(g["clauses"], g["similarity"]) for g in standard_clauses(data, 0.97)] == [
        (["drenthe-2025/2.1/1", "groningen-2025/2.1/1"], 1.0), (["drenthe-2025/2.1/2", "groningen-2025/2.1/2"], 1.0)]


@pytest.mark.parametrize(("threshold", "code"), [("0", 2), ("0.0", 2), ("-0.05", 2), ("0.01", 0), ("0.05", 0),
                                               ("0.95", 0), ("1", 0), ("1.01", 2), ("1.05", 2)])
def test_the_threshold_must_be_above_zero_and_at_most_one(ra, mini_path, threshold, code):
    """C-f0f60a, C-1b01c5, N-bd7580, N-de6703, N-a0d4c6, N-2b6d4d (``0.0 < threshold <= 1.0``): a
    similarity threshold of 0 would join every pair of clauses; it is refused (exit 2, one line naming
    the option), as is one above 1; any positive one up to 1 is taken."""
    r = ra("analyse", "--graph", mini_path, "--format", "json", "--threshold", threshold)
    assert r.code == code, r.err
    if code:
        assert r.out == ""
        assert r.err.strip().split("\n")[-1] == f"ra-graph: --threshold: must be in (0, 1], got {float(threshold)}"
    else:
        assert json.loads(r.out)["threshold"] == float(threshold)


# -- netdata: what a commitment is due by -------------------------------------------------------

def test_the_network_data_carries_each_commitments_date(mini_store):
    """C-3d4751 (``role == "dueBy"``): a commitment's ``ra:dueBy`` is read into ``due_by`` (the
    date the page shows as "due by"); one without it has none."""
    from ra_graph.network.netdata import load

    data = load(mini_store)
    commitments = {c.iri.removeprefix(RAI): c for clause in data.clauses.values() for c in clause.commitments}
    assert commitments["groningen-2025/2.1/3/c1"].due_by == "2026-12-31"
    assert commitments["drenthe-2025/3.7/1/c1"].due_by == "2025-08-31"
    assert (commitments["drenthe-2025/3.7/1/c1"].modality, commitments["drenthe-2025/3.7/1/c1"].basis) == (
        "Result", "FromRule")
    assert commitments["drenthe-2025/3.1/1.1/c1"].due_by is None


# -- validate: the progress bar from a hundred clauses on --------------------------------------

class _Terminal(io.StringIO):
    """stderr as a terminal: what a person watching the validation sees."""

    def isatty(self) -> bool:
        return True


def _with_clauses(store: ox.Store, total: int) -> ox.Store:
    """mini.trig's 8 clauses and more of Drenthe's section 3.7, up to ``total``."""
    graph = ox.NamedNode(f"{RAI}graph/drenthe-2025")
    section = ox.NamedNode(f"{RAI}drenthe-2025/3.7")
    for n in range(2, total - 8 + 2):
        clause = ox.NamedNode(f"{RAI}drenthe-2025/3.7/{n}")
        for p, o in ((ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(RA + "Clause")),
                     (ox.NamedNode("http://purl.org/dc/terms/identifier"), ox.Literal(f"drenthe-2025/3.7/{n}")),
                     (ox.NamedNode(RA + "inArrangement"), ox.NamedNode(f"{RAI}drenthe-2025")),
                     (ox.NamedNode(RA + "inSection"), section),
                     (ox.NamedNode(RA + "text"), ox.Literal(
                         f"Rijk en provincie Drenthe bespreken in 2026 de {n}e woningbouwlocatie.", language="nl"))):
            store.add(ox.Quad(clause, p, o, graph))
    return store


@pytest.mark.parametrize(("clauses", "bar"), [(99, False), (100, True)])
def test_validation_shows_a_bar_on_a_terminal_from_a_hundred_clauses(mini_store, monkeypatch, clauses, bar):
    """N-015149 (``LONG_WORK = 100``): validating a graph of 100 clauses or more draws a progress bar
    on a terminal; one of 99 is quick and draws none."""
    from ra_graph.validate import shacl

    store = _with_clauses(mini_store, clauses)
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    report = shacl.run(store)
    assert report.checked["clauses"] == clauses
    assert ("validate:   0%|" in terminal.getvalue()) is bar
    assert ("0/3 [" in terminal.getvalue()) is bar
