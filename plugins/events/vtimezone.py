"""VTIMEZONE components in the RRULE style calendar programs write.

``icalendar`` describes a zone with one ``RDATE`` per clock change; RFC 5545
allows it, but Mozilla's ical.js (Thunderbird) resolves such a zone wrongly
for some events. Calendar programs themselves write one ``STANDARD`` and one
``DAYLIGHT`` part, each with a yearly ``RRULE``, taken here from the zone's
POSIX rule (the footer of its TZif file, the rule for every year after the
last listed change). The rule is then checked against ``zoneinfo`` for every
day of the calendar's span; where it does not hold (a zone whose rules changed
inside the span), ``icalendar``'s own form is used instead.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,2}(?::\d{2}){0,2})"
_TRANSITION = r"M(\d{1,2})\.([1-5])\.([0-6])(?:/([+-]?\d{1,3}(?::\d{2}){0,2}))?"
_POSIX = re.compile(
    rf"^{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_TRANSITION},{_TRANSITION})?$"
)
_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


@dataclass(frozen=True)
class Change:
    """A yearly clock change: month, week (5 = last), weekday (0 = Sunday),
    local time of the change (on the clock before it), and the offsets."""

    month: int
    week: int
    weekday: int
    at: timedelta
    name: str
    offset_from: timedelta
    offset_to: timedelta

    def onset(self, year: int) -> datetime:
        """The local wall-clock moment of the change in ``year`` (naive)."""
        if self.week == 5:
            following = date(year + (self.month == 12), self.month % 12 + 1, 1)
            day = following - timedelta(days=1)
            day -= timedelta(days=(day.isoweekday() % 7 - self.weekday) % 7)
        else:
            first = date(year, self.month, 1)
            day = first + timedelta(days=(self.weekday - first.isoweekday() % 7) % 7)
            day += timedelta(weeks=self.week - 1)
        return datetime.combine(day, time()) + self.at

    def instant(self, year: int) -> datetime:
        return (self.onset(year) - self.offset_from).replace(tzinfo=UTC)

    def byday(self) -> str:
        return f"{-1 if self.week == 5 else self.week}{_DAYS[self.weekday]}"


def _seconds(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def posix_rule(key: str) -> str:
    """The POSIX TZ string at the end of the zone's TZif file, read where
    ``zoneinfo`` reads it (the system's zone files, then ``tzdata``)."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder, key)
        if path.is_file():
            data = path.read_bytes()
            break
    else:
        data = resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii", "replace")


def yearly_changes(rule: str) -> tuple[str, timedelta, list[Change]] | None:
    """(standard name, standard offset, the changes) from a POSIX TZ string;
    None if it cannot be read."""
    match = _POSIX.match(rule)
    if not match:
        return None
    std, std_off, dst, dst_off, *parts = match.groups()
    standard = -_seconds(std_off)
    if dst is None:
        return std.strip("<>"), standard, []
    daylight = -_seconds(dst_off) if dst_off else standard + timedelta(hours=1)
    m1, w1, d1, t1, m2, w2, d2, t2 = parts
    to_dst = Change(
        int(m1),
        int(w1),
        int(d1),
        _seconds(t1 or "2"),
        dst.strip("<>"),
        standard,
        daylight,
    )
    to_std = Change(
        int(m2),
        int(w2),
        int(d2),
        _seconds(t2 or "2"),
        std.strip("<>"),
        daylight,
        standard,
    )
    return std.strip("<>"), standard, [to_dst, to_std]


@cache
def zone_rule(key: str) -> tuple[str, timedelta, tuple[Change, ...]] | None:
    """The zone's yearly rule (a pure reading of its zone file, kept)."""
    parsed = yearly_changes(posix_rule(key))
    return None if parsed is None else (parsed[0], parsed[1], tuple(parsed[2]))


@cache
def rule_holds(key: str, year: int) -> bool:
    """Whether the zone's yearly rule gives zoneinfo's offset at noon UTC on
    every day of ``year``, and at each change's instant, either side (a pure
    function of the zone data, so kept once worked out)."""
    parsed = zone_rule(key)
    if parsed is None:
        return False
    tz = ZoneInfo(key)
    _, standard, changes = parsed
    instants = sorted(
        (change.instant(y), change) for y in (year - 1, year) for change in changes
    )
    day = datetime(year, 1, 1, 12, tzinfo=UTC)
    while day.year == year:
        offset = standard
        for instant, change in instants:
            if instant > day:
                break
            offset = change.offset_to
        if day.astimezone(tz).utcoffset() != offset:
            return False
        day += timedelta(days=1)
    second = timedelta(seconds=1)
    return all(
        (instant - second).astimezone(tz).utcoffset() == change.offset_from
        and instant.astimezone(tz).utcoffset() == change.offset_to
        for instant, change in instants
        if instant.year == year
    )


def vtimezone(key: str, first: date, last: date) -> Timezone:
    """The zone as a VTIMEZONE for events between ``first`` and ``last``."""
    parsed = zone_rule(key)
    if parsed is None or not all(
        rule_holds(key, year) for year in range(first.year, last.year + 1)
    ):
        return Timezone.from_tzid(key, first_date=first, last_date=last)
    name, standard, changes = parsed
    component = Timezone()
    component.add("tzid", key)
    if not changes:
        part = TimezoneStandard()
        part.add("dtstart", datetime(1970, 1, 1))
        part.add("tzoffsetfrom", standard)
        part.add("tzoffsetto", standard)
        part.add("tzname", name)
        component.add_component(part)
        return component
    for change in changes:
        daylight = change.offset_to > change.offset_from
        part = TimezoneDaylight() if daylight else TimezoneStandard()
        part.add("dtstart", change.onset(first.year - 1))
        part.add("tzoffsetfrom", change.offset_from)
        part.add("tzoffsetto", change.offset_to)
        part.add("tzname", change.name)
        part.add(
            "rrule",
            {"FREQ": "YEARLY", "BYMONTH": change.month, "BYDAY": change.byday()},
        )
        component.add_component(part)
    return component
