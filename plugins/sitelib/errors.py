"""The error type every plugin uses to say what is wrong with a content file."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


def source_label(path: str | os.PathLike[str], content_root: str) -> str:
    """How a content file is named in messages: relative to the project,
    e.g. ``content/posts/x.md``, whether Pelican gave it absolute or relative
    to ``PATH``."""
    root = Path(content_root).absolute()
    base, text = str(root), os.fspath(path)
    # The common case, without relpath's normalising (a build names every
    # content file, 6,000 for a site with 1,000 posts and their responses):
    # a plain path inside the root, given absolute or relative to it.
    full = text if text.startswith(base + os.sep) else f"{base}{os.sep}{text}"
    rest = full[len(base) :]
    if root.name and f"{os.sep}." not in base + rest and os.sep * 2 not in rest:
        return root.name + rest
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


#: The forms a date may be written in, as messages name them.
DATE_FORMS = ("YYYY-MM-DD", "YYYY-MM-DD HH:MM")
_PELICAN_BAD_DATE = re.compile(r"'(.*)' is not a valid date")


def date_error(
    source: str,
    field: str,
    value: object,
    forms: Sequence[str] = DATE_FORMS,
    example: str = "2026-03-21 09:30",
) -> ContentError:
    """The one wording for a value that is not a date: the value, the forms
    accepted and an example, e.g. ``Date: 'someday' is not a date. Fix:
    write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-03-21 09:30``."""
    return ContentError(
        source,
        field,
        f"'{value}' is not a date",
        f"write it as {' or '.join(forms)}, e.g. {example}",
    )


def unreadable(source: str, exc: BaseException | None) -> ContentError:
    """The problem a reader's exception means for the file's author: its own
    ``ContentError``, a file that is not UTF-8, a ``Date`` Pelican could not
    read (worded by :func:`date_error`), or else the first line of the
    exception's text."""
    if isinstance(exc, ContentError):
        return exc  # a reader refused the file, and said why
    if isinstance(exc, UnicodeDecodeError):
        return ContentError(
            source,
            "encoding",
            "the file is not valid UTF-8",
            "open it in your editor and save it with UTF-8 encoding",
        )
    if exc is None:
        detail = "it could not be read"
    else:
        detail = (str(exc).splitlines() or [repr(exc)])[0]
    match = _PELICAN_BAD_DATE.search(detail)
    if match:
        return date_error(source, "Date", match.group(1))
    return ContentError(
        source, "file", detail, "check the metadata block at the top of the file"
    )


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
