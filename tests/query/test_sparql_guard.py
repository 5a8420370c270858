"""The check made before pyoxigraph sees a query: no SERVICE, no update, bounded size and depth.

The scanner must read a query as pyoxigraph reads it; the differential test
at the end builds queries from tricky pieces and lets pyoxigraph evaluate
every one the guard lets through, against a local listener that must see
no connection.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pyoxigraph as ox
import pytest

from conftest import Listener
from ra_graph.query.sparql_guard import MAX_DEPTH, MAX_TOKENS, QueryRefused, call_with_deep_stack, check

NO_SERVICE = "SERVICE is not allowed: ra-graph never sends a query to another server (no federation)"


@pytest.mark.parametrize(("query", "where"), [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "1:18"),
    ("SELECT * WHERE { service silent <http://x/> {} }", "1:18"),
    ("SELECT * WHERE {\n  OPTIONAL { { SeRvIcE ?u {} } }\n}", "2:16"),
    ("SELECT * WHERE { SERVICE<http://x/>{} }", "1:18"),
    ("SELECT * WHERE { ?s ?p ?o.SERVICE <http://x/> {} }", "1:27"),
    ("SELECT * WHERE { ?s ?p 1SERVICE <http://x/> {} }", "1:24"),
    ("SELECT * WHERE { ?s ?p trueSERVICE <http://x/> {} }", "1:24"),
    ("SELECT * WHERE { SERVICESILENT<http://x/> {} }", "1:18"),
    ("PREFIX s: <http://x/> SELECT * WHERE { services:x {} }", "1:40"),  # SERVICE s:x to pyoxigraph
    ("SELECT * WHERE { # a comment\nSERVICE <http://x/> {} }", "2:1"),
    ('SELECT * WHERE { ?s ?p "a" SERVICE <http://x/> {} }', "1:28"),
    ("SELECT * WHERE { ?s ?p <http://x/service> SERVICE <http://x/> {} }", "1:43"),
    ("SELECT * WHERE { ?s ex:p?service <http://x/> {} }", "1:25"),  # '?' may be a path modifier
    ("ASK { FILTER EXISTS { SERVICE <http://x/> {} } }", "1:23"),
    ("SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x/> {} } } }", "1:37"),
])
def test_service_is_refused_wherever_pyoxigraph_would_read_it(query, where):
    with pytest.raises(QueryRefused) as info:
        check(query)
    assert (info.value.where, info.value.problem, info.value.status) == (where, NO_SERVICE, 400)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }',
    "SELECT * WHERE { ?s ?p 'service' }",
    'SELECT * WHERE { ?s ?p """a\nSERVICE <x> {}\n""" }',
    "SELECT * WHERE { ?s ?p '''SERVICE''' }",
    "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    "SELECT * WHERE { ?s <http://x/#SERVICE> ?o }",
    "SELECT ?service WHERE { ?service ?p $SERVICE }",
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s a schema:Service ; schema:serviceType ?t }",
    "SELECT * WHERE { ?s ?p ?o } # no SERVICE here\n",
    'SELECT * WHERE { ?s ?p "\\"SERVICE" }',
    "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:a\\#SERVICE ?o }",  # an escaped '#' in a local name
    "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:a.service ?o }",
])
def test_service_in_strings_iris_comments_and_names_is_fine(query):
    check(query)


@pytest.mark.parametrize(("query", "problem", "where"), [
    ("LOAD <http://127.0.0.1:9/x.ttl>", "LOAD is an update", "1:1"),
    ("PREFIX ex: <http://x/>\nINSERT DATA { ex:a ex:b ex:c }", "INSERT is an update", "2:1"),
    ("BASE <http://x/> DELETE WHERE { ?s ?p ?o }", "DELETE is an update", "1:18"),
    ("clear all", "CLEAR is an update", "1:1"),
    ("DROP ALL", "DROP is an update", "1:1"),
    ("WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH is an update", "1:1"),
])
def test_updates_are_named(query, problem, where):
    with pytest.raises(QueryRefused) as info:
        check(query)
    assert info.value.problem == problem + ": ra-graph is read-only and runs queries only " \
                                           "(SELECT, ASK, CONSTRUCT, DESCRIBE)"
    assert info.value.where == where


def test_nesting_and_length_limits():
    check("SELECT * WHERE " + "{" * MAX_DEPTH + "}" * MAX_DEPTH)
    with pytest.raises(QueryRefused) as info:
        check("SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    assert (info.value.problem, info.value.where) == (
        f"query nested too deeply: more than {MAX_DEPTH} levels of {{ ( [", f"1:{16 + MAX_DEPTH}")
    with pytest.raises(QueryRefused) as info:
        check("ASK { FILTER(" + "(" * 70 + "1" + ")" * 70 + ") }")
    assert info.value.problem.startswith("query nested too deeply")
    with pytest.raises(QueryRefused) as info:
        check("SELECT * WHERE { " + "?s ?p ?o . " * (MAX_TOKENS // 4 + 1) + "}")
    assert info.value.problem == f"query too long: more than {MAX_TOKENS} tokens (limit {MAX_TOKENS})"
    with pytest.raises(QueryRefused) as info:
        check('ASK { ?s ?p "' + "x" * 1_000_000 + '" }')
    assert (info.value.problem, info.value.status) == ("query too large: 1000016 bytes (limit 1000000)", 413)


_AT_THE_LIMITS = [
    "SELECT * WHERE { {}" + " UNION {}" * 3300 + " }",
    "SELECT * WHERE { BIND(1" + "+1" * 4990 + " AS ?x) }",
    "SELECT * WHERE " + "{" * MAX_DEPTH + "}" * MAX_DEPTH,
    "SELECT * WHERE { BIND(" + "(" * (MAX_DEPTH - 2) + "1" + ")" * (MAX_DEPTH - 2) + " AS ?x) }",
]
_CHILD = """
import sys, threading, pyoxigraph as ox
from ra_graph.query.sparql_guard import call_with_deep_stack, check
store = ox.Store()
queries = sys.stdin.read().split("\\0")
for query in queries:
    check(query)
    call_with_deep_stack(lambda: list(store.query(query)))
