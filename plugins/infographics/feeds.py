"""Atom and RSS feeds of infographics: their entries (sitelib writes them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sitelib import FeedEntry, FeedInfo


def feed_info(settings: dict[str, Any], index_url: str, domain: str) -> FeedInfo:
    """The infographics feed; ``domain`` is ``FEED_DOMAIN`` or ``SITEURL``."""
    sitename = settings.get("SITENAME", "")
    return FeedInfo(
        feed_id=f"{domain}/{index_url}",
        title=f"{sitename}: infographics",
        subtitle=settings.get("SITESUBTITLE") or f"Infographics from {sitename}",
        author=settings.get("AUTHOR") or sitename,
        alternate_url=f"{domain}/{index_url}",
        feed_domain=domain,
    )


def feed_entries(
    infographics: Sequence[Any],
    settings: dict[str, Any],
    domain: str,
    content_html: Callable[[Any], str],
) -> list[FeedEntry]:
    """One entry per infographic; URLs are absolute, under ``domain``."""
    fallback_author = settings.get("AUTHOR") or settings.get("SITENAME", "")
    return [
        FeedEntry(
            url=f"{domain}/{info.url}",
            title=info.title,
            published=info.date,
            updated=info.date,
            author=str(getattr(info, "author", "") or fallback_author),
            summary=info.alt,
            content_html=content_html(info),
            category=(info.survey.slug, info.survey.name),
        )
        for info in infographics
    ]
