"""Search: a Pagefind index of the site, built while Pelican writes it.

Pagefind (the ``pagefind[bin]`` package ships its binary) runs as a service
for the whole build: every written page that has an element marked
``data-pagefind-body`` is handed to it as soon as it is written, so it
indexes on another core while Pelican renders the rest, and the index is
written to ``pagefind/`` at the end (only files that changed). The search
page queries it in the reader's browser, so nothing is sent anywhere. The
theme marks posts, pages, events and infographics, and leaves list pages out.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

from pelican import signals

from campaign import BuildFailed, ContentError, report, write_if_changed

from .service import PagefindService, SearchIndexError

logger = logging.getLogger(__name__)

#: Every setting the plugin reads, with its default.
DEFAULTS: dict[str, Any] = {
    # Switch indexing off (tests of other features, quick previews).
    "SEARCH_ENABLED": True,
    # Seconds Pagefind may take before the build fails.
    "SEARCH_TIMEOUT": 120,
    # Pagefind's index options, e.g. {"force_language": "en"} or
    # {"exclude_selectors": [".donate"]}.
    "SEARCH_PAGEFIND_CONFIG": {},
}

#: The Pagefind index options the service accepts, with their types.
PAGEFIND_CONFIG_TYPES: dict[str, type] = {
    "root_selector": str,
    "exclude_selectors": list,
    "force_language": str,
    "include_characters": str,
    "keep_index_url": bool,
}

#: A start tag carrying data-pagefind-body (text in a page has its < escaped).
_INDEXED = re.compile(r"<[a-zA-Z][^>]*\sdata-pagefind-body[\s>=/]")


def _problem(name: str, message: str, fix: str) -> ContentError:
    return ContentError("pelicanconf.py", name, message, fix)


def validate_settings(settings: dict[str, Any]) -> list[ContentError]:
    """Problems with the SEARCH_* settings (defaults already applied)."""
    problems = []
    if not isinstance(settings["SEARCH_ENABLED"], bool):
        problems.append(
            _problem("SEARCH_ENABLED", "must be True or False", "use True or False")
        )
    timeout = settings["SEARCH_TIMEOUT"]
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or timeout <= 0
    ):
        problems.append(
            _problem(
                "SEARCH_TIMEOUT",
                f"{timeout!r} is not a number of seconds",
                "use e.g. 120",
            )
        )
    config = settings["SEARCH_PAGEFIND_CONFIG"]
    if not isinstance(config, dict) or not all(
        isinstance(config[name], PAGEFIND_CONFIG_TYPES.get(name, ())) for name in config
    ):
        problems.append(
            _problem(
                "SEARCH_PAGEFIND_CONFIG",
                f"{config!r} is not a dict of Pagefind index options",
                "use keys from "
                + ", ".join(PAGEFIND_CONFIG_TYPES)
                + ', e.g. {"force_language": "en"}',
            )
        )
    return problems


class _Session:
    """The index being built in the current build, if any.

    Module-level because ``content_written`` only passes the page's path and
    context; it is reset when each build starts and closed when it ends."""

    service: PagefindService | None = None
    failure: str | None = None

    @classmethod
    def reset(cls) -> None:
        if cls.service is not None:
            cls.service.close()
        cls.service, cls.failure = None, None


def is_indexed(html: str) -> bool:
    """Whether a written page asks to be in the search index."""
    return "data-pagefind-body" in html and _INDEXED.search(html) is not None


def _start(settings: dict[str, Any]) -> PagefindService | None:
    if _Session.service is None and _Session.failure is None:
        try:
            _Session.service = PagefindService(
                settings["SEARCH_PAGEFIND_CONFIG"], settings["SEARCH_TIMEOUT"]
            )
        except SearchIndexError as exc:
            _Session.failure = str(exc)
    return _Session.service


def configure(pelican: Any) -> None:
    _Session.reset()
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    for problem in validate_settings(settings):
        report(problem)


def add_page(path: str, context: dict[str, Any]) -> None:
    """Hand a page just written to Pagefind, if it is one to index."""
    if context.get("SEARCH_ENABLED") is not True or not path.endswith(".html"):
        return
    html = Path(path).read_text(encoding="utf-8")
    if not is_indexed(html) or (service := _start(context)) is None:
        return
    relative = os.path.relpath(path, context["OUTPUT_PATH"]).replace(os.sep, "/")
    try:
        service.add_page(relative, html)
    except SearchIndexError as exc:
        _Session.failure = str(exc)


def write_index(files: dict[str, bytes], folder: Path) -> int:
    """Make ``folder`` hold exactly ``files``; return how many were written
    (a file already there with the same bytes is left alone)."""
    written = sum(
        write_if_changed(folder / relative, data) for relative, data in files.items()
    )
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file() and path.relative_to(folder).as_posix() not in files:
                path.unlink()
    return written


def index_site(pelican: Any) -> None:
    """Write the index once every page is written; a failure fails the build."""
    settings = pelican.settings
    if settings.get("SEARCH_ENABLED") is not True:
        return
    try:
        service = _start(settings)  # a site with nothing to index: an empty index
        if service is not None and _Session.failure is None:
            written = write_index(
                service.index_files(), Path(settings["OUTPUT_PATH"]) / "pagefind"
            )
            logger.info(
                "search: indexed %s with Pagefind (%d index files written)",
                settings["OUTPUT_PATH"],
                written,
            )
            return
    except SearchIndexError as exc:
        _Session.failure = str(exc)
    finally:
        detail = _Session.failure
        _Session.reset()
    message = (
        f"search: {detail}. Fix: install it with 'pip install pagefind[bin]', "
        "or set SEARCH_ENABLED = False"
    )
    logger.critical("Build stopped: %s", message)
    raise BuildFailed([message])


def register() -> None:
    signals.initialized.connect(configure)
    signals.content_written.connect(add_page)
    signals.finalized.connect(index_site)
