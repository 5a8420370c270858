"""clauses, stats and export on the fixture graph: exact answers."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest


def test_clauses_json_shape_and_order(ra, mini_path):
    r = ra("clauses", "--graph", mini_path, "--format", "json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)
    assert [c["clause"] for c in rows] == [
        "drenthe-2025/3.1/1.1", "drenthe-2025/3.1/eerder-1", "drenthe-2025/3.1/principe-1", "drenthe-2025/3.7/1",
        "groningen-2025/2.1/3", "groningen-2025/2.4/drinkwater-2", "groningen-2025/2.4/veenweide-4", "groningen-2025/2.4/agenda-1",
    ]
    first = rows[0]
    assert {k: first[k] for k in ("arrangement", "section", "kind", "line")} == {
        "arrangement": "drenthe-2025", "section": "3.1", "kind": "Agreement", "line": 133,
    }
    rijk, province = first["commitments"]
    assert rijk["obligors"] == [{"iri": "https://w3id.org/ra-graph/id/rijk", "label": "Rijk"}]
    assert rijk["carried_by"] == {"iri": "https://w3id.org/ra-graph/id/ienw", "label": "IenW"}
    assert rijk["carried_by_basis"] == "FromRule"
    assert [p["label"] for p in rijk["partners"]] == ["gemeenten", "RWS"]
    assert province["obligors"][0]["label"] == "Drenthe"
    assert province["beneficiaries"][0]["label"] == "Rijk"
    assert set(rijk) >= {"obligors", "beneficiaries", "requested_by", "partners", "modality", "carried_by",
                         "programmes", "locations", "due_by", "due_text", "basis"}


def test_clauses_filters(ra, mini_path):
    r = ra("clauses", "--graph", mini_path, "--arrangement", "groningen-2025", "--kind", "agendaitem",
           "--format", "json")
    rows = json.loads(r.out)
    assert [c["clause"] for c in rows] == ["groningen-2025/2.4/agenda-1"]
    assert rows[0]["commitments"][0]["obligors"] == []


def test_clauses_request_and_deadline(ra, mini_path):
    rows = json.loads(ra("clauses", "--graph", mini_path, "--arrangement", "groningen", "--format", "json").out)
    by_id = {c["clause"]: c for c in rows}
    request = by_id["groningen-2025/2.4/drinkwater-2"]["commitments"][0]
    assert request["modality"] == "Request"
    assert request["requested_by"]["label"] == "Rijk"
    joint = by_id["groningen-2025/2.1/3"]["commitments"]
    assert [(c["due_by"], c["due_text"]) for c in joint] == [("2026-12-31", "in 2026")] * 2


def test_clauses_table_and_csv(ra, mini_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    table = ra("clauses", "--graph", mini_path, "--arrangement", "drenthe").out
    assert table == (  # parties wrapped between commitments, the text cut to a line beneath
        "clause                       kind              line  parties\n"
        "---------------------------  ----------------  ----  -------------------------\n"
        "drenthe-2025/3.1/1.1         Agreement         133   Rijk -> Drenthe [Effort];\n"
        "                                                     Drenthe -> Rijk [Effort]\n"
        "    Rijk en de provincie Drenthe werken met gemeenten, waterschappen, Rijkswaterstaat en verschille…\n"
        "drenthe-2025/3.1/eerder-1    EarlierAgreement  243   OCW -> Drenthe [Research]\n"
        "    OCW gaat na of extra Rijksinzet mogelijk en wenselijk is.\n"
        "drenthe-2025/3.1/principe-1  Principle         700   Drenthe [Acknowledgement]\n"
        "    Inzet op zoveel mogelijk meervoudig ruimtegebruik.\n"
        "drenthe-2025/3.7/1           Agreement         827   Rijk -> Drenthe [Result];\n"
        "                                                     Drenthe -> Rijk [Result]\n"
        "    Rijk en provincie spreken af dat zo snel mogelijk na het vaststellen van de nota Ruimte voor De…\n")
    rows = list(csv.DictReader(io.StringIO(ra("clauses", "--graph", mini_path, "--format", "csv").out)))
    assert len(rows) == 8
    assert rows[7]["clause"] == "groningen-2025/2.4/agenda-1"
    assert rows[7]["parties"] == "(no obligor) [Statement]"


def test_unknown_arrangement_lists_known(ra, mini_path):
    r = ra("clauses", "--graph", mini_path, "--arrangement", "utrecht")
    assert r.code == 2
    assert r.err.strip() == ("ra-graph: --arrangement: unknown arrangement 'utrecht' "
                             "(known: drenthe-2025, groningen-2025)")


def test_stats_json(ra, mini_path):
    stats = json.loads(ra("stats", "--graph", mini_path, "--format", "json").out)
    assert stats["triples"] == 337
    assert stats["classes"]["Clause"] == 8
    assert stats["classes"]["Commitment"] == 11
    drenthe, groningen = stats["arrangements"]
    assert drenthe == {
        "arrangement": "drenthe-2025", "sections": 2, "clauses": 4, "commitments": 6,
        "kind": {"Agreement": 2, "EarlierAgreement": 1, "Principle": 1},
        "modality": {"Acknowledgement": 1, "Effort": 2, "Research": 1, "Result": 2},
        "basis": {"FromCuration": 1, "FromRule": 1, "FromText": 4},
    }
    assert groningen["modality"] == {"Dialogue": 2, "Effort": 1, "Request": 1, "Statement": 1}


@pytest.mark.parametrize("fmt,parse_format,graphs", [
    ("trig", ox.RdfFormat.TRIG, 3),
    ("ttl", ox.RdfFormat.TURTLE, 0),
    ("nt", ox.RdfFormat.N_TRIPLES, 0),
    ("jsonld", ox.RdfFormat.JSON_LD, 3),
])
def test_export_rdf_round_trips(ra, mini_path, tmp_path, fmt, parse_format, graphs):
    out = tmp_path / f"g.{fmt}"
    r = ra("export", "--graph", mini_path, "--format", fmt, "--out", out)
    assert r.code == 0, r.err
    store = ox.Store()
    store.load(path=str(out), format=parse_format)
    assert len(store) == 337  # no triple is repeated across named graphs in the fixture
    assert len(list(store.named_graphs())) == graphs


def test_export_csv_is_one_row_per_commitment(ra, mini_path):
    r = ra("export", "--graph", mini_path, "--format", "csv")
    assert r.out.split("\n")[0] == ("commitment,arrangement,section,clause,line,obligor,beneficiary,carried_by,"
                                    "requested_by,partners,modality,due_by,due_text,basis,programmes,locations,text")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert [row["commitment"] for row in rows] == [
        "drenthe-2025/3.1/1.1/c1", "drenthe-2025/3.1/1.1/c2", "drenthe-2025/3.1/eerder-1/c1",
        "drenthe-2025/3.1/principe-1/c1", "drenthe-2025/3.7/1/c1", "drenthe-2025/3.7/1/c2",
        "groningen-2025/2.1/3/c1", "groningen-2025/2.1/3/c2", "groningen-2025/2.4/drinkwater-2/c1",
        "groningen-2025/2.4/veenweide-4/c1", "groningen-2025/2.4/agenda-1/c1"]
    assert rows[9] == {
        "commitment": "groningen-2025/2.4/veenweide-4/c1", "arrangement": "groningen-2025", "section": "2.4",
        "clause": "groningen-2025/2.4/veenweide-4", "line": "468", "obligor": "IenW; LVVN; VRO",
        "beneficiary": "Groningen", "carried_by": "", "requested_by": "", "partners": "gemeenten",
        "modality": "Effort", "due_by": "", "due_text": "", "basis": "text",
        "programmes": "Deltaprogramma Zoetwater", "locations": "Eemshaven",
        "text": "LVVN, IenW en VRO intensiveren de samenwerking met de provincie Groningen over het veenweidegebied."}
    assert [(row["basis"], row["due_by"], row["due_text"]) for row in rows[4:6]] == [
        ("rule passive-lead-in", "2025-08-31", "augustus 2025"), ("curation drenthe-2025.yaml:20", "", "")]
    assert (rows[8]["obligor"], rows[8]["requested_by"], rows[8]["modality"]) == ("Groningen", "Rijk", "Request")
    assert (rows[10]["obligor"], rows[10]["beneficiary"]) == ("", "")  # the clause that names no party


def test_export_csv_basis_names_rule_and_curation_entry(ra):
    rows = {row["commitment"]: row for row in csv.DictReader(io.StringIO(ra("export", "--format", "csv").out))}
    assert len(rows) == 176
    assert rows["groningen-2025/2.2/5/c1"]["basis"] == "curation groningen-2025.yaml:62"
    assert rows["groningen-2025/2.4/zoetwater-4/c1"]["basis"] == "rule passive-lead-in"
    assert rows["groningen-2025/2.7/2.3/c1"]["basis"] == "rule ellipsis"
    assert rows["drenthe-2025/3.6/eerder-2/c1"]["basis"] == "curation drenthe-2025.yaml:22"


def test_export_graphml_loads_in_networkx(ra, mini_path, tmp_path):
    import networkx as nx

    out = tmp_path / "network.graphml"
    r = ra("export", "--graph", mini_path, "--format", "graphml", "--out", out)
    assert r.code == 0, r.err
    graph = nx.read_graphml(out)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (21, 39)


@pytest.mark.parametrize("name", ["drenthe", "drenthe-2025", "rai:drenthe-2025",
                                  "https://w3id.org/ra-graph/id/drenthe-2025",
                                  "Ruimtelijk Arrangement Rijk - provincie Drenthe"])
def test_arrangement_named_every_way(ra, mini_path, name):
    rows = json.loads(ra("clauses", "--graph", mini_path, "--arrangement", name, "--format", "json").out)
    assert {r["arrangement"] for r in rows} == {"drenthe-2025"}
    assert len(rows) == 4
