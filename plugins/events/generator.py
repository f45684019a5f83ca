"""The events generator: reads content/events/, validates, then writes pages,
.ics files and feeds."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

from pelican.contents import Page
from pelican.generators import Generator
from pelican.utils import sanitised_join

from build_guard import Claim, claim_outputs
from sitelib import (
    ContentError,
    build_time,
    publish_feed,
    read_content,
    report,
    script_json,
    source_label,
    write_if_changed,
    write_page,
)
from sitelib.jsonld import site_address
from sitelib.settings import options

from . import ical
from .feeds import feed_entries, feed_info
from .jsonld import event_json_ld
from .model import (
    Event,
    duplicate_slugs,
    is_http_url,
    parse_event,
    parse_timezone,
    split_events,
)
from .repeat import repeat_in_words
from .settings import SETTINGS
from .when import day_in_words, short_date, when_in_words

logger = logging.getLogger(__name__)


class EventText(Page):
    """An event file's body, read by Pelican so that Markdown, ``{filename}``
    links and the other content plugins work as for pages.

    ``Timezone`` means the event's zone here, not Pelican's content time zone
    (Pelican would fail on an unknown one before we could report it).
    """

    def __init__(self, content: str, metadata: dict[str, Any] | None = None, **kw: Any):
        metadata = dict(metadata or {})
        self.event_metadata = dict(metadata)
        metadata.pop("timezone", None)
        # ``Status`` is the event's (cancelled, postponed…), not Pelican's
        # publishing status: every event page is published and in the sitemap.
        metadata.pop("status", None)
        super().__init__(content, metadata, **kw)


def uid_domain(settings: dict[str, Any], events: Mapping[str, Any]) -> str:
    return (
        events["EVENTS_UID_DOMAIN"]
        or urlsplit(settings.get("SITEURL") or "").hostname
        or "events.invalid"
    )


def webcal_url(site_url: str, path: str) -> str:
    """``webcal://`` for the calendar, or "" without an absolute SITEURL."""
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"webcal://{parts.netloc}{parts.path}/{path}"


def map_search_url(location: str) -> str:
    return f"https://www.openstreetmap.org/search?query={quote_plus(location)}"


