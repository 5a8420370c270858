"""Bad documents for ``ra-graph add``: one exact line each, exit 2, nothing written.

A scanned PDF, an encrypted or damaged file, a document that is no
arrangement, a wrong extension or content that does not match it: each
case runs the real command line into its own sources directory and checks
the whole of stderr, an empty stdout, and that neither that directory nor
the project's data changed.  The documents are made here (reportlab,
pypdf, zipfile), from the fixture texts, so each case is one fault.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import ROOT
from test_cli_abuse import _project, _tree

UNSEEN = ROOT / "tests" / "fixtures" / "unseen"


@lru_cache(maxsize=None)
def _renderer():
    spec = importlib.util.spec_from_file_location("render_fixture", ROOT / "tools" / "render_fixture.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_fixture"] = module
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def good(kind: str) -> bytes:
    """A good PDF or DOCX of the Limburg fixture (made once)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"good.{kind}"
        text = (UNSEEN / "ra-limburg-2027.txt").read_text(encoding="utf-8")
        (_renderer().render_pdf if kind == "pdf" else _renderer().render_docx)(text, out)
        return out.read_bytes()


def scanned() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.rect(50, 50, 300, 300, fill=1)  # an image of text has no text layer
    page.showPage()
    page.save()
    return buffer.getvalue()


def encrypted() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(good("pdf"))))
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zipped(**parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


NO_AGREEMENTS = (" Ruimtelijk Arrangement Rijk - provincie Zeeland 2026 \n \n1. Inleiding \n \n1.1 Doel \n \n"
                 "Rijk en provincie werken samen. \n \n2. Looptijd \n \n2.1 Duur \n \nDit geldt tot juni 2027. \n")
TITLED = " Ruimtelijk Arrangement Rijk - provincie Limburg    \n \njuni 2027 \n \n"


def case(id: str, file: str, content, message: str, *extra: str):  # noqa: A002
    return pytest.param(file, content, message, list(extra), id=id)


CASES = [
    case("scanned-pdf", "scan.pdf", scanned, "no text layer; OCR is not supported (a scanned PDF?)"),
    case("encrypted-pdf", "locked.pdf", encrypted,
         "encrypted PDF (password-protected): save an unprotected copy first"),
    case("truncated-pdf", "half.pdf", lambda: good("pdf")[: len(good("pdf")) // 2],
         "truncated or corrupt PDF: no %%EOF at the end of the file"),
    case("corrupt-pdf", "bad.pdf", lambda: b"%PDF-1.4\nthis is no pdf at all\n%%EOF\n",
         "corrupt PDF (PdfReadError: startxref not found)"),
    case("pdf-that-is-text", "text.pdf", lambda: TITLED.encode(), "not a PDF: the file does not start with %PDF-"),
    case("truncated-docx", "half.docx", lambda: good("docx")[: len(good("docx")) // 2],
         "corrupt or truncated Word document (File is not a zip file)"),
    case("docx-without-document", "other.docx", lambda: zipped(**{"hello.txt": "x"}),
         "not a Word document: the archive has no word/document.xml"),
    case("docx-malformed-xml", "broken.docx", lambda: zipped(**{"word/document.xml": "<w:document"}),
         "corrupt Word document: word/document.xml is not well-formed XML "
         "(Namespace prefix w on document is not defined, line 1, column 12)"),
    case("docx-that-is-text", "text.docx", lambda: TITLED.encode(),
         "not a Word document: a .docx is a ZIP archive, this file is not one"),
    case("docx-encrypted-or-old", "old.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
         "encrypted (password-protected) or old-format (.doc) Word document: save it as an unprotected .docx"),
    case("txt-that-is-pdf", "text.txt", lambda: good("pdf"),
         "not a text file: the content is a PDF; give it its own extension"),
    case("wrong-extension-doc", "old.doc", lambda: b"whatever",
         "unsupported file type .doc (save it as .docx): expected .pdf, .docx or .txt"),
    case("no-extension", "arrangement", lambda: b"whatever",
         "unsupported file type no extension: expected .pdf, .docx or .txt"),
    case("empty-pdf", "empty.pdf", lambda: b"", "file is empty"),
    case("not-an-arrangement", "notes.txt", lambda: NO_AGREEMENTS.encode(),
         "no agreements chapter: expected a chapter whose title says 'afspraken' "
         "(for example '3. Inhoudelijke afspraken') (line 1 of the text)"),
    case("no-province-on-title-page", "untitled.txt", lambda: (ROOT / "data" / "sources" / "ra-groningen-2025.txt")
         .read_bytes(), "the title page names no province: give --province (for example --province zeeland)",
         "--year", "2025"),
    case("no-year-on-title-page", "noyear.txt", lambda: (UNSEEN / "ra-limburg-2027.txt").read_bytes(),
         "the title page names no year: give --year (the year of the arrangement, for example --year 2026)"),
    case("province-not-the-texts", "limburg.txt", lambda: (UNSEEN / "ra-limburg-2027.txt").read_bytes(),
         "the file name says province 'zeeland', but the text never names 'provincie Zeeland' "
         "(it names 'provincie Limburg') (line 1 of the text)", "--province", "Zeeland", "--year", "2027"),
    case("missing-file", "nope.pdf", None, "cannot read document: No such file or directory"),
]


@pytest.mark.parametrize(("file", "content", "message", "extra"), CASES)
def test_a_bad_document_is_one_line_and_writes_nothing(ra, tmp_path, file, content, message, extra):
    sources = tmp_path / "sources"
    sources.mkdir()
    if content is not None:
        (tmp_path / file).write_bytes(content())
    before, project = _tree(tmp_path), _project()
    r = ra("add", tmp_path / file, "--sources", sources, *extra)
    assert (r.code, r.out) == (2, "")
    assert r.err == f"ra-graph: {tmp_path / file}: {message}\n"
    assert _tree(tmp_path) == before
    assert _project() == project


def test_an_unknown_province_lists_the_known_ones(ra, tmp_path):
    (tmp_path / "a.txt").write_bytes((UNSEEN / "ra-limburg-2027.txt").read_bytes())
    r = ra("add", tmp_path / "a.txt", "--sources", tmp_path, "--province", "Atlantis", "--year", "2027")
    assert r.code == 2
    assert r.err.startswith("ra-graph: --province: unknown province 'Atlantis' (known: ")
    assert "groningen" in r.err and "zeeland" in r.err and r.err.count("\n") == 1


def test_an_existing_text_is_not_replaced_without_force(ra, tmp_path):
    (tmp_path / "sources").mkdir()
    target = tmp_path / "sources" / "ra-limburg-2027.txt"
    target.write_text("keep me\n", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(TITLED.encode() + (UNSEEN / "ra-limburg-2027.txt").read_bytes())
    r = ra("add", tmp_path / "a.txt", "--sources", tmp_path / "sources")
    assert (r.code, r.err) == (2, f"ra-graph: {tmp_path / 'a.txt'}: {target} exists already: "
                                  "add --force to replace it\n")
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == ["ra-limburg-2027.txt"]
