"""``ra-graph serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``
and the analysts' workbench (:mod:`ra_graph.web`) at every other path.

Why this design and not a ready-made SPARQL server
--------------------------------------------------
* Oxigraph's own server (``oxigraph serve-read-only``) is fast and well kept
  and has a query timeout, but it has no result-size cap and no memory
  bound, evaluates ``SERVICE`` (it reaches other servers), its page at ``/``
  loads YASGUI from a CDN, which this project may not do, and it cannot show
  our stored queries.
* rdflib-endpoint would evaluate SPARQL with rdflib (orders of magnitude
  slower) and needs FastAPI and uvicorn.
* So: a small WSGI application served by waitress in front of pyoxigraph
  (the same Rust engine as Oxigraph's server).  HTTP framing is waitress's:
  it is pure Python, has no dependencies, and since its request-smuggling
  fixes (2.1.1, 3.0.1) it refuses what the stdlib server got wrong: a
  repeated or non-numeric Content-Length (400), a Transfer-Encoding other
  than chunked (501), bare CR or LF in headers (400); it reads every body,
  whatever the method, so a body is never taken for a second request; it
  de-chunks chunked bodies, caps bodies (413) and headers (431), listens
  with a backlog of 1024, and serves slow clients from an event loop, so a
  stalled client holds no thread.  This module adds a deadline for a whole
  request to arrive (``client_timeout``), which waitress has only per read.

Each query is checked before parsing (:mod:`ra_graph.query.sparql_guard`: no
SERVICE, no update, bounded size and nesting), then runs in one of a few
worker processes with a deadline and a memory limit, behind a bounded queue
(:mod:`ra_graph.query.serve_pool`); results are capped at ``--max-rows``
(:mod:`ra_graph.query.sparql_exec`).  Read-only holds by construction: only
``Store.query`` is ever called, and update requests are refused with 403.

Protocol: GET (or HEAD) ``/sparql?query=…``; POST form (``query=…``) or
``application/sparql-query``; ``default-graph-uri``/``named-graph-uri``;
result format from ``format=`` (or ``output=``/``results=``: an alias such
as ``json``, ``rdf+xml``, ``n3`` or a media type), else the Accept header.
GET ``/sparql`` without a query gives the SPARQL editor to a browser and a
SPARQL 1.1 Service Description (Turtle unless another RDF format is asked
for) to anything else; a browser's GET ``/sparql?query=…`` (no other
parameter, ``text/html`` ranked above every result format) opens the editor
with that query (:mod:`ra_graph.query.editor`, which also serves the editor's
files under ``/sparql/assets/``).  The ``Host`` header must name this server (an IP
address, ``localhost``, the ``--host`` name or an ``--allow-host`` name), which
defeats DNS rebinding; a request from another web origin is refused unless
``--cors ORIGIN`` allows it.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import math
import os
import signal
import socket
import sys
import threading
import weakref
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs

from ra_graph.core.errors import RaGraphError, printable
from ra_graph.query.editor import ASSET_PATH, Editor, serve_asset, vocabulary_terms, wants_editor
from ra_graph.query.serve_pool import WorkerPool
from ra_graph.query.sparql_exec import GRAPHS, Reply, accept_ranking, error, format_key, preferences
from ra_graph.query.sparql_guard import MAX_QUERY_BYTES

MAX_BODY = 3 * MAX_QUERY_BYTES  # bytes of request body accepted: form encoding may triple a query
MAX_HEADER = 256 * 1024  # bytes of request line and headers: a longer query is POSTed (431 says so)
CONNECTIONS = 128  # open connections the front process serves at once; more wait in the backlog
MAX_PARAMETERS = 100  # query-string or form fields per request
CLIENT_TIMEOUT = 30  # seconds a client may take to send one whole request
LIMITS = {  # option: (lowest, highest) accepted
    "--timeout": (0.01, 3600.0),
    "--queue-wait": (0.01, 3600.0),
    "--workers": (1, 64),
    "--max-rows": (1, 10_000_000),
    "--memory": (64, 1_048_576),
    "--queue": (0, 256),
    "--per-client": (1, 64),
}
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_HTML = ("text/html", "application/xhtml+xml")
_ALLOW = "GET, HEAD, POST, OPTIONS"


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


def service_description(endpoint: str, graphs: list[str], fmt: str) -> Reply:
    """A SPARQL 1.1 Service Description of this endpoint, in the RDF format ``fmt``."""
    import pyoxigraph as ox

    sd = {name: ox.NamedNode(_SD + name) for name in (
        "Service", "endpoint", "supportedLanguage", "SPARQL11Query", "resultFormat", "feature",
        "UnionDefaultGraph", "BasicFederatedQuery", "defaultDataset", "Dataset", "defaultGraph", "Graph",
        "namedGraph", "NamedGraph", "name")}
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, a, sd["Service"]),
        ox.Triple(service, sd["endpoint"], ox.NamedNode(endpoint)),
        ox.Triple(service, sd["supportedLanguage"], sd["SPARQL11Query"]),
        ox.Triple(service, sd["feature"], sd["UnionDefaultGraph"]),
        ox.Triple(service, sd["defaultDataset"], dataset),
        ox.Triple(dataset, a, sd["Dataset"]),
        ox.Triple(dataset, sd["defaultGraph"], default),
        ox.Triple(default, a, sd["Graph"]),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(service, sd["resultFormat"], ox.NamedNode(_FORMATS + name)))
    for index, graph in enumerate(graphs):
        node = ox.BlankNode(f"g{index}")
        triples += [ox.Triple(dataset, sd["namedGraph"], node), ox.Triple(node, a, sd["NamedGraph"]),
                    ox.Triple(node, sd["name"], ox.NamedNode(graph))]
    media, rdf_format = GRAPHS[fmt]
    prefixes = {"sd": _SD, "formats": _FORMATS} if fmt == "turtle" else None
    return Reply(200, media, ox.serialize(triples, format=rdf_format, prefixes=prefixes))


class HostCheck:
    """Which ``Host`` and ``Origin`` values name this server (DNS rebinding, CORS)."""

    def __init__(self, host: str, *, allow_hosts: tuple[str, ...] = (), cors: tuple[str, ...] = ()):
        self.names = {"localhost", host.strip("[]").lower().rstrip(".")} | {h.lower().rstrip(".") for h in allow_hosts}
        if _is_ip(host) and ipaddress.ip_address(host.strip("[]")).is_unspecified:
            self.names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        self.cors = {origin.rstrip("/").lower() for origin in cors}

    def host_ok(self, host: str | None) -> bool:
        """A missing Host (HTTP/1.0), an IP address (never a rebinding) or one of this server's names."""
        if not host:
            return True
        name = _host_name(host)
        return _is_ip(name) or name in self.names

    def origin(self, origin: str | None, host: str | None) -> tuple[bool, str | None]:
        """(allowed, the Access-Control-Allow-Origin to send) for a request's Origin header."""
        if origin is None:
            return True, None
        value = origin.rstrip("/").lower()
        if host and value in (f"http://{host.lower()}", f"https://{host.lower()}"):
            return True, None  # same origin: the page at / itself
        if "*" in self.cors:
            return True, "*"
        if value in self.cors:
            return True, origin
        return False, None


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


