"""``ra-graph diff OLD NEW``: what changed between two versions of an arrangement.

The clauses of the two versions are aligned by ``graph.revisions.align``,
the function ``ra-graph build`` uses for ``prov:wasRevisionOf``, so a diff
of consecutive versions says exactly what the graph's revision links say.
Each aligned pair is then classified:

- ``changed``: a commitment field differs (obligors, beneficiaries,
  modality, carried_by, programmes, locations, due_by; compared per clause,
  each field the union over its commitments, ``due_by`` the earliest date)
  and so does the text: the agreement changed;
- ``reread``: a commitment field differs while the text is word for word
  the same: the graph *reads* the same agreement differently (a curation
  entry, a rule or the gazetteer changed), which is not a change in what
  was agreed and is reported apart;
- ``reworded``: only the text differs (with a word-level diff);
- ``renumbered``: only the clause's section or number differs;
- ``unchanged``; and the unaligned ones ``added`` and ``dropped``.

A summary comes first: counts per kind of change, per section, per side and
the sections that are new, dropped or moved.  Per side (the Rijk side: het
Rijk and its sub-organisations; the province side: the arrangement's
province) a clause counts by *commitment*: for a side only when that side's
own commitments in it changed (its obligors, carried_by, dates, ...), were
added or were dropped; a reworded or renumbered clause changes no side's
commitment, so the per-side rows never repeat the total.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ra_graph.core import iris, labels
from ra_graph.core.errors import RaGraphError, notice
from ra_graph.core.namespaces import RAI, RIJK, VOCAB_GRAPH
from ra_graph.core.output import terminal_width, to_json, to_table
from ra_graph.core.store import select, subset
from ra_graph.core.versions import Version, resolve_arrangement, versions
from ra_graph.query.clauses import list_clauses

if TYPE_CHECKING:  # imported where aligned: `history` uses this module's comparison, not the alignment
    from ra_graph.graph import revisions

CHANGES = ("changed", "reread", "reworded", "renumbered", "added", "dropped", "unchanged")
#: what a clause can be for one side: its commitments there changed, were read differently, added, dropped, not
SIDE_CHANGES = ("changed", "reread", "added", "dropped", "unchanged")
#: the commitment fields a diff compares (keys of the ``clauses`` shape)
FIELDS = ("obligors", "beneficiaries", "modality", "carried_by", "programmes", "locations", "due_by")
_LISTS = ("obligors", "beneficiaries", "carried_by", "programmes", "locations")
SIDES = ("Rijk", "province")
TEMPLATES = Path(__file__).parent / "templates"

_SECTIONS = """SELECT ?a ?number ?title ?theme WHERE {
  ?s a ra:Section ; ra:inArrangement ?a ; ra:number ?number ; dcterms:title ?title .
  OPTIONAL { ?s ra:theme ?theme }
}"""
_RIJK_SIDE = "SELECT ?x WHERE { ?x org:subOrganizationOf+ rai:rijk }"
_PROVINCE = "SELECT ?p WHERE { ?a ra:province ?p }"


def diff(store: ox.Store, old: str, new: str) -> dict:
    """The diff of two arrangements (ids, province names or IRIs) in DESIGN.md's ``diff`` shape."""
    from ra_graph.graph import revisions

    every = versions(store)
    old_v = resolve_arrangement(store, old, parameter="OLD", all_versions=every)
    new_v = resolve_arrangement(store, new, parameter="NEW", all_versions=every)
    if old_v.iri == new_v.iri:
        others = [v.id for v in every if v.province == old_v.province and v.id != old_v.id]
        raise RaGraphError(f"OLD {old.strip()} and NEW {new.strip()} are the same version, {old_v.id}: nothing to "
                           "compare; " + (f"the graph holds {', '.join(others)} too" if others else
                                          f"the graph holds no other version of {old_v.province} "
                                          "(add and build one first)"))
    store = subset(store, [iris.arrangement_graph(old_v.id), iris.arrangement_graph(new_v.id), VOCAB_GRAPH])
    before, after = _side(store, old_v), _side(store, new_v)
    rijk = {RIJK} | {row["x"].value for row in select(store, _RIJK_SIDE)}
    provinces = {row["p"].value for row in select(store, _PROVINCE)}
    members = dict(zip(SIDES, (rijk, provinces)))

    matches = revisions.align(before["items"], after["items"])
    section_map = _section_map(before["clauses"], after["clauses"], matches)
    new_of = {m.old: m.new for m in matches if m.old is not None and m.new is not None}
    entries = []
    for m in sorted(matches, key=lambda m: _order(m, new_of)):
        o = before["clauses"][m.old] if m.old is not None else None
        n = after["clauses"][m.new] if m.new is not None else None
        entry = _compare(o, n, m.score)
        entry["section"] = n["section"] if n else section_map.get(o["section"])
        entry["old_section"] = o["section"] if o else None
        entry["side_changes"] = side_changes(o, n, members, entry["change"])
        entry["sides"] = [side for side, what in entry["side_changes"].items() if what != "unchanged"]
        entry["parties"] = [_party(c) for c in (n or o)["commitments"]]
        entries.append(entry)
    if old_v.province == new_v.province and old_v.year > new_v.year:
        notice(f"OLD {old_v.id} is newer than NEW {new_v.id}: what it has more shows as added")
    summary = _summary(entries, before["titles"], after["titles"])
    summary["section_changes"] = section_changes(before, after, section_map)
    return {
        "old": old_v.id,
        "new": new_v.id,
        "old_title": old_v.title,
        "new_title": new_v.title,
        "threshold": revisions.THRESHOLD,
        "summary": summary,
        "clauses": entries,
    }


