"""``ra-graph visualise``: one self-contained, offline, interactive graph page.

Why not ``pyvis.Network.write_html``: pyvis 0.3.2 links bootstrap from a CDN
in every mode, pastes ``heading`` unescaped, and switches every popup to
``innerHTML`` as soon as one title contains "href" — a stored XSS for text
taken from documents.  So pyvis only contributes what it is good at, the
vis-network physics options (``Network.force_atlas_2based``); the page is our
own Jinja2 template with autoescape, vis-network is inlined from the vendored
copy in ``ra_graph/network/vendor/`` (no CDN, no dependency on pyvis's file layout),
and the data travels as JSON in a ``<script type="application/json">`` block
that the page reads with ``JSON.parse`` and renders with ``textContent`` only.

The page opens on an *overview*: actors and programmes only, the
commitments folded into one edge per pair of nodes (what each owes the
other, as obligor or carrying the Rijk's, counted per direction; partners;
programmes concerned), built in the browser from the commitment records
below so that the filters re-count it.  The clause view shows the clauses
around a selected node.  A table beside the network counts commitments per
ministry and province as ``ra-graph owes MINISTRY PROVINCE`` does.  Like
``owes``, the page counts each province's arrangement in force unless asked
for all years (``--all-years``) or one arrangement; the header and the
table's caption say which.  The page holds only what it counts, so that its
cost follows the arrangements drawn, not the years in the register: a page
made with ``--all-years`` (and the workbench's) can also switch to the
arrangements in force (its Years filter, ``#years=in-force``), one made for
the arrangements in force cannot switch to every version.  Filters, view and selected node
live in the URL fragment (``#view=clauses&node=groningen-2025/2.4/veenweide-4``)
so reports and the command line can link into the page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ra_graph.core.actors import resolve
from ra_graph.core.atomic import write_atomic
from ra_graph.core.errors import RaGraphError, notice
from ra_graph.core.namespaces import RAI, RIJK
from ra_graph.core.versions import Scope, answering, resolve_arrangement, scope
from ra_graph.network.graphs import from_data, restrict
from ra_graph.network.netdata import NetworkData, load

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
VIS_DIR = PACKAGE / "vendor" / "vis-network-9.1.2"

# Presentation of node kinds: shape and colour differ per kind (and per side for actors).
NODE_STYLES: dict[str, dict[str, str]] = {
    "rijk": {"shape": "dot", "color": "#1d4ed8", "legend": "Rijk (government, ministries, agencies)"},
    "province": {"shape": "dot", "color": "#ea580c", "legend": "Province"},
    "actor": {"shape": "dot", "color": "#0f766e", "legend": "Other actor"},
    "programme": {"shape": "diamond", "color": "#7c3aed", "legend": "Programme"},
    "location": {"shape": "triangle", "color": "#16a34a", "legend": "Location", "only": "clauses"},
    "clause": {"shape": "square", "color": "#64748b", "legend": "Clause", "only": "clauses"},
    "nobody": {"shape": "dot", "color": "#dc2626", "legend": "No party named (commitments without obligor)",
               "only": "overview"},
}
EDGE_STYLES: dict[str, dict] = {
    "commits": {"color": "#334155", "width": 2, "dashes": False, "legend": "commits to (label: modality)"},
    "obligor": {"color": "#94a3b8", "width": 1, "dashes": False, "legend": "is obligor of clause"},
    "carried_by": {"color": "#94a3b8", "width": 1, "dashes": [6, 3], "legend": "carries / partner / requests"},
    "partner": {"color": "#94a3b8", "width": 1, "dashes": [6, 3], "legend": None},
    "requested_by": {"color": "#94a3b8", "width": 1, "dashes": [6, 3], "legend": None},
    "concerns": {"color": "#7c3aed", "width": 1.5, "dashes": [4, 4], "legend": "concerns programme"},
    "location": {"color": "#16a34a", "width": 1.5, "dashes": [4, 4], "legend": "at location"},
    "sub_organization_of": {"color": "#93c5fd", "width": 1, "dashes": [2, 4], "legend": "part of"},
}
_FILTER_KEYS = ("arrangement", "ministry", "programme", "modality")
#: The overview's stand-in obligor of commitments that name none, so that they stay visible.
NOBODY = "no-party-named"
#: Actor types whose names the page always draws readably (every ministry and province, and the Rijk).
MAJOR_TYPES = ("Ministry", "Province", "NationalGovernment")
#: Overview edges (built in graph.js from the commitment records).
OVERVIEW_STYLES: dict[str, dict] = {
    "commits": {"color": "#334155", "dashes": False,
                "legend": "owes commitments (as obligor or carrying the Rijk's); label: how many each way"},
    "partner": {"color": "#94a3b8", "dashes": [2, 4], "legend": "works with (partner)"},
    "concerns": {"color": "#7c3aed", "dashes": [4, 4], "legend": "takes on commitments concerning"},
    "sub_organization_of": {"color": "#93c5fd", "dashes": [2, 4], "legend": "part of"},
}


#: pyvis's forceAtlas2Based preset with the page's settings (``Network.force_atlas_2based``'s parameters)
FORCE_ATLAS = {"gravity": -110, "central_gravity": 0.01, "spring_length": 140, "spring_strength": 0.05,
               "damping": 0.55, "overlap": 0.6}


def _physics() -> dict:
    """vis-network physics options, computed by pyvis (its layout presets are the base).

    pyvis's ``physics`` module is read on its own: importing the package runs
    ``pyvis.network``, which imports IPython, half of ``visualise``'s time
    (0.3 s).  ``tests/network/test_physics_preset.py`` holds that the options are
    the ones ``pyvis.network.Network.force_atlas_2based`` gives.

    300 stabilisation iterations settle the clause view (188 nodes) in about
    a second in Chromium; vis-network's "improved layout" (a Kamada-Kawai
    start) is off: on that many nodes it took seconds and then gave up.
    """
    import importlib.util

    package = importlib.util.find_spec("pyvis")
    if package is None or not package.submodule_search_locations:
        raise RaGraphError("pyvis is not installed (pip install ra-graph installs it)")
    spec = importlib.util.spec_from_file_location(
        "ra_graph_pyvis_physics", Path(package.submodule_search_locations[0]) / "physics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    preset = module.Physics()
    preset.use_force_atlas_2based(FORCE_ATLAS)
    physics = json.loads(preset.to_json())
    physics["stabilization"] = {"enabled": True, "iterations": 300, "updateInterval": 50, "fit": True}
    physics["minVelocity"] = 1.0
    return physics


def vis_options() -> dict:
    """The complete vis-network options object of the page."""
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    return {
        "physics": _physics(),
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "nodes": {"borderWidth": 1.5, "font": {"face": font, "size": 14, "color": "#0f172a"}},
        "edges": {
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"face": font, "size": 10, "color": "#334155", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "align": "middle"},
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "keyboard": False,
                        "multiselect": False},
    }


# --------------------------------------------------------------------------- selection

def select_clauses(store: ox.Store, data: NetworkData, *, arrangement: str | None = None,
                   actor: str | None = None, programme: str | None = None) -> list[str] | None:
    """Clause IRIs the options ask for (all options must hold); None = no option given.

    ``--actor`` counts an actor in any role (obligor, beneficiary, partner,
    carrier, requester) and includes its sub-organisations: ``--actor IenW``
    also shows what Rijkswaterstaat is party to.
    """
    if not (arrangement or actor or programme):
        return None
    arrangement_iri = resolve_arrangement(store, arrangement).iri if arrangement else None
    actor_iri = resolve(store, actor, kind="actor", parameter="--actor") if actor else None
    programme_iri = resolve(store, programme, kind="programme", parameter="--programme") if programme else None
    chosen = []
    for clause in data.clauses.values():
        if arrangement_iri and clause.arrangement != arrangement_iri:
            continue
        if actor_iri:
            parties = {a for c in clause.commitments
                       for a in (*c.obligors, *c.beneficiaries, *c.partners, *c.carried_by, *c.requested_by)}
            if not any(a == actor_iri or actor_iri in data.ancestors(a) for a in parties):
                continue
        if programme_iri and not any(programme_iri in c.programmes for c in clause.commitments):
            continue
        chosen.append(clause.iri)
    return chosen


# --------------------------------------------------------------------------- page data

def _style_key(attrs: dict) -> str:
    if attrs["kind"] != "actor":
        return attrs["kind"]
    if attrs.get("rijk_side"):
        return "rijk"
    return "province" if attrs.get("type") == "Province" else "actor"


def _commitment_lines(data: NetworkData, clause_iri: str) -> list[dict]:
    """Commitments of a clause as plain strings for the side panel."""
    out = []
    for c in data.clauses[clause_iri].commitments:
        names = data.label
        out.append({
            "obligors": ", ".join(names(a) for a in c.obligors) or "(no party named)",
            "beneficiaries": ", ".join(names(a) for a in c.beneficiaries),
            "modality": c.modality or "",
            "carried_by": ", ".join(names(a) for a in c.carried_by),
            "partners": ", ".join(names(a) for a in c.partners),
            "programmes": ", ".join(names(a) for a in c.programmes),
            "locations": ", ".join(names(a) for a in c.locations),
            "due_by": c.due_by or "",
        })
    return out


def short_id(iri: str) -> str:
    """What the URL fragment calls a node: its IRI without ``https://w3id.org/ra-graph/id/``."""
    return iri.removeprefix(RAI)


