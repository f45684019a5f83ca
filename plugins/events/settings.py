"""The events plugin's settings: defaults in one place, validated once per build."""

from __future__ import annotations

from typing import Any

from sitelib import ContentError

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
    return problems


def apply_defaults(settings: dict[str, Any]) -> None:
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
