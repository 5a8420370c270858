"""ra-graph analyse: exact figures on the mini graph and on standard-clause fixtures."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from ra_graph.core.namespaces import RAI
from ra_graph.network.analyse import normalise_text, similarity, standard_clauses
from ra_graph.network.netdata import ArrangementRecord, ClauseRecord, NetworkData

STANDARD = Path(__file__).parents[1] / "fixtures" / "network" / "standard.trig"


@pytest.fixture
def result(ra, mini_path):
    r = ra("analyse", "--graph", mini_path, "--format", "json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_centrality_on_the_co_occurrence_projection(result):
    rows = {r["label"]: r for r in result["centrality"]}
    assert len(rows) == 11  # 9 actors + 2 programmes named by commitments
    assert {k: (r["degree"], r["betweenness"]) for k, r in rows.items()} == {
        "Drenthe": (6, 0.1778),  # the only way to OCW: 8 of 45 pairs
        "Deltaprogramma Zoetwater": (8, 0.06),
        "gemeenten": (8, 0.06),
        "IenW": (8, 0.06),
        "Rijk": (7, 0.0333),
        "Groningen": (6, 0.0044),
        "VRO": (6, 0.0044),
        "LVVN": (5, 0.0),
        "RWS": (5, 0.0),
        "OCW": (1, 0.0),
        "NOVEX": (0, 0.0),
    }
    first = result["centrality"][0]
    assert first == {"iri": RAI + "provincie-drenthe", "label": "Drenthe", "kind": "actor",
                     "degree": 6, "betweenness": 0.1778}
    assert rows["NOVEX"]["kind"] == "programme"


def test_reciprocity_per_arrangement_and_section(result):
    drenthe, groningen = result["reciprocity"]
    assert drenthe["arrangement"] == "drenthe-2025" and groningen["arrangement"] == "groningen-2025"
    assert drenthe["province"] == {"iri": RAI + "provincie-drenthe", "label": "Drenthe"}
    assert (groningen["rijk_commitments"], groningen["province_commitments"],
            groningen["unassigned_commitments"], groningen["clauses"], groningen["reciprocal_clauses"]) == (2, 2, 1, 4, 1)
    assert (drenthe["rijk_commitments"], drenthe["province_commitments"],
            drenthe["clauses"], drenthe["reciprocal_clauses"]) == (3, 3, 4, 2)
    assert groningen["rijk_share"] == 0.5
    assert groningen["by_modality"] == {
        "Effort": {"rijk": 1, "province": 0, "other": 0, "unassigned": 0},
        "Dialogue": {"rijk": 1, "province": 1, "other": 0, "unassigned": 0},
        "Request": {"rijk": 0, "province": 1, "other": 0, "unassigned": 0},
        "Statement": {"rijk": 0, "province": 0, "other": 0, "unassigned": 1},
    }
    sections = {s["section"]: s for s in groningen["by_section"]}
    assert list(sections) == ["2.1", "2.4"]
    assert sections["2.4"]["title"] == "Water"
    assert (sections["2.4"]["rijk_commitments"], sections["2.4"]["province_commitments"],
            sections["2.4"]["unassigned_commitments"], sections["2.4"]["reciprocal_clauses"]) == (1, 1, 1, 0)
    assert [s["section"] for s in drenthe["by_section"]] == ["3.1", "3.7"]


def test_by_ministry(result):
    rows = {r["ministry"]["label"]: r for r in result["by_ministry"]}
    assert list(rows) == ["IenW", "VRO", "LVVN", "OCW"]  # ministries only: not the Rijk
    assert rows["IenW"]["commitments"] == 2
    assert rows["IenW"]["by_arrangement"] == {"drenthe-2025": 1, "groningen-2025": 1}
    assert rows["IenW"]["reciprocal_clauses"] == 1
    assert rows["VRO"]["by_modality"] == {"Effort": 1, "Dialogue": 1}
    assert rows["OCW"]["by_modality"] == {"Research": 1}
    # the Rijk commitment no ministry carries (drenthe-2025/3.7/1) is counted apart
    assert result["rijk_without_ministry"] == {
        "commitments": 1, "province_commitments_in_same_clauses": 1, "clauses": 1, "reciprocal_clauses": 1,
        "by_arrangement": {"drenthe-2025": 1}, "by_modality": {"Result": 1}}


def test_shared_across_provinces(result):
    assert [r["label"] for r in result["shared"]["actors"]] == ["gemeenten", "IenW", "Rijk"]
    assert result["shared"]["programmes"] == [{"iri": RAI + "deltaprogramma-zoetwater",
                                               "label": "Deltaprogramma Zoetwater",
                                               "provinces": ["Drenthe", "Groningen"]}]
    assert result["shared"]["locations"] == []
    assert result["standard_clauses"] == []


def test_standard_clauses_across_arrangements(ra):
    r = ra("analyse", "--graph", STANDARD, "--format", "json")
    assert r.code == 0, r.err
    groups = json.loads(r.out)["standard_clauses"]
    assert [(g["clauses"], g["similarity"]) for g in groups] == [
        (["drenthe-2025/3.8/1", "groningen-2025/2.8/1"], 1.0),  # identical once the province name is masked
        (["drenthe-2025/3.2/1", "groningen-2025/2.6/agenda-1"], 0.983),  # "heef ," vs "heeft," : 58/59 words
    ]
    assert groups[0]["lines"] == [896, 706]
    assert groups[0]["text"].startswith("Het Rijk en de provincie Drenthe zorgen")
    # drenthe-2025/3.1/1 and /2 are identical but in the same arrangement: not reported
    assert all("drenthe-2025/3.1/1" not in g["clauses"] for g in groups)


def test_threshold_is_applied(ra):
    r = ra("analyse", "--graph", STANDARD, "--format", "json", "--threshold", "0.99")
    assert [g["clauses"] for g in json.loads(r.out)["standard_clauses"]] == [["drenthe-2025/3.8/1", "groningen-2025/2.8/1"]]
    bad = ra("analyse", "--graph", STANDARD, "--threshold", "1.5")
    assert bad.code == 2
    assert "--threshold" in bad.err


def test_table_output_is_readable(ra, mini_path):
    r = ra("analyse", "--graph", mini_path)
    assert r.code == 0
    for heading in ("Centrality", "Reciprocity (commitments per side)", "Rijk commitments per ministry",
                    "Shared across provinces", "Standard clauses"):
        assert heading in r.out
    assert "Drenthe                   actor      6       0.1778" in r.out
    s = ra("analyse", "--graph", STANDARD)
    assert "1.000       drenthe-2025/3.8/1; groningen-2025/2.8/1" in s.out


def test_ministry_table_fits_and_leaves_the_rijk_out(ra, mini_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    out = ra("analyse", "--graph", mini_path).out
    section = out[out.index("Rijk commitments per ministry"):out.index("Shared across provinces")]
    assert section == (
        "Rijk commitments per ministry\n"
        "=============================\n"
        "ministry  commitments  province in same  clauses  reciprocal  by arrangement    by modality\n"
        "                       clauses\n"
        "--------  -----------  ----------------  -------  ----------  ----------------  --------------------\n"
        "IenW      2            1                 2        1           drenthe-2025 1;   Effort 2\n"
        "                                                              groningen-2025 1\n"
        "VRO       2            1                 2        1           groningen-2025 2  Effort 1; Dialogue 1\n"
        "LVVN      1            0                 1        0           groningen-2025 1  Effort 1\n"
        "OCW       1            0                 1        0           drenthe-2025 1    Research 1\n"
        "Not in the table: 1 Rijk commitment(s) that no ministry carries (drenthe-2025 1).\n\n")


def test_similarity_measure():
    a = normalise_text("Het Rijk en de provincie Drenthe zorgen voor data.", ["provincie Drenthe", "Drenthe"])
    b = normalise_text("Het Rijk en de provincie Groningen zorgen voor data.", ["Groningen"])
    assert a == b == ["het", "rijk", "en", "de", "provincie", "zorgen", "voor", "data"]
    assert similarity(["a", "b", "c", "d"], ["a", "b", "x", "d"]) == 0.75
    assert normalise_text("Financiële  Überregeling") == ["financiele", "uberregeling"]


def test_standard_clauses_scale_to_twelve_provinces():
    """12 arrangements x 45 clauses: the 10 standard texts are found in all 12 ."""
    rng = random.Random(7)
    words = [f"woord{i}" for i in range(400)]
    standard = [" ".join(rng.choices(words, k=rng.randint(15, 60))) for _ in range(10)]
    arrangements, clauses = {}, {}
    for p in range(12):
        arr = f"{RAI}p{p}-2025"
        arrangements[arr] = ArrangementRecord(arr, f"p{p}")
        for n in range(45):
            text = standard[n] if n < 10 else " ".join(rng.choices(words, k=rng.randint(10, 80)))
            iri = f"{arr}/1/{n}"
            clauses[iri] = ClauseRecord(iri, f"p{p:02d}/1/{n:02d}", arr, text=text, line=n)
    data = NetworkData(arrangements, clauses, {}, {}, {})
    groups = standard_clauses(data, 0.8)
    assert len(groups) == 10
    assert all(len(g["clauses"]) == 12 and g["similarity"] == 1.0 for g in groups)


def pairwise_standard_clauses(data: NetworkData, threshold: float) -> list[dict]:
    """The definition, computed the slow way: every pair of clauses of different
    arrangements scored (the shorter token list, or the one with the smaller id, as
    difflib's second sequence), pairs at or above the threshold joined."""
    import networkx as nx

    from ra_graph.network.analyse import _province_names

    items = sorted(((normalise_text(c.text, _province_names(data, c.arrangement)), c)
                    for c in data.clauses.values()), key=lambda item: (len(item[0]), item[1].id))
    items = [(tokens, c) for tokens, c in items if tokens]
    graph = nx.Graph()
    for i, (ta, ca) in enumerate(items):
        for tb, cb in items[i + 1:]:
            if ca.arrangement != cb.arrangement:
                ratio = similarity(tb, ta)
                if ratio >= threshold:
                    graph.add_edge(ca.iri, cb.iri, similarity=ratio)
    out = []
    for component in nx.connected_components(graph):
        members = sorted((data.clauses[iri] for iri in component), key=lambda c: c.id)
        low = min(d["similarity"] for _, _, d in graph.subgraph(component).edges(data=True))
        out.append({"clauses": [c.id for c in members],
                    "arrangements": sorted({data.arrangement_key(c.arrangement) for c in members}),
                    "lines": [c.line for c in members], "similarity": round(low, 3), "text": members[0].text})
    out.sort(key=lambda g: (-g["similarity"], g["clauses"]))
    return out


@pytest.mark.parametrize("threshold", [0.7])
def test_standard_clauses_equal_the_pairwise_definition_on_a_register(register, threshold):
    from ra_graph.core.store import open_graph
    from ra_graph.network.netdata import load

    data = load(open_graph(register / "data" / "graph" / "ra-graph.trig"))
    expected = pairwise_standard_clauses(data, threshold)
    assert len(expected) > 20
    assert standard_clauses(data, threshold) == expected


def test_standard_clauses_take_the_ratio_in_the_order_of_the_clause_ids():
    """difflib's ratio of two equally long texts can depend on their order (0.625 one way,
    0.75 the other here): each pair is scored with the clause whose id sorts first as
    the second sequence, as the pairwise definition does."""
    a, b = "c a c c c b b a", "a d c c a b b a"
    assert (similarity(a.split(), b.split()), similarity(b.split(), a.split())) == (0.625, 0.75)
    arrangements, clauses = {}, {}
    for n, (key, text) in enumerate([("p1", a), ("p2", b), ("p3", a), ("p4", b), ("p5", a)]):
        arr = f"{RAI}{key}-2025"
        arrangements[arr] = ArrangementRecord(arr, key)
        iri = f"{arr}/1/1"
        clauses[iri] = ClauseRecord(iri, f"{key}/1/1", arr, text=text, line=n)
    data = NetworkData(arrangements, clauses, {}, {}, {})
    for threshold in (0.6, 0.7, 0.8):
        assert standard_clauses(data, threshold) == pairwise_standard_clauses(data, threshold), threshold
    five = ["p1/1/1", "p2/1/1", "p3/1/1", "p4/1/1", "p5/1/1"]
    assert [(g["clauses"], g["similarity"]) for g in standard_clauses(data, 0.6)] == [(five, 0.625)]
    # at 0.7 only the pairs whose first id holds text a join (0.75): still one group
    assert [(g["clauses"], g["similarity"]) for g in standard_clauses(data, 0.7)] == [(five, 0.75)]
    assert [(g["clauses"], g["similarity"]) for g in standard_clauses(data, 0.8)] == [
        (["p1/1/1", "p3/1/1", "p5/1/1"], 1.0), (["p2/1/1", "p4/1/1"], 1.0)]
