"""Child processes that die with their parent.

A build spreads texts over worker processes and the endpoint runs queries in
worker processes.  If the parent is killed (``kill -9``, an OOM kill, a
closed terminal), nothing would stop its workers: a build's workers would
go on reading texts nobody waits for, and an endpoint's worker would finish
a query no client will get.  ``die_with_parent`` makes a child end when its
parent does: on Linux the kernel sends it SIGKILL (``PR_SET_PDEATHSIG``),
and on every system a watchdog thread notices that the parent changed
(``os.getppid``) within ``POLL`` seconds and ends the process.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

POLL = 0.5  # seconds between two looks at the parent
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None, *, kernel: bool = True) -> None:
    """End this process when ``parent`` (default: the present parent) ends.

    ``kernel``: also ask Linux to send SIGKILL when the parent *thread* that
    started this process ends -- right for a process started from the main
    thread (a build's workers), wrong for one started from a short-lived
    thread, which then only gets the watchdog.
    """
    parent = os.getppid() if parent is None else parent
    if kernel and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(POLL)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="ra-graph-lifeline", daemon=True).start()
