"""How many worker processes to start."""

from __future__ import annotations

import os


def worker_count(keep: int = 0) -> int:
    """The cores this process may run on (its CPU affinity where the system
    has one, else every core), less ``keep`` left for other work; at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - keep)
