"""``/sparql`` without a query: a browser that ranks HTML as high as a result format gets the
editor (the page); one that prefers a result format gets the service description.
C-471ee3 (``html >= results`` when no query is given)."""

from __future__ import annotations

import pytest

from ra_graph.query.editor import wants_editor


@pytest.mark.parametrize(("accept", "editor"), [
    ("text/html, application/sparql-results+json", True),
    ("application/sparql-results+json;q=0.9, text/html;q=0.9", True),
    ("text/html;q=0.9, application/sparql-results+json", False),
    ("application/sparql-results+json", False),
])
def test_sparql_without_a_query_gives_the_editor_when_html_ranks_at_least_as_high(accept, editor):
    assert wants_editor({}, accept) is editor
