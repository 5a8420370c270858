"""Texts written by other hands (issue #22 item 2, issue #23 item 3): each reading rule
on sentences and layouts of its own, named by the fact it holds.

The fixtures of the second unseen set (Zuid-Holland 2026, Zeeland 2027, Noord-Brabant
2026; tests/extract/test_unseen.py) measure these rules on whole texts; the tests here
show that each rule reads the language, not one text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ra_graph.core.model import Clause
from ra_graph.core.namespaces import RAI
from ra_graph.extract import gazetteer
from ra_graph.extract.commitments import Context, read_clause
from ra_graph.extract.dates import find_phrases
from ra_graph.extract.segment import has_own_party
from ra_graph.extract.structure import parse_arrangement
from ra_graph.extract.text import artefact_lines

ZEELAND = RAI + "provincie-zeeland"


def read(text: str, lead_in: str | None = None) -> list[tuple]:
    clause = Clause(id="zeeland-2026/2.1/1a", number="1a", kind="Agreement", line=1, text=text, section="2.1",
                    lead_in=lead_in)
    ctx = Context(gazetteer.load(), ZEELAND, 2026)
    return [(sorted(i.removeprefix(RAI) for i in c.obligors), c.modality,
             sorted(i.removeprefix(RAI) for i in c.beneficiaries), c.due_by) for c in read_clause(clause, ctx)]


def due(text: str) -> list[tuple[str, str | None]]:
    return [(p.text, p.due_by) for p in find_phrases(text, year=2026)]


# ------------------------------------------------------------------ deadlines


def test_eerste_helft_van_2027_is_due_2027_06_30():
    assert due("De provincie stelt in de eerste helft van 2027 het plan vast.") == [
        ("in de eerste helft van 2027", "2027-06-30")]


def test_tweede_helft_and_halfjaar_are_due_at_the_end_of_the_year():
    assert due("Rijk en provincie verkennen in de tweede helft van 2026 de kust.") == [
        ("in de tweede helft van 2026", "2026-12-31")]
    assert due("Het ministerie stelt in het eerste halfjaar van 2027 de middelen beschikbaar.") == [
        ("in het eerste halfjaar van 2027", "2027-06-30")]
    assert due("uiterlijk in het tweede halfjaar van 2028") == [("uiterlijk in het tweede halfjaar van 2028",
                                                                 "2028-12-31")]


def test_medio_juni_2026_is_never_dated():
    assert due("Partijen bespreken medio juni 2026 de voortgang.") == [("medio juni 2026", None)]


def test_rond_de_jaarwisseling_is_kept_but_never_dated():
    assert due("Zij bespreken de uitkomsten rond de jaarwisseling met de waterschappen.") == [
        ("rond de jaarwisseling", None)]


def test_medio_and_begin_of_a_year_stay_undated():
    assert due("medio 2028") == [("medio 2028", None)]
    assert due("begin 2027") == [("begin 2027", None)]


# ------------------------------------------------------------------ parties


def test_staatssecretaris_van_ienw_is_ienw():
    assert read("De staatssecretaris van Infrastructuur en Waterstaat neemt in de eerste helft van 2027 een besluit "
                "over de inlaat bij Goes in Zeeland.") == [(["ienw"], "Result", ["provincie-zeeland"], "2027-06-30")]


def test_staatssecretaris_by_acronym_and_minister_in_full_are_their_ministries():
    assert read("De staatssecretaris van LVVN onderzoekt de beheerplannen.") == [
        (["lvvn"], "Research", ["provincie-zeeland"], None)]
    assert read("De minister van Klimaat en Groene Groei zorgt ervoor dat het net is uitgebreid.") == [
        (["kgg"], "Result", ["provincie-zeeland"], None)]


def test_a_place_name_is_never_the_province_when_a_party_is_named():
    # "in Zeeland" is where; the state secretary acts, and the province is the other side
    assert read("De staatssecretaris van Defensie stelt in Q2 2027 een locatiestudie op voor het oefenterrein "
                "in Zeeland.") == [(["defensie"], "Result", ["provincie-zeeland"], "2027-06-30")]


@pytest.mark.parametrize("subject", ["Partijen", "Beide partijen", "De partijen", "Rijk en provincie",
                                     "Het Rijk en de provincie Zeeland"])
def test_collective_subjects_are_the_arrangements_own_parties(subject):
    assert read(f"{subject} spannen zich in om de akkerbouw te behouden.") == [
        (["rijk"], "Effort", ["provincie-zeeland"], None), (["provincie-zeeland"], "Effort", ["rijk"], None)]


def test_partijen_under_a_lead_in_are_the_lead_ins_parties():
    lead_in = "De staatssecretaris van Defensie en de provincie Zeeland maken afspraken over het oefenterrein:"
    assert read("partijen betrekken samen de gemeente bij de locatiekeuze.", lead_in) == [
        (["defensie"], "Effort", ["provincie-zeeland"], None), (["provincie-zeeland"], "Effort", ["defensie"], None)]


def test_the_province_acts_towards_the_one_ministry_of_its_lead_in():
    lead_in = "De minister van LVVN en de provincie Zeeland maken de volgende afspraken over de Peel:"
    assert read("De provincie Zeeland start in de tweede helft van 2026 met de gebiedsprocessen.", lead_in) == [
        (["provincie-zeeland"], "Effort", ["lvvn"], "2026-12-31")]


# ------------------------------------------------------------------ layout


@pytest.mark.parametrize("text, own", [
    ("De provincie Zeeland vertaalt deze scenario's in de omgevingsverordening;", True),
    ("het ministerie van Infrastructuur en Waterstaat levert de scenario's;", True),
    ("Defensie stelt in Q2 2027 een locatiestudie op;", True),
    ("partijen begin 2027 de resultaten evalueren.", True),
    ("de zoetwatervoorraden in kreekruggen beschermt;", False),
    ("de verdeling van taken tussen Rijk, provincie en gemeenten regelt.", False),  # a party, but not the subject
    ("welke gebieden in het Groene Hart open blijven;", False),
    ("de regio Holland Rijnland de plancapaciteit in beeld brengt;", False),  # "regio" is a party only with the Rijk
    ("de gemeenten de locaties aanwijzen;", False),  # not a party to the arrangement
])
def test_a_sub_item_carries_its_own_party_only_as_its_subject(text, own):
    assert has_own_party(text) is own


TEXT = """Ruimtelijk Arrangement Rijk - provincie Zeeland

