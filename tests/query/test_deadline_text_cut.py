"""``ra-graph deadlines`` (table) shows a clause's first sixteen words: a text of sixteen words is
shown whole, without "…"; one of seventeen is cut after the sixteenth.  C-546493 (``len(text) >
words``)."""

from __future__ import annotations

import pytest

from ra_graph.query.deadlines import _shown

WORDS = [f"w{n}" for n in range(1, 18)]


@pytest.mark.parametrize(("count", "shown"), [
    (15, " ".join(WORDS[:15])),
    (16, " ".join(WORDS[:16])),
    (17, " ".join(WORDS[:16]) + " …"),
])
def test_a_deadlines_text_is_cut_only_past_sixteen_words(count, shown):
    assert _shown([{"clause": "x-2026/1/1", "text": " ".join(WORDS[:count])}])[0]["text"] == shown
