"""The bad-input corpus: one case per kind of fault, each with its exact one-line message.

Every case runs the real command line (in-process, as the ``ra`` fixture
does) and asserts the exit code, the whole of stderr (one line), an empty
stdout, and that no file changed: neither in the case's own directory nor
in the project's data, queries and ontology.  ``{tmp}`` and ``{mini}`` in
the arguments and messages stand for the case's directory and the fixture
graph.  Cases that need the process itself (a closed stdout, a rule file)
are at the end, run as subprocesses.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, ROOT
from ra_graph.core import paths

SPARQL_UPDATE = "ra-graph is read-only and runs queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
NO_SERVICE = "SERVICE is not allowed: ra-graph never sends a query to another server (no federation)"
QUERIES = ("by-location, by-programme, commitments-of, deadlines, deadlines-between, deadlines-moved, "
           "dropped-between, earlier-agreements, modality-per-arrangement, no-responsible-party, one-sided, owes, "
           "programmes-per-ministry, requests")
INVALID = "Invalid value for"
NONE_CLOSE = "and none is close (name it by acronym, label or IRI, as in data/vocab/)"


def write(name: str, text: str | bytes):
    """A setup step: write ``text`` to ``{tmp}/name``."""
    def setup(tmp: Path) -> None:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return setup


def mkdir(name: str):
    return lambda tmp: (tmp / name).mkdir(parents=True)


def curation(name: str, text: str | None = None):
    """A curation directory in {tmp}/curation holding ``name`` (a file, or a directory if text is None)."""
    def setup(tmp: Path) -> None:
        (tmp / "curation").mkdir()
        if text is None:
            (tmp / "curation" / name).mkdir()
        else:
            (tmp / "curation" / name).write_text(text, encoding="utf-8")
    return setup


def case(id: str, args: list[str], message: str, setup=None, code: int = 2):  # noqa: A002 (pytest's word)
    return pytest.param(args, setup, code, message, id=id)


DEEP_BRACES = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
MANY_TOKENS = "SELECT * WHERE { " + "?s ?p ?o . " * 2600 + "}"
LAUGHS = ("arrangement: drenthe-2025\nclauses:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
          + "".join(f"  {c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n"
                    for p, c in zip("abcdefgh", "bcdefghi")))

CASES = [
    # --- the graph ------------------------------------------------------------------------------
    case("graph-missing", ["clauses", "--graph", "{tmp}/nope.trig"], "ra-graph: {tmp}/nope.trig: graph file not found"),
    case("graph-is-directory", ["stats", "--graph", "{tmp}/g.trig"],
         "ra-graph stats: Invalid value for '--graph': File '{tmp}/g.trig' is a directory.", mkdir("g.trig")),
    case("graph-unknown-suffix", ["stats", "--graph", "{tmp}/g.txt"],
         "ra-graph: {tmp}/g.txt: unknown graph format (expected .trig, .ttl, .nt, .nq or .jsonld)",
         write("g.txt", "")),
    case("graph-malformed", ["stats", "--graph", "{tmp}/g.trig"],
         "ra-graph: {tmp}/g.trig:2: not valid trig: Parser error at line 2 column 23: "
         ". is not a valid RDF object (g.trig, line 2)", write("g.trig", "\n<http://a> <http://b> .\n")),
    # --- the command line itself -----------------------------------------------------------------
    case("unknown-command", ["nope"], "ra-graph: No such command 'nope'."),
    case("unknown-option", ["clauses", "--nope"], "ra-graph clauses: No such option '--nope'."),
    case("bad-format", ["clauses", "--graph", "{mini}", "--format", "xml"],
         f"ra-graph clauses: {INVALID} '--format': 'xml' is not one of 'table', 'json', 'csv'."),
    case("bad-format-newline", ["clauses", "--graph", "{mini}", "--format", "x\ny"],
         f"ra-graph clauses: {INVALID} '--format': 'x\\ny' is not one of 'table', 'json', 'csv'."),
    case("bad-kind", ["clauses", "--graph", "{mini}", "--kind", "Law"],
         f"ra-graph clauses: {INVALID} '--kind': 'Law' is not one of 'agreement', 'agendaitem', "
         "'earlieragreement', 'principle'."),
    case("missing-argument", ["owes", "--graph", "{mini}", "LVVN"], "ra-graph owes: Missing argument 'CREDITOR'."),
    # --- filters: empty, unknown, unprintable ---------------------------------------------------
    case("clauses-empty-arrangement", ["clauses", "--graph", "{mini}", "--arrangement", " "],
         f"ra-graph clauses: {INVALID} '--arrangement': must not be empty"),
    case("clauses-unknown-arrangement", ["clauses", "--graph", "{mini}", "--arrangement", "zeeland"],
         "ra-graph: --arrangement: unknown arrangement 'zeeland' (known: drenthe-2025, groningen-2025)"),
    case("clauses-arrangement-with-newline", ["clauses", "--graph", "{mini}", "--arrangement", "zee\nland\u2028"],
         "ra-graph: --arrangement: unknown arrangement 'zee\\x0aland\\u2028' (known: drenthe-2025, groningen-2025)"),
    case("owes-empty-as-of", ["owes", "--graph", "{mini}", "LVVN", "Groningen", "--as-of", ""],
         f"ra-graph owes: {INVALID} '--as-of': must not be empty"),
    case("owes-bad-as-of", ["owes", "--graph", "{mini}", "LVVN", "Groningen", "--as-of", "2026-13-01"],
         "ra-graph: --as-of: '2026-13-01' is not a date (YYYY-MM-DD)"),
    case("owes-empty-modality", ["owes", "--graph", "{mini}", "LVVN", "Groningen", "--modality", ""],
         f"ra-graph owes: {INVALID} '--modality': must not be empty"),
    case("owes-unknown-modality", ["owes", "--graph", "{mini}", "LVVN", "Groningen", "--modality", "Promise"],
         "ra-graph: --modality: unknown modality 'Promise' "
         "(one of Result, Effort, Dialogue, Request, Acknowledgement, Research, Statement)"),
    case("owes-empty-programme", ["owes", "--graph", "{mini}", "LVVN", "Groningen", "--programme", ""],
         f"ra-graph owes: {INVALID} '--programme': must not be empty"),
    case("owes-unknown-programme", ["owes", "--graph", "{mini}", "LVVN", "Groningen", "--programme", "Deltaplan"],
         f"ra-graph: --programme: unknown programme 'Deltaplan' {NONE_CLOSE}"),
    case("owes-empty-arrangement", ["owes", "--graph", "{mini}", "LVVN", "Groningen", "--arrangement", ""],
         f"ra-graph owes: {INVALID} '--arrangement': must not be empty"),
    case("owes-arrangement-and-all-years", ["owes", "--graph", "{mini}", "LVVN", "Groningen", "--arrangement",
                                            "groningen", "--all-years"],
         "ra-graph owes: --arrangement and --all-years exclude each other"),
    case("owes-empty-debtor", ["owes", "--graph", "{mini}", " ", "Groningen"],
         "ra-graph: DEBTOR: empty value (actor; obligor; its sub-organisations count, and so do commitments a "
         "ministry carries (ra:carriedBy) for another obligor)"),
    case("owes-unknown-actor", ["owes", "--graph", "{mini}", "LVVM", "Groningen"],
         "ra-graph: DEBTOR: unknown actor 'LVVM'; did you mean: LVVN (rai:lvvn)?"),
    case("owes-actor-with-control-characters", ["owes", "--graph", "{mini}", "LV\x1b[31m\nVN", "Groningen"],
         f"ra-graph: DEBTOR: unknown actor 'LV\\x1b[31m\\x0aVN' {NONE_CLOSE}"),
    case("owes-actor-too-long", ["owes", "--graph", "{mini}", "x" * 500, "Groningen"],
         "ra-graph: DEBTOR: unknown actor '" + "x" * 79 + f"…' {NONE_CLOSE}"),
    # --- query ---------------------------------------------------------------------------------
    case("query-unknown-name", ["query", "--graph", "{mini}", "owes-me"],
         f"ra-graph: query: unknown query 'owes-me'; available: {QUERIES}"),
    case("query-file-missing", ["query", "--graph", "{mini}", "{tmp}/q.rq"], "ra-graph: {tmp}/q.rq: query file not found"),
    case("query-file-is-directory", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         "ra-graph: {tmp}/q.rq: query file not found", mkdir("q.rq")),
    case("query-param-no-equals", ["query", "--graph", "{mini}", "owes", "--param", "debtor"],
         "ra-graph: --param: expected NAME=VALUE, got 'debtor'"),
    case("query-param-unknown", ["query", "--graph", "{mini}", "requests", "--param", "x=1"],
         "ra-graph: --param x: unknown parameter of query 'requests' (parameters: none)"),
    case("query-param-twice", ["query", "--graph", "{mini}", "commitments-of", "--param", "actor=LVVN",
                               "--param", "actor=Rijk"], "ra-graph: --param actor: given twice"),
    case("query-param-missing", ["query", "--graph", "{mini}", "commitments-of"],
         "ra-graph: --param actor: missing (actor; obligor or carrier (ra:carriedBy); its sub-organisations count)"),
    case("query-param-bad-date", ["query", "--graph", "{mini}", "deadlines-between", "--param", "from=2026",
                                  "--param", "to=2026-12-31"], "ra-graph: --param from: '2026' is not a date (YYYY-MM-DD)"),
    case("query-service", ["query", "--graph", "{mini}", "{tmp}/q.rq"], f"ra-graph: {{tmp}}/q.rq:3:3: {NO_SERVICE}",
         write("q.rq", "# federated\nSELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }\n}\n")),
    case("query-service-silent-nested-lowercase", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         f"ra-graph: {{tmp}}/q.rq:1:29: {NO_SERVICE}",
         write("q.rq", "ASK { { OPTIONAL { ?s ?p ?o service silent <http://x/> {} } } }")),
    case("query-service-variable", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         f"ra-graph: {{tmp}}/q.rq:1:52: {NO_SERVICE}",
         write("q.rq", 'SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?u) SERVICE ?u { ?s ?p ?o } }')),
    case("query-service-glued-to-prefix", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         f"ra-graph: {{tmp}}/q.rq:1:45: {NO_SERVICE}",
         write("q.rq", "PREFIX s: <http://127.0.0.1:9/> ASK { ?s ?p trueSERVICE s:x {} }")),
    case("query-load", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         f"ra-graph: {{tmp}}/q.rq:2:1: LOAD is an update: {SPARQL_UPDATE}",
         write("q.rq", "# fetch it\nLOAD <http://127.0.0.1:9/data.ttl>\n")),
    case("query-insert", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         f"ra-graph: {{tmp}}/q.rq:1:34: INSERT is an update: {SPARQL_UPDATE}",
         write("q.rq", "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")),
    case("query-nested-5000", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         "ra-graph: {tmp}/q.rq:1:80: query nested too deeply: more than 64 levels of { ( [", write("q.rq", DEEP_BRACES)),
    case("query-too-many-tokens", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         "ra-graph: {tmp}/q.rq:1:27507: query too long: more than 10000 tokens (limit 10000)",
         write("q.rq", MANY_TOKENS)),
    case("query-too-large", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         "ra-graph: {tmp}/q.rq: query too large: 1000017 bytes (limit 1000000)",
         write("q.rq", "ASK { ?s ?p " + '"' + "x" * 1_000_000 + '" }\n')),
    case("query-not-utf8", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         "ra-graph: {tmp}/q.rq:2: not UTF-8: invalid byte 0xe9 on line 2 at byte offset 28 (save the file as UTF-8)",
         write("q.rq", b"SELECT * WHERE {\n ?s ?p \"caf\xe9\" }\n")),
    case("query-syntax-error", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         "ra-graph: {tmp}/q.rq:2:2: SPARQL syntax error: expected one of LATERAL, SERVICE, [_]",
         write("q.rq", "SELECT * WHERE { ?s ?p\n}")),
    case("query-unknown-function", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         "ra-graph: {tmp}/q.rq: query failed: The custom function <http://example.org/f> is not supported",
         write("q.rq", "SELECT * WHERE { BIND(<http://example.org/f>(1) AS ?x) }")),
    case("query-bad-param-header", ["query", "--graph", "{mini}", "{tmp}/q.rq"],
         "ra-graph: {tmp}/q.rq:2: unknown param type 'number' (one of actor, programme, location, arrangement, date, "
         "string, integer, iri, modality)", write("q.rq", "# title: x\n# param: n number\nASK { ?s ?p ?n }\n")),
    # --- validate, export, analyse, visualise ----------------------------------------------------
    case("validate-bad-as-of", ["validate", "--graph", "{mini}", "--as-of", "1-7-2026"],
         "ra-graph: --as-of: '1-7-2026' is not a date (YYYY-MM-DD)"),
    case("validate-empty-as-of", ["validate", "--graph", "{mini}", "--as-of", ""],
         f"ra-graph validate: {INVALID} '--as-of': must not be empty"),
    case("validate-unknown-arrangement", ["validate", "--graph", "{mini}", "--arrangement", "utrecht"],
         "ra-graph: --arrangement: unknown arrangement 'utrecht' (known: drenthe-2025, groningen-2025)"),
    case("validate-bad-severity", ["validate", "--graph", "{mini}", "--severity", "Fatal"],
         f"ra-graph validate: {INVALID} '--severity': 'Fatal' is not one of 'violation', 'warning', 'info'."),
    case("export-empty-to", ["export", "--graph", "{mini}", "--to", ""],
         f"ra-graph export: {INVALID} '--to': must not be empty"),
    case("export-to-not-http", ["export", "--graph", "{mini}", "--to", "ftp://127.0.0.1/store"],
         "ra-graph: --to ftp://127.0.0.1/store: expected an http(s) URL of a Graph Store Protocol endpoint"),
    case("export-out-missing-directory", ["export", "--graph", "{mini}", "--out", "{tmp}/no/g.ttl", "--format", "ttl"],
         "ra-graph: {tmp}/no: cannot write: directory does not exist"),
    case("export-out-is-directory", ["export", "--graph", "{mini}", "--out", "{tmp}/d"],
         f"ra-graph export: {INVALID} '--out': File '{{tmp}}/d' is a directory.", mkdir("d")),
    case("analyse-threshold-nan", ["analyse", "--graph", "{mini}", "--threshold", "nan"],
         "ra-graph: --threshold: must be in (0, 1], got nan"),
    case("visualise-without-out", ["visualise", "--graph", "{mini}"], "ra-graph visualise: Missing option '--out'."),
    case("visualise-empty-actor", ["visualise", "--graph", "{mini}", "--out", "{tmp}/g.html", "--actor", ""],
         f"ra-graph visualise: {INVALID} '--actor': must not be empty"),
    # --- deadlines, diff, history ---------------------------------------------------------------
    case("deadlines-empty-within", ["deadlines", "--graph", "{mini}", "--within", ""],
         f"ra-graph deadlines: {INVALID} '--within': must not be empty"),
    case("deadlines-bad-within", ["deadlines", "--graph", "{mini}", "--within", "5x"],
         "ra-graph: --within: '5x' is not a period (e.g. 90d, 6w, 3m, 1y)"),
    case("deadlines-impossible-date", ["deadlines", "--graph", "{mini}", "--from", "2026-02-30"],
         "ra-graph: --from: '2026-02-30' is not a date (YYYY-MM-DD)"),
    case("deadlines-empty-actor", ["deadlines", "--graph", "{mini}", "--actor", " "],
         f"ra-graph deadlines: {INVALID} '--actor': must not be empty"),
    case("diff-unknown-arrangement", ["diff", "--graph", "{mini}", "drenthe-2025", "utrecht"],
         "ra-graph: NEW: unknown arrangement 'utrecht' (known: drenthe-2025, groningen-2025)"),
    case("history-not-a-clause-id", ["history", "--graph", "{mini}", "nonsense\n"],
         "ra-graph: CLAUSE: 'nonsense\\x0a' is not a clause id (<arrangement>/<section>/<item>, "
         "e.g. groningen-2025/2.4/veenweide-4)"),
    case("validate-empty-page", ["validate", "--graph", "{mini}", "--page", ""],
         f"ra-graph validate: {INVALID} '--page': must not be empty"),
    # --- serve: every limit checked before anything starts ---------------------------------------
    case("serve-timeout-nan", ["serve", "--graph", "{mini}", "--timeout", "nan"],
         "ra-graph: --timeout nan: must be a number from 0.01 to 3600"),
    case("serve-timeout-inf", ["serve", "--graph", "{mini}", "--timeout", "inf"],
         "ra-graph: --timeout inf: must be a number from 0.01 to 3600"),
    case("serve-timeout-zero", ["serve", "--graph", "{mini}", "--timeout", "0"],
         "ra-graph: --timeout 0.0: must be a number from 0.01 to 3600"),
    case("serve-timeout-not-a-number", ["serve", "--graph", "{mini}", "--timeout", "soon"],
         f"ra-graph serve: {INVALID} '--timeout': 'soon' is not a valid float."),
    case("serve-workers-zero", ["serve", "--graph", "{mini}", "--workers", "0"],
         "ra-graph: --workers 0: must be a number from 1 to 64"),
    case("serve-workers-too-many", ["serve", "--graph", "{mini}", "--workers", "1000"],
         "ra-graph: --workers 1000: must be a number from 1 to 64"),
    case("serve-max-rows-negative", ["serve", "--graph", "{mini}", "--max-rows", "-5"],
         "ra-graph: --max-rows -5: must be a number from 1 to 1e+07"),
    case("serve-memory-too-small", ["serve", "--graph", "{mini}", "--memory", "1"],
         "ra-graph: --memory 1: must be a number from 64 to 1.04858e+06"),
    case("serve-queue-negative", ["serve", "--graph", "{mini}", "--queue", "-1"],
         "ra-graph: --queue -1: must be a number from 0 to 256"),
    case("serve-queue-wait-inf", ["serve", "--graph", "{mini}", "--queue-wait", "inf"],
         "ra-graph: --queue-wait inf: must be a number from 0.01 to 3600"),
    case("serve-port-out-of-range", ["serve", "--graph", "{mini}", "--port", "70000"],
         f"ra-graph serve: {INVALID} '--port': 70000 is not in the range 0<=x<=65535."),
    case("serve-empty-host", ["serve", "--graph", "{mini}", "--host", ""],
         f"ra-graph serve: {INVALID} '--host': must not be empty"),
    case("serve-empty-cors", ["serve", "--graph", "{mini}", "--cors", ""],
         f"ra-graph serve: {INVALID} '--cors': must not be empty"),
    case("serve-missing-graph", ["serve", "--graph", "{tmp}/nope.trig", "--port", "0"],
         "ra-graph: {tmp}/nope.trig: graph file not found"),
    # --- build and its inputs ------------------------------------------------------------------
    case("build-sources-missing", ["build", "--sources", "{tmp}/src", "--out", "{tmp}/g.trig"],
         "ra-graph: {tmp}/src: sources directory not found"),
    case("build-sources-empty", ["build", "--sources", "{tmp}/src", "--out", "{tmp}/g.trig"],
         "ra-graph: {tmp}/src: no arrangement texts (ra-<province>-<year>.txt) found", mkdir("src")),
    case("build-out-missing-directory", ["build", "--out", "{tmp}/no/g.trig"],
         "ra-graph: {tmp}/no: cannot write: directory does not exist"),
    case("curation-is-directory", ["build", "--out", "{tmp}/g.trig"],
         "ra-graph: {tmp}/curation/drenthe-2025.yaml: curation file is a directory", curation("drenthe-2025.yaml")),
    case("curation-nested-20000", ["build", "--out", "{tmp}/g.trig"],
         "ra-graph: {tmp}/curation/drenthe-2025.yaml:3: nested too deeply: more than 64 levels",
         curation("drenthe-2025.yaml", "arrangement: drenthe-2025\nclauses:\n  x: " + "[" * 20000 + "]" * 20000)),
    case("curation-2000-aliases", ["build", "--out", "{tmp}/g.trig"],
         "ra-graph: {tmp}/curation/drenthe-2025.yaml:4: more than 1000 aliases (*name)",
         curation("drenthe-2025.yaml", "arrangement: drenthe-2025\nclauses:\n  a: &n {note: x}\n  b: ["
                  + ", ".join(["*n"] * 2000) + "]\n")),
    case("curation-billion-laughs", ["build", "--out", "{tmp}/g.trig"],
         "ra-graph: {tmp}/curation/drenthe-2025.yaml:7: expands to more than 100000 values (through aliases?)",
         curation("drenthe-2025.yaml", LAUGHS)),
    case("curation-too-large", ["build", "--out", "{tmp}/g.trig"],
         "ra-graph: {tmp}/curation/drenthe-2025.yaml: too large for a YAML file people edit: 1000049 bytes "
         "(limit 1000000)", curation("drenthe-2025.yaml", "arrangement: drenthe-2025\n# " + "x" * 1_000_020 + "\n")),
    case("curation-not-a-mapping", ["build", "--out", "{tmp}/g.trig"],
         "ra-graph: {tmp}/curation/drenthe-2025.yaml:1: the curation file must be a mapping (key: value)",
         curation("drenthe-2025.yaml", "- just\n- a list\n")),
    # --- extract ---------------------------------------------------------------------------------
    case("extract-missing", ["extract", "{tmp}/ra-x-2026.txt"], "ra-graph: {tmp}/ra-x-2026.txt: cannot read source text: "
         "No such file or directory"),
    case("extract-empty", ["extract", "{tmp}/ra-x-2026.txt"],
         "ra-graph: {tmp}/ra-x-2026.txt: file is empty: expected the text of an arrangement", write("ra-x-2026.txt", "")),
    case("extract-skeleton-exists", ["extract", str(paths.SOURCES / "ra-drenthe-2025.txt"), "--skeleton", "{tmp}/s.yaml"],
         "ra-graph: {tmp}/s.yaml exists; use --force to overwrite", write("s.yaml", "keep me\n")),
]


def _tree(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            out[str(path.relative_to(root))] = "dir"
    return out


def _project() -> dict[str, str]:
    """The project's files, less the build's cache (git ignores it; a build in another test
    of the same run may write it at any time)."""
    return {name: str({path: digest for path, digest in _tree(ROOT / name).items()
                       if not path.startswith("graph/.cache")})
            for name in ("data", "queries", "ontology")}


def test_the_corpus_has_a_case_for_every_kind_of_fault():
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("args", "setup", "code", "message"), CASES)
def test_bad_input_is_one_exact_line_and_changes_nothing(ra, tmp_path, monkeypatch, args, setup, code, message):
    if setup:
        setup(tmp_path)
    monkeypatch.setattr(paths, "CURATION", tmp_path / "curation")  # a case may lay its own curation there
    def fill(text: str) -> str:
        return text.replace("{tmp}", str(tmp_path)).replace("{mini}", str(MINI))

    before, project = _tree(tmp_path), _project()
    r = ra(*[fill(a) for a in args])
    assert (r.code, r.out) == (code, "")
    assert r.err == fill(message) + "\n"
    assert _tree(tmp_path) == before
    assert _project() == project


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ra_graph", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, **kwargs)


def test_closed_stdout_is_an_error_not_a_silent_loss():
    done = subprocess.run(f"{sys.executable} -m ra_graph stats --graph {MINI} >&-", shell=True, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert (done.returncode, done.stderr.split("\n")[-2:]) == (
        2, ["ra-graph: cannot write output: standard output is closed", ""])
    assert done.stderr.startswith("ra-graph: stats: from each province's arrangement in force")  # what it counted


@pytest.mark.parametrize("command", [["clauses"], ["clauses", "--format", "json"], ["export", "--format", "nt"],
                                     ["owes", "Rijk", "Groningen"]])
def test_a_reader_that_stops_early_is_never_exit_1(command):
    """``| head -0``: the reader closes the pipe before the first byte; the answer is not negative."""
    done = subprocess.run(f"{sys.executable} -m ra_graph {' '.join(command)} --graph {MINI} | head -c 0; "
                          "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash", capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert (done.returncode, done.stdout) == (0, "")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


@pytest.fixture
def home(tmp_path) -> Path:
    """A copy of the project's data (RA_GRAPH_HOME) whose rule files a case may spoil."""
    import shutil

    for name in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("graph"))
    (tmp_path / "data" / "graph").mkdir()
    return tmp_path


@pytest.mark.parametrize(("body", "message"), [
    ("cues:\n  Result: " + "[" * 20000 + "]" * 20000 + "\n",
     "data/rules/modality.yaml:2: nested too deeply: more than 64 levels"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n"
                                                       for p, c in zip("abcdefgh", "bcdefghi")),
     "data/rules/modality.yaml:5: expands to more than 100000 values (through aliases?)"),
])
def test_a_spoiled_rule_file_is_one_line(home, body, message):
    (home / "data" / "rules" / "modality.yaml").write_text(body, encoding="utf-8")
    before = _tree(home)
    done = _run(["build"], env=dict(os.environ, RA_GRAPH_HOME=str(home)))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"ra-graph: {home}/{message}\n"
    assert _tree(home) == before
