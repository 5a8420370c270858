"""Edges of ra_graph/core/ that survivors of the full systematic mutation run showed unheld
(issue #25): each test names the mutant(s) it holds."""

from __future__ import annotations

import pytest

from ra_graph.core.errors import RaGraphError
from ra_graph.core.textfile import check_yaml


def _expanding_to(values: int) -> str:
    """A YAML list whose values, every alias expanded, number ``values`` (at least 99,001): the
    list itself, one anchored list of 999 scalars (1,000 values), 98 aliases of it, then plain
    scalars."""
    return ("- &a [" + ", ".join(["x"] * 999) + "]\n" + "- *a\n" * 98 +
            "- x\n" * (values - 1 - 1000 - 98 * 1000))


@pytest.mark.parametrize("values", [99_999, 100_000])
def test_a_yaml_file_may_expand_to_a_hundred_thousand_values(values):
    """C-5252fa (``values > MAX_YAML_VALUES``): a rule or curation file whose aliases expand it to
    100,000 values (or fewer) is read."""
    check_yaml(_expanding_to(values), "data/rules/parties.yaml")


def test_a_yaml_file_expanding_to_one_value_more_is_refused_at_that_line():
    """C-5252fa: one value more (100,001, the last on line 1099) is refused, naming the line."""
    with pytest.raises(RaGraphError) as caught:
        check_yaml(_expanding_to(100_001), "data/rules/parties.yaml")
    assert str(caught.value) == ("data/rules/parties.yaml:1099: expands to more than 100000 values "
                                 "(through aliases?)")
