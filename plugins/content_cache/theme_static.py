"""The theme's static files, copied only when their bytes change.

Pelican copies every file of ``THEME_STATIC_PATHS`` on every build, so each
stylesheet and script gets a new inode and ctime even when nothing changed.
At ``initialized`` this takes those paths over (Pelican's own list is
emptied for the build) and a small generator puts each file in
``THEME_STATIC_DIR`` with ``sitelib.write_if_changed``.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from sitelib.files import write_if_changed

#: Where the taken-over list is kept for the build (in the settings).
TAKEN_OVER = "CONTENT_CACHE_THEME_STATIC_PATHS"


def take_over_theme_static(pelican: Any) -> None:
    """``initialized``: copy the theme's static files here, not in Pelican."""
    settings = pelican.settings
    if settings.get("THEME_STATIC_PATHS"):
        settings[TAKEN_OVER] = list(settings["THEME_STATIC_PATHS"])
        settings["THEME_STATIC_PATHS"] = []


def theme_files(theme: Path, paths: list[str], ignores: list[str]) -> list[Path]:
    """The files under each of ``paths`` in the theme (relative to each path's
    folder, as Pelican copies them), skipping names matching ``ignores``."""
    found = []
    for folder in (theme / path for path in paths):
        candidates = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in candidates:
            if not path.is_file():
                continue
            parts = path.relative_to(folder.parent).parts
            if any(fnmatch(part, pattern) for part in parts for pattern in ignores):
                continue
            found.append(path)
    return found


def copy_changed(sources: list[tuple[Path, Path]]) -> int:
    """Put each ``(source, destination)``; say how many were written."""
    return sum(write_if_changed(dest, source.read_bytes()) for source, dest in sources)


class ThemeStaticGenerator(Generator):
    """Writes the theme's static files that are new or changed."""

    def generate_output(self, _writer: Any) -> None:
        paths = self.settings.get(TAKEN_OVER) or []
        theme = Path(self.theme)
        output = Path(self.output_path, self.settings["THEME_STATIC_DIR"])
        pairs = []
        for path in paths:
            folder = theme / path
            for source in theme_files(theme, [path], self.settings["IGNORE_FILES"]):
                relative = (
                    source.name if folder.is_file() else source.relative_to(folder)
                )
                pairs.append((source, output / relative))
        copy_changed(pairs)


def theme_static_generator(_pelican: Any) -> type[Generator]:
    """``get_generators``: add the generator above."""
    return ThemeStaticGenerator
