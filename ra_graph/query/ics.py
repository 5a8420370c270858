"""Dated commitments as an iCalendar feed (RFC 5545), for a team's calendar.

One all-day event per commitment (the deadline rows come one per obligor
and beneficiary; they are gathered again here).  The UID is the IRI of the
first version of the commitment (its lineage, ``query.lineage``): stable
across rebuilds *and* renewals, so a subscribed calendar updates an event
when next year's arrangement keeps the commitment, rather than deleting it
and adding another.  ``SEQUENCE`` counts how often its date moved, and
``LAST-MODIFIED`` is the first day of the year of the version that last
changed its date or its clause's words, so a client knows the event is
newer than the one it holds.  ``URL`` is the clause's IRI (its page).
DTSTAMP is the as-of date, not the clock, so the same graph and date give
the same bytes.  Two versions of one commitment in one calendar (with
``--all-years``) would share a UID: the newest is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ra_graph.core.namespaces import RAI
from ra_graph.query.lineage import Lineage, Lineages

PRODID = "-//ra-graph//deadlines//NL"


def _labels(rows: list[dict], key: str) -> str:
    seen: dict[str, str] = {}
    for row in rows:
        value = row.get(key)
        if isinstance(value, dict):
            seen.setdefault(value["iri"], value["label"])
    return ", ".join(seen[i] for i in sorted(seen)) or "—"


def calendar_of(rows: list[dict], *, as_of: dt.date, lineages: Lineages | None = None,
                clause_url: Callable[[str], str] | None = None) -> str:
    """The feed: every dated commitment of ``rows`` as an all-day event.

    ``lineages`` (of the graph the rows come from) gives each event its lineage's
    UID, SEQUENCE and LAST-MODIFIED; without it the UID is the commitment's IRI.
    ``clause_url`` maps a clause id to the address in the event's URL (default:
    its IRI, ``https://w3id.org/ra-graph/id/<clause>``).
    """
    from icalendar import Calendar, Event

    from ra_graph.core.output import ics_safe, say_replaced

    dropped = [0]

    def safe(text: str) -> str:
        text, n = ics_safe(text)
        dropped[0] += n
        return text

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "ra-graph: termijnen / deadlines")
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc)
    by_commitment: dict[str, list[dict]] = {}
    for row in rows:
        by_commitment.setdefault(row["commitment"], []).append(row)
    lineage = {iri: lineages.of(iri) if lineages else Lineage(iri, 0, None, 1) for iri in by_commitment}
    # lineage root -> the commitments of its latest version among the rows (two where a renewal split
    # a clause in two and both halves revise it): the first keeps the lineage's UID, so that a calendar
    # updates its event, and each other one is an event of its own (its commitment's IRI as UID)
    newest: dict[str, list[str]] = {}
    for iri in by_commitment:
        root = lineage[iri].root
        if root not in newest or lineage[iri].versions > lineage[newest[root][0]].versions:
            newest[root] = [iri]
        elif lineage[iri].versions == lineage[newest[root][0]].versions:
            newest[root].append(iri)
    for iri, group in by_commitment.items():
        latest = newest[lineage[iri].root]
        if iri not in latest:
            continue
        first = group[0]
        day = dt.date.fromisoformat(first["due_by"])
        obligors, beneficiaries = _labels(group, "obligor"), _labels(group, "beneficiary")
        carried = _labels(group, "carried_by")
        words = first["text"].split()
        brief = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
        source = first.get("source_file") or first["arrangement"]
        event = Event()
        event.add("uid", lineage[iri].root if iri == latest[0] else iri)
        event.add("sequence", lineage[iri].sequence)
        if lineage[iri].modified_year:
            event.add("last-modified", dt.datetime(lineage[iri].modified_year, 1, 1, tzinfo=dt.timezone.utc))
        event.add("url", clause_url(first["clause"]) if clause_url else RAI + first["clause"])
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("summary", safe(f"{obligors}: {brief} ({first['clause']})"))
        event.add("description", safe("\n".join([
            f"Afspraak / clause: {first['clause']} (paragraaf / section {first['section']})",
            f"Termijn / due: {first['due_by']} (\"{first['due_text']}\")",
            f"Uitvoerder / obligor: {obligors}",
            f"Ten behoeve van / beneficiary: {beneficiaries}",
            f"Gedragen door / carried by: {carried}",
            f"Bron / source: {source}, regel / line {first['line']}",
            "",
            first["text"],
        ])))
        event.add("categories", [safe(first["arrangement"])])
        cal.add_component(event)
    say_replaced(dropped[0], "ics: dropped")
    return cal.to_ical().decode("utf-8")
