"""Limits the full mutation run found unguarded: each value exactly on its limit and one on each side.

Each test names the fact it holds; the mutant it was written for is in its docstring (an id of
``python tools/mutants.py --systematic --list``)."""

from __future__ import annotations

import errno
import json
import re

import pytest

from ra_graph.core import atomic
from ra_graph.core.output import terminal_width, to_table
from ra_graph.extract import commitments, text
from ra_graph.extract.gazetteer import Mention
from ra_graph.extract.sourcefile import odd_line_breaks
from ra_graph.validate.findings import Finding, ValidationReport
from ra_graph.validate.report import render_text


def test_a_text_is_said_to_break_lines_oddly_only_when_three_or_more_odd_breaks_outnumber_its_newlines():
    """C-730cc7 (``most > newlines``) and the minimum of three."""
    assert odd_line_breaks("a\u2028b\u2028c\u2028d\ne\nf") == "U+2028 (LINE SEPARATOR)"  # 3 against 2
    assert odd_line_breaks("a\u2028b\u2028c\u2028d\ne\nf\ng") == ""  # 3 against 3: a tie is not odd
    assert odd_line_breaks("a\fb\fc") == ""  # two are too few to say
    assert odd_line_breaks("a\fb\fc\fd") == "U+000C (FORM FEED)"


def _footnote_lines(first: str, count: int) -> list[int]:
    lines = ["Tekst van de paragraaf sturend1 gaat verder.", "", first] + \
        [f"vervolg van de voetnoot regel {n}" for n in range(2, count + 1)] + ["", "Volgende alinea."]
    found = text.artefact_lines(lines)
    return sorted(line for line, kind in found.items() if kind == text.FOOTNOTE_KIND)


def test_a_footnote_runs_for_at_most_eight_lines():
    """N-871416 (``FOOTNOTE_MAX_LINES = 8``): a footnote of eight lines is dropped whole; of a ninth
    line without a blank line before it, only the first eight are taken as the footnote."""
    assert _footnote_lines("¹ De visie bouwt voort op het rapport", 8) == list(range(3, 11))
    assert _footnote_lines("¹ De visie bouwt voort op het rapport", 9) == list(range(3, 11))
    # a footnote that opens with a quoted title, and never closes it: the same eight
    assert _footnote_lines("1 ‘Agenda voor het landelijk gebied", 9) == list(range(3, 11))


def test_an_actor_right_after_a_cue_belongs_to_it_up_to_forty_characters_away():
    """C-518ca5 (``first.start - start > limit``): the object of a cue ends forty characters on."""
    for gap, found in ((39, True), (40, True), (41, False)):
        sentence = "met " + "x" * (gap - 5) + " IenW"
        start = sentence.index("IenW")
        mention = Mention(start, start + 4, "https://w3id.org/ra-graph/id/ienw", "actor", "IenW")
        assert start == gap
        assert (commitments._span_after(sentence, 0, [mention]) == [mention]) is found, gap
        assert (commitments._span_after(sentence, 0, [mention], ordered=True) == [mention]) is found, gap
    # C-3be8d2 (``m.start >= start``): a name right at the position is the first of the group
    at = Mention(4, 8, "https://w3id.org/ra-graph/id/ienw", "actor", "IenW")
    for ordered in (False, True):
        assert commitments._span_after("met IenW.", 4, [at], ordered=ordered) == [at]


def test_a_known_name_covering_half_an_office_makes_it_known():
    """C-d549e5 (``a.end - a.start >= (m.end() - m.start()) // 2``): a vocabulary mention overlapping
    "de minister van ..." and at least half as long makes it that known office, not an unknown one."""
    sentence = "Daarom zal de minister van Asiel en Migratie het plan steunen."
    office = commitments._office_pattern().search(sentence)
    assert office.group(0) == "de minister van Asiel en Migratie"
    half = (office.end() - office.start()) // 2
    for length, unknown in ((half - 1, True), (half, False), (half + 1, False)):
        known = Mention(office.start(), office.start() + length, "https://w3id.org/ra-graph/id/bzk", "actor", "x")
        got = commitments._unknown_offices(sentence, [known])
        assert (got != [known]) is unknown, length
        if unknown:  # it stands as the Rijk, in place of the short mention
            assert [(m.iri, m.surface) for m in got] == [(commitments.RIJK, "de minister van Asiel en Migratie")]


