"""The ``ra-graph`` command line: parses arguments and delegates.

Each command imports its stage module lazily, so that a quick read command
does not pay for rdflib, pyshacl or networkx.  Errors the user must fix
(RaGraphError, bad options) become one line on stderr and exit code 2;
a negative answer (validation found violations) is exit code 1.

What a cold read command pays before its answer is kept small (see
docs/quality/performance.md): a command's options are made only when that
command runs (``option``, ``argument`` and :class:`_Group`), not all twenty
commands' at every start, and the process ends without tearing the
interpreter down (:func:`_leave`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path

import click

from ra_graph.core import paths
from ra_graph.core.errors import RaGraphError, printable


def _deferred(decorator: Callable[..., Callable]) -> Callable[..., Callable]:
    """``click.option`` / ``click.argument``, applied when the command is made (:class:`_Group`).

    Making a click parameter parses its declarations and types; done for
    every option of every command at import it cost each cold command about
    2 ms, for the one command it runs.  The decorators are recorded in the
    order Python applies them and replayed in that order, so the command
    click makes is the one the eager decorators made.
    """
    def factory(*args, **kwargs) -> Callable:
        def record(f: Callable) -> Callable:
            f.__dict__.setdefault("_ra_params", []).append(lambda g: decorator(*args, **kwargs)(g))
            return f
        return record
    return factory


option = _deferred(click.option)
argument = _deferred(click.argument)
# Shared: a click.Path asks gettext for its name when it is made (a look for translation files).
_FILE = click.Path(dir_okay=False, path_type=Path)
_DIRECTORY = click.Path(file_okay=False, path_type=Path)


class _Commands(MutableMapping):
    """A group's commands by name (in the order they were declared), each made the
    first time it is looked up: running ``owes`` makes ``owes`` alone, while
    ``--help``, the documentation and the tests, which look at all, make all."""

    def __init__(self) -> None:
        self._entries: dict[str, click.Command | Callable[[], click.Command]] = {}

    def __getitem__(self, name: str) -> click.Command:
        entry = self._entries[name]
        if not isinstance(entry, click.Command):
            entry = self._entries[name] = entry()
        return entry

    def __setitem__(self, name: str, command: click.Command | Callable[[], click.Command]) -> None:
        self._entries[name] = command

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class _Group(click.Group):
    """The ``ra-graph`` group: ``@cli.command()`` records how to make the command
    (with the parameters ``option`` and ``argument`` recorded) and makes it when it is looked up."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()

    def command(self, name: str | Callable | None = None, **attrs):  # type: ignore[override]
        if callable(name):  # ``@cli.command`` without parentheses
            return self.command()(name)

        def record(f: Callable) -> Callable:
            cmd_name = name or f.__name__.lower().replace("_", "-")

            def make() -> click.Command:
                g = f
                for apply in f.__dict__.get("_ra_params", ()):
                    g = apply(g)
                return click.command(cmd_name, **attrs)(g)

            self.commands[cmd_name] = make
            return f
        return record


def _graph_option(f):
    return option(
        "--graph",
        "graph",
        type=_FILE,
        default=paths.SNAPSHOT,
        show_default="data/graph/ra-graph.trig",
        help="Graph snapshot to read (TriG; Turtle and N-Triples also work).",
    )(f)


def _format_option(*choices: str, default: str | None = None):
    return option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def _out_option(required: bool = False):
    return option(
        "--out",
        type=_FILE,
        required=required,
        callback=_writable,
        help="Write to this file (atomically) instead of stdout.",
    )


