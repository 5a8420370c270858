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
  var READABLE_PX = 13;  // on-screen size of the names of ministries, provinces and the Rijk
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

  var state = { view: "overview", arrangement: "", ministry: "", programme: "", modality: "", search: "",
                node: "", panel: "table", sort: "" };
  var visibleNodes = new Set(), visibleEdges = new Set(), visibleClauses = new Set();
  var drawnEdges = new Map();  // id -> the edge record the network draws (for its details)
  var shownEdge = null;  // the edge whose details the panel shows

  // ---- what the filters let through
  function clauseShown(n) {
    if (state.arrangement && n.arrangement !== state.arrangement) { return false; }
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

  // ---- the clause view: the nodes and edges of the clauses shown
  function clauseView() {
    var nodes = new Set(visibleClauses), edges = [];
    DATA.edges.forEach(function (e) {
      if (e.clauses.some(function (c) { return visibleClauses.has(c); })) {
        edges.push(e); nodes.add(e.from); nodes.add(e.to);
      }
    });
    DATA.edges.forEach(function (e) {  // organisation edges: drawn between nodes that are drawn
      if (!e.clauses.length && nodes.has(e.from) && nodes.has(e.to)) { edges.push(e); }
    });
    return {
      nodes: DATA.nodes.filter(function (n) { return nodes.has(n.id); }).map(function (n) {
        return nodeItem(n, n.size);
      }),
      edges: edges.map(function (e) {
        var n = e.clauses.filter(function (c) { return visibleClauses.has(c); }).length;
        var text = e.relation === "commits" ? e.modality + (n > 1 ? " \u00d7" + n : "")
          : e.relation === "concerns" || e.relation === "location" ? e.relation : "";
        return { id: e.id, from: e.from, to: e.to, label: text, width: e.width, dashes: e.dashes,
                 color: { color: e.color, highlight: "#0f172a", hover: "#0f172a" },
                 arrows: e.relation === "sub_organization_of" ? { to: { enabled: true, scaleFactor: 0.4 } } : undefined,
                 source: e };
      }),
    };
  }

  // ---- the overview: actors and programmes, commitments folded into counted edges
  function overview() {
    var folded = new Map(), involved = new Map();
    function fold(from, to, relation, c) {
      if (from === to) { return; }
      var key = relation + "|" + from + "|" + to;
      if (!folded.has(key)) {
        folded.set(key, { id: "o" + folded.size, from: from, to: to, relation: relation, count: 0,
                          modalities: {}, clauses: [], seen: new Set() });
      }
      var edge = folded.get(key);
      if (edge.seen.has(c)) { return; }
      edge.seen.add(c);
      edge.count += 1;
      edge.modalities[c.modality || "unknown"] = (edge.modalities[c.modality || "unknown"] || 0) + 1;
      if (edge.clauses.indexOf(c.clause) < 0) { edge.clauses.push(c.clause); }
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
        c.beneficiaries.forEach(function (b) { fold(o, b, "commits", c); });
        c.partners.forEach(function (p) { fold(o, p, "partner", c); });
      });
      c.carried_by.forEach(function (m) { c.beneficiaries.forEach(function (b) { fold(m, b, "carries", c); }); });
      (c.carried_by.length ? c.carried_by : c.obligors.length ? c.obligors : [NOBODY.id]).forEach(function (a) {
        c.programmes.forEach(function (p) { fold(a, p, "concerns", c); });
      });
    });
    var edges = Array.from(folded.values());
    DATA.edges.forEach(function (e) {
      if (e.relation === "sub_organization_of" && involved.has(e.from) && involved.has(e.to)) {
        edges.push({ id: e.id, from: e.from, to: e.to, relation: e.relation, count: 0, modalities: {}, clauses: [] });
      }
    });
    var styles = DATA.overview_styles;
    return {
      nodes: [NOBODY].concat(DATA.nodes).filter(function (n) { return involved.has(n.id); }).map(function (n) {
        var node = nodeItem(n, Math.round(10 + 4 * Math.sqrt(involved.get(n.id).size)));
        node.title = n.label + (n.name && n.name !== n.label ? "\n" + n.name : "") + "\n" + n.type + " \u00b7 " +
          plural(involved.get(n.id).size, "commitment") + " shown";
        return node;
      }),
      edges: edges.map(function (e) {
        var style = styles[e.relation], major = e.relation === "commits" || e.relation === "carries";
        return { id: e.id, from: e.from, to: e.to, dashes: style.dashes,
                 smooth: { enabled: true, type: "curvedCW", roundness: 0.15 },  // A->B and B->A apart
                 major: major, label: major ? String(e.count) : undefined, width: e.count ? 1 + 1.6 * Math.log2(1 + e.count) : 1,
                 title: e.count ? label(e.from) + " \u2192 " + label(e.to) + ": " + plural(e.count, "commitment") +
                   " (" + modalityList(e.modalities) + ")" : undefined,
                 color: { color: style.color, highlight: "#0f172a", hover: "#0f172a" },
                 arrows: { to: { enabled: true, scaleFactor: e.relation === "sub_organization_of" ? 0.4 : 0.6 } },
                 source: e };
      }),
    };
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
      id: n.id, label: n.label, title: n.title, shape: n.shape, size: size,
      color: { background: n.color, border: n.color,
               highlight: { background: lighten(n.color), border: "#0f172a" },
               hover: { background: lighten(n.color), border: n.color } },
      font: isClause ? { size: 10, color: "#475569" }
        : { size: n.major ? 16 : 14, color: "#0f172a", strokeWidth: 4, strokeColor: "#ffffff" },
    };
  }

  // ---- the network: one vis.Network, its data replaced and laid out anew on every change
  var container = document.getElementById("network");
  var nodeSet = new vis.DataSet(), edgeSet = new vis.DataSet();
  var network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, DATA.options);
  var progress = document.getElementById("progress");
  var empty = document.getElementById("empty");
  var api = { network: network, ready: false, layouts: 0 };

  // The names of ministries, provinces and the Rijk, and the counts between actors in the overview,
  // are drawn at READABLE_PX on screen whatever the zoom (vis-network skips a label whose font size
  // times the scale is below its draw threshold).
  function readableLabels() {
    var size = Math.max(16, Math.ceil(READABLE_PX / network.getScale()));
    function grow(set, isMajor, font) {
      var updates = [];
      set.forEach(function (item) {
        if (isMajor(item) && (!item.font || item.font.size !== size)) {
          updates.push({ id: item.id, font: Object.assign({ size: size }, font) });
        }
      });
      if (updates.length) { set.update(updates); }
    }
    grow(nodeSet, function (item) { return byId.get(item.id).major; },
         { color: "#0f172a", strokeWidth: 4, strokeColor: "#ffffff" });
    grow(edgeSet, function (item) { return item.major; },
         { color: "#0f172a", strokeWidth: 4, strokeColor: "#ffffff", align: "horizontal" });
  }

  function done() {
    if (api.ready) { return; }
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    if (nodeSet.length > 1) { network.moveTo({ scale: network.getScale() * 0.92, animation: false }); }
    progress.hidden = true;
    restoreSelection();
    readableLabels();
    api.layouts += 1;
    api.ready = true;
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out the network\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.on("stabilizationIterationsDone", done);
  network.on("zoom", readableLabels);

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
      empty.textContent = state.search ? "No match for \u201c" + search.value.trim() + "\u201d" +
        (FILTERS.some(function (k) { return state[k]; }) ? " with these filters" : "")
        : "Nothing matches these filters";
    }
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
  var KEYS = ["view", "arrangement", "ministry", "programme", "modality", "q", "node", "panel", "sort"];
  function toHash() {
    var params = new URLSearchParams();
    KEYS.forEach(function (key) {
      var value = key === "q" ? search.value.trim() : key === "node" ? shortOf(state.node) : state[key];
      var plain = { view: "overview", panel: "table" };
      if (value && value !== plain[key]) { params.set(key, value); }
    });
    return params.toString();
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
    state.view = params.get("view") === "clauses" ? "clauses" : "overview";
    FILTERS.forEach(function (key) {
      var value = params.get(key) || "";
      state[key] = (DATA.filters[key] || []).indexOf(value) >= 0 ? value : "";
      document.getElementById("filter-" + key).value = state[key];
    });
    search.value = params.get("q") || "";
    state.search = search.value.trim().toLowerCase();
    var node = params.get("node") || "";
    state.node = byShort.get(node) || (byId.has(node) ? node : "");
    if (state.node && byId.get(state.node).kind === "clause") { state.view = "clauses"; }
    state.panel = params.get("panel") === "details" || (state.node && params.get("panel") !== "table")
      ? "details" : "table";
    state.sort = params.get("sort") || "";
  }

  // ---- controls
  var search = document.getElementById("search");
  FILTERS.forEach(function (key) {
    var select = document.getElementById("filter-" + key);
    (DATA.filters[key] || []).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { state[key] = select.value; changed(); });
  });
  var typing = null;
  search.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.search = search.value.trim().toLowerCase(); changed(); }, 250);
  });
  document.getElementById("reset").addEventListener("click", function () {
    FILTERS.forEach(function (key) { document.getElementById("filter-" + key).value = ""; state[key] = ""; });
    search.value = ""; state.search = "";
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

  function showClause(n) {
    heading(n.label);
    panelEl.appendChild(el("p", n.type, "sub"));
    panelEl.appendChild(definitions([
      ["Arrangement", n.arrangement, "detail-arrangement"],
      ["Section", [n.section, n.section_title].filter(Boolean).join(" "), "detail-section"],
      ["Source line", n.line, "detail-line"],
      ["IRI", n.iri],
    ]));
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
    var clauses = [];
    around.forEach(function (ids, clause) { if (ids.has(n.id) && visibleClauses.has(clause)) { clauses.push(clause); } });
    clauseList("Clauses shown", clauses);
  }

  function showEdge(e) {
    heading(label(e.from) + " \u2192 " + label(e.to));
    panelEl.appendChild(el("p", e.relation.replace(/_/g, " ") + (e.modality ? " \u00b7 " + e.modality : ""), "sub"));
    if (e.count) {
      panelEl.appendChild(el("p", plural(e.count, "commitment") + ": " + modalityList(e.modalities), "detail-count"));
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
  var focusNext = false;  // a link named the node: show it and its neighbours after the layout
  function restoreSelection() {  // after a layout: the selected node, if still drawn
    if (state.node && visibleNodes.has(state.node)) {
      network.selectNodes([state.node]);
      showDetails(state.node);
      if (state.panel === "table") { showPanel("table"); }
      if (focusNext) {
        network.fit({ nodes: [state.node].concat(network.getConnectedNodes(state.node)), animation: false });
        network.moveTo({ scale: Math.min(1, network.getScale() * 0.8), animation: false });
      }
    }
    focusNext = false;
  }
  function openClause(id) {  // from a list of clauses: show it in the clause view
    state.node = id;
    if (state.view !== "clauses") { state.panel = "details"; setView("clauses"); return; }
    selectNode(id, true);
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
    var arrangements = Object.keys(DATA.provinces).filter(function (a) {
      return !state.arrangement || a === state.arrangement;
    });
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
  function caption() {
    var parts = FILTERS.filter(function (k) { return state[k]; }).map(function (k) { return k + " " + state[k]; });
    if (state.search) { parts.push("search \u201c" + search.value.trim() + "\u201d"); }
    return "Commitments in the clauses shown" + (parts.length ? " (" + parts.join(", ") + ")" : " (no filter)") + ".";
  }
  function renderTable() {
    var t = table();
    document.getElementById("table-caption").textContent = caption();
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
  function tableCsv() {
    var t = table();
    return [t.columns].concat(t.rows.map(function (r) { return [r.name].concat(r.cells, [r.total]); }))
      .map(function (cells) { return cells.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }
  document.getElementById("download").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([tableCsv()], { type: "text/csv;charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = "ra-graph-commitments-per-ministry-and-province.csv";
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
