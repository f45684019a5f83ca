"""Atom and RSS feeds of events, newest announcement first (feedgen)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from feedgen.feed import FeedGenerator

from feed_fixes import absolutize_html

from .model import Event
from .when import when_in_words


def announced(event: Event) -> datetime:
    """When the listing went out: its Date metadata, else its start."""
    return event.announced or event.start


def updated(event: Event) -> datetime:
    return max(event.modified or announced(event), announced(event))


def feed_order(events: Sequence[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (announced(e), e.slug), reverse=True)


def build_feed(
    events: Sequence[Event],
    *,
    site_name: str,
    site_url: str,
    feed_url: str,
    alternate_url: str,
    author: str,
    site_timezone: str,
    max_items: int,
    build_time: datetime,
) -> FeedGenerator:
    """A feedgen feed; call ``atom_str``/``rss_str`` on it."""
    feed = FeedGenerator()
    # RSS <author> must be an e-mail address; dc:creator carries a name.
    feed.load_extension("dc", atom=False, rss=True)
    feed.id(feed_url)
    feed.title(f"{site_name}: events")
    feed.subtitle(f"Events from {site_name}")
    feed.author({"name": author})
    feed.link(href=alternate_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("en")
    items = feed_order(events)[:max_items]
    # Reproducible: the newest item's date, not the wall clock.
    newest = max((updated(e) for e in items), default=build_time)
    feed.updated(newest)
    feed.lastBuildDate(newest)
    # feedgen prepends each entry, so add the oldest first.
    for event in reversed(items):
        url = f"{site_url}/{event.url}"
        entry = feed.add_entry()
        entry.id(url)
        entry.guid(url, permalink=True)
        title = event.title
        if event.has_badge:
            title = f"{event.status_label}: {title}"
        entry.title(title)
        entry.link(href=url)
        when = when_in_words(event, site_timezone)
        entry.summary(f"{when}. {event.place}. {event.summary}".strip())
        body = f"<p>{escape(when)}. {escape(event.place)}.</p>{event.content}"
        entry.content(absolutize_html(body, url), type="html")
        entry.author({"name": event.organiser or author})
        entry.dc.dc_creator(event.organiser or author)
        entry.published(announced(event))
        entry.updated(updated(event))
    return feed
