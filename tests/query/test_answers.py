"""The endpoint workers' answer cache: same request, same answer, bounded in bytes."""

from __future__ import annotations

from ra_graph.query.answers import AnswerCache
from ra_graph.query.sparql_exec import Reply, error


def reply(size: int) -> Reply:
    return Reply(200, "application/sparql-results+json", b"x" * size)


def request(query: str = "SELECT * { ?s ?p ?o }", **extra) -> dict:
    return {"query": query, "format": None, "accept": None, "default_graph": None, "named_graph": None, **extra}


def test_a_repeated_request_gets_the_kept_answer():
    cache = AnswerCache()
    key = cache.key(request(), 100)
    assert cache.get(key) is None
    answer = reply(10)
    assert cache.put(key, answer) is answer
    assert cache.get(cache.key(request(), 100)) is answer


def test_everything_that_shapes_an_answer_is_in_the_key():
    base = AnswerCache.key(request(), 100)
    others = [AnswerCache.key(request(), 99), AnswerCache.key(request("ASK { ?s ?p ?o }"), 100),
              AnswerCache.key(request(format="csv"), 100), AnswerCache.key(request(accept="text/csv"), 100),
              AnswerCache.key(request(default_graph=["https://w3id.org/ra-graph/id/graph/x"]), 100),
              AnswerCache.key(request(named_graph=["https://w3id.org/ra-graph/id/graph/x"]), 100)]
    assert len({base, *others}) == 7


def test_errors_are_not_kept():
    cache = AnswerCache()
    key = cache.key(request(), 100)
    cache.put(key, error(503, "query cancelled"))
    assert cache.get(key) is None and cache.size == 0


def test_least_recently_used_answers_go_first_and_big_ones_are_not_kept():
    cache = AnswerCache(max_bytes=100)
    keys = [cache.key(request(f"SELECT {i}"), 1) for i in range(4)]
    for key in keys[:3]:
        cache.put(key, reply(25))
    cache.get(keys[0])  # now the most recently used
    cache.put(keys[3], reply(25))
    cache.put(cache.key(request("big"), 1), reply(26))  # over a quarter of the budget
    assert [k in cache for k in keys] == [True, True, True, True]
    cache.put(cache.key(request("more"), 1), reply(25))
    assert [k in cache for k in keys] == [True, False, True, True]
    assert cache.size == 100
