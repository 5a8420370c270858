"""A name of at most six characters with two or more capitals is an acronym and is matched only in
its own case ("ORTESE", not the word "ortese"); a longer name is matched in any case.
C-66eff3 (``len(label) <= 6`` in ``_is_acronym``)."""

from __future__ import annotations

import pytest

from ra_graph.extract.gazetteer import Gazetteer


def _gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    gaz.add("programme", "ORTESE", "urn:six")
    gaz.add("programme", "PAWOZ-E", "urn:seven")
    return gaz


@pytest.mark.parametrize(("text", "found"), [
    ("het ORTESE overleg", ["urn:six"]),
    ("het ortese overleg", []),
    ("het Ortese overleg", []),
    ("het PAWOZ-E overleg", ["urn:seven"]),
    ("het pawoz-e overleg", ["urn:seven"]),
])
def test_an_acronym_of_six_characters_keeps_its_case(text, found):
    assert [m.iri for m in _gazetteer().find(text, "programme")] == found
