"""``ra-graph add FILE``: a published PDF, Word or text file -> ``data/sources``.

The steward gives the document as published; this writes
``data/sources/ra-<province>-<year>.txt`` in the layout the extractor reads
and its sidecar (``provenance.py``), and says what to do next.  Nothing is
written unless the text is an arrangement the extractor can segment (its
outline has an agreements chapter, it is about the province it is filed
under): the text is segmented in a scratch directory first, so a refusal
leaves ``data/sources`` as it was.  An existing text is replaced only with
``--force``.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from ra_graph.core import paths
from ra_graph.core.atomic import write_atomic
from ra_graph.core.errors import RaGraphError, printable
from ra_graph.core.textfile import read_bytes
from ra_graph.extract.documents import provenance, titlepage
from ra_graph.extract.documents.model import Document

KINDS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt"}
MAX_BYTES = 200_000_000  # no arrangement is this large; a bigger file is refused before it is parsed


def kind_of(file: Path) -> str:
    """The document kind by its extension; anything else is refused with what would work."""
    suffix = file.suffix.lower()
    if suffix in KINDS:
        return KINDS[suffix]
    hint = " (save it as .docx)" if suffix in (".doc", ".rtf", ".odt") else ""
    shown = printable(suffix or "no extension", 20)
    raise RaGraphError(f"unsupported file type {shown}{hint}: expected .pdf, .docx or .txt", file=file)


def read_document(file: Path) -> tuple[Document, bytes]:
    """The document's lines (and pages), and its bytes."""
    kind = kind_of(file)
    if file.is_file() and file.stat().st_size > MAX_BYTES:
        raise RaGraphError(f"too large for an arrangement: {file.stat().st_size} bytes", file=file)
    data = read_bytes(file, "document")
    if not data.strip():
        raise RaGraphError("file is empty", file=file)
    if kind == "pdf":
        from ra_graph.extract.documents.pdf import read_pdf

        return read_pdf(file, data), data
    if kind == "docx":
        from ra_graph.extract.documents.docx import read_docx

        return read_docx(file, data), data
    if data[:5] == b"%PDF-" or data[:4] == b"PK\x03\x04":
        real = "a PDF" if data[:5] == b"%PDF-" else "a ZIP archive (a Word document?)"
        raise RaGraphError(f"not a text file: the content is {real}; give it its own extension", file=file)
    from ra_graph.extract.sourcefile import read_source

    source = read_source(file)
    return Document(lines=source.lines, pages=None, format="txt", extractor="none (a text file, unchanged)"), data


def _check(text: bytes, name: str, file: Path) -> int:
    """Segment the text in a scratch directory; its clauses, or RaGraphError naming ``file``."""
    from ra_graph.extract.structure import parse_arrangement

    scratch = Path(tempfile.mkdtemp(prefix="ra-graph-add-"))
    try:
        (scratch / name).write_bytes(text)
        try:
            return len(parse_arrangement(scratch / name).clauses)
        except RaGraphError as exc:
            where = f" (line {exc.line} of the text)" if exc.line else ""
            raise RaGraphError(f"{exc.problem}{where}", file=file) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _shown(path: Path) -> str:
    """A path as the steward would type it: relative to the working directory where it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def add_document(file: Path, *, province: str | None = None, year: int | None = None, force: bool = False,
                 sources: Path | None = None) -> str:
    """Write the text and its sidecar; returns what was done and the next steps."""
    file = Path(file)
    sources = Path(sources or paths.SOURCES)
    document, data = read_document(file)
    found, year = titlepage.identify(document.lines, document.pages, str(file), province=province, year=year)
    target = sources / f"ra-{found.key}-{year}.txt"
    sidecar = provenance.sidecar_path(target)
    if not sources.is_dir():
        raise RaGraphError("sources directory not found", file=sources)
    for existing in (target, sidecar):
        if existing.exists() and not force:
            raise RaGraphError(f"{_shown(existing)} exists already: add --force to replace it", file=file)
    text = data if document.format == "txt" else document.text().encode("utf-8")
    clauses = _check(text, target.name, file)
    original_sha = hashlib.sha256(data).hexdigest()
    meta = provenance.render(file, original_sha, document, text)
    had_text = target.exists()
    write_atomic(target, text)
    try:
        write_atomic(sidecar, meta)
    except BaseException:
        if not had_text:
            target.unlink(missing_ok=True)
        raise
    pages = f", {len(document.pages)} page(s)" if document.pages else ""
    slug = f"{found.key}-{year}"
    return "\n".join([
        f"wrote {_shown(target)} ({len(document.lines)} lines{pages}, {clauses} clause(s) found) and {sidecar.name}"
        f" (from {printable(file.name)}, sha256 {original_sha[:12]}…, {document.extractor})",
        "next:",
        f"  ra-graph extract {_shown(target)} --skeleton {_shown(paths.CURATION / (slug + '.yaml'))}"
        "   # review the draft and the warnings",
        "  ra-graph build --strict && ra-graph validate",
    ])


__all__ = ["add_document", "read_document", "kind_of"]
