"""The README opens with the two commands, and CI runs exactly the second."""

from __future__ import annotations

import re
from pathlib import Path

from ra_graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks() -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", README, flags=re.S)]


def test_readme_opens_with_run_and_test_commands():
    run, test = _blocks()[:2]
    assert run == "pip install -e . && ra-graph build && ra-graph clauses --arrangement groningen"
    assert test == "pip install -e '.[test]' && python3 -m pytest"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _blocks()[1] in ci.splitlines()


def test_every_command_is_in_the_readme():
    for name in cli.commands:
        assert f"ra-graph {name}" in README, name
