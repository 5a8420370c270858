"""Quick read commands stay quick: they never import the heavy libraries.

A cold ``ra-graph clauses`` or ``owes`` is what an analyst waits for; rdflib,
pySHACL and networkx belong to build, validate and analyse only.  Nor do they
import what only another command or option needs (the clause aligner of
``diff``, ``calendar`` for ``--within``), or make the options of commands
they do not run (see docs/quality/performance.md).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import MINI

PROBE = """
import sys
from ra_graph.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("rdflib", "pyshacl", "networkx", "pyvis", "jinja2", "yaml") if m in sys.modules)
unused = sorted(m for m in ("ra_graph.graph.revisions", "dataclasses", "calendar") if m in sys.modules)
import click
from ra_graph.cli import cli
made = sorted(name for name, entry in cli.commands._entries.items() if isinstance(entry, click.Command))
print(__import__("json").dumps({"code": code, "heavy": heavy, "unused": unused, "made": made}), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [
    ["clauses", "--format", "json"],
    ["owes", "LVVN", "Groningen"],
    ["stats"],
    ["query", "one-sided"],
    ["export", "--format", "nt"],
    ["diff", "drenthe-2025", "groningen-2025", "--format", "json"],
    ["history", "drenthe-2025/3.7/1"],
    ["deadlines", "--as-of", "2026-07-01", "--format", "json"],
])
def test_read_commands_import_no_heavy_library(args):
    done = subprocess.run([sys.executable, "-c", PROBE, *args, "--graph", str(MINI)],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stderr.strip().splitlines()[-1])
    aligns = args[0] == "diff"  # the clause aligner (a dataclass) is diff's own
    assert result == {"code": 0, "heavy": [], "made": [args[0]],
                      "unused": ["dataclasses", "ra_graph.graph.revisions"] if aligns else []}


def test_help_lists_every_command():
    """``--help`` and the tests look at every command: each is made when it is looked up."""
    import click

    from ra_graph.cli import cli

    names = list(cli.commands)
    assert names[:3] == ["build", "add", "extract"]  # declared order (the reference page follows it)
    assert all(isinstance(cli.commands[n], click.Command) and cli.commands[n].name == n for n in names)
    assert cli.list_commands(click.Context(cli)) == sorted(names)


EXIT = """
import atexit, sys
atexit.register(lambda: print("at exit", file=sys.stderr))
sys.argv = ["ra-graph", *sys.argv[1:]]
from ra_graph.cli import main
main()
print("not reached", file=sys.stderr)
"""


@pytest.mark.parametrize(("args", "code"), [(["history", "drenthe-2025/3.7/1", "--format", "json"], 0),
                                            (["history", "nowhere/1/1"], 2)])
def test_the_program_ends_at_once_but_runs_what_is_registered_at_exit(args, code):
    """Run as the program, ``main`` ends the process without tearing the interpreter down
    (``cli._leave``): the answer is whole, the exit code kept, and atexit callbacks still run."""
    done = subprocess.run([sys.executable, "-c", EXIT, *args, "--graph", str(MINI)],
                          capture_output=True, text=True)
    assert done.returncode == code
    assert done.stderr.endswith("at exit\n")
    assert "not reached" not in done.stderr
    if code == 0:
        assert json.loads(done.stdout)[0]["clause"] == "drenthe-2025/3.7/1"
