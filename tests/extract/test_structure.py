"""Segmentation of arrangement texts into sections and clauses (ra_graph.extract)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from ra_graph.core.errors import RaGraphError
from ra_graph.extract.structure import parse_arrangement
from ra_graph.extract.text import join_lines

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"
DRENTHE = SOURCES / "ra-drenthe-2025.txt"
GRONINGEN = SOURCES / "ra-groningen-2025.txt"
UTRECHT = Path(__file__).parents[1] / "fixtures" / "structure" / "ra-utrecht-2026.txt"
RIJK = "https://w3id.org/ra-graph/id/rijk"

# clause id → first line, as read from the texts by hand (see the brief's acceptance list).
DRENTHE_CLAUSES = {
    "3.1": {"1.1": 133, "1.2": 137, "1.3": 142, "1.4": 147, "1.5": 152, "2.1": 158, "2.2": 163, "eerder-1": 243},
    "3.2": {"1": 258},
    "3.3": {"1": 340, "2": 344, "3": 348, "4": 357, "5": 363, "6": 370, "7": 375, "8": 381, "9": 386,
            "eerder-1": 455, "eerder-2": 461},
    "3.4": {"1": 474, "2": 479, "3": 482},
    "3.5": {"1": 596, "2": 600, "3": 607, "principe-1": 700, "principe-2": 703, "principe-3": 707,
            "eerder-1": 731, "eerder-2": 734},
    "3.6": {"1": 748, "2": 764, "3": 770, "4": 781, "5": 784, "6": 790, "eerder-1": 814, "eerder-2": 818},
    "3.7": {"1": 827},
    "3.8": {"1": 897},
}
GRONINGEN_CLAUSES = {
    "2.1": {"1": 147, "2": 154, "3": 160, "4": 167},
    "2.2": {"1": 232, "2": 242, "3": 251, "4": 254, "5": 261, "6": 266},
    "2.3": {"1": 304, "2": 322, "3": 329, "4": 337, "5": 347, "6": 355, "7": 362},
    "2.4": {"zoetwater-1": 404, "zoetwater-2": 411, "zoetwater-3": 416, "zoetwater-4": 421,
            "drinkwater-1": 433, "drinkwater-2": 437, "drinkwater-3": 440,
            "veenweide-1": 457, "veenweide-2": 460, "veenweide-3": 464, "veenweide-4": 468, "veenweide-5": 473},
    "2.5": {"1": 597, "2": 604},
    "2.6": {"agenda-1": 647},
    "2.7": {"1": 657, "2": 667, "2.1": 677, "2.2": 683, "2.3": 686, "3": 688, "4": 693},
    "2.8": {"1": 706},
}
DRENTHE_SECTIONS = [
    ("1.1", "Samenwerken aan ruimtelijke ordening: schaarse ruimte eerlijk verdelen.", 8),
    ("1.2", "Ruimtelijk arrangement: wederkerige bestuurlijke afspraken", 35),
    ("3.1", "Watervraagstukken", 123),
    ("3.2", "Landbouw, natuur, landelijk gebied", 252),
    ("3.3", "Energie en economie", 332),
    ("3.4", "Zuid en Oost Drenthe", 467),
    ("3.5", "Woningbouw in relatie tot ruimtelijke ontwikkeling, VISTA en GIOS", 589),
    ("3.6", "Erfgoed en cultuurhistorie (OCW)", 741),
    ("3.7", "Defensie", 821),
    ("3.8", "Data-uitwisseling", 892),
    ("4.1", "Monitoring & Voortgang", 945),
    ("5.1", "Looptijd afspraken", 954),
]
GRONINGEN_SECTIONS = [
    ("1.1", "Samenwerken aan ruimtelijke ordening: schaarse ruimte eerlijk verdelen.", 3),
    ("1.2", "Ruimtelijk arrangement: samen werken aan wederkerige bestuurlijke afspraken", 26),
    ("1.3", "Nij Begun", 68),
    ("1.4", "Ruimtelijk voorstel ’Dit is Groningen, waardevol Groningen’", 86),
    ("1.5", "Masterplan Regiocentra", 111),
    ("2.1", "Wonen", 145),
    ("2.2", "Energie", 230),
    ("2.3", "Economie", 303),
    ("2.4", "Water", 398),
    ("2.5", "Defensie", 561),
    ("2.6", "Landbouw en natuur", 610),
    ("2.7", "Ruimtelijke kwaliteit, erfgoed en cultuurlandschap", 655),
    ("2.8", "Data-uitwisseling", 704),
    ("3.1", "Monitoring & Voortgang", 748),
    ("3.2", "Looptijd afspraken", 758),
]


def _expected(key: str, table: dict[str, dict[str, int]]) -> list[tuple[str, int]]:
    return [(f"{key}/{s}/{n}", line) for s, items in table.items() for n, line in items.items()]


@pytest.fixture(scope="module")
def drenthe():
    return parse_arrangement(DRENTHE)


@pytest.fixture(scope="module")
def groningen():
    return parse_arrangement(GRONINGEN)


@pytest.fixture(scope="module")
def clauses(drenthe, groningen):
    return {c.id: c for c in drenthe.clauses + groningen.clauses}


# ------------------------------------------------------------------ clauses


def test_drenthe_clause_ids_and_lines(drenthe):
    assert [(c.id, c.line) for c in drenthe.clauses] == _expected("drenthe-2025", DRENTHE_CLAUSES)
    assert len(drenthe.clauses) == 41


def test_groningen_clause_ids_and_lines(groningen):
    assert [(c.id, c.line) for c in groningen.clauses] == _expected("groningen-2025", GRONINGEN_CLAUSES)
    assert len(groningen.clauses) == 40


def test_number_is_last_id_part_and_section_matches(drenthe, groningen):
    for clause in drenthe.clauses + groningen.clauses:
        assert clause.id.endswith("/" + clause.number)
        assert clause.id.split("/")[1] == clause.section
        assert clause.commitments == []


def test_kinds(clauses):
    kinds = {cid: c.kind for cid, c in clauses.items()}
    assert {k for k in kinds.values()} == {"Agreement", "AgendaItem", "EarlierAgreement", "Principle"}
    assert [cid for cid, k in kinds.items() if k == "Principle"] == [
        "drenthe-2025/3.5/principe-1", "drenthe-2025/3.5/principe-2", "drenthe-2025/3.5/principe-3"]
    assert [cid for cid, k in kinds.items() if k == "AgendaItem"] == ["groningen-2025/2.6/agenda-1"]
    assert all(k == "EarlierAgreement" for cid, k in kinds.items() if "/eerder-" in cid)
    assert sum(k == "EarlierAgreement" for k in kinds.values()) == 7
    assert kinds["groningen-2025/2.4/veenweide-5"] == "Agreement"


def test_sections_with_agreements(drenthe, groningen):
    assert [s.number for s in drenthe.sections if s.has_agreements] == [f"3.{i}" for i in range(1, 9)]
    assert [s.number for s in groningen.sections if s.has_agreements] == [f"2.{i}" for i in range(1, 9)]
    # "- Periodiek overleg …" under Monitoring are context, not clauses.
    monitoring = next(s for s in drenthe.sections if s.number == "4.1")
    assert (948, "Periodiek overleg Rijk- en provincie op directeurenniveau (DO)") in monitoring.context
    assert (950, "Bestuurlijk overleg Leefomgeving 2026") in monitoring.context


def test_item_spanning_lines_and_ending_at_explanation_heading(clauses):
    text = clauses["drenthe-2025/3.1/2.1"].text
    assert text.endswith(
        "Drinkwaterbronnen 2023-2030. Het Rijk vraagt de provincie Drenthe vanuit dat kader om "
        "drinkwaterbeschikbaarheid mee te nemen als randvoorwaarde bij nieuwe ontwikkelingen van de woningbouw."
    )
    assert clauses["drenthe-2025/3.1/2.2"].text.endswith("drinkwaterbedrijven vertegenwoordigd zijn.")
    assert "Opgave" not in clauses["drenthe-2025/3.1/2.2"].text


def test_exact_texts(clauses):
    assert clauses["drenthe-2025/3.1/1.1"].text == (
        "Rijk en de provincie Drenthe werken met gemeenten, waterschappen, Rijkswaterstaat en "
        "verschillende maatschappelijke organisaties samen in het Deltaprogramma Zoetwater om "
        "weerbaarder te worden tegen zoetwatertekort."
    )
    assert clauses["drenthe-2025/3.7/1"].text == (
        "Rijk en provincie spreken af dat zo snel mogelijk na het vaststellen van de nota Ruimte voor "
        "Defensie het gebiedsproces rondom uitbreiding oefenterrein De Haar wordt opgepakt."
    )
    assert clauses["groningen-2025/2.6/agenda-1"].text.startswith("Voor zover de uitkomsten van overleg")
    assert clauses["groningen-2025/2.7/2.3"].text == "laten dit doorwerken in de gemeentelijke omgevingsplannen."


def test_hyphenation_and_separators(clauses):
    assert "dat dat niet-havengebonden logistiek" in clauses["drenthe-2025/3.3/4"].text
    assert "watervraag en -aanbod." in clauses["groningen-2025/2.4/zoetwater-4"].text
    assert "uit PAWOZ - Eemshaven heeft" in clauses["groningen-2025/2.2/1"].text
    assert "in Noord-Nederland." in clauses["groningen-2025/2.4/zoetwater-1"].text
    assert "processen van de NOVEX-gebieden" in clauses["groningen-2025/2.1/1"].text
    assert "het XXL -bedrijventerrein" in clauses["groningen-2025/2.3/7"].text
    assert "Drentse Omgevingsvisie" in clauses["drenthe-2025/3.3/7"].text  # "Drentse  " + newline


def test_wording_unchanged(clauses):
    assert "ruimtelijke consequenties heef , worden" in clauses["drenthe-2025/3.2/1"].text


def test_footnote_is_not_text(clauses):
    first = clauses["drenthe-2025/3.6/1"].text
    assert first.endswith("ons cultureel erfgoed.")
    assert "We versterken" not in first
    assert clauses["drenthe-2025/3.6/2"].text.startswith("De cultuurlandschappen met een internationale")
    assert all("We versterken" not in c.text for c in clauses.values())


def test_markers_are_not_in_text(clauses):
    assert clauses["groningen-2025/2.1/1"].text.startswith("Het Rijk en de provincie Groningen geven")  # "1.Het"
    assert clauses["drenthe-2025/3.1/1.3"].text.startswith("Vanuit de provinciale taken")  # "1.3."
    assert clauses["drenthe-2025/3.5/principe-1"].text.startswith("Inzet op robuuste")  # "1 Inzet"
    assert clauses["groningen-2025/2.4/veenweide-3"].text.startswith("Waar het gewenst is")  # " • Waar"


def test_headings_and_lead_ins(clauses):
    assert clauses["drenthe-2025/3.1/1.4"].heading == "Zoetwater beschikbaarheid"
    assert clauses["drenthe-2025/3.1/2.1"].heading == "Woningbouw en drinkwater"
    assert clauses["drenthe-2025/3.1/1.4"].lead_in == "Afspraken"
    assert clauses["drenthe-2025/3.1/eerder-1"].heading is None
    assert clauses["groningen-2025/2.4/zoetwater-2"].heading == "ZOETWATER"
    assert clauses["groningen-2025/2.4/zoetwater-2"].lead_in == "Rijk en provincie Groningen spreken af:"
    assert clauses["groningen-2025/2.4/veenweide-1"].lead_in == "Rijk en Provincie Groningen spreken af:"
    assert clauses["groningen-2025/2.6/agenda-1"].lead_in == (
        "Rijk en provincie werken de volgende agendapunten verder uit tot afspraken:"
    )
    assert clauses["drenthe-2025/3.5/principe-2"].lead_in == (
        "Dit neemt niet weg dat de provincie de onderliggende principes van Groen in en om de Stad onderschrijft:"
    )
    assert clauses["groningen-2025/2.7/2.2"].lead_in == "Voor de selectie waardevolle landschappen:"
    assert clauses["groningen-2025/2.7/3"].lead_in is None
    assert clauses["groningen-2025/2.1/1"].lead_in is None
    assert clauses["drenthe-2025/3.8/1"].lead_in is None
    assert clauses["drenthe-2025/3.7/1"].lead_in == "Afspraak:"


def test_meeting_texts(clauses):
    expected = {
        "drenthe-2025/3.1/eerder-1": "BOL november 2024",
        "drenthe-2025/3.3/eerder-1": "Afspraak gemaakt BOL 06/11/24",
        "drenthe-2025/3.3/eerder-2": "BOL juni 2024 en DO december 2024",
        "drenthe-2025/3.5/eerder-1": "DO 18 december 2024",
        "drenthe-2025/3.5/eerder-2": "DO 18 december 2024",
        "drenthe-2025/3.6/eerder-1": "In het DO van december 2024",
        "drenthe-2025/3.6/eerder-2": "In een ambtelijk overleg in februari 2025",
    }
    assert {cid: c.meeting_text for cid, c in clauses.items() if c.kind == "EarlierAgreement"} == expected
    assert clauses["drenthe-2025/3.3/1"].meeting_text is None


def test_context_paragraphs(drenthe, groningen):
    defence = next(s for s in groningen.sections if s.number == "2.5")
    # The NPRD bullets before "Afspraken:" are context with their own lines.
    assert (575, "Amfibisch oefenen op oefenterrein Marnewaard;") in defence.context
    assert defence.context[0][0] == 563
    housing = next(s for s in drenthe.sections if s.number == "3.5")
    lines = [line for line, _ in housing.context]
    assert 616 in lines and 694 in lines  # prose after the items; GIOS paragraph before the lead-in
    gios = dict(housing.context)[694]
    assert gios.endswith("(Basiskwaliteit Natuur).")  # the lead-in sentence itself is on the clauses


# ------------------------------------------------------------------ sections


def test_drenthe_sections(drenthe):
    assert [(s.number, s.title, s.line) for s in drenthe.sections] == DRENTHE_SECTIONS


def test_groningen_sections(groningen):
    assert [(s.number, s.title, s.line) for s in groningen.sections] == GRONINGEN_SECTIONS


# ------------------------------------------------------------------ metadata


def test_drenthe_metadata(drenthe):
    assert drenthe.key == "drenthe"
    assert drenthe.slug == "drenthe-2025"
    assert drenthe.year == 2025
    assert drenthe.title == "Ruimtelijk Arrangement Rijk - provincie Drenthe"
    assert drenthe.province == "https://w3id.org/ra-graph/id/provincie-drenthe"
    assert drenthe.parties == [RIJK, drenthe.province]
    assert drenthe.source_file == "ra-drenthe-2025.txt"
    assert drenthe.sha256 == hashlib.sha256(DRENTHE.read_bytes()).hexdigest()
    assert drenthe.valid_until == "2026-06-30"
    assert drenthe.valid_until_text == "tot het Bestuurlijk Overleg Leefomgeving van juni 2026"
    assert drenthe.valid_until_line == 955
    assert [(s.name, s.role, s.party) for s in drenthe.signatories] == [
        ("M. Keijzer", "minister van Volkshuisvesting en Ruimtelijke Ordening", RIJK),
        ("Yvonne Turenhout", "gedeputeerde Ruimtelijke Ordening van de provincie Drenthe", drenthe.province),
    ]


def test_groningen_metadata(groningen):
    assert groningen.title == "Ruimtelijk Arrangement Rijk - provincie Groningen"  # composed: no title line
    assert groningen.slug == "groningen-2025"
    assert groningen.province == "https://w3id.org/ra-graph/id/provincie-groningen"
    assert groningen.valid_until == "2026-06-30"
    assert groningen.valid_until_line == 759
    assert [(s.name, s.role, s.party) for s in groningen.signatories] == [
        (
            None,
            "Minister van Volkshuisvesting en Ruimtelijke Ordening, namens deze, de Staatssecretaris van "
            "Binnenlandse Zaken en Koninkrijksrelaties (voor Herstel Groningen)",
            RIJK,
        ),
        (None, "Gedeputeerde Ruimtelijke Ordening van de provincie Groningen", groningen.province),
    ]


def test_to_dict_is_json_ready(groningen):
    import json

    data = json.loads(json.dumps(groningen.to_dict()))
    assert data["clauses"][0]["id"] == "groningen-2025/2.1/1"
    assert data["sections"][0]["context"][0][0] == 5


# ------------------------------------------------------------------ a third province


def test_synthetic_third_province():
    arrangement = parse_arrangement(UTRECHT)
    assert arrangement.title == "Ruimtelijk Arrangement Rijk - provincie Utrecht"
    assert arrangement.slug == "utrecht-2026"
    assert [(s.number, s.title, s.line, s.has_agreements) for s in arrangement.sections] == [
        ("1.1", "Aanleiding", 5, False),
        ("2.1", "Wonen", 11, True),
        ("2.2", "Water", 31, True),
        ("2.3", "Data-uitwisseling", 43, True),
        ("3.1", "Looptijd afspraken", 59, False),
    ]
    got = [(c.id, c.line, c.kind, c.heading, c.lead_in, c.text) for c in arrangement.clauses]
    assert got == [
        ("utrecht-2026/2.1/1", 16, "Agreement", None, "Afspraken:",
         "Het Rijk en de provincie Utrecht werken samen aan de woningbouw in de NOVEX-gebieden rond de "
         "stad Utrecht en stemmen de planning af."),
        ("utrecht-2026/2.1/2", 19, "Agreement", None, "Afspraken:",
         "Rijk en provincie gaan in gesprek over de financiering van de bereikbaarheid van nieuwe wijken."),
        # "3. De provincie … voor de" is an item, not chapter 3; "3 regio's" continues it.
        ("utrecht-2026/2.1/3", 21, "Agreement", None, "Afspraken:",
         "De provincie Utrecht stelt in 2026 een woonagenda vast voor de 3 regio's van de provincie."),
        ("utrecht-2026/2.1/eerder-1", 28, "EarlierAgreement", None, "Eerdere afspraken:",
         "In het DO van maart 2025 hebben Rijk en provincie afgesproken de woningbouwlocaties te monitoren."),
        ("utrecht-2026/2.2/bodem-1", 37, "Agreement", "BODEM", "Rijk en provincie Utrecht spreken af:",
         "Het Rijk brengt de bodemdaling in kaart."),
        ("utrecht-2026/2.2/bodem-2", 39, "Agreement", "BODEM", "Rijk en provincie Utrecht spreken af:",
         "De provincie Utrecht neemt de kaart op in haar omgevingsvisie."),
        # The paragraph continues past a blank line, a footnote and a blank line.
        ("utrecht-2026/2.3/1", 47, "Agreement", None, "Afspraak",
         "Het Rijk en de provincie Utrecht zorgen voor een goede uitwisseling van gegevens over de leefomgeving."),
    ]
    assert arrangement.clauses[3].meeting_text == "In het DO van maart 2025"
    assert (arrangement.valid_until, arrangement.valid_until_text, arrangement.valid_until_line) == (
        "2027-07-01", "tot 1 juli 2027", 60)
    assert [(s.name, s.role, s.party) for s in arrangement.signatories] == [
        ("A. Jansen", "minister van Volkshuisvesting en Ruimtelijke Ordening", RIJK),
        ("B. de Vries", "gedeputeerde Ruimte van de provincie Utrecht", arrangement.province),
    ]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """Ruimtelijk Arrangement Rijk - provincie Zeeland

