"""Pelican's writer, writing only files whose bytes change.

Pelican writes every page and feed again on every build. This writer renders
each one into memory and hands it to ``sitelib.write_if_changed``: a build
with nothing changed leaves every output file as it was (same inode, same
ctime), so rsync, browsers' caches and file watchers see no change, and a
changed file is replaced atomically.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pelican.writers import Writer

from sitelib.files import write_if_changed


class _PendingFile(io.StringIO):
    """Text for one output file, written (if changed) when it is closed."""

    def __init__(self, path: str, encoding: str) -> None:
        super().__init__()
        self._path = Path(path)
        self._encoding = encoding

    def close(self) -> None:
        if not self.closed:
            write_if_changed(self._path, self.getvalue().encode(self._encoding))
        super().close()


class UnchangedFilesWriter(Writer):
    """``Writer`` whose files are written only when their bytes change."""

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        if filename in self._overridden_files or (
            filename in self._written_files and not override
        ):
            # Pelican's own answer: skip (os.devnull) or refuse the overwrite.
            return super()._open_w(filename, encoding, override)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _PendingFile(filename, encoding)


def unchanged_files_writer(_pelican: Any) -> type[Writer]:
    """``get_writer``: use the writer that leaves unchanged files alone."""
    return UnchangedFilesWriter
