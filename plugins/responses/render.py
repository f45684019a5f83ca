"""A response's text as safe HTML: Markdown, then the guest posts' allowlist
with the stricter response tags (no images, no headings above h4), links
``rel="nofollow ugc noopener noreferrer"``, every email address removed.

Reading and rendering are the costly part of a build with many responses,
so each file that was read without a problem is kept in
``CACHE_PATH/responses/responses.json`` (its fields and HTML) under a hash of
its whole text and the settings its reading depends on; the cache is read
and written once per build, and a file with a problem is never kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import markdown

from guest_posts.sanitise import RESPONSE_TAGS, sanitise_html
from sitelib import remove_addresses, write_if_changed

logger = logging.getLogger(__name__)

#: Bump when rendering changes, so cached HTML is made again.
VERSION = "3"
CACHE_FILE = Path("responses") / "responses.json"


def render(body: str, link_rel: str, converter: markdown.Markdown) -> str:
    """``body`` (Markdown from a reader) as sanitised HTML."""
    converter.reset()
    html = converter.convert(remove_addresses(body))
    # Again after sanitising: an address written with entities is plain now.
    return remove_addresses(
        sanitise_html(html, link_rel, ids=False, tags=RESPONSE_TAGS)
    )


def cache_key(data: bytes, *settings: object) -> str:
    """The key of a response file's bytes read with ``settings``."""
    head = "\0".join(str(value) for value in (VERSION, *settings))
    return hashlib.sha256(head.encode() + b"\0" + data).hexdigest()


def load_cache(cache_path: str | Path) -> dict[str, dict[str, str]]:
    """What the last build kept (empty if none or unreadable)."""
    try:
        data = json.loads((Path(cache_path) / CACHE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_cache(cache_path: str | Path, entries: dict[str, dict[str, str]]) -> None:
    """Keep what this build read (only that: deleted files are forgotten)."""
    path = Path(cache_path) / CACHE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(entries, sort_keys=True, ensure_ascii=False).encode()
    if write_if_changed(path, data):
        logger.debug("responses: wrote %s", path)


class ResponseCache:
    """One build's use of the cache: ``get`` a file's entry by its key,
    ``put`` what was read, ``save`` at the end."""

    def __init__(self, cache_path: str | Path) -> None:
        self.cache_path = cache_path
        self.old = load_cache(cache_path)
        self.used: dict[str, dict[str, str]] = {}

    def get(self, key: str) -> dict[str, str] | None:
        entry = self.old.get(key)
        if isinstance(entry, dict):
            self.used[key] = entry
            return entry
        return None

    def put(self, key: str, entry: dict[str, str]) -> None:
        self.used[key] = entry

    def save(self) -> None:
        save_cache(self.cache_path, self.used)