class EventsGenerator(Generator):
    """Reads ``EVENTS_PATH`` and writes the events section of the site."""

    # The build guard renders these before writing, so a broken ``{filename}``
    # link in an event body stops the build and is reported against its file.
    guard_content_lists = ("event_pages",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # With CACHE_CONTENT on, parsed files are cached like posts and pages.
        kwargs.setdefault("readers_cache_name", "EventsGenerator-Readers")
        super().__init__(*args, **kwargs)
        self.events: list[Event] = []
        self.future_events: list[Event] = []
        self.past_events: list[Event] = []
        self.upcoming_events: list[Event] = []
        self.now: datetime  # set by generate_context, from the settings
        self.options = options(self.settings, SETTINGS)

    @property
    def event_pages(self) -> list[Any]:
        return [event.page for event in self.events]

    # -- reading --------------------------------------------------------------

    def _read(self, relative: str) -> tuple[Event | None, list[ContentError]]:
        source = source_label(relative, self.path)
        text, problem = read_content(self, relative, EventText)
        if problem:
            return None, [problem]
        if not isinstance(text, EventText):  # "Status: skip"
            return None, []
        s = self.settings
        event, errors = parse_event(
            text.event_metadata | {"slug": getattr(text, "slug", "")},
            source,
            s.get("TIMEZONE") or "UTC",
            rsvp_address=self.options["EVENTS_RSVP_EMAIL"]
            or s.get("CONTACT_EMAIL")
            or "",
            allow_meeting_links=self.options["EVENTS_ALLOW_MEETING_LINKS"],
            body=text._content or "",
        )
        image, problem = self._image(text.event_metadata, source)
        if problem is not None:
            errors.append(problem)
            event = None
        if event is not None:
            event.image = image
            event.page = text
            self._place(event)
            # Posts can link to the event with {filename}/events/<file>.md.
            self.add_source_path(text)
        else:
            self._add_failed_source_path(relative)
        return event, errors

    def _image(self, metadata: dict[str, Any], source: str) -> tuple[str, Any]:
        """(the event's image as an absolute URL, or a problem): its own
        ``Image`` (an http(s) URL or a file under content/), else the site's
        share card, else the logo."""
        s = self.settings
        site_url = s.get("SITEURL", "")
        value = str(metadata.get("image") or "").strip()
        if value and is_http_url(value):
            return value, None
        if value:
            path = value.lstrip("/")
            if ".." in path.split("/") or not (Path(self.path) / path).is_file():
                return "", ContentError(
                    source,
                    "Image",
                    f"'{value}' is not a file in content/",
                    "give a path such as images/events/cafe.jpg (inside content/), "
                    "or an https:// link",
                )
            return f"{site_url}/{path}", None
        fallback = s.get("SHARE_CARDS_SITE_IMAGE") or s.get("SITELOGO") or ""
        return (f"{site_url}/{fallback}" if fallback else ""), None

    def _place(self, event: Event) -> None:
        s = self.settings
        event.url = self.options["EVENTS_URL"].format(slug=event.slug)
        event.save_as = self.options["EVENTS_SAVE_AS"].format(slug=event.slug)
        event.ics_url = self.options["EVENTS_ICS_URL"].format(slug=event.slug)
        event.ics_save_as = self.options["EVENTS_ICS_SAVE_AS"].format(slug=event.slug)
        # The body's own links ({filename}…) resolve against the event's URL.
        event.page.override_url = event.url
        event.page.override_save_as = event.save_as
        site_url = s.get("SITEURL", "")
        site_tz = s.get("TIMEZONE") or "UTC"
        event.next_start = event.next_occurrence(self.now)
        event.next_end = event.occurrence_end(event.next_start)
        event.upcoming_starts = event.occurrences_after(self.now)[
            : self.options["EVENTS_OCCURRENCES_SHOWN"]
        ]
        if event.repeat is not None:
            event.repeat_words = repeat_in_words(event.repeat, event.start)
            event.upcoming_dates = [
                (
                    start,
                    when_in_words(event, site_tz, start),
                    event.occurrence_finish(start),
                )
                for start in event.upcoming_starts
            ]
        event.when = when_in_words(event, site_tz, event.next_start)
        event.short_date = short_date(event, event.next_start)
        if event.rsvp_email:
            subject = f"RSVP: {event.title}, {event.short_date}"
            event.rsvp_url = f"mailto:{event.rsvp_email}?subject={quote(subject)}"
        event.map_url = (
            map_search_url(event.location)
            if event.location and event.status != "moved-online"
            else ""
        )
        event.json_ld = script_json(
            event_json_ld(
                event,
                site_url=site_url,
                site_name=s.get("SITENAME", ""),
                currency=self.options["EVENTS_CURRENCY"],
            ),
            indent=2,
        )

    def generate_context(self) -> None:
        self.now = build_time(self.settings)
        root = Path(self.path) / self.options["EVENTS_PATH"]
        problems: list[ContentError] = []
        events: list[Event] = []
        if root.is_dir():
            for relative in sorted(self.get_files([self.options["EVENTS_PATH"]])):
                event, errors = self._read(relative)
                problems.extend(errors)
                if event is not None:
                    events.append(event)
        self.readers.save_cache()
        problems.extend(duplicate_slugs(events))
        problems.extend(self._link_posts(events))
        for problem in problems:
            report(problem)
        if problems:
            return
        self.future_events, self.past_events = split_events(events, self.now)
        self.events = [*self.past_events[::-1], *self.future_events]
        count = self.options["EVENTS_UPCOMING_COUNT"]
        self.upcoming_events = [
            e for e in self.future_events if e.status != "cancelled"
        ][:count]
        self.context["events_as_of"] = day_in_words(
            self.now.astimezone(parse_timezone(self.settings.get("TIMEZONE") or "UTC"))
        )
        self.context["events_webcal_url"] = webcal_url(
            self.settings.get("SITEURL", ""), self.options["EVENTS_CALENDAR_URL"]
        )
        self._update_context(
            ("events", "future_events", "past_events", "upcoming_events")
        )
        claim_outputs(self.context, self.output_claims())

    def output_claims(self) -> list[Claim]:
        """Every path the events section writes (checked before writing)."""
        claims = [
            Claim(self.options[name], f"the events {name} setting")
            for name in (
                "EVENTS_INDEX_SAVE_AS",
                "EVENTS_CALENDAR_SAVE_AS",
                "EVENTS_FEED_ATOM",
                "EVENTS_FEED_RSS",
            )
            if self.options[name]
        ]
        for event in self.events:
            label = source_label(event.page.source_path, self.path)
            claims.append(Claim(event.save_as, label, label, priority=1))
            claims.append(
                Claim(
                    event.ics_save_as,
                    label,
                    label,
                    what="its calendar file",
                    priority=1,
                )
            )
        return claims

    def _link_posts(self, events: list[Event]) -> list[ContentError]:
        """Posts with ``Event: <slug>`` announce that event: ``article.event``
        and ``event.posts`` link the two."""
        by_slug = {e.slug: e for e in events}
        problems = []
        articles = [
            *self.context.get("articles", []),
            *self.context.get("hidden_articles", []),
        ]
        for article in articles:
            slug = str(article.metadata.get("event", "")).strip()
            if not slug:
                continue
            event = by_slug.get(slug)
            if event is None:
                problems.append(
                    ContentError(
                        source_label(article.source_path, self.path),
                        "Event",
                        f"no event has the slug '{slug}'",
                        "use the slug of a file in content/events/ "
                        "(its Slug: line, or its title in lower case with hyphens)",
                    )
                )
                continue
            article.event = event
            event.posts.append(article)
        return problems

    # -- writing --------------------------------------------------------------

    def _write_bytes(self, save_as: str, data: bytes) -> None:
        path = Path(sanitised_join(self.output_path, save_as))
        if write_if_changed(path, data):
            logger.info("Writing %s", path)

    def _calendar(self, events: list[Event], refresh: timedelta | None = None) -> bytes:
        return ical.calendar(
            events,
            name=f"{self.settings.get('SITENAME', '')}: events",
            site_url=self.settings.get("SITEURL", ""),
            uid_domain=uid_domain(self.settings, self.options),
            build_time=self.now,
            site_timezone=self.settings.get("TIMEZONE") or "UTC",
            refresh=refresh,
        )

    def generate_output(self, writer: Any) -> None:
        write_page(
            writer,
            self,
            "events",
            self.options["EVENTS_INDEX_SAVE_AS"],
            self.options["EVENTS_INDEX_URL"],
        )
        for event in self.events:
            write_page(
                writer,
                self,
                "event",
                event.save_as,
                event.url,
                event=event,
                page=event.page,
            )
            self._write_bytes(event.ics_save_as, self._calendar([event]))
        keep_from = self.now - timedelta(days=self.options["EVENTS_CALENDAR_PAST_DAYS"])
        self._write_bytes(
            self.options["EVENTS_CALENDAR_SAVE_AS"],
            self._calendar(
                [e for e in self.events if e.finish >= keep_from],
                refresh=timedelta(days=1),
            ),
        )
        self._write_feeds()

    def _write_feeds(self) -> None:
        s = self.settings
        atom, rss = self.options["EVENTS_FEED_ATOM"], self.options["EVENTS_FEED_RSS"]
        if not (atom or rss):
            return
        site_url = s.get("SITEURL", "")
        feed_domain = site_address(s)
        author = s.get("AUTHOR") or s.get("SITENAME", "")
        info = feed_info(
            site_name=s.get("SITENAME", ""),
            author=author,
            alternate_url=f"{site_url}/{self.options['EVENTS_INDEX_URL']}",
            feed_domain=feed_domain,
            feed_id=f"{feed_domain}/{atom or rss}",
        )
        entries = feed_entries(
            self.events,
            site_url=site_url,
            author=author,
            site_timezone=s.get("TIMEZONE") or "UTC",
        )
        written = publish_feed(
            info,
            entries,
            s,
            Path(self.output_path),
            atom=atom,
            rss=rss,
            max_items=self.options["EVENTS_FEED_MAX_ITEMS"],
            fallback_updated=self.now,
        )
        for path in written:
            logger.info("Writing %s", path)
