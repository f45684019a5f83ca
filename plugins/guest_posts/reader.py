"""Guest Markdown files are checked for size and pathological text before
Python-Markdown reads them (it needs minutes for a 30 KB run of "[")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.readers import MarkdownReader

from sitelib import (
    ContentError,
    normalise_newlines,
    read_header,
    read_source,
    report,
    source_label,
)
from sitelib.settings import options
from sitelib.text import control_character_error

from .contribution import (
    check_complexity,
    check_size,
)
from .posts import is_guest_file
from .settings import SETTINGS


def reading_problems(
    path: Path, settings: dict[str, Any]
) -> tuple[list[ContentError], ContentError | None]:
    """What makes a guest file unsafe to hand to Markdown, checked in linear
    time on one reading of the file: too many bytes, or text Markdown takes
    too long to read (to report); and an invisible character (the source
    audit has reported it already, in the same words: only to refuse)."""
    source = source_label(path, settings["PATH"])
    problems = check_size(
        path.stat().st_size, source, options(settings, SETTINGS).max_bytes
    )
    if problems:
        return problems, None
    text = read_source(path)
    invisible = control_character_error(text, path.suffix, source)
    text = normalise_newlines(text)
    _, first_line, _ = read_header(text, settings.get("MARKDOWN"))
    lines = text.split("\n")
    return check_complexity(lines[first_line - 1 :], first_line, source), invisible


class GuestMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, which refuses a guest file it should not
    read: every problem is reported, and the first raised, so Pelican leaves
    the file out (the build guard stops the build with those lines)."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        settings = self.settings
        if is_guest_file(source_path, settings, options(settings, SETTINGS).path):
            problems, invisible = reading_problems(Path(source_path), settings)
            for problem in problems:
                report(problem)
            if problems or invisible:
                raise problems[0] if problems else invisible
        return super().read(source_path)


def use_guest_reader(readers: Any) -> None:
    """readers_init: read Markdown with ``GuestMarkdownReader``."""
    for extension in GuestMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = GuestMarkdownReader