def _report_with_text(quoted: str) -> ValidationReport:
    finding = Finding(severity="Warning", constraint="one-sided", message="m", message_nl="m",
                      shape="https://w3id.org/ra-graph/shapes#OneSided", focus="https://x/c",
                      clause="drenthe-2025/3.1/1", arrangement="drenthe-2025", section="3.1", line=7,
                      text=quoted)
    return ValidationReport(conforms=True, as_of=None, findings=[finding], checked={"clauses": 1},
                            make_report_graph=lambda: None)


def test_validate_quotes_a_clause_of_up_to_160_characters_whole(monkeypatch):
    """N-04cbcd (``len(text) > 160``): a clause's text is quoted whole up to 160 characters, and
    longer ones as their first 157 and "..."."""
    monkeypatch.setenv("COLUMNS", "1000")
    for length, shown in ((159, "a" * 159), (160, "a" * 160), (161, "a" * 157 + "...")):
        report = _report_with_text("a" * length)
        out = render_text(report, report.findings)
        assert f'  "{shown}"' in out.split("\n"), length


def test_the_network_page_shows_a_clause_of_up_to_220_characters_whole(ra, mini_path, tmp_path):
    """N-60adef (``len(text) <= 220``): a clause's tooltip holds its text whole up to 220 characters,
    and longer ones as their first 217 and "…"."""
    source = mini_path.read_text(encoding="utf-8")
    old = "Het Rijk en de provincie Groningen gaan in 2026 met elkaar in gesprek over de financiële regelingen."
    assert source.count(old) == 1
    for length, shown in ((219, "b" * 219), (220, "b" * 220), (221, "b" * 217 + "…")):
        graph = tmp_path / f"g{length}.trig"
        graph.write_text(source.replace(old, "b" * length), encoding="utf-8")
        out = tmp_path / f"g{length}.html"
        assert ra("visualise", "--graph", graph, "--out", out).code == 0
        data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>',
                                    out.read_text(encoding="utf-8"), re.S).group(1))
        [node] = [n for n in data["nodes"] if n["kind"] == "clause" and n["text"] == "b" * length]
        assert node["title"].split("\n")[1] == shown, length


def test_a_write_the_system_takes_nothing_of_is_a_full_disk_not_a_loop(monkeypatch, tmp_path):
    """C-8048aa (``if n <= 0``): ``os.write`` returning 0 means no room; retrying would never end."""
    from ra_graph.core import atomic

    calls = []

    def write(fd, data):
        calls.append(len(data))
        if len(calls) > 3:
            raise RuntimeError("write_all kept retrying a write that took nothing")
        return 0

    monkeypatch.setattr(atomic.os, "write", write)
    with open(tmp_path / "f", "wb") as fh, pytest.raises(OSError) as raised:
        atomic.write_all(fh.fileno(), b"abc")
    assert (raised.value.errno, calls) == (errno.ENOSPC, [3])


def test_columns_of_zero_is_no_width(monkeypatch):
    """C-c6df5e (``int(env) > 0``): COLUMNS=0 says nothing; off a terminal the width is then 100."""
    for value, width in (("0", 100), ("1", 1), ("", 100), ("-5", 100), ("80", 80)):
        monkeypatch.setenv("COLUMNS", value)
        assert terminal_width() == width, value


def test_prose_sits_beside_the_other_columns_when_exactly_forty_characters_are_left_for_it():
    """C-ccf52c (``... <= total``): "abcde", a gap of two and forty characters of prose fit 47 columns."""
    rows = [{"id": "abcde", "text": "x" * 60}]
    assert to_table(rows, text=["text"], width=46) == "id\n-----\nabcde\n    " + "x" * 41 + "…\n"
    assert to_table(rows, text=["text"], width=47) == \
        "id     text\n-----  " + "-" * 40 + "\nabcde  " + "x" * 39 + "…\n"
    assert to_table(rows, text=["text"], width=48) == \
        "id     text\n-----  " + "-" * 41 + "\nabcde  " + "x" * 40 + "…\n"


