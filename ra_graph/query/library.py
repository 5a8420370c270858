"""The query library: ``queries/*.rq`` files, their headers and parameter binding.

A stored query is plain SPARQL 1.1 that runs as it stands in any store.  Its
leading ``#`` lines state the question and declare its parameters, so that
the CLI, the tests and the endpoint's example page all read one definition::

    # title: Wat is actor A verschuldigd aan actor B? / What does actor A owe actor B?
    # param: debtor   actor           — obligor (sub-organisations included)
    # param: as_of    date   optional — only what is due on or before this date
    # example: debtor=LVVN creditor=Groningen

A parameter is the SPARQL variable of the same name (``?debtor``).

Two headers keep a question about versions from misleading:
``# versions: old new`` declares two arrangement parameters that must be
two versions of one province's arrangement, the first the earlier (the same
version twice, two provinces or the wrong order are refused: they would
answer another question), and ``# revisions: yes`` that the answer comes from
the revision links between versions, so that an empty answer from a graph
with one version per province is explained (``why_empty``).

How parameters are bound (and why not ``substitutions=``)
---------------------------------------------------------
pyoxigraph's ``Store.query(substitutions=...)`` only accepts variables that
appear in the SELECT list, which would force every parameter into every
result row.  Instead each user value is first turned into an RDF term object
(an actor name is resolved to its IRI, a date is checked and typed
``xsd:date``, an IRI must parse as an IRI, …) and the terms are placed in a
``VALUES`` block in the query's WHERE group (see ``_values_at`` for where).  The block holds
the canonical N-Triples serialisation of those term objects (``str(term)``,
made by pyoxigraph, which escapes quotes and rejects ``<>{}`` and spaces in
IRIs), never the user's text, so a value such as ``"} ; DROP ALL`` can only
ever be a (non-matching) literal.  The bound query is ordinary SPARQL text,
which is what lets the same bound query be sent to the endpoint or shown on
its example page.  Updates cannot run in any case: only ``Store.query`` is
ever called, and it parses queries, not updates.
"""

from __future__ import annotations

import itertools
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from ra_graph.core import paths
from ra_graph.core.errors import RaGraphError, printable
from ra_graph.core.isodate import parse_iso_date
from ra_graph.core.terms import MODALITIES
from ra_graph.core.namespaces import PREFIXES, RA, XSD, expand
from ra_graph.core.textfile import read_text

#: The key under which :func:`term` lists, in ``indexes``, the arrangements a user's values named.
NAMED_ARRANGEMENTS = "named arrangements"
TYPES = ("actor", "programme", "location", "arrangement", "date", "string", "integer", "iri", "modality")

