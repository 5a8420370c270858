"""Boundaries the systematic mutants found unheld (issue #25): each test names its mutants."""

from __future__ import annotations

import os
import threading
import time
import types

import pytest

from ra_graph.extract import commitments
from ra_graph.extract.gazetteer import Mention
from ra_graph.graph import cache



def test_a_name_right_after_an_unknown_office_stays_a_name():
    """C-180c8d (``a.start < o.end``), C-f1b464 (``a.start < m.end()``): spans are half-open; a name
    that only touches the office
    (one that starts with a sign, as "’s-Hertogenbosch" does) is not inside it and is kept beside
    the Rijk, while a name overlapping it by one character is the office's."""
    text = "de minister van Asiel en Migratie’s-Hertogenbosch ondersteunt."
    end = text.index("’s-")
    (office,) = commitments._unknown_offices(text, [])
    assert (office.start, office.end, office.iri) == (0, end, commitments.RIJK)
    town = "https://w3id.org/ra-graph/id/s-hertogenbosch"
    touching = Mention(end, end + len("’s-Hertogenbosch"), town, "actor", "’s-Hertogenbosch")
    overlapping = Mention(end - 1, end + 3, town, "actor", "e’s-")  # shorter than half the office
    assert [(m.start, m.iri) for m in commitments._unknown_offices(text, [touching])] == \
        [(0, commitments.RIJK), (end, town)]
    assert [(m.start, m.iri) for m in commitments._unknown_offices(text, [overlapping])] == [(0, commitments.RIJK)]


@pytest.mark.parametrize(("lead", "word"), [("van", "van"), ("xvan", "van")])
def test_the_word_before_a_name_is_looked_for_256_characters_back(lead, word):
    """N-f0f430 and the other ``LOOK_BACK = 256`` mutants: the word before a name is found in the
    256 characters before it, and a word reaching further back is cut there."""
    text = lead + " " * (256 - 3) + "IenW"
    start = text.index("IenW")
    assert commitments.LOOK_BACK == 256
    assert commitments._prev_word(text, start) == word


def test_a_cache_entry_of_256_mib_is_read_and_one_byte_more_refused(tmp_path, monkeypatch):
    """C-485bb7 (``st_size > MAX_ENTRY_BYTES``), N-1cdde2, N-68de23, N-365a58
    (``MAX_ENTRY_BYTES = 256 * 1024 * 1024``): an entry of exactly 256 MiB is read, one byte more is
    refused before a byte is read.  The file is sparse and the reads return nothing, so the test
    holds neither disk nor memory."""
    reads: list[int] = []
    fake = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
    fake.read = lambda fd, size: reads.append(size) or b""
    monkeypatch.setattr(cache, "os", fake)
    entry = tmp_path / "entry.json"
    with open(entry, "wb") as out:
        out.truncate(256 * 1024 * 1024)
    assert cache._read_regular(entry) == b""
    assert reads == [1 << 20]
    with open(entry, "r+b") as out:
        out.truncate(256 * 1024 * 1024 + 1)
    with pytest.raises(cache._NotAFile, match=r"^too large \(268435457 bytes\)$"):
        cache._read_regular(entry)
    assert reads == [1 << 20]


def test_a_full_queue_refuses_at_once_and_a_queue_with_room_waits(mini_path):
    """C-3eb647 (``self._waiting >= self.queue_size``): with ``queue_size`` 1 and one request
    waiting, the next is refused at once (503) instead of waiting too."""
    from ra_graph.query.serve_pool import WorkerPool

    pool = WorkerPool(mini_path, size=0, max_rows=10, queue_size=1, queue_wait=1.5)
    try:
        first: list[float] = []

        def wait() -> None:
            began = time.monotonic()
            assert pool._take(0) is None
            first.append(time.monotonic() - began)

        waiter = threading.Thread(target=wait)
        waiter.start()
        deadline = time.monotonic() + 5
        while pool._waiting < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert pool._waiting == 1
        began = time.monotonic()
        assert pool._take(0) is None
        refused = time.monotonic() - began
        waiter.join()
        assert refused < 0.5 and first[0] >= 1.5
    finally:
        pool.close()


def test_the_service_description_is_prefixed_only_in_turtle():
    """C-30bb1d (``if fmt == "turtle"``): Turtle, for a person, uses the sd: and formats: prefixes;
    JSON-LD stays plain, with full IRIs and no context a client would have to expand."""
    from ra_graph.query.serve import service_description

    def body(fmt: str) -> str:
        reply = service_description("http://127.0.0.1:1/sparql", ["https://w3id.org/ra-graph/id/graph/vocab"], fmt)
        assert reply.status == 200
        return reply.body.decode("utf-8") if isinstance(reply.body, bytes) else reply.body

    turtle = body("turtle")
    assert "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> ." in turtle
    assert "sd:resultFormat formats:SPARQL_Results_JSON" in turtle.replace(" ,\n", " ").replace("\n", " ") \
        or "formats:SPARQL_Results_JSON" in turtle
    jsonld = body("jsonld")
    assert "@context" not in jsonld
    assert "http://www.w3.org/ns/sparql-service-description#resultFormat" in jsonld
