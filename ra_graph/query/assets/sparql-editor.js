/* The SPARQL editor of `ra-graph serve`: YASGUI (vendored, yasgui.min.js) configured to work offline.
 *
 * Everything YASGUI would fetch from elsewhere is replaced by what the server embedded in the page
 * (#ra-editor-data, JSON data, never executed): completion of prefixes, classes and properties comes
 * from this graph instead of prefix.cc and Linked Open Vocabularies; the endpoint is this origin's
 * /sparql and cannot be changed; the stored queries are the examples.  A shared link
 * (/sparql?query=...) opens its query in a tab of its own and runs it, whatever tabs the browser's
 * storage holds; the address bar always holds the link to the query shown.
 */
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("ra-editor-data").textContent);
  const Yasgui = window.Yasgui;
  const Yasqe = window.Yasqe;
  const endpoint = new URL(data.endpoint, document.baseURI).href; // this origin's /sparql
  const status = document.getElementById("ra-status");
  const ID_BASE = "https://w3id.org/ra-graph/";

  /* The endpoint predeclares the project's prefixes, so the syntax check must know them too
   * (otherwise `ra:Clause` without a PREFIX line is marked "Prefix 'ra' is not defined"). */
  const sparqlMode = Yasqe.modes.sparql11;
  Yasqe.defineMode("sparql11", function (config, parserConfig) {
    const mode = sparqlMode(config, parserConfig);
    const startState = mode.startState;
    mode.startState = function () {
      const state = startState.apply(this, arguments);
      Object.assign(state.prefixes, data.prefixes);
      return state;
    };
    return mode;
  });

  /* Completion from this graph only.  forkAutocompleter keeps YASQE's logic for where a prefix,
   * class or property may be completed and replaces only where the candidates come from. */
  const prefixLines = Object.keys(data.prefixes).map((p) => p + ": <" + data.prefixes[p] + ">");
  Yasqe.forkAutocompleter("prefixes", { name: "ra-prefixes", get: prefixLines, persistenceId: null }, false);
  Yasqe.forkAutocompleter("class", { name: "ra-classes", get: data.classes, bulk: true, persistenceId: null }, false);
  Yasqe.forkAutocompleter("property", { name: "ra-properties", get: data.properties, bulk: true,
    persistenceId: null }, false);
  for (const name of ["prefixes", "class", "property"]) delete Yasqe.Autocompleters[name]; // prefix.cc, LOV
  Yasqe.defaults.autocompleters.splice(0, Yasqe.defaults.autocompleters.length,
    "variables", "ra-prefixes", "ra-classes", "ra-properties");
  Yasqe.defaults.prefixCcApi = "";

  /* A link to a query: this origin's /sparql?query=..., which a browser opens in this editor. */
  function linkFor(query) {
    const url = new URL(endpoint);
    url.search = "?query=" + encodeURIComponent(query);
    return url.href;
  }
  Yasgui.Tab.prototype.getShareableLink = function () { return linkFor(this.getQuery()); };

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    copyEndpointOnNewTab: false,
    populateFromUrl: false, // the shared query comes from the server's data, below
    autofocus: data.query === null,
    persistenceId: data.storageKey,
    tabName: "Query",
    yasqe: { value: data.defaultQuery, editorHeight: "16rem", resizeable: true },
    yasr: { prefixes: data.prefixes, maxPersistentResponseSize: 200000 },
  });

  /* Tabs saved by an earlier visit keep their queries but never another endpoint. */
  for (const id of yasgui.persistentConfig.getTabs()) {
    const tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }

  function tabWith(name, query) {
    for (const id of yasgui.persistentConfig.getTabs()) {
      const saved = yasgui.persistentConfig.getTab(id);
      if (saved && saved.name === name && saved.yasqe.value === query) return id;
    }
    return null;
  }

  /* Open `query` in the tab called `name` (reused when it holds exactly that query) and run it. */
  function open(name, query) {
    let id = tabWith(name, query);
    if (id === null) {
      id = yasgui.addTab(true, { name: name, yasqe: { value: query },
        requestConfig: { endpoint: endpoint } }).getId();
    }
    yasgui.selectTabId(id);
    const tab = yasgui.getTab(id);
    showLink();
    tab.query().catch(() => {}); // errors are shown in the result pane
    return tab;
  }

  /* The address bar holds the link to the query in the active tab. */
  function showLink() {
    const tab = yasgui.getTab();
    if (!tab || !tab.getYasqe()) return;
    const link = linkFor(tab.getQuery());
    if (link !== location.href) history.replaceState(null, "", link);
  }
  const watched = new WeakSet();
  let pending = null;
  function watch() {
    const tab = yasgui.getTab();
    const yasqe = tab && tab.getYasqe();
    if (yasqe && !watched.has(yasqe)) {
      watched.add(yasqe);
      yasqe.on("change", () => {
        clearTimeout(pending);
        pending = setTimeout(showLink, 300);
      });
    }
    showLink();
  }
  yasgui.on("tabSelect", () => setTimeout(watch, 0));
  yasgui.on("tabAdd", () => setTimeout(watch, 0));
  yasgui.on("query", () => showLink());
  yasgui.on("queryResponse", () => { status.textContent = ""; });

  /* Names of this register (https://w3id.org/ra-graph/...) link to this server's pages of them. */
  function localise(root) {
    for (const title of root.querySelectorAll(".dt-column-title")) title.title = title.textContent;
    for (const a of root.querySelectorAll("a.iri")) {
      const href = a.getAttribute("href") || "";
      if (href.startsWith(ID_BASE)) {
        a.setAttribute("href", new URL(href.slice(ID_BASE.length), new URL("/", endpoint)).href);
        a.removeAttribute("target");
      }
    }
  }
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      for (const node of m.addedNodes) if (node.nodeType === 1) localise(node);
    }
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  /* The stored queries, bound to their example parameters. */
  const select = document.getElementById("ra-example");
  select.disabled = false;
  select.addEventListener("change", () => {
    const example = data.examples[Number(select.value)];
    if (select.value !== "" && example) {
      status.textContent = example.title;
      open(example.name, example.query);
    }
    select.value = "";
  });

  if (data.query !== null && data.query.trim() !== "") {
    open("Link", data.query);
  } else {
    watch();
  }
  window.raEditor = { yasgui: yasgui, open: open, linkFor: linkFor, ready: true };
})();