_HEADER = re.compile(r"^#\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z]+)(?P<optional>\s+optional)?"
    r"\s*(?:(?:—|--|-)\s*(?P<doc>.*))?$"
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


# Param and StoredQuery are NamedTuples, not frozen dataclasses: every command that runs a query
# defines them, and a dataclass costs a quick command about a millisecond and a half to create.
class Param(NamedTuple):
    """One declared parameter: a SPARQL variable bound from ``--param name=value``."""

    name: str
    type: str
    optional: bool = False
    doc: str = ""


class StoredQuery(NamedTuple):
    """A parsed ``.rq`` file; parsed once per process (see :func:`load`)."""

    name: str
    path: Path
    text: str
    title: str = ""
    params: tuple[Param, ...] = ()
    example: dict[str, str] = {}  # noqa: RUF012 (never changed: always given by _load)
    versions: tuple[str, str] | None = None  # (earlier, later): two versions of one province
    revisions: bool = False  # the answer follows prov:wasRevisionOf links

    @property
    def values_at(self) -> int | None:
        """Offset just after the WHERE group's ``{`` (found when the query is first bound)."""
        return _where_group(self.text)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def trusted(self) -> bool:
        """One of the project's stored queries (``queries/``), not a file a user gave:
        :func:`run` scans it for SERVICE only where the word occurs (``sparql_guard.check``)."""
        return self.path.parent == Path(paths.QUERIES).resolve()


def available(directory: Path = paths.QUERIES) -> list[str]:
    """Names of the stored queries (file stems), sorted."""
    return sorted(p.stem for p in Path(directory).glob("*.rq"))


def find(name_or_file: str, directory: Path = paths.QUERIES) -> StoredQuery:
    """A stored query by name, or the user's own file: a ``.rq`` name or any path with a separator.

    A bare name is always a stored query, so a stray file called ``owes`` in
    the working directory cannot shadow ``queries/owes.rq``.
    """
    candidate = Path(name_or_file)
    separators = {os.sep, os.altsep} - {None}
    if name_or_file.endswith(".rq") or any(sep in name_or_file for sep in separators):
        if not candidate.is_file():
            raise RaGraphError("query file not found", file=candidate)
        return load(candidate)
    path = Path(directory) / f"{name_or_file}.rq"
    if not _NAME.match(name_or_file) or not path.is_file():
        names = ", ".join(available(directory)) or "(none)"
        raise RaGraphError(f"query: unknown query '{printable(name_or_file)}'; available: {names}")
    return load(path)


def load(path: Path) -> StoredQuery:
    """Parse a query file's header (cached per file version)."""
    path = Path(path)
    try:
        stat = path.stat()
        return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise RaGraphError(f"cannot read query: {exc.strerror}", file=path) from None


@lru_cache(maxsize=128)
def _load(path: Path, _mtime: int, _size: int) -> StoredQuery:
    text = read_text(path, "query")  # not UTF-8: one error naming file and line
    title, params, example = "", [], {}
    pair: tuple[str, str] | None = None
    follows_revisions = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match["key"], match["value"]
        if key == "title":
            title = value
        elif key == "param":
            params.append(_parse_param(value, path, number))
        elif key == "example":
            example = _parse_example(value, path, number)
        elif key == "versions":
            names = value.split()
            if len(names) != 2:
                raise RaGraphError("bad versions header (expected 'versions: EARLIER LATER', two parameters)",
                                   file=path, line=number)
            pair = (names[0], names[1])
        elif key == "revisions":
            follows_revisions = value.strip().lower() in ("yes", "true")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise RaGraphError("parameter declared twice", file=path)
    for name in pair or ():
        if next((p.type for p in params if p.name == name), None) != "arrangement":
            raise RaGraphError(f"versions header: '{name}' is not an arrangement parameter", file=path)
    used = set(re.findall(r"[?$](\w+)", _strip_comments(text)))  # one pattern, not one per parameter
    for p in params:
        if p.name not in used:
            raise RaGraphError(f"parameter '{p.name}' is declared but ?{p.name} is not used", file=path)
    return StoredQuery(
        name=path.stem, path=path, text=text, title=title, params=tuple(params),
        example=example, versions=pair, revisions=follows_revisions,
    )


def _parse_param(value: str, path: Path, line: int) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise RaGraphError("bad param header (expected 'NAME TYPE [optional] — doc')", file=path, line=line)
    if match["type"] not in TYPES:
        raise RaGraphError(f"unknown param type '{match['type']}' (one of {', '.join(TYPES)})",
                           file=path, line=line)
    return Param(match["name"], match["type"], bool(match["optional"]), (match["doc"] or "").strip())


def _parse_example(value: str, path: Path, line: int) -> dict[str, str]:
    example = {}
    if any(c in value for c in "\"'\\"):
        import shlex  # only for a quoted value

        try:
            items = shlex.split(value)
        except ValueError:
            items = ["?"]
    else:
        items = value.split()
    for item in items:
        key, sep, val = item.partition("=")
        if not sep:
            raise RaGraphError("bad example header (expected 'k=v k=\"v w\"')", file=path, line=line)
        example[key] = val
    return example


# --- locating the WHERE group -------------------------------------------------

# Compiled (and kept in re's cache) when a query is first bound: one run without parameters needs neither.
_TOKEN = (
    r'(?P<skip>#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<word>[A-Za-z_]+)|(?P<brace>\{)"
)


def _strip_comments(text: str) -> str:
    return re.sub(r"(?m)^\s*#.*$", "", text)


@lru_cache(maxsize=128)
def _where_group(text: str) -> int | None:
    """Offset just after the ``{`` that opens the query's WHERE group.

    That is the first ``{`` after the keyword WHERE, or, for SELECT/ASK
    written without WHERE, the first ``{`` at all; comments, strings and
    IRIs are skipped so a ``{`` inside them is never taken.
    """
    first_brace = None
    after_where = False
    for match in re.finditer(_TOKEN, text):
        if match["skip"]:
            continue
        if match["word"]:
            if match["word"].upper() == "WHERE":
                after_where = True
            elif match["word"].upper() in ("CONSTRUCT", "DESCRIBE") and first_brace is None:
                first_brace = -1  # the first brace is a template: need WHERE
            continue
        if after_where:
            return match.end()
        if first_brace is None:
            first_brace = match.end()
    return first_brace if first_brace and first_brace > 0 else None


# --- binding ------------------------------------------------------------------


def parse_assignments(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``("debtor=LVVN", ...)`` -> dict; a malformed item is an error naming it."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise RaGraphError(f"--param: expected NAME=VALUE, got '{printable(item)}'")
        if key in out:
            raise RaGraphError(f"--param {printable(key)}: given twice")
        out[key] = value
    return out


def term(store: ox.Store, param: Param, value: str, label: str | None = None,
         *, indexes: dict[str, object] | None = None) -> ox.NamedNode | ox.Literal:
    """The RDF term a user's value denotes, checked against the parameter's type.

    ``indexes`` caches the label index per kind (actor, programme, location)
    and the arrangements' versions across calls, so that one command reads
    each from the graph once (owes binds the twelve arrangements in force).
    """
    label = label or param.name
    value = value.strip()
    indexes = {} if indexes is None else indexes
    if param.type in ("actor", "programme", "location"):
        from ra_graph.core import actors

        if param.type not in indexes:
            indexes[param.type] = actors.labels(store, param.type)
        return ox.NamedNode(actors.resolve(store, value, kind=param.type, parameter=label,
                                           index=indexes[param.type]))
    if param.type == "arrangement":
        from ra_graph.core.versions import resolve_arrangement, versions

        if "arrangement" not in indexes:
            indexes["arrangement"] = versions(store)
        version = resolve_arrangement(store, value, parameter=label, all_versions=indexes["arrangement"])
        indexes.setdefault(NAMED_ARRANGEMENTS, []).append(version)  # what the answer must read
        return ox.NamedNode(version.iri)
    if param.type == "date":
        day = parse_iso_date(value, label)
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise RaGraphError(f"{label}: '{printable(value)}' is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "modality":
        for modality in MODALITIES:
            if value.removeprefix("ra:").casefold() == modality.casefold() or value == RA + modality:
                return ox.NamedNode(RA + modality)
        raise RaGraphError(f"{label}: unknown modality '{printable(value)}' (one of {', '.join(MODALITIES)})")
    if param.type == "iri":
        try:
            return ox.NamedNode(expand(value))
        except ValueError as exc:
            raise RaGraphError(f"{label}: '{printable(value)}' is not an IRI ({exc})") from None
    return ox.Literal(value)


def bind(
    store: ox.Store,
    query: StoredQuery,
    values: dict[str, str | list[str]],
    *,
    labels: dict[str, str] | None = None,
    indexes: dict[str, object] | None = None,
) -> str:
    """The query text with its parameters bound in a VALUES block.

    Unknown, missing and ill-typed parameters are errors naming the
    parameter; ``labels`` maps a parameter to the name the user typed it
    under (``as_of`` -> ``--as-of``) for those messages.  ``indexes`` (see
    :func:`term`) may be shared by several calls; each call has its own otherwise.
    A list of values binds the parameter to each of them (one VALUES row
    per combination), e.g. the latest arrangement of every province.
    """
    labels = labels or {}
    indexes = {} if indexes is None else indexes
    declared = {p.name for p in query.params}
    for key in values:
        if key not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise RaGraphError(f"--param {printable(key)}: unknown parameter of query '{query.name}' "
                               f"(parameters: {known})")
    bound: list[tuple[str, list[ox.NamedNode | ox.Literal]]] = []
    for p in query.params:
        label = labels.get(p.name, f"--param {p.name}")
        raw = values.get(p.name)
        if raw is None:
            if not p.optional:
                raise RaGraphError(f"{label}: missing ({p.type}; {p.doc})")
            continue
        items = raw if isinstance(raw, list) else [raw]
        if not items or any(not item.strip() for item in items):
            raise RaGraphError(f"{label}: empty value ({p.type}; {p.doc})")
        bound.append((p.name, [term(store, p, item, label, indexes=indexes) for item in items]))
    if query.versions:
        _check_versions(query, dict(bound), values, labels, indexes)
    if not bound:
        return query.text
    if query.values_at is None:
        raise RaGraphError("cannot bind parameters: no WHERE group found", file=query.path)
    rows = " ".join("(" + " ".join(str(t) for t in combination) + ")"
                    for combination in itertools.product(*(terms for _, terms in bound)))
    # One line, so that a syntax error further down keeps its line number.
    block = f" VALUES ({' '.join('?' + n for n, _ in bound)}) {{ {rows} }} "
    at = _values_at(query.text, query.values_at, {n for n, _ in bound})
    return query.text[:at] + block + query.text[at:]


def _check_versions(query: StoredQuery, bound: dict[str, list], values: dict, labels: dict[str, str],
                    indexes: dict[str, object]) -> None:
    """Refuse ``old``/``new`` that are not an earlier and a later version of one
    province's arrangement: each would give a full, plausible, wrong answer
    (compared with itself a version keeps nothing, so every clause is "dropped")."""
    earlier, later = query.versions
    if earlier not in bound or later not in bound:
        return
    every = {v.iri: v for v in indexes.get("arrangement") or []}
    for old_term in bound[earlier]:
        for new_term in bound[later]:
            old, new = every.get(old_term.value), every.get(new_term.value)
            if old is None or new is None:
                continue
            said = (f"{labels.get(earlier, '--param ' + earlier)} {printable(str(values[earlier]))} and "
                    f"{labels.get(later, '--param ' + later)} {printable(str(values[later]))}")
            if old.iri == new.iri:
                raise RaGraphError(f"{said} are the same version, {old.id}: query '{query.name}' compares an "
                                   f"earlier version with a later one (e.g. {earlier}={old.id} {later}=<a later "
                                   f"{old.province} version>)"
                                   + _others(old, _versions_of(indexes, old.province)))
            if old.province != new.province:
                raise RaGraphError(f"{said} are arrangements of two provinces ({old.id}, {new.id}): "
                                   f"query '{query.name}' compares two versions of one province's arrangement")
            if old.year >= new.year:
                raise RaGraphError(f"{said}: {old.id} is not earlier than {new.id}; give the earlier version as "
                                   f"{earlier}")


def _versions_of(indexes: dict[str, object], province: str) -> list:
    return [v for v in indexes.get("arrangement") or [] if v.province == province]


def _others(version, same_province: list) -> str:
    others = [v.id for v in same_province if v.id != version.id]
    return (f"; the graph holds {', '.join(others)} too" if others
            else f"; the graph holds no other version of {version.province} (add and build one first)")


def why_empty(store: ox.Store, query: StoredQuery) -> str | None:
    """Why a query that follows revision links answers nothing, when the graph itself
    says so: no province has two versions, so there is no link to follow."""
    if not query.revisions:
        return None
    from ra_graph.core.versions import versions as _versions

    every = _versions(store)
    provinces = {v.province for v in every}
    if len(every) > len(provinces):
        return None
    return (f"{query.name}: no answer can come from this graph: it holds one version per province "
            f"({', '.join(v.id for v in every) or 'no arrangements'}), so no clause is a revision of another; "
            "build a later version of an arrangement to compare (ra-graph add, ra-graph build)")


_SCAN = (
    _TOKEN.split("|(?P<word>")[0]
    + r"|(?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?)|(?P<var>[?$][A-Za-z0-9_]+)|(?P<open>[{(])|(?P<close>[})])")
_ORDER_MATTERS = ("OPTIONAL", "MINUS", "BIND")


def _values_at(text: str, start: int, names: set[str]) -> int:
    """Where the VALUES block of the parameters ``names`` goes: the end of the WHERE group
    (which opens just before ``start``), or ``start`` itself.

    Within a group, a VALUES block is joined with the rest wherever it
    stands, except against what comes after it in an OPTIONAL, a MINUS or a
    BIND, whose result depends on what is already bound.  At the start,
    pyoxigraph runs the rest of the group once per VALUES row (owes with the
    twelve arrangements in force: ten times slower on a national register);
    at the end it joins what the group found.  So the block goes at the end
    unless a parameter stands inside an OPTIONAL or MINUS group or a BIND
    expression (or the group's end is not found): then at the start.
    """
    depth, guards, pending, inside = 0, [], False, set()
    for match in re.compile(_SCAN).finditer(text, start):
        if match["skip"]:
            continue
        if match["word"]:
            pending = pending or match["word"].upper() in _ORDER_MATTERS
        elif match["var"]:
            if guards:
                inside.add(match["var"][1:])
        elif match["open"]:
            depth += 1
            if pending:
                guards.append(depth)
                pending = False
        else:
            if guards and guards[-1] == depth:
                guards.pop()
            if depth == 0:
                return start if names & inside else match.start()
            depth -= 1
    return start


def run(store: ox.Store, text: str, *, source: str | Path = "query",
        trusted: bool = False) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Execute over the union of named graphs with the standard prefixes.

    The prefixes are passed to the parser rather than prepended, so a syntax
    error's line:column is that of the user's file.  The text is checked
    first (:func:`ra_graph.query.sparql_guard.check`): a query that would
    reach another server (SERVICE), an update, or one too large or too
    deeply nested for the parser is refused before pyoxigraph sees it
    (``trusted``: a stored query, see :attr:`StoredQuery.trusted`).
    """
    from ra_graph.query.sparql_guard import QueryRefused, check

    try:
        check(text, trusted=trusted)
    except QueryRefused as exc:
        raise RaGraphError(exc.problem, file=f"{source}:{exc.where}" if exc.where else source) from None
    try:
        return store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        where, problem = syntax_problem(str(exc))
        file = f"{source}:{where}" if where else source
        raise RaGraphError(f"SPARQL syntax error: {problem}", file=file) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise RaGraphError(f"query failed: {' '.join(str(exc).split())}", file=source) from None


_SHOWN_EXPECTED = 5  # expected tokens a syntax error lists


def syntax_problem(message: str) -> tuple[str | None, str]:
    """``("line:column", problem)`` of a pyoxigraph syntax error, on one short line.

    pyoxigraph lists every token its parser would have accepted, character
    classes included (hundreds of characters); only the first few are shown.
    """
    match = re.match(r"error at (\d+:\d+): (.*)", message, re.S)
    where, problem = (match[1], match[2]) if match else (None, message)
    problem = " ".join(problem.split())
    if "Prefix not found" in problem:
        return where, f"undeclared prefix (standard ones: {', '.join(p + ':' for p in PREFIXES)})"
    expected = re.fullmatch(r"expected one of (.*)", problem)
    if expected:
        tokens = [t if len(t) <= 24 else "[…]" for t in _tokens(expected[1])]
        more = len(tokens) - _SHOWN_EXPECTED
        problem = "expected one of " + ", ".join(tokens[:_SHOWN_EXPECTED])
        if more > 0:
            problem += f" … ({more} more)"
    return where, problem


def _tokens(listing: str) -> list[str]:
    """Split pyoxigraph's ``"a", B, ['x' | 'y']`` at the commas outside quotes and brackets."""
    tokens, start, depth, quote, escaped = [], 0, 0, None, False
    for i, char in enumerate(listing):
        if escaped:
            escaped = False
        elif quote:
            if char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            tokens.append(listing[start:i].strip())
            start = i + 1
    tokens.append(listing[start:].strip())
    return [t for t in tokens if t]


# compiled (and kept in re's cache) when first used: a command that runs a query never declares prefixes
_DECLARED = r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:"


def standalone(text: str) -> str:
    """The query with a PREFIX line for each standard prefix it uses but does not declare.

    Stored queries declare their own (so they run unchanged on any store);
    a user's file may rely on the standard ones, which this makes explicit.
    """
    body = _strip_comments(text)
    declared = {m[1] or "" for m in re.finditer(_DECLARED, body)}
    missing = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w:<.-]){p}:", body)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + text
