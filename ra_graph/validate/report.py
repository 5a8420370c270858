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
from collections.abc import Callable
from datetime import date
from itertools import groupby
from pathlib import Path

from ra_graph.core import labels
from ra_graph.core.namespaces import RAI, RIJK
from ra_graph.core.output import to_json
from ra_graph.validate.findings import (
    SEVERITIES,
    Finding,
    ValidationReport,
    severity_counts,
)

TEMPLATES = Path(__file__).parent / "templates"
NO_MINISTRY = "(geen Rijkspartij / no Rijk party)"
RIJK_ONLY = "Rijk (geen ministerie genoemd / no ministry named)"
BALANCE = "reciprocity-balance"


def filter_severity(findings: list[Finding], severity: str | None) -> list[Finding]:
    """Findings of ``severity`` or worse (all when None)."""
    if not severity:
        return list(findings)
    wanted = {s.casefold(): i for i, s in enumerate(SEVERITIES)}[severity.casefold()]
    return [f for f in findings if SEVERITIES.index(f.severity) <= wanted]


def ordered(findings: list[Finding]) -> list[Finding]:
    """Worst first (Violations, then Warnings, then Info), each in source order:
    arrangement, section, line.  A director reads the first finding first."""
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.arrangement or "\uffff",
                                           _section_key(f.section), f.line or 0, *f.sort_key()))


def is_balanced(f: Finding) -> bool:
    """A per-section balance figure whose section is in balance: the Rijk side and the
    province hold as many commitments, and between them at least one.  Only the others
    are worth a reader's time; these are folded into one line."""
    if f.constraint != BALANCE:
        return False
    rijk, province = f.extra.get("rijk_commitments"), f.extra.get("province_commitments")
    return rijk == province and bool(rijk)


def ministry_key(f: Finding) -> str | None:
    """The one row of the per-ministry table a finding about a clause counts in.

    The Rijk-side actors its commitments name as obligor or carrier, without
    het Rijk itself when a ministry is named (the ministry is who acts):
    one ministry -> its name; several -> joined with " + "; only het Rijk ->
    RIJK_ONLY; none -> NO_MINISTRY.  Findings about no clause (a section, the
    vocabulary) are in no row: None.
    """
    if not f.clause:
        return None
    labels = [m["label"] for m in f.ministries if m["iri"] != RIJK]
    if labels:
        return " + ".join(labels)
    return RIJK_ONLY if f.ministries else NO_MINISTRY


def summary(findings: list[Finding]) -> dict:
    """Counts per constraint, arrangement and ministry, each split by severity, and per severity.

    Every table counts each finding once.  ``ministries`` counts the findings about
    clauses (``ministry_key``); ``ministries_total`` is their number, and
    ``ministries_elsewhere`` the findings about sections or vocabularies it leaves out,
    so the two add up to the number of findings.
    """

    def table(keys_of) -> list[dict]:
        counts: dict[str, Counter] = {}
        for f in findings:
            for key in keys_of(f):
                counts.setdefault(key, Counter())[f.severity] += 1
        return [{"key": k, **{s: counts[k][s] for s in SEVERITIES}, "total": sum(counts[k].values())}
                for k in sorted(counts)]

    about_clauses = [f for f in findings if f.clause]
    return {
        "constraints": table(lambda f: [f.constraint]),
        "arrangements": table(lambda f: [f.arrangement or "(vocabulaire / vocabulary)"]),
        "ministries": table(lambda f: [ministry_key(f)] if f.clause else []),
        "ministries_total": {**severity_counts(about_clauses), "total": len(about_clauses)},
        "ministries_elsewhere": len(findings) - len(about_clauses),
        "severities": severity_counts(findings),
    }


def grouped(findings: list[Finding]) -> list[dict]:
    """Findings grouped by arrangement, then section (in source order)."""
    out = []
    by_arrangement = sorted(findings, key=lambda f: (f.arrangement or "\uffff",))
    for arrangement, items in groupby(by_arrangement, key=lambda f: f.arrangement):
        items = list(items)
        sections = []
        ordered_items = sorted(items, key=lambda f: (_section_key(f.section), f.line or 0, f.constraint))
        for section, sitems in groupby(ordered_items, key=lambda f: f.section):
            sitems = list(sitems)
            sections.append({"section": section, "title": sitems[0].section_title, "findings": sitems})
        out.append({"arrangement": arrangement, "title": items[0].arrangement_title, "sections": sections})
    return out


def by_severity(findings: list[Finding]) -> list[dict]:
    """The findings a report lists, worst first: per severity the findings shown and the
    balanced sections folded into one line (``folded``: their section numbers)."""
    out = []
    for severity in SEVERITIES:
        mine = ordered([f for f in findings if f.severity == severity])
        folded = [f for f in mine if is_balanced(f)]
        out.append({"severity": severity, "findings": [f for f in mine if not is_balanced(f)],
                    "folded": [f"{f.arrangement} {f.section}" for f in folded], "count": len(mine)})
    return out


