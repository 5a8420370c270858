"""``ra-graph deadlines``: what falls due when, and the calendar a team subscribes to."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ra_graph.query.deadlines import window_end

RAI = "https://w3id.org/ra-graph/id/"
IN_FORCE = ("ra-graph: answering from each province's latest arrangement, the one in force "
            "(drenthe-2025, groningen-2025); no older versions in the graph\n")
# The dated commitments of the shipped graph: (commitment, clause, due date, obligor, status as of 2026-07-01)
SHIPPED = [
    ("drenthe-2025/3.3/9/c1", "drenthe-2025/3.3/9", "2025-08-31", "Drenthe", "overdue"),
    ("groningen-2025/2.1/3/c1", "groningen-2025/2.1/3", "2026-12-31", "Rijk", "due"),
    ("groningen-2025/2.1/3/c2", "groningen-2025/2.1/3", "2026-12-31", "Groningen", "due"),
    ("groningen-2025/2.2/1/c3", "groningen-2025/2.2/1", "2026-12-31", "Rijk", "due"),
    ("groningen-2025/2.4/veenweide-2/c1", "groningen-2025/2.4/veenweide-2", "2030-12-31", "Groningen", "due"),
]


def _rows(ra, *args):
    r = ra("deadlines", "--as-of", "2026-07-01", "--format", "json", *args)
    assert r.code == 0, r.err
    return r, json.loads(r.out)


def _brief(rows):
    return [(r["commitment"].removeprefix(RAI), r["clause"], r["due_by"], r["obligor"]["label"], r["status"])
            for r in rows]


def test_ics_of_the_shipped_graph_is_exactly_its_dated_commitments(ra):
    from icalendar import Calendar

    r = ra("deadlines", "--as-of", "2026-07-01", "--format", "ics")
    assert (r.code, r.err) == (0, IN_FORCE)
    calendar = Calendar.from_ical(r.out)
    assert str(calendar["prodid"]) == "-//ra-graph//deadlines//NL" and str(calendar["version"]) == "2.0"
    events = calendar.walk("VEVENT")
    assert [(str(e["uid"]), e["dtstart"].dt, e["dtend"].dt) for e in events] == [
        (RAI + commitment, dt.date.fromisoformat(due), dt.date.fromisoformat(due) + dt.timedelta(days=1))
        for commitment, _, due, _, _ in SHIPPED]
    for event, (_, clause, due, obligor, _) in zip(events, SHIPPED):
        assert type(event["dtstart"].dt) is dt.date  # an all-day event, not a moment
        description = str(event["description"])
        assert description.startswith(f"Afspraak / clause: {clause} (paragraaf / section ")
        assert f"Termijn / due: {due} (" in description
        assert f"Uitvoerder / obligor: {obligor}\n" in description
        assert str(event["summary"]).startswith(f"{obligor}: ") and str(event["summary"]).endswith(f"({clause})")
    first = str(events[0]["description"])
    assert "Ten behoeve van / beneficiary: Rijk\n" in first
    assert "Bron / source: data/sources/ra-drenthe-2025.txt, regel / line 386\n" in first
    assert first.endswith("Het is de bedoeling deze in augustus 2025 aan te kunnen bieden aan het Rijk.")
    assert "Gedragen door / carried by: VRO\n" in str(events[1]["description"])
    assert events[0]["dtstamp"].dt == dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc)
    # the same graph and date give the same bytes (a subscribed calendar sees no spurious change)
    assert ra("deadlines", "--as-of", "2026-07-01", "--format", "ics").out == r.out


def test_json_overdue_first_then_by_date(ra):
    r, rows = _rows(ra)
    assert r.err == IN_FORCE
    assert _brief(rows) == SHIPPED
    assert list(rows[0])[:10] == ["clause", "arrangement", "line", "text", "obligor", "carried_by", "beneficiary",
                                  "due_by", "due_text", "status"]
    assert (rows[0]["line"], rows[0]["due_text"], rows[0]["beneficiary"]) == \
        (386, "in augustus 2025", {"iri": RAI + "rijk", "label": "Rijk"})
    assert rows[1]["carried_by"] == {"iri": RAI + "vro", "label": "VRO"}


@pytest.mark.parametrize(("args", "expected"), [
    (["--within", "90d"], SHIPPED[:1]),  # nothing falls due before 2026-09-29; the overdue one stays
    (["--within", "6m"], SHIPPED[:4]),  # up to 2027-01-01
    (["--from", "2026-01-01", "--to", "2026-12-31"], SHIPPED[1:4]),
    (["--from", "2027-01-01"], SHIPPED[4:]),
    (["--actor", "Groningen"], [SHIPPED[2], SHIPPED[4]]),
    (["--actor", "KGG"], [SHIPPED[3]]),  # KGG carries the Rijk's commitment (rule: the lead ministry)
    (["--actor", "Rijk"], [SHIPPED[1], SHIPPED[3]]),
    (["--actor", "LVVN"], []),
    (["--arrangement", "drenthe"], SHIPPED[:1]),
    (["--programme", "NOVEX"], []),
])
def test_filters(ra, args, expected):
    assert _brief(_rows(ra, *args)[1]) == expected


def test_undated_phrases_are_listed_apart(ra):
    r, both = _rows(ra, "--undated", "--arrangement", "drenthe-2025")
    assert set(both) == {"dated", "undated"}
    assert _brief(both["dated"]) == SHIPPED[:1]
    assert {(x["status"], x["due_by"]) for x in both["undated"]} == {("undated", None)}
    assert [(x["commitment"].removeprefix(RAI), x["obligor"]["label"], x["due_text"]) for x in both["undated"]] == [
        ("drenthe-2025/3.1/eerder-1/c1", "Rijk", "de komende maanden; tijdens het BO Leefomgeving van 2025"),
        ("drenthe-2025/3.1/eerder-1/c2", "Drenthe", "de komende maanden; tijdens het BO Leefomgeving van 2025"),
        ("drenthe-2025/3.4/3/c1", "Rijk", "in de komende periode"),
        ("drenthe-2025/3.4/3/c2", "Drenthe", "in de komende periode"),
        ("drenthe-2025/3.5/1/c1", "VRO", "de komende maanden"),
        ("drenthe-2025/3.5/1/c2", "Drenthe", "de komende maanden"),
        ("drenthe-2025/3.7/1/c1", "Rijk", "zo snel mogelijk na het vaststellen van de nota Ruimte voor Defensie"),
        ("drenthe-2025/3.7/1/c2", "Drenthe", "zo snel mogelijk na het vaststellen van de nota Ruimte voor Defensie"),
    ]
    csv = ra("deadlines", "--as-of", "2026-07-01", "--arrangement", "drenthe-2025", "--undated", "--format", "csv")
    lines = csv.out.strip().split("\n")
    assert lines[0].startswith("clause,arrangement,line,text,obligor,carried_by,beneficiary,due_by,due_text,status,")
    assert [line.split(",")[0] for line in lines[1:]] == ["drenthe-2025/3.3/9"] + [x["clause"] for x in both["undated"]]
    table = ra("deadlines", "--as-of", "2026-07-01", "--arrangement", "drenthe-2025", "--undated").out
    assert "\nundated (a phrase, no date):\n" in table


def test_the_versions_in_force_by_default(ra, mini_path, tmp_path):
    graph = tmp_path / "renewed.trig"
    graph.write_text(mini_path.read_text(encoding="utf-8") + "\n" +
                     (mini_path.parent / "revisions.trig").read_text(encoding="utf-8"), encoding="utf-8")
    r = ra("deadlines", "--graph", graph, "--as-of", "2026-07-01", "--format", "json", "--undated")
    assert r.err == ("ra-graph: answering from each province's latest arrangement, the one in force "
                     "(drenthe-2026, groningen-2025); --all-years adds 1 older version(s)\n")
    rows = json.loads(r.out)
    assert [(x["commitment"].removeprefix(RAI), x["status"]) for x in rows["dated"]] == [
        ("drenthe-2026/3.7/1/c1", "overdue"), ("groningen-2025/2.1/3/c1", "due"), ("groningen-2025/2.1/3/c2", "due")]
    assert [(x["commitment"].removeprefix(RAI), x["obligor"]["label"]) for x in rows["undated"]] == [
        ("drenthe-2026/3.1/1.2/c1", "IenW"), ("drenthe-2026/3.1/1.2/c1", "LVVN")]
    every = json.loads(ra("deadlines", "--graph", graph, "--as-of", "2026-07-01", "--format", "json",
                          "--all-years").out)
    assert [x["commitment"].removeprefix(RAI) for x in every] == [
        "drenthe-2025/3.7/1/c1", "drenthe-2026/3.7/1/c1", "groningen-2025/2.1/3/c1", "groningen-2025/2.1/3/c2"]


def test_a_calendar_event_names_every_obligor_of_its_commitment(ra, mini_path, tmp_path):
    from icalendar import Calendar

    graph = tmp_path / "renewed.trig"
    graph.write_text(mini_path.read_text(encoding="utf-8") + "\n" +
                     (mini_path.parent / "revisions.trig").read_text(encoding="utf-8"), encoding="utf-8")
    # give the joint commitment of IenW and LVVN a date, so that it is an event
    graph.write_text(graph.read_text(encoding="utf-8").replace(
        'ra:dueText "voor de zomer"@nl', 'ra:dueText "voor 1 juli 2026"@nl ; ra:dueBy "2026-07-01"^^xsd:date'),
        encoding="utf-8")
    r = ra("deadlines", "--graph", graph, "--actor", "LVVN", "--as-of", "2026-07-01", "--format", "ics")
    (event,) = Calendar.from_ical(r.out).walk("VEVENT")
    assert str(event["uid"]) == RAI + "drenthe-2026/3.1/1.2/c1"
    assert event["dtstart"].dt == dt.date(2026, 7, 1)
    assert "Uitvoerder / obligor: IenW, LVVN\n" in str(event["description"])
    assert str(event["summary"]).startswith("IenW, LVVN: IenW en LVVN stellen voor de zomer")


def test_table(ra, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    r = ra("deadlines", "--as-of", "2026-07-01", "--within", "90d")
    assert r.out == (  # carried_by is empty, so left out; the text is cut to a line beneath
        "status   due_by      clause              line  obligor  beneficiary  due_text\n"
        "-------  ----------  ------------------  ----  -------  -----------  ----------------\n"
        "overdue  2025-08-31  drenthe-2025/3.3/9  386   Drenthe  Rijk         in augustus 2025\n"
        "    In afstemming met Defensie en Economische zaken werkt de provincie Drenthe aan een Drentse Defe…\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--within", "3 maanden"], "--within: '3 maanden' is not a period (e.g. 90d, 6w, 3m, 1y)"),
    (["--within", "90d", "--to", "2026-12-31"], "--within and --to exclude each other"),
    (["--from", "2026-12-31", "--to", "2026-01-01"], "--to: 2026-01-01 is before --from 2026-12-31"),
    (["--to", "31-12-2026"], "--to: '31-12-2026' is not a date (YYYY-MM-DD)"),
    (["--as-of", "2026-13-01"], "--as-of: '2026-13-01' is not a date (YYYY-MM-DD)"),
    (["--undated", "--format", "ics"],
     "--undated: a phrase without a date cannot be a calendar event (use --format table, json or csv)"),
    (["--arrangement", "drenthe-2025", "--all-years"], "--arrangement and --all-years exclude each other"),
    (["--actor", "Nergens"],
     "--actor: unknown actor 'Nergens' and none is close (name it by acronym, label or IRI, as in data/vocab/)"),
])
def test_bad_options_are_one_line(ra, args, message):
    r = ra("deadlines", *args)
    assert (r.code, r.out, r.err) == (2, "", f"ra-graph: {message}\n")


@pytest.mark.parametrize(("as_of", "within", "end"), [
    ("2026-07-01", "90d", "2026-09-29"), ("2026-07-01", "6w", "2026-08-12"), ("2026-01-31", "1m", "2026-02-28"),
    ("2026-08-31", "6m", "2027-02-28"), ("2024-02-29", "1y", "2025-02-28"), ("2026-07-01", "0d", "2026-07-01"),
])
def test_window_end(as_of, within, end):
    assert window_end(dt.date.fromisoformat(as_of), within) == dt.date.fromisoformat(end)
