"""Turtle, wherever it is written, uses the project's prefixes; the line formats never declare any.

C-8e639a (``export``), C-f99d86 (a resource page), C-cdd733 (the vocabulary page): each writes
``prefixes=PREFIXES`` only for Turtle."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from conftest import HANG_GUARD, serving

MINI = Path(__file__).parents[2] / "tests" / "fixtures" / "mini.trig"
RA_PREFIX = b"@prefix ra: <https://w3id.org/ra-graph/def#> ."


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("wb") / "stderr.txt", "--graph", str(MINI), "--workers", "1",
                 "--timeout", "60") as url:
        yield url.removesuffix("/sparql")


def body(url: str, accept: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=HANG_GUARD) as response:
        return response.read()


@pytest.mark.parametrize("path", ["/id/vro", "/def"])
def test_a_page_as_turtle_uses_the_prefixes_and_as_n_triples_none(bench, path):
    turtle = body(bench + path, "text/turtle")
    assert RA_PREFIX in turtle
    lines = body(bench + path, "application/n-triples")
    assert b"@prefix" not in lines and lines.startswith(b"<https://w3id.org/ra-graph/")


def test_export_as_turtle_uses_the_prefixes_and_as_n_triples_none(ra, tmp_path):
    for fmt, prefixed in (("ttl", True), ("nt", False)):
        out = tmp_path / f"g.{fmt}"
        assert ra("export", "--graph", MINI, "--format", fmt, "--out", out).code == 0
        assert (RA_PREFIX in out.read_bytes()) is prefixed, fmt