def figures(f: Finding, name=labels.field) -> list[tuple[str, object]]:
    """A finding's check-specific figures with the words a reader knows: (label, value);
    ``name`` chooses the words (Dutch and English by default)."""
    return [(name(k), v) for k, v in f.extra.items()]


def constraint_label(name: str) -> str:
    nl, en = labels.constraint(name)
    return nl if nl == en else f"{nl} / {en}"


def report_date(report: ValidationReport) -> str:
    """The date a report is of: its deadlines' as-of date, else the day it was made."""
    return report.as_of or date.today().isoformat()


def header_lines(report: ValidationReport) -> list[str]:
    """Date, snapshot, version and scope, one fact a line (text and Markdown)."""
    lines = [f"datum / date {report_date(report)}"
             + ("" if report.as_of else " (termijnen niet getoetst, geen --as-of / deadlines not checked)"),
             f"ra-graph {report.tool_version}"
             + (f"; snapshot sha256 {report.snapshot}" if report.snapshot else "")]
    if report.scope:
        lines.append(f"getoond / shown: {report.scope}")
    left = {s: n for s, n in report.out_of_scope.items() if n}
    if left:
        lines.append("niet getoond, in oudere versies / not shown, in older versions: "
                     + ", ".join(f"{n} {_NOUNS[s]}" for s, n in left.items()))
    return lines


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
    """Plain text, worst first, every line wrapped to the terminal width."""
    from ra_graph.core.output import terminal_width

    hidden = hidden or {}
    counts = severity_counts(findings)
    checked = ", ".join(f"{n} {k}" for k, n in report.checked.items())
    head = "conforms" if report.conforms else "does NOT conform"
    shown = ", ".join(f"{counts[s]} {_NOUNS[s]}" for s in SEVERITIES if s not in hidden)
    lines = [f"Validation: {head} — {shown}"
             + (f" ({_hidden_phrase(hidden, severity)})" if hidden else "")
             + f"; checked {checked}" + (f"; deadlines as of {report.as_of}" if report.as_of else "")]
    lines += header_lines(report)
    for group in by_severity(findings):
        for f in group["findings"]:
            lines.append("")
            lines.append(f"{f.severity.upper():9} {f.constraint}  {_where(f)}")
            lines.append(f"  {f.message_nl}")
            if f.message != f.message_nl:
                lines.append(f"  {f.message}")
            if f.value:
                lines.append(f"  value: {f.value}")
            if f.extra:
                lines.append("  " + "; ".join(f"{label}: {value}" for label, value in figures(f, labels.field_en)))
            if f.text:
                text = " ".join(f.text.split())
                lines.append(f"  \"{text[:157] + '...' if len(text) > 160 else text}\"")
        if group["folded"]:
            lines.append("")
            lines.append(f"{group['severity'].upper():9} {BALANCE}  {len(group['folded'])} section(s) in balance, "
                         f"not listed: {', '.join(group['folded'])}")
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
        "date": report_date(report),
        "snapshot_sha256": report.snapshot,
        "tool_version": report.tool_version,
        "scope": report.scope,
        "out_of_scope": report.out_of_scope,
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


_HEADINGS = {"Violation": "Overtredingen / Violations", "Warning": "Waarschuwingen / Warnings",
             "Info": "Informatie / Info"}


