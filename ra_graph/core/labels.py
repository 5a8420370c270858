"""The words people read for the names the code and the JSON use.

JSON keys stay what DESIGN.md fixes (``rijk_commitments``, ``due_by``,
``responsible-party``); a report for a director says *what* they are, in
Dutch and English.  One table, so the validation report, the diff and the
calendars say the same thing the same way.  A name missing here is shown
as it is (never hidden): add it here when a check or field is added.
"""

from __future__ import annotations

#: field or figure -> (Dutch, English)
FIELDS: dict[str, tuple[str, str]] = {
    "obligors": ("uitvoerder(s)", "obligor(s)"),
    "beneficiaries": ("ten behoeve van", "beneficiary"),
    "requested_by": ("gevraagd door", "requested by"),
    "partners": ("partners", "partners"),
    "modality": ("soort toezegging", "modality"),
    "carried_by": ("gedragen door (ministerie)", "carried by (ministry)"),
    "programmes": ("programma's", "programmes"),
    "locations": ("locaties", "locations"),
    "due_by": ("termijn", "due by"),
    "due_text": ("termijn (tekst)", "due (phrase)"),
    "basis": ("herkomst", "basis"),
    "rijk_commitments": ("verplichtingen aan Rijkszijde", "Rijk-side commitments"),
    "province_commitments": ("verplichtingen van de provincie", "province-side commitments"),
    "commitments": ("verplichtingen in totaal", "commitments in all"),
    "arrangements": ("arrangementen", "arrangements"),
    "sections": ("paragrafen", "sections"),
    "clauses": ("afspraken", "clauses"),
    "text": ("tekst", "text"),
    "reading": ("lezing (curatie)", "reading (curation)"),
}

#: validation constraint (a shape's dcterms:identifier) -> (Dutch, English)
CONSTRAINTS: dict[str, tuple[str, str]] = {
    "responsible-party": ("geen verantwoordelijke partij", "no responsible party"),
    "reciprocity": ("eenzijdige afspraak", "one-sided clause"),
    "reciprocity-balance": ("balans per paragraaf", "balance per section"),
    "overdue": ("termijn verstreken", "overdue"),
    "unaccounted-text": ("tekst niet geplaatst", "text not placed"),
    "clause-complete": ("afspraak onvolledig", "clause incomplete"),
    "commitment-modality": ("soort toezegging ontbreekt", "modality missing"),
    "commitment-basis": ("herkomst ontbreekt", "basis missing"),
    "due-date-type": ("termijn geen datum", "due date not a date"),
    "due-text": ("termijn zonder tekst", "due date without its phrase"),
    "actor-label": ("partij zonder naam", "party without a name"),
    "unique-identifier": ("kenmerk dubbel", "identifier used twice"),
    "arrangement-complete": ("arrangement onvolledig", "arrangement incomplete"),
    "revision": ("versiekoppeling onjuist", "revision link wrong"),
    "revision-successor": ("versiekoppeling dubbel", "revision link doubled"),
    "declared-term": ("term niet gedeclareerd", "term not declared"),
}

#: modalities (ra:modality local names) -> (Dutch, English)
MODALITIES: dict[str, tuple[str, str]] = {
    "Result": ("resultaat", "result"),
    "Effort": ("inspanning", "effort"),
    "Dialogue": ("overleg", "dialogue"),
    "Request": ("verzoek", "request"),
    "Acknowledgement": ("erkenning", "acknowledgement"),
    "Research": ("onderzoek", "research"),
    "Statement": ("mededeling", "statement"),
}

#: diff change kinds -> (Dutch, English)
CHANGES: dict[str, tuple[str, str]] = {
    "changed": ("gewijzigd", "changed"),
    "reread": ("anders gelezen", "read differently"),
    "reworded": ("anders verwoord", "reworded"),
    "renumbered": ("vernummerd", "renumbered"),
    "added": ("nieuw", "added"),
    "dropped": ("vervallen", "dropped"),
    "unchanged": ("ongewijzigd", "unchanged"),
}


def field(name: str) -> str:
    """``termijn / due by`` for ``due_by``; the name itself when it has no label."""
    nl, en = FIELDS.get(name, (name, name))
    return nl if nl == en else f"{nl} / {en}"


def field_en(name: str) -> str:
    return FIELDS.get(name, (name, name))[1]


def field_nl(name: str) -> str:
    return FIELDS.get(name, (name, name))[0]


def constraint(name: str) -> tuple[str, str]:
    """(Dutch, English) label of a validation constraint."""
    return CONSTRAINTS.get(name, (name, name))


def modality(name: str | None) -> str:
    """``inspanning / effort`` for ``Effort``; an em dash for none."""
    if not name:
        return "—"
    nl, en = MODALITIES.get(name, (name, name))
    return f"{nl} / {en}"


def change(name: str) -> tuple[str, str]:
    return CHANGES.get(name, (name, name))
