"""Read a source text safely: bytes in, checked lines out.

A data steward drops next year's text in by hand; a wrong file (a PDF, a
Word export in Windows-1252, an empty download) must stop extraction with a
message that says what is wrong and where, not with a traceback or, worse,
an empty arrangement.  The sha256 is taken of the bytes as read, so the
graph records exactly which file it was derived from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ra_graph.core.errors import RaGraphError
from ra_graph.core.textfile import decode_utf8, line_of, read_source_bytes


@dataclass(frozen=True)
class SourceText:
    path: Path
    lines: list[str]  # lines[0] is line 1; no line ends
    sha256: str
    odd_breaks: str = ""  # "U+2028 (LINE SEPARATOR)" when the text breaks its lines with that, not newlines


#: Characters some tools break lines with; a text read here breaks lines only at newlines.
ODD_BREAKS = {"\u2028": "U+2028 (LINE SEPARATOR)", "\u2029": "U+2029 (PARAGRAPH SEPARATOR)",
              "\x85": "U+0085 (NEXT LINE)", "\v": "U+000B (VERTICAL TAB)", "\f": "U+000C (FORM FEED)"}


def odd_line_breaks(text: str) -> str:
    """The character that breaks more of the text's lines than newlines do, named; or ""."""
    newlines = text.count("\n")
    counts = {name: text.count(ch) for ch, name in ODD_BREAKS.items()}
    name, most = max(counts.items(), key=lambda item: item[1])
    return name if most >= 3 and most > newlines else ""


def read_source(path: Path, data: bytes | None = None) -> SourceText:
    """Read a UTF-8 text file; RaGraphError for empty, binary or non-UTF-8 input.

    ``data``: the file's bytes, when the caller has read them already (the
    build reads a text once, for its cache key and its reading).
    """
    path = Path(path)
    if data is None:
        data = read_source_bytes(path, "source text")
    if not data.strip():
        raise RaGraphError("file is empty: expected the text of an arrangement", file=path)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise RaGraphError(
            f"binary file (NUL byte at byte offset {nul}): expected a UTF-8 text file",
            file=path,
            line=line_of(data, nul),
        )
    text = decode_utf8(data, path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    odd = odd_line_breaks(text)
    # A form feed is a page break of the PDF export; it is not a line of its own.
    text = text.replace("\f", "")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return SourceText(path=path, lines=lines, sha256=hashlib.sha256(data).hexdigest(), odd_breaks=odd)