1. Inleiding

1.1 Aanleiding
Het Rijk en de provincie Zeeland maken afspraken.

2. De afspraken

2.1 Water

1. Rijk en provincie Zeeland leggen de volgende taken vast:
a) het ministerie van Infrastructuur en Waterstaat levert in Q4 2027 de scenario's;
b) de provincie Zeeland vertaalt deze scenario's in 2028 in de omgevingsverordening.

2. De provincie Zeeland stelt een zoetwaterplan op dat:
i. de zoetwatervoorraden beschermt;
ii. de inlaat regelt; en
iii. de verzilting beperkt.

{items}

3. Overige aspecten

3.1 Looptijd afspraken
De afspraken gelden tot het overleg van juni 2027.
"""


def _parse(tmp_path: Path, items: str = "3. Het Rijk levert de kaarten."):
    path = tmp_path / "ra-zeeland-2026.txt"
    path.write_text(TEXT.format(items=items), encoding="utf-8")
    return parse_arrangement(path)


def test_lettered_sub_items_with_their_own_parties_are_clauses(tmp_path):
    arr = _parse(tmp_path)
    assert [(c.number, c.line) for c in arr.clauses] == [("1a", 13), ("1b", 14), ("2", 16), ("3", 21)]
    assert arr.clauses[0].lead_in == "Rijk en provincie Zeeland leggen de volgende taken vast:"
    assert arr.coverage[12] == "lead-in" and arr.unaccounted == []


def test_roman_sub_items_completing_the_sentence_are_part_of_the_item(tmp_path):
    clause = _parse(tmp_path).clauses[2]
    assert clause.text == ("De provincie Zeeland stelt een zoetwaterplan op dat: de zoetwatervoorraden beschermt; "
                           "de inlaat regelt; en de verzilting beperkt.")


def test_three_digit_item_numbers_are_read(tmp_path):
    arr = _parse(tmp_path, "101. Het Rijk levert de kaarten.\n\n102. De provincie Zeeland toetst de kaarten.")
    assert [c.number for c in arr.clauses] == ["1a", "1b", "2", "101", "102"]
    # in one list with 1 and 2 the jump is reported (a range, not 98 numbers)
    assert [(u.line, u.reason) for u in arr.unaccounted] == [(21, "numbering skips 3 to 100 before item 101")]


def test_a_three_digit_number_without_its_dot_is_no_item(tmp_path):
    arr = _parse(tmp_path, "3. Het Rijk levert de kaarten van de\n250 kilometer lange kust.")
    assert arr.clauses[-1].number == "3" and arr.clauses[-1].text.endswith("250 kilometer lange kust.")


def test_a_lettered_list_outside_any_item_is_warned_about_not_merged(tmp_path):
    arr = _parse(tmp_path, "3. Het Rijk levert de kaarten.\n\nToelichting\na. De provincie stelt een plan op.\n"
                           "b. Het Rijk toetst het plan.")
    assert arr.clauses[-1].number == "3" and "De provincie stelt" not in arr.clauses[-1].text
    assert [u.reason.split(";")[0] for u in arr.unaccounted] == [
        "lettered or roman sub-items read as context (no item or block they belong to)"] * 2


def test_a_wrapped_afspraken_at_a_line_end_is_no_marker(tmp_path):
    arr = _parse(tmp_path, "3. Over de kust maken Rijk en provincie de volgende\nafspraken:\n"
                           "a. Het Rijk levert de kaarten.\nb. De provincie Zeeland toetst de kaarten.")
    assert [c.number for c in arr.clauses][-2:] == ["3a", "3b"]


@pytest.mark.parametrize("marker", ["Programma.1", "Programma (PMN)1.", "PMN1.", "‘Programma’1."])
def test_footnotes_never_end_an_item_list(tmp_path, marker):
    items = (f"3. Het Rijk levert de kaarten voor het {marker} \n\n\n"
             "1 Het Programma is in 2023 gestart. \n\n7 \nRuimtelijk Arrangement Rijk - provincie Zeeland \n\n"
             "4. De provincie Zeeland toetst de kaarten.")
    arr = _parse(tmp_path, items)
    assert [c.number for c in arr.clauses][-2:] == ["3", "4"]
    assert arr.unaccounted == []


def test_a_paragraph_between_items_is_warned_about_and_the_list_goes_on(tmp_path):
    arr = _parse(tmp_path, "3. Het Rijk levert de kaarten.\n\nEen losse opmerking.\n\n"
                           "4. De provincie Zeeland toetst de kaarten.")
    assert [c.number for c in arr.clauses][-2:] == ["3", "4"]
    assert [(u.line, u.reason) for u in arr.unaccounted] == [
        (23, "paragraph between two items of one list read as context (the list goes on after it)")]


def test_a_running_header_without_its_page_number_is_an_artefact():
    lines = ["Titel", "", "tekst", "", "7", "Ruimtelijk Arrangement Rijk - provincie Zeeland", "", "meer tekst", "",
             "Ruimtelijk Arrangement Rijk - provincie Zeeland", "", "slot"]
    assert artefact_lines(lines) == {5: "page number", 6: "running header", 10: "running header"}


def test_an_agenda_chapter_of_its_own_is_read_as_agenda_items(tmp_path):
    text = TEXT.format(items="3. Het Rijk levert de kaarten.").replace(
        "3. Overige aspecten", "3. Agenda voor het volgende arrangement\n\nRijk en provincie Zeeland werken de "
        "volgende agendapunten verder uit tot afspraken:\n\n- De kust.\n- De Schelde.\n\n4. Overige aspecten").replace(
        "3.1 Looptijd", "4.1 Looptijd")
    path = tmp_path / "ra-zeeland-2026.txt"
    path.write_text(text, encoding="utf-8")
    arr = parse_arrangement(path)
    assert [(c.id, c.kind) for c in arr.clauses if c.section == "3"] == [
        ("zeeland-2026/3/agenda-1", "AgendaItem"), ("zeeland-2026/3/agenda-2", "AgendaItem")]


def test_commitment_wording_outside_the_agreements_chapter_is_warned_about(tmp_path):
    text = TEXT.format(items="3. Het Rijk levert de kaarten.").replace(
        "Het Rijk en de provincie Zeeland maken afspraken.",
        "Het Rijk en de provincie Zeeland maken afspraken. De provincie Zeeland stelt in 2027 een kustvisie vast.")
    path = tmp_path / "ra-zeeland-2026.txt"
    path.write_text(text, encoding="utf-8")
    arr = parse_arrangement(path)
    assert [(u.line, u.reason, u.section) for u in arr.unaccounted] == [
        (6, "commitment wording outside the agreements chapter (not read as a clause)", "1.1")]
    assert arr.coverage[6] == "unaccounted"


def test_descriptions_of_ongoing_work_in_an_introduction_are_not_warned_about(tmp_path):
    text = TEXT.format(items="3. Het Rijk levert de kaarten.").replace(
        "Het Rijk en de provincie Zeeland maken afspraken.",
        "De provincie Zeeland werkt aan haar omgevingsvisie, die in 2027 wordt vastgesteld.")
    path = tmp_path / "ra-zeeland-2026.txt"
    path.write_text(text, encoding="utf-8")
    assert parse_arrangement(path).unaccounted == []


# ------------------------------------------------------------------ what the held-out text (Flevoland 2027) added


def test_eerste_jaarhelft_van_2027_is_due_2027_06_30():
    assert due("in de eerste jaarhelft van 2027") == [("in de eerste jaarhelft van 2027", "2027-06-30")]


def test_beide_overheden_are_the_arrangements_own_parties():
    assert read("Beide overheden spannen zich in om de verbinding in het MIRT te houden.") == [
        (["rijk"], "Effort", ["provincie-zeeland"], None), (["provincie-zeeland"], "Effort", ["rijk"], None)]


def test_minister_voor_vro_is_vro_and_vaststelt_is_a_result():
    lead_in = "Het Rijk en de provincie Zeeland komen overeen dat:"
    assert read("de minister voor Volkshuisvesting en Ruimtelijke Ordening in de eerste jaarhelft van 2027 de "
                "rijksbijdrage vaststelt;", lead_in) == [(["vro"], "Result", ["provincie-zeeland"], "2027-06-30")]


def test_items_numbered_with_a_bracket_and_bracketed_romans_are_read(tmp_path):
    arr = _parse(tmp_path, "3) Rijk en provincie maken afspraken over de landbouwgrond:\n"
                           "(i) het ministerie van LVVN onderzoekt in 2027 de bodemdaling;\n"
                           "(ii) de provincie Zeeland stelt in Q1 2027 een grondbankregeling op.\n\n"
                           "4) Het Rijk levert de kaarten.")
    assert [(c.number, c.line) for c in arr.clauses][-3:] == [("3i", 22), ("3ii", 23), ("4", 25)]
    assert arr.unaccounted == []


def test_an_office_the_vocabulary_does_not_know_is_the_rijk_never_the_place_after_it():
    # "Zeeland" is what the minister supports, not who acts; the office is on the Rijk side
    assert read("De minister van Asiel en Migratie ondersteunt Zeeland bij de opvang.") == [
        (["rijk"], "Effort", ["provincie-zeeland"], None)]
    assert read("De staatssecretaris van Fiscaliteit maakt Zeeland in 2027 klimaatbestendig.") == [
        (["rijk"], "Effort", ["provincie-zeeland"], "2027-12-31")]
    # a known office stays its ministry
    assert read("De staatssecretaris van Infrastructuur en Waterstaat maakt Zeeland in 2027 klimaatbestendig.") == [
        (["ienw"], "Effort", ["provincie-zeeland"], "2027-12-31")]


def test_gaan_na_de_zomer_is_no_research_but_gaat_na_of_is():
    assert read("Rijk en provincie gaan na de zomer van 2026 met elkaar in gesprek over de kassen.") == [
        (["rijk"], "Dialogue", ["provincie-zeeland"], None), (["provincie-zeeland"], "Dialogue", ["rijk"], None)]
    assert read("Het Rijk gaat na of de kassen kunnen verhuizen.") == [
        (["rijk"], "Research", ["provincie-zeeland"], None)]
