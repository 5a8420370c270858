"""The reports analysts read: escaping, self-containment, summary figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from conftest import html_tags
from ra_graph.validate.findings import Finding, severity_counts
from ra_graph.validate.report import filter_severity, md_escape, render, summary
from ra_graph.validate.shacl import run

HOSTILE = Path(__file__).parents[1] / "fixtures" / "report" / "hostile.ttl"
SHAPES_FIXTURES = Path(__file__).parents[1] / "fixtures" / "shapes"
CSP = """<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"""


@pytest.fixture(scope="module")
def hostile():
    return run(HOSTILE)


@pytest.fixture(scope="module")
def mini_report(mini_path):
    return run(mini_path, as_of="2026-07-01")


def test_html_escapes_data(hostile):
    html = render(hostile, "html")
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;quoted&#34;" in html  # clause text and title
    assert "Niemand &lt;/blockquote&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "EVIL&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in html  # actor label, in parties and summary
    assert "Titel &lt;img src=x onerror=alert(1)&gt;" in html
    assert "evil/1/&lt;a&gt;" in html
    parsed = html_tags(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not [a for a in parsed.attrs if a[0].startswith("on")]


def test_html_is_self_contained(mini_report):
    html = render(mini_report, "html")
    parsed = html_tags(html)
    assert {"script", "link", "img", "iframe", "object"}.isdisjoint(parsed.tags)
    assert not [a for a in parsed.attrs if a[0] in ("href", "src")]
    assert "url(" not in html and "@import" not in html
    # http appears only as IRIs shown as text, inside <code> (and in the CSP's http-equiv)
    for chunk in html.replace("http-equiv", "").split("http")[1:]:
        assert chunk.split("<", 1)[0].startswith(("s://w3id.org/ra-graph/",)), chunk[:60]
    assert "@media print" in html and '<html lang="nl">' in html


def test_html_summary_and_findings(mini_report):
    html = render(mini_report, "html")
    # worst first: the Violation, then the Warnings, then the Info folded; the counting tables after them
    order = [html.index(s) for s in ('id="violation"', "groningen-2025/2.4/agenda-1", 'id="warning"',
                                     '<details class="fold" id="info">', "Samenvatting")]
    assert order == sorted(order)
    assert "<tr><td>geen verantwoordelijke partij <span class=\"en\">/ no responsible party</span></td>" \
           "<td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td></tr>" in html
    assert "<tr><td>groningen-2025</td><td class=\"n\">1</td><td class=\"n\">2</td><td class=\"n\">2</td>" \
           "<td class=\"n\">5</td></tr>" in html
    assert "<tr><th>afspraken / clauses</th><td class=\"n\">8</td></tr>" in html
    # within a severity: arrangement, then section in source order
    warnings = html[html.index('id="warning"'):html.index('id="info"')]
    order = [warnings.index(s) for s in ("drenthe-2025, paragraaf", "3.1 Watervraagstukken", "3.7 Defensie",
                                         "groningen-2025, paragraaf")]
    assert order == sorted(order)
    assert "<td>LVVN, IenW, VRO</td>" not in html  # labels sorted by IRI
    assert "<td>IenW, LVVN, VRO</td><td>Groningen</td>" in html
    assert "Voldoet niet" in html and "2026-07-01" in html
    # the figures of a balance finding have words, not JSON keys; the shape IRI is behind a toggle
    assert "rijk_commitments" not in html
    assert '<p class="meta" id="balanced">4 paragraaf/paragrafen in balans' in html  # all four sections balanced
    assert html.count("<details class=\"tech\">") == html.count("shape: <code>") == 6  # 4 balance Info: 2 balanced


def test_ministry_summary(mini_report):
    s = summary(mini_report.findings)
    rows = {r["key"]: (r["Violation"], r["Warning"], r["Info"]) for r in s["ministries"]}
    assert rows == {"(geen Rijkspartij / no Rijk party)": (1, 2, 0), "IenW + LVVN + VRO": (0, 1, 0),
                    "OCW": (0, 1, 0), "Rijk (geen ministerie genoemd / no ministry named)": (0, 1, 0)}
    # each finding about a clause once: the rows add up to the total the table states
    assert s["ministries_total"] == {"Violation": 1, "Warning": 5, "Info": 0, "total": 6}
    assert sum(r["total"] for r in s["ministries"]) == 6
    assert s["ministries_total"]["total"] + s["ministries_elsewhere"] == len(mini_report.findings) == 10


def test_md_escapes_data(hostile):
    md = render(hostile, "md")
    assert "<script>" not in md and "<i>" not in md
    assert ("\\<script\\>alert(1)\\</script\\> \"quoted\" \\| \\*bold\\* \\_em\\_ \\`code\\` "
            "\\[link\\](javascript:alert(1)) &amp; more") in md
    assert "EVIL\\<script\\>alert(1)\\</script\\>\" → Evil\\|\\*\\_\\`" in md
    assert "— evil/1/\\<a\\> (evil-2025, regel / line 7)" in md


def test_md_summary_table(mini_report):
    md = render(mini_report, "md")
    assert "| regel / constraint | Violation | Warning | Info |\n|---|---:|---:|---:|\n" \
           "| termijn verstreken / overdue (`overdue`) | 0 | 1 | 0 |\n" \
           "| eenzijdige afspraak / one-sided clause (`reciprocity`) | 0 | 4 | 0 |\n" \
           "| balans per paragraaf / balance per section (`reciprocity-balance`) | 0 | 0 | 4 |\n" \
           "| geen verantwoordelijke partij / no responsible party (`responsible-party`) | 1 | 0 | 0 |\n" in md
    assert "- **Violation** `responsible-party` geen verantwoordelijke partij / no responsible party — " \
           "groningen-2025/2.4/agenda-1 (groningen-2025, regel / line 647)" in md
    assert md.index("## Overtredingen / Violations (1)") < md.index("## Waarschuwingen / Warnings (5)") \
        < md.index("## Informatie / Info (4)") < md.index("## Per ministerie / per ministry")


def test_md_escape():
    assert md_escape("a|b*c_d`e<f>[g]\\h~i\nj & k") == "a\\|b\\*c\\_d\\`e\\<f\\>\\[g\\]\\\\h\\~i j &amp; k"
    assert md_escape(None) == ""


def test_text_format(mini_report):
    text = render(mini_report, "text")
    first = text.splitlines()[0]
    assert first.startswith("Validation: does NOT conform — 1 violation(s), 5 warning(s), 4 info")
    assert "VIOLATION responsible-party  groningen-2025/2.4/agenda-1, groningen-2025, line 647" in text  # a clause
    assert "WARNING   overdue  drenthe-2025/3.7/1, commitment c1, drenthe-2025, line 827" in text
    assert "  value: 2025-08-31" in text


def test_severity_selection(mini_report):
    assert [f.severity for f in filter_severity(mini_report.findings, "Violation")] == ["Violation"]
    assert len(filter_severity(mini_report.findings, "warning")) == 6
    assert len(filter_severity(mini_report.findings, None)) == 10
    md = render(mini_report, "md", severity="Violation")
    assert "reciprocity" not in md


def test_empty_report_renders(tmp_path, ra):
    base = Path(__file__).parents[1] / "fixtures" / "shapes" / "_base.ttl"
    for fmt in ("text", "md", "html"):
        r = ra("validate", "--graph", base, "--format", fmt, "--severity", "Warning")
        assert r.code == 0
        assert ("no findings" in r.out) or ("0 violation(s), 0 warning(s)" in r.out)


@pytest.fixture(scope="module")
def two_overdue():
    """Both commitments of clause x/1/a overdue: two findings on one clause."""
    graph = Graph()
    graph.parse(SHAPES_FIXTURES / "_base.ttl")
    graph.parse(SHAPES_FIXTURES / "overdue.bad.ttl")
    return run(graph, as_of="2026-07-02", ontology_path=SHAPES_FIXTURES / "_ontology.ttl")


def test_text_names_the_commitment(two_overdue):
    lines = [x for x in render(two_overdue, "text").splitlines() if x.startswith("WARNING   overdue")]
    assert lines == ["WARNING   overdue  x/1/a, commitment c1, x-2025, line 20",
                     "WARNING   overdue  x/1/a, commitment c2, x-2025, line 20"]


def test_md_and_html_name_the_commitment(two_overdue):
    md = render(two_overdue, "md")
    assert "- **Warning** `overdue` termijn verstreken / overdue — x/1/a, verplichting / commitment c1 " \
           "(x-2025, regel / line 20)" in md
    assert "- **Warning** `overdue` termijn verstreken / overdue — x/1/a, verplichting / commitment c2 " \
           "(x-2025, regel / line 20)" in md
    html = render(two_overdue, "html")
    assert '<span class="meta">verplichting <span class="en">/ commitment</span> c2</span>' in html


def test_html_file_has_csp_and_no_script(ra, mini_path, tmp_path):
    target = tmp_path / "report.html"
    r = ra("validate", "--graph", mini_path, "--format", "html", "--out", target)
    assert r.code == 1 and r.out == ""
    html = target.read_text(encoding="utf-8")
    assert CSP in html
    assert html.index(CSP) < html.index("<style>")  # in <head>, before any content
    assert "<script" not in html.lower()


def test_severity_counts_are_one_figure_everywhere(mini_report):
    import json

    expected = {"Violation": 1, "Warning": 5, "Info": 4}
    assert severity_counts(mini_report.findings) == expected
    assert list(severity_counts([])) == ["Violation", "Warning", "Info"]
    assert severity_counts([]) == {"Violation": 0, "Warning": 0, "Info": 0}
    assert summary(mini_report.findings)["severities"] == expected
    assert json.loads(render(mini_report, "json"))["counts"] == expected
    shown = json.loads(render(mini_report, "json", severity="Violation"))
    assert (shown["counts"], shown["hidden"]) == ({"Violation": 1, "Warning": 0, "Info": 0}, {"Warning": 5, "Info": 4})
    assert json.loads(render(mini_report, "json"))["hidden"] == {}
    assert not hasattr(mini_report, "counts")  # the unused second way is gone


def test_hidden_findings_are_counted_not_shown_as_zero(mini_report, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    first = {s: render(mini_report, "text", severity=s).splitlines()[0] for s in ("Violation", "Warning")}
    checked = "checked 2 arrangements, 4 sections, 8 clauses, 11 commitments; deadlines as of 2026-07-01"
    assert first == {
        "Violation": "Validation: does NOT conform — 1 violation(s) (--severity Violation hides 5 warning(s) "
                     f"and 4 info); {checked}",
        "Warning": f"Validation: does NOT conform — 1 violation(s), 5 warning(s) (--severity Warning hides 4 info); "
                   f"{checked}",
    }
    assert render(mini_report, "text").splitlines()[0] == \
        f"Validation: does NOT conform — 1 violation(s), 5 warning(s), 4 info; {checked}"
    md = render(mini_report, "md", severity="Violation")
    assert "Niet getoond / not shown: --severity Violation hides 5 warning(s) and 4 info\n" in md
    html = render(mini_report, "html", severity="Violation")
    assert ('<p class="meta" id="hidden">Niet getoond <span class="en">/ not shown</span>: '
            "--severity Violation hides 5 warning(s) and 4 info</p>") in html
    assert html.count('niet getoond <span class="en">/ not shown</span></td>') == 2  # Warning and Info cells
    assert "Niet getoond" not in render(mini_report, "md")


def test_text_lines_fit_the_terminal(mini_report, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    lines = render(mini_report, "text").splitlines()
    assert max(len(line) for line in lines) == 60
    assert lines[:3] == ["Validation: does NOT conform — 1 violation(s), 5 warning(s),",
                         "  4 info; checked 2 arrangements, 4 sections, 8 clauses, 11",
                         "  commitments; deadlines as of 2026-07-01"]


def test_no_party_is_said_in_words(mini_report):
    md = render(mini_report, "md")
    assert "— → —" not in md
    assert "  - geen partij genoemd / no party named\n" in md  # groningen-2025/2.4/agenda-1: no obligor, no beneficiary
    html = render(mini_report, "html")
    assert "<td>geen partij genoemd / no party named</td>" in html


def test_commitment_name():
    finding = Finding(severity="Warning", constraint="overdue", message="", message_nl="", shape="", focus="")
    assert finding.commitment_name is None
    finding.commitment = "https://w3id.org/ra-graph/id/drenthe-2025/3.7/1/c12"
    assert finding.commitment_name == "c12"


def test_page_option_needs_html_and_a_plain_address(ra, mini_path):
    for options in (("--format", "md", "--page", "graph.html"), ("--format", "html", "--page", "graph.html#x"),
                    ("--format", "html", "--page", "javascript:alert(1)")):
        r = ra("validate", "--graph", mini_path, *options)
        assert (r.code, r.out) == (2, "")
        assert r.err == (f"ra-graph: --page {options[-1]}: expected the address of a graph page "
                         "(graph.html, no #fragment) and --format html\n")