def test_a_wrapped_column_is_squeezed_to_eight_characters_and_no_narrower():
    """N-5ce031 (``MIN_COLUMN = 8``): "abcde", a gap and eight characters fit 15 columns; at 14 each
    row is shown as lines of column and value."""
    rows = [{"id": "abcde", "w": "aaaa bbbb cccc dddd"}]
    assert to_table(rows, wrap=["w"], width=14) == "id  abcde\nw   aaaa bbbb\n    cccc dddd\n"
    assert to_table(rows, wrap=["w"], width=15) == \
        "id     w\n-----  ----\nabcde  aaaa\n       bbbb\n       cccc\n       dddd\n"
    assert to_table(rows, wrap=["w"], width=16) == "id     w\n-----  ---------\nabcde  aaaa bbbb\n       cccc dddd\n"


def test_a_name_hyphenated_at_a_line_break_wins_over_the_shorter_name_it_starts_with():
    """C-737dd9 (``start <= f.start``): "Groningen Air-port" is Groningen Airport, not Groningen."""
    from ra_graph.extract.gazetteer import Gazetteer

    gaz = Gazetteer()
    gaz.add("location", "Groningen", "rai:groningen")
    gaz.add("location", "Groningen Airport", "rai:airport")
    found = gaz.find("Het Rijk investeert in Groningen Air-port en de regio.", "location")
    assert [(m.iri, m.surface) for m in found] == [("rai:airport", "Groningen Air-port")]


@pytest.mark.parametrize(("sentence", "modalities"), [
    ("Het onderzoeken is nodig.", []),  # "het" before a verb at the sentence's start: a noun
    ("Het verkennen is nodig.", []),
    ("Onderzoeken is nodig.", ["Research"]),
    ("Het Rijk gaat onderzoeken of het kan.", ["Research"]),
])
def test_a_cue_after_het_at_the_start_of_a_sentence_is_a_noun_not_a_cue(sentence, modalities):
    """C-bad62d (``" " if lo == 0``): the sentence's start counts as a word boundary before "het"."""
    assert commitments.modalities_of(sentence) == modalities


def test_a_footnote_can_open_the_text_and_needs_a_blank_line_before_it_elsewhere():
    """N-6b38ce (``i == 0``): the first line has nothing above it; any other line needs a blank one."""
    opening = ["¹ De visie bouwt voort op het rapport", "vervolg van de voetnoot", "", "Tekst."]
    assert sorted(n for n, kind in text.artefact_lines(opening).items() if kind == text.FOOTNOTE_KIND) == [1, 2]
    glued = ["Gewone tekst loopt door", "¹ geen voetnoot: er staat geen witregel boven", "", "Tekst."]
    assert text.FOOTNOTE_KIND not in text.artefact_lines(glued).values()


def test_an_editor_file_of_1024_bytes_or_more_is_kept_gzipped_and_a_smaller_one_is_not(monkeypatch, tmp_path):
    """N-ec6aa2 (``_GZIP_MIN = 1024``): below a kilobyte gzip saves too little to be worth a header."""
    from ra_graph.query import editor

    files = {}
    for size in (1023, 1024, 1025):
        path = tmp_path / f"f{size}.js"
        path.write_bytes(b"a" * size)
        files[f"f{size}.js"] = (path, "text/javascript; charset=utf-8")
    monkeypatch.setattr(editor, "ASSETS", files)
    assets = editor.load_assets()
    assert [assets[f"f{n}.js"].gzipped is not None for n in (1023, 1024, 1025)] == [False, True, True]