def _commitment_records(graph: nx.MultiDiGraph, data: NetworkData) -> list[dict]:
    """Every commitment of the drawn clauses, with the IRIs of what it names (for the overview and table)."""
    out = []
    for clause_iri, attrs in graph.nodes(data=True):
        if attrs["kind"] != "clause":
            continue
        for c in data.clauses[clause_iri].commitments:
            out.append({"clause": clause_iri, "modality": c.modality or "", "obligors": c.obligors,
                        "beneficiaries": c.beneficiaries, "carried_by": c.carried_by, "partners": c.partners,
                        "programmes": c.programmes})
    return out


def page_data(graph: nx.MultiDiGraph, data: NetworkData, title: str, chosen: Scope | None = None,
              lacking: int = 0) -> dict:
    """Nodes, edges, commitment records, filter choices and legend for the page, JSON-ready.

    ``chosen`` is what the page opens on (default: every arrangement drawn, as all years);
    ``lacking`` the older versions the page does not hold (its Years filter says how to get them)."""
    clause_links: dict[str, set[str]] = {n: set() for n in graph.nodes}
    for u, v, attrs in graph.edges(data=True):
        if attrs.get("clause"):
            clause_links[u].add(attrs["clause"])
            clause_links[v].add(attrs["clause"])
    nodes = []
    for node, attrs in graph.nodes(data=True):
        style = NODE_STYLES[_style_key(attrs)]
        item = {"id": node, "label": attrs["label"], "kind": attrs["kind"], "type": attrs["type"],
                "shape": style["shape"], "color": style["color"], "iri": attrs["iri"], "short": short_id(node),
                "major": attrs["kind"] == "actor" and attrs["type"] in MAJOR_TYPES}
        if attrs["kind"] == "clause":
            text = attrs["text"]
            short = text if len(text) <= 220 else text[:217].rstrip() + "…"
            item.update(
                size=round(8 + 3 * attrs["commitments"], 1),
                title=f"{attrs['id']} (line {attrs['line']})\n{short}",
                text=text, line=attrs["line"], section=attrs["section"],
                section_title=attrs["section_title"], arrangement=attrs["arrangement"],
                ministries=attrs["ministries"], programmes=attrs["programmes"],
                modalities=attrs["modalities"], commitments=_commitment_lines(data, node),
            )
        else:
            linked = len(clause_links[node])
            item.update(
                size=round(12 + 5 * math.sqrt(linked), 1),
                title=f"{attrs['label']}\n{attrs['name']}\n{attrs['type']} · {linked} clause(s)",
                name=attrs["name"], arrangements=attrs["arrangements"],
            )
        nodes.append(item)

    grouped: dict[tuple, dict] = {}
    edges = []
    for u, v, attrs in graph.edges(data=True):
        relation = attrs["relation"]
        if relation == "commits":  # one drawn edge per pair and modality, listing its clauses
            key = (u, v, attrs["modality"])
            if key not in grouped:
                grouped[key] = {"from": u, "to": v, "relation": relation, "modality": attrs["modality"],
                                "clauses": []}
                edges.append(grouped[key])
            if attrs["clause"] not in grouped[key]["clauses"]:
                grouped[key]["clauses"].append(attrs["clause"])
        else:
            edges.append({"from": u, "to": v, "relation": relation,
                          "clauses": [attrs["clause"]] if attrs.get("clause") else []})
    for index, edge in enumerate(edges):
        style = EDGE_STYLES[edge["relation"]]
        edge.update(id=f"e{index}", color=style["color"], width=style["width"], dashes=style["dashes"])

    clauses = [n for n in nodes if n["kind"] == "clause"]
    filters = {
        "arrangement": sorted({n["arrangement"] for n in clauses}),
        "ministry": sorted({m for n in clauses for m in n["ministries"]}),
        "programme": sorted({p for n in clauses for p in n["programmes"]}, key=str.casefold),
        "modality": sorted({m for n in clauses for m in n["modalities"]}),
    }

    def legend_edges(styles: dict[str, dict]) -> list[dict]:
        return [{"color": s["color"], "dashes": bool(s["dashes"]), "label": s["legend"]}
                for s in styles.values() if s["legend"]]

    legend = {
        "nodes": [{"shape": s["shape"], "color": s["color"], "label": s["legend"], "only": s.get("only")}
                  for s in NODE_STYLES.values()],
        "edges": legend_edges(EDGE_STYLES),
        "overview_edges": legend_edges(OVERVIEW_STYLES),
    }
    actors = [n["id"] for n in nodes if n["kind"] == "actor"]
    drawn = sorted({data.arrangement_key(a.iri) for a in data.arrangements.values()
                    if any(c.arrangement == a.iri for c in clauses_of(graph, data))})
    if chosen is None:
        years = {"default": "all", "in_force": drawn, "all": drawn}
    elif chosen.mode == "arrangement":
        years = {"default": "in-force", "in_force": chosen.ids, "all": chosen.ids}
    else:
        in_force = [k for k in chosen.in_force if k in drawn]  # whatever the scope: the page can switch
        years = {"default": "all" if chosen.mode == "all years" else "in-force", "in_force": in_force, "all": drawn}
    years["lacking"] = lacking
    return {
        "years": years,
        "title": title, "nodes": nodes, "edges": edges, "filters": filters, "legend": legend,
        "options": vis_options(),
        "overview_styles": {k: {"color": s["color"], "dashes": s["dashes"]} for k, s in OVERVIEW_STYLES.items()},
        "commitments": _commitment_records(graph, data),
        "ancestors": {a: sorted(data.ancestors(a)) for a in actors if data.ancestors(a)},
        "provinces": {data.arrangement_key(a.iri): a.province for a in data.arrangements.values()
                      if a.province and a.province in graph},
        "rijk": RIJK if RIJK in graph else None,
        "nobody": {"id": NOBODY, "short": NOBODY, "label": "no party named", "kind": "actor",
                   "type": "no obligor", "name": "Commitments that name no obligor (validation: responsible-party)",
                   "shape": NODE_STYLES["nobody"]["shape"], "color": NODE_STYLES["nobody"]["color"], "major": False,
                   "arrangements": []},
    }


