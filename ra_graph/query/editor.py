"""The SPARQL editor a browser gets at ``/sparql``: YASGUI, vendored and configured offline.

Why YASGUI (``@zazuko/yasgui``, the fork Fuseki and Oxigraph ship): it is the
editor analysts meet elsewhere (highlighting, syntax check, completion, tabs,
a sortable and filterable result table with CSV download), MIT-licensed, and
one prebuilt file.  It is vendored (``vendor/yasgui-<version>/``, see its
README) and served from this process under ``/sparql/assets/``, never from a
CDN; its configuration is a separate static file (``assets/sparql-editor.js``)
so the page needs no inline script.  The things YASGUI would fetch from other
servers (prefix.cc, Linked Open Vocabularies, the endpoints it lists by
default) are switched off there and replaced by what this module embeds in
the page as JSON data: this graph's prefixes, classes and properties, and the
stored queries bound to their example parameters.

Which request gets the editor (documented in ``docs/analysts/sparql-editor.md``):
a GET or HEAD of ``/sparql`` with no parameter, or with ``query`` as its only
parameter, from a client whose Accept header ranks ``text/html`` above every
result format this endpoint can send.  A browser does; SPARQL and RDF clients
do not (they name a result format or accept anything), so they keep getting
results exactly as before.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ra_graph.query.sparql_exec import Reply, accept_ranking, error, format_key
from ra_graph.query.sparql_guard import MAX_QUERY_BYTES

YASGUI_VERSION = "4.6.2"
VENDOR = Path(__file__).parent / "vendor" / f"yasgui-{YASGUI_VERSION}"
OWN = Path(__file__).parent / "assets"
ASSET_PATH = "/sparql/assets/"
# The editor's page: scripts only from this origin (the vendored bundle and its configuration),
# styles from this origin plus inline style attributes (YASGUI's column resizer and editor
# heights set element styles), requests only to this origin.
EDITOR_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'")
_JS, _CSS, _TEXT = "text/javascript; charset=utf-8", "text/css; charset=utf-8", "text/plain; charset=utf-8"
ASSETS: dict[str, tuple[Path, str]] = {  # the only files served under /sparql/assets/
    "yasgui.min.js": (VENDOR / "yasgui.min.js", _JS),
    "yasgui.min.css": (VENDOR / "yasgui.min.css", _CSS),
    "yasgui-LICENSE.txt": (VENDOR / "LICENSE", _TEXT),
    "yasgui-THIRD-PARTY-LICENSES.txt": (VENDOR / "THIRD-PARTY-LICENSES.txt", _TEXT),
    "sparql-editor.js": (OWN / "sparql-editor.js", _JS),
    "sparql-editor.css": (OWN / "sparql-editor.css", _CSS),
}
ASSET_CACHE = "public, max-age=86400"  # the page links each file with ?v=<its hash>: a new file is a new URL
_HTML = ("text/html", "application/xhtml+xml")
_GZIP_MIN = 1024  # bytes: smaller files are sent as they are


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str


def load_assets() -> dict[str, Asset]:
    """Every asset read once (and gzipped once) at start-up."""
    out = {}
    for name, (path, content_type) in ASSETS.items():
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:16]
        packed = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= _GZIP_MIN else None
        out[name] = Asset(body, packed, content_type, f'"{digest}"')
    return out


def serve_asset(assets: dict[str, Asset], name: str, environ: dict) -> Reply:
    """``/sparql/assets/<name>``: a file of the fixed list above, by name; anything else is 404.

    The name is looked up, never joined to a path, so ``..``, ``%2e%2e``,
    slashes and absolute paths cannot reach another file.
    """
    asset = assets.get(name)
    if asset is None:
        return error(404, f"not found: the editor's files are {', '.join(sorted(assets))}")
    headers = {"Cache-Control": ASSET_CACHE, "ETag": asset.etag, "Vary": "Accept-Encoding"}
    if asset.etag in [tag.strip() for tag in environ.get("HTTP_IF_NONE_MATCH", "").split(",")]:
        return Reply(304, asset.content_type, b"", headers)
    encodings = [part.split(";")[0].strip().lower() for part in environ.get("HTTP_ACCEPT_ENCODING", "").split(",")]
    if asset.gzipped is not None and "gzip" in encodings:
        return Reply(200, asset.content_type, asset.gzipped, {**headers, "Content-Encoding": "gzip"})
    return Reply(200, asset.content_type, asset.body, headers)


def wants_editor(params: dict[str, list[str]], accept: str | None) -> bool:
    """A browser asking for ``/sparql`` or ``/sparql?query=…``: HTML ranked above every result format."""
    if set(params) - {"query"} or len(params.get("query", [""])) != 1:
        return False
    if len(params.get("query", [""])[0].encode("utf-8")) > MAX_QUERY_BYTES:
        return False  # the endpoint refuses it; the editor would only show it
    ranked = accept_ranking(accept)
    html = max((q for media, q in ranked if media in _HTML), default=0.0)
    results = max((q for media, q in ranked if format_key(media)), default=0.0)
    if "query" not in params:
        return html > 0 and html >= results  # as before: the page, else the service description
    return html > 0 and html > results


def vocabulary_terms(store) -> dict[str, list[str]]:
    """The classes and properties this graph uses or declares: the editor's offline completions."""
    queries = {
        "classes": "SELECT DISTINCT ?t WHERE { { ?s a ?t } UNION { ?t a <http://www.w3.org/2002/07/owl#Class> } "
                   "UNION { ?t a <http://www.w3.org/2000/01/rdf-schema#Class> } FILTER(isIRI(?t)) }",
        "properties": "SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?t a ?k . VALUES ?k { "
                      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> "
                      "<http://www.w3.org/2002/07/owl#ObjectProperty> "
                      "<http://www.w3.org/2002/07/owl#DatatypeProperty> } } }",
    }
    return {key: sorted({row["t"].value for row in store.query(text, use_default_graph_as_union=True)})
            for key, text in queries.items()}


