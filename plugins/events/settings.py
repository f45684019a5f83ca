"""The events plugin's settings: defaults in one place, validated once per build."""

from __future__ import annotations

from typing import Any

from sitelib import ContentError

from .details import CURRENCIES

#: Every setting the plugin reads, with its default.
DEFAULTS: dict[str, Any] = {
    # Folder inside PATH holding one Markdown file per event.
    "EVENTS_PATH": "events",
    # Where each event's page and .ics file go; {slug} is the event's slug.
    "EVENTS_URL": "events/{slug}.html",
    "EVENTS_SAVE_AS": "events/{slug}.html",
    "EVENTS_ICS_URL": "events/{slug}.ics",
    "EVENTS_ICS_SAVE_AS": "events/{slug}.ics",
    # The events list and the whole-calendar subscription.
    "EVENTS_INDEX_URL": "events/",
    "EVENTS_INDEX_SAVE_AS": "events/index.html",
    "EVENTS_CALENDAR_URL": "events/calendar.ics",
    "EVENTS_CALENDAR_SAVE_AS": "events/calendar.ics",
    # Events feeds (feedgen); None switches a feed off.
    "EVENTS_FEED_ATOM": "feeds/events.atom.xml",
    "EVENTS_FEED_RSS": "feeds/events.rss.xml",
    "EVENTS_FEED_MAX_ITEMS": 50,
    # How many events `upcoming_events` holds (the home page and footer list).
    "EVENTS_UPCOMING_COUNT": 3,
    # Past events stay in calendar.ics for this many days after they end.
    "EVENTS_CALENDAR_PAST_DAYS": 365,
    # The right-hand side of every UID; defaults to SITEURL's host name.
    "EVENTS_UID_DOMAIN": None,
}

# --- Issue 19 (branch events): new settings, to fold into the settings
# mechanism at merge. ------------------------------------------------------
DEFAULTS.update(
    {
        # Let a video meeting's joining link (zoom.us/j/, meet.google.com/,
        # Teams) appear in a public field; off, such a link stops the build.
        "EVENTS_ALLOW_MEETING_LINKS": False,
        # Where "RSVP: email" sends replies; None uses CONTACT_EMAIL.
        "EVENTS_RSVP_EMAIL": None,
        # How many upcoming dates of a repeating event its page and JSON-LD list.
        "EVENTS_OCCURRENCES_SHOWN": 5,
        # The ISO 4217 currency of "Price: free" in JSON-LD offers.
        "EVENTS_CURRENCY": "GBP",
    }
)

_PATTERNS = (
    "EVENTS_URL",
    "EVENTS_SAVE_AS",
    "EVENTS_ICS_URL",
    "EVENTS_ICS_SAVE_AS",
)
_PATHS = (
    "EVENTS_PATH",
    "EVENTS_INDEX_URL",
    "EVENTS_INDEX_SAVE_AS",
    "EVENTS_CALENDAR_URL",
    "EVENTS_CALENDAR_SAVE_AS",
)
_OPTIONAL_PATHS = ("EVENTS_FEED_ATOM", "EVENTS_FEED_RSS")
_COUNTS = (
    "EVENTS_FEED_MAX_ITEMS",
    "EVENTS_UPCOMING_COUNT",
    "EVENTS_CALENDAR_PAST_DAYS",
    "EVENTS_OCCURRENCES_SHOWN",  # issue 19
)


def _problem(name: str, message: str, fix: str) -> ContentError:
    return ContentError("pelicanconf.py", name, message, fix)


def validate_settings(settings: dict[str, Any]) -> list[ContentError]:
    """Problems with the EVENTS_* settings (defaults already applied)."""
    problems = []
    for name in _PATTERNS:
        value = settings[name]
        if not isinstance(value, str) or "{slug}" not in value:
            problems.append(
                _problem(name, f"{value!r} has no {{slug}}", "e.g. events/{slug}.html")
            )
    for name in _PATHS:
        if not isinstance(settings[name], str) or not settings[name].strip():
            problems.append(_problem(name, "must be a non-empty path", "set a path"))
    for name in _OPTIONAL_PATHS:
        value = settings[name]
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(
                _problem(name, "must be a path or None", 'e.g. "feeds/events.atom.xml"')
            )
    for name in _COUNTS:
        value = settings[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(
                _problem(name, f"{value!r} is not a whole number", "use e.g. 3")
            )
    # Issue 19 settings.
    if not isinstance(settings["EVENTS_ALLOW_MEETING_LINKS"], bool):
        problems.append(
            _problem("EVENTS_ALLOW_MEETING_LINKS", "must be True or False", "use False")
        )
    rsvp = settings["EVENTS_RSVP_EMAIL"]
    if rsvp is not None and (not isinstance(rsvp, str) or "@" not in rsvp):
        problems.append(
            _problem(
                "EVENTS_RSVP_EMAIL",
                f"{rsvp!r} is not an email address",
                "use e.g. 'events@example.org', or None for CONTACT_EMAIL",
            )
        )
    if settings["EVENTS_CURRENCY"] not in CURRENCIES:
        problems.append(
            _problem(
                "EVENTS_CURRENCY",
                f"{settings['EVENTS_CURRENCY']!r} is not an ISO 4217 code",
                'use e.g. "GBP"',
            )
        )
    return problems


def apply_defaults(settings: dict[str, Any]) -> None:
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
