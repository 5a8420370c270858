"""Long ``build`` and ``validate`` runs show a progress bar on a terminal, and only there.

stderr is a real pseudo-terminal (``pty``) in the terminal cases and a
pipe otherwise; stdout is never a terminal.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from conftest import MINI, home_env


def run_on_terminal(args: list[str], env: dict, cwd: Path, timeout: float = 120) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal (80 columns); (exit code, what the terminal got)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "ra_graph", *args], env=env, cwd=cwd,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen, deadline = b"", time.monotonic() + timeout
    poller = select.poll()  # not select.select: it refuses a descriptor numbered 1024 or more
    poller.register(master, select.POLLIN)
    try:
        while poller.poll(max(0, round((deadline - time.monotonic()) * 1000))):
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        return process.wait(timeout=max(1.0, deadline - time.monotonic())), seen.decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)


@pytest.fixture
def cold(register, tmp_path) -> Path:
    """A copy of the generated register (4 texts, about 160 clauses) without its build cache."""
    home = tmp_path / "home"
    shutil.copytree(register, home)
    shutil.rmtree(home / "data" / "graph" / ".cache")
    return home


def test_build_on_a_terminal_shows_its_progress(cold):
    code, terminal = run_on_terminal(["build"], home_env(cold), cold)
    assert code == 0, terminal
    assert "extract:   0%|" in terminal and "0/4 [" in terminal
    assert "serialise:   0%|" in terminal
    assert "(4 text(s) read)" in terminal


def test_build_piped_prints_only_its_summary(cold, register):
    """Also: without the cache and in one process, the same snapshot (and no cache written)."""
    done = subprocess.run([sys.executable, "-m", "ra_graph", "build", "--no-cache", "--jobs", "1"],
                          env=home_env(cold), cwd=cold, capture_output=True, text=True, check=True)
    assert done.stdout == ""
    assert done.stderr.startswith("built ") and done.stderr.endswith(" (4 text(s) read)\n")
    assert done.stderr.count("\n") == 1
    snapshot = Path("data") / "graph" / "ra-graph.trig"
    assert (cold / snapshot).read_bytes() == (register / snapshot).read_bytes()
    assert not (cold / "data" / "graph" / ".cache").exists()


def test_validate_on_a_terminal_shows_its_progress(register):
    code, terminal = run_on_terminal(["validate", "--format", "json"], home_env(register), register)
    assert code == 1, terminal  # the register has a clause without a responsible party
    assert "validate:   0%|" in terminal and "0/3 [" in terminal


def test_validate_piped_prints_nothing_on_stderr(register):
    done = subprocess.run([sys.executable, "-m", "ra_graph", "validate", "--format", "json"],
                          env=home_env(register), cwd=register, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == ""


def test_short_work_shows_no_bar_even_on_a_terminal(tmp_path):
    code, terminal = run_on_terminal(["validate", "--graph", str(MINI), "--format", "json"], dict(os.environ),
                                     tmp_path)
    assert code == 1
    assert terminal == ""
