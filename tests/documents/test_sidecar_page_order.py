"""A sidecar's page map: a blank page starts on the same line as the page after it, so two pages
may name one line; a page starting before the one above it is refused.  C-921ee4 (``b.line <
a.line``)."""

from __future__ import annotations

import pytest

from ra_graph.core.errors import RaGraphError
from ra_graph.extract.documents import provenance

SHA = "0" * 64


def _read(tmp_path, lines: list[int]):
    text = tmp_path / "ra-zeeland-2026.txt"
    text.write_text("Ruimtelijk Arrangement\n", encoding="utf-8")
    pages = "".join(f"- {{page: {n}, line: {line}}}\n" for n, line in enumerate(lines, start=1))
    provenance.sidecar_path(text).write_text(
        f"original: RA Zeeland.pdf\nsha256: '{SHA}'\nformat: pdf\nextractor: pypdf 5.1.0\n"
        f"text_sha256: '{SHA}'\npages:\n{pages}", encoding="utf-8")
    return provenance.read(text)


def test_a_blank_page_starts_on_the_line_of_the_page_after_it(tmp_path):
    sidecar = _read(tmp_path, [1, 40, 40, 81])
    assert [(p.number, p.line) for p in sidecar.pages] == [(1, 1), (2, 40), (3, 40), (4, 81)]


def test_a_page_starting_above_the_page_before_it_is_refused(tmp_path):
    with pytest.raises(RaGraphError) as refused:
        _read(tmp_path, [1, 40, 39])
    assert str(refused.value) == f"{tmp_path / 'ra-zeeland-2026.source.yaml'}: sidecar: pages must be in the order of their lines"
