"""Every write checked: a short write to stdout or ``--out`` is exit 2 and one line, never a truncated answer.

A full disk makes the first write short and only the next one fail; a
program that writes once and ignores the count exits 0 with a truncated
file.  The tests make the disk full in two ways: a file-size limit
(RLIMIT_FSIZE, which any user may set: writes past it are short, then
EFBIG) and, where this process may mount, a 64 KiB tmpfs.  ``--out`` that
is a device or a FIFO is written into as a shell redirection would, never
replaced by a regular file.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import MINI, ROOT

ANSWERS = [["export", "--format", "ttl"], ["export", "--format", "csv"], ["clauses", "--format", "json"],
           ["export", "--format", "nt"]]
LIMIT = 2048  # bytes: every answer above is larger
SNAPSHOT = ROOT / "data" / "graph" / "ra-graph.trig"  # 260 KB: more than the tmpfs holds


def _limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit: a short write, then EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ra_graph", *args, "--graph", str(MINI)], capture_output=True,
                          timeout=120, cwd=ROOT, **kwargs)


@pytest.mark.parametrize("command", ANSWERS, ids=lambda c: "-".join(c))
def test_stdout_on_a_full_disk_is_exit_2_not_a_short_file(tmp_path, command):
    target = tmp_path / "answer"
    full = subprocess.run([sys.executable, "-m", "ra_graph", *command, "--graph", str(MINI)], capture_output=True,
                          timeout=120, cwd=ROOT)
    assert full.returncode == 0 and len(full.stdout) > LIMIT  # the answer does not fit
    with target.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "ra_graph", *command, "--graph", str(MINI)], stdout=out,
                              stderr=subprocess.PIPE, timeout=120, cwd=ROOT, preexec_fn=_limited)
    assert done.returncode == 2
    assert done.stderr.decode() == "ra-graph: cannot write output: File too large\n"
    assert target.stat().st_size == LIMIT


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 64 KiB tmpfs (root only; skipped where mounting is not allowed)."""
    where = tmp_path / "tiny"
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)


def test_stdout_to_a_full_tmpfs_is_exit_2(tiny_tmpfs):
    with (tiny_tmpfs / "g.ttl").open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "ra_graph", "export", "--format", "ttl", "--graph",
                               str(SNAPSHOT)], stdout=out, stderr=subprocess.PIPE, timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.decode().split("\n")[-2:] == ["ra-graph: cannot write output: No space left on device", ""]


def test_out_to_a_full_tmpfs_keeps_the_old_file(tiny_tmpfs):
    old = tiny_tmpfs / "g.ttl"
    old.write_text("old\n")
    done = subprocess.run([sys.executable, "-m", "ra_graph", "export", "--format", "ttl", "--graph", str(SNAPSHOT),
                           "--out", str(old)], capture_output=True, timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.decode() == f"ra-graph: {old}: cannot write: No space left on device\n"
    assert old.read_text() == "old\n"
    assert sorted(p.name for p in tiny_tmpfs.iterdir()) == ["g.ttl"]  # no temporary file left


def test_stdout_to_dev_full_is_exit_2():
    with open("/dev/full", "wb") as out:
        done = subprocess.run([sys.executable, "-m", "ra_graph", "stats", "--graph", str(MINI)], stdout=out,
                              stderr=subprocess.PIPE, timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.decode().split("\n")[-2:] == ["ra-graph: cannot write output: No space left on device", ""]


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7): the tests never aim at the real ones,
    which the old code replaced with regular files."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    device = tmp_path / name
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return device


def test_out_to_a_full_device_is_one_line_and_the_device_stays(tmp_path):
    device = _device(tmp_path, "full", 7)
    done = _run(["export", "--format", "nt", "--out", str(device)])
    assert (done.returncode, done.stderr.decode()) == (2, f"ra-graph: {device}: cannot write: No space left on device\n")
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_out_to_a_character_device_writes_into_it_and_never_replaces_it(tmp_path):
    """``--out /dev/null`` as root used to rename a regular file over the device node."""
    device = _device(tmp_path, "null", 3)
    done = _run(["export", "--format", "nt", "--out", str(device)])
    assert (done.returncode, done.stderr.decode()) == (0, f"wrote {device}\n")
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def _fifo_read(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A FIFO at ``fifo`` and a reader taking all that is written into it (in the list, once joined)."""
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    return reader, got


def test_out_to_a_fifo_is_written_into_as_a_shell_would(tmp_path):
    fifo = tmp_path / "pipe"
    reader, got = _fifo_read(fifo)
    done = _run(["export", "--format", "nt", "--out", str(fifo)])
    reader.join(60)
    expected = _run(["export", "--format", "nt"]).stdout
    assert done.returncode == 0 and got == [expected]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_build_out_to_a_fifo_sends_the_checked_snapshot(tmp_path):
    fifo = tmp_path / "pipe"
    reader, got = _fifo_read(fifo)
    done = subprocess.run([sys.executable, "-m", "ra_graph", "build", "--out", str(fifo)], capture_output=True,
                          timeout=300, cwd=ROOT)
    reader.join(60)
    assert done.returncode == 0, done.stderr
    assert got and got[0] == (ROOT / "data" / "graph" / "ra-graph.trig").read_bytes()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert not list(Path("/tmp").glob(".ra-graph-verify.*"))


def test_out_to_a_socket_is_refused_before_any_work(tmp_path):
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        done = _run(["export", "--format", "nt", "--out", str(path)])
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == f"ra-graph: {path}: cannot write: a socket is not a file\n"


@pytest.mark.parametrize("command", [["build"], ["export"], ["clauses"], ["validate"]])
def test_empty_out_is_refused_before_any_work(ra, command):
    r = ra(*command, "--out", "")
    assert (r.code, r.out) == (2, "")
    assert r.err == f"ra-graph {command[0]}: Invalid value for '--out': must not be empty\n"


def test_write_all_waits_on_a_descriptor_past_1024():
    """A non-blocking descriptor numbered 1024 or more (a long-lived process holds that many):
    write_all waits for it with poll, which select.select would refuse (ValueError)."""
    from ra_graph.core.atomic import write_all

    read_end, write_end = os.pipe()
    high = os.dup2(write_end, 1500)
    os.close(write_end)
    os.set_blocking(high, False)
    data = bytes(range(256)) * 4096  # 1 MiB: far more than a pipe holds, so the writer must wait
    received = bytearray()

    def drain():
        while chunk := os.read(read_end, 1 << 16):
            received.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        assert write_all(high, data) == len(data)
    finally:
        os.close(high)
        reader.join(timeout=30)
        os.close(read_end)
    assert bytes(received) == data
