"""Atom and RSS feeds of events: their entries, newest announcement first
(sitelib builds and writes them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from feed_fixes import absolutize_html
from sitelib import FeedEntry, FeedInfo

from .model import Event
from .when import when_in_words


def announced(event: Event) -> datetime:
    """When the listing went out: its Date metadata, else its start."""
    return event.announced or event.start


def updated(event: Event) -> datetime:
    return max(event.modified or announced(event), announced(event))


def feed_info(
    *, site_name: str, author: str, alternate_url: str, feed_domain: str, feed_id: str
) -> FeedInfo:
    """The events feed; ``feed_id`` is the Atom feed's own URL."""
    return FeedInfo(
        feed_id=feed_id,
        title=f"{site_name}: events",
        subtitle=f"Events from {site_name}",
        author=author,
        alternate_url=alternate_url,
        feed_domain=feed_domain,
    )


def feed_entries(
    events: Sequence[Event], *, site_url: str, author: str, site_timezone: str
) -> list[FeedEntry]:
    """One entry per event, dated by its announcement; a cancelled or moved
    event's title starts with its status."""
    entries = []
    for event in events:
        url = f"{site_url}/{event.url}"
        title = event.title
        if event.has_badge:
            title = f"{event.status_label}: {title}"
        when = when_in_words(event, site_timezone)
        body = f"<p>{escape(when)}. {escape(event.place)}.</p>{event.content}"
        entries.append(
            FeedEntry(
                url=url,
                title=title,
                published=announced(event),
                updated=updated(event),
                author=event.organiser or author,
                summary=f"{when}. {event.place}. {event.summary}".strip(),
                content_html=absolutize_html(body, url),
            )
        )
    return entries
