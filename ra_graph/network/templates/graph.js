/* Behaviour of the offline graph page (graph.html.j2).
 *
 * Reads the graph from <script type="application/json" id="data">, draws it
 * with vis-network in one of two views, filters it, counts commitments per
 * ministry and province, and keeps filters, view and selection in the URL
 * fragment.  Text from the documents is only ever written with textContent
 * (or given to vis-network as a plain string title, which it renders as
 * text), never as HTML.
 *
 *   overview  actors and programmes; each drawn edge folds the commitments of
 *             the clauses shown (obligor -> beneficiary, carrier ->
 *             beneficiary, obligor -> partner, actor -> programme);
 *   clauses   every clause with its actors, programmes and locations.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("data").textContent);
  var FILTERS = ["arrangement", "ministry", "programme", "modality"];
  var RAI = "https://w3id.org/ra-graph/id/";
  // on-screen sizes (CSS px) of the labels, whatever the zoom: the names of ministries, provinces and
  // the Rijk; every other name; the counts on edges; programmes, locations and clauses (drawn only
  // where they fit without covering a name)
  var PX = { major: 14, name: 12, edge: 12, clause: 11, optional: 11 };
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var YEARS = DATA.years;  // {default: "in-force"|"all", in_force: [arrangement keys], all: [...]}
  var inForce = new Set(YEARS.in_force);
  var NOBODY = DATA.nobody;  // the overview's stand-in for "no obligor named"
  var byId = new Map([[NOBODY.id, NOBODY]]), byShort = new Map([[NOBODY.short, NOBODY.id]]);
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); byShort.set(n.short, n.id); });
  var edgeById = new Map();
  DATA.edges.forEach(function (e) { edgeById.set(e.id, e); });
  var commitmentsOf = new Map();
  DATA.commitments.forEach(function (c) {
    if (!commitmentsOf.has(c.clause)) { commitmentsOf.set(c.clause, []); }
    commitmentsOf.get(c.clause).push(c);
  });

  // clause id -> ids of the nodes its edges touch (for search and the entity panel)
  var around = new Map();
  function near(clause, id) {
    if (!around.has(clause)) { around.set(clause, new Set()); }
    around.get(clause).add(id);
  }
  DATA.edges.forEach(function (e) { e.clauses.forEach(function (c) { near(c, e.from); near(c, e.to); }); });
  DATA.commitments.forEach(function (c) { if (!c.obligors.length) { near(c.clause, NOBODY.id); } });
  var haystack = new Map();
  DATA.nodes.forEach(function (n) {
    if (n.kind !== "clause") { return; }
    var parts = [n.label, n.text];
    (around.get(n.id) || new Set()).forEach(function (id) {
      var m = byId.get(id);
      if (m) { parts.push(m.label, m.name || ""); }
    });
    haystack.set(n.id, parts.join(" \u0000 ").toLowerCase());
  });

  var state = { view: "overview", years: YEARS.default, arrangement: "", ministry: "", programme: "", modality: "",
                search: "", node: "", around: "", panel: "table", sort: "" };
  var missing = {};  // fragment values naming nothing in this page: kept in the URL and said on the page
  var visibleNodes = new Set(), visibleEdges = new Set(), visibleClauses = new Set();
  var drawnEdges = new Map();  // id -> the edge record the network draws (for its details)
  var shownEdge = null;  // the edge whose details the panel shows

  // ---- what the filters let through
  // the arrangements counted: the one chosen, else each province's in force, else every version
  function arrangementShown(key) {
    if (state.arrangement) { return key === state.arrangement; }
    return state.years === "all" || inForce.has(key);
  }
  function clauseShown(n) {
    if (!arrangementShown(n.arrangement)) { return false; }
    if (state.ministry && n.ministries.indexOf(state.ministry) < 0) { return false; }
    if (state.programme && n.programmes.indexOf(state.programme) < 0) { return false; }
    if (state.modality && n.modalities.indexOf(state.modality) < 0) { return false; }
    if (state.search && haystack.get(n.id).indexOf(state.search) < 0) { return false; }
    return true;
  }
  function label(id) { return (byId.get(id) || { label: id }).label; }
  // the modality and programme filters hold for each commitment, as in `ra-graph owes --modality/--programme`
  function commitmentShown(c) {
    if (!visibleClauses.has(c.clause)) { return false; }
    if (state.modality && c.modality !== state.modality) { return false; }
    if (state.programme && !c.programmes.some(function (p) { return label(p) === state.programme; })) { return false; }
    return true;
  }
  function shownCommitments() { return DATA.commitments.filter(commitmentShown); }

  function computeClauses() {
    visibleClauses.clear();
    DATA.nodes.forEach(function (n) { if (n.kind === "clause" && clauseShown(n)) { visibleClauses.add(n.id); } });
  }

  // ---- the clause view: the clauses around one node (its own, or those it is party to), with their parties
  function neighbourhood(id) {
    var n = byId.get(id);
    if (!n) { return new Set(); }
    if (n.kind === "clause") { return new Set(visibleClauses.has(id) ? [id] : []); }
    var out = new Set();
    around.forEach(function (ids, clause) { if (ids.has(id) && visibleClauses.has(clause)) { out.add(clause); } });
    return out;
  }
  function clauseView() {
    var centre = state.around || state.node;
    var clauses = centre ? neighbourhood(centre) : new Set();
    var nodes = new Set(clauses), edges = [];
    DATA.edges.forEach(function (e) {
      if (e.clauses.some(function (c) { return clauses.has(c); })) {
        edges.push(e); nodes.add(e.from); nodes.add(e.to);
      }
    });
    DATA.edges.forEach(function (e) {  // organisation edges: drawn between nodes that are drawn
      if (!e.clauses.length && nodes.has(e.from) && nodes.has(e.to)) { edges.push(e); }
    });
    // clauses are labelled section/item (3.1/1.1); those of another arrangement than most keep their full id
    var tally = {}, main = "";
    clauses.forEach(function (c) { var a = byId.get(c).arrangement; tally[a] = (tally[a] || 0) + 1; });
    Object.keys(tally).forEach(function (a) { if (!main || tally[a] > tally[main]) { main = a; } });
    return {
      nodes: DATA.nodes.filter(function (n) { return nodes.has(n.id); }).map(function (n) {
        var item = nodeItem(n, n.size);
        if (n.kind === "clause" && n.arrangement === main) { item.label = item.fullLabel = n.label.replace(/^[^/]*\//, ""); }
        return item;
      }),
      edges: edges.map(function (e) {
        var n = e.clauses.filter(function (c) { return clauses.has(c); }).length;
        var text = e.relation === "commits" ? e.modality + (n > 1 ? " \u00d7" + n : "") : "";
        return { id: e.id, from: e.from, to: e.to, text: text, width: e.width, dashes: e.dashes,
                 color: { color: e.color, highlight: "#0f172a", hover: "#0f172a" },
                 arrows: e.relation === "sub_organization_of" ? { to: { enabled: true, scaleFactor: 0.4 } } : undefined,
                 source: e };
      }),
    };
  }

  // ---- the overview: actors and programmes, commitments folded into one counted edge per pair of nodes
  //   between two actors: the commitments one owes the other (as obligor, or carrying the Rijk's), each
  //   direction counted apart ("32 → · ← 33"); actor -> partner and actor -> programme where no
  //   commitment links the pair; part-of between organisations drawn.
  function overview() {
    var pairs = new Map(), involved = new Map();
    function pair(a, b) {
      var key = a < b ? a + "|" + b : b + "|" + a;
      if (!pairs.has(key)) {
        pairs.set(key, { id: "o" + pairs.size, from: a < b ? a : b, to: a < b ? b : a, relations: new Set(),
                         fwd: new Set(), back: new Set(), fwdOwn: new Set(), backOwn: new Set(),
                         fwdModalities: {}, backModalities: {}, other: new Set(), clauses: [] });
      }
      return pairs.get(key);
    }
    function add(from, to, relation, c, own) {
      if (from === to) { return; }
      var p = pair(from, to), forward = p.from === from;
      p.relations.add(relation);
      if (relation === "owes") {
        var set = forward ? p.fwd : p.back;
        if (!set.has(c)) {
          set.add(c);
          var counts = forward ? p.fwdModalities : p.backModalities;
          counts[c.modality || "unknown"] = (counts[c.modality || "unknown"] || 0) + 1;
        }
        if (own) { (forward ? p.fwdOwn : p.backOwn).add(c); }
      } else { p.other.add(c); }
      if (p.clauses.indexOf(c.clause) < 0) { p.clauses.push(c.clause); }
      involve(from, c);
      involve(to, c);
    }
    function involve(id, c) {
      if (!involved.has(id)) { involved.set(id, new Set()); }
      involved.get(id).add(c);
    }
    shownCommitments().forEach(function (c) {
      if (!c.obligors.length) { involve(NOBODY.id, c); }  // drawn even when it names nobody else either
      (c.obligors.length ? c.obligors : [NOBODY.id]).forEach(function (o) {
        c.beneficiaries.forEach(function (b) { add(o, b, "owes", c, true); });
        c.partners.forEach(function (p) { add(o, p, "partner", c); });
      });
      c.carried_by.forEach(function (m) { c.beneficiaries.forEach(function (b) { add(m, b, "owes", c, false); }); });
      (c.carried_by.length ? c.carried_by : c.obligors.length ? c.obligors : [NOBODY.id]).forEach(function (a) {
        c.programmes.forEach(function (p) { add(a, p, "concerns", c); });
      });
    });
    DATA.edges.forEach(function (e) {
      if (e.relation === "sub_organization_of" && involved.has(e.from) && involved.has(e.to)) {
        var p = pair(e.from, e.to);
        p.relations.add("sub_organization_of");
        p.partOf = e.from;
      }
    });
    var styles = DATA.overview_styles, commitments = shownCommitments();
    return {
      nodes: [NOBODY].concat(DATA.nodes).filter(function (n) { return involved.has(n.id); }).map(function (n) {
        var node = nodeItem(n, Math.round(10 + 4 * Math.sqrt(involved.get(n.id).size)));
        node.title = n.label + (n.name && n.name !== n.label ? "\n" + n.name : "") + "\n" + n.type + " \u00b7 " +
          plural(involved.get(n.id).size, "commitment") + " shown";
        return node;
      }),
      edges: Array.from(pairs.values()).map(function (p) {
        var total = p.fwd.size + p.back.size;
        var relation = total ? "commits" : ["partner", "concerns", "sub_organization_of"].filter(function (r) {
          return p.relations.has(r);
        })[0];
        var style = styles[relation];
        p.relation = relation;
        var forward = total ? p.fwd.size > 0 : relation !== "sub_organization_of" || p.partOf === p.from;
        var backward = total ? p.back.size > 0 : relation === "sub_organization_of" && p.partOf === p.to;
        return { id: p.id, from: p.from, to: p.to, dashes: style.dashes, smooth: false,
                 major: total > 0, counts: total ? [p.fwd.size, p.back.size] : null,
                 width: total ? 1 + 1.6 * Math.log2(1 + total) : 1, title: pairTitle(p, commitments),
                 color: { color: style.color, highlight: "#0f172a", hover: "#0f172a" },
                 arrows: { to: { enabled: forward, scaleFactor: total ? 0.7 : 0.45 },
                           from: { enabled: backward, scaleFactor: total ? 0.7 : 0.45 } },
                 source: p };
      }),
    };
  }

  // the hover text of an overview edge: each direction's commitments, and a ministry's total to a province
  function pairTitle(p, commitments) {
    var lines = [];
    [[p.from, p.to, p.fwd, p.fwdOwn, p.fwdModalities], [p.to, p.from, p.back, p.backOwn, p.backModalities]]
      .forEach(function (d) {
        if (!d[2].size) { return; }
        var carried = d[2].size - d[3].size;
        lines.push(label(d[0]) + " \u2192 " + label(d[1]) + ": " + plural(d[2].size, "commitment") +
          " (" + modalityList(d[4]) + ")" + (carried ? "; " + carried + " of them carried for the Rijk" : ""));
        var from = byId.get(d[0]), to = byId.get(d[1]);
        if (from && to && from.type === "Ministry" && to.type === "Province") {
          var n = commitments.filter(function (c) { return owes(c, d[0], d[1]); }).length;
          lines.push("Total " + label(d[0]) + " owes " + label(d[1]) + ", agencies included: " + n +
            " (ra-graph owes " + label(d[0]) + " " + label(d[1]) + ")");
        }
      });
    if (p.relations.has("partner")) { lines.push("partners in " + plural(p.other.size, "commitment")); }
    if (p.relations.has("concerns") && !lines.length) {
      lines.push(label(p.from) + " \u2014 " + label(p.to) + ": " + plural(p.other.size, "commitment") +
        " concerning the programme");
    }
    if (p.relations.has("sub_organization_of")) {
      var part = p.partOf, whole = part === p.from ? p.to : p.from;
      lines.push(label(part) + " is part of " + label(whole));
    }
    return lines.join("\n");
  }

  // the count label of an overview edge, its arrows pointing as the nodes lie on screen:
  // "32 → · ← 33" when the left node owes the right one 32 and the right owes the left 33
  function countText(e, a, b) {
    var horizontal = Math.abs(b.x - a.x) >= Math.abs(b.y - a.y);
    var fromFirst = horizontal ? a.x <= b.x : a.y <= b.y;  // is e.from the left (upper) node?
    var there = horizontal ? "\u2192" : "\u2193", back = horizontal ? "\u2190" : "\u2191";
    var first = fromFirst ? e.counts[0] : e.counts[1], second = fromFirst ? e.counts[1] : e.counts[0];
    if (first && second) { return first + " " + there + " \u00b7 " + back + " " + second; }
    return first ? first + " " + there : back + " " + second;
  }

  function modalityList(counts) {
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || a.localeCompare(b); })
      .map(function (m) { return m + " " + counts[m]; }).join(", ");
  }

  function lighten(hex) {
    var v = parseInt(hex.slice(1), 16);
    var mix = function (c) { return Math.round(c + (255 - c) * 0.55); };
    return "rgb(" + mix(v >> 16) + "," + mix((v >> 8) & 255) + "," + mix(v & 255) + ")";
  }

  function nodeItem(n, size) {
    var isClause = n.kind === "clause";
    return {
      id: n.id, label: n.label, fullLabel: n.label, title: n.title, shape: n.shape, size: size,
      color: { background: n.color, border: n.color,
               highlight: { background: lighten(n.color), border: "#0f172a" },
               hover: { background: lighten(n.color), border: n.color } },
      font: isClause ? { size: 10, color: "#475569" }
        : { size: n.major ? 16 : 14, color: "#0f172a", strokeWidth: 4, strokeColor: "#ffffff" },
    };  // the fonts are set for the fitted scale once the layout is done (arrange)
  }

  // ---- the network: one vis.Network, its data replaced and laid out anew on every change
  var container = document.getElementById("network");
  var nodeSet = new vis.DataSet(), edgeSet = new vis.DataSet();
  var network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, DATA.options);
  var progress = document.getElementById("progress");
  var empty = document.getElementById("empty");
  var api = { network: network, ready: false, layouts: 0 };

  // ---- labels: every name drawn at a readable size on screen, no two labels overlapping.
  // After the physics layout the page places the labels itself (in canvas units, the scale known):
  // nodes whose label boxes overlap are pushed apart, the layout is fitted again, and this repeats until
  // a fit leaves no overlap.  Counts on edges are drawn by the page (afterDrawing) at the first free
  // place along their edge; programme, location and clause labels only where they cover nothing (hover
  // shows them; zooming in makes room).
  var measure = document.createElement("canvas").getContext("2d");
  function textWidth(text, px) { measure.font = px + "px " + FONT; return measure.measureText(text).width; }
  var layout = { scale: 1, nodes: new Map(), edges: [], shown: new Set() };
  api.layout = layout;

  function labelClass(id) {
    var n = byId.get(id);
    if (!n) { return "optional"; }
    if (id === state.node || id === state.around) { return n.major ? "major" : "name"; }
    if (n.kind === "clause") { return "clause"; }  // the clause view is about them: each one labelled
    if (n.kind !== "actor") { return "optional"; }
    if (!n.major && canvasSize().w < 600) { return "optional"; }  // a phone: the ministries and provinces first
    return n.major ? "major" : "name";
  }
  // a node's box (canvas units): its marker and, when shown, its label below it
  function box(item, x, y, withLabel, s) {
    var r = item.size, pad = 3 / s;
    if (!withLabel) { return { l: x - r - pad, r: x + r + pad, t: y - r - pad, b: y + r + pad }; }
    if (item.w === undefined) { item.w = textWidth(item.label, PX[item.cls]); }  // screen px, measured once
    var px = PX[item.cls], w = item.w / s, h = 1.25 * px / s;
    var half = Math.max(r, w / 2);
    return { l: x - half - pad, r: x + half + pad, t: y - r - pad, b: y + r + 4 / s + h + pad };
  }
  function overlap(a, b) {
    return Math.min(a.r, b.r) - Math.max(a.l, b.l) > 0 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 0;
  }
  var widths = new Map();
  function edgeBox(text, x, y, s) {
    if (!widths.has(text)) { widths.set(text, textWidth(text, PX.edge)); }
    var w = widths.get(text) / s, h = 1.25 * PX.edge / s, pad = 3 / s;  // 6 px between two counts at least
    return { l: x - w / 2 - pad, r: x + w / 2 + pad, t: y - h / 2 - pad, b: y + h / 2 + pad };
  }
  function canvasSize() { var c = container.getBoundingClientRect(); return { w: c.width, h: c.height }; }

  // push apart the nodes whose boxes overlap (required labels only), in place
  function separate(items, s) {
    for (var round = 0; round < 400; round += 1) {
      var moved = false;
      items.forEach(function (it) { it.box = box(it, it.x, it.y, it.required, s); });
      for (var i = 0; i < items.length; i += 1) {
        for (var j = i + 1; j < items.length; j += 1) {
          var a = items[i].box, b = items[j].box;
          var ox = Math.min(a.r, b.r) - Math.max(a.l, b.l), oy = Math.min(a.b, b.b) - Math.max(a.t, b.t);
          if (ox <= 0 || oy <= 0) { continue; }
          moved = true;
          var dx = (a.l + a.r) - (b.l + b.r), dy = (a.t + a.b) - (b.t + b.b);
          if (ox < oy) { var sx = (dx >= 0 ? 1 : -1) * (ox / 2 + 0.5 / s); items[i].x += sx; items[j].x -= sx; }
          else { var sy = (dy >= 0 ? 1 : -1) * (oy / 2 + 0.5 / s); items[i].y += sy; items[j].y -= sy; }
          items[i].box = box(items[i], items[i].x, items[i].y, items[i].required, s);
          items[j].box = box(items[j], items[j].x, items[j].y, items[j].required, s);
        }
      }
      if (!moved) { return true; }
    }
    return false;
  }
  // the scale at which the boxes fill the canvas, and the centre to look at
  function fitting(items, s) {
    var l = Infinity, r = -Infinity, t = Infinity, b = -Infinity;
    items.forEach(function (it) {
      var bx = box(it, it.x, it.y, it.required, s);
      l = Math.min(l, bx.l); r = Math.max(r, bx.r); t = Math.min(t, bx.t); b = Math.max(b, bx.b);
    });
    var size = canvasSize();
    return { scale: Math.min((size.w - 24) / Math.max(r - l, 1), (size.h - 24) / Math.max(b - t, 1)),
             x: (l + r) / 2, y: (t + b) / 2 };
  }
  // where each labelled edge's text goes: the first place along the edge that covers no box
  function placeEdgeLabels(items, edges, s, taken) {
    var at = new Map(items.map(function (it) { return [it.id, it]; }));
    var out = [], failed = 0;
    edges.slice().sort(function (a, b) { return (b.major ? 1 : 0) - (a.major ? 1 : 0); }).forEach(function (e) {
      var a = at.get(e.from), b = at.get(e.to);
      if (!a || !b || !(e.counts || e.text)) { return; }
      var text = e.counts ? countText(e, a, b) : e.text, found = null;
      [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8].some(function (t) {
        var x = a.x + t * (b.x - a.x), y = a.y + t * (b.y - a.y), bx = edgeBox(text, x, y, s);
        if (taken.some(function (o) { return overlap(o, bx); })) { return false; }
        found = { id: e.id, text: text, t: t, box: bx, major: e.major };
        return true;
      });
      if (found) { taken.push(found.box); out.push(found); } else if (e.major) { failed += 1; }
    });
    return { labels: out, failed: failed };
  }

  // the physics layout is about round; a canvas is not: stretch it to the canvas's proportions
  function stretch(items) {
    if (items.length < 3) { return; }
    var xs = items.map(function (it) { return it.x; }), ys = items.map(function (it) { return it.y; });
    var w = Math.max.apply(null, xs) - Math.min.apply(null, xs), h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var size = canvasSize();
    if (!w || !h || !size.w || !size.h) { return; }
    var k = Math.sqrt((size.w / size.h) / (w / h));
    k = Math.max(0.5, Math.min(2, k));
    items.forEach(function (it) { it.x *= k; it.y /= k; });
  }
  function arrange() {
    var positions = network.getPositions(), items = [];
    nodeSet.forEach(function (n) {
      var cls = labelClass(n.id);
      items.push({ id: n.id, x: positions[n.id].x, y: positions[n.id].y, size: n.size || 10,
                   label: n.fullLabel, cls: cls, required: cls !== "optional" });
    });
    if (!items.length) { layout.nodes = new Map(); layout.edges = []; layout.shown = new Set(); return; }
    var edges = edgeSet.get();
    stretch(items);
    var s = network.getScale(), fit = fitting(items, s), placed = { labels: [] };
    for (var round = 0; round < 12; round += 1) {
      s = fit.scale;
      separate(items, s);
      var taken = items.map(function (it) { return box(it, it.x, it.y, it.required, s); });
      placed = placeEdgeLabels(items, edges, s, taken);
      fit = fitting(items, s);
      if (placed.failed && round < 4 && canvasSize().w >= 600) {  // a count found no free place: give its edge room
        var at = new Map(items.map(function (it) { return [it.id, it]; }));
        edges.forEach(function (e) {
          if (!e.major || placed.labels.some(function (l) { return l.id === e.id; })) { return; }
          var a = at.get(e.from), b = at.get(e.to), dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
          var grow = Math.min(0.25, 30 / s / len);
          a.x -= dx * grow; a.y -= dy * grow; b.x += dx * grow; b.y += dy * grow;
        });
        fit = fitting(items, s);
        continue;
      }
      if (fit.scale >= s * 0.98) { break; }  // the fit keeps every label at (about) its size: done
    }
    s = Math.min(fit.scale, 2);
    items.forEach(function (it) { network.moveNode(it.id, it.x, it.y); });
    network.moveTo({ position: { x: fit.x, y: fit.y }, scale: s, animation: false });
    layout.nodes = new Map(items.map(function (it) { return [it.id, it]; }));
    layout.edges = placed.labels;
    showLabels(s, items);
  }
  // the fonts for scale s: required labels at their size; optional ones where they cover nothing
  function showLabels(s, items) {
    layout.scale = s;
    var taken = [], updates = [];
    items = items || Array.from(layout.nodes.values());
    var positions = network.getPositions();
    items.forEach(function (it) { var p = positions[it.id]; if (p) { it.x = p.x; it.y = p.y; } });
    items.filter(function (it) { return it.required; }).forEach(function (it) { taken.push(box(it, it.x, it.y, true, s)); });
    layout.edges.forEach(function (l) {
      var e = edgeSet.get(l.id), a = layout.nodes.get(e.from), b = layout.nodes.get(e.to);
      l.box = edgeBox(l.text, a.x + l.t * (b.x - a.x), a.y + l.t * (b.y - a.y), s);
      taken.push(l.box);
    });
    layout.shown = new Set();
    var size = canvasSize(), tl = network.DOMtoCanvas({ x: 0, y: 0 }), br = network.DOMtoCanvas({ x: size.w, y: size.h });
    var rank = function (it) { var n = byId.get(it.id); return it.required ? 0 : n && n.kind === "actor" ? 1 : 2; };
    items = items.slice().sort(function (a, b) { return rank(a) - rank(b); });  // actors' names before programmes'
    items.forEach(function (it) {
      var show = it.required;
      if (!show) {  // where it fits: on the canvas, covering no other label or node
        var bx = box(it, it.x, it.y, true, s);
        var own = box(it, it.x, it.y, false, s);
        show = bx.l >= tl.x && bx.r <= br.x && bx.t >= tl.y && bx.b <= br.y &&
          !taken.some(function (o) { return overlap(o, bx) && !(o.l === own.l && o.t === own.t); });
        if (show) { taken.push(bx); }
      }
      if (show) { layout.shown.add(it.id); }
      updates.push({ id: it.id, label: show ? it.label : "", font: fontFor(it.cls, s) });
    });
    nodeSet.update(updates);
  }
  function fontFor(cls, s) {
    var px = PX[cls];
    return { size: px / s, face: FONT, color: cls === "optional" || cls === "clause" ? "#334155" : "#0f172a",
             strokeWidth: 4 / s,
             strokeColor: "#ffffff", bold: cls === "major" ? { mod: "bold" } : undefined };
  }
  // the counts on edges, drawn by the page so that they go where there is room
  network.on("afterDrawing", function (ctx) {
    if (!api.ready && !layout.drawing) { return; }
    var s = network.getScale(), positions = network.getPositions();
    ctx.save();
    ctx.font = (PX.edge / s) + "px " + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    layout.edges.forEach(function (l) {
      var e = edgeSet.get(l.id);
      if (!e || !positions[e.from] || !positions[e.to]) { return; }
      var a = positions[e.from], b = positions[e.to];
      var x = a.x + l.t * (b.x - a.x), y = a.y + l.t * (b.y - a.y);
      var bx = edgeBox(l.text, x, y, s), inset = 1 / s;  // a white pill: the edges under it do not cross the text
      ctx.beginPath();
      ctx.roundRect(bx.l + inset, bx.t + inset, bx.r - bx.l - 2 * inset, bx.b - bx.t - 2 * inset, 4 / s);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.lineWidth = 1 / s;
      ctx.strokeStyle = l.major ? "#94a3b8" : "#e2e8f0";
      ctx.stroke();
      ctx.fillStyle = l.major ? "#0f172a" : "#475569";
      ctx.fillText(l.text, x, y);
    });
    ctx.restore();
  });
  var zooming = null;
  network.on("zoom", function () {
    clearTimeout(zooming);
    zooming = setTimeout(function () { showLabels(network.getScale()); }, 120);
  });

  function done() {
    if (api.ready) { return; }
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    layout.drawing = true;
    arrange();
    progress.hidden = true;
    restoreSelection();
    api.layouts += 1;
    api.ready = true;
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out the network\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.on("stabilizationIterationsDone", done);

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function draw() {
    computeClauses();
    var view = state.view === "clauses" ? clauseView() : overview();
    visibleNodes = new Set(view.nodes.map(function (n) { return n.id; }));
    visibleEdges = new Set(view.edges.map(function (e) { return e.id; }));
    drawnEdges = new Map(view.edges.map(function (e) { return [e.id, e.source]; }));
    document.getElementById("node-count").textContent = plural(visibleNodes.size, "node");
    document.getElementById("edge-count").textContent = plural(visibleEdges.size, "edge");
    if (state.node && !visibleNodes.has(state.node)) {  // a filter hid it
      clearSelection(label(state.node) + " is not shown with these filters.");
    } else if (shownEdge) {  // its counts were those of the previous filters
      clearSelection();
    }
    empty.hidden = visibleNodes.size > 0;
    if (!visibleNodes.size) {
      empty.textContent = state.search && !visibleClauses.size ? "No match for \u201c" + search.value.trim() + "\u201d" +
        (FILTERS.some(function (k) { return state[k]; }) ? " with these filters" : "")
        : state.view === "clauses" && !(state.around || state.node)
        ? "Select an actor, province or programme (click it in the overview, then \u201cShow its clauses\u201d) " +
          "to see the clauses around it."
        : state.view === "clauses" && visibleClauses.size
        ? "No clause around " + label(state.around || state.node) + " with these filters."
        : state.search ? "No match for \u201c" + search.value.trim() + "\u201d" +
        (FILTERS.some(function (k) { return state[k]; }) ? " with these filters" : "")
        : "Nothing matches these filters";
    }
    showMissing();
    api.ready = false;
    progress.hidden = false;
    progress.textContent = "Laying out the network\u2026";
    network.setOptions({ physics: { enabled: true } });
    nodeSet = new vis.DataSet(view.nodes.map(function (n) { delete n.source; return n; }));
    edgeSet = new vis.DataSet(view.edges.map(function (e) {
      var item = Object.assign({}, e); delete item.source; return item;
    }));
    network.setData({ nodes: nodeSet, edges: edgeSet });
    if (nodeSet.length < 2) { done(); }  // nothing to lay out: vis-network may not stabilize at all
    renderTable();
  }

  // ---- URL fragment: #view=clauses&arrangement=groningen-2025&node=groningen-2025/2.4/veenweide-4
  var KEYS = ["view", "years", "arrangement", "ministry", "programme", "modality", "q", "around", "node", "panel",
              "sort"];
  function toHash() {
    var params = new URLSearchParams();
    KEYS.forEach(function (key) {
      var value = key === "q" ? search.value.trim() : key === "node" || key === "around" ? shortOf(state[key])
        : state[key];
      var plain = { view: "overview", panel: "table", years: YEARS.default };
      // what a link asked for and the page lacks: kept
      if (missing[key] && (!value || value === plain[key])) { value = missing[key]; }
      if (value && value !== plain[key]) { params.set(key, value); }
    });
    return params.toString();
  }
  // a link naming a node or filter value this page does not hold says so, in a banner above the network
  function showMissing() {
    var notice = document.getElementById("notice");
    var what = { node: "node", around: "node", arrangement: "arrangement", ministry: "ministry",
                 programme: "programme", modality: "modality", years: "years" };
    var shown = state.view === "clauses" ? "the clause view" : "the overview";
    var inForce = missing.years === "all" && YEARS.lacking;  // a page made for the arrangements in force
    var parts = Object.keys(missing).filter(function (key) { return !(key === "years" && inForce); })
      .map(function (key) { return "no " + what[key] + " \u201c" + missing[key] + "\u201d"; });
    var said = [];
    if (parts.length) {
      said.push("This page has " + parts.join(", ") + " (the link asked for it); showing " + shown + " without it.");
    }
    if (inForce) {
      said.push("The link asks for every year, but this page holds only the arrangements in force, not the " +
        plural(YEARS.lacking, "older version") + " (ra-graph visualise --all-years makes a page with every " +
        "version); showing " + shown + " of the arrangements in force.");
    }
    notice.hidden = !said.length;
    notice.textContent = said.join(" ");
  }
  function shortOf(id) { return id ? (byId.get(id) || { short: id }).short : ""; }
  function writeHash() {
    var hash = toHash();
    if (location.hash.replace(/^#/, "") === hash) { return; }
    try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); }
    catch (err) { location.hash = hash; }
  }
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    missing = {};
    state.view = params.get("view") === "clauses" ? "clauses" : "overview";
    var years = params.get("years") || YEARS.default;
    state.years = (years === "all" && !YEARS.lacking) || years === "in-force" ? years : YEARS.default;
    if (years !== state.years) { missing.years = years; }
    yearsSelect.value = state.years;
    FILTERS.forEach(function (key) {
      var value = params.get(key) || "";
      state[key] = (DATA.filters[key] || []).indexOf(value) >= 0 ? value : "";
      if (value && !state[key]) { missing[key] = value; }
      document.getElementById("filter-" + key).value = state[key];
    });
    search.value = params.get("q") || "";
    state.search = search.value.trim().toLowerCase();
    ["node", "around"].forEach(function (key) {
      var value = params.get(key) || "";
      state[key] = byShort.get(value) || (byId.has(value) ? value : "");
      if (value && !state[key]) { missing[key] = value; }
    });
    if (state.node && byId.get(state.node).kind === "clause") {
      state.view = "clauses";
      var n = byId.get(state.node);  // a clause of an older version: show the years it is in
      if (!state.arrangement && state.years !== "all" && !inForce.has(n.arrangement)) { state.years = "all"; }
    }
    state.panel = params.get("panel") === "details" || (state.node && params.get("panel") !== "table")
      ? "details" : "table";
    state.sort = params.get("sort") || "";
  }

  // ---- controls
  var search = document.getElementById("search");
  var yearsSelect = document.getElementById("filter-years");
  if (YEARS.all.length === YEARS.in_force.length) {  // one version per province: nothing to switch
    yearsSelect.disabled = true;
    yearsSelect.title = YEARS.lacking
      ? "This page holds each province\u2019s arrangement in force; ra-graph visualise --all-years makes one " +
        "that also holds the " + plural(YEARS.lacking, "older version")
      : "This page holds one version per province";
  }
  yearsSelect.addEventListener("change", function () { state.years = yearsSelect.value; delete missing.years; changed(); });
  FILTERS.forEach(function (key) {
    var select = document.getElementById("filter-" + key);
    (DATA.filters[key] || []).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { state[key] = select.value; delete missing[key]; changed(); });
  });
  var typing = null;
  search.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.search = search.value.trim().toLowerCase(); changed(); }, 250);
  });
  document.getElementById("reset").addEventListener("click", function () {
    FILTERS.forEach(function (key) { document.getElementById("filter-" + key).value = ""; state[key] = ""; });
    search.value = ""; state.search = "";
    state.years = yearsSelect.value = YEARS.default;
    missing = {};
    changed();
  });
  Array.prototype.forEach.call(document.querySelectorAll(".views button"), function (button) {
    button.addEventListener("click", function () { setView(button.dataset.view); });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (button) {
    button.addEventListener("click", function () { showPanel(button.dataset.panel); writeHash(); });
  });
  function setView(view) {
    if (state.view === view) { return; }
    state.view = view;
    if (view === "clauses" && !state.around && state.node) { state.around = state.node; }
    if (view === "overview") { state.around = ""; }
    changed();
  }
  function changed() {
    syncControls();
    draw();
    writeHash();
  }
  function syncControls() {
    document.body.className = "view-" + state.view;
    Array.prototype.forEach.call(document.querySelectorAll(".views button"), function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.view === state.view));
    });
    showPanel(state.panel);
  }
  function showPanel(panel) {
    state.panel = panel;
    document.getElementById("table-panel").hidden = panel !== "table";
    document.getElementById("details").hidden = panel !== "details";
    Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (button) {
      button.setAttribute("aria-selected", String(button.dataset.panel === panel));
    });
  }
  window.addEventListener("hashchange", function () {
    if (location.hash.replace(/^#/, "") === toHash()) { return; }
    readHash();
    focusNext = Boolean(state.node);
    syncControls();
    draw();
  });

  // ---- details panel (DOM built with textContent only)
  var panelEl = document.getElementById("details");
  var PLACEHOLDER = panelEl.firstElementChild.cloneNode(true);
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function definitions(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      if (row[1] === "" || row[1] === null || row[1] === undefined) { return; }
      var dt = el("dt", row[0]);
      var dd = el("dd", row[1]);
      if (row[2]) { dd.id = row[2]; }
      dl.appendChild(dt); dl.appendChild(dd);
    });
    return dl;
  }
  function clauseLink(id) {
    var li = el("li");
    var button = el("button", label(id), "link");
    button.type = "button";
    button.addEventListener("click", function () { openClause(id); });
    li.appendChild(button);
    return li;
  }
  function clauseList(title, clauses) {
    panelEl.appendChild(el("h3", title + " (" + clauses.length + ")"));
    var list = el("ul", null, "links");
    clauses.slice().sort(function (a, b) { return label(a).localeCompare(label(b)); })
      .forEach(function (c) { list.appendChild(clauseLink(c)); });
    panelEl.appendChild(list);
  }
  function heading(text) {
    var title = el("h2", text);
    title.id = "detail-title";
    panelEl.appendChild(title);
  }

  // Served by the workbench (``ra-graph serve``), the page names where each node's own page is
  // (<meta name="ra-resource-base" content="/id/">); opened from disk it has none and links nowhere.
  var RESOURCE_BASE = (function () {
    var meta = document.querySelector('meta[name="ra-resource-base"]');
    var base = meta ? meta.getAttribute("content") : "";
    return /^\/[\w\/-]*$/.test(base || "") ? base : "";
  })();
  function resourceLink(n) {
    if (!RESOURCE_BASE || !n.iri || n.iri.indexOf(RAI) !== 0) { return; }
    var local = n.iri.slice(RAI.length);
    var p = el("p", null, "resource-link");
    var a = el("a", "\u2192 " + RESOURCE_BASE + local);
    a.id = "detail-page";
    a.href = RESOURCE_BASE + local.split("/").map(encodeURIComponent).join("/");
    p.appendChild(a);
    panelEl.appendChild(p);
  }

  function showClause(n) {
    heading(n.label);
    panelEl.appendChild(el("p", n.type, "sub"));
    panelEl.appendChild(definitions([
      ["Arrangement", n.arrangement, "detail-arrangement"],
      ["Section", [n.section, n.section_title].filter(Boolean).join(" "), "detail-section"],
      ["Source line", n.line, "detail-line"],
      ["IRI", n.iri],
    ]));
    resourceLink(n);
    panelEl.appendChild(el("h3", "Text"));
    var text = el("p", n.text, "text");
    text.id = "detail-text";
    panelEl.appendChild(text);
    panelEl.appendChild(el("h3", "Commitments (" + n.commitments.length + ")"));
    n.commitments.forEach(function (c) {
      var box = el("div", null, "commitment");
      var who = el("div");
      who.appendChild(el("span", c.obligors + (c.beneficiaries ? " \u2192 " + c.beneficiaries : ""), "who"));
      if (c.modality) { who.appendChild(el("span", c.modality, "badge")); }
      box.appendChild(who);
      box.appendChild(definitions([
        ["carried by", c.carried_by], ["partners", c.partners], ["programmes", c.programmes],
        ["locations", c.locations], ["due by", c.due_by],
      ]));
      panelEl.appendChild(box);
    });
  }

  function showEntity(n) {
    heading(n.label);
    if (n.name && n.name !== n.label) { panelEl.appendChild(el("p", n.name, "sub")); }
    panelEl.appendChild(definitions([
      ["Kind", n.kind + (n.type && n.type.toLowerCase() !== n.kind ? " (" + n.type + ")" : "")],
      ["Arrangements", (n.arrangements || []).join(", ")],
      ["IRI", n.iri],
    ]));
    resourceLink(n);
    var clauses = [];
    around.forEach(function (ids, clause) { if (ids.has(n.id) && visibleClauses.has(clause)) { clauses.push(clause); } });
    if (clauses.length && !(state.view === "clauses" && state.around === n.id)) {
      var show = el("button", "Show its clauses (" + clauses.length + ")", "show-clauses");
      show.type = "button";
      show.id = "show-clauses";
      show.addEventListener("click", function () { showAround(n.id); });
      panelEl.appendChild(show);
    }
    clauseList("Clauses shown", clauses);
  }
  // the clause view around one node: its clauses with their parties
  function showAround(id) {
    state.around = id;
    state.node = id;
    state.panel = "details";
    if (state.view !== "clauses") { setView("clauses"); } else { changed(); }
  }

  function showEdge(e) {
    if (e.fwd) {  // an overview pair: both directions
      heading(label(e.from) + (e.back.size ? " \u21c4 " : " \u2192 ") + label(e.to));
      panelEl.appendChild(el("p", e.relation.replace(/_/g, " "), "sub"));
      pairTitle(e, shownCommitments()).split("\n").forEach(function (line) {
        if (line) { panelEl.appendChild(el("p", line, "detail-count")); }
      });
    } else {
      heading(label(e.from) + " \u2192 " + label(e.to));
      panelEl.appendChild(el("p", e.relation.replace(/_/g, " ") + (e.modality ? " \u00b7 " + e.modality : ""), "sub"));
    }
    var shown = e.clauses.filter(function (c) { return visibleClauses.has(c); });
    if (shown.length) { clauseList("Clauses", shown); }
  }

  function showDetails(id) {
    var n = byId.get(id);
    if (!n) { return; }
    shownEdge = null;
    panelEl.replaceChildren();
    if (n.kind === "clause") { showClause(n); } else { showEntity(n); }
    showPanel("details");
  }

  function clearSelection(why) {
    state.node = "";
    shownEdge = null;
    network.unselectAll();
    panelEl.replaceChildren(PLACEHOLDER.cloneNode(true));
    if (why) { panelEl.insertBefore(el("p", why, "placeholder"), panelEl.firstChild); }
  }

  function selectNode(id, focus) {
    if (!visibleNodes.has(id)) { return false; }
    state.node = id;
    network.selectNodes([id]);
    if (focus) { network.focus(id, { animation: { duration: 300 } }); }
    showDetails(id);
    renderTable();
    writeHash();
    return true;
  }
  var focusNext = false;  // a link named the node (kept for callers; the clause view is its neighbourhood)
  function restoreSelection() {  // after a layout: the selected node, if still drawn
    if (state.node && visibleNodes.has(state.node)) {
      network.selectNodes([state.node]);
      showDetails(state.node);
      if (state.panel === "table") { showPanel("table"); }
    }
    focusNext = false;
  }
  function openClause(id) {  // from a list of clauses: show it in the clause view (around it if not drawn)
    if (state.view === "clauses" && visibleNodes.has(id)) { selectNode(id, false); return; }
    if (!state.around || state.view !== "clauses") { state.around = id; }
    else if (!neighbourhood(state.around).has(id)) { state.around = id; }
    state.node = id;
    state.panel = "details";
    if (state.view !== "clauses") { setView("clauses"); } else { changed(); }
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      selectNode(params.nodes[0], false);
    } else if (params.edges.length) {
      state.node = "";
      panelEl.replaceChildren();
      shownEdge = drawnEdges.get(params.edges[0]);
      showEdge(shownEdge);
      showPanel("details");
      writeHash();
    }
  });

  // ---- the table: commitments per ministry x province, as `ra-graph owes MINISTRY PROVINCE` counts them
  function within(actor, root) { return actor === root || (DATA.ancestors[actor] || []).indexOf(root) >= 0; }
  function owes(c, debtor, creditor) {
    if (!c.modality || !c.beneficiaries.some(function (b) { return within(b, creditor); })) { return false; }
    if (c.obligors.some(function (o) { return within(o, debtor); })) { return true; }
    return c.carried_by.some(function (m) { return within(m, debtor); }) &&
      c.obligors.some(function (o) { return !within(o, debtor); });
  }
  function table() {
    var arrangements = Object.keys(DATA.provinces).filter(arrangementShown);
    var provinces = [];
    arrangements.forEach(function (a) { if (provinces.indexOf(DATA.provinces[a]) < 0) { provinces.push(DATA.provinces[a]); } });
    provinces.sort(function (a, b) { return label(a).localeCompare(label(b)); });
    var ministries = DATA.nodes.filter(function (n) {
      return n.kind === "actor" && n.type === "Ministry" && (!state.ministry || n.label === state.ministry);
    }).map(function (n) { return n.id; });
    var commitments = shownCommitments();
    function row(debtor, total) {
      var all = new Set(), cells = provinces.map(function (p) {
        var n = 0;
        commitments.forEach(function (c) { if (owes(c, debtor, p)) { n += 1; all.add(c); } });
        return n;
      });
      return { id: debtor, name: total ? label(debtor) + " (all, incl. ministries)" : label(debtor), cells: cells,
               total: all.size, isTotal: total };
    }
    var rows = ministries.map(function (m) { return row(m, false); });
    var key = state.sort.split(":"), column = key[0] || "total", descending = key[1] !== "asc";
    var index = provinces.map(label).indexOf(column);
    rows.sort(function (a, b) {
      var d = column === "ministry" ? a.name.localeCompare(b.name)
        : (index >= 0 ? a.cells[index] - b.cells[index] : a.total - b.total) || b.name.localeCompare(a.name);
      return descending ? -d : d;
    });
    if (DATA.rijk && !state.ministry) { rows.push(row(DATA.rijk, true)); }
    return { columns: ["ministry"].concat(provinces.map(label), ["total"]), provinces: provinces, rows: rows,
             column: column, descending: descending };
  }
  // which arrangements are counted, in words: "in force: drenthe-2026, groningen-2025"
  function scopeText() {
    if (state.arrangement) { return "arrangement " + state.arrangement; }
    var keys = (state.years === "all" ? YEARS.all : YEARS.in_force);
    return (state.years === "all" ? "all years: " : "in force: ") + keys.join(", ");
  }
  function filterText() {
    var parts = [scopeText()].concat(FILTERS.filter(function (k) { return state[k] && k !== "arrangement"; })
      .map(function (k) { return k + " " + state[k]; }));
    if (state.search) { parts.push("search \u201c" + search.value.trim() + "\u201d"); }
    return parts.join("; ");
  }
  function caption() { return "Commitments of the clauses shown \u2014 " + filterText() + "."; }
  function renderScope() {
    var el_ = document.getElementById("scope");
    el_.textContent = state.arrangement ? "Arrangement " + state.arrangement
      : state.years === "all" ? "All years (" + plural(YEARS.all.length, "arrangement") + ")"
      : "In force: each province\u2019s latest arrangement (" + YEARS.in_force.length + ")";
    el_.title = scopeText();
  }
  function renderTable() {
    var t = table();
    document.getElementById("table-caption").textContent = caption();
    renderScope();
    var head = document.querySelector("#matrix thead"), body = document.querySelector("#matrix tbody");
    var tr = el("tr");
    t.columns.forEach(function (name) {
      var th = el("th", name);
      th.scope = "col";
      if (name === t.column) { th.setAttribute("aria-sort", t.descending ? "descending" : "ascending"); }
      th.addEventListener("click", function () {
        var descending = name === t.column ? !t.descending : name !== "ministry";
        state.sort = name + ":" + (descending ? "desc" : "asc");
        renderTable();
        writeHash();
      });
      tr.appendChild(th);
    });
    head.replaceChildren(tr);
    var rows = t.rows.map(function (r) {
      var line = el("tr", null, r.isTotal ? "total" : r.id === state.node ? "selected" : "");
      line.appendChild(el("td", r.name));
      r.cells.forEach(function (n, i) {
        line.appendChild(el("td", n, t.provinces[i] === state.node ? "selected" : ""));
      });
      line.appendChild(el("td", r.total));
      return line;
    });
    body.replaceChildren.apply(body, rows);
  }
  function csvField(value) {
    var text = String(value);
    return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  // the CSV: the table, and on every row the filter it was made under (a spreadsheet keeps it with the
  // numbers when rows are sorted, filtered or pasted elsewhere; the header stays the first row)
  function tableCsv() {
    var t = table(), filter = filterText();
    return [t.columns.concat(["filter"])].concat(t.rows.map(function (r) {
      return [r.name].concat(r.cells, [r.total, filter]);
    })).map(function (cells) { return cells.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }
  function csvName() {
    var parts = [state.arrangement || (state.years === "all" ? "all-years" : "in-force")]
      .concat(["ministry", "programme", "modality"].filter(function (k) { return state[k]; })
        .map(function (k) { return state[k]; }));
    if (state.search) { parts.push("search-" + search.value.trim()); }
    return "ra-graph-commitments-per-ministry-and-province-" +
      parts.join("-").toLowerCase().replace(/[^a-z0-9\u00c0-\u024f]+/g, "-").replace(/^-|-$/g, "").slice(0, 120) + ".csv";
  }
  api.csvName = csvName;
  document.getElementById("download").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([tableCsv()], { type: "text/csv;charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = csvName();
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  // ---- start: the fragment says what to show
  readHash();
  focusNext = Boolean(state.node);
  changed();

  api.selectNode = function (id) { return selectNode(id, true); };
  api.visibleNodeIds = function () { return Array.from(visibleNodes); };
  api.state = function () { return Object.assign({}, state); };
  api.table = table;
  api.tableCsv = tableCsv;
  api.setFilter = function (key, value) {
    if (key === "search") { search.value = value; state.search = value.trim().toLowerCase(); }
    else { document.getElementById("filter-" + key).value = value; state[key] = value; }
    changed();
  };
  api.setView = setView;
  window.raGraph = api;
})();
