"""What a reader makes of a published document: lines, and where pages start."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A page of the published document: the number printed on it (as analysts
    cite it) and the first line of the text that stands on it."""

    number: int
    line: int


@dataclass
class Document:
    lines: list[str]  # in the pypdf layout; lines[0] is line 1
    pages: list[Page] | None  # None: the document says nothing about pages (a .txt)
    format: str  # "pdf", "docx", "txt"
    extractor: str  # what made the lines, with its version ("pypdf 7.1.1")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
