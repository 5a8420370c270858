"""Who owes what to whom: the reading rules on real clauses of both texts.

``raw`` is the extractor alone (curation off): where a rule should get a
clause right, it must.  ``final`` is with the curation overlay: the answer
the shipped graph gives.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from ra_graph.core import paths
from ra_graph.core.namespaces import RAI
from ra_graph.extract import curate
from ra_graph.extract.pipeline import draft

FIXTURES = Path(__file__).parents[1] / "fixtures" / "commitments"
SOURCES = paths.SOURCES


@lru_cache(maxsize=None)
def _draft(name: str):
    path = FIXTURES / name if name.startswith("ra-zeeland") else SOURCES / name
    return draft(path)


def _clauses(name: str, curated: bool) -> dict:
    arrangement = _draft(name)
    if curated:
        arrangement = curate.apply_overlay(arrangement)
    return {c.id: c for c in arrangement.clauses}


def clause(clause_id: str, *, curated: bool = False):
    name = f"ra-{clause_id.split('/')[0]}.txt"
    return _clauses(name, curated)[clause_id]


def s(iris) -> list[str]:
    return [i.removeprefix(RAI) for i in iris]


def summary(c) -> list[tuple]:
    return [(s(k.obligors), k.modality, s(k.beneficiaries), s(k.requested_by)) for k in c.commitments]


def test_joint_clause_gives_one_commitment_per_side_with_deadline():
    c = clause("groningen-2025/2.1/3")
    assert summary(c) == [(["rijk"], "Effort", ["provincie-groningen"], []),
                          (["provincie-groningen"], "Effort", ["rijk"], [])]
    assert {(k.due_text, k.due_by) for k in c.commitments} == {("in 2026", "2026-12-31")}
    assert "joint" in c.commitments[0].note


@pytest.mark.parametrize("clause_id", ["groningen-2025/2.4/drinkwater-2", "drenthe-2025/3.1/2.2"])
def test_request_makes_the_asked_party_the_obligor(clause_id):
    c = clause(clause_id)
    province = "provincie-" + clause_id.split("/")[0].removesuffix("-2025")
    assert summary(c)[0] == ([province], "Request", ["rijk"], ["rijk"])


def test_request_after_own_effort_drenthe_1_4():
    c = clause("drenthe-2025/3.1/1.4")
    assert summary(c) == [(["rijk"], "Effort", ["provincie-drenthe"], []),
                          (["provincie-drenthe"], "Request", ["rijk"], ["rijk"])]
    assert s(c.commitments[0].partners) == ["decentrale-overheden"]
    assert s(c.commitments[0].programmes) == ["deltaplan-ruimtelijke-adaptatie"]


def test_two_subjects_two_commitments_drenthe_1_3():
    assert summary(clause("drenthe-2025/3.1/1.3")) == [
        (["provincie-drenthe"], "Effort", ["rijk"], []),
        (["rijk"], "Acknowledgement", ["provincie-drenthe"], [])]


@pytest.mark.parametrize("clause_id, modality", [
    ("groningen-2025/2.6/agenda-1", "Effort"), ("groningen-2025/2.4/zoetwater-4", "Result")])
def test_passive_clause_takes_the_parties_of_its_lead_in(clause_id, modality):
    c = clause(clause_id)
    assert summary(c) == [(["rijk"], modality, ["provincie-groningen"], []),
                          (["provincie-groningen"], modality, ["rijk"], [])]
    assert {k.basis for k in c.commitments} == {"FromRule"}


def test_passive_clause_without_party_gets_no_obligor():
    c = clause("drenthe-2025/3.2/1")
    assert len(c.commitments) == 1
    k = c.commitments[0]
    assert k.obligors == [] and k.beneficiaries == []
    assert set(s(k.mentions)) == {"provincie-drenthe", "lvvn"}  # named in the condition only
    assert "no-party" in k.note
    assert clause("drenthe-2025/3.2/1", curated=True).commitments[0].obligors == []


def test_cooperating_parties_are_partners_not_obligors():
    c = clause("drenthe-2025/3.1/1.1")
    assert summary(c) == [(["rijk"], "Effort", ["provincie-drenthe"], []),
                          (["provincie-drenthe"], "Effort", ["rijk"], [])]
    for k in c.commitments:
        assert {"gemeenten", "waterschappen", "rws"} <= set(s(k.partners))
        assert s(k.programmes) == ["deltaprogramma-zoetwater"]


def test_partner_in_fronted_phrase_drenthe_3_3_9_and_deadline():
    c = clause("drenthe-2025/3.3/9")
    assert summary(c) == [(["provincie-drenthe"], "Effort", ["rijk"], [])]
    assert s(c.commitments[0].partners) == ["defensie", "ez"]
    assert (c.commitments[0].due_text, c.commitments[0].due_by) == ("in augustus 2025", "2025-08-31")


def test_named_ministries_are_obligors_themselves():
    c = clause("groningen-2025/2.4/veenweide-4")
    assert summary(c) == [(["lvvn", "ienw", "vro"], "Effort", ["provincie-groningen"], []),
                          (["provincie-groningen"], "Request", ["rijk"], ["rijk"])]
    assert c.commitments[0].carried_by == []
    ocw = clause("drenthe-2025/3.6/5")
    assert summary(ocw)[:2] == [(["ocw"], "Research", ["provincie-drenthe"], []),
                                (["provincie-drenthe"], "Research", ["ocw"], [])]


def test_carried_by_from_rule_and_from_text():
    rule = clause("groningen-2025/2.6/agenda-1").commitments[0]
    assert (s(rule.carried_by), rule.carried_by_basis) == (["lvvn"], "FromRule")
    text = clause("drenthe-2025/3.6/1").commitments[0]  # section "Erfgoed en cultuurhistorie (OCW)"
    assert (s(text.obligors), s(text.carried_by), text.carried_by_basis) == (["rijk"], ["ocw"], "FromText")


def test_carried_by_named_in_the_sentence():
    from ra_graph.core.model import Clause
    from ra_graph.extract import gazetteer
    from ra_graph.extract.commitments import Context, read_clause

    ctx = Context(gazetteer.load(), RAI + "provincie-groningen", 2025, RAI + "lvvn", "FromRule")
    text = ("Het Rijk maakt afspraken met de provincies en trekt hiervoor samen op met de minister "
            "van VRO die het proces rond NOVEX coördineert.")
    k = read_clause(Clause("x/1/1", "1", "Agreement", 1, text, "1"), ctx)[0]
    assert (s(k.obligors), s(k.carried_by), k.carried_by_basis) == (["rijk"], ["vro"], "FromText")


@pytest.mark.parametrize("condition", ["Voor zover", "Indien", "Mits"])
def test_a_party_named_in_a_condition_is_not_the_obligor(condition):
    """"Voor zover de provincie ..., zet het Rijk zich in": the Rijk acts; the province only sets the
    condition (the shipped texts name parties in conditions only after a preposition, so a new one must)."""
    from ra_graph.core.model import Clause
    from ra_graph.extract import gazetteer
    from ra_graph.extract.commitments import Context, read_clause

    ctx = Context(gazetteer.load(), RAI + "provincie-groningen", 2025, RAI + "vro", "FromRule")
    text = (f"{condition} de provincie Groningen dat wenst, zet het Rijk zich in voor de ontsluiting van "
            "woningbouwlocaties.")
    (k,) = read_clause(Clause("x/1/1", "1", "Agreement", 1, text, "1"), ctx)
    assert (s(k.obligors), k.modality, s(k.beneficiaries), s(k.carried_by)) == (
        ["rijk"], "Effort", ["provincie-groningen"], ["vro"])
    assert "condition" in k.note


def test_vague_deadline_and_horizon():
    k = clause("drenthe-2025/3.5/1").commitments[0]
    assert (s(k.obligors), k.due_text, k.due_by) == (["vro"], "de komende maanden", None)
    assert "2050" not in (clause("groningen-2025/2.1/1").commitments[0].due_text or "")


def test_principles_are_acknowledged_by_the_province():
    for n in (1, 2, 3):
        c = clause(f"drenthe-2025/3.5/principe-{n}")
        assert [(s(k.obligors), k.modality, k.basis) for k in c.commitments] == \
            [(["provincie-drenthe"], "Acknowledgement", "FromRule")]


def test_earlier_agreements_point_to_their_meeting():
    assert clause("drenthe-2025/3.1/eerder-1").meetings == [RAI + "bo-leefomgeving-2024-11"]
    assert clause("drenthe-2025/3.3/eerder-1").meetings == [RAI + "bo-leefomgeving-2024-11"]  # "BOL 06/11/24"
    assert clause("drenthe-2025/3.5/eerder-1").meetings == [RAI + "do-2024-12-18"]
    # "(BOL juni 2024 en DO december 2024)": both meetings
    assert clause("drenthe-2025/3.3/eerder-2").meetings == [RAI + "bo-leefomgeving-2024-06", RAI + "do-2024-12-18"]


def test_section_lead_ministry_and_themes():
    sections = {x.number: x for x in _draft("ra-drenthe-2025.txt").sections}
    assert (s([sections["3.6"].lead_ministry]), sections["3.6"].lead_ministry_basis) == (["ocw"], "FromText")
    assert (s([sections["3.1"].lead_ministry]), sections["3.1"].lead_ministry_basis) == (["ienw"], "FromRule")
    assert sections["3.3"].lead_ministry is None  # Energie (KGG) and economie (EZ): no single lead
    assert "deltaprogramma-zoetwater" in s(sections["3.1"].mentions)


def test_ellipsis_bullet_continues_previous_subject():
    c = clause("groningen-2025/2.7/2.3")
    assert [s(k.obligors) for k in c.commitments] == [["rijk"], ["provincie-groningen"]]


def test_curation_corrects_and_says_so():
    raw = clause("groningen-2025/2.4/veenweide-5")
    assert [s(k.obligors) for k in raw.commitments] == [["rijk"], ["provincie-groningen"]]
    final = clause("groningen-2025/2.4/veenweide-5", curated=True)
    assert summary(final) == [(["rijk"], "Statement", [], [])]
    assert final.commitments[0].basis == "FromCuration"
    assert final.commitments[0].note.startswith("curation groningen-2025.yaml:")
    assert final.curated


def test_synthetic_third_province_zeeland():
    arrangement = _draft("ra-zeeland-2026.txt")
    assert (arrangement.slug, s([arrangement.province])) == ("zeeland-2026", ["provincie-zeeland"])
    got = {c.id: [(s(k.obligors), k.modality, s(k.beneficiaries), s(k.requested_by), s(k.partners),
                   s(k.carried_by), k.due_by, k.basis) for k in c.commitments]
           for c in arrangement.clauses}
    assert got == {
        "zeeland-2026/2.1/1": [(["rijk"], "Dialogue", ["provincie-zeeland"], [], [], ["vro"], "2026-12-31", "FromText"),
                          (["provincie-zeeland"], "Dialogue", ["rijk"], [], [], [], "2026-12-31", "FromText")],
        "zeeland-2026/2.1/2": [(["provincie-zeeland"], "Request", ["rijk"], ["rijk"], [], [], None, "FromText")],
        "zeeland-2026/2.2/zoetwater-1": [
            (["rijk"], "Result", ["provincie-zeeland"], [], [], ["ienw"], None, "FromRule"),
            (["provincie-zeeland"], "Result", ["rijk"], [], [], [], None, "FromRule")],
        "zeeland-2026/2.2/zoetwater-2": [
            (["ienw", "lvvn"], "Research", ["provincie-zeeland"], [], ["waterschappen"], [], None, "FromText"),
            (["provincie-zeeland"], "Result", ["rijk"], [], [], [], "2026-03-31", "FromText")],
    }


def _reading(text: str, province: str = "provincie-drenthe") -> tuple[list[str], list[str], list[str]]:
    """(acting parties, other parties named, places) of one sentence, read alone."""
    from ra_graph.extract import gazetteer
    from ra_graph.extract.commitments import Context, read_sentence

    r = read_sentence(text, Context(gazetteer.load(), RAI + province, 2025, RAI + "lvvn", "FromRule"))
    return s(r.actors), s(r.mentions), s(r.locations)


@pytest.mark.parametrize(("text", "reading"), [
    ("Het Rijk en de provincie versterken samen de economische positie van Groningen-Assen.",
     (["rijk", "provincie-drenthe"], [], ["regio-groningen-assen"])),
    ("Groningen-Assen ontwikkelt zich tot de economische kern van Noord-Nederland.",
     ([], [], ["regio-groningen-assen", "noord-nederland"])),
])
def test_a_place_name_that_starts_with_an_actor_name_is_the_place(text, reading):
    """"Groningen-Assen" (a NOVEX area) begins where the actor name "Groningen" begins: the longer
    place name wins, so the province of Groningen is neither named nor made the subject -- also
    when the two names start at the same character, with no capitalised word after the actor name
    (the hyphen) that would make it part of a longer name anyway."""
    assert _reading(text) == reading


def test_a_name_that_starts_where_a_range_ends_does_not_overlap_it():
    """Ranges are half open: "de provincie Drenthe" starts where the words before it end, and is not
    among the names overlapping them (``_Spans`` finds the clashes of places and actors and the
    names glued to a name)."""
    from ra_graph.extract import gazetteer
    from ra_graph.extract.commitments import _Spans

    text = "Het Rijk en de provincie Drenthe werken samen aan de woningbouw."
    actors = gazetteer.load().find(text, "actor")
    assert [m.surface for m in actors] == ["Het Rijk", "de provincie Drenthe"]
    spans = _Spans(actors)
    province = text.index("de provincie")
    assert [m.surface for m in spans.overlapping(0, province)] == ["Het Rijk"]
    assert [m.surface for m in spans.overlapping(0, province + 1)] == ["Het Rijk", "de provincie Drenthe"]


def test_a_place_name_after_the_article_of_an_actor_name_is_the_place():
    """The actor "de regio" takes in its article, the place "regio Zuid- en Oost-Drenthe" starts after
    it: the longer place name still wins (it was dropped, and with it drenthe-2025/3.5/2's
    "de Regio Zwolle")."""
    assert _reading("Het Rijk ondersteunt de regio Zuid- en Oost-Drenthe bij de woningbouw.") == (
        ["rijk"], [], ["zuid-en-oost-drenthe"])
    assert _reading("De Regio Zwolle en het Rijk werken samen aan de woningbouw.") == (["rijk"], [], ["regio-zwolle"])
    c = clause("drenthe-2025/3.5/2")
    assert [s(k.locations) for k in c.commitments] == [["regio-groningen-assen", "regio-zwolle",
                                                        "zuid-en-oost-drenthe"]] * 2


@pytest.mark.parametrize(("text", "reading"), [
    ("Het Rijk en de provincie werken samen aan de uitwerking van het NOVEX-gebied Groningen.",
     (["rijk", "provincie-groningen"], [], ["novex-gebied-groningen"])),
    ("Het NOVEX-gebied Groningen wordt verder uitgewerkt in een ontwikkelperspectief.",
     ([], [], ["novex-gebied-groningen"])),
])
def test_a_place_name_that_ends_with_an_actor_name_is_the_place(text, reading):
    """"NOVEX-gebied Groningen" ends where the actor name "Groningen" ends: the place wins, so the
    province is not named again nor made the subject of a passive sentence -- the word before the
    name ("NOVEX-gebied") is no plain capitalised word that would make it a longer name anyway."""
    assert _reading(text, "provincie-groningen") == reading
