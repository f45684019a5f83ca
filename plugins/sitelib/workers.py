"""How many worker processes to start."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def worker_count(keep: int = 0) -> int:
    """The cores this process may run on (its CPU affinity where the system
    has one, else every core), less ``keep`` left for other work; at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - keep)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of worker processes for Pillow work (images, share cards) and
    for reading responses ahead (``responses.render.prerender``).

    On Linux, fork: "spawn" and "forkserver" re-import the __main__ script in
    every worker, which re-runs a build script that has no main guard. The
    workers only run pure functions (Pillow, Markdown, nh3) and take no locks
    the parent may hold.
    """
    method = "fork" if sys.platform == "linux" else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method)
    )
