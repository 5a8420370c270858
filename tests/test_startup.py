"""Quick read commands stay quick: they never import the heavy libraries.

A cold ``ra-graph clauses`` or ``owes`` is what an analyst waits for; rdflib,
pySHACL and networkx belong to build, validate and analyse only.
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
print(__import__("json").dumps({"code": code, "heavy": heavy}), file=sys.stderr)
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
    assert result == {"code": 0, "heavy": []}
