"""Check a SPARQL text before pyoxigraph sees it: no federation, no update, bounded size.

Why a lexer of our own
----------------------
pyoxigraph evaluates ``SERVICE <http://…>`` by making the HTTP request, with
no option to switch it off, so a read-only endpoint (or ``ra-graph query``
on a file someone sent) would reach any address the machine can reach.  It
exposes no query algebra either, so the check is made on the text, before
parsing, by a scanner that follows the SPARQL 1.1 terminals as pyoxigraph
reads them (tested against pyoxigraph itself, see
``tests/query/test_sparql_guard.py``):

* comments (``#`` to ``\\n`` or ``\\r``), the four kinds of string and IRIs
  (``<…>``, ``\\u`` escapes included) are opaque: ``"SERVICE"``,
  ``<http://x/service>`` and ``# no SERVICE here`` are fine;
* a variable (``?service``) and the local part of a prefixed name
  (``schema:Service``) are names, read greedily as pyoxigraph reads them;
* anywhere else the letters ``service`` in any case refuse the query.
  pyoxigraph matches keywords without a word boundary (``trueSERVICE``,
  ``1SERVICE``, ``SERVICESILENT`` and even the prefixed name
  ``services:x`` followed by a group all reach out), so no boundary is asked
  for here either: a false alarm is a clear error, a miss is a request to
  another server.

The same scan bounds what the parser and the optimiser must survive: their
recursion follows the nesting of ``{ ( [`` and the length of joins and
paths, and pyoxigraph dies by SIGSEGV (no exception) on 5,000 nested
braces, 740 path steps or 300 joined triple patterns on a default 8 MB
stack.  Hence a nesting limit and a token limit checked before parsing,
and :func:`call_with_deep_stack`, which evaluates on a thread with a
256 MB stack: with those limits no query gets near the end of it.
Updates cannot run in any case (only ``Store.query`` is called, which
parses queries only); they are named here so the refusal says why.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from typing import TypeVar

MAX_QUERY_BYTES = 1_000_000
MAX_DEPTH = 64  # nested { ( [
MAX_TOKENS = 10_000
STACK_BYTES = 256 * 1024 * 1024

UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

# SPARQL 1.1 §19.8 character classes (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS)
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_CHARS = _BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_LOCAL_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]|%[0-9A-Fa-f]{2}"
_TOKEN_PATTERN = (
    rf"""(?P<ws>[ \t\r\n]+)
    |(?P<comment>\#[^\r\n]*)
    |(?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*+\"\"\"
                |'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*+'''
                |"(?:[^"\\\r\n]|\\[^\r\n])*+"
                |'(?:[^'\\\r\n]|\\[^\r\n])*+')
    |(?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*+>)
    |(?P<var>[?$][{_BASE}_0-9][{_BASE}_0-9\u00b7\u0300-\u036f\u203f-\u2040]*+)
    |(?P<pname>(?P<prefix>[{_BASE}][{_CHARS}.]*+)?:(?:[{_CHARS}.:]|{_LOCAL_ESCAPE})*+)
    |(?P<word>[A-Za-z0-9_]+)
    |(?P<open>[{{(\[])
    |(?P<close>[}})\]])
    |(?P<other>[\s\S])""")


@functools.cache
def _tokens() -> re.Pattern:
    """The scanner, compiled on first use: its Unicode classes take about 8 ms to compile, a
    tenth of a quick command that runs only the project's own stored queries (see ``check``)."""
    return re.compile(_TOKEN_PATTERN, re.VERBOSE)


def __getattr__(name: str) -> re.Pattern:
    """``_TOKEN``, the compiled scanner, as before it was compiled on first use (tools read it)."""
    if name == "_TOKEN":
        return _tokens()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def prepare() -> None:
    """Compile the scanner now: a server checks every query, and its first must not wait for
    the compile (in a worker whose other threads hold the interpreter, that can take seconds)."""
    _tokens()


