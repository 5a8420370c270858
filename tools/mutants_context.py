"""pytest plugin of the mutation check's coverage run (``tools/mutants.py --coverage``).

Why: a mutant can only be noticed by a test that runs its line, and much of ra-graph runs in other
processes (the CLI in subprocesses, the endpoint's workers, the build's pool).  While a test's body
runs, its node id is the coverage context of the test process (``switch_context``); while its
fixtures are set up or torn down (a graph built once for a module, a server started for it), its
file is.  Every process a test starts carries the same name, through the environment (the
coverage configuration's ``context = ${RA_MUTANT_CONTEXT}``): a server a module starts once serves
all of its tests.  So the coverage data says which tests -- or, where that cannot be told, which
test files -- ran each line, whichever process ran it.  A process started by a test's body
(a CLI run in a subprocess) carries the test's node id: it ran for that test alone.
"""

from __future__ import annotations

import base64
import json
import os

import coverage
import pytest

VARIABLE = "RA_MUTANT_CONTEXT"


def _switch(name: str) -> None:
    current = coverage.Coverage.current()
    if current is not None:
        current.switch_context(name)


def _for_processes(name: str) -> None:
    """Name the test file as the context of the processes a test starts.  Coverage's subprocess
    patch hands them its configuration, serialised once at start, in COVERAGE_PROCESS_CONFIG:
    its context is set there (the configuration file's ${RA_MUTANT_CONTEXT} was read only once)."""
    os.environ[VARIABLE] = name
    serialised = os.environ.get("COVERAGE_PROCESS_CONFIG")
    if serialised:
        config = json.loads(base64.b64decode(serialised))
        config["context"] = name
        os.environ["COVERAGE_PROCESS_CONFIG"] = base64.b64encode(json.dumps(config).encode()).decode()


def _forked() -> None:
    """A process forked from the test process (the build's pool) measures in a new coverage
    object, which starts from the configuration's context: give it the test's file."""
    _switch(os.environ.get(VARIABLE, ""))


os.register_at_fork(after_in_child=_forked)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    name = item.nodeid.split("::", 1)[0]
    _for_processes(name)
    _switch(name)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item) -> None:
    _for_processes(item.nodeid)  # a CLI the test's body runs in a subprocess ran for this test alone
    _switch(item.nodeid)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item) -> None:
    name = item.nodeid.split("::", 1)[0]
    _for_processes(name)
    _switch(name)
