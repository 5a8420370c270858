"""A Word document (.docx) -> lines in the layout of the PDF path.

A .docx is a ZIP archive of XML parts; the text is in ``word/document.xml``,
list numbers in ``word/numbering.xml`` and ``word/styles.xml`` (resolved by
``numbering.py``), footnotes in ``word/footnotes.xml``.  Each paragraph
becomes its list label and text, laid out by ``layout.py`` as pypdf lays out
the PDF Word exports: so a steward may give either file and get the same
clauses.  A footnote's reference stays glued to its word as digits (as in
the PDF: "sturend1"); its text follows the paragraph, marked with a
superscript number, which the extractor reads as a footnote.

Pages: Word records where it last broke the pages
(``w:lastRenderedPageBreak``) and where the author forced a break; when the
document holds either, every line gets its page, else no page is claimed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ra_graph.core.errors import RaGraphError
from ra_graph.extract.documents import layout, numbering
from ra_graph.extract.documents.model import Document, Page

NS = numbering.NS
MAX_PART_BYTES = 50_000_000  # an XML part larger than this is no arrangement (or a ZIP bomb)
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PAGE_BREAK = "\x0c"  # inside a paragraph's text while it is read; never written out


def _tag(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _part(archive: zipfile.ZipFile, name: str, path: Path) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise RaGraphError(f"corrupt Word document: part {name} is {info.file_size} bytes", file=path)
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise RaGraphError(f"corrupt or truncated Word document ({name}: {exc})", file=path) from None


def _xml(data: bytes, name: str, path: Path):
    try:
        return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                             huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise RaGraphError(f"corrupt Word document: {name} is not well-formed XML ({exc.msg})", file=path) from None


class _Reader:
    def __init__(self, path: Path, defs: numbering.Definitions, footnotes: dict[str, str],
                 first_footnote: int = 1):
        self.path = path
        self.resolver = numbering.Resolver(defs)
        self.footnote_text = footnotes
        self.first_footnote = first_footnote  # w:footnotePr/w:numStart: Word may number from 2, as the PDF shows
        self.footnote_numbers: dict[str, int] = {}
        self.paragraphs: list[tuple[str, list[str]]] = []  # (text with page-break marks, footnotes after it)
        self.has_pages = False

    def body(self, element) -> None:
        for child in element:
            tag = _tag(child)
            if tag == "p":
                self.paragraph(child)
            elif tag == "tbl":
                self.table(child)
            elif tag in ("sdt", "sdtContent", "customXml"):
                self.body(child)

    def table(self, table) -> None:
        """A table row as one line, its cells three spaces apart (a signature block's columns)."""
        for row in table.iter(f"{{{numbering.W}}}tr"):
            cells = []
            for cell in row.findall("w:tc", NS):
                cells.append(" ".join(" ".join(self.runs(p)[0].split()) for p in cell.findall(".//w:p", NS)
                                      if self.runs(p)[0].strip()))
            if any(cells):
                self.paragraphs.append(("   ".join(c for c in cells), []))

    def runs(self, paragraph) -> tuple[str, list[str]]:
        """The paragraph's text (page breaks as PAGE_BREAK) and the footnotes it refers to."""
        text, notes = "", []
        for element in paragraph.iter():
            tag = _tag(element)
            if tag == "t" and element.text:
                text += element.text
            elif tag in ("tab", "ptab"):
                text += " "
            elif tag == "br":
                if element.get(f"{{{numbering.W}}}type") == "page":
                    text += PAGE_BREAK
                    self.has_pages = True
                else:
                    text += "\n"
            elif tag == "cr":
                text += "\n"
            elif tag == "lastRenderedPageBreak":
                text += PAGE_BREAK
                self.has_pages = True
            elif tag == "noBreakHyphen":
                text += "-"
            elif tag == "footnoteReference":
                note = element.get(f"{{{numbering.W}}}id")
                number = self.footnote_numbers.setdefault(note, len(self.footnote_numbers) + self.first_footnote)
                text += str(number)
                if note in self.footnote_text:
                    notes.append(str(number).translate(SUPERSCRIPT) + " " + self.footnote_text[note])
        return text, notes

    def paragraph(self, paragraph) -> None:
        text, notes = self.runs(paragraph)
        ppr = paragraph.find("w:pPr", NS)
        style = numbering._val(ppr, "pStyle")
        numpr = ppr.find("w:numPr", NS) if ppr is not None else None
        num_id = numbering._val(numpr, "numId") if numpr is not None else None
        ilvl = numbering._val(numpr, "ilvl") if numpr is not None else None
        if text.replace(PAGE_BREAK, "").strip():
            label = self.resolver.paragraph(num_id, int(ilvl) if ilvl is not None else None, style)
            if label:
                lead = len(text) - len(text.lstrip(PAGE_BREAK))
                text = text[:lead] + label + " " + text[lead:].lstrip()
        self.paragraphs.append((text, notes))
        for note in notes:
            self.paragraphs.append((note, []))
        if ppr is not None and ppr.find("w:sectPr", NS) is not None:  # a section break: a new page
            self.paragraphs.append((PAGE_BREAK, []))
            self.has_pages = True

    def lines(self) -> tuple[list[str], list[Page] | None]:
        """Laid-out lines and, when the document records pages, the first line of each."""
        lines: list[str] = []
        starts = [1]  # first line of each page
        for index, (text, _) in enumerate(self.paragraphs):
            if index and lines:
                lines.append(layout.BLANK)
            parts = text.split(PAGE_BREAK)
            for number, part in enumerate(parts):
                if number:
                    starts.append(len(lines) + 1)
                for piece in part.split("\n"):
                    if piece.strip():
                        lines.extend(layout.wrap(piece))
        while lines and not lines[-1].strip():
            lines.pop()
        if not self.has_pages:
            return lines, None
        by_line: dict[int, int] = {}  # an empty page: the next one starts on the same line
        for number, first in enumerate(starts, start=1):
            by_line[max(1, min(first, len(lines)))] = number
        pages = [Page(number=number, line=line) for line, number in sorted(by_line.items())]
        return lines, pages


def _first_footnote(document, settings) -> int:
    """The number Word gives the first footnote (``w:footnotePr/w:numStart``; the section's setting
    wins over the document's), so that a marker reads as the PDF of the same document shows it."""
    for root, where in ((document, "w:body/w:sectPr/w:footnotePr/w:numStart"),
                        (settings, "w:footnotePr/w:numStart")):
        found = None if root is None else root.find(where, NS)
        value = None if found is None else found.get(f"{{{numbering.W}}}val", "")
        if value and value.isdigit() and int(value) >= 1:
            return int(value)
    return 1


def _footnotes(data: bytes | None, path: Path) -> dict[str, str]:
    if not data:
        return {}
    root = _xml(data, "word/footnotes.xml", path)
    notes = {}
    for note in root.findall("w:footnote", NS):
        if note.get(f"{{{numbering.W}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in p.iter(f"{{{numbering.W}}}t")) for p in note.findall(".//w:p", NS))
        notes[note.get(f"{{{numbering.W}}}id")] = " ".join(text.split())
    return notes


def read_docx(path: Path, data: bytes) -> Document:
    """The lines (and pages, where Word recorded them) of a .docx; RaGraphError for a bad file."""
    import io

    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise RaGraphError("encrypted (password-protected) or old-format (.doc) Word document:"
                           " save it as an unprotected .docx", file=path)
    if data[:2] != b"PK":
        raise RaGraphError("not a Word document: a .docx is a ZIP archive, this file is not one", file=path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise RaGraphError(f"corrupt or truncated Word document ({exc})", file=path) from None
    with archive:
        document = _part(archive, "word/document.xml", path)
        if document is None:
            raise RaGraphError("not a Word document: the archive has no word/document.xml", file=path)
        defs = numbering.parse(_part(archive, "word/numbering.xml", path), _part(archive, "word/styles.xml", path))
        root = _xml(document, "word/document.xml", path)
        settings = _part(archive, "word/settings.xml", path)
        first = _first_footnote(root, None if settings is None else _xml(settings, "word/settings.xml", path))
        reader = _Reader(path, defs, _footnotes(_part(archive, "word/footnotes.xml", path), path), first)
    body = root.find("w:body", NS)
    if body is None:
        raise RaGraphError("corrupt Word document: word/document.xml has no body", file=path)
    reader.body(body)
    lines, pages = reader.lines()
    if not any(line.strip() for line in lines):
        raise RaGraphError("the Word document holds no text", file=path)
    return Document(lines=lines, pages=pages, format="docx",
                    extractor=f"ra-graph docx reader (lxml {etree.__version__})")


__all__ = ["read_docx"]
