"""The running header repeated on the text's last line, directly under a line of text, is the
header of the last page (the end of the text stands for the blank after it); between two lines of
text it is text.  C-d2df4c (``i + 1 >= n``)."""

from __future__ import annotations

from ra_graph.extract.text import artefact_lines

PAGES = ["Tekst van pagina een.", "", "Ruimtelijk Arrangement Zeeland", "1", "", "Tekst van pagina twee.",
         "Ruimtelijk Arrangement Zeeland"]


def test_the_running_header_on_the_last_line_is_an_artefact():
    assert artefact_lines(PAGES) == {3: "running header", 4: "page number", 7: "running header"}


def test_the_same_words_between_two_lines_of_text_are_text():
    assert artefact_lines([*PAGES, "De provincie werkt mee."]) == {3: "running header", 4: "page number"}
