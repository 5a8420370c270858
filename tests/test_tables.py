"""Tables fit the terminal: ``to_table`` itself, and every table command at COLUMNS=100."""

from __future__ import annotations

import pytest

from ra_graph.core.output import terminal_width, to_table
from ra_graph.query import library

ROWS = [
    {"clause": "x-2025/1/1", "empty": None, "who": ["Rijk -> Drenthe [Effort]", "Drenthe -> Rijk [Effort]"],
     "text": "Het Rijk en de provincie werken samen aan een lange zin die niet op een regel past."},
    {"clause": "x-2025/1/2", "empty": "", "who": ["OCW -> Drenthe [Research]"], "text": "Kort."},
]


def test_text_goes_beside_when_it_has_room():
    assert to_table(ROWS, text=["text"], width=120) == (
        "clause      who                                                 text\n"
        "----------  --------------------------------------------------  "
        "--------------------------------------------------------\n"
        "x-2025/1/1  Rijk -> Drenthe [Effort]; Drenthe -> Rijk [Effort]  "
        "Het Rijk en de provincie werken samen aan een lange zin…\n"
        "x-2025/1/2  OCW -> Drenthe [Research]                           Kort.\n")


def test_narrow_terminal_wraps_lists_between_items_and_puts_text_beneath():
    assert to_table(ROWS, text=["text"], wrap=["who"], width=48) == (
        "clause      who\n"
        "----------  -------------------------\n"
        "x-2025/1/1  Rijk -> Drenthe [Effort];\n"
        "            Drenthe -> Rijk [Effort]\n"
        "    Het Rijk en de provincie werken samen aan e…\n"
        "x-2025/1/2  OCW -> Drenthe [Research]\n"
        "    Kort.\n")


def test_wide_shows_the_text_in_full():
    assert to_table(ROWS, text=["text"], wrap=["who"], wide=True, width=48).splitlines()[4:6] == [
        "    Het Rijk en de provincie werken samen aan",
        "    een lange zin die niet op een regel past."]


def test_too_many_columns_become_records():
    row = {f"column{i}": f"value number {i}" for i in range(6)}
    assert to_table([row], width=30) == "".join(f"column{i}  value number {i}\n" for i in range(6))


def test_empty_and_no_rows():
    assert to_table([], ["a"]) == "(no rows)\n"
    assert to_table([{"a": None, "b": ""}]) == "(no values)\n"


def test_terminal_width_comes_from_columns_else_defaults_to_100(monkeypatch):
    monkeypatch.setenv("COLUMNS", "87")
    assert terminal_width() == 87
    monkeypatch.delenv("COLUMNS")
    assert terminal_width() == 100  # pytest captures stdout and stderr: no terminal


def _stored_queries() -> list[tuple[str, ...]]:
    out = []
    for name in library.available():
        stored = library.find(name)
        if stored.versions:  # compares two versions: the shipped graph has one per province, and the
            continue         # example is refused there (tests/query/test_query_cli.py)
        out.append(("query", name, *(f"--param={k}={v}" for k, v in stored.example.items())))
    return out


COMMANDS = [
    ("clauses",), ("clauses", "--wide"), ("owes", "Groningen", "Rijk"), ("owes", "Rijk", "Groningen", "--wide"),
    ("owes", "VRO", "Groningen"), ("query", "--list"), *_stored_queries(), ("stats",), ("analyse",),
    ("analyse", "--wide"), ("validate",), ("validate", "--as-of", "2026-07-01", "--severity", "Violation"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_table_command_fits_100_columns(ra, monkeypatch, args):
    monkeypatch.setenv("COLUMNS", "100")
    r = ra(*args)
    assert r.code in (0, 1), r.err
    assert max(len(line) for line in r.out.split("\n")) <= 100


VERSION_COMMANDS = [("diff", "drenthe-2025", "drenthe-2026"), ("diff", "drenthe-2025", "drenthe-2026", "--all"),
                    ("history", "drenthe-2025/3.3/9"), ("deadlines", "--all-years", "--undated")]


@pytest.mark.parametrize("args", VERSION_COMMANDS, ids=" ".join)
def test_version_commands_fit_100_columns(ra, monkeypatch, two_drenthes, args):
    monkeypatch.setenv("COLUMNS", "100")
    r = ra(*args, "--graph", two_drenthes)
    assert r.code == 0, r.err
    assert max(len(line) for line in r.out.split("\n")) <= 100


def test_owes_groningen_rijk_is_a_line_and_a_text_line_per_row(ra, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    lines = ra("owes", "Groningen", "Rijk").out.split("\n")[:-1]
    # 44 rows, each with its text line, the header and its rule, and 8 continuation lines of
    # wrapped basis cells (curation entries and rule names)
    assert len(lines) == 2 + 2 * 44 + 8
    assert lines[0] == ("clause                           line  parties            modality         due_by      "
                        "basis")
