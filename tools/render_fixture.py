"""Render an arrangement text in the house style as a PDF and as a Word document.

The published arrangements are Word documents exported to PDF.  To test
``ra-graph add`` without them, a text in the layout of ``data/sources``
(lines as pypdf extracts them, with page numbers, running headers and
footnotes among them) is rendered back into both forms:

- **PDF** (reportlab): A4, the running header at the top of every page but
  the first, the page number at the foot, footnotes at the foot of the page
  that refers to them (the marker raised, glued to its word), the text's
  own line breaks as the wrapped lines.  Each line is drawn as Word draws
  it: its trailing space included, a space for an empty paragraph, so pypdf
  extracts the layout the extractor was written on.  The pages break where
  this renderer's page fills, not where the text's pages broke: the
  original page numbers, headers and footnote positions are taken out and
  laid anew.
- **DOCX** (python-docx): one paragraph per paragraph of the text, list
  numbers as real Word auto-numbering (``word/numbering.xml``: abstract
  definitions per number pattern, instances with ``w:startOverride`` where a
  list does not continue), a line that ended early as a manual line break,
  plain-number footnotes as real Word footnotes (``word/footnotes.xml``).

Usage: ``python tools/render_fixture.py TEXT --pdf OUT.pdf --docx OUT.docx``
(the tests call ``render_pdf`` and ``render_docx`` directly).
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ra_graph.extract.documents import numbering  # noqa: E402
from ra_graph.extract.text import (  # noqa: E402
    FOOTNOTE_KIND,
    PAGE_NUMBER_KIND,
    RUNNING_HEADER_KIND,
    artefact_lines,
    clean,
)

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FULL_LINE = 70  # a line shorter than this ended early (a paragraph's end, a heading)


@dataclass
class Line:
    text: str  # as in the text (trailing spaces and all); "" for an empty line
    footnotes: list[list[str]] = field(default_factory=list)  # footnotes referred to on this line
    marker: str | None = None  # the marker of a plain-number footnote, to raise


@dataclass
class Logical:
    """A text without its page furniture: content lines, the running header, the footnotes."""

    lines: list[Line]
    header: str


def logical(text: str) -> Logical:
    """Take a text in the pypdf layout apart: content lines, each footnote on its marker's line."""
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    artefacts = artefact_lines(raw)
    header = next((clean(raw[n - 1]) for n, kind in sorted(artefacts.items()) if kind == RUNNING_HEADER_KIND),
                  clean(next((r for r in raw if r.strip()), "")))
    furniture = (PAGE_NUMBER_KIND, RUNNING_HEADER_KIND, FOOTNOTE_KIND)
    lines: list[Line] = []
    index = 0
    while index < len(raw):
        if artefacts.get(index + 1) not in furniture and raw[index].strip():
            lines.append(Line(raw[index]))
            index += 1
            continue
        # a run of blank lines and page furniture: a page break (with its footnotes) or a gap
        end = index
        while end < len(raw) and (artefacts.get(end + 1) in furniture or not raw[end].strip()):
            end += 1
        region = list(range(index, end))
        if not any(artefacts.get(i + 1) in furniture for i in region):
            lines.extend(Line(raw[i]) for i in region)  # an ordinary gap stays as it is
            index = end
            continue
        i = index
        while i < end:  # each footnote to the line that refers to it
            if artefacts.get(i + 1) == FOOTNOTE_KIND:
                block = []
                while i < end and artefacts.get(i + 1) == FOOTNOTE_KIND:
                    block.append(raw[i].rstrip() + " ")
                    i += 1
                _attach(lines, block)
            else:
                i += 1
        # the page break joins the text around it; a paragraph that ended before it keeps one empty line
        last = next((line.text for line in reversed(lines) if line.text.strip()), "")
        if last.rstrip()[-1:] in ".;:!?" or len(clean(last)) < FULL_LINE:
            lines.append(Line(""))
        index = end
    # no run of more than two empty lines, none at the end
    out: list[Line] = []
    for line in lines:
        if not line.text.strip() and len(out) >= 2 and not out[-1].text.strip() and not out[-2].text.strip():
            continue
        out.append(line)
    while out and not out[-1].text.strip():
        out.pop()
    return Logical(lines=out, header=header)


