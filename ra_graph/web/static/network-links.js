// ra-graph workbench: on the network page, a link from the selected node to its resource page.
// The page keeps its state in the URL fragment (#view=clauses&node=<id>); this reads it.
"use strict";
(function () {
  var link = document.getElementById("wb-node");
  if (!link) return;
  var shown = null;
  function update() {
    var node = new URLSearchParams(location.hash.slice(1)).get("node");
    if (node === shown) return;
    shown = node;
    if (node) {
      link.href = "/id/" + node.split("/").map(encodeURIComponent).join("/");
      link.textContent = "→ /id/" + node;
      link.hidden = false;
    } else {
      link.hidden = true;
    }
  }
  window.addEventListener("hashchange", update);
  setInterval(update, 500);  // the page may change its fragment without a hashchange event
  update();
})();
