"""The on-disk store's pointer names the layout it was written in: a store of the earlier layout
(format 1, its graph files as TriG) is not read as the current one -- it is made again.
N-256fb0 (``FORMAT = 2``)."""

from __future__ import annotations

import json

import pytest

from ra_graph.core import diskstore


@pytest.mark.parametrize(("written", "read"), [(2, True), (1, False), (3, False)])
def test_a_pointer_is_read_only_in_the_current_format(tmp_path, written, read):
    pointer = {"format": written, "version": "v00001", "sha256": "0" * 64, "stamp": [1, 2, 3]}
    (tmp_path / diskstore.POINTER).write_text(json.dumps(pointer), encoding="utf-8")
    assert diskstore.read_pointer(tmp_path) == (pointer if read else None)
