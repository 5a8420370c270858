"""The endpoint's limits as docs/reference/hardening.md states them are the ones it applies."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from ra_graph.query import serve

HARDENING = Path(__file__).parents[2] / "docs" / "reference" / "hardening.md"


def _row(title: str) -> str:
    section = HARDENING.read_text(encoding="utf-8").split("## The endpoint", 1)[1].split("\n## ", 1)[0]
    [value] = [line.split("|")[2].strip() for line in section.split("\n") if line.startswith(f"| {title} |")]
    return value


def test_the_documented_endpoint_limits_are_the_ones_in_force():
    """N-7e5259 (``CLIENT_TIMEOUT = 30``) and its neighbours: a change to a limit is a change to its page."""
    assert _row("A whole request must arrive within") == f"{serve.CLIENT_TIMEOUT} s" == "30 s"
    assert inspect.signature(serve.make_server).parameters["client_timeout"].default == serve.CLIENT_TIMEOUT
    assert _row("Request line and headers") == f"{serve.MAX_HEADER // 1024} KiB (431 past it)" == "256 KiB (431 past it)"
    assert _row("Request body") == f"{serve.MAX_BODY:,} bytes (413)" == "3,000,000 bytes (413)"
    assert re.match(rf"{serve.CONNECTIONS}; ", _row("Open connections"))
