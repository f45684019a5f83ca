"""An event's date and time in words, e.g. "Saturday 4 April 2020, 11:30 to 13:30 BST".

Written out by hand (not ``strftime`` with a locale) so output does not depend
on the machine's locale.
"""

from __future__ import annotations

from datetime import datetime

from sitelib.dates import DAY_NAMES, MONTH_NAMES

from .model import Event


def day_in_words(moment: datetime, *, year: bool = True) -> str:
    text = f"{DAY_NAMES[moment.weekday()]} {moment.day} {MONTH_NAMES[moment.month - 1]}"
    return f"{text} {moment.year}" if year else text


def clock(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def zone_label(moment: datetime, site_timezone: str) -> str:
    """The zone abbreviation (GMT/BST), with the zone's name if it is not the
    site's own."""
    abbreviation = moment.tzname() or ""
    key = getattr(moment.tzinfo, "key", "")
    if key and key != site_timezone:
        return f"{abbreviation} ({key})" if abbreviation != key else key
    return abbreviation


def when_in_words(
    event: Event, site_timezone: str, start: datetime | None = None
) -> str:
    """The event's date and time, or those of its occurrence at ``start``."""
    if start is None:
        start, end = event.start, event.end
    else:
        end = event.occurrence_end(start)
    if event.all_day:
        if end is None or end.date() == start.date():
            return f"{day_in_words(start)} (all day)"
        same_year = end.year == start.year
        return f"{day_in_words(start, year=not same_year)} to {day_in_words(end)}"
    text = f"{day_in_words(start)}, {clock(start)}"
    if end is None:
        return f"{text} {zone_label(start, site_timezone)}"
    if end.date() == start.date() and end.tzname() == start.tzname():
        return f"{text} to {clock(end)} {zone_label(end, site_timezone)}"
    return (
        f"{text} {zone_label(start, site_timezone)} to "
        f"{day_in_words(end)}, {clock(end)} {zone_label(end, site_timezone)}"
    )


def short_date(event: Event, start: datetime | None = None) -> str:
    """A compact date for lists, e.g. "4 Apr 2020"."""
    start = start or event.start
    return f"{start.day} {MONTH_NAMES[start.month - 1][:3]} {start.year}"
