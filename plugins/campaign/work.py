"""Files and worker processes shared by the plugins that make images."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


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


def write_if_changed(destination: Path, data: bytes) -> bool:
    """Write ``data`` unless ``destination`` already holds exactly it; say
    whether it was written. An existing file is replaced, never written
    through (it may be a hard link into a cache)."""
    if destination.is_file():
        if destination.read_bytes() == data:
            return False
        destination.unlink()
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(data)
    return True


def spare_cores() -> int:
    """Cores left over while Pelican's own work keeps one busy (at least 1)."""
    return max(1, (os.cpu_count() or 1) - 1)


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
