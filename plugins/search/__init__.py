"""Search: a Pagefind index of the site, built while Pelican writes it.

Pagefind (the ``pagefind[bin]`` package ships its binary) runs as a service:
every written page that has an element marked ``data-pagefind-body`` is
handed to it as soon as it is written, so it indexes on another core while
Pelican renders the rest, and the index is written to ``pagefind/`` at the
end. The finished index is kept in ``CACHE_PATH/search/`` with the hash of
every page in it: while the pages a build writes are the same as those,
Pagefind is not started at all, and if they all are (a scheduled build, a
rebuild with nothing changed) the kept index is used instead of waiting for
Pagefind to compress it again. The search page queries the index in the
reader's browser, so nothing is sent anywhere. The theme marks posts, pages,
events and infographics, and leaves list pages out.
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

from build_guard import Claim, claim_outputs
from sitelib import BuildFailed, place, require, write_if_changed
from sitelib.settings import configure as configure_settings
from sitelib.settings import options

from .service import PagefindService, SearchIndexError
from .settings import SETTINGS

logger = logging.getLogger(__name__)

#: Bump when the way the cached index is keyed or stored changes.
CACHE_VERSION = 1

#: A start tag carrying data-pagefind-body (text in a page has its < escaped).
_INDEXED = re.compile(r"<[a-zA-Z][^>]*\sdata-pagefind-body[\s>=/]")


class _Session:
    """The index being built in the current build, if any.

    Module-level because ``content_written`` only passes the page's path and
    context; it is reset when each build starts and closed when it ends."""

    service: PagefindService | None = None
    failure: str | None = None
    #: The Pagefind binary and index options of this build (see ``made_with``).
    origin: str | None = None
    #: Each indexed page written in this build (path in the site: SHA-256).
    pages: ClassVar[dict[str, str]] = {}
    #: The pages the kept index was made from, if made with the same origin;
    #: None until the first indexed page is written.
    previous: ClassVar[dict[str, str] | None] = None
    #: Pages written so far exactly as the kept index has them: Pagefind is
    #: only started (and sent these) once a page differs.
    unsent: ClassVar[list[str]] = []

    @classmethod
    def reset(cls) -> None:
        if cls.service is not None:
            cls.service.close()
        cls.service, cls.failure, cls.origin = None, None, None
        cls.pages, cls.previous, cls.unsent = {}, None, []


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_indexed(html: str) -> bool:
    """Whether a written page asks to be in the search index."""
    return "data-pagefind-body" in html and _INDEXED.search(html) is not None


def _start(settings: dict[str, Any]) -> PagefindService | None:
    if _Session.service is None and _Session.failure is None:
        chosen = options(settings, SETTINGS)
        try:
            _Session.service = PagefindService(
                chosen["SEARCH_PAGEFIND_CONFIG"], chosen["SEARCH_TIMEOUT"]
            )
        except SearchIndexError as exc:
            _Session.failure = str(exc)
    return _Session.service


def _service(settings: dict[str, Any]) -> PagefindService | None:
    """Pagefind's service, started if need be and sent every page held back."""
    service = _start(settings)
    if service is not None and _Session.unsent:
        output = Path(settings["OUTPUT_PATH"])
        unsent, _Session.unsent = _Session.unsent, []
        try:
            for relative in unsent:
                html = (output / relative).read_text(encoding="utf-8")
                service.add_page(relative, html)
        except SearchIndexError as exc:
            _Session.failure = str(exc)
    return service


def configure(pelican: Any) -> None:
    require(pelican, plugin="search", plugins=("build_guard",))
    _Session.reset()
    configure_settings(pelican.settings, SETTINGS)


def claim_index(generators: list[Any]) -> None:
    """Pagefind writes the folder ``pagefind/``: nothing else may."""
    if generators and options(generators[0].settings, SETTINGS)["SEARCH_ENABLED"]:
        claim_outputs(
            generators[0].context, [Claim("pagefind/", "the search index (Pagefind)")]
        )


