"""``validate``'s result cache (``shacl._CachedRudof``): the findings are the same cold, warm,
and as the whole-graph run's; a date-dependent run never uses it; a damaged entry is run again.

Runs ``ra-graph validate`` on a copy of the generated register (2 provinces x 2 years:
renewals, revision links), whose build made its on-disk store.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import home_env


def validate(home: Path, *args: str) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-m", "ra_graph", "validate", "--format", "json", "--all-years", *args],
                          env=home_env(home), cwd=home, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout), done.stderr


def entries(home: Path) -> dict[str, bytes]:
    folder = home / "data" / "graph" / ".cache" / "shacl"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))} if folder.is_dir() else {}


@pytest.fixture
def home(register, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(register, copy)
    shutil.rmtree(copy / "data" / "graph" / ".cache" / "shacl", ignore_errors=True)
    return copy


def _whole_graph_findings(home: Path, monkeypatch) -> list[dict]:
    """The findings of every arrangement with rudof run once on the whole graph (no chunks, no cache)."""
    from ra_graph.validate import shacl

    monkeypatch.setattr(shacl, "_rudof_bounded",
                        lambda store, shapes, ontology, cache=None: shacl._rudof_whole(store, shapes, ontology))
    report = shacl.run(home / "data" / "graph" / "ra-graph.trig", ontology_path=home / "ontology" / "ra.ttl",
                       shapes_path=home / "ontology" / "shapes.ttl")
    return [f.to_json() for f in report.findings]


def test_findings_cold_warm_and_whole_graph_are_the_same(home, monkeypatch):
    cold, _ = validate(home)
    kept = entries(home)
    assert len(kept) == 3  # a chunk of local shapes per province (2 arrangements each) and the global run
    warm, stderr = validate(home)
    assert entries(home) == kept and stderr == ""
    assert warm == cold
    whole = _whole_graph_findings(home, monkeypatch)
    assert cold["results"] == whole
    assert {f["constraint"] for f in whole} == {"reciprocity-balance", "responsible-party", "reciprocity"}


_COUNT_RUDOF = """
import sys
from ra_graph.core import paths
from ra_graph.validate import shacl
calls = []
real, staged = shacl._rudof, shacl._Session.validate  # a run on its own, or a chunk staged in a session
shacl._rudof = lambda *a: calls.append(1) or real(*a)
shacl._Session.validate = lambda self, own: calls.append(1) or staged(self, own)
texts = [shacl.validate_command(paths.SNAPSHOT, fmt="json", as_of=None, severity=None, inference=False,
                                all_years=True)[0] for _ in range(2)]
print(len(calls), texts[0] == texts[1])
"""


def test_a_warm_run_does_not_run_rudof(home):
    """In one process (a fresh one: a test worker must not collect the store's open files),
    the first run calls rudof three times (a chunk per province and the global shapes), the
    second not at all."""
    done = subprocess.run([sys.executable, "-c", _COUNT_RUDOF], env=home_env(home), cwd=home,
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["3", "True"]


def test_a_date_dependent_run_neither_reads_nor_writes_the_cache(home):
    dated, _ = validate(home, "--as-of", "2026-07-01")
    assert entries(home) == {}
    assert "overdue" in {f["constraint"] for f in dated["results"]}
    validate(home)
    kept = entries(home)
    folder = home / "data" / "graph" / ".cache" / "shacl"
    for name in kept:  # entries that would say "no findings" must not reach a dated run
        entry = json.loads((folder / name).read_text())
        entry["value"] = []
        from ra_graph.graph.cache import value_digest

        entry["digest"] = value_digest([])
        (folder / name).write_text(json.dumps(entry))
    assert validate(home, "--as-of", "2026-07-01")[0]["results"] == dated["results"]


def test_a_damaged_entry_is_ignored_with_one_line_and_run_again(home):
    cold, _ = validate(home)
    folder = home / "data" / "graph" / ".cache" / "shacl"
    damaged = sorted(folder.glob("*.json"))[0]
    damaged.write_text('{"format": "2", "key": "' + damaged.stem + '", "value": [1]}')
    again, stderr = validate(home)
    assert again == cold
    assert stderr.count("cache entry ignored") == 1 and damaged.name in stderr


def test_another_graph_or_one_arrangement_uses_no_cache(home):
    done = subprocess.run([sys.executable, "-m", "ra_graph", "validate", "--format", "json", "--arrangement",
                           "fryslan-2026"], env=home_env(home), cwd=home, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    other = home / "copy.trig"
    shutil.copy(home / "data" / "graph" / "ra-graph.trig", other)
    validate(home, "--graph", str(other))
    assert entries(home) == {}


def test_a_result_that_names_a_blank_node_is_never_kept():
    from rdflib import URIRef

    from ra_graph.validate.shacl import _names_a_blank_node, _Result

    shape = URIRef("https://w3id.org/ra-graph/shapes#S")
    assert _names_a_blank_node(_Result("Violation", shape, "c", "b0", False))
    assert _names_a_blank_node(_Result("Violation", shape, "c", "https://x/a", False, "f3a9", False))
    assert not _names_a_blank_node(_Result("Violation", shape, "c", "https://x/a", False, "b0", True))
    assert not _names_a_blank_node(_Result("Violation", shape, "c", "groningen-2025/1", True))
