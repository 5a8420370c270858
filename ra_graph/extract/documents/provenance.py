"""The sidecar beside a text made by ``ra-graph add``: where the text came from.

``data/sources/ra-<province>-<year>.source.yaml`` records the published
document's file name and SHA-256, what extracted the text (``pypdf 7.1.1``),
the SHA-256 of the text as written, and the page map: for each page of the
published document the number printed on it and the first line of the text
on it.  The text itself stays exactly in the pypdf layout the extractor
reads (a form feed per page would be a change of that layout, and the
shipped texts have none); the page map lets every clause cite its page
("p. 7") next to its line.

``ra-graph build`` reads the sidecar (``attach``): the arrangement's source
text is then ``prov:wasDerivedFrom`` the original document, and each clause
gets ``ra:sourcePage``.  If the text was edited after it was added (its
SHA-256 differs) the page map may no longer fit: the pages are left out,
with a warning, rather than cited wrongly.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ra_graph.core.errors import RaGraphError, warn
from ra_graph.extract.documents.model import Document, Page

SUFFIX = ".source.yaml"
FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "txt": "text/plain"}
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Sidecar:
    original: str  # the published document's file name
    sha256: str  # of the published document
    format: str  # pdf, docx, txt
    extractor: str
    text_sha256: str  # of the .txt as add wrote it
    pages: list[Page]


def sidecar_path(text: Path) -> Path:
    """``ra-x-2026.txt`` -> ``ra-x-2026.source.yaml`` beside it."""
    return text.with_name(text.stem + SUFFIX)


def render(original: Path, original_sha256: str, document: Document, text: bytes) -> str:
    """The sidecar's YAML (comment first, then the fields; deterministic)."""
    import yaml

    data = {
        "original": original.name,
        "sha256": original_sha256,
        "format": document.format,
        "extractor": document.extractor,
        "text_sha256": hashlib.sha256(text).hexdigest(),
        "pages": [{"page": p.number, "line": p.line} for p in document.pages or []],
    }
    head = ("# Written by `ra-graph add`; read by `ra-graph build`. The published document this text was\n"
            "# extracted from, and per page (the number printed on it) the first line of the text.\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)


def _field(data: dict, name: str, path: Path, kind: type = str):
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RaGraphError(f"sidecar: '{name}' missing or not a {kind.__name__}", file=path)
    return value


def read(text: Path) -> Sidecar | None:
    """The sidecar of a source text, or None when it has none."""
    from ra_graph.core.textfile import read_yaml_mapping

    path = sidecar_path(text)
    if not path.exists():
        return None
    data, _ = read_yaml_mapping(path, "sidecar",
                                "sidecar: expected a mapping (original, sha256, format, extractor, pages)")
    for name in ("sha256", "text_sha256"):
        if not _HEX.match(_field(data, name, path)):
            raise RaGraphError(f"sidecar: '{name}' is not a SHA-256 (64 hexadecimal digits)", file=path)
    fmt = _field(data, "format", path)
    if fmt not in FORMATS:
        raise RaGraphError(f"sidecar: unknown format {fmt!r} (pdf, docx, txt)", file=path)
    pages = []
    for entry in data.get("pages") or []:
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), int) and entry[k] >= 1
                                                for k in ("page", "line"))):
            raise RaGraphError(f"sidecar: a page must be {{page: N, line: N}} with N >= 1, not {entry!r}", file=path)
        pages.append(Page(number=entry["page"], line=entry["line"]))
    if any(b.line < a.line for a, b in zip(pages, pages[1:])):
        raise RaGraphError("sidecar: pages must be in the order of their lines", file=path)
    return Sidecar(original=_field(data, "original", path), sha256=data["sha256"], format=fmt,
                   extractor=_field(data, "extractor", path), text_sha256=data["text_sha256"], pages=pages)


def page_of(line: int, pages: list[Page]) -> int | None:
    """The page a line stands on."""
    number = None
    for page in pages:
        if page.line > line:
            break
        number = page.number
    return number


def attach(arrangement, text: Path) -> None:
    """Lay the sidecar's provenance and pages over an extracted arrangement (if there is one)."""
    sidecar = read(text)
    if sidecar is None:
        return
    arrangement.original_file = sidecar.original
    arrangement.original_sha256 = sidecar.sha256
    arrangement.original_format = FORMATS[sidecar.format]
    arrangement.original_extractor = sidecar.extractor
    if not sidecar.pages:
        return
    if sidecar.text_sha256 != arrangement.sha256:
        warn(f"{sidecar_path(text)}: the text was changed after `ra-graph add`; its page map may no longer fit,"
             " so no clause gets a page (run `ra-graph add --force` again to renew it)")
        return
    for clause in arrangement.clauses:
        clause.page = page_of(clause.line, sidecar.pages)


__all__ = ["Sidecar", "read", "render", "attach", "page_of", "sidecar_path", "SUFFIX", "FORMATS"]