def _party(commitment: dict) -> dict:
    """Who takes a commitment on, towards whom, carried by which ministry (``clauses`` keys)."""
    return {key: commitment[key] for key in ("obligors", "beneficiaries", "carried_by", "modality", "due_by")}


def _of_side(clause: dict | None, members: set[str]) -> list[dict]:
    """The commitments of ``clause`` that lie with a side: one of its obligors, or the
    ministry carrying it, is a member."""
    if clause is None:
        return []
    return [m for m in clause["commitments"]
            if {r["iri"] for r in m["obligors"] + _as_list(m["carried_by"])} & members]


def side_changes(old: dict | None, new: dict | None, members: dict[str, set[str]], change: str) -> dict[str, str]:
    """Per side, what the clause is for that side's own commitments: ``changed`` (they
    differ, or the side gained or lost commitments in a clause that continues), ``reread``
    (the same, where the text did not change), ``added``/``dropped`` (the clause is new or
    gone and the side had commitments in it), ``unchanged``; a side with no commitment
    in either version is left out."""
    out = {}
    for side, who in members.items():
        before, after = _of_side(old, who), _of_side(new, who)
        if not before and not after:
            continue
        if old is None or new is None:
            out[side] = "added" if old is None else "dropped"
            continue
        fields_before = clause_fields({"commitments": before})
        fields_after = clause_fields({"commitments": after})
        differs = bool(before) != bool(after) or any(
            fields_before["due_dates" if k == "due_by" else k] != fields_after["due_dates" if k == "due_by" else k]
            for k in FIELDS)
        out[side] = ("reread" if change == "reread" else "changed") if differs else "unchanged"
    return out


def section_changes(before: dict, after: dict, section_map: dict[str, str]) -> dict[str, list[dict]]:
    """Sections the new version added, dropped or numbers differently.

    An old section follows the new section most of its clauses went to; one
    none of whose clauses continue (or that has none, a heading only) the new
    section with the same title, if any.  A section followed under another
    number has ``moved``; an old one followed by none is ``dropped``; a new one
    that follows none is ``added``.
    """
    mapping = dict(section_map)
    by_title = {" ".join(t.split()).casefold(): n for n, t in after["titles"].items()}
    for number, title in before["titles"].items():
        if number not in mapping:
            same = by_title.get(" ".join(title.split()).casefold())
            if same is not None and same not in mapping.values():
                mapping[number] = same
    key = _section_sort
    return {
        "added": [{"section": n, "title": after["titles"][n]} for n in sorted(after["titles"], key=key)
                  if n not in mapping.values()],
        "dropped": [{"section": o, "title": before["titles"][o]} for o in sorted(before["titles"], key=key)
                    if o not in mapping],
        "moved": [{"old_section": o, "section": n, "title": after["titles"].get(n)}
                  for o, n in sorted(mapping.items(), key=lambda x: key(x[0])) if o != n and o in before["titles"]],
    }


def _section_sort(number: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))


def _side(store: ox.Store, version: Version) -> dict:
    """One version's clauses (``clauses`` shape), section titles and alignment items."""
    from ra_graph.graph import revisions

    clauses = sorted(list_clauses(store, arrangement=version.id), key=lambda c: c["line"])
    themes: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for row in select(store, _SECTIONS):
        if row["a"].value != version.iri:
            continue
        number = row["number"].value
        titles[number] = row["title"].value
        themes.setdefault(number, [])
        if "theme" in row:
            themes[number].append(row["theme"].value)
    keys = {n: revisions.theme_key(themes[n], titles[n]) for n in titles}
    items = [revisions.Item(c["clause"], c["clause"].rsplit("/", 1)[-1], keys.get(c["section"], ""), c["text"])
             for c in clauses]
    return {"clauses": clauses, "titles": titles, "items": items}


def clause_fields(clause: dict) -> dict:
    """A clause's commitment fields: each the union over its commitments, sorted;
    ``due_by`` the earliest date and ``due_dates`` every date."""
    out: dict = {}
    for key in _LISTS:
        refs = {r["iri"]: r for m in clause["commitments"] for r in _as_list(m[key])}
        out[key] = [refs[i] for i in sorted(refs)]
    out["modality"] = sorted({m["modality"] for m in clause["commitments"] if m["modality"]})
    dated = sorted((m["due_by"], m["due_text"] or "") for m in clause["commitments"] if m["due_by"])
    out["due_by"] = dated[0][0] if dated else None
    out["due_text"] = (dated[0][1] or None) if dated else None
    out["due_dates"] = sorted({d for d, _ in dated})
    return out


def _as_list(value) -> list:
    """A ``clauses`` value as a list (``carried_by`` is one reference or None)."""
    return value if isinstance(value, list) else [] if value is None else [value]


def _compare(old: dict | None, new: dict | None, score: float | None) -> dict:
    entry: dict = {"change": "", "old": old["clause"] if old else None, "new": new["clause"] if new else None,
                   "score": score, "fields": {}, "text_diff": None,
                   "line": new["line"] if new else None, "old_line": old["line"] if old else None,
                   "text": (new or old)["text"]}
    if old is None or new is None:
        entry["change"] = "added" if old is None else "dropped"
        return entry
    before, after = clause_fields(old), clause_fields(new)
    for key in FIELDS:
        compared = "due_dates" if key == "due_by" else key
        if before[compared] != after[compared]:
            entry["fields"][key] = {"old": before[key], "new": after[key]}
            if key == "due_by":
                entry["fields"][key].update(old_text=before["due_text"], new_text=after["due_text"])
                if len(before["due_dates"]) > 1 or len(after["due_dates"]) > 1:
                    entry["fields"][key].update(old_dates=before["due_dates"], new_dates=after["due_dates"])
    reworded = old["text"].split() != new["text"].split()
    if reworded:
        entry["text_diff"] = word_diff(old["text"], new["text"])
    if entry["fields"]:
        entry["change"] = "changed" if reworded else "reread"
    elif reworded:
        entry["change"] = "reworded"
    elif _local(old["clause"]) != _local(new["clause"]):
        entry["change"] = "renumbered"
    else:
        entry["change"] = "unchanged"
    return entry


def _local(clause_id: str) -> str:
    """``drenthe-2025/3.3/9`` -> ``3.3/9``."""
    return clause_id.split("/", 1)[1]


