"""Plant realistic bugs one at a time and see whether the test suite notices (a script, not a test).

Each mutant is one or more exact edits (file, old snippet, new snippet) and
a description of the bug it stands for.  For every mutant the script

1. copies the working tree to a temporary directory (never touching this
   checkout), once per job, and applies the edits there;
2. rebuilds the snapshot there with ``ra-graph build``, so that "the
   committed snapshot equals a fresh build" cannot be what catches it (a
   mutant that makes the build itself fail counts as killed by the build);
3. runs the test suite there, stopping at the first failure: a mutant's
   ``killer`` first, then the quick and telling tests (``FIRST``), then the
   whole suite, and records the failing test;
4. restores the files and the snapshot.

The bugs issue 16 found slipping through carry a ``killer``: the test named
for the fact it protects, which must be the one that kills them (the
summary says so when another test did).

A mutant whose snippet is not found exactly once is reported NOT APPLICABLE
(the code moved on: update its snippet) and the run goes on.  A mutant
marked ``equivalent`` (no behaviour a user could see changes) is listed
with the reason and not run.  The figure is killed / (applicable and not
equivalent); the goal is 100%.  Exit status 0 when every such mutant was
killed, 1 otherwise, 2 on bad usage.

Usage:
    python tools/mutants.py                 # all mutants, one at a time (5-10 min on 2 cores)
    python tools/mutants.py --list          # the mutants and whether their snippets still apply
    python tools/mutants.py --only M05 M09  # some of them
    python tools/mutants.py --jobs 2        # two copies side by side
    python tools/mutants.py --record        # also write the figure into docs/quality/tests.md
    python tools/mutants.py --systematic --coverage --jobs 2 --record   # every generated mutant
    python tools/mutants.py --systematic --coverage --sample 40 --seed 1 # a seeded sample of them
    python tools/mutants.py --systematic --status --record             # the figure so far, from the journal
    python tools/mutants.py --systematic --only C-1a2b3c --tests tests/test_limits.py  # does a new test kill it?

Not part of CI (too slow); run it before resolving an issue that touches
the pipeline, and keep the figures current.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import mutant_selection  # noqa: E402  (beside this script)
from mutant_selection import Selection  # noqa: E402

SNAPSHOT = Path("data/graph/ra-graph.trig")
IGNORE = shutil.ignore_patterns(".git", ".mutants", "__pycache__", ".pytest_cache", "*.egg-info", ".venv", "*.pyc")
SUITE_TIMEOUT = 1800  # seconds for one run of the suite; a hang counts as killed, but is reported as such
PYTEST = ["-x", "-q", "-p", "no:cacheprovider", "-n", "0"]  # one process per mutant; --jobs spreads mutants
# Run before the whole suite (a separate pytest run: pytest orders a directory's files its own way):
# the truth table, the fixtures and safety checks, the stored queries, validation and extraction.
RECORD = "docs/quality/tests.md"  # where --record writes the figures
RUNNER = {RECORD, "tools/mutants.py", "tools/mutant_selection.py", "tools/mutants_context.py"}
JOURNAL = ROOT / ".mutants" / "journal.jsonl"  # results per tree, so that a long run can go on later
# Generated mutants (tools/mutant_generator.py) that change no behaviour a user could see, by id, with why.
_ESCAPE = ("errors._escape: only printable() calls it, and only for characters that are not printable; "
           "U+00FF, U+0100, U+0101, U+10000 and U+10001 are all printable, so no code at these boundaries "
           "reaches its comparisons")
EQUIVALENT: dict[str, str] = {
    "N-caaf47": "gazetteer._is_acronym (its 'len(letters) >= 2'): two upper-case letters are two letters, so with its third condition "
                "(at least two upper-case) 'at least one letter' and 'at least two letters' accept the same labels",
    "C-49d13d": "commitments._condition_spans: the span ends at a comma or at the sentence's end, and no mention "
                "starts at a comma or past the end, so '< end' and '<= end' keep the same mentions",
    "C-fa0231": "library._where_group: first_brace is a match's end (1 or more) or -1 (a template brace), and "
                "'first_brace and' has already left 0 out, so '> 0' and '>= 0' give the same",
    "N-c94cf6": "library._where_group: first_brace is 1 only for a query text whose first character is '{'; "
                "it is read only to bind a parameter, and a query has parameters only from its '# param:' "
                "header lines, which come first, so such a text starts with '#' and '> 0' and '> 1' agree",
    "C-65b60d": "segment._gap runs only for a number that _plausible refuses; the next number of one chapter "
                "(1.2 after 1.1, num[1] == last[1] + 1) is plausible, so no pair reaches it where '>' and '>=' "
                "differ (and its list of skipped numbers would be empty, which the caller ignores)",
    "C-53acac": "segment._gap runs only for a number that _plausible refuses; the next number (num[0] == "
                "last[0] + 1) is plausible, so no pair reaches it where '>' and '>=' differ (and its list of "
                "skipped numbers would be empty, which the caller ignores)",
    "C-7a68c4": "output.to_table: a column at its natural width wraps into lines no longer than that width, "
                "the longest of them exactly as long, so recomputing it when equal gives the same width",
    "C-10d9bb": "commitments.modalities_of: an option's span ends at a comma, semicolon or full stop (or the "
                "sentence's end), and a cue is a word, so no cue starts where the span ends: '< hi' and '<= hi' "
                "take the same cues as options",
    "N-bebab6": "gazetteer._CASE_SPECIAL: the re module's table of extra case equivalences holds no U+0080 "
                "(its smallest member above ASCII is U+00B5), so '> 127' and '> 128' keep the same characters",
    "N-340ac2": "gazetteer._CASE_SPECIAL: the table's only ASCII members are 'i' and 's' (U+0069, U+0073), no U+007F, "
                "so '> 127' and '> 126' keep the same characters",
    "N-d6fbfc": "shacl.WORKERS is how many chunks validate at once; each chunk's findings are merged in the same "
                "order whatever the number (the report is byte-identical), so 1 instead of 2 only takes longer",
    "N-2d72de": "shacl.WORKERS: as N-d6fbfc (3 chunks at a time instead of 2 on a machine with more cores; "
                "the findings are merged in the same order, the report is byte-identical)",
    "N-19ca80": "commitments._in_longer_name reads a sentence that read_sentence's callers have stripped and "
                "single-spaced, so the word before a name starts at 0 (the first word) or at 2 or later, never "
                "at 1 (that needs a leading space, or a first word longer than LOOK_BACK cut by the window): "
                "'> 0' and '> 1' agree",
    "N-74b969": "sparql_guard.STACK_BYTES: as N-d9c597 (256 KiB less of its 256 MiB of stack; the nesting "
                "limit, MAX_DEPTH, refuses a query long before it needs the stack it has)",
    "N-7f3bdb": "sparql_guard.STACK_BYTES: as N-74b969 (the other 1024 of '256 * 1024 * 1024': 256 KiB less)",
    "N-f5100c": "sparql_guard.STACK_BYTES: as N-b656d5 (the other 1024 of '256 * 1024 * 1024': 256 KiB more)",
    "N-c89c73": "shacl.WORKERS: 'os.cpu_count() or 2' differs only where the core count is unknown, and the "
                "number of chunks validated at once never changes the report (as N-d6fbfc)",
    "C-044bda": "segment.has_own_party: limit is the offset of the space after the sub-item's third word (or "
                "the end of its head), and a mention starts at a word, never at a space or the end, so '>=' "
                "and '>' skip the same mentions",
    "N-062a42": "lifeline.POLL: as N-171e78 (0.55 s instead of 0.5 s between two looks at the parent changes "
                "when an orphan stops by 50 ms, not what any command says)",
    "C-5323c3": "commitments.modalities_of: an option's span starts where the modal word ('kan', 'kunnen', "
                "matched as a whole word) ends, at a word boundary before a non-word character; every cue of "
                "data/rules/modality.yaml begins with a letter (shipped rules, checked), so no cue starts "
                "exactly there and 'lo <= start' and 'lo < start' agree",
    "N-042ecd": "collect.YOUNG: as N-a88797 (the garbage collector's threshold sets when it collects, never "
                "what a command computes)",
    "N-c5cff7": "workbench.PAGE_CACHE: as N-4d3bfe (a byte less changes which page is made again, never what "
                "a page says)",
    "C-27830b": "commitments._Spans.overlapping: a mention ending exactly at 'lo' would touch the next without "
                "a character between; names are found between word boundaries and no name of the shipped "
                "vocabularies begins with a non-word character (checked), so no two mentions touch, and the "
                "other callers pass a word's start after a space, where no mention ends: '<' and '<=' agree",
    "C-ff27e0": "resource.described keeps the triples of a hub (more than MAX_INCOMING links) for the worker's "
                "life; keeping one of exactly 300 too changes what is read again, never what a page says (the "
                "snapshot never changes under a worker)",
    "N-4059a8": "shacl.CHUNK is how many statements one rudof run holds (memory, not answers): the findings "
                "do not depend on the packing (tests/validate/test_engines.py holds one arrangement a chunk "
                "against the whole graph), so a chunk of 10,001 statements gives the same report",
    "N-9d8673": "shacl.CHUNK: as N-4059a8 (10,000 - 1; the run's 'kill' came from a timing test under load, "
                "not from the chunk size)",
    "N-4d3bfe": "workbench.PAGE_CACHE is how many bytes of made pages a worker keeps; a byte more changes which "
                "page is made again, never what a page says",
    "N-a88797": "collect.YOUNG is the garbage collector's threshold while a command reads many rows: it sets when "
                "the interpreter collects, never what a command computes",
    "C-093c9a": "commitments._right_after: at position len(text) no mention starts (a mention is at least one "
                "character long), so stopping one step before it ('<') finds the same",
    "C-d6d883": "ontology (undeclared terms): on a tie the subject kept equals the candidate, so '<=' stores the same one",
    "C-99e792": "analyse (equally long texts): a and b are clauses of different arrangements, and a clause id starts "
                "with its arrangement's, so a.id never equals b.id",
    "C-eea6cf": "commitments._partner_spans: 'ordered' only chooses bisection over a scan of the mentions, and both "
                "find the same ones (tests/test_limits.py runs _span_after both ways); two mentions that start "
                "together make the scan run",
    "N-b656d5": "sparql_guard.STACK_BYTES: as N-4c5460 (a megabyte more of stack; MAX_DEPTH refuses first)",
    "C-2b2720": "commitments._condition_spans: as N-4b649b, text.find(',', m.end()) is never 0, so '< 0' and '<= 0' "
                "agree",
    "C-380063": "gazetteer._shared: a name can start where a list word ends only if the word ends in an apostrophe and "
                "the name starts with a sign; no generic programme label ends so and no label starts so (shipped "
                "vocabularies, checked)",
    "C-f6734c": "gazetteer.find (a name across a soft hyphen): no word character follows such a name, so a name "
                "starting where it ends must begin with a sign; no label in data/vocab does (checked)",
    "C-90aef3": "gazetteer._CASE_SPECIAL: the re module's extra-case table holds no U+007F, so '>= 127' and '> 127' "
                "keep the same characters",
    "C-a77e0b": "editor.wants_editor: 'results' is a maximum of q-values, at least 0.0, so with html at 0 'html > "
                "results' is already false and 'html >= 0' adds nothing",
    "C-4c3cf7": "library (versions parameters): a version's province and year come from its id '<province>-<year>', "
                "so two different versions of one province never share a year; the checks before it refuse the same "
                "version and two provinces, so '>=' and '>' differ on no pair that reaches it",
    "N-4b649b": "commitments._condition_spans: text.find(',', m.end()) is -1 or at least m.end(), which is past the "
                "cue, so never 0: 'end < 0' and 'end < 1' agree",
    "N-4c5460": "sparql_guard.STACK_BYTES is the evaluation thread's stack; a megabyte more never changes an answer "
                "(the nesting limit, MAX_DEPTH, refuses a query long before it needs the stack it has)",
    "N-171e78": "lifeline.POLL is how often the watchdog thread looks at the parent where the kernel's death signal "
                "is not set; 0.45 s instead of 0.5 s changes when an orphan stops by 50 ms, not what any command says",
    "N-bf1f2f": "questions._paging: '0 < page' and '1 < page' differ only for page 1, which the fallback gives too",
    "C-13ba3b": "commitments (partners after 'met'): m.start(1) is right after the whole word 'met', where no word "
                "character stands, and every actor mention starts with a letter or digit, so none starts exactly there",
    "C-b25a81": "gazetteer (programme lists): a list word ends with a greedy [\\w'’-]*, so a space or a sign stands at "
                "its end, and every label starts with a letter or digit, so no mention starts exactly there",
    "C-a762c6": "commitments._condition_spans: equality needs an actor whose name begins with a whole condition cue "
                "('voor zover', 'mits', 'indien', 'tenzij', 'zolang', ...); with the shipped vocabularies and "
                "parties.yaml no label, alias or office does (checked by counting at the boundary over every text)",
    "C-b6a36e": "commitments (modality cues before an indirect question): equality needs a cue that starts with a "
                "question word (hoe, of, welke, wat, waar, wanneer, waarom); no cue in the shipped modality.yaml does "
                "(checked by counting at the boundary over every text)",
    "C-6b9576": "compile.graph_block skips the Turtle's @prefix and blank lines at its head; it runs only for a "
                "non-empty graph, whose Turtle always has a statement line after them, so 'head <= len(lines)' never "
                "reaches the end either",
    "C-074505": "analyse._any_cross_pair sees only pairs that _candidate_pairs' skip rule lets through: one text "
                "found in two or more arrangements, or two texts each alone in a different one; both give at least "
                "two arrangements, so '> 1' and '>= 1' agree",
    "C-25f201": "netdata._first keeps the least (rank, value) per subject: on a tie the candidate equals the value "
                "kept, so replacing it ('<=') stores the same tuple",
    "N-4244a2": "text._running_headers walks over blank lines from a page number: with '1 <= j' it stops at line 0 "
                "only when that line is blank, and a blank line is never a repeating line (only non-empty lines are "
                "counted), so stopping there or one step further finds no running header either way",
    "C-a3a2f9": "diff: a version's province and year are read from its id '<province>-<year>' (an id that is not "
                "one is its own province), so two versions of one province and one year are one version, which diff "
                "refuses before it compares; '>' and '>=' differ only there",
    "C-4c6d01": "text._running_headers: the mutant stops the scan across blank lines at line 1 rather than past it, "
                "only when line 1 is blank, and a blank line is never counted as a repeated header line; the same "
                "headers are found",
    "N-d9c597": "sparql_guard.STACK_BYTES is the evaluation thread's stack; a query deep enough to need the last "
                "megabyte is refused by the nesting limit (MAX_DEPTH) long before",
    "C-f25d1f": _ESCAPE,
    "C-893d51": _ESCAPE,
    "N-849666": _ESCAPE,
    "N-e9acaa": _ESCAPE,
    "N-f92f0f": _ESCAPE,
    "C-9e5b58": "metadata.find_validity: a line's offset in the joined text is where the previous line ends; "
                "the joining space comes first, so a phrase never starts exactly at an offset and "
                "'offset <= start' and 'offset < start' pick the same line",
    "C-489061": "gazetteer: names are found between word boundaries, so a name read across a soft hyphen never "
                "touches another name without a character between them; '<' and '<=' find the same clashes",
    "C-2304dc": "commitments.read_sentence: a request verb (a word, found after \\b) starts at a letter after a "
                "non-word character, and an actor mention ends before a non-word character (the gazetteer's "
                "(?![\\w]), an office name's greedy [\\w-]*), so no mention ends where the verb starts; "
                "'m.end <= start' and 'm.end < start' pick the same actors",
    "C-376555": "coverage.account: the outline skips artefact lines, so a chapter's first line (its heading) is "
                "never an artefact; 'first <= n' and 'first < n' pick the same artefacts",
    "C-313f89": "coverage._region: find_outline gives each line at most one heading, so the only heading on the "
                "chapter's line is the chapter itself, which the number test leaves out; '>' and '>=' find the "
                "same later headings",
}
FIRST = ["tests/test_truth.py", "tests/test_safety.py", "tests/test_fixtures.py", "tests/query/test_queries.py",
         "tests/query/test_owes.py", "tests/validate", "tests/extract"]


@dataclass(frozen=True)
class Edit:
    file: str  # relative to the repository root
    old: str  # must occur exactly once (or stand at line/col, for a generated mutant)
    new: str
    line: int | None = None  # 1-based: a generated mutant's place (tools/mutant_generator.py)
    col: int | None = None

    def apply(self, text: str) -> str:
        """``text`` with this edit made; ValueError when it does not apply."""
        if self.line is None:
            count = text.count(self.old)
            if count != 1:
                raise ValueError(f"snippet {'not found' if count == 0 else f'found {count} times'}: {self.old[:60]!r}")
            return text.replace(self.old, self.new)
        lines = text.split("\n")
        if self.line > len(lines):
            raise ValueError(f"line {self.line} not found")
        start = sum(len(line) + 1 for line in lines[: self.line - 1]) + (self.col or 0)
        if text[start:start + len(self.old)] != self.old:
            raise ValueError(f"line {self.line}: {self.old!r} not at column {self.col}")
        return text[:start] + self.new + text[start + len(self.old):]


@dataclass
class Mutant:
    id: str
    description: str
    edits: list[Edit]
    equivalent: str | None = None  # why no user-visible behaviour changes (then it is not run)
    killer: str | None = None  # the test named for the fact this bug breaks (runs first, must kill it)
    result: str = field(default="", init=False)
    detail: str = field(default="", init=False)


def m(id: str, file: str, old: str, new: str, description: str, *, equivalent: str | None = None,
      killer: str | None = None) -> Mutant:
    return Mutant(id, description, [Edit(file, old, new)], equivalent, killer)


RESULT_CUE_ZORG = "    - '\\bzorg(t|en)\\s+(er\\s*)?(voor|dat)\\b'  # e.g. \"De minister van KGG zorgt ervoor dat ... is ingepast\" -> Result\n"
# (with the example below it: data/rules/*.yaml keeps an entry's examples right under the entry)
RESULT_CUE_ZORG += "        # e.g. \"Het Rijk zorgt voor de financiering.\" -> rijk -> zeeland [Result]\n"

MUTANTS: list[Mutant] = [
    # --- stored queries ---------------------------------------------------------------------
    m("M01", "queries/by-location.rq",
      "  OPTIONAL { ?commitment ra:obligor ?obligor }\n", "  ?commitment ra:obligor ?obligor .\n",
      "by-location: the obligor OPTIONAL made mandatory (a place named by a clause without obligor drops out)",
      killer="tests/query/test_queries.py::test_a_commitment_without_obligor_is_not_dropped"),
    m("M02", "queries/deadlines-between.rq",
      "  OPTIONAL { ?commitment ra:obligor ?obligor }\n", "  ?commitment ra:obligor ?obligor .\n",
      "deadlines-between: the obligor OPTIONAL made mandatory (a deadline nobody owns drops out)",
      killer="tests/query/test_queries.py::test_a_commitment_without_obligor_is_not_dropped"),
    m("M03", "queries/deadlines-between.rq",
      "?due_by <= ?to)", "?due_by < ?to)",
      "deadlines-between: the window's last day excluded"),
    m("M04", "queries/earlier-agreements.rq",
      "OPTIONAL { ?cl ra:agreedAt ?meeting OPTIONAL { ?meeting dcterms:date ?date } }",
      "OPTIONAL { ?cl ra:agreedAt ?meeting . ?meeting dcterms:date ?date }",
      "earlier-agreements: a meeting without a date is not shown"),
    m("M05", "queries/owes.rq",
      "  ?beneficiary org:subOrganizationOf* ?creditor .\n", "  FILTER(?beneficiary = ?creditor)\n",
      "owes: sub-organisation closure on the creditor side removed (owes Drenthe Rijk loses what is owed to OCW, VRO)",
      killer="tests/query/test_owes.py::test_beneficiary_side_includes_sub_organisations"),
    m("M06", "queries/owes.rq",
      "?due_by <= ?as_of)", "?due_by < ?as_of)",
      "owes --as-of: due on the as-of day no longer counts as due"),
    m("M07", "queries/owes.rq",
      "  ?member org:subOrganizationOf* ?debtor .\n", "  ?member org:subOrganizationOf? ?debtor .\n",
      "owes: debtor closure only one step deep (an agency under a ministry is forgotten)"),
    m("M08", "queries/owes.rq",
      "NOT EXISTS { ?obligor org:subOrganizationOf* ?debtor }", "?obligor != ?debtor",
      "owes: a commitment carried for an obligor already under the debtor is listed twice"),
    m("M09", "queries/one-sided.rq",
      "?o org:subOrganizationOf* rai:rijk", "?o org:subOrganizationOf? rai:rijk",
      "one-sided: the Rijk side stops one step below the Rijk"),
    m("M10", "queries/no-responsible-party.rq",
      "  OPTIONAL { ?commitment ra:modality ?modality }\n", "  ?commitment ra:modality ?modality .\n",
      "no-responsible-party: a commitment without modality is not listed"),
    m("M11", "queries/programmes-per-ministry.rq",
      "?actor org:subOrganizationOf* ?ministry", "?actor org:subOrganizationOf? ?ministry",
      "programmes-per-ministry: an agency's agency is not counted for its ministry"),
    # --- the endpoint -----------------------------------------------------------------------
    m("M12", "ra_graph/query/sparql_exec.py",
      "    if len(items) > max_rows:", "    if len(items) >= max_rows:",
      "endpoint: row cap off by one (exactly --max-rows rows reported as truncated)",
      killer="tests/query/test_serve.py::test_result_cap_boundary"),
    m("M13", "ra_graph/query/sparql_exec.py",
      "    if len(items) > max_rows:\n", "    if len(items) > max_rows + 1:\n",
      "endpoint: a capped SELECT answer no longer says it was cut (X-Result-Truncated never sent)"),
    m("M14", "ra_graph/query/sparql_guard.py",
      "    if size > MAX_QUERY_BYTES:", "    if size >= MAX_QUERY_BYTES:",
      "endpoint: a query of exactly MAX_QUERY_BYTES bytes refused"),
    # --- reading rules (data/rules) ---------------------------------------------------------
    Mutant("M15", "modality: the cue 'zorgen voor/dat' moved from Result to Effort", [
        Edit("data/rules/modality.yaml", RESULT_CUE_ZORG + "    - '\\brealise(ert|ren)\\b'\n",
             "    - '\\brealise(ert|ren)\\b'\n"),
        Edit("data/rules/modality.yaml", "  Effort:\n", "  Effort:\n" + RESULT_CUE_ZORG),
    ], killer="tests/test_truth.py::test_clause_reads_as_reviewed"),
    m("M16", "data/rules/parties.yaml",
      "  - {open: 'in afstemming met'}\n", "",
      "parties: 'in afstemming met' no longer makes partners (Defensie and EZ in drenthe 3.3/9)"),
    m("M17", "data/rules/parties.yaml",
      "condition_cues: ['voor zover', ", "condition_cues: [",
      "parties: 'voor zover' no longer a condition (a party named in such a condition becomes the obligor)"),
    m("M18", "data/rules/parties.yaml",
      "region_aliases: ['regio']", "region_aliases: []",
      "parties: 'Rijk en regio' no longer includes the province"),
    m("M19", "data/rules/deadlines.yaml",
      "  - 'de komende maanden'\n", "",
      "deadlines: the vague phrase 'de komende maanden' forgotten"),
    # --- extraction and curation code ---------------------------------------------------------
    m("M20", "ra_graph/extract/dates.py",
      "{calendar.monthrange(year, month)[1]:02d}", "{min(calendar.monthrange(year, month)[1], 30):02d}",
      "dates: months end on day 30 at most (augustus 2025 -> 2025-08-30): period end off by one"),
    m("M21", "ra_graph/extract/dates.py",
      "{calendar.monthrange(year, month)[1]:02d}", "{calendar.monthrange(2026, month)[1]:02d}",
      "dates: month length of a fixed year (februari 2028 -> 2028-02-28): leap years lost"),
    m("M22", "ra_graph/extract/dates.py",
      "        when -= timedelta(days=1)", "        when -= timedelta(days=0)",
      "dates: 'vóór 1 juli' means 1 July instead of the day before"),
    m("M23", "ra_graph/extract/commitments.py",
      "units.append(_Unit(province, modality, beneficiaries=list(rijk), partners=list(others)))",
      "units.append(_Unit(province, modality, beneficiaries=list(province), partners=list(others)))",
      "joint clause: the province's side names no beneficiary"),
    m("M24", "ra_graph/extract/commitments.py",
      "                     requested_by=list(reading.requested_by))", "                     requested_by=[])",
      "request: who asked is dropped"),
    m("M25", "ra_graph/extract/commitments.py",
      "    if unit.obligors == [RIJK]:", "    if unit.obligors:",
      "carried-by: a ministry is recorded as carrying the province's commitments too"),
    m("M26", "ra_graph/extract/curate.py",
      '        if name != "note":', '        if name not in ("note", "partners"):',
      "curation: a patch's partners key is ignored",
      killer="tests/test_truth.py::test_clause_reads_as_reviewed"),
    m("M27", "ra_graph/core/model.py",
      '    "partners": ("partner", "actor"),', '    "partners": ("mentions", "actor"),',
      "compile: partners written as mere mentions"),
    # --- vocabularies and curation data ---------------------------------------------------------
    m("M28", "data/vocab/actors.ttl",
      '    skos:exactMatch <https://identifier.overheid.nl/tooi/id/ministerie/mnre1109> ;\n'
      "    org:subOrganizationOf rai:rijk .",
      "    skos:exactMatch <https://identifier.overheid.nl/tooi/id/ministerie/mnre1109> .",
      "vocabulary: OCW no longer under the Rijk (its commitments leave the Rijk side)"),
    m("M29", "data/vocab/themes.ttl",
      "    ra:leadMinistry rai:ienw ;\n    rdfs:comment \"Lead ministry IenW",
      "    ra:leadMinistry rai:lvvn ;\n    rdfs:comment \"Lead ministry IenW",
      "vocabulary: the water theme's lead ministry set to LVVN"),
    m("M30", "data/curation/groningen-2025.yaml",
      "      - commitment: 1\n        modality: Effort\n", "      - commitment: 2\n        modality: Effort\n",
      "curation: a patch aimed at the wrong commitment (groningen 2.2/5)"),
    # --- validation -----------------------------------------------------------------------------
    m("M31", "ontology/shapes.ttl",
      '  sh:severity sh:Violation ;\n  sh:message "Geen verantwoordelijke partij',
      '  sh:severity sh:Warning ;\n  sh:message "Geen verantwoordelijke partij',
      "shapes: no responsible party is only a Warning (validate exits 0)"),
    m("M32", "ontology/shapes.ttl",
      "    sh:severity sh:Warning ;  # a nested property shape does not inherit the node shape's severity\n", "",
      "shapes: overdue becomes a Violation (the nested property shape's severity lost)"),
    m("M33", "ontology/shapes.ttl",
      "[ sh:path [ sh:oneOrMorePath org:subOrganizationOf ] ; sh:hasValue rai:rijk ]",
      "[ sh:path org:subOrganizationOf ; sh:hasValue rai:rijk ]",
      "shapes: the Rijk side stops one step below the Rijk (RWS no longer counts)"),
    m("M34", "ontology/shapes.ttl",
      "    [ sh:path ra:clauseKind ; sh:hasValue ra:Principle ]\n",
      "    [ sh:path ra:clauseKind ; sh:hasValue ra:AgendaItem ]\n",
      "shapes: the wrong clause kind exempt from responsible-party (agenda items, not principles)"),
    m("M35", "ontology/shapes.ttl",
      "  rash:severity sh:Info ;", "  rash:severity sh:Warning ;",
      "shapes: the reciprocity balance reported as a Warning"),
    Mutant("M36", "validate --as-of: due on the as-of day counted as overdue", [
        Edit("ra_graph/validate/shacl.py", "                bound.set((prop, SH.minInclusive, value))",
             "                bound.remove((prop, SH.minInclusive, None))\n"
             "                bound.add((prop, SH.minExclusive, value))")]),
    # --- pages ------------------------------------------------------------------------------------
    m("M37", "ra_graph/network/templates/graph.js",
      "node.textContent = String(text)", "node.innerHTML = String(text)",
      "graph page: the details panel writes clause text as HTML",
      killer="tests/test_safety.py::test_no_script_writes_markup"),
    m("M38", "ra_graph/query/assets/sparql-editor.js",
      "status.textContent = example.title;", "status.innerHTML = example.title;",
      "SPARQL editor: a stored query's title written as HTML"),
    m("M39", "ra_graph/validate/templates/report.html.j2",
      "{{ f.text }}</blockquote>", "{{ f.text|safe }}</blockquote>",
      "report: clause text rendered unescaped"),
    m("M40", "ra_graph/network/visualise.py",
      '("<", "\\\\u003c"), ', "",
      "graph page: '<' left unescaped in the embedded JSON (a '</script>' in a text ends the script)"),
    m("M41", "ra_graph/network/analyse.py",
      "    if any(data.is_rijk_side(a) for a in commitment.obligors):",
      '    if any(a.endswith("/rijk") for a in commitment.obligors):',
      "analyse: a ministry's commitment no longer counts for the Rijk side"),
    # --- readings fixed after the truth table and the corpus generator's notes -----------------------
    m("M42", "data/rules/modality.yaml",
      "option_modals: ['kan', 'kunnen']", "option_modals: []",
      "modality: a cue under 'kan' binds again (groningen 2.4/veenweide-3 an Effort owed to the other side)",
      killer="tests/test_truth.py::test_clause_reads_as_reviewed"),
    m("M43", "data/rules/parties.yaml",
      "  - {open: 'met', after: cue, except: [deelt, delen]}\n", "",
      "parties: 'start met de gemeenten' no longer makes partners (groningen 2.3/1)",
      killer="tests/test_truth.py::test_clause_reads_as_reviewed"),
    m("M44", "ra_graph/extract/curate.py",
      '        owed = not (commitment.modality == "Statement" or clause.kind == "Principle")\n',
      "        owed = True\n",
      "curation: a patch that makes a Statement keeps the draft's beneficiary (groningen 2.4/zoetwater-2 owed to the Rijk)",
      killer="tests/test_truth.py::test_clause_reads_as_reviewed"),
    m("M45", "ra_graph/extract/curate.py",
      "    elif not commitment.carried_by and section is not None and section.lead_ministry:\n",
      "    elif False:\n",
      "curation: a curated Rijk commitment loses the section's carrying ministry (groningen 2.4/veenweide-5)",
      killer="tests/test_truth.py::test_clause_reads_as_reviewed"),
    m("M46", "data/rules/names.yaml",
      "plural_endings: [\"s\", \"en\"]", "plural_endings: []",
      "names: generic programme names no longer found in the plural (groningen 2.7/2.2)",
      killer="tests/test_truth.py::test_clause_reads_as_reviewed"),
    m("M47", "ra_graph/extract/segment.py",
      "        elif self.is_sub_heading(unit, nxt) or self.is_empty_sub_heading(unit, nxt):\n",
      "        elif self.is_sub_heading(unit, nxt):\n",
      "segment: a numbered sub-heading whose items are missing becomes a clause, without a word",
      killer="tests/extract/test_fragile.py::test_clauses_and_warnings"),
    m("M48", "ra_graph/extract/outline.py",
      "            if titled and (names_open or ahead):\n", "            if titled and (names_open or is_next):\n",
      "outline: a short item '3. Het Rijk borgt de inpassing' inside chapter 2 opens chapter 3 (its sections vanish)",
      killer="tests/extract/test_fragile.py::test_clauses_and_warnings"),
    m("M49", "ra_graph/extract/segment.py",
      '        elif self.mode == "block" and self.implicit and self.style in (None, "paragraph") \\\n',
      '        elif False and self.mode == "block" and self.implicit and self.style in (None, "paragraph") \\\n',
      "segment: explanatory prose naming no party in the agreements chapter becomes a clause",
      killer="tests/extract/test_fragile.py::test_clauses_and_warnings"),
    m("M50", "data/rules/parties.yaml",
      "group_qualifier: '[A-ZÀ-Þ][\\w-]*se'", "group_qualifier: '(?!x)x'",
      "parties: 'de Utrechtse gemeenten' is no actor (a longer proper name)",
      killer="tests/extract/test_fragile.py::test_a_geographic_adjective_before_an_actor_group_names_the_group"),
    m("M51", "ra_graph/extract/coverage.py",
      "              for h in outline.chapters if h.doubt]", "              for h in outline.chapters if h.doubt and False]",
      "coverage: a chapter heading that may have swallowed an item is no longer reported",
      killer="tests/extract/test_fragile.py::test_clauses_and_warnings"),
]


# ------------------------------------------------------------------------------------------ running

def check(mutant: Mutant, tree: Path) -> str | None:
    """Why the mutant does not apply to ``tree`` (None when every edit's snippet occurs exactly once)."""
    texts: dict[str, str] = {}
    for edit in mutant.edits:
        path = tree / edit.file
        if edit.file not in texts:
            if not path.is_file():
                return f"{edit.file}: file not found"
            texts[edit.file] = path.read_text(encoding="utf-8")
        try:
            texts[edit.file] = edit.apply(texts[edit.file])
        except ValueError as e:
            return f"{edit.file}: {e}"
    return None


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    env.pop("RA_GRAPH_HOME", None)
    return env


def _killer(output: str) -> str:
    for pattern in (r"^(?:FAILED|ERROR) (\S+)", r"^(\S+::\S+) FAILED"):
        found = re.search(pattern, output, flags=re.M)
        if found:
            return found.group(1)
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def _collection_error(output: str) -> str | None:
    """``tests/x.py`` (collecting it failed) when pytest could not collect a selected test file, with
    the error's last line; None otherwise."""
    found = re.search(r"^_+ ERROR collecting (\S+) _+$", output, flags=re.M)
    if not found:
        return None
    error = re.findall(r"^E\s+(.+)$", output[found.end():], flags=re.M)
    return f"{found.group(1)} (collecting it failed: {error[-1].strip()[:200] if error else 'an error'})"


def copy_tree(tree: Path) -> None:
    """A copy of the checkout to plant bugs in; a git repository of its own, so that tests
    asking git what it ignores get the checkout's answer."""
    shutil.copytree(ROOT, tree, ignore=IGNORE)
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)


