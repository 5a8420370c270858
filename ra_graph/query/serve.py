"""``ra-graph serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``.

Why this design and not a ready-made server
-------------------------------------------
* Oxigraph's own server (``oxigraph serve-read-only --location DIR
  --timeout-s N``) is fast and well kept and has a query timeout, but it has
  no result-size cap and its page at ``/`` loads YASGUI from a CDN, which
  this project may not do, and it cannot show our stored queries.
* rdflib-endpoint would evaluate SPARQL with rdflib (orders of magnitude
  slower) and needs FastAPI/uvicorn, which are not installed.
* So: Python's stdlib ``ThreadingHTTPServer`` in front of pyoxigraph (the
  same Rust engine as Oxigraph's server).  Each query runs in a worker
  process (:mod:`ra_graph.query.serve_pool`) with a hard deadline, killed and
  replaced when it overruns; results are capped at ``--max-rows`` while
  they are read (:mod:`ra_graph.query.sparql_exec`).  Read-only holds by
  construction: only ``Store.query`` is ever called, which parses queries,
  never updates, and every ``update`` request is refused with 403.

Protocol: GET (or HEAD) ``/sparql?query=…``; POST form (``query=…``) or
``application/sparql-query`` with a ``Content-Length`` of at most
``MAX_BODY`` bytes; ``default-graph-uri``/``named-graph-uri``
supported; result format from ``format=`` or the Accept header.  A client
that stalls for ``CLIENT_TIMEOUT`` seconds is dropped, and one that hangs
up is a line in the log, not a traceback.  ``/``
serves a small page (no external resources, inline script only) with the
stored queries as examples, bound to their ``# example:`` parameters.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ra_graph.core.errors import RaGraphError
from ra_graph.query.serve_pool import WorkerPool
from ra_graph.query.sparql_exec import Reply, error

MAX_BODY = 1_000_000  # bytes of query text accepted
CLIENT_TIMEOUT = 30.0  # seconds a client may stall while sending a request
_LENGTH = re.compile(r"\s*\d+\s*")
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'")


def example_queries(store, directory: Path | None = None) -> list[dict[str, str]]:
    """The stored queries, bound to their example parameters, as standalone SPARQL."""
    from ra_graph.core import paths
    from ra_graph.query import library

    out = []
    indexes: dict = {}  # the label indexes, read from the graph once for all examples
    directory = directory or paths.QUERIES
    for name in library.available(directory):
        stored = library.find(name, directory)
        try:
            text = library.bind(store, stored, stored.example, indexes=indexes)
        except RaGraphError:
            text = stored.text  # the example names something this graph lacks: show it unbound
        out.append({"name": name, "title": stored.title, "query": library.standalone(text)})
    return out


def render_page(graph: Path, examples: list[dict[str, str]], *, timeout: float, max_rows: int) -> bytes:
    """The HTML page at ``/`` (Jinja2 with autoescaping; examples embedded as JSON)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from ra_graph.core.namespaces import PREFIXES

    env = Environment(loader=PackageLoader("ra_graph.query", "templates"), autoescape=select_autoescape(["html"]))
    html = env.get_template("sparql.html").render(
        graph=graph.name, prefixes=", ".join(f"{p}:" for p in PREFIXES), examples=examples,
        timeout=f"{timeout:g}", max_rows=max_rows,
    )
    return html.encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server_version = "ra-graph-sparql"
    protocol_version = "HTTP/1.1"
    # set by make_server
    pool: WorkerPool
    page: bytes
    timeout_s: float
    timeout: float = CLIENT_TIMEOUT  # socket timeout (StreamRequestHandler); a stalled client is dropped
    quiet: bool = False

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    # -- routing ---------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(Reply(200, "text/html; charset=utf-8", self.page, {"Content-Security-Policy": _CSP}))
        elif url.path == "/sparql":
            self._sparql(parse_qs(url.query, keep_blank_values=True), None)
        else:
            self._send(error(404, "not found: the endpoint is at /sparql"))

    do_HEAD = do_GET  # noqa: N815 (same status and headers; _send leaves out the body)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        data = self._body()
        if data is None:
            return
        if url.path != "/sparql":
            self._send(error(404, "not found: the endpoint is at /sparql"))
            return
        body = data.decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            self._sparql(params, None)
        elif ctype == "application/sparql-query":
            self._sparql(params, body)
        elif ctype == "application/sparql-update":
            self._send(error(403, "this endpoint is read-only: updates are not accepted"))
        else:
            self._send(error(415, "POST application/x-www-form-urlencoded or application/sparql-query"))

    def _body(self) -> bytes | None:
        """The request body; None once a bad or oversized one has been answered (and the connection closed)."""
        raw = self.headers.get("Content-Length")
        if raw is not None and not _LENGTH.fullmatch(raw):
            self.close_connection = True  # where the body ends is unknown
            self._send(error(400, f"bad Content-Length '{raw.strip()}': expected a number of bytes"))
            return None
        length = int(raw) if raw is not None else 0
        if length > MAX_BODY:
            self.close_connection = True
            self._send(error(413, f"query too large (limit {MAX_BODY} bytes)"))
            return None
        data = self.rfile.read(length)
        if len(data) < length:
            self.close_connection = True
            self._send(error(400, f"incomplete body: {len(data)} of {length} bytes"))
            return None
        return data

    def _refuse_write(self) -> None:
        self._send(error(405, "this endpoint is read-only"), {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse_write  # noqa: N815

    # -- SPARQL ------------------------------------------------------------------
    def _sparql(self, params: dict[str, list[str]], query: str | None) -> None:
        if "update" in params:
            self._send(error(403, "this endpoint is read-only: updates are not accepted"))
            return
        if query is None:
            queries = params.get("query", [])
            if len(queries) != 1 or not queries[0].strip():
                self._send(error(400, "give exactly one 'query' parameter"))
                return
            query = queries[0]
        if len(query.encode("utf-8")) > MAX_BODY:
            self._send(error(413, f"query too large (limit {MAX_BODY} bytes)"))
            return
        request = {
            "query": query,
            "format": (params.get("format") or [None])[0],
            "accept": self.headers.get("Accept"),
            "default_graph": params.get("default-graph-uri") or None,
            "named_graph": params.get("named-graph-uri") or None,
        }
        self._send(self.pool.run(request, self.timeout_s))

    def _send(self, reply: Reply, extra: dict[str, str] | None = None) -> None:
        self.send_response(reply.status, HTTPStatus(reply.status).phrase)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in {**reply.headers, **(extra or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    quiet = False

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-request is one log line; anything else keeps its traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
            if not self.quiet:
                sys.stderr.write(f"{client_address[0]} client disconnected ({type(exc).__name__})\n")
            return
        super().handle_error(request, client_address)


def make_server(graph_path: Path, *, host: str, port: int, timeout: float, max_rows: int,
                workers: int | None = None, quiet: bool = False,
                client_timeout: float = CLIENT_TIMEOUT) -> tuple[ThreadingHTTPServer, WorkerPool]:
    """Bind the socket, start the workers; errors the user must fix are RaGraphError."""
    from ra_graph.core.store import open_graph

    graph_path = Path(graph_path)
    if timeout <= 0 or max_rows <= 0:
        raise RaGraphError("--timeout and --max-rows must be positive")
    store = open_graph(graph_path)  # fail early, with file and line, on a bad snapshot
    page = render_page(graph_path, example_queries(store), timeout=timeout, max_rows=max_rows)
    handler = type("Handler", (_Handler,), {"page": page, "timeout_s": timeout, "quiet": quiet,
                                            "timeout": client_timeout})
    try:
        server = _Server((host, port), handler)
    except OverflowError:
        raise RaGraphError(f"--port {port}: not a port number (0-65535)") from None
    except ValueError as exc:  # e.g. a host name IDNA cannot encode
        raise RaGraphError(f"--host {host} --port {port}: cannot listen: {exc}") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise RaGraphError(f"--port {port}: address {host}:{port} is already in use; choose another port") \
                from None
        raise RaGraphError(f"--host {host} --port {port}: cannot listen: {exc.strerror or exc}") from None
    server.quiet = quiet
    handler.pool = WorkerPool(graph_path, size=workers or min(4, os.cpu_count() or 1), max_rows=max_rows)
    return server, handler.pool


def serve(graph_path: Path, *, host: str, port: int, timeout: float, max_rows: int) -> None:
    """Serve until Ctrl-C (or SIGTERM); then stop the workers and return."""
    server, pool = make_server(graph_path, host=host, port=port, timeout=timeout, max_rows=max_rows)

    def _stop(signum, frame):  # SIGTERM behaves like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    # Ctrl-C stops the server even when started in the background (where SIGINT starts ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    bound_host, bound_port = server.server_address[:2]
    print(f"ra-graph: serving {graph_path} at http://{bound_host}:{bound_port}/sparql "
          f"(timeout {timeout:g} s, max {max_rows} rows; Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("ra-graph: stopped", file=sys.stderr, flush=True)
    finally:
        server.server_close()
        pool.close()
