"""The phrasings the unseen texts brought up, read on sentences of their own.

Each rule is exercised on a sentence that is in no fixture text, to show it
reads the language rather than one text: a new subject after ";", a
ministry named in full with commas in its name, "de provincies X en Y", a
name hyphenated at a line break, an acknowledgement beside an act, an
indirect question after a research verb, a passive with a non-party
subject, "het ministerie" referring back, a comitative "met" after the
verb, a cue under the modal "kan" (an option), and the Result verbs.
"""

from __future__ import annotations

import pytest

from ra_graph.core.model import Clause
from ra_graph.core.namespaces import RAI
from ra_graph.extract import gazetteer
from ra_graph.extract.commitments import Context, main_clauses, modality_of, read_clause, read_sentence

ZEELAND = RAI + "provincie-zeeland"


def read(text: str) -> list[tuple]:
    clause = Clause(id="zeeland-2026/2.1/1", number="1", kind="Agreement", line=1, text=text, section="2.1")
    ctx = Context(gazetteer.load(), ZEELAND, 2026)
    return [(sorted(i.removeprefix(RAI) for i in c.obligors), c.modality,
             sorted(i.removeprefix(RAI) for i in c.beneficiaries), sorted(i.removeprefix(RAI) for i in c.partners),
             c.due_by) for c in read_clause(clause, ctx)]


