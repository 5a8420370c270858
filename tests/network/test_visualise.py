"""ra-graph visualise: an offline, escaped, self-contained page (static checks)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from ra_graph.network.visualise import VIS_DIR, script_json

XSS = Path(__file__).parents[1] / "fixtures" / "network" / "xss.trig"
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import)|(?:url\(\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture
def page(ra, mini_path, tmp_path):
    def make(*options: str, graph: Path = mini_path) -> tuple[str, object]:
        out = tmp_path / "graph.html"
        r = ra("visualise", "--graph", graph, "--out", out, *options)
        assert r.code == 0, r.err
        assert f"wrote {out}" in r.err
        return out.read_text(encoding="utf-8"), r

    return make


def test_page_is_fully_offline(page):
    html, _ = page()
    assert not EXTERNAL.findall(html)
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]*\ssrc=", html, re.I)
    for host in ("jsdelivr", "cdnjs", "unpkg", "googleapis", "bootstrapcdn", "cloudflare"):
        assert host not in html.lower()
    assert "default-src 'none'" in html  # CSP forbids any fetch even if something slipped in
    assert "vis.Network" in html and "vis-network" in html  # vis-network inlined


def test_page_data_matches_the_graph(page):
    data = page_data(page()[0])
    assert len(data["nodes"]) == 21
    assert len(data["edges"]) == 39
    kinds = {n["kind"]: (n["shape"], n["color"]) for n in data["nodes"] if n["kind"] != "actor"}
    assert kinds == {"clause": ("square", "#64748b"), "programme": ("diamond", "#7c3aed"),
                     "location": ("triangle", "#16a34a")}
    actors = {n["label"]: n["color"] for n in data["nodes"] if n["kind"] == "actor"}
    assert actors["LVVN"] == actors["Rijk"] == "#1d4ed8" and actors["Groningen"] == "#ea580c"
    assert actors["gemeenten"] == "#0f766e"
    assert data["filters"] == {
        "arrangement": ["drenthe-2025", "groningen-2025"],
        "ministry": ["IenW", "LVVN", "OCW", "VRO"],
        "programme": ["Deltaprogramma Zoetwater", "NOVEX"],
        "modality": ["Acknowledgement", "Dialogue", "Effort", "Request", "Research", "Result", "Statement"],
    }
    clause = next(n for n in data["nodes"] if n["id"].endswith("veenweide-4"))
    assert clause["line"] == 468 and clause["title"].startswith("groningen-2025/2.4/veenweide-4 (line 468)\n")
    assert clause["commitments"] == [{"obligors": "IenW, LVVN, VRO", "beneficiaries": "Groningen",
                                      "modality": "Effort", "carried_by": "", "partners": "gemeenten",
                                      "programmes": "Deltaprogramma Zoetwater", "locations": "Eemshaven",
                                      "due_by": ""}]
    commits = [e for e in data["edges"] if e["relation"] == "commits"]
    assert {(e["from"].rsplit("/", 1)[1], e["to"].rsplit("/", 1)[1], e["modality"]) for e in commits} >= {
        ("rijk", "provincie-groningen", "Dialogue"), ("ocw", "provincie-drenthe", "Research")}
    sizes = {n["label"]: n["size"] for n in data["nodes"]}
    assert sizes["Rijk"] > sizes["OCW"]  # sized by the clauses linked (5 vs 1)


def test_page_data_for_the_overview_table_and_links(page):
    data = page_data(page()[0])
    rai = "https://w3id.org/ra-graph/id/"
    assert len(data["commitments"]) == 11  # every commitment of mini.trig
    assert data["commitments"][0] == {
        "clause": rai + "drenthe-2025/3.1/1.1", "modality": "Effort", "obligors": [rai + "rijk"],
        "beneficiaries": [rai + "provincie-drenthe"], "carried_by": [rai + "ienw"],
        "partners": [rai + "gemeenten", rai + "rws"], "programmes": [rai + "deltaprogramma-zoetwater"]}
    assert data["ancestors"] == {rai + "rws": [rai + "ienw", rai + "rijk"], rai + "ienw": [rai + "rijk"],
                                 rai + "ocw": [rai + "rijk"], rai + "vro": [rai + "rijk"], rai + "lvvn": [rai + "rijk"]}
    assert data["provinces"] == {"drenthe-2025": rai + "provincie-drenthe",
                                 "groningen-2025": rai + "provincie-groningen"}
    assert data["rijk"] == rai + "rijk"
    assert sorted(n["short"] for n in data["nodes"] if n["major"]) == [
        "ienw", "lvvn", "ocw", "provincie-drenthe", "provincie-groningen", "rijk", "vro"]
    assert {n["short"] for n in data["nodes"]} >= {"groningen-2025/2.4/veenweide-4", "rws", "novex"}
    assert data["nobody"]["id"] == "no-party-named"


@pytest.mark.parametrize(("options", "nodes", "clauses"), [
    (("--arrangement", "groningen"), 13, 4),
    (("--arrangement", "rai:drenthe-2025"), 12, 4),
    (("--actor", "IenW"), 12, 2),  # IenW's own clause and the one RWS (part of IenW) is partner in
    (("--actor", "OCW"), 3, 1),
    (("--programme", "NOVEX"), 2, 1),
    (("--arrangement", "groningen", "--actor", "LVVN"), 8, 1),
])
def test_subgraph_options(page, options, nodes, clauses):
    data = page_data(page(*options)[0])
    assert len(data["nodes"]) == nodes
    assert sum(n["kind"] == "clause" for n in data["nodes"]) == clauses
    assert data["title"].startswith("Ruimtelijke Arrangementen — network (")


@pytest.mark.parametrize(("options", "message"), [
    (("--actor", "Utrecht"), "--actor: unknown actor 'Utrecht'"),
    (("--programme", "Novx"), "--programme: unknown programme 'Novx'; did you mean: NOVEX (rai:novex)?"),
    (("--arrangement", "utrecht"), "--arrangement: unknown arrangement 'utrecht' (known: drenthe-2025, groningen-2025)"),
])
def test_unknown_names_exit_2(ra, mini_path, tmp_path, options, message):
    out = tmp_path / "g.html"
    r = ra("visualise", "--graph", mini_path, "--out", out, *options)
    assert r.code == 2
    assert message in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert not out.exists()


def test_unwritable_output_exits_2(ra, mini_path, tmp_path):
    r = ra("visualise", "--graph", mini_path, "--out", tmp_path / "missing" / "g.html")
    assert r.code == 2
    assert "directory does not exist" in r.err


def test_hostile_text_is_escaped(page):
    html, _ = page(graph=XSS)
    # nothing from the data appears as markup: only inside the JSON block, with < > & escaped
    assert "<img" not in html.lower()
    assert "onerror" not in html.split('<script type="application/json" id="data">')[0]
    assert html.count("</script>") == 3  # data, vis-network, page script
    assert "\u2028" not in html
    data = page_data(html)
    province = next(n for n in data["nodes"] if n["id"].endswith("provincie-evil"))
    assert province["label"] == "<img src=x onerror=alert(1)>"
    assert province["title"].startswith("<img src=x onerror=alert(1)>\n")
    clause = next(n for n in data["nodes"] if n["kind"] == "clause")
    assert "</script><script>window.__xss=1</script>" in clause["text"]


def test_script_json_escaping():
    text = script_json({"a": "</script><!-- & \u2028\u2029 >"})
    assert str(text) == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}'
    assert json.loads(str(text)) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_vendored_vis_network_is_pinned_and_licensed():
    assert VIS_DIR.parent.name == "vendor" and VIS_DIR.parent.parent.name == "network"
    digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in VIS_DIR.glob("vis-network*")}
    assert digest == {
        "vis-network.min.js": "1f20f0736f32cb9bedf8f6383b25cfea2f839e1abe80d6e8040b4d5bea378c69",
        "vis-network.css": "2e82d445ad5878ea881652470ce632601f8f55f1b99e6ebecdff8614600e6d0e",
    }
    licence = (VIS_DIR / "LICENSE-MIT").read_text()
    assert "MIT License" in licence and "Almende" in licence


def test_page_is_deterministic(page):
    first, _ = page()
    second, _ = page()
    assert first == second
