"""The error type every plugin uses to say what is wrong with a content file."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


def source_label(path: str | os.PathLike[str], content_root: str) -> str:
    """How a content file is named in messages: relative to the project,
    e.g. ``content/posts/x.md``, whether Pelican gave it absolute or relative
    to ``PATH``."""
    root = Path(content_root).absolute()
    return os.path.relpath(root / path, root.parent)


@dataclass(frozen=True)
class ContentError(Exception):
    """A problem in one content file, worded for the person who wrote it.

    ``source`` is the file's path, ``field`` the metadata field (or a short
    description such as "body" or "encoding"), ``message`` what is wrong and
    ``fix`` what to do about it.
    """

    source: str
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"{self.source}: {self.field}: {self.message}"
        return f"{line}. Fix: {self.fix}" if self.fix else line


def report(error: ContentError) -> None:
    """Log a content problem; the build guard fails the build before writing."""
    logger.error("%s", error, extra={"content_error": error})


class BuildFailed(SystemExit):
    """Raised to stop a build that found problems.

    It derives from SystemExit so that ``pelican`` exits with status 1 and
    prints no traceback (Pelican's CLI logs ordinary exceptions with one).
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__(1)
        self.problems = problems

    def __str__(self) -> str:
        return f"{len(self.problems)} problem(s) found:\n" + "\n".join(
            f"  - {problem}" for problem in self.problems
        )
