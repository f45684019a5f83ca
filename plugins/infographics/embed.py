"""Embedding an infographic in a post or page with one line of Markdown.

A paragraph that is only ``[infographic: slug]`` becomes the infographic's
responsive figure, linking to its page (``sitelib.embeds`` does the work).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sitelib import ContentError, embeds

KIND = "infographic"


def embedded_slugs(html: str) -> list[str]:
    return [slug for slug in embeds.embedded_names(KIND, html) if slug]


def replace_embeds(html: str, render: Callable[[str], str]) -> str:
    return embeds.replace_embeds(KIND, html, render)


def embed_all(
    contents: Iterable[Any],
    known: dict[str, Any],
    render: Callable[[Any, Any], str],
    label: Callable[[Any], str],
) -> list[ContentError]:
    """Replace every embed in ``contents`` with ``render(infographic,
    content)``; return a problem per unknown slug."""
    return embeds.embed_all(
        contents, KIND, known, render, label, "content/infographics/", "slug"
    )
