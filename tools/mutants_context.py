"""pytest plugin of the mutation check's coverage run (``tools/mutants.py --coverage``).

Why: a mutant can only be noticed by a test that runs its line, and much of ra-graph runs in other
processes (the CLI in subprocesses, the endpoint's workers, the build's pool).  Each test's file is
made the coverage context of the test process (``switch_context``) and, through the environment,
of every process it starts (the coverage configuration's ``context = ${RA_MUTANT_CONTEXT}``), so
the coverage data says which test files ran each line, whichever process ran it.  A server a
module starts once is started by that module's first test: the file, not the single test, is
what the check selects.
"""

from __future__ import annotations

import os

import coverage

VARIABLE = "RA_MUTANT_CONTEXT"


def pytest_runtest_setup(item) -> None:
    name = item.nodeid.split("::", 1)[0]
    os.environ[VARIABLE] = name
    current = coverage.Coverage.current()
    if current is not None:
        current.switch_context(name)
