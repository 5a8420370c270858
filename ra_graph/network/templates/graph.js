/* Behaviour of the offline graph page (graph.html.j2).
 *
 * Reads the graph from <script type="application/json" id="data">, draws it
 * with vis-network, filters it and shows details.  Text from the documents
 * is only ever written with textContent (or given to vis-network as a plain
 * string title, which it renders as text), never as HTML.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("data").textContent);
  var FILTERS = ["arrangement", "ministry", "programme", "modality"];
  var byId = new Map();
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); });
  var edgeById = new Map();
  DATA.edges.forEach(function (e) { edgeById.set(e.id, e); });

  // clause id -> ids of the nodes its edges touch (for search and the entity panel)
  var around = new Map();
  DATA.edges.forEach(function (e) {
    e.clauses.forEach(function (c) {
      if (!around.has(c)) { around.set(c, new Set()); }
      around.get(c).add(e.from);
      around.get(c).add(e.to);
    });
  });
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

  var state = { arrangement: "", ministry: "", programme: "", modality: "", search: "" };
  var visibleNodes = new Set();
  var visibleEdges = new Set();
  var visibleClauses = new Set();

  function clauseShown(n) {
    if (state.arrangement && n.arrangement !== state.arrangement) { return false; }
    if (state.ministry && n.ministries.indexOf(state.ministry) < 0) { return false; }
    if (state.programme && n.programmes.indexOf(state.programme) < 0) { return false; }
    if (state.modality && n.modalities.indexOf(state.modality) < 0) { return false; }
    if (state.search && haystack.get(n.id).indexOf(state.search) < 0) { return false; }
    return true;
  }

  function compute() {
    visibleNodes.clear(); visibleEdges.clear(); visibleClauses.clear();
    DATA.nodes.forEach(function (n) {
      if (n.kind === "clause" && clauseShown(n)) { visibleClauses.add(n.id); visibleNodes.add(n.id); }
    });
    DATA.edges.forEach(function (e) {
      if (e.clauses.some(function (c) { return visibleClauses.has(c); })) {
        visibleEdges.add(e.id); visibleNodes.add(e.from); visibleNodes.add(e.to);
      }
    });
    DATA.edges.forEach(function (e) {  // organisation edges: drawn between nodes that are drawn
      if (!e.clauses.length && visibleNodes.has(e.from) && visibleNodes.has(e.to)) { visibleEdges.add(e.id); }
    });
  }

  function edgeLabel(e) {
    if (e.relation === "commits") {
      var n = e.clauses.filter(function (c) { return visibleClauses.has(c); }).length;
      return e.modality + (n > 1 ? " \u00d7" + n : "");
    }
    return e.relation === "concerns" || e.relation === "location" ? e.relation : "";
  }

  function lighten(hex) {
    var v = parseInt(hex.slice(1), 16);
    var mix = function (c) { return Math.round(c + (255 - c) * 0.55); };
    return "rgb(" + mix(v >> 16) + "," + mix((v >> 8) & 255) + "," + mix(v & 255) + ")";
  }

  var nodeSet = new vis.DataSet(DATA.nodes.map(function (n) {
    var isClause = n.kind === "clause";
    return {
      id: n.id, label: n.label, title: n.title, shape: n.shape, size: n.size,
      color: { background: n.color, border: n.color,
               highlight: { background: lighten(n.color), border: "#0f172a" },
               hover: { background: lighten(n.color), border: n.color } },
      font: isClause ? { size: 10, color: "#475569" } : { size: 14, color: "#0f172a", strokeWidth: 3, strokeColor: "#ffffff" },
    };
  }));
  compute();
  var edgeSet = new vis.DataSet(DATA.edges.map(function (e) {
    return {
      id: e.id, from: e.from, to: e.to, label: edgeLabel(e), width: e.width, dashes: e.dashes,
      color: { color: e.color, highlight: "#0f172a", hover: "#0f172a" },
      arrows: e.relation === "sub_organization_of" ? { to: { enabled: true, scaleFactor: 0.4 } } : undefined,
    };
  }));
  // Filtering hides nodes and edges rather than removing them, so that every
  // node keeps its laid-out position when it is shown again.
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, DATA.options);
  var progress = document.getElementById("progress");
  var api = { network: network, ready: false };

  function done() {
    network.setOptions({ physics: { enabled: false } });
    progress.hidden = true;
    api.ready = true;
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out the network\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  if (!DATA.nodes.length) { done(); }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function updateCounts() {
    document.getElementById("node-count").textContent = plural(visibleNodes.size, "node");
    document.getElementById("edge-count").textContent = plural(visibleEdges.size, "edge");
  }

  function refresh() {
    compute();
    nodeSet.update(DATA.nodes.map(function (n) { return { id: n.id, hidden: !visibleNodes.has(n.id) }; }));
    edgeSet.update(DATA.edges.map(function (e) {
      return { id: e.id, label: edgeLabel(e), hidden: !visibleEdges.has(e.id) };
    }));
    updateCounts();
    if (api.ready && visibleNodes.size) { network.fit({ nodes: Array.from(visibleNodes), animation: false }); }
  }

  // ---- filters
  FILTERS.forEach(function (key) {
    var select = document.getElementById("filter-" + key);
    (DATA.filters[key] || []).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { state[key] = select.value; refresh(); });
  });
  var search = document.getElementById("search");
  search.addEventListener("input", function () { state.search = search.value.trim().toLowerCase(); refresh(); });
  document.getElementById("reset").addEventListener("click", function () {
    FILTERS.forEach(function (key) { document.getElementById("filter-" + key).value = ""; state[key] = ""; });
    search.value = ""; state.search = "";
    refresh();
  });

  // ---- details panel (DOM built with textContent only)
  var panel = document.getElementById("details");
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
    var button = el("button", (byId.get(id) || { label: id }).label, "link");
    button.type = "button";
    button.addEventListener("click", function () { selectNode(id, true); });
    li.appendChild(button);
    return li;
  }

  function showClause(n) {
    var title = el("h2", n.label);
    title.id = "detail-title";
    panel.appendChild(title);
    panel.appendChild(el("p", n.type, "sub"));
    panel.appendChild(definitions([
      ["Arrangement", n.arrangement, "detail-arrangement"],
      ["Section", [n.section, n.section_title].filter(Boolean).join(" "), "detail-section"],
      ["Source line", n.line, "detail-line"],
      ["IRI", n.iri],
    ]));
    panel.appendChild(el("h3", "Text"));
    var text = el("p", n.text, "text");
    text.id = "detail-text";
    panel.appendChild(text);
    panel.appendChild(el("h3", "Commitments (" + n.commitments.length + ")"));
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
      panel.appendChild(box);
    });
  }

  function showEntity(n) {
    var title = el("h2", n.label);
    title.id = "detail-title";
    panel.appendChild(title);
    if (n.name && n.name !== n.label) { panel.appendChild(el("p", n.name, "sub")); }
    panel.appendChild(definitions([
      ["Kind", n.kind + (n.type && n.type.toLowerCase() !== n.kind ? " (" + n.type + ")" : "")],
      ["Arrangements", (n.arrangements || []).join(", ")],
      ["IRI", n.iri],
    ]));
    var clauses = [];
    around.forEach(function (ids, clause) { if (ids.has(n.id) && visibleClauses.has(clause)) { clauses.push(clause); } });
    clauses.sort(function (a, b) { return byId.get(a).label.localeCompare(byId.get(b).label); });
    panel.appendChild(el("h3", "Clauses shown (" + clauses.length + ")"));
    var list = el("ul", null, "links");
    clauses.forEach(function (c) { list.appendChild(clauseLink(c)); });
    panel.appendChild(list);
  }

  function showEdge(e) {
    var from = byId.get(e.from), to = byId.get(e.to);
    var title = el("h2", from.label + " \u2192 " + to.label);
    title.id = "detail-title";
    panel.appendChild(title);
    panel.appendChild(el("p", e.relation.replace(/_/g, " ") + (e.modality ? " \u00b7 " + e.modality : ""), "sub"));
    var shown = e.clauses.filter(function (c) { return visibleClauses.has(c); });
    if (shown.length) {
      panel.appendChild(el("h3", "Clauses (" + shown.length + ")"));
      var list = el("ul", null, "links");
      shown.forEach(function (c) { list.appendChild(clauseLink(c)); });
      panel.appendChild(list);
    }
  }

  function showDetails(id) {
    var n = byId.get(id);
    if (!n) { return; }
    panel.replaceChildren();
    if (n.kind === "clause") { showClause(n); } else { showEntity(n); }
  }

  function selectNode(id, focus) {
    if (!visibleNodes.has(id)) { return false; }
    network.selectNodes([id]);
    if (focus) { network.focus(id, { animation: { duration: 300 } }); }
    showDetails(id);
    return true;
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      showDetails(params.nodes[0]);
    } else if (params.edges.length) {
      panel.replaceChildren();
      showEdge(edgeById.get(params.edges[0]));
    }
  });

  updateCounts();
  api.selectNode = selectNode;
  api.visibleNodeIds = function () { return Array.from(visibleNodes); };
  api.setFilter = function (key, value) {
    if (key === "search") { search.value = value; state.search = value.trim().toLowerCase(); }
    else { document.getElementById("filter-" + key).value = value; state[key] = value; }
    refresh();
  };
  window.raGraph = api;
})();
