"""Edges of reading a published document: its pages, title page and list glyphs, the coverage
accounting and the programme names under a shared adjective.

Each test names the mutant(s) of ``tools/mutants.py --systematic`` it holds and the fact a user
would see change, at the boundary (at it, and just inside and outside it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ra_graph.core.namespaces import RAI
from ra_graph.extract import gazetteer
from ra_graph.extract.documents import numbering
from ra_graph.extract.documents.model import Page
from ra_graph.extract.documents.pdf import _printed_number
from ra_graph.extract.documents.titlepage import identify, title_page
from ra_graph.extract.structure import parse_arrangement

# -- pdf.py: the printed page number at a page's foot ------------------------------------------


@pytest.mark.parametrize("notes, expected", [
    (["1 Kamerbrief over de kustverdediging."], 12),
    (["1 Kamerbrief over de kustverdediging.", "2 Zie de bijlage bij deze brief."], 12),
    # the number is the 4th non-blank line from the foot: the last line that may hold it
    (["1 Kamerbrief over de kustverdediging.", "2 Zie de bijlage bij deze brief.", "3 Nota Ruimte, 2024."], 12),
    # the 5th from the foot: body text, not the page number
    (["1 Kamerbrief over de kustverdediging.", "2 Zie de bijlage bij deze brief.", "3 Nota Ruimte, 2024.",
      "4 Deltaprogramma 2025."], None),
])
def test_the_printed_page_number_is_found_up_to_four_lines_from_the_foot(notes, expected):
    """N-69a29c (``FOOT_LINES = 4``): a page whose footnotes stand below its printed number
    ("12", then three footnote lines) is still cited as page 12; a number five lines up is not
    taken for the page number (the page falls back to its PDF label)."""
    text = "\n".join(["De provincie Zeeland versterkt de dijken.", "12", *notes, ""])
    assert _printed_number(text) == expected


# -- titlepage.py: province and year from the first page ---------------------------------------

LINES = ["Ruimtelijk Arrangement Rijk - provincie Zeeland", "", "juni 2026", "", "1. Inleiding", "",
         "In 2025 en 2027 spreken Rijk en provincie Zeeland en provincie Noord-Brabant elkaar."]


def test_a_one_page_document_has_its_title_page_up_to_the_first_chapter():
    """C-58eb58 (``len(pages) > 1``): a published document of ONE page has no second page to end
    its title page; the title page runs to the first chapter, and province and year come from it.
    (Reading ``pages[1]`` of a one-page document would crash ``ra-graph add``.)"""
    pages = [Page(number=1, line=1)]
    assert title_page(LINES, pages) == LINES[:4]
    province, year = identify(LINES, pages, "arrangement.pdf")
    assert (province.key, year) == ("zeeland", 2026)


def test_a_second_page_ends_the_title_page():
    """C-58eb58, the other side: with two pages, the second page's first line ends the title page
    (here before the first chapter does)."""
    assert title_page(LINES, [Page(1, 1), Page(2, 3)]) == LINES[:2]


# -- numbering.py: a bullet in a Symbol font -------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _bullets(*glyphs: str) -> list[str | None]:
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                     f'<w:lvlText w:val="{glyph}"/></w:lvl>' for i, glyph in enumerate(glyphs))
    xml = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>'
           f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>').encode()
    resolver = numbering.Resolver(numbering.parse(xml))
    return [resolver.paragraph("1", i) for i in range(len(glyphs))]


def test_symbol_font_glyphs_up_to_and_including_u_f0ff_are_a_plain_bullet():
    """C-0c6b4b (``ord(ch) <= 0xF0FF``): Word's Symbol/Wingdings bullets are private-use glyphs
    U+F000..U+F0FF, which no reader can show; every one of them, the last (U+F0FF) included, is
    read as "•".  Just outside the range (U+EFFF, U+F100) a glyph is kept as it is."""
    assert _bullets("\uf000", "\uf0ff", "\uefff", "\uf100") == ["•", "•", "\uefff", "\uf100"]


# -- coverage.py: commitment wording outside the agreements chapter -------------------------------

TEXT = """Ruimtelijk Arrangement Rijk - provincie Zeeland

1. Inleiding

1.1 Aanleiding
De provincie Zeeland en het Rijk maken afspraken over de kust.
De provincie Zeeland stelt in 2027 een nieuwe kustvisie vast.
2. De afspraken

2.1 Water

1. Rijk en provincie Zeeland werken samen aan de dijken.

2. De provincie Zeeland maakt een plan voor de kust.
"""


def test_commitment_wording_on_the_last_line_before_the_next_chapter_is_warned_about(tmp_path: Path):
    """C-a9d2bd (``n <= last``): a sentence that reads as a commitment ("De provincie Zeeland
    stelt in 2027 een nieuwe kustvisie vast.") on the LAST line of the introduction -- the next
    chapter's heading right below it, no blank line between -- is unaccounted and warned about,
    as it is anywhere else outside the agreements chapter; the line before it is context."""
    path = tmp_path / "ra-zeeland-2026.txt"
    path.write_text(TEXT, encoding="utf-8")
    arrangement = parse_arrangement(path)
    assert [(c.id, c.line) for c in arrangement.clauses] == [("zeeland-2026/2.1/1", 12), ("zeeland-2026/2.1/2", 14)]
    assert {n: arrangement.coverage[n] for n in (6, 7, 8)} == {6: "context", 7: "unaccounted", 8: "heading"}
    assert [(u.line, u.section, u.reason, u.text) for u in arrangement.unaccounted] == [
        (7, "1.1", "commitment wording outside the agreements chapter (not read as a clause)",
         "De provincie Zeeland stelt in 2027 een nieuwe kustvisie vast.")]


# -- gazetteer.py: an adjective shared by a list of generic names --------------------------------


def test_the_adjective_of_a_two_word_generic_name_is_shared_by_the_list_after_it():
    """N-50fd92 (``len(words) == 2``): "provinciale" is the first word of the two-word generic
    names ("provinciale omgevingsvisie", "provinciale energievisie", ...), so in "de provinciale
    omgevingsvisies, energievisies en omgevingsverordening" every word of the list is a programme;
    taking adjectives from one-word names would find the first one only."""
    text = "De provincie actualiseert de provinciale omgevingsvisies, energievisies en omgevingsverordening in 2027."
    found = [(m.surface, m.iri.removeprefix(RAI)) for m in gazetteer.load().find(text, "programme")]
    assert found == [("provinciale omgevingsvisies", "provinciale-omgevingsvisie"),
                     ("energievisies", "provinciale-energievisie"),
                     ("omgevingsverordening", "provinciale-omgevingsverordening")]
