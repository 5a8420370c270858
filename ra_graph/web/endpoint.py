"""The endpoint's side of the workbench: static files here, every page in a query worker.

``/static/<name>`` is one of the files packaged in ``ra_graph/web/static``
(the list is read once; a name is looked up in it, never joined to a
path, so ``..`` or an absolute path cannot reach another file).  Every
other page is sent to the worker pool, where
:class:`ra_graph.web.workbench.Workbench` renders it under the query
deadline and memory limit.  Only GET and HEAD are answered: no route
changes anything.
"""

from __future__ import annotations

from importlib import resources

from ra_graph.query.sparql_exec import Reply, error
from ra_graph.web.wrap import CSP

#: The workbench's routes (workbench.Workbench._route): any other path is answered here, without a worker.
ROUTES = ("/", "/def", "/def.ttl", "/questions", "/validation", "/network", "/deadlines", "/deadlines.ics", "/void",
          "/data/ra-graph.trig")
PREFIXES = ("/id/", "/questions/", "/diff/", "/history/", "/assets/")
_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain; charset=utf-8"}


def static_files() -> dict[str, tuple[str, bytes]]:
    """name -> (media type, bytes) of every packaged static file."""
    out = {}
    for entry in resources.files("ra_graph.web").joinpath("static").iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if entry.is_file() and suffix in _TYPES:
            out[entry.name] = (_TYPES[suffix], entry.read_bytes())
    return out


class WebRoutes:
    """Everything but ``/sparql``."""

    def __init__(self, pool, timeout: float):
        self.pool, self.timeout = pool, timeout
        self.static = static_files()

    def reply(self, method: str, path: str, params: dict[str, list[str]], accept: str | None,
              client: str | None = None) -> Reply:
        """A page; ``client`` (its address) shares the workers fairly, as a SPARQL query does."""
        if method not in ("GET", "HEAD"):
            reply = error(405, "the workbench is read-only: GET or HEAD")
            reply.headers["Allow"] = "GET, HEAD"
            return reply
        if path.startswith("/static/"):
            found = self.static.get(path[len("/static/"):])
            if found is None:
                return error(404, "not found")
            return Reply(200, found[0], found[1], {"Cache-Control": "public, max-age=3600"})
        if path not in ROUTES and not path.startswith(PREFIXES):
            return error(404, "not found: see / for the workbench, /sparql for the endpoint")
        reply = self.pool.run({"page": path, "params": params, "accept": accept}, self.timeout, client=client)
        if reply.content_type.startswith("text/html"):
            reply.headers.setdefault("Content-Security-Policy", CSP)
        reply.headers.setdefault("Referrer-Policy", "no-referrer")
        return reply