def _attach(lines: list[Line], block: list[str]) -> None:
    """A footnote goes on the page of the line that refers to it (its marker glued to a word)."""
    first = clean(block[0])
    plain = re.match(r"^(\d{1,2})\s", first)
    marker = plain[1] if plain else first[0]
    pattern = re.compile(rf"(?<=[^\s\d]){re.escape(marker)}(?!\d)") if plain else re.compile(re.escape(marker))
    for line in reversed(lines[-40:]):
        if line.text.strip() and pattern.search(line.text):
            line.footnotes.append(block)
            line.marker = marker if plain else None
            return
    target = next((line for line in reversed(lines) if line.text.strip()), None)
    if target is not None:
        target.footnotes.append(block)


# -- PDF ----------------------------------------------------------------------------

PAGE_LINES = 52  # body lines on a page, footnotes included
LINE_HEIGHT = 13.0
FONT, SIZE, NOTE_SIZE, MARK_SIZE = "Vera", 10.0, 8.0, 6.5


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))  # ships with reportlab


def paginate(doc: Logical, page_lines: int = PAGE_LINES) -> list[list[Line]]:
    """Body lines per page; a page holds its lines and the footnotes they refer to."""
    def need(line: Line) -> int:
        return 1 + sum(len(note) for note in line.footnotes) + (1 if line.footnotes else 0)

    pages: list[list[Line]] = [[]]
    used = 0
    for line in doc.lines:
        if used + need(line) > page_lines and pages[-1]:
            carried = _keep_with_next(pages[-1])
            pages.append(list(carried))
            used = sum(need(c) for c in pages[-1])
            if not line.text.strip() and not pages[-1]:
                continue  # an empty line at the head of a page is not drawn
        pages[-1].append(line)
        used += need(line)
    return pages


def _keep_with_next(page: list[Line]) -> list[Line]:
    """Word keeps a heading with the paragraph after it: a short line without a full
    stop at the foot of a full page (blank lines after it aside) moves to the next page."""
    end = len(page)
    while end and not page[end - 1].text.strip():
        end -= 1
    if end <= 1:
        return []
    last = clean(page[end - 1].text)
    if len(last) >= FULL_LINE or last[-1:] in ".;!?" or page[end - 1].footnotes:
        return []
    above = clean(page[end - 2].text)
    if above and len(above) >= FULL_LINE and above[-1:] not in ".;:!?":
        return []  # the short line ends a paragraph that runs on above it: not a heading
    carried = page[end - 1:]
    del page[end - 1:]
    return carried


