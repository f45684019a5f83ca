"""Files and worker processes shared by the plugins that make images."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# Re-exported for campaign's __init__, which other work extends: it names them.
from sitelib import worker_count, write_if_changed  # noqa: F401


def place(source: Path, destination: Path) -> bool:
    """Put a cached file into the output: a hard link where possible, else a
    copy. An existing file is replaced, never written through (it may be a
    link into the cache); one that already is ``source`` is left alone.
    Say whether a file was put."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists():
        if destination.samefile(source):
            return False
        destination.unlink()
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)
    return True


def spare_cores() -> int:
    """Cores left over while Pelican's own work keeps one busy (at least 1)."""
    return worker_count(keep=1)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of worker processes for Pillow work.

    On Linux, fork: "spawn" and "forkserver" re-import the __main__ script in
    every worker, which re-runs a build script that has no main guard. The
    workers only run Pillow code and take no locks the parent may hold.
    """
    method = "fork" if sys.platform == "linux" else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method)
    )