class Endpoint:
    """The WSGI application: routing, Host/Origin checks, the SPARQL protocol."""

    def __init__(self, pool: WorkerPool, editor: Editor, graphs: list[str], hosts: HostCheck, *,
                 timeout: float, quiet: bool = False):
        self.pool, self.editor, self.graphs, self.hosts = pool, editor, graphs, hosts
        self.timeout, self.quiet = timeout, quiet
        self.web = None  # the routes of every path but /sparql (make_server's ``web``)

    def __call__(self, environ: dict, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        extra: dict[str, str] = {}
        try:
            reply = self._route(environ, method, path, extra)
        except Exception as exc:  # never a traceback to the client or the log
            reply = error(500, f"internal error ({type(exc).__name__})")
        self._log(environ, method, path, reply.status)
        body = b"" if method == "HEAD" else reply.body
        headers = [("Content-Type", reply.content_type), ("Content-Length", str(len(reply.body))),
                   ("X-Content-Type-Options", "nosniff")]
        headers += [(k, v) for k, v in {**reply.headers, **extra}.items()]
        start_response(f"{reply.status} {HTTPStatus(reply.status).phrase}", headers)
        return [body]

    def _log(self, environ: dict, method: str, path: str, status: int) -> None:
        if not self.quiet:
            sys.stderr.write(f"{environ.get('REMOTE_ADDR', '-')} {printable(method, 16)} "
                             f"{printable(path, 60)} {status}\n")

    def _route(self, environ: dict, method: str, path: str, extra: dict[str, str]) -> Reply:
        host = environ.get("HTTP_HOST")
        if not self.hosts.host_ok(host):
            return error(403, f"Host '{printable(host)}' does not name this server "
                              "(an IP address, localhost or an --allow-host name)")
        allowed, allow_origin = self.hosts.origin(environ.get("HTTP_ORIGIN"), host)
        if not allowed:
            return error(403, f"requests from the web page at '{printable(environ.get('HTTP_ORIGIN'))}' "
                              "are not accepted (see ra-graph serve --cors)")
        if allow_origin:
            extra.update({"Access-Control-Allow-Origin": allow_origin, "Vary": "Origin",
                          "Access-Control-Expose-Headers": "X-Result-Truncated, Retry-After"})
        if method == "OPTIONS":
            if allow_origin:
                extra.update({"Access-Control-Allow-Methods": "GET, HEAD, POST",
                              "Access-Control-Allow-Headers": "Content-Type, Accept",
                              "Access-Control-Max-Age": "600"})
            return Reply(204, "text/plain; charset=utf-8", b"", {"Allow": _ALLOW})
        if path.startswith(ASSET_PATH) and method in ("GET", "HEAD"):
            return serve_asset(self.editor.assets, path[len(ASSET_PATH):], environ)
        if path != "/sparql" and self.web is None:
            return error(404, "not found: the endpoint is at /sparql")
        if path != "/sparql":
            try:
                params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True,
                                  max_num_fields=MAX_PARAMETERS)
            except ValueError:
                return error(400, f"too many parameters (limit {MAX_PARAMETERS})")
            return self.web.reply(method, path, params, environ.get("HTTP_ACCEPT"), client=_client(environ))
        if method not in ("GET", "HEAD", "POST"):
            reply = error(405, "this endpoint is read-only: GET, HEAD or POST a query")
            reply.headers["Allow"] = _ALLOW
            return reply
        try:
            params = _parse_qs(environ.get("QUERY_STRING", ""))
        except UnicodeDecodeError as exc:
            return error(400, f"the query string is not UTF-8 once percent-decoded (byte {exc.start}): "
                              "percent-encode the query's UTF-8 bytes")
        except ValueError:
            return error(400, f"too many parameters (limit {MAX_PARAMETERS})")
        if method == "POST":
            return self._post(environ, params)
        if "query" not in params and "update" not in params:
            return self._describe(environ, host)
        # the same URL gives a browser the editor and a client results: caches must key on Accept
        extra["Vary"] = ", ".join(v for v in (extra.get("Vary"), "Accept") if v)
        if wants_editor(params, environ.get("HTTP_ACCEPT")):
            return self.editor.reply(params["query"][0])  # a shared link, opened by a browser
        return self._sparql(environ, params, None)

    def _page(self) -> Reply:
        return self.editor.reply()

    def _describe(self, environ: dict, host: str | None) -> Reply:
        """GET /sparql without a query: the page for a browser, the service description for the rest."""
        accept = environ.get("HTTP_ACCEPT")
        ranked = accept_ranking(accept)
        html = max((q for media, q in ranked if media in _HTML), default=0.0)
        rdf = max((q for media, q in ranked if format_key(media) in GRAPHS), default=0.0)
        if html > 0 and html >= rdf:
            return self._page()
        fmt = next((key for key in preferences(None, accept) if key in GRAPHS), "turtle")
        server = host or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '')}"
        return service_description(f"http://{server}/sparql", self.graphs, fmt)

    def _post(self, environ: dict, params: dict[str, list[str]]) -> Reply:
        length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has checked it (and de-chunked the body)
        body = environ["wsgi.input"].read(length) if length else b""
        ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            return error(400, f"the request body is not UTF-8 (byte {exc.start})")
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = _parse_qs(text)
            except UnicodeDecodeError as exc:
                return error(400, f"the form is not UTF-8 once percent-decoded (byte {exc.start})")
            except ValueError:
                return error(400, f"too many parameters (limit {MAX_PARAMETERS})")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            return self._sparql(environ, params, None)
        if ctype == "application/sparql-query":
            if "query" in params:
                return error(400, "give the query once: in the body or as 'query', not both")
            return self._sparql(environ, params, text)
        if ctype == "application/sparql-update":
            return error(403, "this endpoint is read-only: updates are not accepted")
        return error(415, "POST application/x-www-form-urlencoded or application/sparql-query")

    def _sparql(self, environ: dict, params: dict[str, list[str]], query: str | None) -> Reply:
        if "update" in params:
            return error(403, "this endpoint is read-only: updates are not accepted")
        if query is None:
            queries = params.get("query", [])
            if len(queries) != 1 or not queries[0].strip():
                return error(400, "give exactly one 'query' parameter")
            query = queries[0]
        request = {
            "query": query,
            "format": params.get("format", []) + params.get("output", []) + params.get("results", []),
            "accept": environ.get("HTTP_ACCEPT"),
            "default_graph": params.get("default-graph-uri") or None,
            "named_graph": params.get("named-graph-uri") or None,
        }
        return self.pool.run(request, self.timeout, client=_client(environ))


