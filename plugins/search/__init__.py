"""Search: a Pagefind index of the site, built while Pelican writes it.

Pagefind (the ``pagefind[bin]`` package ships its binary) runs as a service
for the whole build: every written page that has an element marked
``data-pagefind-body`` is handed to it as soon as it is written, so it
indexes on another core while Pelican renders the rest, and the index is
written to ``pagefind/`` at the end (only files that changed). The finished
index is kept in ``CACHE_PATH/search/`` under a digest of every indexed page,
so a build whose pages index exactly as last time (a scheduled build, a
rebuild with nothing changed) reuses it instead of waiting for Pagefind to
compress it again. The search page queries it in the reader's browser, so
nothing is sent anywhere. The theme marks posts, pages, events and
infographics, and leaves list pages out.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar

from pagefind.service import get_executable
from pelican import signals

from campaign import BuildFailed, ContentError, place, report, write_if_changed

from .service import PagefindService, SearchIndexError

logger = logging.getLogger(__name__)

#: Bump when the way the cached index is keyed or stored changes.
CACHE_VERSION = 1

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
    #: Each page handed to Pagefind (path in the site: SHA-256 of its HTML).
    pages: ClassVar[dict[str, str]] = {}

    @classmethod
    def reset(cls) -> None:
        if cls.service is not None:
            cls.service.close()
        cls.service, cls.failure, cls.pages = None, None, {}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
    _Session.pages[relative] = _sha256(html.encode("utf-8"))
    try:
        service.add_page(relative, html)
    except SearchIndexError as exc:
        _Session.failure = str(exc)


def mirror(files: dict[str, bytes], folder: Path) -> None:
    """Make ``folder`` hold exactly ``files`` (a file already there with the
    same bytes is left alone)."""
    for relative, data in files.items():
        write_if_changed(folder / relative, data)
    prune(folder, set(files))


def prune(folder: Path, keep: set[str]) -> None:
    """Remove every file in ``folder`` whose relative path is not in ``keep``."""
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file() and path.relative_to(folder).as_posix() not in keep:
                path.unlink()


def index_digest(pages: dict[str, str], config: dict[str, Any], pagefind: str) -> str:
    """What the index is made from: every page's path and hash, the index
    options and which Pagefind made it. Equal digests, equal indexes."""
    made_from = {
        "cache": CACHE_VERSION,
        "pagefind": pagefind,
        "config": config,
        "pages": sorted(pages.items()),
    }
    return _sha256(json.dumps(made_from, sort_keys=True).encode("utf-8"))


def _pagefind_identity() -> str:
    binary = get_executable()
    stat = binary.stat() if binary is not None and binary.is_file() else None
    detail = f"{stat.st_size}:{stat.st_mtime_ns}" if stat is not None else "none"
    return f"{version('pagefind')} {binary} {detail}"


def kept_index(cache: Path, digest: str) -> list[str] | None:
    """The files of the index kept in ``cache`` if it was made from
    ``digest`` and every file is still as it was written, else None."""
    try:
        kept = json.loads((cache / "index.json").read_text(encoding="utf-8"))
        if kept.get("digest") != digest:
            return None
        hashes: dict[str, str] = kept["files"]
        intact = all(
            _sha256((cache / "index" / name).read_bytes()) == sha256
            for name, sha256 in hashes.items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return list(hashes) if intact else None


def keep_index(cache: Path, digest: str, files: dict[str, bytes]) -> None:
    """Keep ``files`` in ``cache`` as the index made from ``digest``. The old
    record goes first, so an interrupted write leaves no index that claims
    to match."""
    record = cache / "index.json"
    record.unlink(missing_ok=True)
    mirror(files, cache / "index")
    hashes = {name: _sha256(data) for name, data in files.items()}
    record.write_text(json.dumps({"digest": digest, "files": hashes}), "utf-8")


def write_index(service: PagefindService, settings: dict[str, Any]) -> int:
    """Put the finished index into ``pagefind/`` (hard links into the cache,
    like the images) and return how many files were put there. The index
    kept from an earlier build is used when the pages are the same."""
    cache = Path(settings["CACHE_PATH"]) / "search"
    folder = Path(settings["OUTPUT_PATH"]) / "pagefind"
    digest = index_digest(
        _Session.pages, settings["SEARCH_PAGEFIND_CONFIG"], _pagefind_identity()
    )
    names = kept_index(cache, digest)
    if names is None:
        files = service.index_files()
        try:
            keep_index(cache, digest, files)
        except OSError as exc:  # the next build indexes again; this one is fine
            logger.warning("search: could not keep the index in %s (%s)", cache, exc)
            mirror(files, folder)
            return len(files)
        names = list(files)
    written = sum(place(cache / "index" / name, folder / name) for name in names)
    prune(folder, set(names))
    return written


def index_site(pelican: Any) -> None:
    """Write the index once every page is written; a failure fails the build."""
    settings = pelican.settings
    if settings.get("SEARCH_ENABLED") is not True:
        return
    try:
        service = _start(settings)  # a site with nothing to index: an empty index
        if service is not None and _Session.failure is None:
            written = write_index(service, settings)
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