class Editor:
    """The editor page: rendered once without a query, and per request for a shared link."""

    def __init__(self, *, graph: str, examples: list[dict[str, str]], terms: dict[str, list[str]],
                 timeout: float, max_rows: int):
        from jinja2 import Environment, PackageLoader, select_autoescape

        from ra_graph.core.namespaces import PREFIXES

        self.assets = load_assets()
        env = Environment(loader=PackageLoader("ra_graph.query", "templates"), autoescape=select_autoescape(["html"]))
        self._template = env.get_template("sparql.html")
        default = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("ra", "dcterms"))
        default += ("SELECT ?arrangement ?title ?year WHERE {\n"
                    "  ?arrangement a ra:Arrangement ; dcterms:title ?title ; ra:year ?year .\n"
                    "} ORDER BY ?year ?title")
        self._data = {
            "endpoint": "sparql",  # relative to the page (/sparql or /): this origin's /sparql
            "prefixes": PREFIXES,
            "classes": terms.get("classes", []),
            "properties": terms.get("properties", []),
            "examples": examples,
            "defaultQuery": default,
        }
        # Storage is keyed by what the page offers: another graph, other examples or another YASGUI
        # start from a clean slate rather than from tabs saved by an older page.
        fingerprint = json.dumps([YASGUI_VERSION, graph, self._data], sort_keys=True).encode("utf-8")
        self._data["storageKey"] = "ra-graph-sparql-" + hashlib.sha256(fingerprint).hexdigest()[:12]
        self._context = {
            "graph": graph, "prefixes": ", ".join(f"{p}:" for p in PREFIXES), "examples": examples,
            "timeout": f"{timeout:g}", "max_rows": max_rows,
            "assets": {name: f"{ASSET_PATH.lstrip('/')}{name}?v={asset.etag.strip(chr(34))}"
                       for name, asset in self.assets.items()},
        }
        self.page = self.render(None)

    def render(self, query: str | None) -> bytes:
        """The page; a shared query travels as JSON data and as the text of the no-script form, escaped."""
        data = {**self._data, "query": query}
        return self._template.render(data=data, query=query, **self._context).encode("utf-8")

    def reply(self, query: str | None = None) -> Reply:
        body = self.page if query is None else self.render(query)
        return Reply(200, "text/html; charset=utf-8", body, {"Content-Security-Policy": EDITOR_CSP, "Vary": "Accept"})
