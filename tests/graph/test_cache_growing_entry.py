"""A cache entry that grows while it is read (its size checked, then more bytes arrive) is read up
to the limit, and refused one byte past it.  C-a70ab8 (``sum(map(len, chunks)) > MAX_ENTRY_BYTES``).
The limit is made ten bytes here; N-1cdde2 and its neighbours hold the real one (test_edges)."""

from __future__ import annotations

import os
import types

import pytest

from ra_graph.graph import cache


def _reading(monkeypatch, tmp_path, chunks: list[bytes]) -> bytes:
    """``_read_regular`` of a 4-byte file whose reads return ``chunks`` (then the end)."""
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 10)
    left = list(chunks)
    fake = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
    fake.read = lambda fd, size: left.pop(0) if left else b""
    monkeypatch.setattr(cache, "os", fake)
    entry = tmp_path / "entry.json"
    entry.write_bytes(b"{}  ")
    return cache._read_regular(entry)


def test_an_entry_that_grows_to_the_limit_is_read(monkeypatch, tmp_path):
    assert _reading(monkeypatch, tmp_path, [b"12345", b"67890"]) == b"1234567890"


def test_an_entry_that_grows_past_the_limit_is_refused(monkeypatch, tmp_path):
    with pytest.raises(cache._NotAFile, match="^too large$"):
        _reading(monkeypatch, tmp_path, [b"12345", b"678901"])