def add_page(path: str, context: dict[str, Any]) -> None:
    """Hand a page just written to Pagefind, if it is one to index. While
    every page is the same as in the kept index, none is sent."""
    if not path.endswith(".html") or not options(context, SETTINGS)["SEARCH_ENABLED"]:
        return
    html = Path(path).read_text(encoding="utf-8")
    if not is_indexed(html):
        return
    relative = os.path.relpath(path, context["OUTPUT_PATH"]).replace(os.sep, "/")
    digest = _sha256(html.encode("utf-8"))
    _Session.pages[relative] = digest
    if _Session.service is None and _previous_pages(context).get(relative) == digest:
        _Session.unsent.append(relative)
        return
    if (service := _service(context)) is None:
        return
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


def made_with(config: dict[str, Any], pagefind: str) -> str:
    """A digest of how an index is made: the index options and which
    Pagefind (version, binary) makes it."""
    origin = {"cache": CACHE_VERSION, "pagefind": pagefind, "config": config}
    return _sha256(json.dumps(origin, sort_keys=True).encode("utf-8"))


def index_digest(pages: dict[str, str], origin: str) -> str:
    """What an index is made from: every page's path and hash, and how it is
    made (``made_with``). Equal digests, equal indexes."""
    made_from = {"origin": origin, "pages": sorted(pages.items())}
    return _sha256(json.dumps(made_from).encode("utf-8"))


def _pagefind_identity() -> str:
    binary = get_executable()
    stat = binary.stat() if binary is not None and binary.is_file() else None
    detail = f"{stat.st_size}:{stat.st_mtime_ns}" if stat is not None else "none"
    return f"{version('pagefind')} {binary} {detail}"


def _origin(settings: dict[str, Any]) -> str:
    if _Session.origin is None:
        _Session.origin = made_with(
            options(settings, SETTINGS)["SEARCH_PAGEFIND_CONFIG"], _pagefind_identity()
        )
    return _Session.origin


def _cache(settings: dict[str, Any]) -> Path:
    return Path(settings["CACHE_PATH"]) / "search"


def read_record(cache: Path) -> dict[str, Any]:
    """What ``keep_index`` recorded about the kept index ({} if nothing)."""
    try:
        record = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _previous_pages(settings: dict[str, Any]) -> dict[str, str]:
    if _Session.previous is None:
        record = read_record(_cache(settings))
        pages = record.get("pages")
        same_origin = record.get("origin") == _origin(settings)
        _Session.previous = pages if same_origin and isinstance(pages, dict) else {}
    return _Session.previous


def kept_index(cache: Path, digest: str) -> list[str] | None:
    """The files of the index kept in ``cache`` if it was made from
    ``digest`` and every file is still as it was written, else None."""
    record = read_record(cache)
    if record.get("digest") != digest:
        return None
    try:
        hashes: dict[str, str] = record["files"]
        intact = all(
            _sha256((cache / "index" / name).read_bytes()) == sha256
            for name, sha256 in hashes.items()
        )
    except (OSError, KeyError, TypeError, AttributeError):
        return None
    return list(hashes) if intact else None


def keep_index(
    cache: Path, pages: dict[str, str], origin: str, files: dict[str, bytes]
) -> None:
    """Keep ``files`` in ``cache`` as the index of ``pages`` made as
    ``origin`` says. The old record goes first, so an interrupted write
    leaves no index that claims to match."""
    record = cache / "index.json"
    record.unlink(missing_ok=True)
    mirror(files, cache / "index")
    kept = {
        "digest": index_digest(pages, origin),
        "origin": origin,
        "pages": pages,
        "files": {name: _sha256(data) for name, data in files.items()},
    }
    record.write_text(json.dumps(kept), "utf-8")


def write_index(settings: dict[str, Any]) -> int:
    """Put the finished index into ``pagefind/`` (hard links into the cache,
    like the images) and return how many files were put there. The index
    kept from an earlier build is used when the pages are the same."""
    cache = _cache(settings)
    folder = Path(settings["OUTPUT_PATH"]) / "pagefind"
    names = kept_index(cache, index_digest(_Session.pages, _origin(settings)))
    if names is None:
        service = _service(settings)
        if service is None or _Session.failure is not None:
            raise SearchIndexError(_Session.failure or "Pagefind did not start")
        files = service.index_files()
        try:
            keep_index(cache, _Session.pages, _origin(settings), files)
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
    if not options(settings, SETTINGS)["SEARCH_ENABLED"]:
        return
    try:
        if _Session.failure is None:
            written = write_index(settings)
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
    signals.all_generators_finalized.connect(claim_index)
    signals.content_written.connect(add_page)
    signals.finalized.connect(index_site)
