"""Bad input: one line naming the file or parameter, exit 2, nothing half-written."""

from __future__ import annotations

import os

from conftest import MINI


def test_missing_graph(ra, tmp_path):
    r = ra("clauses", "--graph", tmp_path / "nope.trig")
    assert r.code == 2
    assert r.err == f"ra-graph: {tmp_path / 'nope.trig'}: graph file not found\n"


def test_malformed_graph_names_file_and_line(ra, tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("@prefix ra: <https://w3id.org/ra-graph/def#> .\n\n<a> <b> .\n", encoding="utf-8")
    r = ra("stats", "--graph", bad)
    assert r.code == 2
    assert r.err.startswith(f"ra-graph: {bad}:3: not valid trig")
    assert len(r.err.strip().splitlines()) == 1


def test_unknown_format_is_one_line(ra, mini_path):
    r = ra("clauses", "--graph", mini_path, "--format", "xml")
    assert r.code == 2
    assert r.err == "ra-graph clauses: Invalid value for '--format': 'xml' is not one of 'table', 'json', 'csv'.\n"


def test_unwritable_out_leaves_nothing(ra, mini_path, tmp_path):
    target = tmp_path / "missing-dir" / "out.ttl"
    r = ra("export", "--graph", mini_path, "--format", "ttl", "--out", target)
    assert r.code == 2
    assert "directory does not exist" in r.err
    assert not target.parent.exists()


def test_failed_write_keeps_previous_file(ra, mini_path, tmp_path, monkeypatch):
    """A write that fails at the last step leaves the old file and no temporary file."""
    target = tmp_path / "out.csv"
    target.write_text("previous good output\n")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    r = ra("export", "--graph", mini_path, "--format", "csv", "--out", target)
    assert r.code == 2
    assert r.err == f"ra-graph: {target}: cannot write: No space left on device\n"
    assert target.read_text() == "previous good output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_rewrite_keeps_permissions(ra, mini_path, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    os.chmod(target, 0o600)
    assert ra("export", "--graph", mini_path, "--format", "csv", "--out", target).code == 0
    assert target.read_text().startswith("commitment,")
    assert target.stat().st_mode & 0o777 == 0o600


def test_unwritable_stdout_is_one_line(tmp_path):
    import subprocess
    import sys

    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "ra_graph", "clauses", "--graph", str(MINI)],
                              stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 2
    assert done.stderr == "ra-graph: cannot write output: No space left on device\n"


def test_every_command_has_help_with_example(ra):
    from ra_graph.cli import cli

    for name in cli.commands:
        r = ra(name, "--help")
        assert r.code == 0, name
        assert "Example:" in r.out, name