def render_pdf(text: str, out: Path, *, page_lines: int = PAGE_LINES) -> list[list[Line]]:
    """Write ``text`` as a Word-like PDF to ``out``; returns its pages (for tests)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _font()
    doc = logical(text)
    pages = paginate(doc, page_lines)
    width, height = A4
    left, top = 72.0, height - 72.0
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle(doc.header)
    for number, body in enumerate(pages, start=1):
        if number > 1:  # the header paragraph and the empty one under it, as Word's header holds them
            _run(c, left, height - 40, doc.header + " ", 9.0)
            _run(c, left, height - 52, " ", 9.0)
        y = top
        notes: list[list[str]] = []
        for line in body:
            _line(c, left, y, line)
            notes.extend(line.footnotes)
            y -= LINE_HEIGHT
        if notes:
            foot = 60 + LINE_HEIGHT * (sum(len(n) for n in notes) + 1)
            c.line(left, foot, left + 140, foot)
            _run(c, left, foot + 2, " ", NOTE_SIZE)  # the separator paragraph
            y = foot - LINE_HEIGHT
            for note in notes:
                for k, piece in enumerate(note):
                    match = re.match(r"^(\s*)(\d{1,2})(\s.*)$", piece) if k == 0 else None
                    t = c.beginText(left, y)
                    t.setFont(FONT, NOTE_SIZE)
                    if match:  # the footnote's own number raised, as Word sets it
                        t.setRise(3)
                        t.setFont(FONT, MARK_SIZE)
                        t.textOut(match[2])
                        t.setRise(0)
                        t.setFont(FONT, NOTE_SIZE)
                        t.textOut(match[3])
                    else:
                        t.textOut(piece)
                    c.drawText(t)
                    y -= LINE_HEIGHT * 0.85
        _run(c, left, 52, " ", 9.0)  # the footer: an empty paragraph, the page number, an empty paragraph
        _run(c, width / 2, 40, f"{number} ", 9.0)
        _run(c, left, 28, " ", 9.0)
        c.showPage()
    c.save()
    return pages


def _run(c, x: float, y: float, text: str, size: float) -> None:
    t = c.beginText(x, y)
    t.setFont(FONT, size)
    t.textOut(text)
    c.drawText(t)


def _line(c, x: float, y: float, line: Line) -> None:
    """One body line; an empty one as a space; a plain footnote marker raised."""
    text = line.text if line.text.strip() else " "
    t = c.beginText(x, y)
    t.setFont(FONT, SIZE)
    if line.marker:
        match = list(re.finditer(rf"(?<=[^\s\d]){re.escape(line.marker)}(?!\d)", text))[-1]
        t.textOut(text[: match.start()])
        t.setRise(3.5)
        t.setFont(FONT, MARK_SIZE)
        t.textOut(line.marker)
        t.setRise(0)
        t.setFont(FONT, SIZE)
        t.textOut(text[match.end():])
    else:
        t.textOut(text)
    c.drawText(t)


# -- DOCX -----------------------------------------------------------------------------

LABEL = re.compile(r"^(\s*)((?:\d{1,2}\.)*\d{1,2}\.?|[a-z][.)]|[•▪◦–-])(\s+)(?=\S)")


LAST_ITEM = re.compile(r";\s+(?:en|of)$")  # "...; en" / "...; of": the next lettered item is the list's last


@dataclass
class Paragraph:
    text: str
    label: str | None = None
    notes: list[tuple[int, list[str]]] = field(default_factory=list)  # (offset of the marker's end, footnote)
    breaks: list[int] = field(default_factory=list)  # offsets where a new page starts (as Word last laid it out)


def paragraphs(doc: Logical, page_of: dict[int, int] | None = None) -> list[Paragraph]:
    """The text's paragraphs: runs of lines between empty lines, split before a numbered line.

    ``page_of`` (id of a line -> its page, from ``paginate``) marks where pages begin."""
    from ra_graph.extract.text import DASH_HYPHEN, DASH_SPACED, DASH_SEPARATOR

    out: list[Paragraph] = []
    current: Paragraph | None = None
    glue = ""
    previous = ""
    page = 1
    for line in doc.lines:
        if not line.text.strip():
            current = None
            continue
        new_page = page_of is not None and page_of.get(id(line), page) != page
        page = page_of.get(id(line), page) if page_of is not None else page
        label = LABEL.match(line.text)
        starts = current is None or (label and (len(clean(previous)) < FULL_LINE
                                                or clean(previous)[-1:] in ".;:"
                                                or LAST_ITEM.search(clean(previous))))
        if starts:
            body = line.text[label.end():] if label else line.text
            current = Paragraph(text="", label=label[2] if label else None)
            out.append(current)
            glue = ""
        else:
            body = line.text
        if new_page:
            current.breaks.append(len(current.text) + len(glue))
        part = clean(body)
        if line.marker:
            hit = list(re.finditer(rf"(?<=[^\s\d]){re.escape(line.marker)}(?!\d)", part))[-1]
            offset = len(current.text) + len(glue) + hit.start()
            part = part[: hit.start()] + part[hit.end():]
            for note in line.footnotes:
                current.notes.append((offset, note))
        current.text += glue + part
        if len(clean(line.text)) < FULL_LINE and not DASH_HYPHEN.search(line.text.rstrip()):
            glue = "\n"
        elif DASH_SEPARATOR.search(line.text):
            glue = " "
        elif DASH_SPACED.search(line.text) or DASH_HYPHEN.search(line.text):
            glue = ""
        else:
            glue = " "
        previous = line.text
        for note in ([] if line.marker else line.footnotes):
            out.append(Paragraph(text=" ".join(clean(p) for p in note)))
            current = None
    return out


def _signature(label: str) -> tuple[str, int, str, str]:
    """(format, level, lvlText of that level, bullet glyph) of a label as written."""
    if label[0].isdigit():
        parts = label.rstrip(".").split(".")
        suffix = "." if label.endswith(".") else ""
        return "decimal", len(parts) - 1, ".".join(f"%{k}" for k in range(1, len(parts) + 1)) + suffix, ""
    if label[0].isalpha():
        return "lowerLetter", 0, "%1" + label[1], ""
    return "bullet", 0, label, label


def _numbers(label: str) -> list[int]:
    if label[0].isdigit():
        return [int(p) for p in label.rstrip(".").split(".")]
    if label[0].isalpha():
        return [ord(label[0]) - ord("a") + 1]
    return [1]


class _Lists:
    """Word list definitions made as the paragraphs come: the label each paragraph
    shows is what ``numbering.Resolver`` computes (the tests read it back with it)."""

    def __init__(self) -> None:
        self.defs = numbering.Definitions()
        self.resolver = numbering.Resolver(self.defs)
        self.current: dict[tuple, str] = {}  # signature -> numId in use

    def number(self, label: str) -> tuple[str, int]:
        fmt, level, text, glyph = _signature(label)
        key = (fmt, level, text)
        abstract = "a" + "|".join(map(str, key))
        if abstract not in self.defs.abstracts:
            levels = {}
            for k in range(level + 1):
                levels[k] = numbering.Level(fmt=fmt, text=text if k == level else
                                            ".".join(f"%{j}" for j in range(1, k + 2)), start=1)
            self.defs.abstracts[abstract] = levels
        num = self.current.get(key)
        if num is not None:
            trial = copy.deepcopy(self.resolver)
            if trial.label(num, level) == label:
                self.resolver.label(num, level)
                return num, level
        num = str(len(self.defs.instances) + 1)
        starts = dict(enumerate(_numbers(label))) if fmt != "bullet" else {}
        self.defs.instances[num] = numbering.Instance(abstract=abstract, starts=starts)
        self.current[key] = num
        got = self.resolver.label(num, level)
        assert got == label, (label, got)
        return num, level

    def xml(self) -> bytes:
        from lxml import etree

        w = numbering.W
        root = etree.Element(f"{{{w}}}numbering", nsmap={"w": w})
        ids = {name: str(i) for i, name in enumerate(self.defs.abstracts)}
        for name, levels in self.defs.abstracts.items():
            a = etree.SubElement(root, f"{{{w}}}abstractNum", {f"{{{w}}}abstractNumId": ids[name]})
            etree.SubElement(a, f"{{{w}}}multiLevelType", {f"{{{w}}}val": "multilevel"})
            for k, lvl in sorted(levels.items()):
                el = etree.SubElement(a, f"{{{w}}}lvl", {f"{{{w}}}ilvl": str(k)})
                for tag, value in (("start", str(lvl.start)), ("numFmt", lvl.fmt), ("lvlText", lvl.text)):
                    etree.SubElement(el, f"{{{w}}}{tag}", {f"{{{w}}}val": value})
                ppr = etree.SubElement(el, f"{{{w}}}pPr")
                etree.SubElement(ppr, f"{{{w}}}ind", {f"{{{w}}}left": str(360 * (k + 1)),
                                                       f"{{{w}}}hanging": "360"})
        for num, instance in self.defs.instances.items():
            n = etree.SubElement(root, f"{{{w}}}num", {f"{{{w}}}numId": num})
            etree.SubElement(n, f"{{{w}}}abstractNumId", {f"{{{w}}}val": ids[instance.abstract]})
            for k, start in sorted(instance.starts.items()):
                o = etree.SubElement(n, f"{{{w}}}lvlOverride", {f"{{{w}}}ilvl": str(k)})
                etree.SubElement(o, f"{{{w}}}startOverride", {f"{{{w}}}val": str(start)})
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def render_docx(text: str, out: Path, *, pages: bool = False, page_lines: int = PAGE_LINES) -> list[Paragraph]:
    """Write ``text`` as a Word document with real list numbering and footnotes; returns its paragraphs.

    With ``pages``, each page of the PDF rendering starts with a
    ``w:lastRenderedPageBreak``, as Word records where it last broke the pages."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    doc = logical(text)
    page_of = None
    if pages:
        page_of = {id(line): number for number, body in enumerate(paginate(doc, page_lines), start=1)
                   for line in body}
    paras = paragraphs(doc, page_of)
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = doc.header
    lists = _Lists()
    notes_xml = []
    note_id = 0
    for para in paras:
        p = document.add_paragraph()
        if para.label:
            num, level = lists.number(para.label)
            ppr = p._p.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), str(level))
            num_id = OxmlElement("w:numId")
            num_id.set(qn("w:val"), num)
            numpr.append(ilvl)
            numpr.append(num_id)
            ppr.append(numpr)
        events = sorted([(offset, 1, note) for offset, note in para.notes] + [(offset, 0, None) for offset in para.breaks],
                        key=lambda e: (e[0], e[1]))
        position = 0
        pieces: list[tuple[str, int | None, list[str] | None]] = []
        for offset, kind, note in events:
            pieces.append((para.text[position:offset], kind, note))
            position = offset
        pieces.append((para.text[position:], None, None))
        for piece, kind, note in pieces:
            chunks = piece.split("\n")
            for k, chunk in enumerate(chunks):
                run = p.add_run(chunk)
                if k < len(chunks) - 1:
                    run.add_break()
            if kind == 0:
                page_run = OxmlElement("w:r")
                page_run.append(OxmlElement("w:lastRenderedPageBreak"))
                p._p.append(page_run)
            if note is not None:
                note_id += 1
                ref = OxmlElement("w:r")
                rpr = OxmlElement("w:rPr")
                va = OxmlElement("w:vertAlign")
                va.set(qn("w:val"), "superscript")
                rpr.append(va)
                ref.append(rpr)
                fref = OxmlElement("w:footnoteReference")
                fref.set(qn("w:id"), str(note_id))
                ref.append(fref)
                p._p.append(ref)
                body = " ".join(clean(x) for x in note)
                body = re.sub(r"^\d{1,2}\s+", "", body)
                notes_xml.append(f'<w:footnote w:id="{note_id}"><w:p><w:r><w:t xml:space="preserve">'
                                 f'{_escape(body)}</w:t></w:r></w:p></w:footnote>')
    first = next((re.match(r"^(\d{1,2})\s", clean(note[0])) for para in paras for _, note in para.notes), None)
    if first and int(first[1]) != 1:  # the text's footnotes start at 2: Word's w:numStart says so
        pr = OxmlElement("w:footnotePr")
        start = OxmlElement("w:numStart")
        start.set(qn("w:val"), first[1])
        pr.append(start)
        sect = document.sections[0]._sectPr
        refs = [c for c in sect if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
        (refs[-1].addnext if refs else (lambda e: sect.insert(0, e)))(pr)
    numbering_part = document.part.numbering_part
    numbering_part._element = parse_xml(lists.xml())
    if notes_xml:
        w = numbering.W
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
               '</w:r></w:p></w:footnote>' + "".join(notes_xml) + "</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml.encode("utf-8"), document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
    document.save(str(out))
    return paras


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("--pdf", type=Path)
    parser.add_argument("--docx", type=Path)
    args = parser.parse_args(argv)
    source = args.text.read_text(encoding="utf-8")
    if args.pdf:
        pages = render_pdf(source, args.pdf)
        print(f"wrote {args.pdf} ({len(pages)} pages)")
    if args.docx:
        paras = render_docx(source, args.docx)
        print(f"wrote {args.docx} ({len(paras)} paragraphs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