def _writable(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Refuse an ``--out`` that can never be written (empty, a socket, a block device)
    before the command does its work, not after."""
    if value is not None and str(value).strip() in ("", "."):  # Path("") is "."; a real "." is a directory
        raise click.BadParameter("must not be empty")
    from ra_graph.core.atomic import check_target

    check_target(value)
    return value


def _nonempty(ctx: click.Context, param: click.Parameter, value):
    """Refuse an empty filter (``--as-of ''``): ignoring it would answer another question."""
    for item in value if isinstance(value, tuple) else (value,):
        if item is not None and not item.strip():
            raise click.BadParameter("must not be empty")
    return value


def _wide_option(f):
    return option(
        "--wide", is_flag=True,
        help="Tables: show clause texts in full (wrapped), not cut to one line.",
    )(f)


_arrangement_option = option(
    "--arrangement", callback=_nonempty,
    help="Only this arrangement (groningen-2025; a province name means its latest).")
_all_years_option = option(
    "--all-years", is_flag=True, help="Every version, not only each province's latest arrangement.")
_programme_option = option(
    "--programme", callback=_nonempty, help="Only commitments concerning this programme (label or IRI).")


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        _stdout(text)
    else:
        from ra_graph.core.atomic import write_atomic

        write_atomic(out, text)
        click.echo(f"wrote {out}", err=True)


def _stdout(data: str | bytes) -> None:
    """Write the command's answer to stdout; a closed stdout is an error, not a silent loss."""
    if sys.stdout is None:  # started with stdout closed (`ra-graph stats >&-`)
        raise RaGraphError("cannot write output: standard output is closed")
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a stream without a descriptor (tests capture stdout)
        fd = None
    if fd is None:  # written as is: click.echo would strip escape sequences from a clause text
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    from ra_graph.core.atomic import write_all

    if isinstance(data, str):
        try:
            data = data.encode(sys.stdout.encoding or "utf-8", errors=sys.stdout.errors or "strict")
        except (UnicodeEncodeError, LookupError) as exc:
            raise RaGraphError(f"cannot write output: {exc}") from None
    sys.stdout.flush()  # anything written before goes first
    write_all(fd, data)  # every byte, or OSError: a full disk is an error, not a short file


def _open(graph: Path, *, memory: bool = False, deferred: bool = False):
    """The graph to answer from; ``memory`` for a command that reads all of it, ``deferred`` for one
    that may answer from a few graphs and never open the database (see docs/reference/store.md)."""
    from ra_graph.core.store import open_graph

    return open_graph(graph, memory=memory, deferred=deferred)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ra-graph")
def cli() -> None:
    """Knowledge graph of the Dutch Ruimtelijke Arrangementen (Rijk - provincie).

    \b
    Example:
      ra-graph build && ra-graph owes LVVN Groningen
    """


@cli.command()
@option("--sources", type=_DIRECTORY, default=paths.SOURCES,
              show_default="data/sources", help="Directory of arrangement texts (ra-<province>-<year>.txt).")
@option("--no-curation", is_flag=True, help="Build from the extractor alone (to measure it).")
@option("--strict", is_flag=True,
              help="Fail (exit 2, nothing written) on any warning: unaccounted text, a skipped file.")
@option("--no-cache", is_flag=True,
              help="Read every text again, without data/graph/.cache.")
@option("--jobs", type=click.IntRange(1, 64), metavar="N",
              help="Worker processes for reading texts (default: one per core).")
@_out_option()
def build(sources: Path, no_curation: bool, strict: bool, no_cache: bool, jobs: int | None,
          out: Path | None) -> None:
    """Build the snapshot from sources, vocabularies and curation.

    Text of an agreements chapter that the extractor could not place, and
    files in the sources directory not named ra-<province>-<year>.txt, are
    warnings on stderr (with file and line).

    \b
    Example:
      ra-graph build
      ra-graph build --strict
      ra-graph build --no-curation --out /tmp/raw.trig
    """
    from ra_graph.graph.build import build_snapshot

    target = out or paths.SNAPSHOT
    summary = build_snapshot(sources, target, curation=not no_curation, strict=strict, use_cache=not no_cache,
                             jobs=jobs)
    click.echo(summary, err=True)


@cli.command()
@argument("file", type=_FILE)
@option("--province", callback=_nonempty,
              help="The province, when the title page does not name it (zeeland, 'Noord-Holland', ...).")
@option("--year", type=click.IntRange(2000, 2099), help="The year, when the title page does not state it.")
@option("--force", is_flag=True, help="Replace an existing text of that province and year.")
@option("--sources", type=_DIRECTORY, default=paths.SOURCES,
              show_default="data/sources", help="Directory of arrangement texts to write to.")
def add(file: Path, province: str | None, year: int | None, force: bool, sources: Path) -> None:
    """Add a published arrangement (PDF, Word .docx or text) to the sources.

    Writes data/sources/ra-<province>-<year>.txt in the layout the extractor
    reads, and beside it ra-<province>-<year>.source.yaml: the original's file
    name and SHA-256 and, for a PDF, the page of every line (clauses then cite
    their page). Province and year come from the title page; a scanned PDF,
    an encrypted or damaged file, or a text without an agreements chapter is
    refused (exit 2, nothing written).

    \b
    Example:
      ra-graph add "Ruimtelijk arrangement Zeeland.pdf"
      ra-graph add arrangement.docx --province zeeland --year 2026 --force
    """
    from ra_graph.extract.documents.add import add_document

    click.echo(add_document(file, province=province, year=year, force=force, sources=sources), err=True)


@cli.command()
@argument("file", type=_FILE)
@_format_option("json", "yaml")
@option("--skeleton", type=_FILE,
              help="Also write a curation skeleton for this text to this YAML file.")
@option("--no-curation", is_flag=True, help="Show the extractor's draft without the curation overlay.")
@option("--force", is_flag=True, help="Overwrite an existing --skeleton file.")
def extract(file: Path, fmt: str, skeleton: Path | None, no_curation: bool, force: bool) -> None:
    """Draft clauses and commitments of a text, for review.

    Text of the agreements chapter the extractor could not place is a
    warning on stderr, with file and line.

    \b
    Example:
      ra-graph extract data/sources/ra-drenthe-2025.txt --format yaml
      ra-graph extract new.txt --skeleton data/curation/friesland-2026.yaml
    """
    from ra_graph.query.review import extract_command

    _stdout(extract_command(file, fmt, skeleton=skeleton, curation=not no_curation, force=force))


@cli.command()
@_graph_option
@option("--arrangement", callback=_nonempty,
              help="Only this arrangement (e.g. groningen or groningen-2025).")
@option("--kind", type=click.Choice(["Agreement", "AgendaItem", "EarlierAgreement", "Principle"],
                                          case_sensitive=False), help="Only clauses of this kind.")
@_format_option("table", "json", "csv")
@_wide_option
@_out_option()
def clauses(graph: Path, arrangement: str | None, kind: str | None, fmt: str, wide: bool, out: Path | None) -> None:
    """List clauses with their line in the source, text and commitments.

    \b
    Example:
      ra-graph clauses --arrangement groningen
      ra-graph clauses --kind EarlierAgreement --format json
    """
    from ra_graph.query.clauses import list_clauses, render

    rows = list_clauses(_open(graph, deferred=True), arrangement=arrangement, kind=kind)
    _emit(render(rows, fmt, wide=wide), out)


@cli.command()
@_graph_option
@_arrangement_option
@_all_years_option
@_format_option("table", "json")
def stats(graph: Path, arrangement: str | None, all_years: bool, fmt: str) -> None:
    """Counts per class and per arrangement.

    By default from each province's arrangement in force (with the
    vocabulary); one line on stderr says which arrangements were counted.

    \b
    Example:
      ra-graph stats --format json
      ra-graph stats --all-years
    """
    from ra_graph.core.errors import notice
    from ra_graph.core.versions import answering, scope
    from ra_graph.graph.stats import compute, render

    store = _open(graph, memory=all_years)
    chosen = scope(store, arrangement=arrangement, all_years=all_years)
    notice(f"stats: {chosen.said()}")
    _stdout(render(compute(answering(store, chosen), chosen), fmt))


@cli.command()
@_graph_option
@_format_option("ttl", "trig", "jsonld", "nt", "csv", "graphml", default="trig")
@_out_option()
@option("--to", "to", metavar="URL", callback=_nonempty,
              help="Push every named graph to a SPARQL 1.1 Graph Store Protocol endpoint instead "
                   "(--format nt, the default there, ttl or jsonld).")
def export(graph: Path, fmt: str, out: Path | None, to: str | None) -> None:
    """Export the graph for other tools, or publish it to a triple store.

    CSV has one row per commitment; GraphML is the actor/programme/clause
    network.  --to keeps the named graphs: query the store with its default
    graph as their union (oxigraph serve --union-default-graph).

    \b
    Example:
      ra-graph export --format jsonld --out ra-graph.jsonld
      ra-graph export --format csv --out commitments.csv
      ra-graph export --format graphml --out network.graphml
      ra-graph export --to http://127.0.0.1:7879/store
    """
    if to:
        from click.core import ParameterSource

        from ra_graph.graph.publish import publish

        if out is not None:
            raise click.UsageError("--out and --to exclude each other")
        chosen = click.get_current_context().get_parameter_source("fmt") is not ParameterSource.DEFAULT
        click.echo(publish(graph, to, fmt if chosen else "nt"), err=True)
        return
    if fmt == "csv":
        from ra_graph.query.clauses import commitments_csv

        data = commitments_csv(_open(graph, memory=True)).encode("utf-8")
    elif fmt == "graphml":
        from ra_graph.network.graphs import to_graphml

        data = to_graphml(_open(graph, memory=True))
    else:
        from ra_graph.graph.export import export as export_graph

        data = export_graph(graph, fmt)
    _emit_bytes(data, out)


def _emit_bytes(data: bytes, out: Path | None) -> None:
    if out is None:
        _stdout(data)
    else:
        from ra_graph.core.atomic import write_atomic

        write_atomic(out, data)
        click.echo(f"wrote {out}", err=True)


@cli.command()
@_graph_option
@_format_option("text", "json", "md", "html", "ttl")
@_out_option()
@option("--as-of", "as_of", metavar="DATE", callback=_nonempty,
              help="Check deadlines against this date (YYYY-MM-DD).")
@option("--severity", type=click.Choice(["Violation", "Warning", "Info"], case_sensitive=False),
              help="Show only results of this severity or worse.")
@option("--inference", is_flag=True, help="Run RDFS inference before validating (slower; uses pyshacl).")
@_arrangement_option
@option("--page", metavar="URL", callback=_nonempty,
              help="HTML: link each clause to this graph page (from ra-graph visualise), e.g. graph.html.")
@option("--engine", type=click.Choice(["rudof", "pyshacl"]), default="rudof", show_default=True,
              help="SHACL engine: rudof (fast) or pyshacl (the reference); both give the same findings.")
@_all_years_option
def validate(graph: Path, fmt: str, out: Path | None, as_of: str | None, severity: str | None,
             inference: bool, arrangement: str | None, page: str | None, engine: str, all_years: bool) -> None:
    """Check responsibility, reciprocity and completeness with SHACL.

    Exit 0 when the graph conforms, 1 when there are Violations (in any
    version).  The findings shown and counted come from each province's
    arrangement in force, as `owes` answers; --all-years shows every version.

    \b
    Example:
      ra-graph validate --format html --out report.html
      ra-graph validate --as-of 2026-07-01 --severity Warning
      ra-graph validate --format html --page graph.html --out report.html
    """
    from ra_graph.validate.shacl import validate_command

    text, conforms = validate_command(graph, fmt=fmt, as_of=as_of, severity=severity, inference=inference,
                                      arrangement=arrangement, page=page, engine=engine, all_years=all_years)
    _emit(text, out)
    if not conforms:
        sys.exit(1)


@cli.command()
@_graph_option
@argument("debtor")
@argument("creditor")
@option("--as-of", "as_of", metavar="DATE", callback=_nonempty,
              help="Only what is due on or before this date (YYYY-MM-DD).")
@option("--modality", callback=_nonempty,
              help="Only this modality (Result, Effort, Dialogue, Request, ...).")
@_programme_option
@_arrangement_option
@_all_years_option
@_format_option("table", "json", "csv")
@_wide_option
@_out_option()
def owes(graph: Path, debtor: str, creditor: str, as_of: str | None, modality: str | None,
         programme: str | None, arrangement: str | None, all_years: bool, fmt: str, wide: bool,
         out: Path | None) -> None:
    """What DEBTOR owes CREDITOR, each row traced to its clause and line.

    Each side includes its sub-organisations; rows a ministry carries for
    the Rijk are marked in the carried_by column; the basis column says
    why a row is there (the text, the rule that named the party, or the
    curation entry).  By default the answer comes from each province's
    latest arrangement (the one in force).  One line on stderr says what
    was answered.

    \b
    Example:
      ra-graph owes LVVN Groningen
      ra-graph owes Groningen Rijk --format json
      ra-graph owes Rijk Groningen --arrangement groningen-2025
    """
    from ra_graph.query.owes import owes_command

    if arrangement is not None and all_years:
        raise click.UsageError("--arrangement and --all-years exclude each other")
    _emit(owes_command(_open(graph, deferred=True), debtor, creditor, as_of=as_of, modality=modality,
                       programme=programme, fmt=fmt, arrangement=arrangement, all_years=all_years,
                       wide=wide), out)


@cli.command()
@_graph_option
@argument("old")
@argument("new")
@_format_option("table", "json", "md", "html")
@_out_option()
@option("--all", "show_all", is_flag=True, help="Also list unchanged clauses (table, md, html; JSON always has them).")
@option("--page", metavar="URL", callback=_nonempty,
              help="HTML: link each clause to this graph page (from ra-graph visualise), e.g. graph.html.")
def diff(graph: Path, old: str, new: str, fmt: str, out: Path | None, show_all: bool, page: str | None) -> None:
    """What changed between two versions of an arrangement, clause by clause.

    Clauses are aligned by their text and their section's theme, not by
    their number (as `build` links revisions); each aligned pair is
    unchanged, renumbered, reworded (a word diff) or changed (the fields
    that differ), reread (the same words read differently: curation, rules),
    the rest added or dropped.  A summary comes first: per kind, per side
    (a clause counts for the side whose own commitments changed) and the
    sections that are new, dropped or moved.

    \b
    Example:
      ra-graph diff drenthe-2025 drenthe-2026
      ra-graph diff groningen-2025 groningen --format md --out note.md
    """
    from ra_graph.query.diff import diff_command

    if page is not None and (fmt != "html" or "#" in page):
        raise click.UsageError("--page: the address of a graph page (graph.html, no #fragment), with --format html")
    _emit(diff_command(_open(graph), old, new, fmt=fmt, show_all=show_all, page=page), out)


@cli.command()
@_graph_option
@argument("clause")
@_format_option("table", "json")
@_out_option()
def history(graph: Path, clause: str, fmt: str, out: Path | None) -> None:
    """One clause through every version of its arrangement, oldest first.

    Follows the revision links `build` records (prov:wasRevisionOf): each
    version's wording, parties and the score of its link to the version
    before.  A short id (drenthe/3.3/9) is accepted where it is unambiguous.

    \b
    Example:
      ra-graph history drenthe-2025/3.3/9
      ra-graph history groningen/2.4/veenweide-4 --format json
    """
    from ra_graph.query.history import history_command

    _emit(history_command(_open(graph, deferred=True), clause, fmt=fmt), out)


@cli.command()
@_graph_option
@option("--as-of", "as_of", metavar="DATE", callback=_nonempty,
              help="Reference date (YYYY-MM-DD; default today): before it is overdue.")
@option("--within", metavar="PERIOD", callback=_nonempty,
              help="Only what falls due up to this long after --as-of (90d, 6w, 3m, 1y).")
@option("--from", "start", metavar="DATE", callback=_nonempty,
              help="Only what falls due on or after this date.")
@option("--to", "end", metavar="DATE", callback=_nonempty,
              help="Only what falls due on or before this date.")
@option("--actor", callback=_nonempty,
              help="Only commitments this actor takes on or carries (sub-organisations included).")
@_programme_option
@_arrangement_option
@_all_years_option
@option("--undated", is_flag=True, help="Also list deadlines that are a phrase without a date (not with ics).")
@_format_option("table", "json", "csv", "ics")
@_out_option()
def deadlines(graph: Path, as_of: str | None, within: str | None, start: str | None, end: str | None,
              actor: str | None, programme: str | None, arrangement: str | None, all_years: bool,
              undated: bool, fmt: str, out: Path | None) -> None:
    """What falls due when: dated commitments, overdue ones first.

    By default the answer comes from each province's latest arrangement
    (the one in force) and has no window: every dated commitment, each
    marked overdue (due before --as-of) or due.  --format ics writes one
    all-day event per commitment for a calendar to subscribe to.

    \b
    Example:
      ra-graph deadlines --within 90d
      ra-graph deadlines --actor LVVN --as-of 2026-07-01 --undated
      ra-graph deadlines --format ics --out ra-deadlines.ics
    """
    from ra_graph.query.deadlines import deadlines_command

    _emit(deadlines_command(_open(graph, deferred=True), fmt=fmt, as_of=as_of, within=within, start=start, end=end,
                            actor=actor, programme=programme,
                            arrangement=arrangement, all_years=all_years, undated=undated), out)


@cli.command()
@_graph_option
@argument("query", required=False)
@option("--param", "params", multiple=True, metavar="K=V",
              help="Bind a query parameter (repeatable); see the query's header or --list.")
@option("--list", "list_queries", is_flag=True, help="List the stored queries: name, title, parameters.")
@option("--show", is_flag=True,
              help="Print the query with its parameters bound and its prefixes declared, instead of running it.")
@option("--all-years", is_flag=True,
              help="Answer from every version, not only each province's arrangement in force.")
@_format_option("table", "json", "csv")
@_wide_option
@_out_option()
def query(graph: Path, query: str | None, params: tuple[str, ...], list_queries: bool, show: bool, all_years: bool,
          fmt: str, wide: bool, out: Path | None) -> None:
    """Run a stored query (by name, see queries/) or your own .rq file.

    Like owes and deadlines, a stored query answers from each province's
    arrangement in force unless --all-years asks for every version; an
    arrangement named in a --param is read whatever its year, and a
    question about versions (a '# versions:' or '# revisions:' header, e.g.
    deadlines-moved) reads every version.  Your own .rq file, like the
    endpoint of `serve`, asks the whole graph.  One line on stderr says
    which arrangements were answered.

    \b
    Example:
      ra-graph query --list
      ra-graph query owes --param debtor=LVVN --param creditor=Groningen
      ra-graph query by-programme --param programme=NOVEX --all-years
      ra-graph query owes --param debtor=LVVN --param creditor=Groningen --show
      ra-graph query my-question.rq --format csv
    """
    from ra_graph.query import results

    if list_queries:
        if query or params or show:
            raise click.UsageError("--list takes no QUERY, --param or --show")
        if all_years:
            raise click.UsageError("--list takes no --all-years (it lists queries, it answers none)")
        _emit(results.list_command(fmt, wide=wide), out)
        return
    if not query:
        raise click.UsageError("missing QUERY: a stored query's name or a .rq file (--list shows the stored ones)")
    if show:
        _emit(results.show_command(_open(graph), query, params), out)
        return
    _emit(results.query_command(_open(graph, deferred=True), query, params, fmt=fmt, wide=wide,
                                all_years=all_years), out)


@cli.command()
@_graph_option
@option("--host", default="127.0.0.1", show_default=True, callback=_nonempty,
              help="Address to bind (loopback by default).")
@option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0: any free port).")
@option("--timeout", default=10.0, show_default=True, type=float, help="Seconds a query may run (0.01-3600).")
@option("--max-rows", default=10000, show_default=True, type=int, help="Result-size cap (1-10000000).")
@option("--workers", type=int, help="Query worker processes (1-64; default: cores, at most 4).")
@option("--memory", "memory_mb", default=1024, show_default=True, type=int,
              help="Megabytes each query may use (64-1048576); over it the query gets 503.")
