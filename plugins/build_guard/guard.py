"""The build guard: every problem in one run, then a non-zero exit before writing.

Pelican logs broken input (a post with no title, an unresolved ``{filename}``
link, an image with no alt text, two posts with one slug) and carries on, so
the output is silently wrong. The guard collects those records, and every
``ContentError`` our plugins report, translates each into one line that names
the file, the field and the fix, and stops the build before anything is
written.
"""

from __future__ import annotations

import html
import logging
import sys
from collections.abc import Iterable
from typing import Any

from pelican import signals
from pelican.log import LimitFilter

from sitelib.content import CONTENT_LISTS, iter_content
from sitelib.errors import (
    BuildFailed,
    ContentError,
    report,
    source_label,
    unreadable,
)
from sitelib.settings import SETTINGS_FILE, configure
from sitelib.wiring import connect

from .outputs import check_outputs
from .settings import SETTINGS
from .sources import SYMLINK_OUT, audit_sources, check_unread_sources

# Pelican message templates (record.msg) that mean broken output. Matching on
# the template, not the formatted text, keeps this robust to the arguments.
_MISSING_FIELD = "Skipping %s: could not find information about '%s'"
_UNREADABLE = "Could not process %s"
_UNRESOLVED_LINK = "Unable to find '%s', skipping url replacement."
_EMPTY_ALT = "Empty alt attribute for image %s in %s"
_DUPLICATE = 'There are %s items "%s" with lang %s'
_BROKEN_OUTPUT_WARNINGS = {_UNRESOLVED_LINK, _EMPTY_ALT}


def translate(
    record: logging.LogRecord, content_root: str, current_source: str | None
) -> str | None:
    """The one-line problem a log record stands for, or None if it is not one."""
    error = getattr(record, "content_error", None)
    if isinstance(error, ContentError):
        return str(error)
    args = record.args if isinstance(record.args, tuple) else ()
    if record.msg == _MISSING_FIELD and len(args) == 2:
        source = source_label(
            str(getattr(args[0], "source_path", args[0])), content_root
        )
        field = str(args[1]).title()
        return str(
            ContentError(
                source,
                field,
                "is missing",
                f"add a line '{field}: …' to the metadata block at the top",
            )
        )
    if record.msg == _UNREADABLE and args:
        return _unreadable(source_label(str(args[0]), content_root))
    if record.msg == _UNRESOLVED_LINK and args:
        # Pelican reads the link from HTML, so it is still escaped (&quot;).
        target = html.unescape(str(args[0]))
        return str(
            ContentError(
                source_label(current_source, content_root)
                if current_source
                else "content/ (a file whose summary or metadata has the link)",
                "link",
                f"'{target}' does not match any file in content/",
                "correct the path after {filename} or {static} "
                "(it is relative to this file, or to content/ if it starts with /)",
            )
        )
    if record.msg == _EMPTY_ALT and len(args) == 2:
        return str(
            ContentError(
                source_label(str(args[1]), content_root),
                "image alt text",
                f"image '{html.unescape(str(args[0]))}' has no alt text",
                "describe the image between the square brackets: ![what it shows](…)",
            )
        )
    if record.msg.startswith(_DUPLICATE) and len(args) >= 3:
        paths = [source_label(str(p), content_root) for p in args[3:]]
        return str(
            ContentError(
                " and ".join(paths),
                "Slug",
                f"{args[0]} posts or pages share the slug "
                f"'{args[1].split()[-1].strip(chr(34))}'",
                "give one of them a different Title or an explicit 'Slug:' line",
            )
        )
    if record.levelno >= logging.ERROR:
        return record.getMessage().splitlines()[0]
    return None


def _unreadable(source: str) -> str:
    return str(unreadable(source, sys.exc_info()[1]))


class ProblemCollector(logging.Handler):
    """Collects the problems logged during one build."""

    def __init__(self, content_root: str) -> None:
        super().__init__(level=logging.WARNING)
        self.content_root = content_root
        self.current_source: str | None = None
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.ERROR and not (
            record.msg in _BROKEN_OUTPUT_WARNINGS or record.msg.startswith(_DUPLICATE)
        ):
            return
        line = translate(record, self.content_root, self.current_source)
        if line and line not in self.problems:
            self.problems.append(line)


def _collector() -> ProblemCollector | None:
    return next(
        (h for h in logging.getLogger().handlers if isinstance(h, ProblemCollector)),
        None,
    )


def _remove_collectors() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, ProblemCollector):
            root.removeHandler(handler)


def start_build(pelican: Any) -> None:
    """Install a fresh collector (nothing from an earlier build carries
    over), then check this plugin's settings like every other plugin's."""
    _remove_collectors()
    # Pelican's de-duplicating log filter keeps class-level state (it would hide
    # a repeat of last build's problem) and stops after 5 of a kind; we want
    # every problem of this build reported.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    LimitFilter._threshold = 10_000
    logging.getLogger().addHandler(ProblemCollector(pelican.settings["PATH"]))
    configure(pelican.settings, SETTINGS)
    # Connected here, after every plugin's own receivers, so that it runs
    # once they have all claimed their outputs (connecting twice is a no-op).
    signals.all_generators_finalized.connect(check_outputs)


def before_reading(pelican: Any) -> None:
    """``get_generators``: the first signal after every plugin's
    ``initialized`` receivers ran, before any generator reads a file.

    A bad setting (reported by each plugin's ``sitelib.settings.configure``)
    stops the build here. Then the source audit: nothing outside content/, no
    invisible characters, no active files, no image bombs. A symlink or path
    setting out of content/ stops the build at once, before any generator
    reads through it; the rest are reported with every other problem and
    stop the build before writing."""
    stop_if_problems()
    sources = audit_sources(pelican.settings)
    for error in sources:
        report(error)
    if any(
        error.source == SETTINGS_FILE or error.message.startswith(SYMLINK_OUT)
        for error in sources
    ):
        stop_if_problems()


def render_all_content(generators: Iterable[Any]) -> None:
    """Render every article and page now, so unresolved links are reported
    before writing and attributed to the file they are in."""
    collector = _collector()
    for generator in generators:
        # A plugin's generator names its own lists in ``guard_content_lists``.
        lists = (*CONTENT_LISTS, *getattr(generator, "guard_content_lists", ()))
        for content in iter_content(generator, lists):
            if collector:
                collector.current_source = content.source_path
            # Links in the summary and other formatted metadata are resolved
            # here, with the file known, not later by Pelican without it.
            content.refresh_metadata_intersite_links()
            _ = content.content
            _ = content.summary
    if collector:
        collector.current_source = None


def stop_if_problems(_sender: Any = None) -> None:
    """Fail the build, before anything is written, if any problem was logged."""
    collector = _collector()
    if collector and collector.problems:
        failure = BuildFailed(list(collector.problems))
        _remove_collectors()
        logging.getLogger(__name__).critical("Build stopped: %s", failure)
        raise failure


def finish_build(_pelican: Any) -> None:
    stop_if_problems()
    _remove_collectors()


def register() -> None:
    connect(
        {
            "initialized": start_build,
            "get_generators": before_reading,
            "all_generators_finalized": (render_all_content, check_unread_sources),
            "get_writer": stop_if_problems,
            "finalized": finish_build,
        }
    )
