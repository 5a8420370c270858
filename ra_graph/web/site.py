"""``ra-graph site --out DIR``: the workbench's pages as a static site.

Every page a static web server can serve without Python: the home page,
the vocabulary, the questions (each form, with its example's answer where
it has one), the validation report, the network page, the deadlines and
their calendar, the diff of each pair of consecutive versions, each
clause's history, and a resource page for every IRI of the graph as
``id/<local>/index.html`` with ``id/<local>.ttl`` and ``id/<local>.jsonld``
beside it; a sample ``.htaccess`` shows how Apache would negotiate between
them.  Links are absolute paths, so the site is published at a host's root.

The site is written into a temporary directory beside ``DIR`` and renamed
into place, so a reader never sees half a site; an existing ``DIR`` is
replaced only when it is empty, an earlier site (it holds
``.ra-graph-site``) or ``--force`` is given.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from ra_graph.core.errors import RaGraphError
from ra_graph.core.namespaces import GRAPH, RAI
from ra_graph.core.versions import versions
from ra_graph.query import library
from ra_graph.web.endpoint import static_files
from ra_graph.web.workbench import Workbench

MARKER = ".ra-graph-site"
HTACCESS = """# ra-graph site: content negotiation for the resource pages (Apache, mod_rewrite and mod_negotiation).
# /id/x answers id/x/index.html to a browser, id/x.ttl to Turtle clients, id/x.jsonld to JSON-LD clients.
Options -MultiViews
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType text/calendar .ics
AddType application/trig .trig
RewriteEngine On
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteCond %{REQUEST_URI} ^/id/(.+?)/?$
RewriteCond %{DOCUMENT_ROOT}/id/%1.ttl -f
RewriteRule ^id/(.+?)/?$ /id/$1.ttl [L]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteCond %{REQUEST_URI} ^/id/(.+?)/?$
RewriteCond %{DOCUMENT_ROOT}/id/%1.jsonld -f
RewriteRule ^id/(.+?)/?$ /id/$1.jsonld [L]
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteRule ^def/?$ /def.ttl [L]
Header append Vary Accept
"""


def pages(bench: Workbench) -> list[tuple[str, dict[str, list[str]], str]]:
    """(URL path, parameters, file) of every page of the site."""
    store = bench.store
    out = [("/", {}, "index.html"), ("/def", {}, "def/index.html"), ("/def.ttl", {}, "def.ttl"),
           ("/questions", {}, "questions/index.html"), ("/validation", {}, "validation/index.html"),
           ("/network", {}, "network/index.html"), ("/deadlines", {}, "deadlines/index.html"),
           ("/deadlines.ics", {}, "deadlines.ics"), ("/void", {}, "void.ttl"),
           ("/data/ra-graph.trig", {}, "data/ra-graph.trig")]
    from ra_graph.web.questions import example as offered

    for name in library.available():  # the example the questions page offers (this graph's pair of versions)
        example = offered(bench, library.find(name)) or library.find(name).example
        out.append((f"/questions/{name}", {k: [v] for k, v in example.items()}, f"questions/{name}/index.html"))
    every = versions(store)
    for a, b in zip(every, every[1:]):
        if a.province == b.province:
            out.append((f"/diff/{a.id}/{b.id}", {}, f"diff/{a.id}/{b.id}/index.html"))
    subjects = sorted({q.subject.value for q in store if isinstance(q.subject, ox.NamedNode)
                       and q.subject.value.startswith(RAI) and not q.subject.value.startswith(GRAPH)})
    clause_type = ox.NamedNode("https://w3id.org/ra-graph/def#Clause")
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for iri in subjects:
        local = iri[len(RAI):]
        out.append((f"/id/{local}", {}, f"id/{local}/index.html"))
        out.append((f"/id/{local}.ttl", {}, f"id/{local}.ttl"))
        out.append((f"/id/{local}.jsonld", {}, f"id/{local}.jsonld"))
        if next(store.quads_for_pattern(ox.NamedNode(iri), a, clause_type), None) is not None:
            ident = next(store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(
                "http://purl.org/dc/terms/identifier"), None), None)
            if ident is not None:
                out.append((f"/history/{ident.object.value}", {}, f"history/{ident.object.value}/index.html"))
    return out


def _check_target(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise RaGraphError("--out: exists and is not a directory", file=out)
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not force:
        raise RaGraphError("--out: a non-empty directory that is not an earlier site; "
                           "choose another or give --force to replace it", file=out)


def build_site(store: ox.Store, graph: Path, out: Path, *, force: bool = False) -> int:
    """Write the site to ``out``; the number of files written."""
    out = Path(out)
    _check_target(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    bench = Workbench(store, graph)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        count = 0
        for path, params, file in pages(bench):
            reply = bench.handle(path, params)
            if reply.status != 200:
                if path.startswith("/questions/") or path.startswith("/history/"):
                    continue  # an example this graph cannot answer: the form alone is not worth a file
                raise RaGraphError(f"site: {path} answered {reply.status}: {reply.body[:200].decode('utf-8', 'replace')}")
            target = temp / file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(reply.body)
            count += 1
        for name, body in bench.once("assets", dict).items():
            (temp / "assets").mkdir(exist_ok=True)
            (temp / "assets" / name).write_bytes(body)
            count += 1
        (temp / "static").mkdir(exist_ok=True)
        for name, (_, body) in static_files().items():
            (temp / "static" / name).write_bytes(body)
            count += 1
        (temp / ".htaccess").write_text(HTACCESS, encoding="utf-8")
        (temp / MARKER).write_text("written by ra-graph site\n", encoding="utf-8")
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{temp.name.rsplit('.', 1)[-1]}"
            out.rename(old)
        temp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return count + 2
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