@option("--queue", "queue_size", default=32, show_default=True, type=int,
              help="Requests that may wait for a busy worker (0-256); past it 503 + Retry-After.")
@option("--queue-wait", default=2.0, show_default=True, type=float,
              help="Seconds a request may wait for a worker (0.01-3600).")
@option("--cors", multiple=True, metavar="ORIGIN", callback=_nonempty,
              help="Let web pages from ORIGIN (e.g. https://example.org, or *) query the endpoint.")
@option("--allow-host", "allow_hosts", multiple=True, metavar="NAME", callback=_nonempty,
              help="Also answer requests addressed to this host name (behind a proxy).")
@option("--per-client", type=int, metavar="N",
              help="Queries one client address may have under way at once (1-64; default: all workers but one).")
def serve(graph: Path, host: str, port: int, timeout: float, max_rows: int, workers: int | None,
          memory_mb: int, queue_size: int, queue_wait: float, cors: tuple[str, ...],
          allow_hosts: tuple[str, ...], per_client: int | None) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql and the analysts' workbench at /.

    Queries never reach another server (SERVICE is refused), run in worker
    processes under --timeout and --memory, and wait at most --queue-wait
    for a worker.

    \b
    Example:
      ra-graph serve --port 7878
      curl 'http://127.0.0.1:7878/sparql?query=ASK{?s ?p ?o}'
    """
    from ra_graph.query.serve import serve as run_server
    from ra_graph.web.endpoint import WebRoutes

    run_server(graph, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
               web=WebRoutes, worker_module="ra_graph.web.worker",
               memory_mb=memory_mb, queue_size=queue_size, queue_wait=queue_wait, cors=cors,
               allow_hosts=allow_hosts, per_client=per_client)


@cli.command()
@_graph_option
@option("--out", "out", required=True, type=_DIRECTORY,
              help="Directory to write the site to (replaced as a whole).")
@option("--force", is_flag=True, help="Replace DIR even when it is not an earlier site.")
def site(graph: Path, out: Path, force: bool) -> None:
    """Write the workbench's pages as a static site (no Python needed to serve it).

    Resource pages as id/<local>/index.html with id/<local>.ttl and
    .jsonld beside them, a sample .htaccess for content negotiation, the
    report, network, deadlines, diffs and histories.  Written atomically;
    a non-empty directory that is not an earlier site needs --force.

    \b
    Example:
      ra-graph site --out public/
    """
    from ra_graph.web.site import build_site

    count = build_site(_open(graph, memory=True), graph, out, force=force)
    click.echo(f"wrote {count} files to {out}", err=True)


@cli.command()
@_graph_option
@_out_option(required=True)
@option("--arrangement", help="Only this arrangement (a province name means its latest).",
              callback=_nonempty)
@_all_years_option
@option("--actor", help="Only what this actor is party to.", callback=_nonempty)
@option("--programme", help="Only what concerns this programme.", callback=_nonempty)
def visualise(graph: Path, out: Path, arrangement: str | None, all_years: bool, actor: str | None,
              programme: str | None) -> None:
    """Write an interactive, fully offline graph page.

    It opens on an overview of actors and programmes (commitments folded
    into counted edges) beside a table of commitments per ministry and
    province; the Clauses view shows the clauses around a selected node.
    It holds each province's arrangement in force; --all-years makes a page
    with every version that can switch to those in force (#years=in-force).
    Filters, view and the selected node live in the URL:
    graph.html#view=clauses&node=<clause id>,
    #arrangement=groningen-2025&modality=Effort, #node=lvvn.

    \b
    Example:
      ra-graph visualise --out graph.html
      ra-graph visualise --actor LVVN --out lvvn.html
    """
    from ra_graph.network.visualise import visualise_command

    visualise_command(_open(graph, memory=all_years), out, arrangement=arrangement, actor=actor, programme=programme,
                      all_years=all_years)
    click.echo(f"wrote {out}", err=True)


@cli.command()
@_graph_option
@_format_option("table", "json")
@_wide_option
@_out_option()
@option("--threshold", default=0.8, show_default=True, type=float,
              help="Similarity from which two clauses count as the same standard text.")
@_arrangement_option
@_all_years_option
def analyse(graph: Path, fmt: str, wide: bool, out: Path | None, threshold: float, arrangement: str | None,
            all_years: bool) -> None:
    """Network analytics: centrality, reciprocity balance, standard clauses.

    By default from each province's arrangement in force; one line on
    stderr (and the JSON's scope key) says which arrangements were used.

    \b
    Example:
      ra-graph analyse
      ra-graph analyse --format json --threshold 0.9
    """
    from ra_graph.network.analyse import analyse_command

    _emit(analyse_command(_open(graph, memory=all_years), fmt=fmt, threshold=threshold, wide=wide,
                          arrangement=arrangement, all_years=all_years), out)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one-line errors, exit 2 for bad input.

    The command is invoked here rather than through ``click.main``, which
    turns a closed pipe into exit 1, the code for a negative answer.
    Run as the program (no ``argv``), the process then ends at once
    (:func:`_leave`); called with ``argv`` (tests, scripts) it raises
    ``SystemExit`` as ``sys.exit`` does.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    code = _run(args)
    if argv is None:
        _leave(code)
    sys.exit(code)


def _run(args: list[str]) -> int:
    """Invoke the command; its exit code."""
    try:
        with cli.make_context("ra-graph", args) as ctx:
            cli.invoke(ctx)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("ra-graph: aborted", err=True)
        return 2
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "ra-graph"
        click.echo(f"{command}: {printable(exc.format_message(), limit=None)}", err=True)
        return 2
    except RaGraphError as exc:
        click.echo(f"ra-graph: {exc.message}", err=True)
        return 2
    except BrokenPipeError:  # `ra-graph clauses | head`: the reader has what it wants
        _silence_stdout()
        return 0
    except OSError as exc:  # e.g. stdout on a full disk
        click.echo(f"ra-graph: cannot write output: {exc.strerror or exc}", err=True)
        return 2
    except SystemExit as exc:  # a command's own sys.exit (validate: 1 when the graph does not conform)
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        raise
    return 0


def _leave(code: int) -> None:
    """End the program with ``code`` without tearing the interpreter down.

    Freeing every module, and the graphs a read command loaded, cost a cold
    command about 5 ms that nobody waits for.  What the interpreter's own
    exit would still do that matters is done here: stdout and stderr are
    flushed and what is registered to run at exit runs.  Every file a command
    writes is complete and closed before it returns (``core.atomic``, the
    store's writer).  When a stream cannot be flushed, or a thread that is
    not a daemon still runs, the interpreter ends as usual (and reports what
    could not be written, or waits for the thread).
    """
    import atexit
    import os

    run_at_exit = getattr(atexit, "_run_exitfuncs", None)
    threading = sys.modules.get("threading")
    if run_at_exit is None or not _flushed() or (threading is not None and any(
            not t.daemon and t is not threading.main_thread() and t.is_alive() for t in threading.enumerate())):
        sys.exit(code)
    run_at_exit()
    if not _flushed():
        sys.exit(code)
    os._exit(code)


def _flushed() -> bool:
    """Flush stdout and stderr; False when one cannot be written."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot fail again."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass
