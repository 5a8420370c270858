#!/usr/bin/env python3
"""Score ra-graph's extractor against a hand annotation of an unseen text.

Usage:
    python tools/score_extract.py ANNOTATION.yaml [EXTRACT.json] [--json] [--failures]

ANNOTATION.yaml is a hand annotation (format: see
tests/fixtures/unseen/ra-overijssel-2026.yaml).
EXTRACT.json is the output of ``ra-graph extract FILE --format json --no-curation``
for the annotation's ``source`` text.  Without EXTRACT.json the script runs that
command itself on a copy of the source in a temporary directory (the file name
must be ra-<province>-<year>.txt, so the copy keeps the name).

Matching:
  clauses      by first line, then (for the rest) by id; tool ids of the old short
               form "overijssel/3.1/1.1" are read as "overijssel-2026/3.1/1.1";
  commitments  within a matched clause, one-to-one, maximising agreement
               (obligor set first, then modality, beneficiaries, due date).

Measures (per text):
  clauses annotated / found / missed / spurious (+ kind and id right of found);
  obligor sets exact: annotated commitments (in found clauses) whose paired
      tool commitment has exactly the same obligor set; plus the clause-level
      figure (every commitment's obligor set right, as a multiset);
  modality exact, obligors+modality exact;
  due dates right: annotated commitments with a due_by whose pair has that due_by;
  vague phrases wrongly dated: annotated commitments with a time phrase but no
      due_by (a vague phrase) whose pair has a due_by; plus tool due dates in
      clauses the annotation dates nowhere ("spurious dates");
  missed / spurious commitments (unpaired on either side).

Exit code 0 when it ran (whatever the score), 2 on bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ARTEFACT_MARKERS = ("Ruimtelijk Arrangement Rijk - provincie",)


# ------------------------------------------------------------------ loading


def local(actor) -> str:
    """Local name of an actor: from {"iri": ".../id/lvvn"} or "rai:lvvn" or "lvvn"."""
    if actor is None:
        return None
    if isinstance(actor, dict):
        actor = actor.get("iri") or actor.get("label")
    actor = str(actor)
    for sep in ("/id/", "rai:"):
        if sep in actor:
            actor = actor.rsplit(sep, 1)[1]
    return actor


def iso(value):
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def norm_commitment(c: dict) -> dict:
    return {
        "obligors": frozenset(local(a) for a in c.get("obligors") or []),
        "beneficiaries": frozenset(local(a) for a in c.get("beneficiaries") or []),
        "partners": frozenset(local(a) for a in c.get("partners") or []),
        "requested_by": local(c.get("requested_by")),
        "modality": c.get("modality"),
        "due_by": iso(c.get("due_by")),
        "due_text": c.get("due_text"),
    }


def norm_id(clause_id: str, arrangement: str) -> str:
    head, _, rest = clause_id.partition("/")
    if head == arrangement.rsplit("-", 1)[0]:
        return f"{arrangement}/{rest}"
    return clause_id


def load_annotation(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("arrangement", "source", "clauses"):
        if key not in data:
            sys.exit(f"score_extract.py: {path}: missing key '{key}'")
    clauses = []
    for cid, c in data["clauses"].items():
        clauses.append({
            "id": cid, "line": int(c["line"]), "kind": c.get("kind"), "why": c.get("why", ""),
            "commitments": [norm_commitment(x) for x in c.get("commitments") or []],
        })
    return {"arrangement": data["arrangement"], "source": data["source"], "clauses": clauses,
            "not_clauses": {int(n["line"]): n.get("what", "") for n in data.get("not_clauses") or []}}


def run_extract(source: Path) -> list:
    exe = shutil.which("ra-graph")
    if exe is None:
        sys.exit("score_extract.py: ra-graph is not on PATH; pass EXTRACT.json instead")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / source.name
        shutil.copyfile(source, copy)
        proc = subprocess.run([exe, "extract", str(copy), "--format", "json", "--no-curation"],
                              capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip(), "returncode": proc.returncode}
    return json.loads(proc.stdout)


def load_extract(obj, arrangement: str) -> list:
    rows = obj if isinstance(obj, list) else obj.get("clauses", [])
    out = []
    for r in rows:
        out.append({
            "id": norm_id(r["clause"], arrangement), "raw_id": r["clause"], "line": int(r["line"]),
            "kind": r.get("kind"), "text": r.get("text", ""),
            "commitments": [norm_commitment(x) for x in r.get("commitments") or []],
        })
    return out


# ------------------------------------------------------------------ matching


def match_clauses(ann: list, tool: list):
    pairs, used = {}, set()
    by_line = {}
    for j, t in enumerate(tool):
        by_line.setdefault(t["line"], []).append(j)
    for i, a in enumerate(ann):
        for j in by_line.get(a["line"], []):
            if j not in used:
                pairs[i] = j
                used.add(j)
                break
    by_id = {t["id"]: j for j, t in enumerate(tool)}
    for i, a in enumerate(ann):
        if i in pairs:
            continue
        j = by_id.get(a["id"])
        if j is not None and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs, [j for j in range(len(tool)) if j not in used]


def pair_score(a: dict, t: dict) -> int:
    s = 0
    if a["obligors"] == t["obligors"]:
        s += 16
    elif a["obligors"] & t["obligors"]:
        s += 4
    if a["modality"] == t["modality"]:
        s += 8
    if a["beneficiaries"] == t["beneficiaries"]:
        s += 2
    if a["due_by"] == t["due_by"]:
        s += 1
    return s


def match_commitments(ann: list, tool: list) -> list[tuple[int, int | None]]:
    """One-to-one pairing maximising the summed pair score (bitmask DP over tool side)."""
    n, m = len(ann), len(tool)
    best: dict[tuple[int, int], tuple[int, list]] = {}

    def go(i: int, mask: int):
        if i == n:
            return 0, []
        key = (i, mask)
        if key in best:
            return best[key]
        score, plan = go(i + 1, mask)
        plan = [(i, None)] + plan
        for j in range(m):
            if not mask & (1 << j):
                s = pair_score(ann[i], tool[j])
                if s <= 0:
                    continue
                sub, subplan = go(i + 1, mask | (1 << j))
                if s + sub > score:
                    score, plan = s + sub, [(i, j)] + subplan
        best[key] = (score, plan)
        return best[key]

    return go(0, 0)[1]


# ------------------------------------------------------------------ scoring


def fmt_c(c: dict | None) -> str:
    if c is None:
        return "—"
    ob = ",".join(sorted(c["obligors"])) or "∅"
    be = ",".join(sorted(c["beneficiaries"])) or "∅"
    extra = []
    if c["partners"]:
        extra.append("partners " + ",".join(sorted(c["partners"])))
    if c["requested_by"]:
        extra.append("req " + c["requested_by"])
    if c["due_by"] or c["due_text"]:
        extra.append(f"due {c['due_by']} ({c['due_text']})")
    return f"[{ob}] {c['modality']} → [{be}]" + (" " + "; ".join(extra) if extra else "")


def score(annotation: dict, tool: list) -> dict:
    ann = annotation["clauses"]
    pairs, spurious = match_clauses(ann, tool)
    r = Counter()
    failures = []
    r["clauses_annotated"] = len(ann)
    r["clauses_found"] = len(pairs)
    r["tool_clauses"] = len(tool)
    missed = [ann[i] for i in range(len(ann)) if i not in pairs]
    for i, j in sorted(pairs.items()):
        a, t = ann[i], tool[j]
        if a["kind"] == t["kind"]:
            r["kind_right"] += 1
        else:
            failures.append((a["line"], a["id"], "kind", f"annotated {a['kind']}, tool {t['kind']}"))
        if a["id"] == t["id"]:
            r["id_right"] += 1
        else:
            failures.append((a["line"], a["id"], "id", f"tool id {t['raw_id']} (line {t['line']})"))
        for marker in ARTEFACT_MARKERS:
            if marker in t["text"]:
                failures.append((a["line"], a["id"], "text", f"running header glued into the clause text"))
        # clause-level obligor multiset
        if Counter(c["obligors"] for c in a["commitments"]) == Counter(c["obligors"] for c in t["commitments"]):
            r["clause_obligors_exact"] += 1
        if Counter((c["obligors"], c["modality"]) for c in a["commitments"]) == Counter(
            (c["obligors"], c["modality"]) for c in t["commitments"]
        ):
            r["clause_obligors_modality_exact"] += 1
        annotated_dates = {c["due_by"] for c in a["commitments"] if c["due_by"]}
        plan = match_commitments(a["commitments"], t["commitments"])
        paired_tool = {j2 for _, j2 in plan if j2 is not None}
        for ai, tj in plan:
            ac = a["commitments"][ai]
            tc = t["commitments"][tj] if tj is not None else None
            r["commitments_annotated"] += 1
            if tc is None:
                r["commitments_missed"] += 1
                failures.append((a["line"], a["id"], "commitment missed", fmt_c(ac)))
                if ac["due_by"]:
                    r["due_annotated"] += 1
                if ac["due_text"] and not ac["due_by"]:
                    r["vague_annotated"] += 1
                continue
            problems = []
            if ac["obligors"] == tc["obligors"]:
                r["obligors_exact"] += 1
            else:
                problems.append("obligors")
            if ac["modality"] == tc["modality"]:
                r["modality_exact"] += 1
            else:
                problems.append("modality")
            if ac["obligors"] == tc["obligors"] and ac["modality"] == tc["modality"]:
                r["obligors_modality_exact"] += 1
            if ac["beneficiaries"] == tc["beneficiaries"]:
                r["beneficiaries_exact"] += 1
            else:
                problems.append("beneficiaries")
            if ac["partners"] == tc["partners"]:
                r["partners_exact"] += 1
            else:
                problems.append("partners")
            if ac["requested_by"] == tc["requested_by"]:
                r["requested_by_exact"] += 1
            else:
                problems.append("requested_by")
            if ac["due_by"]:
                r["due_annotated"] += 1
                if tc["due_by"] == ac["due_by"]:
                    r["due_right"] += 1
                else:
                    problems.append("due_by")
            elif ac["due_text"]:
                r["vague_annotated"] += 1
                if tc["due_by"]:
                    r["vague_dated"] += 1
                    problems.append("vague dated")
            elif tc["due_by"]:
                problems.append("due_by")
            if problems:
                failures.append((a["line"], a["id"], "/".join(problems), f"want {fmt_c(ac)}  |  got {fmt_c(tc)}"))
        for tj, tc in enumerate(t["commitments"]):
            r["commitments_tool"] += 1
            if tj not in paired_tool:
                r["commitments_spurious"] += 1
                failures.append((a["line"], a["id"], "commitment spurious", fmt_c(tc)))
            if tc["due_by"] and not annotated_dates:
                r["spurious_dates"] += 1
                if tj not in paired_tool:
                    failures.append((a["line"], a["id"], "spurious date", f"{tc['due_by']} ({tc['due_text']})"))
    for a in missed:
        failures.append((a["line"], a["id"], "clause missed", a["why"]))
        r["commitments_in_missed_clauses"] += len(a["commitments"])
    for j in spurious:
        t = tool[j]
        what = annotation["not_clauses"].get(t["line"])
        note = f" [annotated not-a-clause: {what}]" if what else ""
        failures.append((t["line"], t["raw_id"], "clause spurious", t["text"][:90] + note))
    failures.sort(key=lambda f: (f[0], f[1]))
    return {
        "arrangement": annotation["arrangement"],
        "counts": dict(r),
        "missed": [a["id"] for a in missed],
        "spurious": [{"id": tool[j]["raw_id"], "line": tool[j]["line"]} for j in spurious],
        "failures": [{"line": l, "clause": c, "what": w, "detail": d} for l, c, w, d in failures],
    }


# ------------------------------------------------------------------ output


def frac(r: Counter, num: str, den: str) -> str:
    return f"{r.get(num, 0)} / {r.get(den, 0)}"


def markdown(result: dict, failures: bool) -> str:
    r = Counter(result["counts"])
    lines = [
        f"### {result['arrangement']}",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| clauses annotated | {r['clauses_annotated']} |",
        f"| clauses found (matched by line, then id) | {r['clauses_found']} |",
        f"| clauses missed | {r['clauses_annotated'] - r['clauses_found']}"
        + (f" ({', '.join(result['missed'])})" if result["missed"] else "") + " |",
        f"| spurious clauses | {len(result['spurious'])}"
        + (f" ({', '.join(s['id'] + ' @' + str(s['line']) for s in result['spurious'])})" if result["spurious"] else "")
        + " |",
        f"| found clauses with right kind / right id | {r['kind_right']} / {r['id_right']} |",
        f"| obligor sets exact (annotated commitments in found clauses; unpaired = wrong) | {frac(r, 'obligors_exact', 'commitments_annotated')} |",
        f"| clauses with every obligor set right | {frac(r, 'clause_obligors_exact', 'clauses_found')} |",
        f"| modality exact (same denominator) | {frac(r, 'modality_exact', 'commitments_annotated')} |",
        f"| obligors + modality exact (same denominator) | {frac(r, 'obligors_modality_exact', 'commitments_annotated')} |",
        f"| due dates right (annotated due_by, in found clauses) | {frac(r, 'due_right', 'due_annotated')} |",
        f"| vague phrases wrongly dated (annotated phrase without due_by) | {frac(r, 'vague_dated', 'vague_annotated')} |",
        f"| tool dates in clauses the annotation leaves undated | {r['spurious_dates']} |",
        f"| commitments missed / spurious (in found clauses) | {r['commitments_missed']} / {r['commitments_spurious']} |",
        f"| commitments in missed clauses | {r['commitments_in_missed_clauses']} |",
        f"| beneficiaries / partners / requested_by exact | {r['beneficiaries_exact']} / {r['partners_exact']} / {r['requested_by_exact']} (of {r['commitments_annotated'] - r['commitments_missed']} paired) |",
    ]
    if failures:
        lines += ["", "| line | clause | what | detail |", "|---:|---|---|---|"]
        for f in result["failures"]:
            detail = f["detail"].replace("|", "\\|")
            lines.append(f"| {f['line']} | {f['clause']} | {f['what']} | {detail} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("annotation", type=Path)
    p.add_argument("extract", type=Path, nargs="?", help="ra-graph extract --format json output")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--failures", action="store_true", help="list every failure (markdown output)")
    args = p.parse_args(argv)
    if not args.annotation.is_file():
        print(f"score_extract.py: {args.annotation}: no such file", file=sys.stderr)
        return 2
    annotation = load_annotation(args.annotation)
    if args.extract:
        raw = json.loads(args.extract.read_text(encoding="utf-8"))
    else:
        raw = run_extract(args.annotation.parent / annotation["source"])
    if isinstance(raw, dict) and "error" in raw:
        msg = f"extractor failed (exit {raw['returncode']}): {raw['error']}"
        print(json.dumps({"arrangement": annotation["arrangement"], "error": msg}) if args.json
              else f"### {annotation['arrangement']}\n\n{msg}\n")
        return 0
    result = score(annotation, load_extract(raw, annotation["arrangement"]))
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else markdown(result, args.failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