def _event_summary(words: int) -> str:
    import datetime as dt

    from icalendar import Calendar

    from ra_graph.query.ics import calendar_of

    text = " ".join(f"w{n}" for n in range(1, words + 1))
    row = {"commitment": "https://w3id.org/ra-graph/id/c", "due_by": "2026-06-30", "text": text,
           "obligor": {"iri": "rai:rijk", "label": "Rijk"}, "beneficiary": {"iri": "rai:g", "label": "Groningen"},
           "carried_by": None, "clause": "groningen-2025/3.1/1", "section": "3.1", "due_text": "in juni 2026",
           "line": 7, "arrangement": "groningen-2025"}
    feed = Calendar.from_ical(calendar_of([row], as_of=dt.date(2026, 1, 1)))
    [event] = feed.walk("VEVENT")
    return str(event["SUMMARY"])


def test_a_calendar_event_names_its_clause_in_at_most_ten_words():
    """N-c18932 (``words[:10]``, ``len(words) > 10``): ten words whole, the eleventh cut with "…"."""
    assert _event_summary(9) == "Rijk: w1 w2 w3 w4 w5 w6 w7 w8 w9 (groningen-2025/3.1/1)"
    assert _event_summary(10) == "Rijk: w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 (groningen-2025/3.1/1)"
    assert _event_summary(11) == "Rijk: w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 … (groningen-2025/3.1/1)"


def test_a_format_the_client_gives_q_0_is_never_offered():
    """C-d0815a (``q > 0``): "q=0" in Accept means "not this one" (RFC 9110, 12.4.2)."""
    from ra_graph.query.sparql_exec import preferences

    assert preferences(None, "application/sparql-results+json;q=0, text/csv") == ["csv"]
    assert preferences(None, "application/sparql-results+json;q=0.001, text/csv;q=0.5") == ["csv", "json"]


def test_port_65535_is_a_port_and_65536_is_not(mini_path):
    """C-4e3b6f (``0 <= port <= 65535``): the range's ends are ports."""
    from ra_graph.core.errors import RaGraphError
    from ra_graph.query.serve import make_server

    common = dict(host="127.0.0.1", timeout=5.0, max_rows=10, workers=1, memory_mb=256, queue_size=1,
                  queue_wait=1.0, quiet=True)
    with pytest.raises(RaGraphError, match=r"--port 65536: not a port number \(0-65535\)"):
        make_server(mini_path, port=65536, **common)
    with pytest.raises(RaGraphError, match=r"--port -1: not a port number"):
        make_server(mini_path, port=-1, **common)
    try:
        server, pool = make_server(mini_path, port=65535, **common)
    except RaGraphError as exc:  # taken by another program: any refusal but the range's
        assert "not a port number" not in str(exc)
    except OSError:
        pass
    else:
        server.close()
        pool.close()


def test_partners_between_met_and_samen_start_at_most_25_characters_after_met(monkeypatch):
    """C-1e9d36 (``inside[0].start - m.start(1) <= 25``): "werken met X samen" takes X only when the
    list starts right after "met"; a name further on belongs to something else."""
    monkeypatch.setattr(commitments, "party_rules", lambda: {"partner_cues": [{"open": "met", "until": "samen"}]})
    for gap, taken in ((24, True), (25, True), (26, False)):
        sentence = "Zij werken met" + " " * gap + "IenW samen."
        start = sentence.index("IenW")
        assert start - (sentence.index(" met") + len(" met")) == gap
        mention = Mention(start, start + 4, "https://w3id.org/ra-graph/id/ienw", "actor", "IenW")
        assert (commitments._partner_spans(sentence, [mention]) == {id(mention)}) is taken, gap


def test_a_word_document_part_of_50_000_000_bytes_is_read_and_one_byte_more_refused(tmp_path):
    """N-97c5ad (``MAX_PART_BYTES = 50_000_000``): the limit is the largest part read."""
    import io
    import zipfile

    from ra_graph.core.errors import RaGraphError
    from ra_graph.extract.documents.docx import _part

    for size, read in ((50_000_000, True), (50_000_001, False)):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.writestr("word/document.xml", b"\0" * size)
        with zipfile.ZipFile(buffer) as archive:
            if read:
                assert len(_part(archive, "word/document.xml", tmp_path / "a.docx")) == size
            else:
                with pytest.raises(RaGraphError, match=f"part word/document.xml is {size} bytes"):
                    _part(archive, "word/document.xml", tmp_path / "a.docx")


