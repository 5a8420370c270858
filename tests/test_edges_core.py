"""Boundaries of ra_graph/core/ the systematic mutants found unheld (issue #25): each test names its mutants."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ra_graph.core.output import to_table

ROOT = Path(__file__).resolve().parent.parent


# -- output: tables -----------------------------------------------------------------------------

def test_a_table_too_wide_by_one_narrows_the_first_of_two_equal_columns():
    """C-bec255 (``(gain, -width) < best[0]``): when two wrap columns would gain as many lines
    and are as wide, the first column is narrowed (the first one wins a tie), so it is
    "Rijkswaterstaat" that wraps, not "Staatsbosbeheer"; one column more and nothing wraps."""
    rows = [{"obligor": "Rijkswaterstaat", "partner": "Staatsbosbeheer"}]
    assert to_table(rows, wrap=["obligor", "partner"], width=31) == (
        "obligor         partner\n"
        "--------------  ---------------\n"
        "Rijkswaterstaa  Staatsbosbeheer\n"
        "t\n")
    assert to_table(rows, wrap=["obligor", "partner"], width=32) == (
        "obligor          partner\n"
        "---------------  ---------------\n"
        "Rijkswaterstaat  Staatsbosbeheer\n")


SENTENCE = "Het Rijk en de provincie Drenthe gaan in 2026 met elkaar in gesprek over netcongestie."


def test_a_clause_text_exactly_as_wide_as_its_column_is_shown_whole():
    """C-92fde9 (``len(joined) <= width``): a prose cell exactly as long as its column is shown
    whole; one character less room and it is cut with "…"."""
    assert len(SENTENCE) == 86
    rows = [{"clause": "drenthe-2025/3.7/1", "text": SENTENCE}]
    exact = to_table(rows, text=["text"], width=20 + len(SENTENCE)).split("\n")
    assert exact[2] == "drenthe-2025/3.7/1  " + SENTENCE
    assert len(exact[2]) == 106
    short = to_table(rows, text=["text"], width=19 + len(SENTENCE)).split("\n")
    assert short[2] == "drenthe-2025/3.7/1  " + SENTENCE[:84] + "…"


# -- versions: the store a counting view reads --------------------------------------------------

def _clauses_of(store, arrangement: str) -> int:
    from ra_graph.core.store import select

    rows = select(store, f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
        ?c a ra:Clause ; ra:inArrangement rai:{arrangement} }}""")
    return int(rows[0]["n"].value)


def test_the_store_answering_in_force_holds_only_the_arrangements_in_force(two_drenthes):
    """C-08cf29 (``chosen.mode == "all years"``): a counting view in force reads a store with the
    graphs of the arrangements in force only (Drenthe 2025's clauses are not there to be counted),
    one arrangement's view only that arrangement's, and every version's view the whole store."""
    from ra_graph.core.store import open_graph
    from ra_graph.core.versions import answering, scope

    store = open_graph(two_drenthes)
    assert (_clauses_of(store, "drenthe-2025"), _clauses_of(store, "drenthe-2026")) == (41, 41)
    in_force = answering(store, scope(store))
    assert in_force is not store
    assert [_clauses_of(in_force, a) for a in ("drenthe-2025", "drenthe-2026", "groningen-2025")] == [0, 41, 40]
    one = answering(store, scope(store, arrangement="drenthe-2025"))
    assert [_clauses_of(one, a) for a in ("drenthe-2025", "drenthe-2026", "groningen-2025")] == [41, 0, 0]
    every = answering(store, scope(store, all_years=True))
    assert every is store
    assert [_clauses_of(every, a) for a in ("drenthe-2025", "drenthe-2026", "groningen-2025")] == [41, 41, 40]


# -- diskstore: the layout's format ---------------------------------------------------------------

def test_the_store_layout_is_format_2_and_a_format_1_store_is_rebuilt_once(mini_path, tmp_path, capsys):
    """N-9e2451 (``FORMAT = 2``): the store's pointer says format 2, the layout of graph files as
    N-Triples (docs/reference/store.md: "This layout is diskstore.FORMAT 2: a store of format 1
    is rebuilt once, with the usual line on stderr"); a format-2 store is opened as it is, a
    format-1 one rebuilt once and then says 2."""
    from ra_graph.core import diskstore

    snapshot = tmp_path / "ra-graph.trig"
    shutil.copyfile(mini_path, snapshot)
    root = diskstore.location(snapshot)
    store = diskstore.open_current(snapshot)
    assert len(store) == 337
    first = json.loads((root / "current.json").read_text(encoding="utf-8"))
    assert first["format"] == 2
    assert "was missing: rebuilt it from ra-graph.trig" in capsys.readouterr().err
    diskstore.forget(store)

    store = diskstore.open_current(snapshot)  # format 2: opened, not rebuilt
    assert capsys.readouterr().err == ""
    diskstore.forget(store)

    (root / "current.json").write_text(json.dumps({**first, "format": 1}), encoding="utf-8")
    store = diskstore.open_current(snapshot)
    assert "was missing: rebuilt it from ra-graph.trig" in capsys.readouterr().err
    again = json.loads((root / "current.json").read_text(encoding="utf-8"))
    assert (again["format"], again["version"] != first["version"]) == (2, True)
    diskstore.forget(store)


# -- lifeline: a child dies with its parent -----------------------------------------------------

_PDEATHSIG = """
import ctypes, sys
from ra_graph.core.lifeline import die_with_parent
die_with_parent(kernel=sys.argv[1] == "kernel")
value = ctypes.c_int(-1)
ctypes.CDLL(None, use_errno=True).prctl(2, ctypes.byref(value), 0, 0, 0)  # PR_GET_PDEATHSIG
print(value.value)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_lifeline_asks_linux_for_sigkill_when_the_parent_dies():
    """N-e3c1ba (``_PR_SET_PDEATHSIG = 1``): on Linux the child asks the kernel for SIGKILL on its
    parent's death (prctl option 1), which ``PR_GET_PDEATHSIG`` (option 2) reads back as 9;
    with ``kernel=False`` nothing is asked (0)."""
    asked = [subprocess.run([sys.executable, "-c", _PDEATHSIG, kernel], env=_env(), capture_output=True,
                            text=True, check=True, timeout=60).stdout for kernel in ("kernel", "watchdog")]
    assert asked == [f"{int(signal.SIGKILL)}\n", "0\n"]


_PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "from ra_graph.core.lifeline import die_with_parent; import time; die_with_parent(); "
    "print('ready', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
assert child.stdout.readline() == "ready\\n"
print(child.pid, flush=True)
time.sleep(120)
"""


def _state(pid: int) -> str | None:
    """The process's state letter (``T`` stopped, ``Z`` a zombie), None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_stopped_child_dies_with_its_parent():
    """N-e3c1ba: the kernel's SIGKILL ends a child even when it cannot run (stopped, as a
    debugger or ^Z leaves it), where the watchdog thread never gets to look at its parent."""
    parent = subprocess.Popen([sys.executable, "-c", _PARENT], env=_env(), stdout=subprocess.PIPE, text=True)
    child = None
    try:
        child = int(parent.stdout.readline())
        os.kill(child, signal.SIGSTOP)
        deadline = time.monotonic() + 10.0
        while _state(child) not in ("T", "t") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _state(child) in ("T", "t")
        parent.kill()
        parent.wait(timeout=30)
        deadline = time.monotonic() + 5.0  # ten looks of the watchdog, were it running
        while _state(child) not in (None, "Z") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _state(child) in (None, "Z")
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if child is not None and _state(child) not in (None, "Z"):
            os.kill(child, signal.SIGKILL)
