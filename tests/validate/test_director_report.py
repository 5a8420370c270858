"""The validation report as a director reads it (issue #21, item 3): worst first,
Info folded, words for every figure, a per-ministry table that adds up, and
the date, snapshot hash and version in its header; in force by default."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from ra_graph import __version__
from ra_graph.core import paths

SHIPPED_SHA = hashlib.sha256(paths.SNAPSHOT.read_bytes()).hexdigest() if paths.SNAPSHOT.is_file() else None


@pytest.fixture(scope="module")
def shipped_html(tmp_path_factory):
    from ra_graph.validate.shacl import validate_command

    html, conforms = validate_command(paths.SNAPSHOT, fmt="html", as_of=None, severity=None, inference=False)
    assert not conforms
    return html


def test_first_finding_on_the_shipped_graph_is_the_violation(shipped_html, ra):
    first = re.search(r'<article class="finding (\w+)">.*?<div class="where"><strong>([^<]+)</strong>', shipped_html,
                      re.S)
    assert first.groups() == ("Violation", "drenthe-2025/3.2/1")
    md = ra("validate", "--format", "md").out
    assert re.search(r"^- \*\*(\w+)\*\* `([^`]+)`[^—]*— (\S+)", md, re.M).groups() == \
        ("Violation", "responsible-party", "drenthe-2025/3.2/1")
    text = ra("validate", "--format", "text").out
    assert re.search(r"^(VIOLATION|WARNING|INFO) +(\S+) +([^,]+),", text, re.M).groups() == \
        ("VIOLATION", "responsible-party", "drenthe-2025/3.2/1")


def test_per_ministry_table_adds_up_to_what_it_says(shipped_html):
    table = shipped_html[shipped_html.index('id="per-ministry"'):]
    said = re.search(r"Each finding about a clause counts once, .*?: (\d+) findings; (\d+) findings about sections",
                     table)
    rows = re.findall(r'<tr><td>([^<]+)</td>(?:<td class="n">\d+</td>){3}<td class="n">(\d+)</td></tr>', table)
    total = re.search(r'<tr class="total"><th>Totaal.*?<th class="n">(\d+)</th></tr>', table).group(1)
    # 1 Violation + 20 Warnings about clauses; the 16 balance figures are about sections
    assert said.groups() == ("21", "16")
    assert sum(int(n) for _, n in rows) == int(total) == 21
    assert dict(rows)["(geen Rijkspartij / no Rijk party)"] == "13"
    assert dict(rows)["IenW"] == "4"


def test_header_names_date_snapshot_and_version(shipped_html):
    assert f"<code>{SHIPPED_SHA}</code>" in shipped_html
    assert f"ra-graph {__version__}" in shipped_html
    assert "arrangementen in werking / arrangements in force: drenthe-2025, groningen-2025" in shipped_html


def test_info_folded_balance_only_where_out_of_balance(shipped_html):
    info = shipped_html[shipped_html.index('<details class="fold" id="info">'):]
    info = info[:info.index("</details></section>")]
    shown = re.findall(r"paragraaf <span class=\"en\">/ section</span> ([\d.]+)", info)
    # 16 sections have commitments; 8 hold as many Rijk-side as province-side ones
    assert shown == ["3.2", "3.3", "3.5", "3.6", "2.2", "2.3", "2.4", "2.5"]
    assert "8 paragraaf/paragrafen in balans" in info and "drenthe-2025 3.1, drenthe-2025 3.4" in info
    assert "<span>verplichtingen aan Rijkszijde / Rijk-side commitments: <strong>11</strong></span>" in info
    assert "rijk_commitments" not in shipped_html
    # shape IRIs only behind the technical-details toggle
    outside = re.sub(r'<details class="tech">.*?</details>', "", shipped_html, flags=re.S)
    assert "https://w3id.org/ra-graph/shapes" not in outside and "shape: <code>" not in outside


def test_resource_url_links_clauses_and_parties():
    from ra_graph.validate.report import render
    from ra_graph.validate.shacl import run

    report = run(paths.SNAPSHOT)
    html = render(report, "html", resource_url=lambda iri: "/id/" + iri.removeprefix("https://w3id.org/ra-graph/id/"))
    assert '<a href="/id/drenthe-2025/3.2/1">drenthe-2025/3.2/1</a>' in html
    assert '<a href="/id/ienw">IenW</a>' in html


def test_older_versions_are_counted_not_shown(two_drenthes, ra):
    r = ra("validate", "--graph", two_drenthes, "--format", "json")
    data = json.loads(r.out)
    assert {x["arrangement"] for x in data["results"]} == {"drenthe-2026", "groningen-2025"}
    assert data["scope"].startswith("arrangementen in werking / arrangements in force: drenthe-2026, groningen-2025")
    assert "--all-years toont ook / also shows drenthe-2025" in data["scope"]
    left = data["out_of_scope"]
    wide = json.loads(ra("validate", "--graph", two_drenthes, "--format", "json", "--all-years").out)
    older = [x for x in wide["results"] if x["arrangement"] == "drenthe-2025"]
    assert sum(left.values()) == len(older) > 0
    assert left["Warning"] == sum(1 for x in older if x["severity"] == "Warning")
    assert wide["scope"] is None and len(wide["results"]) == len(data["results"]) + len(older)