def test_an_actor_typed_both_actor_and_a_kind_of_actor_is_that_kind(tmp_path):
    """C-cf20a0 (``old is None or old == "Actor"``): ra:Actor is the fallback; a more specific class wins
    whichever the vocabulary lists first."""
    from ra_graph.extract.gazetteer import _load

    vocab = tmp_path / "actors.ttl"
    vocab.write_text("@prefix ra: <https://w3id.org/ra-graph/def#> .\n"
                     "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                     "<urn:a> a ra:Actor, ra:Ministry ; skos:prefLabel \"Aaa\"@nl .\n"
                     "<urn:b> a ra:Ministry, ra:Actor ; skos:prefLabel \"Bbb\"@nl .\n"
                     "<urn:c> a ra:Actor ; skos:prefLabel \"Ccc\"@nl .\n", encoding="utf-8")
    gaz = _load((vocab,))
    assert {iri: gaz.types[iri] for iri in ("urn:a", "urn:b", "urn:c")} == \
        {"urn:a": "Ministry", "urn:b": "Ministry", "urn:c": "Actor"}


def test_a_heading_line_of_55_characters_or_more_may_wrap_onto_the_next_line():
    """N-0f2135 (``WRAP_WIDTH = 55``): a shorter heading line is whole, whatever follows it."""
    from ra_graph.extract.outline import _wrapped_title

    for width, joined in ((54, False), (55, True), (56, True)):
        title = "Wonen " + "w" * (width - len("Wonen ") - 1) + "x"
        assert len(title) == width
        lines = ["3.1 " + title, "en werken", "", "Tekst."]
        got = _wrapped_title(lines, 0, title)
        assert got == ((f"{title} en werken", 2) if joined else (title, 1)), width


def test_a_long_heading_paragraph_has_at_most_two_lines():
    """N-297a63 (``LONG_TITLE_MAX_LINES = 2``): a third line makes it a paragraph, not a heading."""
    from ra_graph.extract.outline import long_title

    two = ["", "Ruimte voor wonen en werken in de", "regio Groningen", "", "Tekst."]
    assert long_title(two, 1, two[1], {}) == ("Ruimte voor wonen en werken in de regio Groningen", 3)
    three = ["", "Ruimte voor wonen en werken in de", "regio Groningen en", "omstreken", "", "Tekst."]
    assert long_title(three, 1, three[1], {}) == (None, 0)


def test_a_long_heading_paragraph_may_end_the_text():
    """C-a8a1f2 (``end < len(lines)``): a heading on the text's last line is read, not an error."""
    from ra_graph.extract.outline import long_title

    lines = ["Tekst.", "", "Ruimte voor wonen en werken"]
    assert long_title(lines, 2, lines[2], {}) == ("Ruimte voor wonen en werken", 3)


def test_a_heading_in_capitals_has_at_most_four_words():
    """C-5d1fee (``len(words(text)) <= CAPS_MAX_WORDS``)."""
    from ra_graph.extract.segment import _is_caps

    assert [_is_caps(" ".join(["WONEN"] * n)) for n in (3, 4, 5)] == [True, True, False]


def test_a_question_page_shows_up_to_1000_rows_a_page():
    """N-921052 (``0 < int(raw_per) <= 1000``): ?per= from 1 to 1000 is taken, anything else is 50."""
    from ra_graph.web.questions import _paging

    assert [_paging({"per": [n]}, 5000)[1] for n in ("0", "1", "999", "1000", "1001", "x")] == \
        [50, 1, 999, 1000, 50, 50]


