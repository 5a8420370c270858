"""The workbench's router: a path and its parameters in, an HTTP :class:`Reply` out.

One :class:`Workbench` holds an open store (and what it has read from it
once: labels, the validation report, the network page).  The endpoint's
worker processes each keep one (see :mod:`ra_graph.query.serve_pool`), so a
page is rendered under the same deadline, memory limit and queue as a
SPARQL query; ``ra-graph site`` calls the same object for every page it
writes.  Every route only reads.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
import pyoxigraph as ox

from ra_graph.core.errors import RaGraphError, printable
from ra_graph.query.sparql_exec import Reply, error
from ra_graph.web.render import Context, render
from ra_graph.web.wrap import CSP

HTML = "text/html; charset=utf-8"
MAX_VALUE = 2000  # characters of one parameter value accepted by a page
PAGE_CACHE = 64_000_000  # bytes of pages a worker keeps (within its --memory)


class Workbench:
    """Every page of the workbench over one open store."""

    def __init__(self, store: ox.Store, graph: Path, *, background: bool = False):
        """``background``: make the slow parts (the validation report, the network page) in a
        thread, so that a page never waits past its deadline for them (the endpoint's workers);
        without it they are made when first asked for (``ra-graph site``, tests)."""
        self.store, self.graph, self.background = store, Path(graph), background
        self._cache: dict[str, object] = {}
        self._lock = threading.Lock()
        self._pending: dict[str, threading.Thread] = {}
        # In background mode the slow parts start when a page first needs one (the report: the
        # home page, a clause page; the network page), after warming the labels, and then both:
        # a worker that only answers SPARQL queries never spends its time on them.

    def _warm(self) -> bool:
        """What most pages read once: labels, the arrangements in force, the parties, the name lists;
        the Rijk's page's parts (its links and owes counts) and the lineages of the calendar, so that
        their first visitor does not wait."""
        from ra_graph.web.questions import choices
        from ra_graph.web.sections import _ancestors

        self.names()
        self.in_force()
        _ancestors(self)
        for kind in ("actor", "programme", "location", "arrangement"):
            choices(self, kind)
        from ra_graph.core.namespaces import RIJK
        from ra_graph.web.resource import described
        from ra_graph.web.sections import actor

        described(self, RIJK)  # the page most linked to: its thousands of links and owes rows
        actor(self, RIJK, [])
        from ra_graph.web.pages import lineages

        lineages(self)  # /deadlines.ics: every clause's lineage through the versions
        import icalendar  # noqa: F401  (imported by the calendar's first request otherwise)
        return True

    @classmethod
    def for_worker(cls, store: ox.Store, graph: Path) -> Workbench:
        """The workbench of an endpoint worker, with its page modules imported and its templates
        compiled now, as the worker starts (half a second the first visitor would wait)."""
        from ra_graph.network import visualise  # noqa: F401  (networkx: the slowest import)
        from ra_graph.query import ics  # noqa: F401
        from ra_graph.validate import shacl  # noqa: F401
        from ra_graph.web import pages, questions, resource, sections  # noqa: F401
        from ra_graph.web.render import environment

        env = environment()
        for name in env.list_templates(extensions=["j2"]):
            env.get_template(name)
        return cls(store, graph, background=True)

    # -- shared, read once ------------------------------------------------------------------------

    def once(self, key: str, make):
        """What ``make()`` returns, computed on first use (the snapshot never changes)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def names(self) -> dict[str, str]:
        from ra_graph.core.actors import short_labels

        return self.once("names", lambda: short_labels(self.store))

    def in_force(self) -> tuple[ox.Store, list[str], str]:
        """A store of only the arrangements in force (with the vocabularies and the ontology),
        their ids, and the line that says so.  A question scoped to the arrangements in force
        (``owes``, ``deadlines``) gives the same rows on it as on the whole graph with
        ``in_arrangement`` bound to them, and on a register of many years ten times sooner."""
        def make():
            from ra_graph.core import iris
            from ra_graph.core.namespaces import ONTOLOGY_GRAPH, VOCAB_GRAPH
            from ra_graph.core.store import subset
            from ra_graph.query.owes import arrangements_in_force

            ids, said = arrangements_in_force(self.store)
            return subset(self.store, [iris.arrangement_graph(i) for i in ids] + [VOCAB_GRAPH, ONTOLOGY_GRAPH]), \
                ids, said

        return self.once("in-force", make)

    def slow(self, key: str, make):
        """Like :meth:`once`; in background mode None until a thread has made it."""
        if not self.background or key in self._cache:
            return self.once(key, make)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            if key not in self._pending:
                def work() -> None:
                    try:
                        value = make()
                    except Exception as exc:  # kept, and raised to whoever asks
                        value = _Failed(exc)
                    with self._lock:
                        self._cache[key] = value
                        self._pending.pop(key, None)

                previous = list(self._pending.values())

                def after() -> None:  # one slow part at a time: the worker has one core's worth
                    for thread in previous:
                        thread.join()
                    work()

                self._pending[key] = threading.Thread(target=after, daemon=True, name=key)
                self._pending[key].start()
        return None

    def report(self):
        """The validation report as of today (as ``ra-graph validate --as-of`` today gives it);
        None while it is being made (background mode)."""
        from ra_graph.validate.shacl import run

        today = dt.date.today()
        if self.background:
            self.slow("warm", self._warm)
        report = _raise(self.slow(f"report-{today}", lambda: run(self.store, as_of=today)))
        if self.background:
            self.network_html()
        return report

    def report_in_force(self):
        """The report as ``ra-graph validate --as-of`` today shows it by default: the findings of each
        province's arrangement in force, the rest counted as left out; the verdict stays the whole
        graph's.  (A clause page of an older version keeps its own findings: it uses :meth:`report`.)"""
        import copy

        from ra_graph.validate.shacl import restrict_to_in_force

        report = self.report()
        if report is None:
            return None
        def make():
            shown = restrict_to_in_force(copy.copy(report), self.store)
            shown.snapshot = self.snapshot_sha256()
            return shown

        return self.once(f"report-in-force-{dt.date.today()}", make)

    def snapshot_sha256(self) -> str | None:
        """The served snapshot's SHA-256, as ``validate`` reports it (None when it is not a file)."""
        import hashlib

        def make() -> str | None:
            try:
                return hashlib.sha256(Path(self.graph).read_bytes()).hexdigest()
            except (OSError, TypeError):
                return None

        return self.once("snapshot-sha256", make)

    def network_html(self) -> str | None:
        """The network page (``ra-graph visualise``); None while it is being made."""
        from ra_graph.network.visualise import build_page

        def make() -> str:
            html = build_page(self.store, every_version=True)[0]  # made once: it can switch to every year
            if self.background:  # wrapped for /network here too, not by its first visitor (a quarter second)
                from ra_graph.web.pages import network_page
                from ra_graph.web.render import LANGS, Context

                for lang in LANGS:
                    network_page(self, Context(lang), html)
            return html

        if self.background:
            self.slow("warm", self._warm)
        return _raise(self.slow("network", make))

    def cached(self, request: dict) -> Reply:
        """:meth:`handle` for an endpoint worker's request, remembered per day (pages show "today")."""
        params = request.get("params") or {}
        key = (dt.date.today().isoformat(), request["page"], request.get("accept") or "",
               tuple(sorted((k, tuple(v)) for k, v in params.items())))
        from ra_graph.query.answers import AnswerCache

        pages = self.once("pages", lambda: AnswerCache(max_bytes=PAGE_CACHE))  # least recently used go first
        found = pages.get(key)
        if found is not None:
            return found
        reply = self.handle(request["page"], params, request.get("accept"))
        if reply.headers.get("Cache-Control") != "no-store":  # not a page still waiting for a slow part
            pages.put(key, reply)
        return reply

    # -- routing ----------------------------------------------------------------------------------

    def handle(self, path: str, params: dict[str, list[str]], accept: str | None = None) -> Reply:
        """The reply for GET ``path`` (``params`` from the query string)."""
        for key, values in params.items():
            if any(len(v) > MAX_VALUE for v in values) or len(key) > 100:
                return error(400, f"parameter '{printable(key, 40)}' is too long (at most {MAX_VALUE} characters)")
        ctx = Context(_one(params, "lang"))
        if "\x00" in path or any(part in (".", "..") for part in path.split("/")):
            return self.problem(ctx, 404, "not found", path, params)
        try:
            return self._route(ctx, path, params, accept)
        except RaGraphError as exc:
            return self.problem(ctx, 400, exc.message, path, params)
        except (ValueError, SyntaxError, OverflowError) as exc:  # a value no term or date can be made of
            return self.problem(ctx, 400, f"bad input: {printable(str(exc), 200)}", path, params)

    def _route(self, ctx: Context, path: str, params: dict[str, list[str]], accept: str | None) -> Reply:
        from ra_graph.web import pages, questions, resource

        if path in ("", "/"):
            return self.page("home.html.j2", ctx, path, params, **pages.home(self, ctx))
        if path.startswith("/id/"):
            return resource.reply(self, ctx, path[len("/id/"):], params, accept)
        if path in ("/def", "/def.ttl"):
            return pages.definitions(self, ctx, path, params, accept)
        if path == "/questions":
            return self.page("questions.html.j2", ctx, path, params, **questions.index(self))
        if path.startswith("/questions/"):
            return questions.reply(self, ctx, path[len("/questions/"):], params)
        if path == "/validation":
            return pages.validation(self, ctx)
        if path == "/network":
            return pages.network(self, ctx)
        if path == "/deadlines":
            return pages.deadlines(self, ctx, path, params)
        if path == "/deadlines.ics":
            return pages.calendar(self, params)
        if path.startswith("/diff/"):
            return pages.diff(self, ctx, path[len("/diff/"):])
        if path.startswith("/history/"):
            return pages.history(self, ctx, path, path[len("/history/"):], params)
        if path.startswith("/assets/"):
            return pages.asset(self, path[len("/assets/"):])
        if path == "/void":
            return pages.void(self)
        if path == "/data/ra-graph.trig":
            return Reply(200, "application/trig", self.graph.read_bytes(),
                         {"Content-Disposition": 'attachment; filename="ra-graph.trig"'})
        return self.problem(ctx, 404, "not found", path, params)

    # -- replies ----------------------------------------------------------------------------------

    def page(self, template: str, ctx: Context, path: str, params: dict[str, list[str]], *,
             status: int = 200, **values: object) -> Reply:
        switch = {k: v for k, v in params.items() if k != "lang"}
        other = Context(ctx.other_lang())
        lang_switch = other.url(path, **switch)
        refresh = values.pop("refresh", None)
        headers = {"Content-Security-Policy": CSP}
        if refresh:
            headers["Cache-Control"] = "no-store"  # a page still waiting for a slow part
        return Reply(status, HTML, render(template, ctx, lang_switch=lang_switch, refresh=refresh, **values),
                     headers)

    def problem(self, ctx: Context, status: int, message: str, path: str, params: dict[str, list[str]]) -> Reply:
        heading = ctx.t("not_found") if status == 404 else ctx.t("bad_input")
        return self.page("problem.html.j2", ctx, path, params, status=status, heading=heading, message=message)


class _Failed:
    def __init__(self, exc: Exception):
        self.exc = exc


def _raise(value):
    if isinstance(value, _Failed):
        raise value.exc
    return value


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[0] if values else None