print("ok", flush=True)
if sys.argv[1:] == ["small"]:  # the same on a 1 MB stack: pyoxigraph recurses past its end
    threading.stack_size(1024 * 1024)
    thread = threading.Thread(target=lambda: list(store.query(queries[0])))
    thread.start()
    thread.join()
    print("survived")
"""


def _child(*args: str) -> subprocess.CompletedProcess:
    """In a child process, so that a crash fails the test instead of ending the run."""
    return subprocess.run([sys.executable, "-c", _CHILD, *args], input="\0".join(_AT_THE_LIMITS),
                          capture_output=True, text=True, timeout=300)


def test_queries_at_the_limits_run_on_the_deep_stack():
    assert (lambda done: (done.returncode, done.stdout, done.stderr))(_child()) == (0, "ok\n", "")


def test_the_deep_stack_is_what_keeps_the_parser_alive():
    done = _child("small")
    assert done.stdout == "ok\n" and done.returncode < 0  # killed by a signal (SIGSEGV), not an exception


def test_deep_stack_hands_back_results_and_errors():
    assert call_with_deep_stack(lambda a, b=0: a + b, 2, b=3) == 5
    with pytest.raises(ZeroDivisionError):
        call_with_deep_stack(lambda: 1 / 0)


_INNOCENT = ['?s ?p "SERVICE <x> {}" .', "?s ?p 'SERVICE' .", '?s ?p """a\nSERVICE""" .', "?s ?p '''x''' .",
             "?s <http://x/service> ?o .", "?service ?p ?o .", "?s ex:service ?o .", "?s ex:a\\#service ?o .",
             "# SERVICE <x> {}\n", '?s ?p "a\\"SERVICE" .', "?s ?p <http://x/#SERVICE> .", '?s ?p "x"@en .',
             "?s ?p 1.5 .", "FILTER(?s != <http://x/a'b>)", '?s ?p "\\u0022" .', "?s ex:Service.x ?o .",
             "?s ?p $service .", 'BIND("#" AS ?h)', "?s ?p \"'\" .", "?s ?p '\"' .", "?s ?p ex:a\\'b .",
             "?s ?p ex:%41 .", "?s ?p _:b .", "?s a ex:T .", "{ ?s ?p ?o } UNION { ?s ?p ?o }"]
_GLUE = ["", " ", "\n", "\t", "# c\n", "\r", " # ' \" <\n"]
_KEYWORD = ["SERVICE", "service", "Service", "SERVICE SILENT", "serviceSILENT", "SERVICE\n"]
_TARGET = ["{iri}", " {iri}", "s:x", " s:x", "?u", " ?u"]


def test_whatever_the_guard_lets_through_makes_no_connection():
    """Differential: 600 queries built from tricky pieces; pyoxigraph evaluates each one the guard passes."""
    listener = Listener(answer=b"HTTP/1.1 500 No\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    iri = f"<http://127.0.0.1:{listener.port}/sparql>"
    prefixes = {"s": f"http://127.0.0.1:{listener.port}/", "ex": "http://x/"}
    store = ox.Store()
    rng = random.Random(13)
    passed = refused_hostile = 0
    try:
        for _ in range(600):
            text = rng.choice(_GLUE).join(rng.choice(_INNOCENT) for _ in range(rng.randint(0, 4)))
            hostile = rng.random() < 0.6
            if hostile:
                text += (rng.choice(_GLUE) + rng.choice(_KEYWORD) + rng.choice(_TARGET).format(iri=iri)
                         + rng.choice(["{}", " {}", "{ ?a ?b ?c }"]))
            query = "SELECT * WHERE { " + text + " }"
            try:
                check(query)
            except QueryRefused:
                refused_hostile += hostile
                continue
            passed += 1
            try:
                results = store.query(query, prefixes=prefixes)
                list(results) if not isinstance(results, ox.QueryBoolean) else bool(results)
            except (SyntaxError, OSError, RuntimeError):
                pass
    finally:
        listener.close()
    assert listener.connections == 0
    assert refused_hostile > 300 and passed > 200  # both sides were exercised
