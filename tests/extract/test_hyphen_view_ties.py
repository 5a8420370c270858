"""A name the text itself holds wins over a reading of the text without its line-break hyphens
that covers exactly the same characters: the view only adds what is new or longer.
C-824963 (``f.end - f.start < end - start``)."""

from __future__ import annotations

from ra_graph.extract.gazetteer import Gazetteer


def _gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    gaz.add("programme", "stik-stof", "urn:hyphenated")
    gaz.add("programme", "stikstof", "urn:joined")
    gaz.add("programme", "stikstofaanpak west", "urn:longer")
    return gaz


def _found(text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start, m.end, m.iri, m.surface) for m in _gazetteer().find(text, "programme")]


def test_the_texts_own_name_wins_over_an_equally_long_one_read_without_the_hyphen():
    assert _found("de stik-stof aanpak") == [(3, 12, "urn:hyphenated", "stik-stof")]


def test_a_longer_name_read_without_the_hyphen_replaces_the_shorter_one():
    assert _found("de stikstof-aanpak west") == [(3, 23, "urn:longer", "stikstof-aanpak west")]
