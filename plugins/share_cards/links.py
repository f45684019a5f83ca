"""Plain share links: no scripts, nothing loads until the reader clicks."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote


def share_links(
    url: str, title: str, templates: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(label, href) pairs: each template with ``{url}``, ``{title}`` and
    ``{text}`` (title and URL together) filled in, percent-encoded."""
    values = {
        "url": quote(url, safe=""),
        "title": quote(title, safe=""),
        "text": quote(f"{title} {url}", safe=""),
    }
    return [(label, template.format(**values)) for label, template in templates]