def test_the_sections_first_footnote_number_wins_over_the_documents_even_when_it_is_one():
    """N-95039e (``int(value) >= 1``): w:numStart 1 in the section is a setting, not an absence."""
    from lxml import etree

    from ra_graph.extract.documents import numbering
    from ra_graph.extract.documents.docx import _first_footnote

    w = numbering.W

    def root(path: list[str], value: str | None):
        top = node = etree.Element(f"{{{w}}}{path[0]}")
        for name in path[1:]:
            node = etree.SubElement(node, f"{{{w}}}{name}")
        if value is not None:
            node.set(f"{{{w}}}val", value)
        return top

    settings = root(["settings", "footnotePr", "numStart"], "3")
    for section, first in (("1", 1), ("2", 2), ("0", 3), (None, 3)):
        document = root(["document", "body", "sectPr", "footnotePr", "numStart"], section)
        assert _first_footnote(document, settings) == first, section


def test_a_short_name_is_an_acronym_only_with_two_capitals():
    """N-712a41 (``sum(c.isupper() ...) >= 2``): "EZ" is found only in capitals, "Assen" in any case."""
    from ra_graph.extract.gazetteer import Gazetteer

    gaz = Gazetteer()
    gaz.add("location", "Assen", "rai:assen")
    gaz.add("actor", "EZ", "rai:ez")
    assert [m.surface for m in gaz.find("in ASSEN en assen en Assen", "location")] == ["ASSEN", "assen", "Assen"]
    assert [m.surface for m in gaz.find("de ez en EZ", "actor")] == ["EZ"]


def test_an_acronym_has_at_most_six_characters():
    """N-2b2a3c (``len(label) <= 6``): "DeltNL" is matched only as written, "DeltaNL" in any case."""
    from ra_graph.extract.gazetteer import Gazetteer

    gaz = Gazetteer()
    gaz.add("programme", "DeltNL", "rai:six")
    gaz.add("programme", "DeltaNL", "rai:seven")
    assert [m.iri for m in gaz.find("deltnl, DeltNL, deltanl, DELTANL", "programme")] == \
        ["rai:six", "rai:seven", "rai:seven"]


def test_a_title_has_at_most_90_characters_and_12_words():
    """C-bc63d4 (``len(title) > max_chars``) and the word limit."""
    from ra_graph.extract.text import looks_like_title

    def title(chars: int) -> str:
        return ("Wonen " + "w" * chars)[:chars]

    assert [looks_like_title(title(n), None) for n in (89, 90, 91)] == [True, True, False]
    assert [looks_like_title(" ".join(["Wonen"] * n), None) for n in (11, 12, 13)] == [True, True, False]


def test_a_long_heading_paragraph_has_at_most_24_words():
    """N-8414ed (``LONG_TITLE_MAX_WORDS = 24``)."""
    from ra_graph.extract.outline import long_title

    for count, read in ((23, True), (24, True), (25, False)):
        text = " ".join(["Wonen"] * (count - 1) + ["Groningen"])
        lines = ["", text, "", "Tekst."]
        assert (long_title(lines, 1, text, {})[0] == text) is read, count


def test_a_heading_in_capitals_has_at_least_three_letters():
    """N-525c18 (``letters >= 3``): "IPO" is a heading in capitals, "EZ" is too short to tell."""
    from ra_graph.extract.segment import _is_caps

    assert [_is_caps(t) for t in ("EZ", "IPO", "NOVEX")] == [False, True, True]


def test_a_value_echoed_in_a_message_is_cut_only_past_its_limit():
    """C-d350a0 (``len(out) <= limit``): 80 characters are shown whole, 81 as 79 and "…"."""
    from ra_graph.core.errors import printable

    assert printable("a" * 80) == "a" * 80
    assert printable("a" * 81) == "a" * 79 + "…"


def test_a_resource_page_is_html_when_html_and_rdf_are_equally_wanted():
    """C-94fc3b (``html_q >= best_q``): a tie goes to HTML, as for a browser."""
    from ra_graph.web.resource import negotiate

    assert negotiate("text/turtle, text/html") == "html"
    assert negotiate("text/turtle;q=0.9, text/html;q=0.9") == "html"
    assert negotiate("text/turtle, text/html;q=0.9") == "turtle"
