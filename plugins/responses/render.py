"""A response's text as safe HTML: Markdown, then the guest posts' allowlist
with the stricter response tags (no images, no headings above h4), links
``rel="nofollow ugc noopener noreferrer"``, every email address removed.

Rendering is the costly part of a build with many responses, so the HTML is
kept in ``CACHE_PATH/responses/html.json`` under a hash of the text and the
settings it depends on; the cache is read and written once per build.
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
VERSION = "1"
CACHE_FILE = Path("responses") / "html.json"


def render(body: str, link_rel: str, converter: markdown.Markdown) -> str:
    """``body`` (Markdown from a reader) as sanitised HTML."""
    converter.reset()
    html = converter.convert(remove_addresses(body))
    # Again after sanitising: an address written with entities is plain now.
    return remove_addresses(
        sanitise_html(html, link_rel, ids=False, tags=RESPONSE_TAGS)
    )


def cache_key(body: str, link_rel: str) -> str:
    return hashlib.sha256(f"{VERSION}\0{link_rel}\0{body}".encode()).hexdigest()


def load_cache(cache_path: str | Path) -> dict[str, str]:
    """The rendered HTML kept by the last build (empty if none or unreadable)."""
    try:
        data = json.loads((Path(cache_path) / CACHE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_cache(cache_path: str | Path, entries: dict[str, str]) -> None:
    """Keep this build's rendered HTML (only what this build used)."""
    path = Path(cache_path) / CACHE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(entries, sort_keys=True, ensure_ascii=False).encode()
    if write_if_changed(path, data):
        logger.debug("responses: wrote %s", path)


class Renderer:
    """Renders responses for one build, reusing the cache."""

    def __init__(self, cache_path: str | Path, link_rel: str) -> None:
        self.cache_path = cache_path
        self.link_rel = link_rel
        self.old = load_cache(cache_path)
        self.used: dict[str, str] = {}
        self.converter = markdown.Markdown(output_format="html5")

    def __call__(self, body: str) -> str:
        key = cache_key(body, self.link_rel)
        html = self.old.get(key)
        if not isinstance(html, str):
            html = render(body, self.link_rel, self.converter)
        self.used[key] = html
        return html

    def save(self) -> None:
        save_cache(self.cache_path, self.used)
