"""Boundaries of ra_graph/graph/ that survivors of the full systematic mutation run showed unheld
(issue #25): each test names the mutant(s) it holds."""

from __future__ import annotations

import io
import json

import pytest

from ra_graph.core.errors import RaGraphError
from ra_graph.graph import build, revisions
from ra_graph.graph.cache import Cache, value_digest
from ra_graph.graph.revisions import Item, Match

WATER = "rai:thema-water"
OLD = [Item("drenthe-2025/3.1/1", "1", WATER, "Rijk en provincie werken samen aan zoetwater."),
       Item("drenthe-2025/3.1/2", "2", WATER, "De provincie maakt een plan voor drinkwater."),
       Item("drenthe-2025/3.1/3", "3", WATER, "Het Rijk onderzoekt de veenweide.")]
NEW = [Item("drenthe-2026/3.1/1", "1", WATER, "De provincie maakt een plan voor drinkwater."),
       Item("drenthe-2026/3.1/2", "2", WATER, "Het Rijk onderzoekt de veenweide.")]
ALIGNED = [Match(1, 0, 1.0), Match(2, 1, 1.0), Match(0, None, None)]


def _spoil(cache: Cache, value: list) -> None:
    """Write ``value`` into the cached alignment of drenthe-2026, its digest made to match (a
    damaged entry the digest cannot tell, such as one written by a faulty older build)."""
    path = cache.path("align", "drenthe-2026")
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["value"], entry["digest"] = value, value_digest(value)
    path.write_text(json.dumps(entry), encoding="utf-8")


def test_a_cached_alignment_may_point_at_the_last_clause_but_not_one_past_it(tmp_path, capsys):
    """C-32a2ec (``0 <= index < size``): a cached match names clauses by their index in the old
    (3 clauses) and new (2 clauses) version.  The last clause of each (index 2 and 1) is one of
    theirs and the entry is used as stored; an index equal to the number of clauses (3 old, or 2
    new) points past the end: the entry is ignored with one warning line and the alignment is made
    again (else the build would link a clause that does not exist, or fail on it)."""
    cache = Cache(tmp_path / "cache")
    assert revisions._aligned(cache, "drenthe-2026", OLD, NEW) == ALIGNED
    assert capsys.readouterr().err == ""

    stored = [[2, 1, 0.9], [1, 0, 0.8], [0, None, None]]  # the last clause of each version: used as is
    _spoil(cache, stored)
    assert revisions._aligned(cache, "drenthe-2026", OLD, NEW) == [Match(2, 1, 0.9), Match(1, 0, 0.8),
                                                                    Match(0, None, None)]
    assert capsys.readouterr().err == ""

    for past in ([[1, 0, 1.0], [2, 1, 1.0], [3, None, None]],  # old clause 3 of 0..2
                 [[1, 0, 1.0], [2, 2, 1.0], [0, None, None]]):  # new clause 2 of 0..1
        _spoil(cache, past)
        assert revisions._aligned(cache, "drenthe-2026", OLD, NEW) == ALIGNED
        assert capsys.readouterr().err == (
            f"ra-graph: warning: {cache.path('align', 'drenthe-2026')}: cache entry ignored: "
            "wrong shape (ValueError: not a match); made again\n")


@pytest.mark.parametrize("ending", ["", "\n"], ids=["no final newline", "final newline"])
def test_a_snapshot_that_does_not_read_back_shows_its_last_line_when_that_is_at_fault(tmp_path, ending):
    """C-5f2502 (``0 < line <= len(lines)``): the refusal of a written snapshot that does not parse
    shows the line at fault, also when it is the text's last line (3 of 3 without a final newline;
    3 of 4, the fourth empty, with one)."""
    text = ('@prefix rai: <https://w3id.org/ra-graph/id/> .\n'
            'rai:drenthe-2025 { rai:drenthe-2025 rai:title "Ruimtelijk Arrangement Drenthe"@nl . }\n'
            'rai:groningen-2025 { rai:groningen-2025 rai:title "Ruimtelijk Arrangement Groningen"@ . }' + ending)
    assert len(text.split("\n")) == (3 if not ending else 4)
    written, target = tmp_path / ".ra-graph.trig.tmp", tmp_path / "ra-graph.trig"
    written.write_text(text, encoding="utf-8")
    with pytest.raises(RaGraphError) as caught:
        build.check_reads_back(written, text, {}, {}, target)
    assert caught.value.line == 3
    assert str(caught.value).endswith(
        '; the value at fault: rai:groningen-2025 { rai:groningen-2025 rai:title "Ruimtelijk Arrangement '
        'Groningen"@ . }')


