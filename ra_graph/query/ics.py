"""Dated commitments as an iCalendar feed (RFC 5545), for a team's calendar.

One all-day event per commitment (the deadline rows come one per obligor
and beneficiary; they are gathered again here).  The UID is the
commitment's IRI: stable across rebuilds, so a subscribed calendar updates
an event rather than duplicating it.  DTSTAMP is the as-of date, not the
clock, so the same graph and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt

PRODID = "-//ra-graph//deadlines//NL"


def _labels(rows: list[dict], key: str) -> str:
    seen: dict[str, str] = {}
    for row in rows:
        value = row.get(key)
        if isinstance(value, dict):
            seen.setdefault(value["iri"], value["label"])
    return ", ".join(seen[i] for i in sorted(seen)) or "—"


def calendar_of(rows: list[dict], *, as_of: dt.date) -> str:
    """The feed: every dated commitment of ``rows`` as an all-day event."""
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
    for iri, group in by_commitment.items():
        first = group[0]
        day = dt.date.fromisoformat(first["due_by"])
        obligors, beneficiaries = _labels(group, "obligor"), _labels(group, "beneficiary")
        carried = _labels(group, "carried_by")
        words = first["text"].split()
        brief = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
        source = first.get("source_file") or first["arrangement"]
        event = Event()
        event.add("uid", iri)
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