def run_one(mutant: Mutant, tree: Path, pytest_args: list[str], selection: Selection | None = None) -> None:
    """Apply, rebuild, test, restore; sets ``mutant.result`` and ``mutant.detail``.

    ``selection`` (``--coverage``): the test files that ran the mutated line, and whether the build
    ran it (tools/mutant_selection.py).  Without one, the listed mutant's killer, the telling tests
    (``FIRST``) and then the whole suite run, after a rebuild."""
    problem = check(mutant, tree)
    if problem:
        mutant.result, mutant.detail = "NOT APPLICABLE", problem
        return
    if selection is not None and not selection.runs:
        mutant.result, mutant.detail = "SURVIVED", selection.note
        return
    originals = {e.file: (tree / e.file).read_text(encoding="utf-8") for e in mutant.edits}
    snapshot = (tree / SNAPSHOT).read_bytes()
    runs = ([[mutant.killer]] if mutant.killer else []) + (selection.runs if selection else [FIRST, ["tests"]])
    timeout = SUITE_TIMEOUT if selection is None else max(300.0, 4 * selection.expected_seconds + 120)
    try:
        for edit in mutant.edits:
            path = tree / edit.file
            path.write_text(edit.apply(path.read_text(encoding="utf-8")), encoding="utf-8")
        if selection is None or selection.rebuild:
            build = subprocess.run([sys.executable, "-m", "ra_graph", "build"], cwd=tree, env=_env(tree),
                                   capture_output=True, text=True)
            if build.returncode != 0:
                lines = build.stderr.strip().splitlines() or ["(no message)"]
                mutant.result, mutant.detail = "KILLED", f"by the build: {lines[-1]}"
                return
        for selected in runs:
            try:
                suite = subprocess.run([sys.executable, "-m", "pytest", *pytest_args, *selected], cwd=tree,
                                       env=_env(tree), capture_output=True, text=True, timeout=timeout)
                if suite.returncode == 4 and "no match in any of" in suite.stdout + suite.stderr:
                    # a selected test's id holds the mutated value (a parametrisation reads it): its
                    # files are run whole instead
                    files = list(dict.fromkeys(t.split("::", 1)[0] for t in selected))
                    suite = subprocess.run([sys.executable, "-m", "pytest", *pytest_args, *files], cwd=tree,
                                           env=_env(tree), capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                mutant.result, mutant.detail = "KILLED", f"the tests hung (over {timeout:.0f} s)"
                return
            if suite.returncode != 0:
                break
        if suite.returncode == 0:
            mutant.result = "SURVIVED"
            mutant.detail = "every test passed" if selection is None else \
                f"the {len(runs[-1])} tests (or test files) that run this line passed"
        elif suite.returncode == 1:
            mutant.result, mutant.detail = "KILLED", f"by {_killer(suite.stdout)}"
            if mutant.killer and not _killer(suite.stdout).startswith(mutant.killer):
                mutant.detail += f" -- NOT by {mutant.killer}, the test named for it"
        elif _collection_error(suite.stdout + suite.stderr):
            # the mutated code broke a test module's import or parametrisation: its tests fail to exist
            mutant.result, mutant.detail = "KILLED", f"by {_collection_error(suite.stdout + suite.stderr)}"
        else:
            output = _killer(suite.stdout + suite.stderr)
            mutant.result, mutant.detail = "ERROR", f"pytest exit {suite.returncode}: {output}"
    finally:
        for name, text in originals.items():
            (tree / name).write_text(text, encoding="utf-8")
        (tree / SNAPSHOT).write_bytes(snapshot)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="ID", help="run only these mutants")
    parser.add_argument("--list", action="store_true", help="list the mutants and whether they apply; run nothing")
    parser.add_argument("--jobs", type=int, default=1, help="copies of the tree to test in parallel (default 1)")
    parser.add_argument("--pytest-args", default=" ".join(PYTEST),
                        help="options for pytest in the copy (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies")
    parser.add_argument("--record", "--readme", action="store_true",
                        help=f"write the figure into {RECORD} (the documentation's tests page)")
    parser.add_argument("--systematic", action="store_true",
                        help="the generated mutants (tools/mutant_generator.py) instead of the listed ones")
    parser.add_argument("--sample", type=int, metavar="N", help="a seeded sample of N mutants")
    parser.add_argument("--seed", type=int, default=1, help="the sample's seed (default 1)")
    parser.add_argument("--coverage", action="store_true",
                        help="run only the test files that ran a mutated line, and rebuild only when the build "
                             "ran it (one coverage run of the suite and the build first)")
    parser.add_argument("--tests", nargs="+", metavar="PATH",
                        help="judge the chosen mutants by these tests alone (no clean coverage run): a kill is "
                             "kept; a mutant they leave alive stays unjudged (the whole selection may kill it)")
    parser.add_argument("--status", action="store_true",
                        help="run nothing: the figure so far from the journal (with --record, written as partial)")
    parser.add_argument("--journal", default=str(JOURNAL), metavar="FILE",
                        help="results so far, per tree: a run judges only the mutants not yet judged on "
                             "this tree (default %(default)s; '' for none)")
    args = parser.parse_args(argv)

    pool = systematic_mutants() if args.systematic else MUTANTS
    ids = [mu.id for mu in pool]
    assert len(set(ids)) == len(ids), "mutant ids must be unique"
    chosen = [mu for mu in pool if not args.only or mu.id in args.only]
    unknown = set(args.only or []) - set(ids)
    if unknown or args.jobs < 1 or (args.sample is not None and args.sample < 1):
        parser.error(f"unknown mutant(s): {', '.join(sorted(unknown))}" if unknown else
                     "--jobs must be at least 1" if args.jobs < 1 else "--sample must be at least 1")
    if args.sample and args.sample < len(chosen):
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample), key=lambda mu: ids.index(mu.id))
    if args.list:
        for mu in chosen:
            state = f"EQUIVALENT: {mu.equivalent}" if mu.equivalent else (check(mu, ROOT) or "applies")
            print(f"{mu.id}  {mu.description}\n       {', '.join(sorted({e.file for e in mu.edits}))}: {state}")
        return 0

    digest, files = tree_state()
    journal = Journal(Path(args.journal), digest, files) if args.journal else None
    done = journal.results({mu.id: mu for mu in chosen}) if journal else {}
    to_run: queue.Queue[Mutant] = queue.Queue()
    # in a seeded random order: a run stopped part-way has judged a fair sample of the rest
    for mu in random.Random(args.seed).sample(chosen, len(chosen)):
        if mu.equivalent:
            mu.result, mu.detail = "EQUIVALENT", mu.equivalent
        elif mu.id in done:
            mu.result, mu.detail = done[mu.id]
        elif not args.status:
            to_run.put(mu)
    pending, finished = to_run.qsize(), [0]
    if done:
        print(f"{sum(mu.id in done for mu in chosen)} of {len(chosen)} mutants already judged on this tree "
              f"({journal.path})", file=sys.stderr)
    start = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="ra-graph-mutants-"))
    if not to_run.empty():
        print(f"copying the tree to {base} ({args.jobs} cop{'y' if args.jobs == 1 else 'ies'})", file=sys.stderr)
    lock = threading.Lock()
    selections: dict[str, Selection] = {}

    def work(tree: Path) -> None:
        if not tree.exists():
            copy_tree(tree)
        while True:
            try:
                mu = to_run.get_nowait()
            except queue.Empty:
                return
            began = time.monotonic()
            run_one(mu, tree, args.pytest_args.split(), selections.get(mu.id) if args.coverage or args.tests else None)
            if args.tests and mu.result == "SURVIVED":
                mu.result, mu.detail = "", ""  # these tests alone cannot say it survives
            with lock:
                finished[0] += 1
                print(f"[{finished[0]}/{pending}] "
                      f"{mu.id} {mu.result:<14} {time.monotonic() - began:5.0f} s  {mu.description}\n"
                      f"{'':19}{mu.detail}", flush=True)
                if journal and mu.result:
                    journal.add(mu, time.monotonic() - began)

    try:
        if not to_run.empty():
            copy_tree(base / "copy0")
            # A suite that fails on the unmutated copy would "kill" every mutant: check that first, running
            # it as the mutants' runs will (--pytest-args), so that a test that fails only that way stops
            # everything here.  With --coverage it is also the coverage run.
            began = time.monotonic()
            if args.tests:
                clean = subprocess.run([sys.executable, "-m", "pytest", *args.pytest_args.split(), *args.tests],
                                       cwd=base / "copy0", env=_env(base / "copy0"), capture_output=True, text=True)
                selections = {mu.id: Selection([args.tests], False, 0.0) for mu in chosen}
            elif args.coverage:
                clean = cached_coverage(base / "copy0", args.pytest_args.split(), journal)
            else:
                clean = subprocess.run([sys.executable, "-m", "pytest", *args.pytest_args.split()],
                                       cwd=base / "copy0", env=_env(base / "copy0"), capture_output=True, text=True)
            if clean is not None and clean.returncode != 0:
                raise SystemExit(f"the suite fails on an unmutated copy of the tree, so no mutant can be judged:\n"
                                 f"{clean.stdout[-3000:]}")
            print(f"the unmutated copy passes the suite ({time.monotonic() - began:.0f} s)", file=sys.stderr)
            if args.coverage and not args.tests:
                measured = mutant_selection.Coverage(base / "copy0")
                selections = {mu.id: measured.select(mu.edits[0].file, mu.edits[0].line)
                              for mu in chosen if len(mu.edits) == 1}
            threads = [threading.Thread(target=work, args=(base / f"copy{n}",)) for n in range(args.jobs)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    misnamed = [mu for mu in chosen if "NOT by" in mu.detail]
    counts = {state: [mu for mu in chosen if mu.result == state]
              for state in ("KILLED", "SURVIVED", "ERROR", "NOT APPLICABLE", "EQUIVALENT", "")}
    if counts[""]:
        print(f"{len(counts['']) } of {len(chosen)} mutants not judged yet (run again to go on)", file=sys.stderr)
    scored = len(counts["KILLED"]) + len(counts["SURVIVED"]) + len(counts["ERROR"])
    carried = sum("(carried from tree" in mu.detail for mu in counts["KILLED"])
    figure = (f"{len(counts['KILLED'])} of {scored} mutants killed "
              f"({_percent(len(counts['KILLED']), scored)})" if scored else "no mutant ran") + \
        (f" ({carried} of the kills carried from an earlier tree)" if carried else "")
    since = {k: v for k, v in (journal.killed_since() if journal else {}).items()
             if k in {mu.id for mu in counts["SURVIVED"]}}
    if since:
        held = len(counts["KILLED"]) + len(since)
        figure += (f"; tests added since kill {len(since)} of its {len(counts['SURVIVED'])} survivors, which makes "
                   f"{held} of {scored} ({_percent(held, scored)})")
    print(f"\n{figure}; {len(counts['NOT APPLICABLE'])} not applicable, {len(counts['EQUIVALENT'])} equivalent; "
          f"{time.monotonic() - start:.0f} s")
    for state in ("SURVIVED", "ERROR", "NOT APPLICABLE", "EQUIVALENT"):
        for mu in counts[state]:
            print(f"  {state}: {mu.id} {mu.description} -- {mu.detail}"
                  + (f" -- KILLED SINCE {since[mu.id]}" if mu.id in since else ""))
    for mu in misnamed:
        print(f"  KILLED BY ANOTHER TEST: {mu.id} {mu.description} -- {mu.detail}")
    if args.record and not args.only and (args.status or not counts[""]):
        _record(figure, counts, len(chosen), systematic=args.systematic, sample=args.sample, seed=args.seed,
                since=since)
    return 0 if scored and not counts["SURVIVED"] and not counts["ERROR"] and not misnamed else 1


def _percent(part: int, whole: int) -> str:
    """A share, never rounded up to 100% while something is missing (1192 of 1194 is 99.8%)."""
    share = 100 * part / whole
    return f"{share:.1f}%" if part != whole and round(share) == 100 else f"{share:.0f}%"


def _record(figure: str, counts: dict, total: int, *, systematic: bool, sample: int | None, seed: int,
            since: dict[str, str] | None = None) -> None:
    """The figure (and, for the generated mutants, the survivors) into the documentation's tests page."""
    page = ROOT / RECORD
    text = page.read_text(encoding="utf-8")
    marker = "mutants-systematic" if systematic else "mutants"
    how = "python tools/mutants.py" + (" --systematic --coverage" if systematic else "") + \
        (f" --sample {sample} --seed {seed}" if sample else "")
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    where = f" on the tree of commit `{head.stdout.strip()}`" if head.returncode == 0 and head.stdout.strip() else ""
    lines = [f"<!-- {marker}:start -->",
             f"Last run {time.strftime('%Y-%m-%d')}{where} (`{how}`, {total} mutants): **{figure}**; "
             f"{len(counts['NOT APPLICABLE'])} not applicable, {len(counts['EQUIVALENT'])} equivalent"
             + (f"; **{len(counts[''])} not judged yet**: the mutants run in a seeded random order, so those "
                f"judged are a fair sample of all" if counts[""] else "") + "."]
    if systematic and (counts["SURVIVED"] or counts["ERROR"]):
        since = since or {}
        lines += ["", "| survivor | where | killed since by |", "|---|---|---|"]
        pipe = "\\|"
        for mu in counts["SURVIVED"] + counts["ERROR"]:
            test = re.match(r"by (tests/\S+?\.py(?:::[^\s\[]+)?)", since.get(mu.id, ""))
            later = f"`{test.group(1)}`" if test else "yes" if mu.id in since else ""
            lines.append(f"| `{mu.id}` | {mu.description.replace('|', pipe)} | {later} |")
    lines.append(f"<!-- {marker}:end -->")
    new, n = re.subn(rf"<!-- {marker}:start -->.*?<!-- {marker}:end -->", "\n".join(lines), text, flags=re.S)
    if n != 1:
        raise SystemExit(f"{RECORD} has no <!-- {marker}:start --> ... <!-- {marker}:end --> block")
    page.write_text(new, encoding="utf-8")


def systematic_mutants() -> list[Mutant]:
    """The generated mutants (tools/mutant_generator.py), with the equivalent ones marked."""
    import mutant_generator

    out, seen = [], set()
    for spot in mutant_generator.every_spot(ROOT):
        edit = (spot.file, spot.line, spot.col, spot.old, spot.new)
        if spot.old == spot.new or edit in seen:  # no change (0.0 by 10%), or a number met twice in one line
            continue
        seen.add(edit)
        out.append(Mutant(spot.id, spot.description, [Edit(spot.file, spot.old, spot.new, spot.line, spot.col)],
                          EQUIVALENT.get(spot.id)))
    return out


def tree_state() -> tuple[str, dict[str, str]]:
    """What the results depend on: every file of the checkout a copy gets (tracked or not, not ignored),
    but the page the figures are recorded on and the runner's own files (they choose the tests, and
    are not what a mutant changes).  The tree's digest, and each file's sha256 (what a later tree
    compares, to carry a kill over)."""
    names = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    digest, files = hashlib.sha256(), {}
    for name in sorted(n for n in names if n and n not in RUNNER and (ROOT / n).is_file()):
        data = (ROOT / name).read_bytes()
        digest.update(name.encode() + b"\0" + data + b"\0")
        files[name] = hashlib.sha256(data).hexdigest()
    return digest.hexdigest()[:16], files


class Journal:
    """One JSON line per judged mutant, with the digest of the tree it was judged on: a full run takes
    hours, so it can stop and go on.  Results on the same tree count.  A kill on an earlier tree is
    carried over (and said to be) when the mutated file and the killing test's file are byte for byte
    the same in both trees: the same test, on the same mutated code, failed.  A survivor is never
    carried: it is judged again on the tree as it is (the point of adding a test)."""

    def __init__(self, path: Path, digest: str, files: dict[str, str] | None = None) -> None:
        self.path, self.digest, self.files = path, digest, files or {}
        if files:  # this tree's files, so that a later tree can tell what changed since
            self.path.parent.mkdir(parents=True, exist_ok=True)
            manifest = self.manifest_path(digest)
            if not manifest.is_file():
                manifest.write_text(json.dumps(files, indent=0, sort_keys=True), encoding="utf-8")

    def manifest_path(self, digest: str) -> Path:
        return self.path.parent / f"tree-{digest}.json"

    def _manifest(self, digest: str, cache: dict) -> dict[str, str] | None:
        if digest not in cache:
            try:
                cache[digest] = json.loads(self.manifest_path(digest).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                cache[digest] = None
        return cache[digest]

    def results(self, mutants: dict[str, Mutant] | None = None) -> dict[str, tuple[str, str]]:
        """Results on this tree and, for ``mutants`` (by id), kills carried from earlier trees."""
        found: dict[str, tuple[str, str]] = {}
        carried: dict[str, tuple[str, str]] = {}
        manifests: dict[str, dict | None] = {}
        if not self.path.is_file():
            return found
        for number, line in enumerate(self.path.read_text(encoding="utf-8").split("\n"), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                print(f"{self.path}:{number}: not a JSON line, ignored", file=sys.stderr)
                continue
            result, tree, ident = entry.get("result"), entry.get("tree"), entry.get("id")
            if result in (None, "ERROR"):
                continue
            if tree == self.digest:
                found[ident] = (result, entry.get("detail", ""))
            elif result == "KILLED" and mutants and ident in mutants and self.files:
                before = self._manifest(tree, manifests)
                if before is not None and self._same_kill(mutants[ident], entry.get("detail", ""), before):
                    carried[ident] = ("KILLED", f"{entry.get('detail', '')} (carried from tree {tree}: "
                                                 "the mutated file and the killing test's file are unchanged)")
        return {**carried, **found}

    def killed_since(self) -> dict[str, str]:
        """Survivors of this tree killed on a later tree (one whose first line in the journal comes
        after this tree's first): by a test written for them, judged with ``--tests`` on the tree that
        has it, before or after the run reached them.  A full run takes hours; its survivors' tests
        land meanwhile, and the figure says both."""
        survived: set[str] = set()
        kills: list[tuple[str, str, str]] = []  # (id, tree, detail)
        first: dict[str, int] = {}
        if not self.path.is_file():
            return {}
        for number, line in enumerate(self.path.read_text(encoding="utf-8").split("\n")):
            try:
                entry = json.loads(line) if line.strip() else {}
            except json.JSONDecodeError:
                continue
            ident, tree, result = entry.get("id"), entry.get("tree"), entry.get("result")
            first.setdefault(tree, number)
            if tree == self.digest and result == "SURVIVED":
                survived.add(ident)
            elif tree != self.digest and result == "KILLED":
                kills.append((ident, tree, entry.get("detail", "")))
        start = first.get(self.digest, 0)
        return {ident: f"{detail} (tree {tree})" for ident, tree, detail in kills
                if ident in survived and first[tree] > start}

    def _same_kill(self, mutant: Mutant, detail: str, before: dict[str, str]) -> bool:
        files = {edit.file for edit in mutant.edits}
        test = re.match(r"by (tests/[^:\s]+\.py)", detail)
        if test:
            files.add(test.group(1))
        elif not detail.startswith("by the build"):
            return False  # a hang, or a kill whose test is not named: judged again
        return all(name in self.files and before.get(name) == self.files[name] for name in files)

    def add(self, mutant: Mutant, seconds: float) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": mutant.id, "tree": self.digest, "result": mutant.result,
                                 "detail": mutant.detail, "seconds": round(seconds, 1)}) + "\n")

    def coverage_dir(self) -> Path:
        return self.path.parent / f"coverage-{self.digest}"


def cached_coverage(tree: Path, pytest_args: list[str], journal: Journal | None):
    """The coverage run in ``tree`` (the clean run), or its data from an earlier run on the same tree
    (then None: that run passed)."""
    kept = journal.coverage_dir() if journal else None
    work = tree / mutant_selection.WORK
    if kept and all((kept / name).is_file() for name in mutant_selection.FILES):
        work.mkdir(exist_ok=True)
        for name in mutant_selection.FILES:
            shutil.copy2(kept / name, work / name)
        print(f"the coverage of an earlier clean run of this tree is used ({kept})", file=sys.stderr)
        return None
    clean = mutant_selection.coverage_run(tree, pytest_args, _env(tree))
    if clean.returncode == 0 and kept:
        kept.mkdir(parents=True, exist_ok=True)
        for name in mutant_selection.FILES:
            shutil.copy2(work / name, kept / name)
    return clean


if __name__ == "__main__":
    sys.exit(main())
