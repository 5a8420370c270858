"""A query's syntax error lists the first five tokens the parser expected and counts the rest: "…
(1 more)" for a sixth, nothing for exactly five.  N-d11660 (``more > 0``)."""

from __future__ import annotations

import pytest

from ra_graph.query.library import syntax_problem

TOKENS = ['"a"', '"b"', '"c"', '"d"', '"e"', '"f"', '"g"']


@pytest.mark.parametrize(("count", "said"), [
    (5, 'expected one of "a", "b", "c", "d", "e"'),
    (6, 'expected one of "a", "b", "c", "d", "e" … (1 more)'),
    (7, 'expected one of "a", "b", "c", "d", "e" … (2 more)'),
])
def test_a_syntax_error_shows_five_expected_tokens_and_counts_the_rest(count, said):
    assert syntax_problem(f"error at 2:4: expected one of {', '.join(TOKENS[:count])}") == ("2:4", said)