def _parse_qs(text: str) -> dict[str, list[str]]:
    """Query-string or form fields, percent-decoded strictly: a byte sequence that is not
    UTF-8 (``%E9``, Latin-1) is an error (400), never a U+FFFD that matches nothing."""
    return parse_qs(text, keep_blank_values=True, max_num_fields=MAX_PARAMETERS, errors="strict")


def _client(environ: dict) -> str:
    """Who is asking, for the per-client share of the workers: the peer's address."""
    return environ.get("REMOTE_ADDR") or "-"


def _strict_channel(channel_class):
    """waitress's connection class with a parser that refuses a request framed twice.

    RFC 9112 (6.3): a request with both Transfer-Encoding and Content-Length may
    be a smuggling attempt; the server must reject it or close the connection
    after answering.  waitress lets Transfer-Encoding win and keeps the
    connection open; this parser refuses it (400), and waitress closes the
    connection after a refusal.
    """
    from waitress.parser import HTTPRequestParser, ParsingError

    class StrictParser(HTTPRequestParser):
        def parse_header(self, header_plus):
            super().parse_header(header_plus)
            if self.chunked and "CONTENT_LENGTH" in self.headers:
                raise ParsingError("Content-Length and Transfer-Encoding together (RFC 9112, 6.3)")

    class StrictChannel(channel_class):
        parser_class = StrictParser

    return StrictChannel


