"""Calendars across a renewal (issue #21, item 6): an event keeps its UID from one version of
the arrangement to the next, with a higher SEQUENCE where its date moved, LAST-MODIFIED and a
URL to the clause; a calendar with no event says so."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from icalendar import Calendar

from conftest import corpus_module

RAI = "https://w3id.org/ra-graph/id/"
AS_OF = "2025-07-01"


@pytest.fixture(scope="module")
def renewal(tmp_path_factory):
    """The generated pair (noord-holland 2025 -> 2026, a deadline moved) built twice:
    before the renewal (2025 alone) and after it (both versions)."""
    from ra_graph.graph.build import build_snapshot

    home = tmp_path_factory.mktemp("pair")
    manifest = corpus_module().make_pair(home, seed=1)
    before_sources = tmp_path_factory.mktemp("before")
    shutil.copy(home / "data" / "sources" / "ra-noord-holland-2025.txt", before_sources)
    before, after = home / "before.trig", home / "after.trig"
    build_snapshot(before_sources, before)
    build_snapshot(home / "data" / "sources", after)
    return {"manifest": manifest, "before": before, "after": after}


def _events(ra, graph) -> dict[str, object]:
    r = ra("deadlines", "--graph", graph, "--as-of", AS_OF, "--format", "ics")
    assert r.code == 0, r.err
    return {str(e["uid"]): e for e in Calendar.from_ical(r.out).walk("VEVENT")}


def test_every_continuing_commitment_keeps_its_uid(renewal, ra):
    before, after = _events(ra, renewal["before"]), _events(ra, renewal["after"])
    (pair,) = renewal["manifest"]["pairs"]
    dropped = {c["old"] for c in pair["changes"] if c["change"] == "dropped"}
    continuing = {uid for uid, e in before.items() if str(e["url"]).removeprefix(RAI) not in dropped}
    assert continuing and continuing <= set(after)  # the same UID after the renewal
    assert all(uid.startswith(RAI + "noord-holland-2025/") for uid in after)  # the lineage's first version
    # the events now point at the version in force
    assert {str(e["url"]).removeprefix(RAI).split("/")[0] for e in after.values()} == {"noord-holland-2026"}
    for uid in continuing:
        old, new = before[uid], after[uid]
        if old["dtstart"].dt != new["dtstart"].dt:
            assert new["sequence"] > old["sequence"], uid
        else:
            assert new["sequence"] == old["sequence"], uid


def test_the_moved_deadline_has_a_higher_sequence(renewal, ra):
    before, after = _events(ra, renewal["before"]), _events(ra, renewal["after"])
    (pair,) = renewal["manifest"]["pairs"]
    (moved,) = [c for c in pair["changes"] if c["kind"] == "deadline"]
    old_date = dt.date.fromisoformat(moved["fields"]["due_by"]["old"])
    new_date = dt.date.fromisoformat(moved["fields"]["due_by"]["new"])
    was = {uid for uid, e in before.items() if str(e["url"]) == RAI + moved["old"] and e["dtstart"].dt == old_date}
    now = {uid for uid, e in after.items() if str(e["url"]) == RAI + moved["new"]}
    assert was and was == now  # every commitment of the clause: the same events
    for uid in now:
        assert (before[uid]["sequence"], after[uid]["sequence"]) == (0, 1)
        assert after[uid]["dtstart"].dt == new_date
        assert after[uid]["last-modified"].dt == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        assert before[uid]["last-modified"].dt == dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def test_all_years_keeps_one_event_per_lineage(renewal, ra):
    r = ra("deadlines", "--graph", renewal["after"], "--as-of", AS_OF, "--format", "ics", "--all-years")
    uids = [str(e["uid"]) for e in Calendar.from_ical(r.out).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(_events(ra, renewal["after"]))


def test_an_empty_calendar_says_so(ra):
    r = ra("deadlines", "--as-of", "2026-07-01", "--actor", "LVVN", "--format", "ics")
    assert r.code == 0 and "BEGIN:VEVENT" not in r.out
    assert ("ra-graph: deadlines: the calendar holds no event: no dated commitment for --actor LVVN in "
            "drenthe-2025, groningen-2025") in r.err


def test_the_readme_calendar_example_has_events(ra):
    """The calendar example the documentation gives (moved from README.md to docs/analysts/questions.md)."""
    from conftest import ROOT

    (line,) = [x for x in (ROOT / "docs" / "analysts" / "questions.md").read_text(encoding="utf-8").split("\n")
               if x.startswith("ra-graph deadlines") and "--format ics" in x]
    args = line.split("#")[0].split()[1:]
    args = args[:args.index("--out")]
    r = ra(*args)
    assert r.out.count("BEGIN:VEVENT") == 2 and "no event" not in r.err
