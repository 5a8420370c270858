"""The shipped snapshot answers as a reader of the two texts does.

The expected sets below were established by reading both source texts
clause by clause (see the closing notes of issues 4 and 5); a change in
extraction, vocabulary or curation that alters them must be deliberate.
"""

from __future__ import annotations

import json

import pytest

NO_RESPONSIBLE_PARTY = {"drenthe-2025/3.2/1"}  # passive, under a bare "Afspraak" marker (line 258)

ONE_SIDED_RIJK_ONLY = {
    "drenthe-2025/3.1/1.2",  # the Rijk's existing responsibility for water policy
    "drenthe-2025/3.6/1",  # het Rijk is goed opdrachtgever (erfgoed)
    "drenthe-2025/3.6/6",  # het Rijk houdt vinger aan de pols
    "drenthe-2025/3.6/eerder-1",  # OCW gaat na of extra Rijksinzet mogelijk is
    "groningen-2025/2.2/3",  # het Rijk is goed opdrachtgever (energie-infrastructuur)
    "groningen-2025/2.4/drinkwater-1",  # het Rijk werkt aan het Actieprogramma
    "groningen-2025/2.4/veenweide-1",  # het Rijk werkt binnen NP Veenweide en RLN
    "groningen-2025/2.4/veenweide-5",  # vigerend beleid vanuit het Rijk
}
ONE_SIDED_PROVINCE_ONLY = {
    "drenthe-2025/3.1/2.2",  # the Rijk asks the province (request)
    "drenthe-2025/3.3/6",  # provincie werkt aan omgevingsverordening (batterijen)
    "drenthe-2025/3.3/8",  # Drenthe onderzoekt de waterstofvraag
    "drenthe-2025/3.3/9",  # Drentse Defensie Agenda, to be offered to the Rijk
    "drenthe-2025/3.3/eerder-2",  # de provincie zet op een rij ... propositie
    "drenthe-2025/3.5/principe-1", "drenthe-2025/3.5/principe-2", "drenthe-2025/3.5/principe-3",  # GIOS principles
    "groningen-2025/2.4/zoetwater-2",  # de provincie kan een voorstel doen
    "groningen-2025/2.4/drinkwater-2", "groningen-2025/2.4/drinkwater-3",  # requests of the Rijk
    "groningen-2025/2.4/veenweide-2",  # de provincie maakt keuzes
}


@pytest.fixture(scope="module")
def report():
    from ra_graph.core import paths
    from ra_graph.validate.shacl import validate_command

    text, conforms = validate_command(paths.SNAPSHOT, fmt="json", as_of="2026-07-01", severity=None,
                                      inference=False)
    return json.loads(text), conforms


def _clauses(report, constraint):
    return {r["clause"] for r in report[0]["results"] if r["constraint"] == constraint}


def test_no_responsible_party(report):
    assert _clauses(report, "responsible-party") == NO_RESPONSIBLE_PARTY
    assert report[1] is False  # a Violation: the graph does not conform


def test_severity_of_each_finding(report):
    """No responsible party is the one Violation; one-sided and overdue are Warnings; the balance is Info."""
    severities = {(r["constraint"], r["severity"]) for r in report[0]["results"]}
    assert severities == {("responsible-party", "Violation"), ("reciprocity", "Warning"), ("overdue", "Warning"),
                          ("reciprocity-balance", "Info")}


def test_one_sided_clauses(report):
    results = [r for r in report[0]["results"] if r["constraint"] == "reciprocity"]
    rijk_only = {r["clause"] for r in results if "provin" in r["message"]}
    province_only = {r["clause"] for r in results if "Rijk" in r["message"]}
    assert rijk_only == ONE_SIDED_RIJK_ONLY
    assert province_only == ONE_SIDED_PROVINCE_ONLY


def test_overdue_as_of_july_2026(report):
    overdue = sorted((r["clause"], r["value"]) for r in report[0]["results"] if r["constraint"] == "overdue")
    # groningen-2025/2.3/3's "Q1 2026" dates the research it builds on, not the effort (curated)
    assert overdue == [("drenthe-2025/3.3/9", "2025-08-31")]


def test_what_lvvn_owes_groningen(ra):
    rows = json.loads(ra("owes", "LVVN", "Groningen", "--format", "json").out)
    assert [(r["clause"], r["line"], r["obligor"]["label"], (r["carried_by"] or {}).get("label"))
            for r in rows] == [
        ("groningen-2025/2.4/veenweide-4", 468, "LVVN", None),  # named in the text
        ("groningen-2025/2.6/agenda-1", 647, "Rijk", "LVVN"),  # the Rijk's side, carried by the lead ministry (rule)
    ]


def test_what_groningen_owes_the_rijk(ra):
    rows = json.loads(ra("owes", "Groningen", "Rijk", "--format", "json").out)
    # every row, exactly: tests/test_truth.py (test_owes_answers_what_the_truth_says) works them out
    assert len(rows) == 44
    clauses = {r["clause"] for r in rows}
    assert not clauses & {"groningen-2025/2.2/3", "groningen-2025/2.4/drinkwater-1", "groningen-2025/2.4/veenweide-1"}
    # options ("een voorstel kan doen", line 411; "kan ... worden geïntensiveerd", line 464) are owed to no one
    assert not clauses & {"groningen-2025/2.4/zoetwater-2", "groningen-2025/2.4/veenweide-3"}
    requests = {r["clause"] for r in rows if r["modality"] == "Request"}
    assert requests == {"groningen-2025/2.4/drinkwater-2", "groningen-2025/2.4/drinkwater-3", "groningen-2025/2.4/veenweide-4"}
    assert all(r["obligor"]["label"] == "Groningen" for r in rows)


def test_snapshot_is_complete_and_uses_only_declared_terms(report):
    """No completeness, well-formedness or declared-term finding on the shipped graph."""
    constraints = {r["constraint"] for r in report[0]["results"]}
    assert constraints == {"responsible-party", "reciprocity", "reciprocity-balance", "overdue"}


def test_curated_facts_name_their_curation_entry(ra):
    rows = json.loads(ra("clauses", "--arrangement", "groningen", "--format", "json").out)
    by_id = {r["clause"]: r for r in rows}
    effort = by_id["groningen-2025/2.3/3"]["commitments"][0]
    assert (effort["due_by"], effort["due_text"]) == (None, "in Q1 2026")
    assert effort["curation_entry"].startswith("groningen-2025.yaml:")
    assert effort["basis"] == "FromText"  # the parties still come from the text
    statement = by_id["groningen-2025/2.4/veenweide-5"]["commitments"]
    assert [(c["basis"], c["obligors"][0]["label"], c["modality"]) for c in statement] == [
        ("FromCuration", "Rijk", "Statement")]
    untouched = by_id["groningen-2025/2.1/3"]["commitments"][0]
    assert untouched["curation_entry"] is None
