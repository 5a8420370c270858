"""A finding lists the parties of its clause's commitments with each one's due date, so the report
shows what was due and when: the overdue commitment of Drenthe 3.7/1 carries 2025-08-31, a
commitment without a date none.  C-dc735d (``prop == "dueBy"`` in ``findings._add_fact``)."""

from __future__ import annotations

import json


def test_a_findings_parties_carry_their_due_dates(ra, mini_path):
    r = ra("validate", "--graph", mini_path, "--format", "json", "--as-of", "2026-01-01")
    results = json.loads(r.out)["results"]
    dates = {(f["clause"], f["constraint"]): [p["due_by"] for p in f["parties"]] for f in results if f["clause"]}
    assert dates[("drenthe-2025/3.7/1", "overdue")] == ["2025-08-31"]
    assert dates[("groningen-2025/2.4/agenda-1", "responsible-party")] == [None]