_SERVICE = re.compile("service", re.IGNORECASE)

T = TypeVar("T")


class QueryRefused(Exception):
    """The query is refused before parsing; ``where`` is ``line:column`` when known."""

    def __init__(self, problem: str, where: str | None = None, *, status: int = 400):
        self.problem, self.where, self.status = problem, where, status
        super().__init__(f"{where}: {problem}" if where else problem)


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def check(text: str, *, trusted: bool = False) -> None:
    """Refuse (QueryRefused) a query that is too large, too deep, an update or federated.

    ``trusted``: the text is one of the project's stored queries (``queries/``,
    with parameters bound by :func:`ra_graph.query.library.bind` as terms
    pyoxigraph wrote): it is scanned only when the letters ``service`` occur in
    it anywhere, so that a stored query can never reach another server either.
    """
    size = len(text.encode("utf-8"))
    if size > MAX_QUERY_BYTES:
        raise QueryRefused(f"query too large: {size} bytes (limit {MAX_QUERY_BYTES})", status=413)
    if trusted and not _SERVICE.search(text):
        return
    depth = tokens = 0
    first_word: tuple[str, int] | None = None
    in_prologue = True
    previous_end, previous_kind = -1, "ws"
    for match in _tokens().finditer(text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            previous_kind = kind
            continue
        tokens += 1
        if tokens > MAX_TOKENS:
            raise QueryRefused(f"query too long: more than {MAX_TOKENS} tokens (limit {MAX_TOKENS})",
                               _where(text, match.start()))
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryRefused(f"query nested too deeply: more than {MAX_DEPTH} levels of {{ ( [",
                                   _where(text, match.start()))
        elif kind == "close":
            depth = max(0, depth - 1)
        if _federated(match, kind, glued=previous_end == match.start() and previous_kind not in ("open", "other")):
            raise QueryRefused("SERVICE is not allowed: ra-graph never sends a query to another server "
                               "(no federation)", _where(text, match.start()))
        if in_prologue and kind == "word":
            if match["word"].upper() in ("BASE", "PREFIX"):
                pass
            else:
                in_prologue, first_word = False, (match["word"], match.start())
        elif in_prologue and kind not in ("iri", "pname"):
            in_prologue = False
        previous_end, previous_kind = match.end(), kind
    if first_word:
        word, offset = first_word
        update = next((u for u in UPDATES if word.upper().startswith(u)), None)
        if update:
            raise QueryRefused(f"{update} is an update: ra-graph is read-only and runs queries only "
                               "(SELECT, ASK, CONSTRUCT, DESCRIBE)", _where(text, offset))


def _federated(match: re.Match, kind: str | None, *, glued: bool) -> bool:
    """Could this token hold the keyword SERVICE as pyoxigraph reads it?"""
    if kind in ("string", "iri"):
        return False
    if kind == "pname":
        return bool(_SERVICE.search(match["prefix"] or ""))
    if kind == "var":
        # "?service" is a name, unless glued to a path ("ex:p?service": '?' could be a path modifier)
        return glued and bool(_SERVICE.search(match.group()))
    return bool(_SERVICE.search(match.group()))


def call_with_deep_stack(function: Callable[..., T], *args, **kwargs) -> T:
    """``function(*args, **kwargs)`` on a thread with a 256 MB stack (see the module docstring).

    The stack is reserved address space, touched only as deep as a query goes.
    Exceptions are raised in the caller; Ctrl-C still reaches the main thread.
    """
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as exc:  # handed to the caller, whatever it is
            outcome["error"] = exc

    previous = threading.stack_size(STACK_BYTES)
    try:
        thread = threading.Thread(target=target, name="sparql", daemon=True)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


__all__ = ["check", "call_with_deep_stack", "QueryRefused", "MAX_QUERY_BYTES", "MAX_DEPTH", "MAX_TOKENS"]
