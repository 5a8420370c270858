"""Deadlines: which time phrase, and a date only when the text fixes one."""

from __future__ import annotations

import pytest

from ra_graph.extract.dates import deadline, find_phrases


@pytest.mark.parametrize("text, due_text, due_by", [
    ("Het Rijk en de provincie Groningen gaan in 2026 met elkaar in gesprek", "in 2026", "2026-12-31"),
    ("In 2026 geven zij invulling", "In 2026", "2026-12-31"),
    ("onderzoek dat in Q1 2026 wordt afgerond", "in Q1 2026", "2026-03-31"),
    ("uiterlijk Q3 2026", "uiterlijk Q3 2026", "2026-09-30"),
    ("Besluitvorming over de tunnel is eind 2026 voorzien", "eind 2026", "2026-12-31"),
    ("Het is de bedoeling deze in augustus 2025 aan te kunnen bieden", "in augustus 2025", "2025-08-31"),
    ("augustus 2025", "augustus 2025", "2025-08-31"),
    ("eind mei 2026", "eind mei 2026", "2026-05-31"),
    ("in februari 2028", "in februari 2028", "2028-02-29"),
    ("vóór 1 juli 2026", "vóór 1 juli 2026", "2026-06-30"),
    ("uiterlijk 15 maart 2026", "uiterlijk 15 maart 2026", "2026-03-15"),
    ("in het tweede kwartaal van 2026", "in het tweede kwartaal van 2026", "2026-06-30"),
    ("dienen in 2030 in te zijn gevuld", "in 2030", "2030-12-31"),
    ("vóór 2027", "vóór 2027", "2026-12-31"),
])
def test_determinable_deadlines(text, due_text, due_by):
    assert deadline(text) == (due_text, due_by)


@pytest.mark.parametrize("text, due_text", [
    ("geven de komende maanden verder invulling", "de komende maanden"),
    ("Rijk en provincie gaan zich in de komende periode inzetten", "in de komende periode"),
    ("de komende tijd zullen de beleidslijnen worden afgestemd", "de komende tijd"),
    ("spreken af dat zo snel mogelijk na het vaststellen van de nota Ruimte voor Defensie het gebiedsproces",
     "zo snel mogelijk na het vaststellen van de nota Ruimte voor Defensie"),
    ("om tijdens het BO Leefomgeving van 2025 over deze vraagstukken afspraken te maken",
     "tijdens het BO Leefomgeving van 2025"),
    ("streeft ernaar voor de zomer tot besluitvorming te komen", "voor de zomer"),
    ("DG-overleg in het voorjaar van 2026", "in het voorjaar van 2026"),
    ("voorjaar 2026", "voorjaar 2026"),
    ("begin 2026", "begin 2026"),
    ("medio 2026", "medio 2026"),
])
def test_vague_phrases_have_text_but_no_date(text, due_text):
    assert deadline(text) == (due_text, None)


@pytest.mark.parametrize("text", [
    "de toekomstige woningbouwopgave en -ambities richting 2050",
    "Al deze visies bevatten de ruimtelijke keuzes voor 2030, 2050 en 2100.",
    "Richting 2050 en 2100 willen we veel meer",
    # every horizon word before a bare year: no rule reads a bare year (no mask needed, issue #25)
    "De vraag groeit tot 2040 en rond 2050, vanaf 2026 en na 2030 sterker dan sinds 2020.",
    "de uitvoering van het Actieprogramma Beschikbaarheid Drinkwaterbronnen 2023-2030.",
    "De deltabeslissing wordt geborgd in het Nationaal Water Programma 2028.",
    "De Regio Deal Zuid- en Oost-Drenthe II (2023-2029) is een katalysator",
    "benutten bestaande bouw, verbouw van boerderijen voor woningen (DO 18 december 2024)",
    "(Afspraak gemaakt BOL 06/11/24.)",
    "In het DO van december 2024 heeft OCW aangegeven na te gaan of extra Rijksinzet mogelijk is",
    "Op basis van de onderzoeksresultaten heeft het kabinet in 2025 besloten om 4GW aan te landen",
    "Op 6 oktober 2025 hebben Rijk en regio daarom de startbeslissing genomen",
    "Tot 2030 zijn er afspraken gemaakt om 28.500 woningen te bouwen",
])
def test_not_deadlines(text):
    assert deadline(text) == (None, None)


def test_this_year_needs_the_arrangement_year():
    assert deadline("in het tweede kwartaal van dit jaar", year=2025) == \
        ("in het tweede kwartaal van dit jaar", "2025-06-30")
    assert deadline("in het tweede kwartaal van dit jaar") == ("in het tweede kwartaal van dit jaar", None)


def test_several_phrases_are_joined_and_the_earliest_date_wins():
    assert deadline("eind 2026 en in Q2 2026") == ("eind 2026; in Q2 2026", "2026-06-30")


def test_programme_spans_mask_their_years():
    text = "binnen de Woontop 2026 afspraken"
    start = text.index("Woontop")
    assert find_phrases(text, mask=[(start, start + len("Woontop 2026"))]) == []


@pytest.mark.parametrize("text, due_by", [
    # every quarter ends on the last day of its third month
    ("in Q1 2026", "2026-03-31"), ("in Q2 2026", "2026-06-30"), ("in Q3 2026", "2026-09-30"),
    ("in Q4 2026", "2026-12-31"),
    ("in het eerste kwartaal van 2026", "2026-03-31"), ("in het derde kwartaal van 2026", "2026-09-30"),
    ("in het vierde kwartaal van 2026", "2026-12-31"), ("in het laatste kwartaal van 2026", "2026-12-31"),
    # a year, its end, a month: the period's last day
    ("eind 2026", "2026-12-31"), ("in 2026", "2026-12-31"), ("uiterlijk in 2027", "2027-12-31"),
    ("augustus 2025", "2025-08-31"), ("in april 2026", "2026-04-30"), ("in december 2026", "2026-12-31"),
    ("eind januari 2027", "2027-01-31"),
    # February: 29 days in leap years (2028, 2000), 28 otherwise (2026, 2100)
    ("in februari 2028", "2028-02-29"), ("in februari 2026", "2026-02-28"), ("in februari 2000", "2000-02-29"),
    ("in februari 2100", "2100-02-28"),
    # a day, and the day before "vóór" a day, across a month and a year boundary
    ("uiterlijk 29 februari 2028", "2028-02-29"), ("vóór 1 maart 2028", "2028-02-29"),
    ("vóór 1 maart 2026", "2026-02-28"), ("vóór 1 januari 2027", "2026-12-31"), ("vóór 2027", "2026-12-31"),
])
def test_period_ends(text, due_by):
    assert deadline(text) == (text, due_by)


@pytest.mark.parametrize("text", ["uiterlijk 29 februari 2026", "op 31 april 2026", "uiterlijk 32 januari 2026"])
def test_a_day_that_does_not_exist_is_no_date(text):
    assert deadline(text)[1] is None
