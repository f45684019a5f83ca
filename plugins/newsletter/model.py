"""A newsletter issue: what is new in a period, as data the templates show.

Pure functions: records and content objects in, an ``Issue`` (or
``ContentError``s) out. The plain-text part is made here too, from the same
``Issue`` as the HTML, so the two carry the same content and links.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sitelib import ContentError, plain_text
from sitelib.dates import long_date
from sitelib.jsonld import absolute

#: How long a line of the plain-text part is.
TEXT_WIDTH = 72


@dataclass(frozen=True)
class Image:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Entry:
    """A post, guest post or infographic; ``url`` is absolute."""

    title: str
    url: str
    when: str
    summary: str
    byline: str = ""
    image: Image | None = None


@dataclass(frozen=True)
class EventEntry:
    title: str
    url: str
    when: str
    place: str
    booking: str = ""
    status: str = ""


@dataclass(frozen=True)
class Action:
    """A call to action from ``CALLS_TO_ACTION``, its link made absolute."""

    heading: str
    text: str
    label: str
    url: str


@dataclass(frozen=True)
class Record:
    """One issue as recorded in ``content/newsletters/<date>.toml``."""

    source: str
    date: datetime
    since: datetime | None

    @property
    def slug(self) -> str:
        return self.date.date().isoformat()


@dataclass(frozen=True)
class Issue:
    record: Record
    title: str
    url: str
    save_as: str
    email_save_as: str
    text_save_as: str
    posts: tuple[Entry, ...] = ()
    guest_posts: tuple[Entry, ...] = ()
    infographics: tuple[Entry, ...] = ()
    events: tuple[EventEntry, ...] = ()
    actions: tuple[Action, ...] = ()
    counters: tuple[Any, ...] = ()

    @property
    def slug(self) -> str:
        return self.record.slug

    @property
    def date(self) -> datetime:
        return self.record.date

    @property
    def is_empty(self) -> bool:
        """Nothing new: no post, guest post or infographic in the period
        (upcoming events and calls to action alone are not an issue)."""
        return not (self.posts or self.guest_posts or self.infographics)


def moment(value: Any, zone: ZoneInfo) -> datetime | None:
    """A TOML or ISO 8601 date or date-time as an aware datetime (a bare date
    or a naive time is in ``zone``); None if it is neither."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), zone)
    return None


def parse_record(
    data: Mapping[str, Any], source: str, zone: ZoneInfo
) -> tuple[Record | None, list[ContentError]]:
    """An issue record (``date``, and ``since`` unless it is the first)."""
    errors = []
    when = moment(data.get("date"), zone)
    if when is None:
        errors.append(
            ContentError(
                source,
                "date",
                f"{data.get('date', '')!r} is not a date",
                "write it as date = 2020-03-23T09:00:00Z",
            )
        )
    since = None
    if data.get("since") is not None:
        since = moment(data["since"], zone)
        if since is None:
            errors.append(
                ContentError(
                    source,
                    "since",
                    f"{data['since']!r} is not a date",
                    "write it as since = 2020-02-20T09:00:00Z, or leave it out",
                )
            )
    if when is not None and since is not None and since >= when:
        errors.append(
            ContentError(
                source,
                "since",
                f"{since.isoformat()} is not before the issue's date",
                "the period starts before the issue is made",
            )
        )
    if errors or when is None:
        return None, errors
    return Record(source, when, since), []


def in_period(when: datetime, record: Record) -> bool:
    """Whether something dated ``when`` is new in the issue: after ``since``
    (if any) and not after the issue's date."""
    return when <= record.date and (record.since is None or when > record.since)


def article_entry(article: Any, site_url: str) -> Entry:
    return Entry(
        title=plain_text(article.title),
        url=absolute(site_url, article.url),
        when=long_date(article.date),
        summary=plain_text(getattr(article, "summary", "")),
        byline=plain_text(getattr(getattr(article, "author", None), "name", "")),
    )


def infographic_entry(info: Any, site_url: str, width: int) -> Entry:
    """An infographic with its largest image no wider than ``width``."""
    image = info.picture.fallback(width)
    return Entry(
        title=plain_text(info.title),
        url=absolute(site_url, info.url),
        when=long_date(info.date),
        summary=plain_text(getattr(info, "summary", "")),
        image=Image(absolute(site_url, image.url), image.width, image.height, info.alt),
    )


def event_entry(event: Any, site_url: str) -> EventEntry:
    return EventEntry(
        title=plain_text(event.title),
        url=absolute(site_url, event.url),
        when=event.when,
        place=event.place,
        booking=event.booking_url,
        status=event.status_label if event.has_badge else "",
    )


def link(site_url: str, url: str) -> str:
    """A link from settings or data: a path on this site (``/about.html``)
    made absolute, any other address as it is."""
    return absolute(site_url, url) if url.startswith("/") else url


def actions_of(calls: Iterable[Sequence[str]], site_url: str) -> tuple[Action, ...]:
    """``CALLS_TO_ACTION`` with links on this site made absolute."""
    return tuple(
        Action(heading, text, label, link(site_url, url))
        for heading, text, label, url in calls
    )


def _paragraph(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, TEXT_WIDTH, initial_indent=indent, subsequent_indent=indent
    ) or [indent.rstrip()]


def _entries(heading: str, entries: Sequence[Entry]) -> list[str]:
    if not entries:
        return []
    lines = [heading.upper(), "=" * len(heading), ""]
    for entry in entries:
        lines += _paragraph(entry.title)
        lines += _paragraph(
            entry.when + (f", by {entry.byline}" if entry.byline else "")
        )
        if entry.image:
            lines += _paragraph(f"Image: {entry.image.alt}")
        if entry.summary:
            lines += _paragraph(entry.summary)
        lines += [f"Read it: {entry.url}", ""]
    return lines


def issue_text(issue: Issue, site_name: str, site_url: str, feed_url: str) -> str:
    """The plain-text part: the same content and every link of the HTML part."""
    lines = [
        *_paragraph(issue.title),
        "",
        f"View this issue in your browser: {absolute(site_url, issue.url)}",
        "",
    ]
    lines += _entries("Posts", issue.posts)
    lines += _entries("Guest posts", issue.guest_posts)
    lines += _entries("New infographics", issue.infographics)
    if issue.events:
        lines += ["UPCOMING EVENTS", "=" * 15, ""]
        for event in issue.events:
            lines += _paragraph(
                event.title + (f" ({event.status})" if event.status else "")
            )
            lines += _paragraph(f"{event.when}, {event.place}")
            lines.append(f"Details: {event.url}")
            if event.booking:
                lines.append(f"Book: {event.booking}")
            lines.append("")
    if issue.actions or issue.counters:
        lines += ["GET INVOLVED", "=" * 12, ""]
        for counter in issue.counters:
            lines += _paragraph(counter.label)
            lines += _paragraph(counter.words)
            if counter.note:
                lines += _paragraph(counter.note)
            if counter.source:
                lines.append(
                    f"{counter.source_label}: {link(site_url, counter.source)}"
                )
            lines.append("")
        for action in issue.actions:
            lines += _paragraph(action.heading)
            lines += _paragraph(action.text)
            lines += [f"{action.label}: {action.url}", ""]
    lines += [
        "--",
        f"{site_name}: {absolute(site_url, '')}",
        f"Every issue, as a feed: {feed_url}",
        "",
    ]
    return "\n".join(lines)