@pytest.mark.parametrize("text, expected", [
    # a new subject after ";" is a commitment of its own, and the date stays with its party
    ("De provincie Zeeland werkt aan een kustvisie; het Rijk toetst deze visie uiterlijk maart 2027.",
     [(["provincie-zeeland"], "Effort", ["rijk"], [], None),
      (["rijk"], "Result", ["provincie-zeeland"], [], "2027-03-31")]),
    # ministries in full, commas and all, as "de minister van" and "het ministerie van"
    ("De minister van Landbouw, Visserij, Voedselzekerheid en Natuur en de provincie Zeeland gaan in gesprek "
     "over de kust.",
     [(["lvvn"], "Dialogue", ["provincie-zeeland"], [], None),
      (["provincie-zeeland"], "Dialogue", ["lvvn"], [], None)]),
    ("De minister van Binnenlandse Zaken en Koninkrijksrelaties zet zich in voor de kernen.",
     [(["bzk"], "Effort", ["provincie-zeeland"], [], None)]),
    # "de provincies X en Y" names X and Y, not this arrangement's province
    ("Het Rijk verkent, samen met de provincies Noord-Holland en Zuid-Holland, de kustverdediging.",
     [(["rijk"], "Research", ["provincie-zeeland"], ["provincie-noord-holland", "provincie-zuid-holland"], None)]),
    ("Rijk en de provincies Zeeland en Noord-Brabant werken aan de Schelde.",
     [(["rijk"], "Effort", ["provincie-zeeland"], ["provincie-noord-brabant"], None),
      (["provincie-zeeland"], "Effort", ["rijk"], ["provincie-noord-brabant"], None)]),
    # the arrangement's own province is a party, never its own partner
    ("Het Rijk werkt samen met de provincies aan de kust.",
     [(["rijk"], "Effort", ["provincie-zeeland"], [], None)]),
    # names hyphenated at a line break, and a partner list continued with "en met"
    ("De pro-vincie Zeeland werkt, in afstemming met Rijkswa-terstaat en met de gemeenten, aan de dijken.",
     [(["provincie-zeeland"], "Effort", ["rijk"], ["gemeenten", "rws"], None)]),
    # an acknowledgement beside an act: both commitments
    ("Het Rijk erkent het belang van de havens en zet zich in voor de vaargeul.",
     [(["rijk"], "Effort", ["provincie-zeeland"], [], None),
      (["rijk"], "Acknowledgement", ["provincie-zeeland"], [], None)]),
    # what an indirect question says is looked into, not promised ("kan leveren")
    ("De provincie Zeeland onderzoekt of het Rijk de gegevens kan leveren.",
     [(["provincie-zeeland"], "Research", ["rijk"], [], None)]),
    # a passive sentence does not make its non-party subject the obligor
    ("Waterschappen worden vroegtijdig betrokken bij de uitvoering.",
     [([], "Effort", [], [], None)]),
    # "het ministerie" is the ministry named before it: the province's other side
    ("OCW zet zich in voor het erfgoed; de provincie Zeeland deelt de monitor met het ministerie.",
     [(["ocw"], "Effort", ["provincie-zeeland"], [], None),
      (["provincie-zeeland"], "Result", ["ocw"], [], None)]),
    # a comitative "met" right after the verb of the act: who acts with the subject is a partner
    # (groningen-2025/2.3/1, lines 319-320: "én start met de betreffende gemeenten de ontwikkeling")
    ("De provincie Zeeland start met de betreffende gemeenten de ontwikkeling van een bedrijventerrein.",
     [(["provincie-zeeland"], "Effort", ["rijk"], ["gemeenten"], None)]),
    ("Het Rijk werkt met de waterschappen aan de dijken.",
     [(["rijk"], "Effort", ["provincie-zeeland"], ["waterschappen"], None)]),
    # ... but not where "met" names who receives, nor after a noun ("de samenwerking met")
    ("De provincie Zeeland deelt met de gemeenten de resultaten van de monitor.",
     [(["provincie-zeeland"], "Result", ["rijk"], [], None)]),
    ("De provincie Zeeland intensiveert de samenwerking met de gemeenten.",
     [(["provincie-zeeland"], "Effort", ["rijk"], [], None)]),
    # a cue under "kan" grants an option: a Statement, owed to no one; a cue before the modal binds
    ("Het Rijk kan de inpassing van de windparken bespreken.",
     [(["rijk"], "Statement", [], [], None)]),
    ("De provincie Zeeland werkt aan de kustvisie en kan een voorstel voor een onderzoek bespreken.",
     [(["provincie-zeeland"], "Effort", ["rijk"], [], None)]),
    # ... only within its own clause part: "Waar dat niet kan, spannen ... zich in" binds
    ("Waar dat niet kan, spannen het Rijk en de provincie Zeeland zich in voor de inpassing.",
     [(["rijk"], "Effort", ["provincie-zeeland"], [], None),
      (["provincie-zeeland"], "Effort", ["rijk"], [], None)]),
])
def test_phrasing(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("sentence, modality", [
    ("Waar het gewenst is, kan de samenwerking met het Rijk worden geïntensiveerd.", "Statement"),
    ("De provincie kan hiervan profiteren.", None),  # the modal alone is no cue
    ("De provincie kan de kaart vaststellen, en het Rijk werkt aan de kust.", "Effort"),  # a cue outside wins
    ("Rijk en provincie kunnen de kaart bespreken.", "Statement"),
])
def test_option_modal(sentence, modality):
    assert modality_of(sentence) == modality


def test_option_under_a_lead_in_is_a_statement_of_both_parties_owed_to_no_one():
    """groningen-2025/2.4/veenweide-3 (lines 464-465): "Waar het gewenst is, kan ... de samenwerking met het
    Rijk worden geïntensiveerd" under "Rijk en provincie ... spreken af:" -- the lead-in's parties, an option."""
    clause = Clause(id="zeeland-2026/2.2/veenweide-3", number="veenweide-3", kind="Agreement", line=1,
                    text="Waar het gewenst is, kan voor wat het maken van de keuzes betreft de samenwerking met het "
                         "Rijk worden geïntensiveerd, daarbij rekening houdend met ieders taken.",
                    section="2.2", lead_in="Rijk en provincie Zeeland spreken af:")
    read_back = [(c.obligors, c.modality, c.beneficiaries, c.basis)
                 for c in read_clause(clause, Context(gazetteer.load(), ZEELAND, 2026))]
    assert read_back == [([RAI + "rijk"], "Statement", [], "FromRule"), ([ZEELAND], "Statement", [], "FromRule")]


@pytest.mark.parametrize("sentence", [
    "De provincie stelt in 2027 een programma vast.", "De provincie legt de gebieden vast in de verordening.",
    "De provincie wijst de zoekgebieden aan.", "Het Rijk toetst de plannen.",
    "Het ministerie neemt de maatregelen in 2028 in uitvoering.", "Het Rijk neemt de reserveringen over.",
    "De provincie neemt het erfgoed op in de biografie.", "Het ministerie neemt eind 2027 een voorkeursbeslissing.",
    "De provincie vertaalt het programma in een woonagenda.", "De provincie deelt de analyse met het Rijk.",
    "De provincie bepaalt de gebieden.", "Het ministerie heeft toegezegd een plaats te geven.",
    "Rijk en provincie hebben afgesproken een monitor op te stellen.",
    "Rijk en provincie stellen samen een kader op voor het erfgoed.",
])
def test_result_verbs(sentence):
    assert modality_of(sentence) == "Result"


@pytest.mark.parametrize("sentence", [
    "Rijk en provincie stellen elkaar op de hoogte van de voortgang.",  # informing, not drawing up
    "De provincie stelt zich op als partner.",
])
def test_not_result(sentence):
    assert modality_of(sentence) != "Result"


def test_main_clauses_split_only_before_a_new_subject():
    gaz = gazetteer.load()
    assert main_clauses("De provincie bepaalt de gebieden; het Rijk toetst ze.", gaz) == [
        "De provincie bepaalt de gebieden;", "het Rijk toetst ze."]
    assert main_clauses("dat het kader de waarde beschrijft; de kernkwaliteiten vastlegt; en de taken regelt.",
                        gaz) == ["dat het kader de waarde beschrijft; de kernkwaliteiten vastlegt; en de taken regelt."]


@pytest.mark.parametrize("text, programmes", [
    # groningen-2025/2.7/2.2 (lines 683-684): a plural, and an adjective shared by a list
    ("Het Rijk en de provincie Zeeland borgen deze in de provinciale omgevingsvisies, programma's en "
     "omgevingsverordening.", ["provinciale-omgevingsverordening", "provinciale-omgevingsvisie"]),
    ("De provincie Zeeland neemt dit op in de provinciale omgevingsverordeningen en energievisies.",
     ["provinciale-energievisie", "provinciale-omgevingsverordening"]),
    ("De provincie Zeeland neemt dit op in de omgevingsverordening en de provinciale energievisie.",
     ["provinciale-energievisie"]),  # the adjective is shared only by the words after it
    ("De provincie Zeeland neemt dit op in de provinciale energievisie, omgevingsvisie of omgevingsverordening.",
     ["provinciale-energievisie", "provinciale-omgevingsverordening", "provinciale-omgevingsvisie"]),
    # a proper name is never read in the plural
    ("Het Rijk werkt aan de Nota Ruimtes en aan de Nota Ruimte.", ["nota-ruimte"]),
])
def test_generic_programme_names_in_the_plural_and_under_a_shared_adjective(text, programmes):
    reading = read_sentence(text, Context(gazetteer.load(), ZEELAND, 2026))
    assert sorted(p.removeprefix(RAI) for p in reading.programmes) == programmes


@pytest.mark.parametrize("text, actors, partners", [
    # a geographic adjective before an actor group says which ones (corpus NOTES, surprise 7)
    ("De provincie Zeeland werkt samen met de Zeeuwse gemeenten aan de kust.", ["provincie-zeeland"], ["gemeenten"]),
    ("Zeeuwse waterschappen werken aan de dijken.", ["waterschappen"], []),
    # any other capitalised word still makes a longer name, not a party
    ("De provincie Zeeland werkt samen met de Regio Foodvalley gemeenten aan de kust.", ["provincie-zeeland"], []),
])
def test_geographic_adjective_before_an_actor_group(text, actors, partners):
    reading = read_sentence(text, Context(gazetteer.load(), ZEELAND, 2026))
    assert (sorted(a.removeprefix(RAI) for a in reading.actors),
            sorted(p.removeprefix(RAI) for p in reading.partners)) == (actors, partners)
