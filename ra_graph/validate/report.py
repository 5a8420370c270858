"""Render a validation report for people (text, Markdown, HTML) and machines (JSON, Turtle).

The renderers share one view of the findings: filtered by severity, already
sorted (arrangement, line, constraint), with summary counts per constraint,
arrangement and ministry.  HTML goes through a Jinja2 template with
autoescaping on; Markdown escapes every Markdown-significant character in
data, so a clause text can never inject markup into a note or a page.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from itertools import groupby
from pathlib import Path

from ra_graph.core.output import to_json
from ra_graph.validate.findings import (
    SEVERITIES,
    Finding,
    ValidationReport,
    severity_counts,
)

TEMPLATES = Path(__file__).parent / "templates"
NO_MINISTRY = "(geen Rijkspartij / no Rijk party)"


def filter_severity(findings: list[Finding], severity: str | None) -> list[Finding]:
    """Findings of ``severity`` or worse (all when None)."""
    if not severity:
        return list(findings)
    wanted = {s.casefold(): i for i, s in enumerate(SEVERITIES)}[severity.casefold()]
    return [f for f in findings if SEVERITIES.index(f.severity) <= wanted]


def summary(findings: list[Finding]) -> dict:
    """Counts per constraint, arrangement and ministry, each split by severity, and per severity."""

    def table(keys_of) -> list[dict]:
        counts: dict[str, Counter] = {}
        for f in findings:
            for key in keys_of(f):
                counts.setdefault(key, Counter())[f.severity] += 1
        return [{"key": k, **{s: counts[k][s] for s in SEVERITIES}, "total": sum(counts[k].values())}
                for k in sorted(counts)]

    return {
        "constraints": table(lambda f: [f.constraint]),
        "arrangements": table(lambda f: [f.arrangement or "(vocabulaire / vocabulary)"]),
        # Only findings about clauses or commitments involve parties at all.
        "ministries": table(lambda f: ([m["label"] for m in f.ministries] or [NO_MINISTRY]) if f.clause else []),
        "severities": severity_counts(findings),
    }


def grouped(findings: list[Finding]) -> list[dict]:
    """Findings grouped by arrangement, then section (in source order)."""
    out = []
    by_arrangement = sorted(findings, key=lambda f: (f.arrangement or "\uffff",))
    for arrangement, items in groupby(by_arrangement, key=lambda f: f.arrangement):
        items = list(items)
        sections = []
        ordered = sorted(items, key=lambda f: (_section_key(f.section), f.line or 0, f.constraint))
        for section, sitems in groupby(ordered, key=lambda f: f.section):
            sitems = list(sitems)
            sections.append({"section": section, "title": sitems[0].section_title, "findings": sitems})
        out.append({"arrangement": arrangement, "title": items[0].arrangement_title, "sections": sections})
    return out


def _section_key(number: str | None) -> tuple:
    if number is None:
        return ((1,),)
    return ((0,), *((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split(".")))


# -- text ----------------------------------------------------------------------

def _where(f: Finding) -> str:
    parts = [f.clause or (f"section {f.section}" if f.section else f.focus)]
    if f.commitment_name:
        parts.append(f"commitment {f.commitment_name}")
    if f.arrangement:
        parts.append(f.arrangement)
    if f.line:
        parts.append(f"line {f.line}")
    return ", ".join(parts)


_NOUNS = {"Violation": "violation(s)", "Warning": "warning(s)", "Info": "info"}


def hidden_counts(report: ValidationReport, severity: str | None) -> dict[str, int]:
    """Findings of each severity that ``--severity`` leaves out (only the severities it hides)."""
    if not severity:
        return {}
    wanted = {s.casefold(): i for i, s in enumerate(SEVERITIES)}[severity.casefold()]
    counts = severity_counts(report.findings)
    return {s: counts[s] for s in SEVERITIES[wanted + 1:]}


def _hidden_phrase(hidden: dict[str, int], severity: str | None) -> str:
    """``--severity Violation hides 20 warning(s) and 3 info`` (empty when nothing is filtered)."""
    if not hidden:
        return ""
    return f"--severity {severity} hides " + " and ".join(f"{n} {_NOUNS[s]}" for s, n in hidden.items())


def render_text(report: ValidationReport, findings: list[Finding], hidden: dict[str, int] | None = None,
                severity: str | None = None) -> str:
    """Plain text, every line wrapped to the terminal width."""
    from ra_graph.core.output import terminal_width

    hidden = hidden or {}
    counts = severity_counts(findings)
    checked = ", ".join(f"{n} {k}" for k, n in report.checked.items())
    head = "conforms" if report.conforms else "does NOT conform"
    shown = ", ".join(f"{counts[s]} {_NOUNS[s]}" for s in SEVERITIES if s not in hidden)
    lines = [f"Validation: {head} — {shown}"
             + (f" ({_hidden_phrase(hidden, severity)})" if hidden else "")
             + f"; checked {checked}" + (f"; deadlines as of {report.as_of}" if report.as_of else "")]
    for f in findings:
        lines.append("")
        lines.append(f"{f.severity.upper():9} {f.constraint}  {_where(f)}")
        lines.append(f"  {f.message_nl}")
        if f.message != f.message_nl:
            lines.append(f"  {f.message}")
        if f.value:
            lines.append(f"  value: {f.value}")
        if f.text:
            text = " ".join(f.text.split())
            lines.append(f"  \"{text[:157] + '...' if len(text) > 160 else text}\"")
    width = terminal_width()
    wrapped = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip(" ")))
        wrapped += textwrap.wrap(line, width, subsequent_indent=indent + ("  " if not indent else ""),
                                 break_on_hyphens=False) or [""]
    return "\n".join(wrapped) + "\n"


# -- JSON ----------------------------------------------------------------------

def render_json(report: ValidationReport, findings: list[Finding], hidden: dict[str, int] | None = None,
                severity: str | None = None) -> str:
    return to_json({
        "conforms": report.conforms,
        "as_of": report.as_of,
        "checked": report.checked,
        "counts": severity_counts(findings),
        "hidden": hidden or {},
        "results": [f.to_json() for f in findings],
    })


# -- Markdown ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(value: object) -> str:
    """Data as literal Markdown text: one line, every significant character escaped."""
    text = " ".join(str(value if value is not None else "").split())
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


NO_PARTY = "geen partij genoemd / no party named"


def _labels(refs: list[dict], empty: str = "—") -> str:
    return ", ".join(r["label"] for r in refs) or empty


def _party_line(p: dict, none: str) -> str:
    """``Rijk → Groningen``; ``Rijk`` when no beneficiary is named; ``none`` when no party is."""
    obligors, beneficiaries = _labels(p["obligors"], ""), _labels(p["beneficiaries"], "")
    if not obligors:
        return none + (f" → {beneficiaries}" if beneficiaries else "")
    return f"{obligors} → {beneficiaries}" if beneficiaries else obligors


def render_md(report: ValidationReport, findings: list[Finding], hidden: dict[str, int] | None = None,
              severity: str | None = None) -> str:
    e = md_escape
    s = summary(findings)
    out = ["# Validatierapport ra-graph / Validation report", ""]
    verdict = "voldoet / conforms" if report.conforms else "voldoet NIET / does NOT conform"
    out.append(f"**{verdict}**" + (f" — peildatum / as of {e(report.as_of)}" if report.as_of else ""))
    out.append("")
    out.append("Gecontroleerd / checked: " + ", ".join(f"{n} {k}" for k, n in report.checked.items()))
    out.append("")
    if hidden:
        out.append(f"Niet getoond / not shown: {e(_hidden_phrase(hidden, severity))}")
        out.append("")
    out.append("| regel / constraint | Violation | Warning | Info |")
    out.append("|---|---:|---:|---:|")
    for row in s["constraints"]:
        out.append(f"| {e(row['key'])} | {row['Violation']} | {row['Warning']} | {row['Info']} |")
    out.append("")
    out.append("## Bevindingen / Findings")
    for f in findings:
        out.append("")
        where = e(f.clause) if f.clause else (f"paragraaf {e(f.section)}" if f.section else e(f.focus))
        if f.commitment_name:
            where += f", verplichting / commitment {e(f.commitment_name)}"
        place = ", ".join(x for x in (e(f.arrangement) if f.arrangement else "",
                                      f"regel / line {f.line}" if f.line else "") if x)
        out.append(f"- **{f.severity}** `{e(f.constraint)}` — {where}" + (f" ({place})" if place else ""))
        out.append(f"  - {e(f.message_nl)} / {e(f.message)}")
        if f.text:
            out.append(f"  - Tekst / text: {e(f.text)}")
        for p in f.parties:
            out.append(f"  - {e(_party_line(p, NO_PARTY))}"
                       + (f" (uitgevoerd door / carried by {e(_labels(p['carried_by']))})" if p["carried_by"] else ""))
    if not findings:
        out.append("")
        out.append("Geen bevindingen / no findings.")
    return "\n".join(out) + "\n"


# -- HTML ----------------------------------------------------------------------

def render_html(report: ValidationReport, findings: list[Finding], hidden: dict[str, int] | None = None,
                severity: str | None = None, page: str | None = None) -> str:
    """The report as one HTML page; with ``page`` each clause links into that graph page (``ra-graph visualise``)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["labels"] = _labels
    return env.get_template("report.html.j2").render(
        report=report, summary=summary(findings), groups=grouped(findings), severities=SEVERITIES,
        total=len(findings), hidden=hidden or {}, hidden_phrase=_hidden_phrase(hidden or {}, severity),
        no_party=NO_PARTY, page=page,
    )


def render(report: ValidationReport, fmt: str, *, severity: str | None = None, page: str | None = None) -> str:
    """The report in one of text, json, md, html, ttl (ttl: the SHACL report graph, unfiltered)."""
    if fmt == "ttl":
        return report.report_graph.serialize(format="turtle")
    findings = filter_severity(report.findings, severity)
    if fmt == "html":
        return render_html(report, findings, hidden_counts(report, severity), severity, page=page)
    renderers = {"text": render_text, "json": render_json, "md": render_md, "html": render_html}
    return renderers[fmt](report, findings, hidden_counts(report, severity), severity)