def clauses_of(graph: nx.MultiDiGraph, data: NetworkData) -> list:
    """The clause records the (sub-)graph draws."""
    return [data.clauses[n] for n, attrs in graph.nodes(data=True) if attrs["kind"] == "clause"]


# --------------------------------------------------------------------------- rendering

def script_json(value: object) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def _asset(path: Path) -> Markup:
    """A packaged JS/CSS file, checked to be safe to inline in a ``<script>``/``<style>`` element."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RaGraphError(f"vendored file missing: {exc.strerror}", file=path) from None
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise RaGraphError("vendored asset cannot be inlined safely (contains a closing tag)", file=path)
    return Markup(text)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_page(payload: dict) -> str:
    """The HTML page for ``payload`` (see ``page_data``).

    The Content-Security-Policy admits exactly the two inline scripts (by
    hash), so nothing else can run and nothing can be fetched.
    """
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("graph.html.j2")
    vis_js = _asset(VIS_DIR / "vis-network.min.js")
    page_js = _asset(TEMPLATES / "graph.js")
    return template.render(
        title=payload["title"],
        legend=payload["legend"],
        filter_keys=_FILTER_KEYS,
        data_json=script_json(payload),
        vis_css=_asset(VIS_DIR / "vis-network.css"),
        page_css=_asset(TEMPLATES / "graph.css"),
        vis_js=vis_js,
        page_js=page_js,
        script_hashes=Markup(" ".join(_csp_hash(s) for s in (vis_js, page_js))),
    )


def _title(arrangement: str | None, actor: str | None, programme: str | None) -> str:
    parts = [f"{k} {v}" for k, v in (("arrangement", arrangement), ("actor", actor),
                                       ("programme", programme)) if v]
    return "Ruimtelijke Arrangementen — network" + (f" ({', '.join(parts)})" if parts else "")


def build_page(store: ox.Store, *, arrangement: str | None = None, actor: str | None = None,
               programme: str | None = None, all_years: bool = False,
               every_version: bool = False) -> tuple[str, nx.MultiDiGraph]:
    """The page's HTML and the (sub-)graph it draws.

    The page opens on each province's arrangement in force, or on every
    version with ``all_years``; ``arrangement`` draws that one only.  It
    holds what it opens on, unless ``every_version`` (the workbench's page,
    made once): then it holds every version so that it can switch."""
    return _page(store, scope(store, arrangement=arrangement, all_years=all_years), actor, programme,
                 every_version=every_version)


def _page(store: ox.Store, chosen: Scope, actor: str | None, programme: str | None, *,
          every_version: bool = False) -> tuple[str, nx.MultiDiGraph]:
    arrangement = chosen.ids[0] if chosen.mode == "arrangement" else None  # resolved: said once
    held = every_version or chosen.mode == "all years"
    data = load(store if held else answering(store, chosen))
    graph = from_data(data)
    selected = select_clauses(store, data, arrangement=arrangement, actor=actor, programme=programme)
    if selected is not None:
        graph = restrict(graph, selected)
    lacking = 0 if held or chosen.mode == "arrangement" else chosen.older
    return render_page(page_data(graph, data, _title(arrangement, actor, programme), chosen, lacking)), graph


def visualise_command(store: ox.Store, out: Path, *, arrangement: str | None = None,
                      actor: str | None = None, programme: str | None = None, all_years: bool = False) -> None:
    """Write the interactive page to ``out`` (atomically); one line on stderr says what it counts."""
    chosen = scope(store, arrangement=arrangement, all_years=all_years)
    html, _ = _page(store, chosen, actor, programme)
    notice(f"visualise: the page counts {chosen.said().removeprefix('from ')}")
    write_atomic(out, html)
