"""An arrangement's page links the province's version before and after it, and the diff between.

N-c05fb6 (``at > 0``): the second version of a province has the first as its predecessor;
only the first has none."""

from __future__ import annotations

import re
from html import unescape

import pytest

from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench


@pytest.fixture(scope="module")
def bench(two_drenthes):
    return Workbench(open_graph(two_drenthes), two_drenthes)


def _versions(bench, arrangement: str) -> list[str]:
    reply = bench.handle("/id/" + arrangement, {}, "text/html")
    assert reply.status == 200
    html = reply.body.decode("utf-8")
    items = [item for item in re.findall(r"<li(?:\s[^>]*)?>(.*?)</li>", html, re.S)
             if "Vorige versie" in item or "Volgende versie" in item]
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]


def _diff_links(bench, arrangement: str) -> list[str]:
    html = bench.handle("/id/" + arrangement, {}, "text/html").body.decode("utf-8")
    return re.findall(r'href="(/diff/[^"?]+)', html)


def test_the_second_version_links_the_first_as_its_predecessor(bench):
    assert _diff_links(bench, "drenthe-2026") == ["/diff/drenthe-2025/drenthe-2026"]
    assert _versions(bench, "drenthe-2026") == ["Vorige versie: drenthe-2025 — verschillen drenthe-2025 → drenthe-2026"]


def test_the_first_version_links_the_second_as_its_successor(bench):
    assert _diff_links(bench, "drenthe-2025") == ["/diff/drenthe-2025/drenthe-2026"]
    assert _versions(bench, "drenthe-2025") == ["Volgende versie: drenthe-2026 — verschillen drenthe-2025 → drenthe-2026"]


def test_a_province_with_one_version_has_neither(bench):
    assert _diff_links(bench, "groningen-2025") == []
    assert _versions(bench, "groningen-2025") == ["Vorige versie/Volgende versie: geen"]
