"""Edges of the text extraction that survivors of the full systematic mutation run showed unheld
(issue #25): each test names the mutant(s) it holds.

Where a curation entry ends (the lines ``extract --skeleton`` copies, commented, under the revised
clause of a new version) is a real bug the survivor N-ac9efd led to: an entry followed by another
one took the next clause's key line with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ra_graph.extract import carry, curate
from ra_graph.extract.metadata import find_signatories
from ra_graph.extract.outline import find_outline
from ra_graph.extract.segment import split_units
from ra_graph.extract.text import artefact_lines
from ra_graph.query import review


# -- text.py: artefacts -------------------------------------------------------------------------

HEADER = "Ruimtelijk Arrangement Rijk - provincie Zeeland"


@pytest.mark.parametrize("before", [0, 1], ids=["header on line 1", "header on line 2"])
def test_a_running_header_on_the_texts_first_line_is_an_artefact(before):
    """C-417573 (``0 <= j < len(lines)`` after the walk from a page number): a text whose first page
    opens with the running header and then its page number has that header on line 1; it is an
    artefact like the one on the next page, as it is one line further down."""
    lines = [""] * before + [HEADER, "1", "", "Titel", "", "Rijk en provincie Zeeland maken afspraken.", "",
                             HEADER, "2", "", "De provincie Zeeland toetst de kaarten."]
    first = before + 1
    assert artefact_lines(lines) == {first: "running header", first + 1: "page number",
                                     first + 7: "running header", first + 8: "page number"}


# -- data/rules/*.yaml: every example has its entry ------------------------------------------------

def test_every_example_in_the_rule_files_stands_under_its_entry():
    """R-c39f32 (the first cue of ``Result`` removed from modality.yaml) and every removal of the
    first entry of a block list: the entry goes, its example comments stay, now right under the
    list's key, where test_rule_examples.py does not look for examples -- so the example, and with
    it the entry, went unchecked.  Every example comment in the rule files (indented: the one at
    the head of parties.yaml's prose, column 0, is documentation) must be one the table-driven
    test reads as some entry's example (196 today)."""
    import test_rule_examples as rule_examples

    examples, _ = rule_examples._examples()
    read = {(e.file, e.line) for e in examples}
    written = set()
    for path in sorted((Path(__file__).parents[2] / "data" / "rules").glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if line[:1].isspace() and rule_examples.EXAMPLE.match(line):
                written.add((f"data/rules/{path.name}", number))
    assert sorted(written - read) == []
    assert len(read) >= 196


# -- commitments.py: who acts ------------------------------------------------------------------

def _read(text: str) -> list[tuple]:
    """(obligors, modality, beneficiaries, partners) of each commitment of ``text`` read as a clause
    of Zeeland's 2026 arrangement."""
    from ra_graph.core.model import Clause
    from ra_graph.core.namespaces import RAI
    from ra_graph.extract import gazetteer
    from ra_graph.extract.commitments import Context, read_clause

    clause = Clause(id="zeeland-2026/2.1/1", number="1", kind="Agreement", line=1, text=text, section="2.1")
    ctx = Context(gazetteer.load(), RAI + "provincie-zeeland", 2026)
    return [tuple(sorted(i.removeprefix(RAI) for i in ids) for ids in (c.obligors, [c.modality], c.beneficiaries,
                                                                       c.partners))
            for c in read_clause(clause, ctx)]


def test_the_provinces_heading_a_list_of_other_provinces_are_those_provinces():
    """C-82b861 (``a.iri == PROVINCE`` where "provincies" heads a list): in Zeeland's arrangement
    "De provincies Drenthe en Gelderland" as the subject are Drenthe and Gelderland, not Zeeland
    (with the named two as its partners); beside the Rijk they are the Rijk's partners, and
    Zeeland, not named, makes no commitment of its own."""
    assert _read("De provincies Drenthe en Gelderland werken samen aan de Nedersaksenlijn.") == [
        (["provincie-drenthe", "provincie-gelderland"], ["Effort"], [], [])]
    assert _read("Het Rijk en de provincies Drenthe en Gelderland werken samen aan de Nedersaksenlijn.") == [
        (["rijk"], ["Effort"], ["provincie-zeeland"], ["provincie-drenthe", "provincie-gelderland"])]


# -- metadata.py: who signs --------------------------------------------------------------------

GRONINGEN = "https://w3id.org/ra-graph/id/provincie-groningen"
RIJK = "https://w3id.org/ra-graph/id/rijk"


@pytest.mark.parametrize("indent, minister, gedeputeerde", [
    (37, "Minister van Volkshuisvesting en Ruimtelijke Ordening van de provincie Groningen",
     "Gedeputeerde Ruimtelijke Ordening"),
    (38, "Minister van Volkshuisvesting en Ruimtelijke Ordening",
     "Gedeputeerde Ruimtelijke Ordening van de provincie Groningen"),
    (39, "Minister van Volkshuisvesting en Ruimtelijke Ordening",
     "Gedeputeerde Ruimtelijke Ordening van de provincie Groningen"),
])
def test_a_line_of_the_signature_block_starting_where_the_second_column_starts_is_in_that_column(
        indent, minister, gedeputeerde):
    """C-d225ea (``start >= split``): in a two-column signature block (Groningen's: the roles, no
    names) the second column starts at character 38; a line of its own starting exactly there
    ("van de provincie Groningen") goes on the gedeputeerde's role, as one starting further right
    does, while one starting a character left of it is read as the first column's."""
    lines = ["1. Inleiding", "", "Rijk en provincie Groningen maken afspraken over de ruimte.", "",
             "2. Ondertekening door Rijk en provincie Groningen", "", "",
             "De Minister van Volkshuisvesting en   Gedeputeerde Ruimtelijke Ordening",
             "Ruimtelijke Ordening",
             " " * indent + "van de provincie Groningen", ""]
    assert lines[7].index("Gedeputeerde") == 38
    signed = find_signatories(lines, find_outline(lines, {}), GRONINGEN)
    assert [(s.role, s.party, s.name, s.line) for s in signed] == [(minister, RIJK, None, 5),
                                                                   (gedeputeerde, GRONINGEN, None, 5)]


# -- outline.py: chapters -----------------------------------------------------------------------

REPEATED = """1. Inleiding

Rijk en provincie Zeeland maken afspraken over de ruimte.

2. Afspraken

2.1 Water

Het Rijk versterkt de dijken bij Vlissingen.

2.2 Wonen

De provincie Zeeland bouwt woningen in Middelburg.

3. Overige aspecten

2.2 Wonen

Deze afspraken gelden tot 2027.

3.1 Looptijd

Het arrangement loopt tot de zomer van 2027."""


def test_the_last_sections_number_repeated_after_a_chapter_heading_does_not_undo_the_chapter():
    """C-5c2d70 (``minor > last_section`` in ``_ahead``): a chapter heading ("3. Overige aspecten")
    is doubted only when its predecessor's sections go on after it -- a section beyond the last one
    (2.3 after 2.2).  The last section's own heading repeated under it ("2.2 Wonen", as a page's
    running header may) is no such section: chapter 3 stays a chapter, with its section 3.1."""
    headings = find_outline(REPEATED.split("\n"), {}).headings
    assert [(h.level, h.number, h.title, h.line) for h in headings] == [
        (1, "1", "Inleiding", 1), (1, "2", "Afspraken", 5), (2, "2.1", "Water", 7), (2, "2.2", "Wonen", 11),
        (1, "3", "Overige aspecten", 15), (2, "3.1", "Looptijd", 21)]


def test_a_section_heading_repeated_is_no_second_section():
    """C-5eda1d (``last_section < minor`` in ``find_outline``): a section heading follows the last
    one (2.3 after 2.2, or 2.4: one may be missing); the same number again ("2.2 Wonen" repeated
    further down, as a page's running header may) is text of section 2.2, not a second 2.2."""
    text = REPEATED.replace("3. Overige aspecten\n\n2.2 Wonen\n\nDeze afspraken gelden tot 2027.",
                            "2.2 Wonen\n\nDe provincie Zeeland bouwt ook woningen in Goes.\n\n3. Overige aspecten")
    headings = find_outline(text.split("\n"), {}).headings
    assert [(h.level, h.number, h.title, h.line) for h in headings] == [
        (1, "1", "Inleiding", 1), (1, "2", "Afspraken", 5), (2, "2.1", "Water", 7), (2, "2.2", "Wonen", 11),
        (1, "3", "Overige aspecten", 19), (2, "3.1", "Looptijd", 21)]


def test_a_numbered_sentence_that_starts_no_list_does_not_make_the_next_chapter_doubtful():
    """C-5d947b (``number == item_run + 1 or number == 1``): a run of numbered items is followed
    from "1." (or the next number); a lone "2. De provincie ..." in chapter 2 starts no run, so
    "3. Overige aspecten" after it is a chapter without doubt -- not "also item 3 of the list
    above it"."""
    text = ("1. Inleiding\n\nRijk en provincie Zeeland maken afspraken over de ruimte.\n\n2. Afspraken\n\n"
            "Het Rijk versterkt de dijken bij Vlissingen.\n\n2. De provincie Zeeland past de "
            "omgevingsverordening aan, zoals in de vorige paragraaf staat beschreven en toegelicht.\n\n"
            "3. Overige aspecten\n\nDeze afspraken gelden tot 2027.")
    headings = find_outline(text.split("\n"), {}).headings
    assert [(h.level, h.number, h.title, h.line, h.doubt) for h in headings] == [
        (1, "1", "Inleiding", 1, None), (1, "2", "Afspraken", 5, None), (1, "3", "Overige aspecten", 11, None)]


@pytest.mark.parametrize("ending", ["", "\n"], ids=["no final newline", "final newline"])
def test_a_wrapped_chapter_heading_may_end_the_text(ending):
    """C-ce6f30 (``index + 2 >= len(lines)`` in ``_wrapped_title``): a chapter heading too long for
    one line goes on on the next; when that next line is the text's last (no line after it to be
    blank), the heading is read whole, lines 5-6, rather than the reading failing."""
    text = ("1. Inleiding\n\nRijk en provincie Overijssel maken afspraken over de ruimte.\n\n"
            "2. Landbouw, natuur, water en bodem in samenhang met de stikstofopgave\nNoordwest-Overijssel" + ending)
    headings = find_outline(text.split("\n"), {}).headings
    assert [(h.number, h.title, h.line, h.end_line) for h in headings] == [
        ("1", "Inleiding", 1, 1),
        ("2", "Landbouw, natuur, water en bodem in samenhang met de stikstofopgave Noordwest-Overijssel", 5, 6)]


# -- segment.py: units --------------------------------------------------------------------------

PROSE = "Rijk en provincie werken samen aan een klimaatbestendige inrichting van het gebied."


@pytest.mark.parametrize("title, heading", [
    ("Klimaatadaptatie, waterveiligheid en zoetwatervoorziening in Drenthe", True),  # 68 characters
    ("Klimaatadaptatie, waterveiligheid en zoetwatervoorziening in Groningen", True),  # 70
    ("Klimaatadaptatie, waterveiligheid en zoetwatervoorziening in Gelderland", False),  # 71
])
def test_a_title_of_up_to_seventy_characters_directly_above_prose_is_a_sub_heading(title, heading):
    """N-dc174f (``TITLE_MAX_CHARS = 70``): a title line of six words directly followed by prose in
    capitals is an (unlisted) sub-heading when it has at most 70 characters; with 71 it is the
    first line of the paragraph."""
    assert len(title) == {"Drenthe": 68, "Groningen": 70, "Gelderland": 71}[title.rsplit(" ", 1)[1]]
    units = split_units([(10, title), (11, PROSE)], {})
    kinds = [(u.kind, u.line, u.lines) for u in units]
    assert kinds == ([("heading", 10, [10]), ("prose", 11, [11])] if heading else [("prose", 10, [10, 11])])


@pytest.mark.parametrize("last, skipped", [(6, "3, 4, 5"), (7, "3, 4, 5, 6"), (8, "3 to 7")])
def test_a_gap_of_up_to_four_numbers_lists_them_and_a_longer_one_names_the_range(last, skipped):
    """C-1641b9 (``num[0] - last[0] > GAP_LISTED``): items 1, 2 and then ``last`` are clauses 1, 2
    and ``last``, and the gap is reported on its line: up to four missing numbers one by one (2
    then 7: "3, 4, 5, 6"), more as a range (2 then 8: "3 to 7")."""
    from ra_graph.extract.segment import segment_section

    text = ("Afspraken:\n\n1. Het Rijk versterkt de dijken bij Vlissingen.\n\n"
            "2. De provincie Zeeland past de omgevingsverordening aan.\n\n"
            f"{last}. Het Rijk onderzoekt de zandsuppleties.")
    result = segment_section("zeeland-2026", "2.1", split_units(list(enumerate(text.split("\n"), start=10)), {}))
    assert [(c.number, c.line) for c in result.clauses] == [("1", 12), ("2", 14), (str(last), 16)]
    assert [(p.line, p.reason) for p in result.problems] == [(16, f"numbering skips {skipped} before item {last}")]


def test_each_paragraph_between_two_items_is_reported_once():
    """C-652b9f (``unit.kind == "item"`` clearing the paragraphs between items): a list that goes on
    after a paragraph (items 1, 2, 3 with a remark after 1 and after 2) reports each remark once,
    on its line, as the list resumes -- not the first one again when the list resumes a second
    time."""
    from ra_graph.extract.segment import RESUMED, segment_section

    text = ("Afspraken:\n\n1. Het Rijk versterkt de dijken bij Vlissingen.\n\nEen losse opmerking over de dijken."
            "\n\n2. De provincie Zeeland past de omgevingsverordening aan.\n\nNog een opmerking over de kust.\n\n"
            "3. Het Rijk onderzoekt de zandsuppleties.")
    result = segment_section("zeeland-2026", "2.1", split_units(list(enumerate(text.split("\n"), start=10)), {}))
    assert [(c.number, c.line) for c in result.clauses] == [("1", 12), ("2", 16), ("3", 20)]
    assert [(p.line, p.reason) for p in result.problems] == [(14, RESUMED), (18, RESUMED)]


def test_a_numbered_title_without_items_before_the_sections_last_item_is_reported():
    """C-efec4c (``self.index + 2 < len(self.units)``): "2. Natuur", a title naming no party, is
    followed by the section's last unit, item 3.1 -- its own items are missing: it is reported on
    its line as a sub-heading without items, and 3.1 is still read (the look two units ahead finds
    the end of the section, not an error)."""
    from ra_graph.extract.segment import EMPTY_SUB_HEADING, segment_section

    text = ("Afspraken:\n\n1. Water\n\n1.1 Het Rijk versterkt de dijken bij Vlissingen.\n\n"
            "1.2 De provincie Zeeland past de omgevingsverordening aan.\n\n2. Natuur\n\n"
            "3.1 Het Rijk onderzoekt de zandsuppleties.")
    result = segment_section("zeeland-2026", "2.1", split_units(list(enumerate(text.split("\n"), start=10)), {}))
    assert [(c.number, c.line) for c in result.clauses] == [("1.1", 14), ("1.2", 16), ("3.1", 20)]
    assert [(p.line, p.reason) for p in result.problems] == [(18, EMPTY_SUB_HEADING)]


def test_the_title_page_is_at_most_sixty_lines():
    """N-1af2ea (``TITLE_PAGE_LINES = 60``): without a first chapter or a second page to end it, the
    title page (where ``add`` looks for the province and the year) is the text's first 60 lines."""
    from ra_graph.extract.documents.titlepage import title_page

    lines = [f"Ruimtelijk Arrangement Rijk - provincie Zeeland, regel {n}" for n in range(1, 71)]
    assert title_page(lines, None) == lines[:60]
    assert title_page(lines[:59], None) == lines[:59]


PAGE_AT_CHAPTER_END = """Ruimtelijk Arrangement Rijk - provincie Zeeland

1. Inleiding

1.1 Aanleiding
Het Rijk en de provincie Zeeland maken afspraken.

2. De afspraken

2.1 Water

Afspraken:

Het Rijk levert in 2027 de kaarten van de kust.

7
3. Overige aspecten

3.1 Looptijd afspraken
De afspraken gelden tot het overleg van juni 2027.
"""


def test_a_page_number_on_the_last_line_of_the_agreements_chapter_is_an_artefact(tmp_path):
    """C-3cc36f (``first <= n <= last`` in ``coverage.account``): the page number "7" on the last
    line of the agreements chapter (line 16, right above "3. Overige aspecten") is a page number,
    not text no rule read."""
    from ra_graph.extract.structure import parse_arrangement

    path = tmp_path / "ra-zeeland-2026.txt"
    path.write_text(PAGE_AT_CHAPTER_END, encoding="utf-8")
    arrangement = parse_arrangement(path)
    assert [(c.number, c.line) for c in arrangement.clauses] == [("1", 14)]
    assert (arrangement.coverage[16], arrangement.unaccounted) == ("page number", [])


# -- curate.py: where an entry ends ----------------------------------------------------------

HEAD = "arrangement: drenthe-2025\nclauses:\n"
WONEN = ('  drenthe-2025/3.3/9:\n'
         '    note: "Regel 412: de provincie zegt toe de woningbouwafspraken te monitoren."\n'
         '    commitments:\n'
         '      - obligors: [provincie Drenthe]\n'
         '        modality: Effort\n')
WATER = ('  drenthe-2025/3.4/2:\n'
         '    note: "Regel 455: een beschrijving van het watersysteem, geen afspraak."\n'
         '    not_a_clause: true\n')
WONEN_BODY = ['#    note: "Regel 412: de provincie zegt toe de woningbouwafspraken te monitoren."',
              '#    commitments:',
              '#      - obligors: [provincie Drenthe]',
              '#        modality: Effort']


def _load(tmp_path: Path, text: str) -> curate.Overlay:
    path = tmp_path / "drenthe-2025.yaml"
    path.write_text(text, encoding="utf-8")
    return curate.load(path)


def _carried(overlay: curate.Overlay, clause: str) -> list[str]:
    """The lines the skeleton of drenthe-2026 shows under a clause revised from ``clause``
    (the first one says where they come from)."""
    source = carry.Source(overlay, overlay.entries[clause], clause)
    return review._earlier_entry(source, True)[1:]


def test_an_entry_followed_by_another_ends_on_its_own_last_line(tmp_path):
    """N-ac9efd (``end.column == 0``): an entry's YAML mapping ends where the next key begins
    (line 8, column 2); its last line is line 7, and the skeleton copies lines 4-7, not the next
    clause's key (which, uncommented, would add an empty entry for another clause)."""
    overlay = _load(tmp_path, HEAD + WONEN + WATER)
    wonen, water = overlay.entries["drenthe-2025/3.3/9"], overlay.entries["drenthe-2025/3.4/2"]
    assert (wonen.line, wonen.end_line, water.line, water.end_line) == (3, 7, 8, 10)
    assert _carried(overlay, "drenthe-2025/3.3/9") == WONEN_BODY


@pytest.mark.parametrize("tail", ["\n", ""], ids=["final newline", "no final newline"])
def test_the_last_entry_ends_on_the_last_line_with_or_without_a_final_newline(tmp_path, tail):
    """N-ac9efd: the file's last entry ends at the start of the empty line after the final
    newline (column 0: the line before is its last) or, without one, after its last character
    (column 44 of line 10: that line is its last); both give line 10."""
    overlay = _load(tmp_path, HEAD + WONEN + WATER.removesuffix("\n") + tail)
    assert overlay.entries["drenthe-2025/3.4/2"].end_line == 10
    assert _carried(overlay, "drenthe-2025/3.4/2") == [
        '#    note: "Regel 455: een beschrijving van het watersysteem, geen afspraak."',
        "#    not_a_clause: true"]


def test_an_entry_before_a_top_level_key_does_not_take_that_key(tmp_path):
    """N-ac9efd (``end.column == 0``): with ``clauses:`` before ``arrangement:``, the last entry's
    mapping ends at column 0 of the ``arrangement:`` line (7): its last line is 6, and the skeleton
    does not copy the file's ``arrangement:`` under the clause."""
    overlay = _load(tmp_path, "clauses:\n" + WONEN + "arrangement: drenthe-2025\n")
    assert overlay.entries["drenthe-2025/3.3/9"].end_line == 6
    assert _carried(overlay, "drenthe-2025/3.3/9") == WONEN_BODY


def test_commented_skeleton_entries_between_two_entries_stay_out(tmp_path):
    """A curation file filled in from a skeleton keeps the commented drafts of the clauses that
    needed no correction; those between two entries belong to neither, and the skeleton of the
    next version does not copy them under the first."""
    drafts = ('\n#  drenthe-2025/3.3/10:   # line 418, numbered: De provincie ...\n'
              '#    note: ""\n#    commitments:\n#      - obligors: [provincie Drenthe]\n\n')
    overlay = _load(tmp_path, HEAD + WONEN + drafts + WATER)
    assert overlay.entries["drenthe-2025/3.3/9"].end_line == 7
    assert overlay.entries["drenthe-2025/3.4/2"].line == 14
    assert _carried(overlay, "drenthe-2025/3.3/9") == WONEN_BODY


def test_a_block_note_whose_last_line_starts_with_a_hash_keeps_it(tmp_path):
    """The lines left out after an entry are blank or comments, but never a line of its last
    value: a literal note whose last line begins with '#' (a heading cited from the text) right
    before the next key is the entry's last line (7), kept by the skeleton."""
    note = ('  drenthe-2025/3.3/9:\n'
            '    not_a_clause: true\n'
            '    note: |\n'
            '      Regel 410 is de kop van de paragraaf:\n'
            '      # 3.3 Wonen\n')
    overlay = _load(tmp_path, HEAD + note + WATER)
    assert overlay.entries["drenthe-2025/3.3/9"].end_line == 7
    assert _carried(overlay, "drenthe-2025/3.3/9") == [
        "#    not_a_clause: true", "#    note: |", "#      Regel 410 is de kop van de paragraaf:",
        "#      # 3.3 Wonen"]


# -- the skeleton: a clause's excerpt -----------------------------------------------------------

def test_the_skeleton_quotes_a_clause_of_110_characters_whole_and_cuts_a_longer_one():
    """N-c55ca6 (``len(excerpt) <= 110``): ``extract --skeleton`` heads each clause with its text,
    whole up to 110 characters, a longer one cut to 107 and "..."."""
    from ra_graph.core.model import Arrangement, Clause

    whole = ("De provincie Drenthe stelt in 2026 een programma op voor de woningbouw in Assen, Emmen, "
             "Hoogeveen en Tynaarlo.")
    longer = whole.replace("Tynaarlo", "Zuidwolde")
    assert (len(whole), len(longer)) == (110, 111)
    arrangement = Arrangement("drenthe", "drenthe-2025", "Ruimtelijk Arrangement Drenthe", RAI_DRENTHE, 2025,
                              "ra-drenthe-2025.txt", "0" * 64,
                              clauses=[Clause(id="drenthe-2025/3.3/1", number="1", kind="Agreement", line=340,
                                              text=whole, section="3.3"),
                                       Clause(id="drenthe-2025/3.3/2", number="2", kind="Agreement", line=344,
                                              text=longer, section="3.3")])
    heads = [line for line in review.make_skeleton(arrangement, {}).split("\n") if line.startswith("#  drenthe")]
    assert heads == [f"#  drenthe-2025/3.3/1:   # line 340, Agreement: {whole}",
                     f"#  drenthe-2025/3.3/2:   # line 344, Agreement: {longer[:107]}..."]


RAI_DRENTHE = "https://w3id.org/ra-graph/id/provincie-drenthe"


@pytest.mark.parametrize("size, problem", [(200_000_000, "empty"), (200_000_001, "too large")])
def test_a_document_of_200_mb_is_read_and_one_byte_more_refused(tmp_path, monkeypatch, size, problem):
    """N-f1c13c (``MAX_BYTES = 200_000_000``): ``ra-graph add`` reads a document of up to
    200,000,000 bytes; one byte more is refused, by its size, before a byte is read.  The file is
    sparse and its reading is stubbed (it gives nothing: "empty"), so the test holds neither disk
    nor memory."""
    from ra_graph.core.errors import RaGraphError
    from ra_graph.extract.documents import add

    document = tmp_path / "ra-drenthe-2026.txt"
    with open(document, "wb") as out:
        out.truncate(size)
    monkeypatch.setattr(add, "read_bytes", lambda file, what: b"")
    with pytest.raises(RaGraphError) as caught:
        add.read_document(document)
    assert (problem in str(caught.value)) is True, str(caught.value)
    if problem == "too large":
        assert str(caught.value) == f"{document}: too large for an arrangement: {size} bytes"