def test_a_parse_error_without_a_line_quotes_no_line(tmp_path, monkeypatch):
    """C-cb01b0 (``0 < line``): a parser error that gives no line (``lineno`` None: read as 0)
    names none and quotes nothing -- not the text's last line, which index -1 would give."""
    text = ('@prefix rai: <https://w3id.org/ra-graph/id/> .\n'
            'rai:drenthe-2025 { rai:drenthe-2025 rai:title "Ruimtelijk Arrangement Drenthe"@nl . }')
    written, target = tmp_path / ".ra-graph.trig.tmp", tmp_path / "ra-graph.trig"
    written.write_text(text, encoding="utf-8")

    def parse(data, format):
        raise SyntaxError("the parser stopped")

    monkeypatch.setattr(build.ox, "parse", parse)
    with pytest.raises(RaGraphError) as caught:
        build.check_reads_back(written, text, {}, {}, target)
    assert caught.value.line is None
    assert str(caught.value) == (f"{target}: the snapshot was not replaced: the new one does not read back "
                                 "(the parser stopped); the value at fault: ")


class _Reply:
    """A Graph Store's empty 204 reply (what Oxigraph answers a PUT with)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def read1(self, size: int) -> bytes:
        return b""


@pytest.mark.parametrize("silent, published", [(30.0, True), (59.9, True), (60.1, False), (600.0, False)])
def test_a_store_may_take_a_minute_to_answer_a_graph(monkeypatch, mini_path, silent, published):
    """N-e47ead (``TIMEOUT = 60.0``): ``export --to`` waits up to a minute for the store to answer
    each graph it sends (a big graph on a busy store), and no longer: a store silent for 59.9 s
    still gets the whole snapshot, one silent for 60.1 s is "cannot reach the store (timed out)".
    The store's clock is simulated: the test waits no minute."""
    from ra_graph.graph import publish

    asked: list[float] = []

    def urlopen(request, timeout):
        asked.append(timeout)
        if silent > timeout:
            raise TimeoutError("timed out")
        return _Reply()

    monkeypatch.setattr(publish.urllib.request, "urlopen", urlopen)
    url = "http://127.0.0.1:7878/store"
    if published:
        assert publish.publish(mini_path, url).startswith(f"published {len(asked)} graphs, ")
        assert len(asked) > 1
    else:
        with pytest.raises(RaGraphError) as caught:
            publish.publish(mini_path, url)
        assert str(caught.value).startswith(f"--to {url} (graph ") and str(caught.value).endswith(
            "): cannot reach the store (timed out)")
        assert len(asked) == 1
    assert all(59.0 < t <= 60.0 for t in asked)


@pytest.mark.parametrize("trickle, published", [(599, True), (601, False)])
def test_a_publication_may_take_ten_minutes_in_all(monkeypatch, mini_path, trickle, published):
    """N-b11e6b (``TOTAL = 600.0``): ``export --to`` gives the whole publication ten minutes; a store
    that trickles its first reply a byte a second for 599 s still gets every graph, one that would
    go on for 601 s is cut off at 600 s: "the store's reply did not end within 600 s".  The clock
    is simulated: the test waits no minute."""
    import time

    from ra_graph.graph import publish

    clock = [1000.0]

    class Trickle(_Reply):
        def read1(self, size: int) -> bytes:
            if clock[0] - 1000.0 >= trickle:
                return b""
            clock[0] += 1.0
            return b"x"

    replies = [Trickle()]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(publish.urllib.request, "urlopen",
                        lambda request, timeout: replies.pop() if replies else _Reply())
    url = "http://127.0.0.1:7878/store"
    if published:
        assert publish.publish(mini_path, url).startswith("published ")
        assert clock[0] == 1000.0 + 599
    else:
        with pytest.raises(RaGraphError) as caught:
            publish.publish(mini_path, url)
        assert str(caught.value).endswith("): the store's reply did not end within 600 s: not published")
        assert clock[0] == 1000.0 + 600


class _Terminal(io.StringIO):
    """stderr as a terminal (where progress bars are drawn)."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("texts", "bar"), [(3, False), (4, True), (5, True)])
def test_reading_texts_shows_a_bar_on_a_terminal_from_four_texts(monkeypatch, texts, bar):
    """N-f2b183 (``LONG_WORK = 4``): the build draws a progress bar on a terminal while it reads
    (or writes) four texts or more; three are quick and draw none.  The work is done all the same."""
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert build._map(str.upper, [(f"ra-drenthe-{2025 + i}.txt",) for i in range(texts)], jobs=1,
                      what="read") == [f"RA-DRENTHE-{2025 + i}.TXT" for i in range(texts)]
    assert ("read:   0%|" in terminal.getvalue()) is bar
    assert (f"0/{texts} [" in terminal.getvalue()) is bar
