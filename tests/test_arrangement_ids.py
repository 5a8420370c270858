"""One arrangement id everywhere: every output names an arrangement ``<province>-<year>``."""

from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx

IDS = {"drenthe-2025", "groningen-2025"}


def test_every_output_says_groningen_2025(ra, mini_path, tmp_path):
    def out(*args: object) -> str:
        r = ra(*args, "--graph", mini_path)
        assert r.code in (0, 1), r.err
        return r.out

    seen: dict[str, set[str]] = {}
    seen["clauses"] = {c["arrangement"] for c in json.loads(out("clauses", "--format", "json"))}
    seen["owes"] = {r["arrangement"] for r in json.loads(out("owes", "Rijk", "Drenthe", "--format", "json"))
                    + json.loads(out("owes", "Rijk", "Groningen", "--format", "json"))}
    seen["query"] = {r["arrangement"] for r in json.loads(out("query", "modality-per-arrangement", "--format", "json"))}
    seen["csv"] = {r["arrangement"] for r in csv.DictReader(io.StringIO(out("export", "--format", "csv")))}
    seen["stats"] = {a["arrangement"] for a in json.loads(out("stats", "--format", "json"))["arrangements"]}
    analysis = json.loads(out("analyse", "--format", "json"))
    seen["analyse"] = {a["arrangement"] for a in analysis["reciprocity"]} | {
        k for m in analysis["by_ministry"] for k in m["by_arrangement"]}
    seen["validate"] = {r["arrangement"] for r in json.loads(out("validate", "--format", "json"))["results"]
                        if r["arrangement"]}
    graphml = tmp_path / "g.graphml"
    out("export", "--format", "graphml", "--out", graphml)
    network = nx.read_graphml(graphml)
    seen["graphml"] = {a["arrangement"] for _, a in network.nodes(data=True) if a.get("arrangement")} | {
        x for _, a in network.nodes(data=True) for x in a.get("arrangements", "").split("; ") if x} | {
        a["arrangement"] for _, _, a in network.edges(data=True) if a.get("arrangement")}
    page = tmp_path / "g.html"
    out("visualise", "--out", page)
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>',
                                page.read_text(encoding="utf-8"), re.S)[1])
    seen["page"] = {n["arrangement"] for n in data["nodes"] if n.get("arrangement")} | set(
        data["filters"]["arrangement"]) | {x for n in data["nodes"] for x in n.get("arrangements", [])}
    assert seen == dict.fromkeys(seen, IDS)
