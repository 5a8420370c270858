"""Spans are half-open: two that only touch do not overlap.  Names that end or start with a sign
(a label such as "Rijkswaterstaat (RWS)" or "’s-Hertogenbosch") can touch what stands next to them
with nothing in between, and must then be read as separate.  C-4e2a2d, C-56b24c, C-779532."""

from __future__ import annotations

from ra_graph.extract import commitments, dates
from ra_graph.extract.gazetteer import Mention

RWS = "https://w3id.org/ra-graph/id/rws"


def test_a_date_touching_a_masked_span_is_not_inside_it():
    """C-4e2a2d (``span[0] < end``): dates._overlaps, both sides of a touch and one character in."""
    assert [dates._overlaps((5, 10), spans) for spans in ([(0, 5)], [(10, 12)], [(0, 6)], [(9, 12)])] == \
        [False, False, True, True]


def test_a_partner_ending_right_before_samen_is_a_partner(monkeypatch):
    """C-56b24c (``a.end <= m.end(1)``): in "werken met … samen" a name that ends where "samen"
    begins (a label ending in a sign) is still between the two words."""
    monkeypatch.setattr(commitments, "party_rules", lambda: {"partner_cues": [{"open": "met", "until": "samen"}]})
    sentence = "Zij werken met Rijkswaterstaat (RWS)samen."
    start, end = sentence.index("Rijkswaterstaat"), sentence.index("samen")
    mention = Mention(start, end, RWS, "actor", sentence[start:end])
    assert commitments._partner_spans(sentence, [mention]) == {id(mention)}


def test_a_name_ending_where_an_unknown_office_begins_stays_a_name():
    """C-779532 (``o.start < a.end``): a name that ends where the office's words begin is kept
    beside the Rijk; one that reaches a character into the office is the office's."""
    text = "Rijkswaterstaat (RWS)de minister van Asiel en Migratie ondersteunt."
    begin = text.index("de minister")
    touching = Mention(0, begin, RWS, "actor", text[:begin])
    overlapping = Mention(begin - 4, begin + 1, RWS, "actor", text[begin - 4:begin + 1])
    assert [(m.start, m.iri) for m in commitments._unknown_offices(text, [touching])] == \
        [(0, RWS), (begin, commitments.RIJK)]
    assert [(m.start, m.iri) for m in commitments._unknown_offices(text, [overlapping])] == \
        [(begin, commitments.RIJK)]
