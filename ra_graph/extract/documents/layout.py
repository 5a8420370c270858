"""Paragraphs -> lines in the layout of the shipped texts.

The extractor was written on what pypdf's ``extract_text()`` makes of a
Word-exported PDF: lines wrapped at about 95 characters, each ending in a
space (Word draws the space at a line end), a line holding one space for
an empty paragraph, and the list number on the line of its text ("1.1 Het
Rijk ...").  A Word document has paragraphs, not lines, so its text is laid
out here the same way, and every reader hands the extractor one layout.
"""

from __future__ import annotations

import textwrap

WIDTH = 95  # characters per line, as in the shipped texts
BLANK = " "  # an empty paragraph, as pypdf gives it


def wrap(paragraph: str, width: int = WIDTH) -> list[str]:
    """One paragraph as wrapped lines, each ending in a space; breaks only at spaces.

    Runs of three or more spaces (the columns of a signature block) are
    kept; a paragraph that holds them is not wrapped.
    """
    if "   " in paragraph.strip():
        return [paragraph.rstrip() + " "]
    lines = textwrap.wrap(" ".join(paragraph.split()), width=width, break_long_words=False,
                          break_on_hyphens=False)
    return [line + " " for line in lines] or [BLANK]


def lay_out(paragraphs: list[str]) -> list[str]:
    """Paragraphs (a hard line break inside one as "\\n") as lines, an empty line between them."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out:
            out.append(BLANK)
        if not paragraph.strip():
            continue
        for part in paragraph.split("\n"):
            out.extend(wrap(part))
    return out


__all__ = ["wrap", "lay_out", "WIDTH", "BLANK"]
