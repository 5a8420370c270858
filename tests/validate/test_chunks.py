"""The chunks ``validate`` runs rudof on (``shacl._chunks``) stay put when an arrangement is added.

Each chunk's results are cached under the graphs it holds, so after a build
that adds one text only the chunk of that text's province may be validated
again: every other chunk must keep its graphs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import home_env

from ra_graph.validate.shacl import CHUNK, _chunks, _group

G = "https://w3id.org/ra-graph/id/graph/"
PROVINCES = ["drenthe", "flevoland", "fryslan", "gelderland", "groningen", "limburg", "noord-brabant",
             "noord-holland", "overijssel", "utrecht", "zeeland", "zuid-holland"]


def sizes_of(years: range, *, extra: str | None = None) -> list[tuple[str, int]]:
    """(graph, statements) of a register of 12 provinces over these years, in name order
    (as ``_graph_sizes`` gives them), sizes as a generated register's (1,200-1,500)."""
    sizes = [(f"{G}{p}-{y}", 1200 + (len(p) * 37 + y * 11) % 300) for p in PROVINCES for y in years]
    if extra is not None:
        sizes.append((f"{G}{extra}", 1400))
    return sorted(sizes)


def changed(before: list[list[str]], after: list[list[str]]) -> list[list[str]]:
    """The chunks of ``after`` that ``before`` does not have (their cache keys are new)."""
    return [chunk for chunk in after if chunk not in before]


def test_a_province_is_a_chunk_while_it_fits():
    chunks = _chunks(sizes_of(range(2025, 2035)), 20_000)
    assert len(chunks) == 12
    assert chunks[4] == [f"{G}groningen-{y}" for y in range(2025, 2035)]
    assert {_group(name) for chunk in chunks for name in chunk} == {G + p for p in PROVINCES}


def test_a_province_over_the_limit_is_cut_in_year_order():
    sizes = [(f"{G}groningen-{y}", 1000) for y in range(2025, 2030)] + [(f"{G}drenthe-2025", 2500)]
    assert _chunks(sizes, 2000) == [[f"{G}drenthe-2025"], [f"{G}groningen-2025", f"{G}groningen-2026"],
                                    [f"{G}groningen-2027", f"{G}groningen-2028"], [f"{G}groningen-2029"]]
    assert _chunks(sizes, 1) == [[name] for name, _ in sorted(sizes)]


def test_a_name_without_a_year_is_a_group_of_its_own():
    assert _group(f"{G}zuid-holland-2031") == f"{G}zuid-holland"
    assert _group(f"{G}vocab") == f"{G}vocab"
    assert _chunks([(f"{G}a-2025", 10), (f"{G}extra", 10), (f"{G}a-2026", 10)], 100) == [
        [f"{G}a-2025", f"{G}a-2026"], [f"{G}extra"]]


def test_at_120_arrangements_each_province_is_two_chunks():
    chunks = _chunks(sizes_of(range(2025, 2035)), CHUNK)
    assert len(chunks) == 24
    assert [len(c) for c in chunks[8:10]] == [7, 3]  # groningen: its first seven years, then three
    assert chunks[8][0] == f"{G}groningen-2025" and chunks[9][-1] == f"{G}groningen-2034"


@pytest.mark.parametrize("limit", [20_000, CHUNK, 5_000])
@pytest.mark.parametrize("added", ["groningen-2035", "drenthe-2035", "zuid-holland-2035", "aa-2031"])
def test_adding_one_arrangement_changes_one_chunk(limit, added):
    before = _chunks(sizes_of(range(2025, 2035)), limit)
    after = _chunks(sizes_of(range(2025, 2035), extra=added), limit)
    new = changed(before, after)
    assert len(new) == 1 and f"{G}{added}" in new[0]
    assert len(after) - len(before) in (0, 1)  # the province's last chunk grew, or a new one began


def test_an_arrangement_inserted_between_years_changes_only_its_provinces_chunks():
    """A year slotted in before others (a late text) moves the later years of its own province
    only; with a province a chunk (a limit above its size) that is one chunk."""
    years = [y for y in range(2025, 2035) if y != 2029]
    before = _chunks(sizes_of(years), 20_000)
    after = _chunks(sizes_of(years, extra="groningen-2029"), 20_000)
    assert changed(before, after) == [[f"{G}groningen-{y}" for y in range(2025, 2035)]]
    cut_before, cut_after = _chunks(sizes_of(years), 5_000), _chunks(sizes_of(years, extra="groningen-2029"), 5_000)
    assert {_group(name) for chunk in changed(cut_before, cut_after) for name in chunk} == {f"{G}groningen"}


_VALIDATE_COUNTING = """
from ra_graph.core import paths
from ra_graph.validate import shacl
shacl.CHUNK = 3_500  # two arrangements a chunk: the old greedy packing would span provinces
calls = []
real, staged = shacl._rudof, shacl._Session.validate  # a run on its own, or a chunk staged in a session
shacl._rudof = lambda *a: calls.append(1) or real(*a)
shacl._Session.validate = lambda self, own: calls.append(1) or staged(self, own)
shacl.validate_command(paths.SNAPSHOT, fmt="json", as_of=None, severity=None, inference=False, all_years=True)
print(len(calls))
"""


def test_validate_after_a_build_that_adds_one_text_runs_its_provinces_chunk_and_the_global_run(register, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(register, home)
    shutil.rmtree(home / "data" / "graph" / ".cache" / "shacl", ignore_errors=True)
    text = home / "data" / "sources" / "ra-fryslan-2026.txt"
    aside = tmp_path / text.name
    shutil.move(text, aside)

    def build_and_count() -> int:
        subprocess.run([sys.executable, "-m", "ra_graph", "build"], env=home_env(home), cwd=home, check=True,
                       capture_output=True)
        done = subprocess.run([sys.executable, "-c", _VALIDATE_COUNTING], env=home_env(home), cwd=home,
                              capture_output=True, text=True, check=True)
        return int(done.stdout)

    assert build_and_count() == 3  # fryslan-2025; groningen-2025 and -2026; the global shapes
    shutil.move(aside, text)
    assert build_and_count() == 2  # fryslan-2025 and -2026 (new), groningen's kept; the global shapes
    folder = home / "data" / "graph" / ".cache" / "shacl"
    assert len(list(folder.glob("*.json"))) == 3  # the entries of the chunks no longer validated are gone
