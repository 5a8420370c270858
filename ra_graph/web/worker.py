"""An endpoint worker that also renders the workbench's pages (``python -m ra_graph.web.worker``).

It is :func:`ra_graph.query.serve_pool._serve` given a page renderer, so a
page runs under exactly the deadline and memory limit of a query.
"""

from __future__ import annotations

import os
import signal
import sys

from ra_graph.query.serve_pool import _serve
from ra_graph.query.sparql_guard import call_with_deep_stack
from ra_graph.web.workbench import Workbench

if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    call_with_deep_stack(_serve, sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), pages=Workbench.for_worker)
    os._exit(0)