def word_diff(old: str, new: str) -> list[dict[str, str]]:
    """Word-level diff: runs of ``equal``, ``delete`` and ``insert`` words."""
    a, b = old.split(), new.split()
    out: list[dict[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("equal", "delete", "replace"):
            out.append({"op": "equal" if tag == "equal" else "delete", "text": " ".join(a[i1:i2])})
        if tag in ("insert", "replace"):
            out.append({"op": "insert", "text": " ".join(b[j1:j2])})
    return out


def _section_map(old: list[dict], new: list[dict], matches: list[revisions.Match]) -> dict[str, str]:
    """Old section number -> the new section most of its aligned clauses went to."""
    votes: dict[str, Counter] = {}
    for m in matches:
        if m.old is not None and m.new is not None:
            votes.setdefault(old[m.old]["section"], Counter())[new[m.new]["section"]] += 1
    return {section: counter.most_common(1)[0][0] for section, counter in votes.items()}


def _order(m: revisions.Match, new_of: dict[int, int]) -> tuple:
    """The new version's order; a dropped clause right after the one that preceded it."""
    if m.new is not None:
        return (m.new, 0, 0)
    anchor = max((new_of[i] for i in range(m.old) if i in new_of), default=-1)
    return (anchor, 1, m.old)


def _summary(entries: list[dict], old_titles: dict[str, str], new_titles: dict[str, str]) -> dict:
    """Counts per kind of change, per changed field, per section (new numbering;
    a section the new version no longer has by its old number) and per side."""

    def counts(items) -> dict[str, int]:
        c = Counter(e["change"] for e in items)
        return {k: c[k] for k in CHANGES}

    sections: dict[tuple[str | None, str | None], list[dict]] = {}
    for e in entries:
        key = (e["section"], None) if e["section"] else (None, e["old_section"])
        sections.setdefault(key, []).append(e)
    return {
        "changes": counts(entries),
        "fields": dict(sorted(Counter(k for e in entries for k in e["fields"]).items())),
        "sections": [{"section": new, "old_section": old,
                      "title": new_titles.get(new) if new else old_titles.get(old), "changes": counts(items)}
                     for (new, old), items in sections.items()],
        "sides": {side: {k: sum(1 for e in entries if e["side_changes"].get(side) == k) for k in SIDE_CHANGES}
                  for side in SIDES},
    }


# -- rendering -----------------------------------------------------------------

def _labels(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(v["label"] if isinstance(v, dict) else str(v) for v in value) or "—"
    return str(value)


def field_changes(entry: dict, name=labels.field_en) -> list[str]:
    """``due by: 2026-03-31 (in Q1 2026) → 2026-09-30 (in Q3 2026)`` per changed field,
    each field named as ``name`` says (English words by default, never a JSON key)."""
    out = []
    for key, change in entry["fields"].items():
        old, new = _labels(change["old"]), _labels(change["new"])
        if key == "due_by":
            old += f" ({change['old_text']})" if change.get("old_text") else ""
            new += f" ({change['new_text']})" if change.get("new_text") else ""
        out.append(f"{name(key)}: {old} → {new}")
    return out


def party_line(party: dict) -> str:
    """``Rijk (EZ) → Noord-Holland``: one commitment's obligors, carrier and beneficiaries."""
    who = _labels(party["obligors"]) if party["obligors"] else "geen partij genoemd / no party named"
    if party.get("carried_by"):
        who += f" ({_labels(_as_list(party['carried_by']))})"
    return who + (f" → {_labels(party['beneficiaries'])}" if party["beneficiaries"] else "")


def parties_line(entry: dict) -> str:
    """Every commitment of a clause as ``party_line``, joined with ``; ``."""
    return "; ".join(party_line(p) for p in entry.get("parties", []))


def section_lines(result: dict) -> list[str]:
    """``new section 2.8 Data-uitwisseling``, ``section 2.8 → 2.9 Mobiliteit`` ...: one a line."""
    sc = result["summary"].get("section_changes", {})
    out = [f"new section {x['section']} {x['title']}" for x in sc.get("added", [])]
    out += [f"dropped section {x['section']} {x['title']}" for x in sc.get("dropped", [])]
    out += [f"section {x['old_section']} {x['title'] or ''} is now {x['section']}".replace("  ", " ")
            for x in sc.get("moved", [])]
    return out


def marked_diff(ops: list[dict[str, str]], delete: tuple[str, str] = ("[-", "-]"),
                insert: tuple[str, str] = ("{+", "+}"), escape=lambda s: s, context: int = 8) -> str:
    """A word diff on one line, unchanged runs cut to ``context`` words around
    each change: ``… een [-belangrijke-] {+wezenlijke+} rol …``."""
    parts = []
    for k, op in enumerate(ops):
        if op["op"] != "equal":
            mark = delete if op["op"] == "delete" else insert
            parts.append(f"{mark[0]}{escape(op['text'])}{mark[1]}")
            continue
        words = op["text"].split()
        after_change, before_change = k > 0, k < len(ops) - 1
        keep_head = words[:context] if after_change else []
        keep_tail = words[-context:] if before_change else []
        if (after_change or before_change) and len(words) > len(keep_head) + len(keep_tail):
            words = [*keep_head, "…", *keep_tail]
        parts.append(escape(" ".join(words)))
    return " ".join(parts)


def _brief(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _shown(show_all: bool) -> list[str]:
    return [k for k in CHANGES if k != "unchanged"] + (["unchanged"] if show_all else [])


def _sections(result: dict, shown: list[str]) -> list[dict]:
    """The summary's sections that have a change worth showing."""
    return [sec for sec in result["summary"]["sections"] if any(sec["changes"][k] for k in shown)]


def _side_phrase(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in counts.items() if n and k != "unchanged") or "no change in its commitments"


def render_table(result: dict, *, show_all: bool = False) -> str:
    s = result["summary"]
    lines = [f"diff {result['old']} -> {result['new']}: "
             + ", ".join(f"{n} {k}" for k, n in s["changes"].items() if n or k != "reread")]
    for side, counts in s["sides"].items():
        lines.append(f"  {side} side (clauses whose {side} commitments changed): {_side_phrase(counts)}")
    lines += [f"  {line}" for line in section_lines(result)]
    if s["changes"].get("reread"):
        lines.append("  reread: the same text read differently (curation, rules or vocabulary), not a new agreement")
    rows = []
    for e in result["clauses"]:
        if e["change"] not in _shown(show_all):
            continue
        if e["text_diff"]:
            text = marked_diff(e["text_diff"])
        else:
            text = e["text"] if e["change"] in ("added", "dropped") else _brief(e["text"])
        what = field_changes(e) if e["fields"] else (
            [f"parties: {parties_line(e)}"] if e["change"] in ("added", "dropped") else [])
        rows.append({"change": e["change"], "old": e["old"], "new": e["new"], "score": e["score"],
                     "what": "; ".join(what), "text": text})
    import textwrap  # only for the table's summary

    summary = [w for line in lines for w in textwrap.wrap(line, terminal_width(), subsequent_indent="    ")]
    # what changed and the marked words are shown in full: beside the row when there is room, else beneath
    return "\n".join(summary) + "\n\n" + to_table(rows, ["change", "old", "new", "score", "what", "text"],
                                                text=["what", "text"], wide=True)


def _visible(result: dict, keys) -> list[str]:
    """``keys`` without ``reread`` when nothing was reread: a column of zeros for what
    rarely happens would only be noise."""
    return [k for k in keys if k != "reread" or result["summary"]["changes"].get("reread")]


def render_md(result: dict, *, show_all: bool = False) -> str:
    """A note for a director: the summary tables, then every change in its words;
    clauses that were only renumbered are listed together at the end."""
    from ra_graph.validate.report import md_escape as e

    s = result["summary"]
    shown = _visible(result, _shown(show_all))
    changes = _visible(result, CHANGES)
    head, rule = "| | " + " | ".join(shown) + " |", "|---|" + "---:|" * len(shown)
    out = [f"# Wijzigingen / Changes: {e(result['old'])} → {e(result['new'])}", ""]
    if result["new_title"]:
        out += [e(result["new_title"]), ""]
    out += ["| | " + " | ".join(changes) + " |", "|---|" + "---:|" * len(changes),
            "| afspraken / clauses | " + " | ".join(str(s["changes"][k]) for k in changes) + " |", ""]
    side_keys = _visible(result, [k for k in SIDE_CHANGES if k != "unchanged" or show_all])
    out += ["## Per kant / per side", "",
            "Een afspraak telt voor een kant als diens eigen verplichtingen erin veranderden. / "
            "A clause counts for a side when that side's own commitments in it changed.", "",
            "| | " + " | ".join(side_keys) + " |", "|---|" + "---:|" * len(side_keys)]
    out += [f"| {e(side)} | " + " | ".join(str(c[k]) for k in side_keys) + " |" for side, c in s["sides"].items()]
    sections = section_lines(result)
    if sections:
        out += ["", "## Paragrafen / Sections", ""] + [f"- {e(line)}" for line in sections]
    out += ["", "## Per paragraaf / per section", "", head, rule]
    for sec in _sections(result, shown):
        name = f"{sec['section'] or '(' + sec['old_section'] + ')'} {sec['title'] or ''}".strip()
        out.append(f"| {e(name)} | " + " | ".join(str(sec["changes"][k]) for k in shown) + " |")
    out += ["", "## Afspraken / Clauses"]
    renumbered = []
    for entry in result["clauses"]:
        if entry["change"] not in shown:
            continue
        if entry["change"] in ("renumbered", "unchanged"):
            renumbered.append(entry)
            continue
        ids = " → ".join(e(x) for x in (entry["old"], entry["new"]) if x)
        score = f" (score {entry['score']})" if entry["score"] is not None else ""
        out += ["", f"- **{entry['change']}** {ids}{score}"]
        if entry["change"] == "reread":
            out.append("  - tekst ongewijzigd, anders gelezen / text unchanged, read differently")
        out += [f"  - {e(line)}" for line in field_changes(entry, labels.field)]
        if entry["change"] in ("added", "dropped"):
            out.append(f"  - partijen / parties: {e(parties_line(entry))}")
        if entry["text_diff"]:
            out.append("  - " + marked_diff(entry["text_diff"], ("~~", "~~"), ("**", "**"), escape=e))
        else:
            out.append(f"  - {e(entry['text'])}")
    if renumbered:
        out += ["", "## Alleen vernummerd / Only renumbered" + (" or unchanged" if show_all else ""), "",
                f"| {e(result['old'])} | {e(result['new'])} | |", "|---|---|---|"]
        out += [f"| {e(x['old'])} | {e(x['new'])} | {e(_brief(x['text']))} |" for x in renumbered]
    return "\n".join(out) + "\n"


def render_html(result: dict, *, show_all: bool = False, page: str | None = None,
                resource_url: Callable[[str], str] | None = None,
                history_url: Callable[[str], str] | None = None) -> str:
    """The diff as one self-contained page.

    Links, each only when asked for (so the file stands alone by default):
    ``page`` the network page (``ra-graph visualise``; each clause opens it
    at that clause); ``resource_url`` called with a clause's or actor's full
    IRI, returning the address of its page (the workbench: ``/id/<local>``);
    ``history_url`` called with a clause id, returning the address of its
    history (the workbench: ``/history/<clause>``).
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["labels"] = _labels
    env.filters["field"] = labels.field
    env.filters["modality"] = labels.modality
    env.filters["field_changes"] = field_changes
    def visible(keys) -> list[str]:
        return _visible(result, list(keys))

    env.globals.update(url=resource_url, history_url=history_url, page=page, RAI=RAI, change_label=labels.change,
                       side_keys=visible(k for k in SIDE_CHANGES if k != "unchanged" or show_all))
    return env.get_template("diff.html.j2").render(
        result=result, changes=visible(CHANGES), show_all=show_all, shown=visible(_shown(show_all)),
        sections=_sections(result, _shown(show_all)), section_changes=result["summary"]["section_changes"])


def diff_command(store: ox.Store, old: str, new: str, *, fmt: str, show_all: bool = False,
                 page: str | None = None) -> str:
    result = diff(store, old, new)
    if fmt == "json":
        return to_json(result)
    if fmt == "html":
        return render_html(result, show_all=show_all, page=page)
    renderers = {"table": render_table, "md": render_md}
    return renderers[fmt](result, show_all=show_all)
