"""A source text with a NUL byte is a binary file, wherever the byte stands, the first byte
included; the error names its offset and line.  C-eacb5f (``nul >= 0``)."""

from __future__ import annotations

import pytest

from ra_graph.core.errors import RaGraphError
from ra_graph.extract.sourcefile import read_source


@pytest.mark.parametrize(("data", "offset", "line"), [
    (b"\x00Ruimtelijk Arrangement\n", 0, 1),
    (b"R\x00uimtelijk Arrangement\n", 1, 1),
    (b"Ruimtelijk Arrangement\n\x00\n", 23, 2),
])
def test_a_nul_byte_makes_a_binary_file_even_as_the_first_byte(tmp_path, data, offset, line):
    path = tmp_path / "ra-zeeland-2026.txt"
    path.write_bytes(data)
    with pytest.raises(RaGraphError) as info:
        read_source(path)
    assert info.value.problem == f"binary file (NUL byte at byte offset {offset}): expected a UTF-8 text file"
    assert (info.value.file, info.value.line) == (str(path), line)