class EndpointServer:
    """The listening socket, waitress's event loop and the worker pool, started and stopped together."""

    def __init__(self, server, pool: WorkerPool, address: tuple[str, int], client_timeout: int):
        self._server, self.pool, self.address = server, pool, address
        self._client_timeout = client_timeout
        self._arrived: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._stopped = threading.Event()
        original = server.maintenance

        def maintenance(now: float) -> None:
            original(now)  # idle connections: waitress's channel_timeout
            for channel in list(server.active_channels.values()):
                request = channel.request  # a request still arriving
                if request is None or request.completed:
                    continue
                first = self._arrived.setdefault(request, now)
                if now - first > self._client_timeout:
                    channel.will_close = True

        server.maintenance = maintenance

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/sparql"

    def serve_forever(self) -> None:
        """Run the event loop until Ctrl-C, SIGTERM or :meth:`shutdown`."""
        try:
            self._server.run()
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop the event loop (from another thread) and wait for it."""
        from waitress import wasyncore

        self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._server._map))
        self._stopped.wait(10)
        self._server.task_dispatcher.shutdown(timeout=1)

    def close(self) -> None:
        self._server.close()
        self.pool.close()


def _number(name: str, value: float) -> None:
    low, high = LIMITS[name]
    if not (isinstance(value, (int, float)) and math.isfinite(value) and low <= value <= high):
        raise RaGraphError(f"{name} {value}: must be a number from {low:g} to {high:g}")


def _listen(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OverflowError:
        raise RaGraphError(f"--port {port}: not a port number (0-65535)") from None
    except (OSError, UnicodeError, ValueError) as exc:
        raise RaGraphError(f"--host {printable(host)}: cannot listen: {exc}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise RaGraphError(f"--port {port}: address {host}:{port} is already in use; choose another port") \
                from None
        raise RaGraphError(f"--host {printable(host)} --port {port}: cannot listen: {exc.strerror or exc}") from None
    return sock


def make_server(graph_path: Path, *, host: str, port: int, timeout: float, max_rows: int,
                workers: int | None = None, quiet: bool = False, client_timeout: int = CLIENT_TIMEOUT,
                memory_mb: int = 1024, queue_size: int = 32, queue_wait: float = 2.0,
                cors: tuple[str, ...] = (), allow_hosts: tuple[str, ...] = (), web=None,
                worker_module: str = "ra_graph.query.serve_pool",
                per_client: int | None = None) -> tuple[EndpointServer, WorkerPool]:
    """Bind the socket, start the workers; errors the user must fix are RaGraphError.

    ``web(pool, timeout)``, when given, makes the routes of every path but
    ``/sparql`` (the workbench: :class:`ra_graph.web.endpoint.WebRoutes`, with
    ``worker_module`` ``ra_graph.web.worker`` rendering its pages); the CLI
    passes them, so this stage does not import the later one.
    """
    import waitress

    from ra_graph.core.store import open_graph

    graph_path = Path(graph_path)
    workers = min(4, os.cpu_count() or 1) if workers is None else workers
    for name, value in (("--timeout", timeout), ("--max-rows", max_rows), ("--workers", workers),
                        ("--memory", memory_mb), ("--queue", queue_size), ("--queue-wait", queue_wait)):
        _number(name, value)
    if per_client is not None:
        _number("--per-client", per_client)
    if not 0 <= port <= 65535:
        raise RaGraphError(f"--port {port}: not a port number (0-65535)")
    store = open_graph(graph_path)  # fail early, with file and line, on a bad snapshot
    graphs = sorted(g.value for g in store.named_graphs())
    editor = Editor(graph=graph_path.name, examples=example_queries(store), terms=vocabulary_terms(store),
                    timeout=timeout, max_rows=max_rows)
    sock = _listen(host, port)
    bound = sock.getsockname()[:2]
    pool = WorkerPool(graph_path, size=workers, max_rows=max_rows, memory_mb=memory_mb,
                      queue_size=queue_size, queue_wait=queue_wait, per_client=per_client, module=worker_module)
    if workers and not pool.wait_ready():  # the address is given out once the workers can answer
        pool.close()
        sock.close()
        raise RaGraphError(f"{graph_path}: no query worker could load the snapshot (see the lines above)")
    app = Endpoint(pool, editor, graphs, HostCheck(host, allow_hosts=allow_hosts, cors=cors),
                   timeout=timeout, quiet=quiet)
    if web is not None:
        app.web = web(pool, timeout)
    logging.getLogger("waitress").setLevel(logging.ERROR)  # its notices are not the user's business
    server = waitress.create_server(
        app, sockets=[sock], threads=workers + queue_size + 2, backlog=1024, connection_limit=CONNECTIONS,
        channel_timeout=client_timeout, cleanup_interval=min(client_timeout, 30),
        max_request_body_size=MAX_BODY, max_request_header_size=MAX_HEADER,
        asyncore_use_poll=True, log_socket_errors=False, ident="ra-graph-sparql", expose_tracebacks=False,
    )
    server.channel_class = _strict_channel(server.channel_class)
    return EndpointServer(server, pool, bound, client_timeout), pool


def serve(graph_path: Path, *, host: str, port: int, timeout: float, max_rows: int, **options) -> None:
    """Serve until Ctrl-C (or SIGTERM); then stop the workers and return."""
    server, pool = make_server(graph_path, host=host, port=port, timeout=timeout, max_rows=max_rows, **options)

    def _stop(signum, frame):  # SIGTERM behaves like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    # Ctrl-C stops the server even when started in the background (where SIGINT starts ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    workbench = f" and the workbench at {server.url[:-len('sparql')]}" if options.get("web") else ""
    print(f"ra-graph: serving {graph_path} at {server.url}{workbench} "
          f"(timeout {timeout:g} s, max {max_rows} rows, {pool.size} worker(s) of at most {pool.memory_mb} MB "
          "each; Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        print("ra-graph: stopped", file=sys.stderr, flush=True)
