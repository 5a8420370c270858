"""A PDF -> lines, page by page, in exactly the layout of the shipped texts.

The shipped texts are pypdf's ``extract_text()`` of Word-exported PDFs,
page after page joined by a newline, and the extractor was written on that
layout (trailing spaces, one-space lines, footnote markers glued to their
word, the page number on a line of its own).  So the text is taken as it
comes, never re-flowed, and only the page boundaries are recorded beside it
(``provenance.py`` writes them to the sidecar): the .txt stays what pypdf
gives, and every line still knows its page.  pypdf's whitespace changes
between versions, which is why ``pyproject.toml`` pins it exactly.

A page is numbered as printed on it (a line holding only a number at the
foot of the page), else by the PDF's page label, else by its position.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from ra_graph.core.errors import RaGraphError
from ra_graph.extract.documents.model import Document, Page

PRINTED_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
FOOT_LINES = 4  # how many non-blank lines at a page's foot may hold its printed number


def _printed_number(text: str) -> int | None:
    """The page number printed at the foot of a page's text, if any."""
    foot = [line for line in text.split("\n") if line.strip()][-FOOT_LINES:]
    for line in reversed(foot):
        match = PRINTED_NUMBER.match(line)
        if match:
            return int(match[1])
    return None


def _label(reader, index: int) -> int:
    try:
        label = reader.page_labels[index]
    except Exception:  # noqa: BLE001 - a broken label tree is no reason to refuse the text
        label = ""
    return int(label) if label.isdigit() else index + 1


def read_pdf(path: Path, data: bytes) -> Document:
    """The text of a PDF as pypdf extracts it, with its pages; RaGraphError for a bad file."""
    if b"%PDF-" not in data[:1024]:
        raise RaGraphError("not a PDF: the file does not start with %PDF-", file=path)
    if b"%%EOF" not in data[-2048:]:
        raise RaGraphError("truncated or corrupt PDF: no %%EOF at the end of the file", file=path)
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its recoverable-problem warnings are not ours to show
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # noqa: BLE001 - any failure of the parser means an unreadable file
        raise RaGraphError(f"corrupt PDF ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
                           file=path) from None
    if encrypted:
        raise RaGraphError("encrypted PDF (password-protected): save an unprotected copy first", file=path)
    texts: list[str] = []
    numbers: list[int] = []
    try:
        for index, page in enumerate(reader.pages):
            text = page.extract_text() or ""
            texts.append(text)
            printed = _printed_number(text)
            numbers.append(printed if printed is not None else _label(reader, index))
    except RaGraphError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise RaGraphError(f"corrupt PDF: page {len(texts) + 1} cannot be read ({type(exc).__name__})",
                           file=path) from None
    if not texts:
        raise RaGraphError("corrupt PDF: it has no pages", file=path)
    if not any(text.strip() for text in texts):
        raise RaGraphError("no text layer; OCR is not supported (a scanned PDF?)", file=path)
    pages: list[Page] = []
    first = 1
    for text, number in zip(texts, numbers):
        pages.append(Page(number=number, line=first))
        first += text.count("\n") + 1
    lines = "\n".join(texts).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Document(lines=lines, pages=pages, format="pdf", extractor=f"pypdf {pypdf.__version__}")


__all__ = ["read_pdf"]
