"""The Word reader on a hand-built .docx: what each construct becomes in the text.

A heading numbered through its style, items through ``w:numPr``, a manual
line break, a footnote, a table (a signature block), a forced page break
and one Word recorded: each is written here as Word writes it, and the
expected lines are the layout of the PDF path.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ra_graph.extract.documents.docx import read_docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NUMBERING = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
             '</w:abstractNum><w:abstractNum w:abstractNumId="1">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
             '</w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
STYLES = (f'<w:styles {W}><w:style w:type="paragraph" w:styleId="Kop1"><w:pPr><w:numPr><w:numId w:val="1"/>'
          '</w:numPr></w:pPr></w:style></w:styles>')
FOOTNOTES = (f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="5"><w:p><w:r><w:t>Kamerbrief van 25 november 2022.</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>')


def p(text: str, *, style: str | None = None, num: tuple[str, int] | None = None, runs: str = "") -> str:
    ppr = ""
    if style or num:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "")
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{runs}</w:p>'


BODY = "".join([
    p("Ruimtelijk Arrangement Rijk - provincie Zeeland"),
    p(""),
    p("Inhoudelijke afspraken", style="Kop1"),
    p("Het Rijk en de provincie werken samen aan water en bodem sturend",
      num=("1", 1), runs='<w:r><w:footnoteReference w:id="5"/></w:r>'
                        '<w:r><w:t xml:space="preserve"> in de omgevingsvisie.</w:t></w:r>'),
    p("De provincie stelt een programma vast.", num=("1", 1),
      runs='<w:r><w:br/><w:t>Het Rijk toetst het.</w:t></w:r>'),
    p("een punt van de agenda", num=("2", 0)),
    p("Looptijd", style="Kop1",
      runs='<w:r><w:br w:type="page"/></w:r>'),
    p("Dit geldt tot juni 2027.", runs=""),
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>M. Keijzer</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:p><w:r><w:t>Gedeputeerde</w:t></w:r></w:p><w:p><w:r><w:t>J. Jansen</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
    p("Slot", runs='<w:r><w:lastRenderedPageBreak/><w:t xml:space="preserve"> van het arrangement.</w:t></w:r>'),
])


def docx(body: str = BODY, **parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
        for name, xml in parts.items():
            archive.writestr(f"word/{name}.xml", xml)
    return buffer.getvalue()


def test_each_construct_in_the_layout_of_the_pdf_path():
    document = read_docx(Path("a.docx"), docx(numbering=NUMBERING, styles=STYLES, footnotes=FOOTNOTES))
    assert document.lines == [
        "Ruimtelijk Arrangement Rijk - provincie Zeeland ",
        " ",
        " ",
        "1. Inhoudelijke afspraken ",
        " ",
        "1.1 Het Rijk en de provincie werken samen aan water en bodem sturend1 in de omgevingsvisie. ",
        " ",
        "¹ Kamerbrief van 25 november 2022. ",
        " ",
        "1.2 De provincie stelt een programma vast. ",
        "Het Rijk toetst het. ",
        " ",
        "• een punt van de agenda ",
        " ",
        "2. Looptijd ",
        " ",
        "Dit geldt tot juni 2027. ",
        " ",
        "M. Keijzer   Gedeputeerde J. Jansen ",
        " ",
        "Slot ",
        "van het arrangement. ",
    ]
    assert document.format == "docx" and document.extractor.startswith("ra-graph docx reader (lxml ")
    # the forced break after "Looptijd" starts page 2; the break Word recorded inside "Slot" page 3
    assert [(page.number, page.line) for page in document.pages] == [(1, 1), (2, 16), (3, 22)]


def test_long_paragraphs_wrap_at_95_characters_on_spaces():
    words = " ".join(["zoetwaterbeschikbaarheid"] * 12)
    document = read_docx(Path("a.docx"), docx(p(words)))
    assert [len(line) for line in document.lines] == [len(" ".join(["zoetwaterbeschikbaarheid"] * 3)) + 1] * 4
    assert all(line.endswith(" ") for line in document.lines) and document.pages is None


def test_a_document_without_numbering_parts_has_no_labels():
    document = read_docx(Path("a.docx"), docx(p("Kop", style="Kop1") + p("Tekst.", num=("1", 0))))
    assert document.lines == ["Kop ", " ", "Tekst. "]
