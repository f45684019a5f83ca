"""A response's text as safe HTML: Markdown, then the guest posts' allowlist
with the stricter response tags (no images, no headings above h4), links
``rel="nofollow ugc noopener noreferrer"``, every email address removed.

Reading and rendering are the costly part of a build with many responses,
so each file that was read without a problem is kept in
``CACHE_PATH/responses/responses.json`` (its fields and HTML) under a hash of
its whole text and the settings its reading depends on; the cache is read
and written once per build, and a file with a problem is never kept.

On a first build with many responses (an empty cache) ``prerender`` reads
and renders the files the cache lacks in one worker process while Pelican
reads the articles; it calls the same ``read_response`` as the generator.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import markdown

from guest_posts.sanitise import RESPONSE_TAGS, sanitise_html
from sitelib import (
    ContentError,
    normalise_newlines,
    plain_text,
    remove_addresses,
    unreadable,
    write_if_changed,
)

from .model import Response, parse_response, to_entry

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


@dataclass(frozen=True)
class ReadOptions:
    """The settings reading a response file depends on (all in its key)."""

    timezone: str
    anonymous_name: str
    max_characters: int
    link_rel: str


def response_key(data: bytes, post_slug: str, file_name: str, how: ReadOptions) -> str:
    """The cache key of a response file's bytes."""
    return cache_key(
        data,
        post_slug,
        file_name,
        how.timezone,
        how.anonymous_name,
        how.max_characters,
        how.link_rel,
    )


def read_response(
    data: bytes,
    source: str,
    post_slug: str,
    file_name: str,
    how: ReadOptions,
    converter: markdown.Markdown,
) -> tuple[Response | None, list[ContentError]]:
    """A response file's bytes decoded, checked and (if approved) rendered."""
    try:
        text = normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, [unreadable(source, exc)]
    response, errors = parse_response(
        text,
        source=source,
        post_slug=post_slug,
        file_name=file_name,
        timezone=how.timezone,
        anonymous_name=how.anonymous_name,
        max_characters=how.max_characters,
    )
    if response is not None and response.approved:
        response.html = render(response.body, how.link_rel, converter)
        response.text = plain_text(response.html)
    return response, errors


def count_files(root: str | Path, enough: int) -> int:
    """How many ``.md`` files ``root``'s folders hold, counting up to ``enough``."""
    found = 0
    try:
        with os.scandir(root) as folders:
            for folder in folders:
                if not folder.is_dir():
                    continue
                with os.scandir(folder.path) as entries:
                    found += sum(
                        1 for entry in entries if entry.name.lower().endswith(".md")
                    )
                if found >= enough:
                    break
    except OSError:
        pass  # the generator reports what it cannot read
    return found


def prerender(
    root: str, how: ReadOptions, known: Collection[str]
) -> dict[str, dict[str, str]]:
    """The cache entries of ``root``'s response files whose keys are not in
    ``known``, read as the generator reads them; files with a problem are left
    out (the generator reads them again and reports them)."""
    converter = markdown.Markdown(output_format="html5")
    made: dict[str, dict[str, str]] = {}
    with os.scandir(root) as folders:
        found = [folder for folder in folders if folder.is_dir()]
    for folder in found:
        with os.scandir(folder.path) as entries:
            files = [e for e in entries if e.name.lower().endswith(".md")]
        for entry in files:
            if entry.is_dir():
                continue
            try:
                data = Path(entry.path).read_bytes()
            except OSError:
                continue
            key = response_key(data, folder.name, entry.name, how)
            if key in known or key in made:
                continue
            response, _ = read_response(
                data, entry.path, folder.name, entry.name, how, converter
            )
            if response is not None:
                made[key] = to_entry(response)
    return made


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

    def add(self, entries: dict[str, dict[str, str]]) -> None:
        """Entries read ahead of the build (``prerender``): found by ``get``
        as the last build's are, and kept only if this build uses them."""
        self.old.update(entries)

    def put(self, key: str, entry: dict[str, str]) -> None:
        self.used[key] = entry

    def save(self) -> None:
        save_cache(self.cache_path, self.used)
