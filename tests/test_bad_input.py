"""Bad input: one line naming the file or parameter, exit 2, nothing half-written."""

from __future__ import annotations

import os


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


def test_failed_write_keeps_previous_file(ra, mini_path, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous good output\n")
    os.chmod(tmp_path, 0o500)
    try:
        r = ra("export", "--graph", mini_path, "--format", "csv", "--out", target)
    finally:
        os.chmod(tmp_path, 0o700)
    if os.geteuid() == 0:
        # root ignores directory permissions; the write succeeds whole instead.
        assert r.code == 0 and target.read_text().startswith("clause,")
    else:
        assert r.code == 2
        assert target.read_text() == "previous good output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_every_command_has_help_with_example(ra):
    from ra_graph.cli import cli

    for name in cli.commands:
        r = ra(name, "--help")
        assert r.code == 0, name
        assert "Example:" in r.out, name
