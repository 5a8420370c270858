"""Edges of the query commands and the query workers (``serve_pool.py``) that survivors of the full
systematic mutation run showed unheld (issue #25): each test names the mutant(s) it holds."""

from __future__ import annotations

import io
import pickle
import select
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import in_process_endpoint
from ra_graph.query import serve_pool


def _loading_for(seconds: float) -> type:
    """A stand-in for ``select.poll`` on a clock of its own: the worker's READY arrives after
    ``seconds``; a poll with a longer (or equal) timeout sees it, a shorter one times out empty.
    The clock is simulated, so the test waits no two minutes."""
    class Poller:
        waited: list[int] = []

        def register(self, stream, mask) -> None:
            assert mask == select.POLLIN

        def poll(self, timeout_ms: int) -> list[tuple[int, int]]:
            Poller.waited.append(timeout_ms)
            return [(3, select.POLLIN)] if seconds * 1000 <= timeout_ms else []
    return Poller


def _worker() -> serve_pool._Worker:
    """A worker whose process has written READY (no process is started)."""
    data = pickle.dumps(serve_pool.READY)
    worker = serve_pool._Worker.__new__(serve_pool._Worker)
    worker.process = SimpleNamespace(stdout=io.BytesIO(serve_pool._HEADER.pack(len(data)) + data))
    return worker


@pytest.mark.parametrize("seconds, ready", [(90.0, True), (119.9, True), (120.0, True), (120.1, False),
                                            (131.0, False)])
def test_a_worker_that_has_not_loaded_in_two_minutes_counts_as_hung(monkeypatch, seconds, ready):
    """N-e0203a (``BOOT_WAIT = 120.0``): a fresh worker may take up to two minutes to load the
    snapshot and say READY (a big register on a busy machine); one still silent after that counts
    as hung (the pool kills it, and ``serve`` stops with "no query worker could load the
    snapshot" rather than hanging).  Within 120 s it is ready, from 120.1 s on it is not; it is
    asked once, with the whole two minutes."""
    poller = _loading_for(seconds)
    monkeypatch.setattr(serve_pool, "select", SimpleNamespace(poll=poller, POLLIN=select.POLLIN))
    assert _worker().wait_ready() is ready
    assert poller.waited == [120_000]


@pytest.mark.parametrize("memory, refused", [("64", False), ("1048576", False), ("1048577", True), ("63", True)])
def test_a_worker_may_be_given_from_64_mb_to_1_tib_of_memory(ra, tmp_path, memory, refused):
    """N-756289 (``"--memory": (64, 1_048_576)``): ``serve --memory`` takes 64 MB to 1,048,576 MB
    (1 TiB) per worker, both ends included; one more (or less) is refused before anything starts.
    The graph named does not exist, so an accepted value gets as far as reading it, and no further."""
    missing = tmp_path / "missing.trig"
    r = ra("serve", "--graph", missing, "--memory", memory)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: --memory {memory}: must be a number from 64 to 1.04858e+06\n" if refused
                     else f"ra-graph: {missing}: graph file not found\n")


FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def renewed(tmp_path_factory) -> Path:
    """mini.trig's drenthe-2025 and its renewal drenthe-2026 (revisions.trig), as one graph."""
    path = tmp_path_factory.mktemp("renewed") / "renewed.trig"
    path.write_text((FIXTURES / "mini.trig").read_text(encoding="utf-8") + "\n" +
                    (FIXTURES / "revisions.trig").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _side_table(md: str) -> list[str]:
    part = md.split("## Per kant / per side\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in part.split("\n") if line.startswith("|")]


def test_the_note_per_side_leaves_unchanged_out_unless_all_is_asked(ra, renewed):
    """C-a8a0c7 (``k != "unchanged" or show_all``): the director's note (``diff --format md``) counts
    per side what changed, was added or dropped; the unchanged clauses get a column only with
    ``--all`` (drenthe-2025 -> drenthe-2026: the Rijk's deadline moved, one clause added, one
    dropped for each side; unchanged for the Rijk one clause, for the province two, among them the
    clause whose deadline moved for the Rijk only)."""
    args = ("diff", "drenthe-2025", "drenthe-2026", "--graph", renewed, "--format", "md")
    assert _side_table(ra(*args).out) == ["| | changed | added | dropped |", "|---|---:|---:|---:|",
                                          "| Rijk | 1 | 1 | 1 |", "| province | 0 | 0 | 1 |"]
    assert _side_table(ra(*args, "--all").out) == [
        "| | changed | added | dropped | unchanged |", "|---|---:|---:|---:|---:|",
        "| Rijk | 1 | 1 | 1 | 1 |", "| province | 0 | 0 | 1 | 2 |"]


SPLIT = """
<https://w3id.org/ra-graph/id/graph/drenthe-2026> {
  <https://w3id.org/ra-graph/id/drenthe-2026/3.7/2> a ra:Clause ;
    dcterms:identifier "drenthe-2026/3.7/2" ; ra:number "2" ;
    ra:inArrangement rai:drenthe-2026 ;
    ra:inSection <https://w3id.org/ra-graph/id/drenthe-2026/3.7> ;
    ra:clauseKind ra:Agreement ; ra:sourceLine 810 ;
    ra:text "Het Rijk informeert de provincie uiterlijk in september 2026 over de uitbreiding van De Haar."@nl ;
    prov:wasRevisionOf <https://w3id.org/ra-graph/id/drenthe-2025/3.7/1> ;
    ra:revisionScore "0.612"^^xsd:decimal ;
    ra:hasCommitment <https://w3id.org/ra-graph/id/drenthe-2026/3.7/2/c1> .
  <https://w3id.org/ra-graph/id/drenthe-2026/3.7/2/c1> a ra:Commitment ;
    ra:obligor rai:rijk ; ra:beneficiary rai:provincie-drenthe ;
    ra:modality ra:Result ; ra:location rai:de-haar ; ra:basis ra:FromRule ;
    ra:dueBy "2026-09-30"^^xsd:date ; ra:dueText "september 2026"@nl .
}
"""


def test_a_calendar_keeps_the_newest_versions_of_a_lineage_the_first_under_its_uid(ra, renewed, tmp_path):
    """C-639ff4 (``versions > …`` choosing the newest version of a lineage): with ``--all-years`` the
    Rijk's De Haar commitment is in the rows three times -- 2025 (due 2025-08-31) and, in a graph
    where the 2026 renewal split its clause in two, both halves revising it (3.7/1 due 2026-06-30,
    3.7/2 due 2026-09-30).  The 2025 version gives way to the newer ones; of the two equally new,
    the first row (the earlier deadline) keeps the lineage's UID, so that a calendar moves its
    event, and the other is an event of its own -- no deadline is dropped."""
    graph = tmp_path / "split.trig"
    graph.write_text(renewed.read_text(encoding="utf-8") + SPLIT, encoding="utf-8")
    ics = ra("deadlines", "--graph", graph, "--all-years", "--as-of", "2025-01-01", "--format", "ics").out
    events = [dict(line.split(":", 1) for line in event.split("\r\n") if ":" in line)
              for event in ics.split("BEGIN:VEVENT")[1:]]
    haar = [e for e in events if "/3.7/" in e["URL"]]
    assert [(e["UID"], e["DTSTART;VALUE=DATE"], e["URL"]) for e in haar] == [
        ("https://w3id.org/ra-graph/id/drenthe-2025/3.7/1/c1", "20260630", "https://w3id.org/ra-graph/id/drenthe-2026/3.7/1"),
        ("https://w3id.org/ra-graph/id/drenthe-2026/3.7/2/c1", "20260930", "https://w3id.org/ra-graph/id/drenthe-2026/3.7/2")]
    assert len({e["UID"] for e in events}) == len(events) == 4


@pytest.fixture(scope="module")
def endpoint():
    """An in-process endpoint over mini.trig with one worker: (host, port)."""
    with in_process_endpoint(FIXTURES / "mini.trig", timeout=30.0) as server:
        yield server.address


def _status_with_headers_of(address, size: int) -> bytes:
    """The status line of a GET whose request line and headers (their blank line included) are
    ``size`` bytes, padded with one header."""
    head = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json\r\n" \
           b"Connection: close\r\nX-Padding: "
    data = head + b"x" * (size - len(head) - 4) + b"\r\n\r\n"
    assert len(data) == size
    with socket.create_connection(address, timeout=60) as sock:
        sock.sendall(data)
        reply = b""
        while b"\r\n" not in reply and (chunk := sock.recv(65536)):
            reply += chunk
    return reply.split(b"\r\n", 1)[0]


@pytest.mark.parametrize("size, status", [(256 * 1024 - 1, b"HTTP/1.1 200 OK"),
                                          (256 * 1024, b"HTTP/1.0 431 Request Header Fields Too Large"),
                                          (256 * 1024 + 1, b"HTTP/1.0 431 Request Header Fields Too Large")])
def test_the_request_line_and_headers_may_take_up_to_one_byte_less_than_256_kib(endpoint, size, status):
    """N-016406 (``MAX_HEADER = 256 * 1024``): the endpoint reads a request whose request line and
    headers take 262,143 bytes (blank line included); from 262,144 bytes (256 KiB) on it answers
    431 without reading on (a long query is POSTed)."""
    assert _status_with_headers_of(endpoint, size) == status


def test_an_expected_token_of_24_characters_is_shown_and_one_of_25_is_cut():
    """N-03b983 (``len(t) <= 24``): a syntax error lists the tokens the parser would have accepted;
    one of up to 24 characters is shown as it is, a longer one (a character class of 25) as
    "[…]"."""
    from ra_graph.query.library import syntax_problem

    short, long = "['A'-'Z' | 'a'-'z' |'_']", "['A'-'Z' | 'a'-'z' | '_']"
    assert (len(short), len(long)) == (24, 25)
    assert syntax_problem(f'error at 3:6: expected one of "{{", {short}, {long}') == (
        "3:6", f'expected one of "{{", {short}, […]')


@pytest.mark.parametrize("size, editor", [(1_000_000, True), (1_000_001, False)])
def test_a_browser_gets_the_editor_for_a_query_of_up_to_a_million_bytes(size, editor):
    """C-1f1632 (``> MAX_QUERY_BYTES``): a browser following a shared link to ``/sparql?query=…``
    gets the editor with the query in it when the query has at most 1,000,000 bytes (the most the
    endpoint runs); one byte more is not shown in an editor (the endpoint refuses it)."""
    from ra_graph.query.editor import wants_editor

    query = "ASK { ?s ?p ?o } # " + "x" * (size - 19)
    assert len(query.encode("utf-8")) == size
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert wants_editor({"query": [query]}, accept) is editor


@pytest.mark.parametrize("rows, refused", [("10000000", False), ("10000001", True)])
def test_a_query_may_be_given_up_to_ten_million_rows(ra, tmp_path, rows, refused):
    """N-a73f21 (``"--max-rows": (1, 10_000_000)``): ``serve --max-rows`` takes up to 10,000,000
    rows, one more is refused before anything starts (the graph named does not exist, so an
    accepted value gets as far as reading it)."""
    missing = tmp_path / "missing.trig"
    r = ra("serve", "--graph", missing, "--max-rows", rows)
    assert (r.code, r.out) == (2, "")
    assert r.err == (f"ra-graph: --max-rows {rows}: must be a number from 1 to 1e+07\n" if refused
                     else f"ra-graph: {missing}: graph file not found\n")


@pytest.mark.parametrize("fields, status", [(99, 200), (100, 200), (101, 400)])
def test_a_request_may_carry_a_hundred_parameters(endpoint, fields, status):
    """N-67a9c9 (``MAX_PARAMETERS = 100``): the endpoint answers a query whose URL carries 100
    fields (the query and 99 ``default-graph-uri``); from 101 on it answers 400, "too many
    parameters (limit 100)"."""
    import urllib.error
    import urllib.request

    query = "query=ASK%7B%7D&" + "&".join(f"default-graph-uri=urn:g{i}" for i in range(fields - 1))
    request = urllib.request.Request(f"http://{endpoint[0]}:{endpoint[1]}/sparql?{query}",
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            got = (reply.status, reply.read())
    except urllib.error.HTTPError as refused:
        got = (refused.code, refused.read())
    assert got == ((200, b'{"head": {}, "boolean": true}') if status == 200
                   else (400, b"too many parameters (limit 100)\n"))


@pytest.mark.parametrize("accept, editor", [
    ("text/html, application/sparql-results+json", False),
    ("text/html, application/sparql-results+json;q=0.9", True),
    ("text/html;q=0.9, application/sparql-results+json", False),
])
def test_a_query_link_gives_the_editor_only_when_html_is_preferred_to_every_result_format(accept, editor):
    """C-8ac4bf (``html > results`` for a request with a query): a client asking for a query's
    results gets them when it ranks a result format as high as HTML; only a client preferring HTML
    outright (a browser) gets the editor."""
    from ra_graph.query.editor import wants_editor

    assert wants_editor({"query": ["ASK { ?s ?p ?o }"]}, accept) is editor
