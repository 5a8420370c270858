"""The systematic mutants of tools/mutant_generator.py: found where they should be, each applies to the
tree as it is, and a removed rule entry leaves a rule file that still loads."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import mutant_generator as gen  # noqa: E402
import mutants  # noqa: E402

SPOTS = gen.every_spot()


def test_ids_are_unique_and_every_mutant_applies_to_the_tree():
    assert len({s.id for s in SPOTS}) == len(SPOTS)
    for mu in mutants.systematic_mutants():
        assert mutants.check(mu, ROOT) is None, mu.description


def test_the_overdue_comparison_of_deadlines_has_its_neighbour():
    spots = [s for s in SPOTS if s.file == "ra_graph/query/deadlines.py" and '"overdue" if' in s.description]
    assert [(s.old, s.new) for s in spots] == [("<", "<=")]
    text = (ROOT / spots[0].file).read_text(encoding="utf-8")
    assert '< as_of else "due"' in text and '<= as_of else "due"' in gen.apply(spots[0], text)


def test_sparql_operators_are_found_outside_iris():
    owes = [s for s in SPOTS if s.file == "queries/owes.rq"]
    assert ("<=", "<") in [(s.old, s.new) for s in owes]  # ?due_by <= ?as_of
    assert all(s.old in gen.SPARQL_NEIGHBOUR for s in owes)  # never the '<' of an IRI


def test_removing_a_rule_entry_leaves_a_loadable_file_with_one_entry_fewer():
    medio = [s for s in SPOTS if s.file == "data/rules/deadlines.yaml" and "'(?:begin|medio|half)" in s.description]
    assert len(medio) == 1
    text = (ROOT / "data/rules/deadlines.yaml").read_text(encoding="utf-8")
    before, after = yaml.safe_load(text)["vague"], yaml.safe_load(gen.apply(medio[0], text))["vague"]
    assert len(after) == len(before) - 1 and r"(?:begin|medio|half) \d{4}" not in after
    flow = [s for s in SPOTS if s.file == "data/rules/modality.yaml" and "entry 'Research' removed" in s.description]
    order = yaml.safe_load(gen.apply(flow[0], (ROOT / "data/rules/modality.yaml").read_text(encoding="utf-8")))
    assert order["order"] == ["Result", "Effort", "Dialogue", "Acknowledgement", "Statement"]


def test_thresholds_move_by_one_or_by_ten_percent():
    threshold = [s for s in SPOTS if s.file == "ra_graph/graph/revisions.py" and "THRESHOLD = 0.5" in s.description]
    assert sorted(s.new for s in threshold) == ["0.45", "0.55"]
    rows = [s for s in SPOTS if s.file == "ra_graph/query/sparql_guard.py" and "MAX_DEPTH = 64" in s.description]
    assert sorted(s.new for s in rows) == ["63", "65"]


def test_the_kinds_and_their_number():
    kinds = {k: sum(1 for s in SPOTS if s.id[0] == k) for k in "CQRN"}
    assert all(n > 0 for n in kinds.values()), kinds
    assert sum(kinds.values()) == len(SPOTS) > 500


def _coverage_run(tree: Path, lines: dict[str, list[tuple[int, str]]], times: dict[str, float]) -> None:
    """What mutant_selection.coverage_run leaves in a tree: coverage data with contexts, JUnit XML."""
    from coverage import CoverageData

    work = tree / ".mutants"
    work.mkdir()
    data = CoverageData(basename=str(work / "coverage"))
    for context in sorted({c for seen in lines.values() for _, c in seen}):
        data.set_context(context)
        data.add_lines({str(tree / f): [n for n, c in seen if c == context] for f, seen in lines.items()})
    data.write()
    cases = "".join(f'<testcase classname="{name[:-3].replace("/", ".")}" name="t" time="{s}"/>'
                    for name, s in times.items())
    (work / "junit.xml").write_text(f"<testsuites><testsuite>{cases}</testsuite></testsuites>")
    for name in times:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text("")


def test_a_mutant_runs_the_test_files_that_ran_its_line_cheapest_first(tmp_path):
    from mutant_selection import Coverage

    _coverage_run(tmp_path, {"ra_graph/x.py": [(3, "tests/test_slow.py"), (3, "tests/test_fast.py"),
                                               (3, "<build>"), (5, "tests/test_fast.py"), (1, ""),
                                               (9, "tests/test_slow.py::t"), (9, "tests/test_fast.py::t"),
                                               (11, "tests/test_slow.py::t"), (11, "tests/test_slow.py")]},
                  {"tests/test_slow.py": 9.0, "tests/test_fast.py": 0.5})
    (tmp_path / "ra_graph").mkdir()
    (tmp_path / "ra_graph" / "x.py").write_text("X = 1\ndef f():\n" + "    pass\n" * 10)
    measured = Coverage(tmp_path)
    three = measured.select("ra_graph/x.py", 3)
    assert (three.runs, three.rebuild, three.expected_seconds) == \
        ([["tests/test_fast.py", "tests/test_slow.py"]], True, 9.5)
    five = measured.select("ra_graph/x.py", 5)
    assert (five.runs, five.rebuild) == ([["tests/test_fast.py"]], False)
    # outside any function (a constant): run on import, by whichever test imported first: every test of the module
    assert measured.select("ra_graph/x.py", 1).runs == [["tests/test_fast.py", "tests/test_slow.py"]]
    # run in a test's body: that test alone; in a fixture or another process as well: its whole file
    assert measured.select("ra_graph/x.py", 9).runs == [["tests/test_fast.py::t", "tests/test_slow.py::t"]]
    assert measured.select("ra_graph/x.py", 11).runs == [["tests/test_slow.py"]]
    unrun = measured.select("ra_graph/x.py", 7)
    assert (unrun.runs, unrun.note) == ([], "no test runs this line")
    rules = measured.select("data/rules/deadlines.yaml", 4)
    assert rules.rebuild and rules.runs[0][0] == "tests/extract/test_rule_examples.py" and rules.runs[-1] == ["tests"]
    assert measured.select("queries/owes.rq", 2).rebuild is False


def test_the_journal_keeps_results_per_tree(tmp_path):
    path = tmp_path / "journal.jsonl"
    first = mutants.Journal(path, "aaaa")
    for ident, result in (("C-1", "KILLED"), ("C-2", "SURVIVED"), ("C-3", "ERROR")):
        mu = mutants.Mutant(ident, "d", [])
        mu.result, mu.detail = result, "why"
        first.add(mu, 1.0)
    with path.open("a") as fh:
        fh.write("not json\n")
    # an ERROR is judged again; another tree's results do not count
    assert first.results() == {"C-1": ("KILLED", "why"), "C-2": ("SURVIVED", "why")}
    assert mutants.Journal(path, "bbbb").results() == {}


def test_a_kill_carries_to_a_tree_where_the_mutated_file_and_the_killing_test_are_unchanged(tmp_path):
    path = tmp_path / "journal.jsonl"
    before = {"ra_graph/a.py": "1", "ra_graph/b.py": "2", "tests/test_a.py": "3", "tests/test_b.py": "4"}
    first = mutants.Journal(path, "aaaa", before)
    judged = [("C-a", "ra_graph/a.py", "KILLED", "by tests/test_a.py::test_x[p]"),
              ("C-b", "ra_graph/b.py", "KILLED", "by tests/test_a.py::test_y"),
              ("C-c", "ra_graph/a.py", "SURVIVED", "the 2 tests (or test files) that run this line passed"),
              ("C-d", "ra_graph/a.py", "KILLED", "by the build: error"),
              ("C-e", "ra_graph/a.py", "KILLED", "the tests hung (over 300 s)"),
              ("C-f", "ra_graph/a.py", "KILLED", "by tests/test_b.py::test_z")]
    pool = {}
    for ident, file, result, detail in judged:
        mu = mutants.Mutant(ident, "d", [mutants.Edit(file, "x", "y")])
        mu.result, mu.detail = result, detail
        first.add(mu, 1.0)
        pool[ident] = mu
    assert json.loads((tmp_path / "tree-aaaa.json").read_text()) == before
    # the tree since: b.py and tests/test_b.py changed, a test file was added
    after = {**before, "ra_graph/b.py": "20", "tests/test_b.py": "40", "tests/test_new.py": "5"}
    results = mutants.Journal(path, "bbbb", after).results(pool)
    # carried: same mutated file and same killing test file (or the build); never a survivor, a hang,
    # a kill in a changed file (C-b) or by a changed test (C-f)
    assert sorted(results) == ["C-a", "C-d"]
    assert results["C-a"] == ("KILLED", "by tests/test_a.py::test_x[p] (carried from tree aaaa: the mutated "
                                        "file and the killing test's file are unchanged)")
    # without the earlier tree's list of files nothing is carried
    (tmp_path / "tree-aaaa.json").unlink()
    assert mutants.Journal(path, "cccc", after).results(pool) == {}


def test_the_clean_runs_failures_are_named_by_node_id(tmp_path):
    from mutant_selection import failures

    _coverage_run(tmp_path, {}, {"tests/abuse/test_w.py": 1.0})
    (tmp_path / ".mutants" / "junit.xml").write_text(
        '<testsuites><testsuite><testcase classname="tests.abuse.test_w" name="test_a[x-y]" time="1"><failure/>'
        '</testcase><testcase classname="tests.abuse.test_w.TestK" name="test_b" time="2"><error/></testcase>'
        '<testcase classname="tests.abuse.test_w" name="test_ok" time="3"/></testsuite></testsuites>')
    assert failures(tmp_path) == ["tests/abuse/test_w.py::test_a[x-y]", "tests/abuse/test_w.py::TestK::test_b"]


def test_a_process_a_tests_body_starts_counts_for_that_test_and_one_a_fixture_starts_for_its_file(tmp_path):
    """A real coverage run (tools/mutants_context.py) of a tiny tree: a CLI run in a subprocess
    from a test's body selects that test alone; one run from a module fixture selects the file."""
    import os
    import textwrap

    from mutant_selection import Coverage, suite_under_coverage

    (tmp_path / "ra_graph").mkdir()
    (tmp_path / "ra_graph" / "__init__.py").write_text("")
    (tmp_path / "ra_graph" / "m.py").write_text("def in_body():\n    return 1\n\n\ndef in_fixture():\n    return 2\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_t.py").write_text(textwrap.dedent("""
        import subprocess, sys
        import pytest

        def run(call):
            subprocess.run([sys.executable, "-c", f"from ra_graph import m; m.{call}()"], check=True)

        @pytest.fixture(scope="module")
        def served():
            run("in_fixture")

        def test_body(served):
            run("in_body")

        def test_other(served):
            pass
    """))
    env = {k: v for k, v in os.environ.items() if not k.startswith("COV")}
    done = suite_under_coverage(tmp_path, ["-q", "-p", "no:cacheprovider", "-n", "0", "tests"],
                                dict(env, PYTHONPATH=str(tmp_path)))
    assert done.returncode == 0, done.stdout + done.stderr
    measured = Coverage(tmp_path)
    assert measured.select("ra_graph/m.py", 2).runs == [["tests/test_t.py::test_body"]]
    assert measured.select("ra_graph/m.py", 6).runs == [["tests/test_t.py"]]


def test_a_share_is_never_rounded_up_to_a_hundred_percent():
    assert [mutants._percent(*pair) for pair in ((1192, 1194), (1194, 1194), (939, 1194), (0, 5))] == [
        "99.8%", "100%", "79%", "0%"]


def test_every_equivalent_mutant_is_a_generated_one_and_says_why():
    ids = {mu.id for mu in mutants.systematic_mutants()}
    assert set(mutants.EQUIVALENT) <= ids, sorted(set(mutants.EQUIVALENT) - ids)
    assert all(len(reason) > 40 for reason in mutants.EQUIVALENT.values())
