"""Which tests can notice a mutant, and whether it needs a rebuild: one coverage run of the suite.

Why: the whole suite takes minutes, and a thousand mutants each running it would take days.  A test
file that never runs a mutated line cannot notice the mutant; a build that never runs it writes the
same snapshot.  So one run of the suite under coverage (every process it starts included: the CLI,
the endpoint's workers, the build's pool; ``tools/mutants_context.py`` names the test file of each
line) and one coverage run of ``ra-graph build`` tell, for each mutated line of Python,

* the test files that ran it, cheapest first (their times come from the same run), and
* whether the build ran it (then the snapshot is rebuilt, as a developer would commit it).

A line outside any function (a constant, a ``def`` line) runs once, when its module is first
imported, by whichever test imports it first: it counts as run by every test that ran any line of
its module.  Mutants of data files (rules, vocabularies,
queries, shapes) are read by nearly everything: they get the telling tests first and then the rest
of the suite (``DATA_FIRST``), and a rebuild when the build reads them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
BUILD_CONTEXT = "<build>"
WORK = ".mutants"  # in the copy of the tree (ignored by git): the coverage data, its configuration, JUnit XML
FILES = ("coverage", "junit.xml", "root")  # what an earlier clean run of the same tree can lend
REBUILT_BY_DATA = ("data/", "ontology/")  # files the build reads; queries/ it does not
# For a data mutant: the tests that read each kind of file most tellingly, then the whole suite.
DATA_FIRST = {
    "data/rules/": ["tests/extract/test_rule_examples.py", "tests/test_boundaries.py", "tests/test_truth.py",
                    "tests/extract"],
    "queries/": ["tests/query/test_queries.py", "tests/query/test_owes.py", "tests/test_boundaries.py"],
}
RCFILE = """\
[run]
source = ra_graph
parallel = true
patch = subprocess, _exit, fork
context = ${RA_MUTANT_CONTEXT-}
data_file = DATA
"""


@dataclass
class Selection:
    runs: list[list[str]]  # pytest runs, one after another until one fails: test files or directories
    rebuild: bool
    expected_seconds: float  # what these tests took in the clean run
    note: str = ""  # why nothing runs, when ``runs`` is empty


def coverage_run(tree: Path, pytest_args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """The suite and ``ra-graph build --no-cache`` under coverage in ``tree``: the clean run.

    Returns the suite's run.  A test that fails under coverage (one that limits a subprocess's
    file size leaves coverage no room to save its data) is run again without it: only if it
    fails there too does the clean run fail."""
    cov, rc, env = _measuring(tree, env)
    build = subprocess.run([*cov, "run", f"--rcfile={rc}", "-m", "ra_graph", "build", "--no-cache",
                            "--out", str(tree / WORK / "build.trig")],
                           cwd=tree, env=dict(env, RA_MUTANT_CONTEXT=BUILD_CONTEXT), capture_output=True, text=True)
    if build.returncode != 0:
        raise SystemExit(f"ra-graph build fails on an unmutated copy of the tree:\n{build.stderr[-2000:]}")
    whole = [a for a in pytest_args if a not in ("-x", "--exitfirst")]
    suite = suite_under_coverage(tree, whole, env)
    failed = failures(tree)
    if suite.returncode == 1 and failed:
        print(f"{len(failed)} test(s) failed under coverage; running them again without it", file=sys.stderr)
        suite = subprocess.run([sys.executable, "-m", "pytest", *whole, *failed], cwd=tree, env=env,
                               capture_output=True, text=True)
    return suite


def _measuring(tree: Path, env: dict[str, str]) -> tuple[list[str], Path, dict[str, str]]:
    """The coverage command, its configuration (written into the tree) and the environment that
    finds the context plugin."""
    (tree / WORK).mkdir(exist_ok=True)
    data, rc = tree / WORK / "coverage", tree / WORK / "coveragerc"
    (tree / WORK / "root").write_text(str(tree), encoding="utf-8")  # the data's file names start with it
    rc.write_text(RCFILE.replace("DATA", str(data)), encoding="utf-8")
    env = dict(env, PYTHONPATH=os.pathsep.join([env.get("PYTHONPATH", ""), str(TOOLS)]).strip(os.pathsep))
    return [sys.executable, "-m", "coverage"], rc, env


def suite_under_coverage(tree: Path, pytest_args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """pytest in ``tree`` under coverage, every process it starts measured, each line with the
    tests that ran it as contexts (``mutants_context``); the data combined."""
    cov, rc, env = _measuring(tree, env)
    suite = subprocess.run([*cov, "run", f"--rcfile={rc}", "-m", "pytest", *pytest_args, "-p", "mutants_context",
                            f"--junitxml={tree / WORK / 'junit.xml'}"],
                           cwd=tree, env=dict(env, RA_MUTANT_CONTEXT=""), capture_output=True, text=True)
    subprocess.run([*cov, "combine", f"--rcfile={rc}", "-q"], cwd=tree, env=env, capture_output=True, check=True)
    return suite


def failures(tree: Path) -> list[str]:
    """The node ids of the tests that failed or erred in the clean run (from its JUnit XML)."""
    return [node for node, (_, failed) in _cases(tree).items() if failed]


def _cases(tree: Path) -> dict[str, tuple[float, bool]]:
    """Node id -> (seconds, failed) of every test of the clean run (from its JUnit XML)."""
    out: dict[str, tuple[float, bool]] = {}
    for case in ET.parse(tree / WORK / "junit.xml").getroot().iter("testcase"):
        classname = case.get("classname", "")
        name = _test_file(tree, classname)
        if name:
            classes = classname[len(name) - 2:].lstrip(".")  # what follows tests.x.test_y: classes
            node = "::".join([name, *filter(None, classes.split(".")), case.get("name", "")])
            failed = case.find("failure") is not None or case.find("error") is not None
            out[node] = (float(case.get("time", 0)), failed)
    return out


def _test_file(tree: Path, classname: str) -> str | None:
    parts = classname.split(".")
    for k in range(len(parts), 0, -1):  # tests.query.test_owes.TestX -> tests/query/test_owes.py
        name = "/".join(parts[:k]) + ".py"
        if (tree / name).is_file():
            return name
    return None


def times(tree: Path) -> dict[str, float]:
    """Seconds per test (node id) and per test file in the clean run."""
    out: dict[str, float] = {}
    for node, (seconds, _) in _cases(tree).items():
        out[node] = seconds
        file = node.split("::", 1)[0]
        out[file] = out.get(file, 0.0) + seconds
    return out


def _tests(contexts: set[str]) -> set[str]:
    """The tests (node ids) and test files (where a fixture or another process ran the line) of
    these contexts; a test inside a selected file is left to the file."""
    files = {c for c in contexts if c.startswith("tests/") and "::" not in c}
    return files | {c for c in contexts if "::" in c and c.split("::", 1)[0] not in files}


class Coverage:
    """The coverage run of ``tree``: which test files (and whether the build) ran each line."""

    def __init__(self, tree: Path) -> None:
        from coverage import CoverageData

        self.tree = tree
        root = tree / WORK / "root"  # where the clean run ran (another copy, when its data is lent)
        self.root = Path(root.read_text(encoding="utf-8")) if root.is_file() else tree
        self.data = CoverageData(basename=str(tree / WORK / "coverage"))
        self.data.read()
        self.times = times(tree)
        self._files: dict[str, dict[int, set[str]]] = {}

    def _lines(self, file: str) -> dict[int, set[str]]:
        if file not in self._files:
            found = self.data.contexts_by_lineno(str((self.root / file).resolve()))
            self._files[file] = {line: set(contexts) for line, contexts in found.items()}
        return self._files[file]

    def _module_level(self, file: str) -> set[int]:
        """The lines of ``file`` outside any function: a constant, a class attribute, a ``def`` line."""
        import ast

        source = (self.tree / file).read_text(encoding="utf-8")
        inside: set[int] = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                first = node.body[0].lineno if isinstance(node.body, list) else node.body.lineno
                inside.update(range(first, (node.end_lineno or first) + 1))
        return set(range(1, source.count("\n") + 2)) - inside

    def select(self, file: str, line: int | None) -> Selection:
        if file.endswith(".py") and line is not None:
            lines = self._lines(file)
            contexts = lines.get(line, set())
            rebuild = BUILD_CONTEXT in contexts
            if line in self._module_level(file):  # run once, on import, by whichever test imported it first
                tests = _tests({c for seen in lines.values() for c in seen})
            else:
                tests = _tests(contexts)
            ordered = sorted(tests, key=lambda t: (self.times.get(t, 0.0), t))
            note = "" if ordered else "no test runs this line"
            return Selection([ordered] if ordered else [], rebuild,
                             sum(self.times.get(t, 0.0) for t in ordered), note)
        first = next((tests for prefix, tests in DATA_FIRST.items() if file.startswith(prefix)), [])
        return Selection([first, ["tests"]] if first else [["tests"]], file.startswith(REBUILT_BY_DATA),
                         sum(v for k, v in self.times.items() if "::" not in k))
