"""``ra-graph query NAME|FILE.rq``: run a stored or own query, print its rows.

The query library (headers, parameter binding) is in :mod:`ra_graph.query.library`;
this module turns pyoxigraph results into rows for people and machines:
actors, programmes, locations and meetings become ``{"iri", "label"}``
objects in JSON and their short label in a table; ontology terms
(``ra:Result``, ``ra:AgendaItem``) become their local name; numbers and
booleans keep their JSON type; every other IRI is shown in full (JSON) or
shortened to a CURIE (table, CSV).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ra_graph.core.actors import short_labels
from ra_graph.core.errors import RaGraphError, notice
from ra_graph.core.namespaces import RA, RAI, XSD, compact
from ra_graph.core.output import to_csv, to_json, to_table
from ra_graph.query import library
from ra_graph.query.sparql_guard import call_with_deep_stack

_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "negativeInteger", "nonPositiveInteger",
                               "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}

Term = ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple


def json_value(term: Term | None, names: dict[str, str]) -> object:
    """The JSON form of one result term (see the module docstring)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        iri = term.value
        if iri.startswith(RA) and "/" not in iri[len(RA):]:
            return iri[len(RA):]
        if iri in names:
            return {"iri": iri, "label": names[iri]}
        return iri
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def display_value(value: object) -> object:
    """A JSON value as a person reads it in a table or CSV cell."""
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        short = compact(value)
        if short == value and value.startswith(RAI):
            return "rai:" + value[len(RAI):]
        return short
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def result_rows(store: ox.Store, results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
                ) -> tuple[list[str], list[dict[str, object]]]:
    """Column names and JSON rows of any query result."""
    names = short_labels(store)
    if isinstance(results, ox.QueryBoolean):
        return ["boolean"], [{"boolean": bool(results)}]
    if isinstance(results, ox.QueryTriples):
        columns = ["subject", "predicate", "object"]
        return columns, [
            {"subject": json_value(t.subject, names), "predicate": json_value(t.predicate, names),
             "object": json_value(t.object, names)}
            for t in results
        ]
    columns = [v.value for v in results.variables]
    rows = [{c: json_value(solution[c], names) for c in columns} for solution in results]
    return columns, rows


def render(columns: list[str], rows: list[dict[str, object]], fmt: str, *, text: list[str] | None = None,
           wrap: list[str] | None = None, wide: bool = False) -> str:
    """Rows as JSON (typed), CSV or a table that fits the terminal.

    In a table, ``text`` columns (default: a ``text`` column) are prose, cut
    to a line unless ``wide``; ``wrap`` columns (default: all others) may be
    wrapped to fit (see :func:`ra_graph.core.output.to_table`).
    """
    if fmt == "json":
        if columns == ["boolean"] and len(rows) == 1:
            return to_json(rows[0]["boolean"])
        return to_json(rows)
    shown = [{k: display_value(v) for k, v in row.items()} for row in rows]
    if fmt == "csv":
        return to_csv(shown, columns)
    text = [c for c in columns if c == "text"] if text is None else text
    wrap = [c for c in columns if c not in text] if wrap is None else wrap
    return to_table(shown, columns, text=text, wrap=wrap, wide=wide)


def query_command(store: ox.Store, query: str, params: tuple[str, ...], *, fmt: str, wide: bool = False,
                  all_years: bool = False) -> str:
    """Run a stored query (by name) or a ``.rq`` file with bound parameters.

    The answer comes from the arrangements :func:`answer_scope` chooses (by
    default each province's arrangement in force), said on stderr.
    """
    stored = library.find(query)
    indexes: dict[str, object] = {}
    text = library.bind(store, stored, library.parse_assignments(params), indexes=indexes)
    over, said = answer_scope(store, stored, indexes, all_years=all_years)
    columns, rows = call_with_deep_stack(_evaluate, over, text, _shown_path(stored.path), store, stored.trusted)
    notice(f"query {stored.name}: {said}")  # after the parameters proved valid: an input error stays one line
    if not rows:
        reason = library.why_empty(store, stored)
        if reason:
            notice(reason)
    return render(columns, rows, fmt, wide=wide)