def render_md(report: ValidationReport, findings: list[Finding], hidden: dict[str, int] | None = None,
              severity: str | None = None) -> str:
    """A note for a director: verdict and facts of the run, the findings worst first,
    then the counting tables."""
    e = md_escape
    s = summary(findings)
    out = ["# Validatierapport ra-graph / Validation report", ""]
    verdict = "voldoet / conforms" if report.conforms else "voldoet NIET / does NOT conform"
    out.append(f"**{verdict}**" + (f" — peildatum / as of {e(report.as_of)}" if report.as_of else ""))
    out.append("")
    out += [f"- {e(line)}" for line in header_lines(report)]
    out.append("")
    out.append("Gecontroleerd / checked: " + ", ".join(f"{n} {e(labels.field(k))}" for k, n in report.checked.items()))
    out.append("")
    if hidden:
        out.append(f"Niet getoond / not shown: {e(_hidden_phrase(hidden, severity))}")
        out.append("")
    out.append("| regel / constraint | Violation | Warning | Info |")
    out.append("|---|---:|---:|---:|")
    for row in s["constraints"]:
        out.append(f"| {e(constraint_label(row['key']))} (`{e(row['key'])}`) | {row['Violation']} | {row['Warning']} "
                   f"| {row['Info']} |")
    for group in by_severity(findings):
        if not group["count"]:
            continue
        out += ["", f"## {_HEADINGS[group['severity']]} ({group['count']})"]
        for f in group["findings"]:
            out.append("")
            where = e(f.clause) if f.clause else (f"paragraaf {e(f.section)}" if f.section else e(f.focus))
            if f.commitment_name:
                where += f", verplichting / commitment {e(f.commitment_name)}"
            place = ", ".join(x for x in (e(f.arrangement) if f.arrangement else "",
                                          f"regel / line {f.line}" if f.line else "") if x)
            out.append(f"- **{f.severity}** `{e(f.constraint)}` {e(constraint_label(f.constraint))} — {where}"
                       + (f" ({place})" if place else ""))
            out.append(f"  - {e(f.message_nl)} / {e(f.message)}")
            if f.extra:
                out.append("  - " + "; ".join(f"{e(label)}: {e(value)}" for label, value in figures(f)))
            if f.text:
                out.append(f"  - Tekst / text: {e(f.text)}")
            for p in f.parties:
                out.append(f"  - {e(_party_line(p, NO_PARTY))}"
                           + (f" (uitgevoerd door / carried by {e(_labels(p['carried_by']))})"
                              if p["carried_by"] else ""))
        if group["folded"]:
            out += ["", f"- {len(group['folded'])} paragraaf/paragrafen in balans, niet getoond / "
                        f"section(s) in balance, not listed: {e(', '.join(group['folded']))}"]
    if not findings:
        out.append("")
        out.append("Geen bevindingen / no findings.")
    m = s["ministries"]
    if m:
        out += ["", "## Per ministerie / per ministry", "", _MINISTRY_NOTE.format(
            total=s["ministries_total"]["total"], elsewhere=s["ministries_elsewhere"]), "",
            "| ministerie / ministry | Violation | Warning | Info | totaal / total |", "|---|---:|---:|---:|---:|"]
        out += [f"| {e(r['key'])} | {r['Violation']} | {r['Warning']} | {r['Info']} | {r['total']} |" for r in m]
        t = s["ministries_total"]
        out.append(f"| **totaal / total** | {t['Violation']} | {t['Warning']} | {t['Info']} | {t['total']} |")
    return "\n".join(out) + "\n"


_MINISTRY_NL = ("Elke bevinding over een afspraak telt één keer, bij het ministerie dat de verplichting "
                "uitvoert of draagt (\"A + B\" als dat er meer zijn): {total} bevindingen; "
                "{elsewhere} bevindingen over paragrafen of vocabulaires tellen hier niet mee.")
_MINISTRY_EN = ("Each finding about a clause counts once, under the ministry that takes on or carries its "
                "commitments (\"A + B\" when several do): {total} findings; {elsewhere} findings about sections "
                "or vocabularies are not in this table.")
_MINISTRY_NOTE = _MINISTRY_NL + " / " + _MINISTRY_EN


# -- HTML ----------------------------------------------------------------------

def render_html(report: ValidationReport, findings: list[Finding], hidden: dict[str, int] | None = None,
                severity: str | None = None, page: str | None = None,
                resource_url: Callable[[str], str] | None = None) -> str:
    """The report as one HTML page.

    With ``page`` each clause links into that graph page (``ra-graph
    visualise``); with ``resource_url`` (called with an actor's or clause's
    full IRI, returning the address of its page, e.g. ``/id/<local>``) every
    clause id and party name links there instead.  With neither the page
    has no links at all.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["labels"] = _labels
    env.filters["field"] = labels.field
    env.filters["modality"] = labels.modality
    env.globals.update(constraint_label=labels.constraint, figures=figures, RAI=RAI, url=resource_url)
    return env.get_template("report.html.j2").render(
        report=report, summary=summary(findings), groups=by_severity(findings), severities=SEVERITIES,
        total=len(findings), hidden=hidden or {}, hidden_phrase=_hidden_phrase(hidden or {}, severity),
        no_party=NO_PARTY, page=page, date=report_date(report), headings=_HEADINGS,
        left={s: n for s, n in report.out_of_scope.items() if n}, nouns=_NOUNS,
        ministry_note=[t.format(total=summary(findings)["ministries_total"]["total"],
                                elsewhere=summary(findings)["ministries_elsewhere"])
                       for t in (_MINISTRY_NL, _MINISTRY_EN)],
    )


def render(report: ValidationReport, fmt: str, *, severity: str | None = None, page: str | None = None,
           resource_url: Callable[[str], str] | None = None) -> str:
    """The report in one of text, json, md, html, ttl (ttl: the SHACL report graph, unfiltered)."""
    if fmt == "ttl":
        return report.report_graph.serialize(format="turtle")
    findings = filter_severity(report.findings, severity)
    if fmt == "html":
        return render_html(report, findings, hidden_counts(report, severity), severity, page=page,
                           resource_url=resource_url)
    renderers = {"text": render_text, "json": render_json, "md": render_md, "html": render_html}
    return renderers[fmt](report, findings, hidden_counts(report, severity), severity)
