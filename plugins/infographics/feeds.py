"""Atom and RSS feeds of infographics, written with feedgen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator


def build_feed(
    infographics: Sequence[Any],
    settings: dict[str, Any],
    index_url: str,
    self_url: str,
    content_html: Callable[[Any], str],
) -> FeedGenerator:
    """A feed of ``infographics`` (newest first); URLs must be absolute."""
    site = settings.get("SITEURL", "").rstrip("/")
    sitename = settings.get("SITENAME", "")
    feed = FeedGenerator()
    # Dublin Core gives RSS items an author without an email address.
    feed.load_extension("dc")
    feed.id(f"{site}/{index_url}")
    feed.title(f"{sitename}: infographics")
    feed.subtitle(settings.get("SITESUBTITLE") or f"Infographics from {sitename}")
    feed.author({"name": settings.get("AUTHOR") or sitename})
    # feedgen takes RSS's one <link> from the last link given: self first.
    feed.link(href=self_url, rel="self")
    feed.link(href=f"{site}/{index_url}", rel="alternate")
    feed.language(settings.get("DEFAULT_LANG", "en"))
    latest = max((info.date for info in infographics), default=None)
    if latest is not None:
        # The newest item's date, not the clock, so an unchanged site gives
        # an identical feed.
        feed.updated(latest)
        feed.lastBuildDate(latest)
    for info in list(infographics)[: settings.get("FEED_MAX_ITEMS") or None]:
        url = f"{site}/{info.url}"
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(info.title)
        entry.link(href=url)
        entry.published(info.date)
        entry.updated(info.date)
        author = str(getattr(info, "author", "") or settings.get("AUTHOR") or sitename)
        entry.author({"name": author})
        entry.dc.dc_creator(author)
        entry.summary(info.alt)
        entry.content(content_html(info), type="html")
        entry.category(term=info.survey.slug, label=info.survey.name)
    return feed


def write_feeds(
    feed: FeedGenerator, output: Path, atom: str | None, rss: str | None
) -> list[Path]:
    written = []
    for path, writer in ((atom, feed.atom_file), (rss, feed.rss_file)):
        if path:
            target = output / path
            target.parent.mkdir(parents=True, exist_ok=True)
            writer(str(target), pretty=True)
            written.append(target)
    return written
