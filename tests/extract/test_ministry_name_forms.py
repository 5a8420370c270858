"""Every name of a ministry in ``data/vocab/actors.ttl`` is also read after "het ministerie van" and
after each office of ``data/rules/parties.yaml`` ("de minister van", "de staatssecretaris van"): a
clause that names the ministry so binds that ministry, not the Rijk as a whole.  C-ac9335
(``name != label`` in ``gazetteer``: "het ministerie van I&W" read as the Rijk)."""

from __future__ import annotations

import pytest

from ra_graph.core.model import Clause
from ra_graph.core.namespaces import RAI
from ra_graph.extract import gazetteer
from ra_graph.extract.commitments import Context, read_clause


def _obligors(sentence: str) -> list[list[str]]:
    clause = Clause(id="zeeland-2026/2.1/1", number="1", kind="Agreement", line=1, text=sentence, section="2.1")
    ctx = Context(gazetteer.load(), RAI + "provincie-zeeland", 2026)
    return [sorted(i.removeprefix(RAI) for i in c.obligors) for c in read_clause(clause, ctx)]


def _short_names() -> list[tuple[str, str]]:
    """(ministry, name) for every Dutch name of a ministry that is not itself "ministerie van …"."""
    gaz = gazetteer.load()
    return [(iri.removeprefix(RAI), label) for iri, kind in sorted(gaz.types.items()) if kind == "Ministry"
            for label in gaz.labels_of[iri]
            if not label.lower().startswith(("minister", "staatssecretaris")) and not label.startswith("Ministry")]


def test_the_names_include_the_acronyms_and_their_variants():
    names = _short_names()
    assert ("ienw", "I&W") in names and ("vro", "VRO/woningbouw") in names and ("lvvn", "LVVN") in names


@pytest.mark.parametrize(("ministry", "name"), _short_names())
def test_het_ministerie_van_any_name_binds_that_ministry(ministry, name):
    assert _obligors(f"Het ministerie van {name} zorgt ervoor dat de dijk is versterkt.") == [[ministry]]


@pytest.mark.parametrize("office", ["De minister van", "De staatssecretaris van"])
def test_an_office_of_a_ministry_named_in_full_binds_that_ministry(office):
    assert _obligors(f"{office} Landbouw, Visserij, Voedselzekerheid en Natuur zorgt ervoor dat de dijk "
                     "is versterkt.") == [["lvvn"]]
