"""The events plugin's settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from typing import Any

from sitelib.settings import (
    Problem,
    Setting,
    feed_settings,
    is_bool,
    optional,
    path,
    pattern,
    whole_number,
)

from .details import CURRENCIES

_PAGE = pattern("events/{slug}.html")
_ICS = pattern("events/{slug}.ics")


def _email(value: Any) -> Problem | None:
    if isinstance(value, str) and "@" in value.strip("@"):
        return None
    return ("is not an email address", 'use e.g. "events@example.org"')


def _currency(value: Any) -> Problem | None:
    if value in CURRENCIES:
        return None
    return ("is not an ISO 4217 currency code", 'use e.g. "GBP"')


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "EVENTS_PATH",
        "events",
        "folder inside `PATH` with the event files",
        path("events"),
    ),
    Setting("EVENTS_URL", "events/{slug}.html", "each event's page", _PAGE),
    Setting("EVENTS_SAVE_AS", "events/{slug}.html", "each event's page file", _PAGE),
    Setting("EVENTS_ICS_URL", "events/{slug}.ics", "each event's calendar file", _ICS),
    Setting(
        "EVENTS_ICS_SAVE_AS",
        "events/{slug}.ics",
        "each event's calendar file, where it is written",
        _ICS,
    ),
    Setting("EVENTS_INDEX_URL", "events/", "the events list", path("events/")),
    Setting(
        "EVENTS_INDEX_SAVE_AS",
        "events/index.html",
        "the events list's file",
        path("events/index.html"),
    ),
    Setting(
        "EVENTS_CALENDAR_URL",
        "events/calendar.ics",
        "the whole calendar (the subscription)",
        path("events/calendar.ics"),
    ),
    Setting(
        "EVENTS_CALENDAR_SAVE_AS",
        "events/calendar.ics",
        "the whole calendar's file",
        path("events/calendar.ics"),
    ),
    *feed_settings(
        "EVENTS",
        "events",
        atom_doc="the Atom feed; `None` turns it off",
        rss_doc="the RSS feed; `None` turns it off",
    ),
    Setting("EVENTS_FEED_MAX_ITEMS", 50, "entries per feed", whole_number(0)),
    Setting(
        "EVENTS_UPCOMING_COUNT",
        3,
        "how many events `upcoming_events` holds (the home page and footer list)",
        whole_number(0),
    ),
    Setting(
        "EVENTS_CALENDAR_PAST_DAYS",
        365,
        "past events stay in `calendar.ics` this many days after they end "
        "(each event keeps its own `.ics` and page for ever)",
        whole_number(0),
    ),
    Setting(
        "EVENTS_UID_DOMAIN",
        None,
        "right-hand side of each `UID`",
        shown="host of `SITEURL`",
    ),
    Setting(
        "EVENTS_ALLOW_MEETING_LINKS",
        False,
        "let a video meeting's joining link (zoom.us/j/, meet.google.com/, Teams) "
        "appear in a public field; off, such a link stops the build",
        is_bool,
    ),
    Setting(
        "EVENTS_RSVP_EMAIL",
        None,
        "where `RSVP: email` sends replies",
        optional(_email),
        shown="`CONTACT_EMAIL`",
    ),
    Setting(
        "EVENTS_OCCURRENCES_SHOWN",
        5,
        "how many upcoming dates of a repeating event its page and JSON-LD list",
        whole_number(1, 52),
    ),
    Setting(
        "EVENTS_CURRENCY",
        "GBP",
        "the ISO 4217 currency of `Price: free` in JSON-LD offers",
        _currency,
    ),
)
