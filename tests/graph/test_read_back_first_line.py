"""A written snapshot that does not read back is refused quoting the line at fault, the first line
included.  N-6a240d (``0 < line``)."""

from __future__ import annotations

import pytest

from ra_graph.core.errors import RaGraphError
from ra_graph.graph import build


def test_a_fault_on_the_first_line_is_quoted(tmp_path):
    text = ('@prefix rai <https://w3id.org/ra-graph/id/> .\n'
            'rai:drenthe-2025 { rai:drenthe-2025 rai:title "Ruimtelijk Arrangement Drenthe"@nl . }\n')
    written, target = tmp_path / ".ra-graph.trig.tmp", tmp_path / "ra-graph.trig"
    written.write_text(text, encoding="utf-8")
    with pytest.raises(RaGraphError) as caught:
        build.check_reads_back(written, text, {}, {}, target)
    assert caught.value.line == 1
    assert str(caught.value).endswith("; the value at fault: @prefix rai <https://w3id.org/ra-graph/id/> .")
