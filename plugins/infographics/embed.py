"""Embedding an infographic in a post or page with one line of Markdown.

A paragraph that is only ``[infographic: slug]`` becomes the infographic's
responsive figure, linking to its page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from sitelib import ContentError

#: Markdown turns the line into a paragraph of its own.
EMBED = re.compile(r"<p>\s*\[infographic:\s*([^\]\s]+)\s*\]\s*</p>")


def embedded_slugs(html: str) -> list[str]:
    return EMBED.findall(html)


def replace_embeds(html: str, render: Callable[[str], str]) -> str:
    return EMBED.sub(lambda match: render(match.group(1)), html)


def forget_rendered(content: Any) -> None:
    # Content.get_content/get_summary are memoized per (object, siteurl); drop
    # any value a plugin computed before the embeds were put in.
    for method in (type(content).get_content, type(content).get_summary):
        cache = getattr(method, "cache", None)
        if cache is not None:
            for key in [k for k in cache if k and k[0] is content]:
                del cache[key]


def embed_all(
    contents: Iterable[Any],
    known: dict[str, Any],
    render: Callable[[Any, Any], str],
    label: Callable[[Any], str],
) -> list[ContentError]:
    """Replace every embed in ``contents`` with ``render(infographic,
    content)``; return a problem per unknown slug."""
    errors: list[ContentError] = []
    for content in contents:
        html = getattr(content, "_content", "") or ""
        slugs = embedded_slugs(html)
        if not slugs:
            continue
        missing = [slug for slug in slugs if slug not in known]
        for slug in missing:
            errors.append(
                ContentError(
                    label(content),
                    "infographic embed",
                    f"there is no infographic with the slug '{slug}'",
                    "use the slug of one in content/infographics/ (known: "
                    + (", ".join(sorted(known)) or "none")
                    + ")",
                )
            )
        if missing:
            continue
        content._content = replace_embeds(
            html, lambda slug, content=content: render(known[slug], content)
        )
        forget_rendered(content)
    return errors
