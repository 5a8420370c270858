"""Safe exports: no CSV cell a spreadsheet would run as a formula, no XML or iCalendar
file that its readers refuse because of one control character in a clause text.

The fixture is mini.trig with clause texts that start like formulas (``=``, ``+``,
``-``, ``@``, a tab) and hold ESC, DEL and other control characters.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import MINI
from ra_graph.core.output import neutral_cell

HYPERLINK = '=HYPERLINK("http://127.0.0.1:9/x","klik")'
TEXTS = {  # a clause text of mini.trig -> what it becomes
    "Het Rijk en de provincie Groningen gaan in 2026 met elkaar in gesprek over de financiële regelingen.":
        HYPERLINK + " Het Rijk en de provincie Groningen gaan in 2026 \x1b[31m in gesprek\x7f over \x01 geld.",
    "Het Rijk vraagt Provincie Groningen om drinkwaterbeschikbaarheid mee te nemen als randvoorwaarde bij nieuwe "
    "ontwikkelingen van de woningbouw.": "+1+cmd|' /C calc'!A0 Het Rijk vraagt Provincie Groningen om drinkwater.",
    "LVVN, IenW en VRO intensiveren de samenwerking met de provincie Groningen over het veenweidegebied.":
        "@SUM(1+1) LVVN, IenW en VRO intensiveren de samenwerking met de provincie Groningen.",
}


def _trig(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').encode("ascii", "backslashreplace").decode() \
        .replace("\\x1b", "\\u001B").replace("\\x7f", "\\u007F").replace("\\x01", "\\u0001") \
        .replace("\\xeb", "\\u00EB")


@pytest.fixture(scope="module")
def evil(tmp_path_factory) -> Path:
    text = MINI.read_text(encoding="utf-8")
    for old, new in TEXTS.items():
        assert f'"{old}"@nl' in text
        text = text.replace(f'"{old}"@nl', f'"{_trig(new)}"@nl')
    path = tmp_path_factory.mktemp("evil") / "evil.trig"
    path.write_text(text, encoding="utf-8")
    return path


DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _cells(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


def _assert_neutral(out: str, *expected: str) -> None:
    rows = _cells(out)
    assert rows and all(not cell.startswith(DANGEROUS) for row in rows for cell in row)
    flat = [cell for row in rows for cell in row]
    for value in expected:
        assert value in flat


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_a_formula_cell_gets_a_quote(value):
    assert neutral_cell(value) == "'" + value
    assert neutral_cell("x" + value) == "x" + value


def test_export_csv(ra, evil):
    r = ra("export", "--format", "csv", "--graph", evil)
    assert r.code == 0
    _assert_neutral(r.out, "'" + TEXTS[next(iter(TEXTS))])


def test_owes_csv(ra, evil):
    r = ra("owes", "Rijk", "Groningen", "--format", "csv", "--graph", evil)
    assert r.code == 0
    _assert_neutral(r.out, "'" + TEXTS[next(iter(TEXTS))])


def test_clauses_csv(ra, evil):
    r = ra("clauses", "--format", "csv", "--graph", evil)
    assert r.code == 0
    _assert_neutral(r.out, *("'" + t for t in TEXTS.values()))


def test_query_csv(ra, evil):
    r = ra("query", "requests", "--format", "csv", "--graph", evil)
    assert r.code == 0
    _assert_neutral(r.out, "'" + list(TEXTS.values())[1])


def test_deadlines_csv(ra, evil):
    r = ra("deadlines", "--format", "csv", "--as-of", "2026-01-01", "--graph", evil)
    assert r.code == 0
    _assert_neutral(r.out, "'" + TEXTS[next(iter(TEXTS))])


def test_graphml_is_xml_with_the_forbidden_characters_replaced_and_counted(ra, evil):
    r = ra("export", "--format", "graphml", "--graph", evil)
    assert r.code == 0
    ET.fromstring(r.out.encode("utf-8"))  # well-formed: the reader Gephi and Cytoscape use would load it
    assert "\x1b" not in r.out and "\x01" not in r.out
    assert "\ufffd[31m" in r.out
    assert r.err == "ra-graph: graphml: replaced by U+FFFD: 2 character(s) the format forbids\n"  # ESC, U+0001


def test_ics_has_no_control_characters_and_says_how_many_went(ra, evil):
    r = ra("deadlines", "--format", "ics", "--as-of", "2026-01-01", "--graph", evil)
    assert r.code == 0
    body = r.out.replace("\r\n", "")
    assert not any(ch in body for ch in "\x1b\x7f\x01")
    assert "[31m in gesprek over" in body.replace("\r\n ", "")
    # ESC, DEL and U+0001, each in the summary and the description
    assert r.err.split("\n")[-2] == "ra-graph: ics: dropped: 6 character(s) the format forbids"


def test_clean_exports_say_nothing(ra):
    for args in (["export", "--format", "graphml"], ["deadlines", "--format", "ics", "--as-of", "2026-01-01"]):
        r = ra(*args, "--graph", MINI)
        assert "forbids" not in r.err