def answer_scope(store: ox.Store, stored: library.StoredQuery, indexes: dict[str, object], *,
                 all_years: bool = False) -> tuple[ox.Store, str]:
    """The graph a query is answered from, and the line that says which arrangements that is.

    As ``owes`` and ``deadlines`` do, a question is answered from each
    province's arrangement in force: adding up a province's 2025 and 2026
    texts lists each continuing commitment twice, and the cost of the
    answer is then that of twelve arrangements whatever the number of years.
    Every arrangement's statements live in its own named graph, so the
    arrangements in force are read alone (with the vocabularies and the
    ontology, :func:`ra_graph.core.versions.scoped`).  The whole graph is
    read instead for ``all_years``, for a question about versions (a
    ``# versions:`` or ``# revisions:`` header: it follows links between
    them), for a query file of the user's own (raw SPARQL, as at the
    endpoint: it asks what it says), and where every arrangement is in force
    (one version per province: the same answer).  An arrangement the user names
    (``--param in_arrangement=groningen-2025``) is read alone, in force or not.
    """
    from ra_graph.core.versions import latest, scoped, versions

    every = indexes.get("arrangement") or versions(store)
    if stored.versions or stored.revisions:
        return store, f"from every version ({len(every)} arrangement(s)): the question compares versions"
    if not stored.trusted:
        return store, f"from every version ({len(every)} arrangement(s)): a query of your own asks the whole graph"
    if all_years:
        provinces = len({v.province for v in every})
        return store, f"from every version ({len(every)} arrangement(s) of {provinces} province(s); --all-years)"
    named = list(dict.fromkeys(v.id for v in indexes.get(library.NAMED_ARRANGEMENTS) or []))
    if named:
        return scoped(store, named), f"from {', '.join(named)} (the arrangement asked for)"
    newest = latest(every)
    older = len(every) - len(newest)
    said = (f"from each province's arrangement in force ({', '.join(v.id for v in newest) or 'none in the graph'}); "
            + (f"--all-years adds {older} older version(s)" if older else "no older versions in the graph"))
    return (scoped(store, [v.id for v in newest]) if older else store), said


def _evaluate(over: ox.Store, text: str, source: str, store: ox.Store,
              trusted: bool = False) -> tuple[list[str], list[dict[str, object]]]:
    """Check, parse and evaluate on ``over`` (on the deep stack: see :mod:`ra_graph.query.sparql_guard`);
    labels come from ``store``, the whole graph (its label index is kept on disk)."""
    results = library.run(over, text, source=source, trusted=trusted)
    try:
        return result_rows(store, results)
    except (OSError, RuntimeError, ValueError) as exc:  # raised while the rows are read
        raise RaGraphError(f"query failed: {' '.join(str(exc).split())}", file=source) from None


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def list_command(fmt: str, *, wide: bool = False) -> str:
    """``query --list``: each stored query's name, title and parameters."""
    rows = []
    for name in library.available():
        stored = library.find(name)
        rows.append({"name": name, "title": stored.title,
                     "params": [{"name": p.name, "type": p.type, "optional": p.optional, "doc": p.doc}
                                for p in stored.params],
                     "example": stored.example})
    if fmt == "json":
        return to_json(rows)
    flat = [{"name": r["name"],
             "parameters": [p["name"] + (" (optional)" if p["optional"] else "") for p in r["params"]],
             "title": r["title"]} for r in rows]
    if fmt == "csv":
        return to_csv(flat)
    return to_table(flat, text=["title"], wrap=["parameters"], wide=wide)


def show_command(store: ox.Store, query: str, params: tuple[str, ...]) -> str:
    """``query NAME --show``: the query as it would run, parameters bound, prefixes declared."""
    stored = library.find(query)
    return library.standalone(library.bind(store, stored, library.parse_assignments(params)))
