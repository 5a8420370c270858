"""``ra-graph diff``: exactly the changes between two versions, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import html_tags

HOSTILE = Path(__file__).parents[1] / "fixtures" / "report" / "hostile-versions.trig"
CSP = """<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"""
RAI = "https://w3id.org/ra-graph/id/"


def ref(local: str, label: str) -> dict:
    return {"iri": RAI + local, "label": label}


@pytest.fixture(scope="module")
def result(two_drenthes):
    from ra_graph.core.store import open_graph
    from ra_graph.query.diff import diff

    return diff(open_graph(two_drenthes), "drenthe-2025", "drenthe-2026")


def test_exactly_the_six_changes_made(result):
    """renew_drenthe (conftest) made six changes; dropping 3.3/2 renumbered five more."""
    changes = [(c["change"], c["old"], c["new"], c["score"], c["fields"])
               for c in result["clauses"] if c["change"] != "unchanged"]
    assert changes == [
        ("reworded", "drenthe-2025/3.3/1", "drenthe-2026/3.3/1", 0.917, {}),
        ("dropped", "drenthe-2025/3.3/2", None, None, {}),
        ("renumbered", "drenthe-2025/3.3/3", "drenthe-2026/3.3/2", 1.0, {}),
        ("renumbered", "drenthe-2025/3.3/4", "drenthe-2026/3.3/3", 1.0, {}),
        ("renumbered", "drenthe-2025/3.3/5", "drenthe-2026/3.3/4", 1.0, {}),
        ("renumbered", "drenthe-2025/3.3/6", "drenthe-2026/3.3/5", 1.0, {}),
        ("renumbered", "drenthe-2025/3.3/7", "drenthe-2026/3.3/6", 1.0, {}),
        ("changed", "drenthe-2025/3.3/8", "drenthe-2026/3.3/7", 0.996, {
            "obligors": {"old": [ref("provincie-drenthe", "Drenthe")], "new": [ref("rijk", "Rijk")]},
            "beneficiaries": {"old": [ref("rijk", "Rijk")], "new": [ref("provincie-drenthe", "Drenthe")]},
        }),
        ("changed", "drenthe-2025/3.3/9", "drenthe-2026/3.3/8", 0.916, {
            "due_by": {"old": "2025-08-31", "new": "2026-03-31",
                       "old_text": "in augustus 2025", "new_text": "in maart 2026"},
        }),
        ("added", None, "drenthe-2026/3.3/9", None, {}),
    ]


def test_every_clause_once_and_the_rest_unchanged(result, two_drenthes):
    from ra_graph.core.store import open_graph
    from ra_graph.query.clauses import list_clauses

    store = open_graph(two_drenthes)
    old = {c["clause"] for c in list_clauses(store, arrangement="drenthe-2025")}
    new = {c["clause"] for c in list_clauses(store, arrangement="drenthe-2026")}
    assert sorted(c["old"] for c in result["clauses"] if c["old"]) == sorted(old)
    assert sorted(c["new"] for c in result["clauses"] if c["new"]) == sorted(new)
    unchanged = [c for c in result["clauses"] if c["change"] == "unchanged"]
    assert len(unchanged) == 32
    assert all(c["old"].split("/", 1)[1] == c["new"].split("/", 1)[1] and c["score"] == 1.0
               and c["text_diff"] is None for c in unchanged)
    # the new version's order, a dropped clause where it stood
    assert [c["line"] or c["old_line"] for c in result["clauses"]][:3] == [133, 137, 142]


def test_word_diff_of_a_reworded_clause(result):
    (reworded,) = [c for c in result["clauses"] if c["change"] == "reworded"]
    assert reworded["text_diff"] == [
        {"op": "equal", "text": "Het Rijk en de provincie Drenthe committeren zich aan het gezamenlijk uitdragen "
                                "naar burgers en bedrijven van het belang, de omvang en de"},
        {"op": "delete", "text": "toenemende"},
        {"op": "insert", "text": "groeiende"},
        {"op": "equal", "text": "ruimtelijke impact van de langjarige energieopgave."},
    ]


def test_summary_per_kind_field_section_and_side(result):
    summary = result["summary"]
    assert summary["changes"] == {"changed": 2, "reread": 0, "reworded": 1, "renumbered": 5, "added": 1,
                                  "dropped": 1, "unchanged": 32}
    assert summary["fields"] == {"beneficiaries": 1, "due_by": 1, "obligors": 1}
    # by commitment: 3.3/8 moved from Drenthe to the Rijk (both sides' commitments changed), 3.3/9's date is
    # Drenthe's (the province's only); the reworded and renumbered clauses changed no side's commitment
    assert summary["sides"] == {
        "Rijk": {"changed": 1, "reread": 0, "added": 1, "dropped": 1, "unchanged": 30},
        "province": {"changed": 2, "reread": 0, "added": 1, "dropped": 1, "unchanged": 33},
    }
    sides = {c["old"] or c["new"]: c["side_changes"] for c in result["clauses"] if c["change"] != "unchanged"}
    assert sides["drenthe-2025/3.3/9"] == {"province": "changed"}
    assert sides["drenthe-2025/3.3/1"] == {"Rijk": "unchanged", "province": "unchanged"}
    assert summary["section_changes"] == {"added": [], "dropped": [], "moved": []}
    energy = [s for s in summary["sections"] if s["section"] == "3.3"]
    assert energy == [{"section": "3.3", "old_section": None, "title": "Energie en economie",
                       "changes": {"changed": 2, "reread": 0, "reworded": 1, "renumbered": 5, "added": 1,
                                   "dropped": 1, "unchanged": 2}}]
    assert [s["section"] for s in summary["sections"]] == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"]
    assert (result["old"], result["new"], result["threshold"]) == ("drenthe-2025", "drenthe-2026", 0.5)


def test_json_through_the_cli_is_the_same(ra, two_drenthes, result):
    r = ra("diff", "drenthe-2025", "drenthe", "--graph", two_drenthes, "--format", "json")
    assert r.code == 0
    assert json.loads(r.out) == result
    assert r.err == "ra-graph: NEW drenthe: using drenthe-2026, the latest (also in the graph: drenthe-2025)\n"


def test_table(ra, two_drenthes, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    r = ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_drenthes)
    lines = r.out.split("\n")
    assert lines[:4] == [  # wrapped to the terminal
        "diff drenthe-2025 -> drenthe-2026: 2 changed, 1 reworded, 5 renumbered, 1 added, 1 dropped, 32",
        "    unchanged",
        "  Rijk side (clauses whose Rijk commitments changed): 1 changed, 1 added, 1 dropped",
        "  province side (clauses whose province commitments changed): 2 changed, 1 added, 1 dropped",
    ]
    assert lines[5].split() == ["change", "old", "new", "score"]  # what changed and the words: beneath each row
    assert lines[7:10] == [
        "reworded    drenthe-2025/3.3/1  drenthe-2026/3.3/1  0.917",
        "    … bedrijven van het belang, de omvang en de [-toenemende-] {+groeiende+} ruimtelijke impact van",
        "    de langjarige energieopgave."]
    assert "    due by: 2025-08-31 (in augustus 2025) → 2026-03-31 (in maart 2026)" in lines
    assert "    parties: Rijk → Drenthe; Drenthe → Rijk" in lines  # of the dropped clause
    assert [line.split()[0] for line in lines[7:] if line[:1].strip()] == [
        "reworded", "dropped", "renumbered", "renumbered", "renumbered", "renumbered", "renumbered", "changed",
        "changed", "added"]
    assert "[-toenemende-] {+groeiende+}" in r.out
    every = ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_drenthes, "--all").out
    assert sum(line.startswith("unchanged ") for line in every.split("\n")) == 32


def test_md_is_a_note_for_a_director(ra, two_drenthes):
    md = ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_drenthes, "--format", "md").out
    assert md.startswith("# Wijzigingen / Changes: drenthe-2025 → drenthe-2026\n")
    assert "| afspraken / clauses | 2 | 1 | 5 | 1 | 1 | 32 |" in md
    assert "| 3.3 Energie en economie | 2 | 1 | 5 | 1 | 1 |" in md
    assert "| 3.1 Watervraagstukken |" not in md  # sections without a change are left out of the note
    assert ("- **changed** drenthe-2025/3.3/9 → drenthe-2026/3.3/8 (score 0.916)\n"
            "  - termijn / due by: 2025-08-31 (in augustus 2025) → 2026-03-31 (in maart 2026)\n"
            "  - … in Assen. Het is de bedoeling deze in ~~augustus 2025~~ **maart 2026** aan te kunnen bieden "
            "aan het Rijk.\n") in md
    assert "| drenthe-2025/3.3/3 | drenthe-2026/3.3/2 | Rijk en de provincie Drenthe blijven met elkaar in gesprek " \
           "over het … |" in md


def test_html_is_self_contained_with_a_csp(ra, two_drenthes, tmp_path):
    target = tmp_path / "diff.html"
    r = ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_drenthes, "--format", "html", "--out", target)
    assert (r.code, r.out, r.err) == (0, "", f"wrote {target}\n")
    html = target.read_text(encoding="utf-8")
    assert CSP in html and html.index(CSP) < html.index("<style>")
    parsed = html_tags(html)
    assert {"script", "link", "img", "iframe", "object"}.isdisjoint(parsed.tags)
    assert not [a for a in parsed.attrs if a[0] in ("href", "src") or a[0].startswith("on")]
    assert "<del>toenemende</del> <ins>groeiende</ins>" in html
    assert html.count('<article class="change ') == 5  # renumbered ones are listed in a table below
    assert "<td>uitvoerder(s) / obligor(s)</td>" in html and "<td>termijn / due by</td>" in html
    assert "obligors" not in html.replace("obligor(s)", "") and "due_by" not in html


def test_hostile_data_stays_text_in_html_and_md(ra):
    html = ra("diff", "x-2025", "x-2026", "--graph", HOSTILE, "--format", "html").out
    parsed = html_tags(html)
    assert {"script", "img", "iframe", "i"}.isdisjoint(parsed.tags)
    assert not [a for a in parsed.attrs if a[0].startswith("on")]
    assert "<ins>EVIL&lt;script&gt;alert(1)&lt;/script&gt; _belooft_</ins>" in html
    assert "&lt;i&gt;weg&lt;/i&gt; ~~doorgehaald~~ &lt;/blockquote&gt;</blockquote>" in html
    assert "1 Water &lt;/th&gt;&lt;script&gt;alert(3)&lt;/script&gt;</th>" in html
    md = ra("diff", "x-2025", "x-2026", "--graph", HOSTILE, "--format", "md").out
    assert "Titel \\<img src=x onerror=alert(1)\\>" in md
    assert "  - uitvoerder(s) / obligor(s): Rijk → EVIL\\<script\\>alert(1)\\</script\\>\"" in md
    assert "~~Het Rijk \\*zegt\\*~~ **EVIL\\<script\\>alert(1)\\</script\\> \\_belooft\\_** toe: " \
           "\\<script\\>alert(1)\\</script\\> \\| \\[link\\](http://evil.example) \\`code\\`" in md
    assert "  - \\<i\\>weg\\</i\\> \\~\\~doorgehaald\\~\\~ \\</blockquote\\>" in md
    assert "<" not in md.replace("\\<", "")


def test_unknown_version_is_one_line(ra, mini_path):
    r = ra("diff", "drenthe-2025", "drenthe-2031", "--graph", mini_path)
    assert (r.code, r.out) == (2, "")
    assert r.err == "ra-graph: NEW: unknown arrangement 'drenthe-2031'; did you mean drenthe-2025, drenthe?\n"


def test_old_newer_than_new_is_said(ra, two_drenthes):
    r = ra("diff", "drenthe-2026", "drenthe-2025", "--graph", two_drenthes, "--format", "json")
    assert r.err == "ra-graph: OLD drenthe-2026 is newer than NEW drenthe-2025: what it has more shows as added\n"
    assert [(c["change"], c["old"], c["new"]) for c in json.loads(r.out)["clauses"]
            if c["change"] in ("added", "dropped")] == [("added", None, "drenthe-2025/3.3/2"),
                                                         ("dropped", "drenthe-2026/3.3/9", None)]


def test_the_same_version_twice_is_refused(ra, two_drenthes):
    r = ra("diff", "drenthe-2026", "drenthe", "--graph", two_drenthes)
    assert (r.code, r.out) == (2, "")
    assert r.err.split("\n")[-2] == ("ra-graph: OLD drenthe-2026 and NEW drenthe are the same version, drenthe-2026: "
                                     "nothing to compare; the graph holds drenthe-2025 too")
    r = ra("diff", "drenthe", "drenthe-2025")
    assert r.code == 2 and r.err.endswith("the graph holds no other version of drenthe (add and build one first)\n")


def test_html_links_when_asked(two_drenthes):
    from ra_graph.core.store import open_graph
    from ra_graph.query.diff import diff, render_html

    result = diff(open_graph(two_drenthes), "drenthe-2025", "drenthe-2026")
    html = render_html(result, page="graph.html", resource_url=lambda iri: "/id/" + iri.removeprefix(RAI),
                       history_url=lambda clause: "/history/" + clause)
    assert '<a href="/id/drenthe-2026/3.3/9"><code>drenthe-2026/3.3/9</code></a>' in html
    assert '<a class="meta" href="/history/drenthe-2026/3.3/8">geschiedenis' in html
    assert '<a href="graph.html">Netwerk' in html
    assert '<a href="/id/rijk">Rijk</a>' in html  # a party of the added clause
    assert "ra-graph history &lt;afspraak&gt;" not in html  # the links replace the hint
