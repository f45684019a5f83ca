"""Writing files: atomically, and only when the bytes change."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path


def _beside(destination: Path) -> Path:
    """A new temporary file's name in ``destination``'s folder (made if
    missing)."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    return destination.with_name(
        f".{destination.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    )


def atomic_write(destination: Path, data: bytes) -> None:
    """Write ``data`` to ``destination`` so that a reader sees the old file or
    the new one, never half of one: into a temporary file beside it, then
    renamed over it. An existing file is replaced, never written through (it
    may be a hard link into a cache). The file gets the usual permissions
    (the umask applies), and the temporary file is removed on failure."""
    temporary = _beside(destination)
    try:
        with temporary.open("xb") as file:
            file.write(data)
        temporary.replace(Path(destination))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def create_new(destination: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``destination``, atomically (a temporary
    file beside it, then linked into place: readers never see half a file)
    and never over an existing one: ``FileExistsError`` then, and nothing
    is written."""
    temporary = _beside(destination)
    try:
        with temporary.open("xb") as file:
            file.write(data)
        os.link(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


def write_if_changed(destination: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless ``destination`` already holds exactly
    it; say whether it was written."""
    destination = Path(destination)
    if destination.is_file() and destination.read_bytes() == data:
        return False
    atomic_write(destination, data)
    return True


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