1. Inleiding

1.1 Aanleiding
De provincie Zeeland en het Rijk maken afspraken.

2. De afspraken

2.1 Water

1. Rijk en provincie Zeeland werken samen aan de dijken.

2. De provincie Zeeland maakt een plan voor de kust.

3. Overige aspecten

3.1 Looptijd afspraken
De afspraken gelden tot het overleg van december 2026.
"""


def test_chapter_after_items_is_a_chapter(tmp_path):
    """'3. Overige aspecten' right after items 1 and 2 is still chapter 3."""
    arrangement = parse_arrangement(_write(tmp_path, "ra-zeeland-2026.txt", MINIMAL))
    assert [c.id for c in arrangement.clauses] == ["zeeland-2026/2.1/1", "zeeland-2026/2.1/2"]
    assert [s.number for s in arrangement.sections] == ["1.1", "2.1", "3.1"]
    assert arrangement.valid_until == "2026-12-31"


def test_short_item_continuing_the_numbering_is_not_a_chapter(tmp_path):
    text = MINIMAL.replace(
        "2. De provincie Zeeland maakt een plan voor de kust.\n",
        "2. De provincie Zeeland maakt een plan voor de kust.\n3. Rijk en provincie Zeeland overleggen jaarlijks\n",
    )
    arrangement = parse_arrangement(_write(tmp_path, "ra-zeeland-2026.txt", text))
    assert [c.id for c in arrangement.clauses] == ["zeeland-2026/2.1/1", "zeeland-2026/2.1/2", "zeeland-2026/2.1/3"]
    assert [s.number for s in arrangement.sections] == ["1.1", "2.1", "3.1"]


def test_repeated_numbers_in_one_section_get_suffixes(tmp_path):
    """A section whose 'Afspraken:' blocks number their items 1, 2, 1, 2, 1 keeps every clause,
    each with its own id (the search for a free suffix resumes where it stopped: see ``_Ids``)."""
    items = "".join(f"{'Afspraken:' + chr(10) * 2 if n == 1 else ''}{n}. Rijk en provincie Zeeland werken samen aan dijk {k}.\n\n"
                    for k, n in enumerate([1, 2, 1, 2, 1], start=1))
    text = MINIMAL.replace("1. Rijk en provincie Zeeland werken samen aan de dijken.\n\n"
                           "2. De provincie Zeeland maakt een plan voor de kust.\n", items)
    arrangement = parse_arrangement(_write(tmp_path, "ra-zeeland-2026.txt", text))
    assert [(c.id, c.number, c.text[-7:]) for c in arrangement.clauses] == [
        ("zeeland-2026/2.1/1", "1", "dijk 1."), ("zeeland-2026/2.1/2", "2", "dijk 2."),
        ("zeeland-2026/2.1/1-2", "1-2", "dijk 3."), ("zeeland-2026/2.1/2-2", "2-2", "dijk 4."),
        ("zeeland-2026/2.1/1-3", "1-3", "dijk 5."),
    ]


def test_windows_line_ends_give_the_same_result(tmp_path):
    path = tmp_path / "ra-drenthe-2025.txt"
    path.write_bytes(DRENTHE.read_bytes().replace(b"\n", b"\r\n"))
    crlf = parse_arrangement(path)
    plain = parse_arrangement(DRENTHE)
    assert [(c.id, c.line, c.text) for c in crlf.clauses] == [(c.id, c.line, c.text) for c in plain.clauses]


def test_not_driven_by_line_numbers(tmp_path):
    """Three extra lines at the top shift every clause by three lines, nothing else."""
    path = tmp_path / "ra-groningen-2025.txt"
    path.write_bytes(b"\n \n\n" + GRONINGEN.read_bytes())
    shifted = parse_arrangement(path)
    assert [(c.id, c.line) for c in shifted.clauses] == [
        (cid, line + 3) for cid, line in _expected("groningen-2025", GRONINGEN_CLAUSES)
    ]


def test_cli_reports_bad_input_in_one_line(ra, tmp_path):
    path = tmp_path / "ra-drenthe-2025.txt"
    path.write_bytes(b"tekst\x00binair")
    result = ra("extract", path)
    assert result.code == 2
    assert "binary file" in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


# ------------------------------------------------------------------ bad input


def _error(path: Path) -> RaGraphError:
    with pytest.raises(RaGraphError) as info:
        parse_arrangement(path)
    return info.value


def test_empty_file(tmp_path):
    error = _error(_write(tmp_path, "ra-drenthe-2025.txt", "  \n\n"))
    assert "empty" in error.problem
    assert error.file.endswith("ra-drenthe-2025.txt")


def test_binary_file(tmp_path):
    path = tmp_path / "ra-drenthe-2025.txt"
    path.write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    error = _error(path)
    assert "binary" in error.problem and "byte offset 9" in error.problem
    assert error.line == 2


def test_non_utf8_names_line_and_offset(tmp_path):
    path = tmp_path / "ra-drenthe-2025.txt"
    path.write_bytes("1. Inleiding\nprovincie Drenthe\n".encode() + "Fryslân".encode("cp1252") + b"\n")
    error = _error(path)
    assert error.line == 3
    offset = len("1. Inleiding\nprovincie Drenthe\nFrysl".encode())
    assert f"byte offset {offset}" in error.problem and "0xe2" in error.problem
    assert error.message.startswith(f"{path}:3: not UTF-8")


def test_no_section_structure(tmp_path):
    error = _error(_write(tmp_path, "ra-drenthe-2025.txt", "De provincie Drenthe en het Rijk.\n\nMeer tekst.\n"))
    assert "no recognisable section structure" in error.problem
    assert error.line == 1


def test_no_agreement_clauses(tmp_path):
    text = "1. Inleiding\n\n1.1 Aanleiding\nDe provincie Drenthe.\n\n2. De afspraken\n\n2.1 Water\n\nToelichting\nUitleg.\n"
    error = _error(_write(tmp_path, "ra-drenthe-2025.txt", text))
    assert "no agreement clauses" in error.problem
    assert error.line == 6


def test_no_agreements_chapter(tmp_path):
    text = "1. Inleiding\n\n1.1 Aanleiding\nDe provincie Drenthe.\n"
    assert "no agreements chapter" in _error(_write(tmp_path, "ra-drenthe-2025.txt", text)).problem


def test_bad_file_name(tmp_path):
    path = tmp_path / "drenthe.txt"
    shutil.copy(DRENTHE, path)
    error = _error(path)
    assert "ra-<province>-<year>.txt" in error.problem


def test_text_of_another_province(tmp_path):
    path = tmp_path / "ra-drenthe-2025.txt"
    shutil.copy(GRONINGEN, path)
    error = _error(path)
    assert "province 'drenthe'" in error.problem and "Groningen" in error.problem


def test_missing_file(tmp_path):
    assert "cannot read" in _error(tmp_path / "ra-drenthe-2025.txt").problem


# ------------------------------------------------------------------ text helpers


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["de NOVEX-", "gebieden"], "de NOVEX-gebieden"),
        (["watervraag en -", "aanbod"], "watervraag en -aanbod"),
        (["PAWOZ - ", "Eemshaven"], "PAWOZ - Eemshaven"),
        (["onderzoeken – ", "bijvoorbeeld"], "onderzoeken – bijvoorbeeld"),
        (["  een   zin  ", " loopt door "], "een zin loopt door"),
    ],
)
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined
