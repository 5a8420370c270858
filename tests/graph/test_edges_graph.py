"""Boundaries of ra_graph/graph/ the systematic mutants found unheld (issue #25): each test names its mutants."""

from __future__ import annotations

import pytest

from ra_graph.core.model import Arrangement, Section
from ra_graph.graph import cache
from ra_graph.graph.build import _which

RAI = "https://w3id.org/ra-graph/id/"


# -- cache: the type check of a cached reading --------------------------------------------------

def _section(context: list) -> Section:
    return Section("3.3", "Wonen", 339, context=context)


def test_a_cached_context_paragraph_of_three_parts_is_refused():
    """C-fe3f19 (``len(args) == len(v)``): a section's context paragraph is a (line, text) pair;
    a cached reading whose paragraph has a third part (or only one) is refused with the walk's
    message and made again, one of two parts passes."""
    good = _section([(340, "Drenthe kent een toenemende woningvraag.")])
    cache.check_types(good, where="section")
    for bad, shown in (((340, "Drenthe kent een toenemende woningvraag.", "extra"), "(340, …, 'extra')"),
                       ((340,), "(340,)")):
        with pytest.raises(TypeError) as caught:
            cache.check_types(_section([bad]), where="section")
        assert str(caught.value) == "section.context[0]: not a tuple of 2", shown


def test_a_tuple_of_the_declared_length_passes_the_quick_check():
    """C-fe3f19: the quick predicate (``_holds``) answers yes for a tuple of the declared length
    and types, no for one longer or shorter, as the walk (``_check``) does."""
    holds = cache._holds(tuple[int, str])
    assert [holds(v) for v in ((340, "tekst"), (340, "tekst", "extra"), (340,), ("340", "tekst"))] == [
        True, False, False, False]
    assert cache._holds(tuple)((1, 2, 3)) is True  # no arguments: any length


# -- build: the summary names up to six arrangements -------------------------------------------

def _arrangement(province: str, year: int) -> Arrangement:
    return Arrangement(province, f"{province}-{year}", f"Ruimtelijk Arrangement Rijk - provincie {province}",
                       f"{RAI}provincie-{province}", year, f"ra-{province}-{year}.txt", "0" * 64)


SIX = [_arrangement(p, y) for p in ("drenthe", "fryslan", "groningen") for y in (2025, 2026)]


def test_the_build_summary_names_six_arrangements_and_counts_seven():
    """N-f3ced7 (``len(arrangements) <= 6``): the build's summary line names the arrangements
    built while there are at most six, and says provinces and years from seven on."""
    assert _which(SIX) == ("drenthe-2025, drenthe-2026, fryslan-2025, fryslan-2026, "
                           "groningen-2025, groningen-2026")
    assert _which(SIX[:5]) == "drenthe-2025, drenthe-2026, fryslan-2025, fryslan-2026, groningen-2025"
    assert _which([*SIX, _arrangement("utrecht", 2024)]) == "4 province(s), 2024-2026"
