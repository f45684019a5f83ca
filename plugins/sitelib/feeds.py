"""Atom and RSS feeds for a section of the site (events, infographics), made
with feedgen: one way to build them and one way to write them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from .files import write_if_changed


@dataclass(frozen=True)
class FeedEntry:
    """One item; ``url`` is absolute and is also its id and permalink guid."""

    url: str
    title: str
    published: datetime
    updated: datetime
    author: str
    summary: str
    content_html: str
    #: (term, label) of the entry's category, if it has one.
    category: tuple[str, str] | None = None


@dataclass(frozen=True)
class FeedInfo:
    """The feed itself. ``feed_id`` and ``alternate_url`` (the page the feed
    follows) are absolute URLs; each file's own URL is ``feed_domain/path``."""

    feed_id: str
    title: str
    subtitle: str
    author: str
    alternate_url: str
    feed_domain: str


def newest_first(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    """The one entry order of every feed: newest first (ties by URL)."""
    return sorted(entries, key=lambda e: (e.published, e.url), reverse=True)


def build_feed(
    info: FeedInfo,
    entries: Iterable[FeedEntry],
    settings: Mapping[str, Any],
    *,
    max_items: int | None,
    fallback_updated: datetime,
) -> FeedGenerator:
    """A feed of the newest ``max_items`` of ``entries`` (all for None), in
    the site's ``DEFAULT_LANG``. It is dated by its newest entry, not the
    clock (``fallback_updated`` when it has none), so an unchanged site
    gives an identical feed."""
    items = newest_first(entries)[:max_items]
    feed = FeedGenerator()
    # RSS <author> must be an e-mail address; dc:creator carries a name.
    feed.load_extension("dc", atom=False, rss=True)
    feed.id(info.feed_id)
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    feed.author({"name": info.author})
    feed.language(settings.get("DEFAULT_LANG") or "en")
    newest = max((e.updated for e in items), default=fallback_updated)
    feed.updated(newest)
    feed.lastBuildDate(newest)
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(item.url)
        entry.guid(item.url, permalink=True)
        entry.title(item.title)
        entry.link(href=item.url)
        entry.published(item.published)
        entry.updated(item.updated)
        entry.author({"name": item.author})
        entry.dc.dc_creator(item.author)
        entry.summary(item.summary)
        entry.content(item.content_html, type="html")
        if item.category:
            term, label = item.category
            entry.category(term=term, label=label)
    return feed


def write_feed(
    feed: FeedGenerator,
    info: FeedInfo,
    output: Path,
    *,
    atom: str | None,
    rss: str | None,
) -> list[Path]:
    """Write ``feed`` (from :func:`build_feed`) as Atom to ``output/atom`` and
    as RSS to ``output/rss`` (either may be None for none), each linking to
    itself, atomically and only if its bytes changed; the files written."""
    written = []
    for path, serialise in ((atom, feed.atom_str), (rss, feed.rss_str)):
        if path:
            # feedgen takes RSS's one <link> from the last link: self first.
            links = [
                {"href": f"{info.feed_domain}/{path}", "rel": "self"},
                {"href": info.alternate_url, "rel": "alternate"},
            ]
            feed.link(links, replace=True)
            target = Path(output) / path
            if write_if_changed(target, serialise(pretty=True)):
                written.append(target)
    return written


def publish_feed(
    info: FeedInfo,
    entries: Iterable[FeedEntry],
    settings: Mapping[str, Any],
    output: Path,
    *,
    atom: str | None,
    rss: str | None,
    max_items: int | None,
    fallback_updated: datetime,
) -> list[Path]:
    """A section's feed built (:func:`build_feed`) and written
    (:func:`write_feed`) in one step, the way every plugin's feed is made;
    the files written."""
    feed = build_feed(
        info,
        entries,
        settings,
        max_items=max_items,
        fallback_updated=fallback_updated,
    )
    return write_feed(feed, info, output, atom=atom, rss=rss)
