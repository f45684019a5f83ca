"""Repeating events: the ``Repeat:`` rule and ``Except:`` dates.

A small, checked subset of RFC 5545's RRULE (``FREQ`` weekly or monthly,
``BYDAY`` with ordinals such as ``1SA``, ``INTERVAL``, and a required ``COUNT``
or ``UNTIL``), expanded with python-dateutil's ``rrule`` on the event's local
wall clock, as calendar programs expand an RRULE with a ``TZID``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from sitelib import ContentError
from sitelib.dates import DAY_NAMES, MONTH_NAMES, long_date

#: The most occurrences one rule may have (a bound on every expansion).
MAX_OCCURRENCES = 520

_FREQS = {"WEEKLY": WEEKLY, "MONTHLY": MONTHLY}
_PARTS = ("FREQ", "BYDAY", "INTERVAL", "COUNT", "UNTIL")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_BYDAY = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_RULE_FIX = (
    "write e.g. 'Repeat: FREQ=MONTHLY;BYDAY=1SA;UNTIL=2027-12-31' "
    "(FREQ WEEKLY or MONTHLY, BYDAY, INTERVAL, and COUNT or UNTIL)"
)


@dataclass(frozen=True)
class Repeat:
    """A checked rule. ``byday`` holds (ordinal or 0, weekday 0-6) pairs."""

    freq: str
    interval: int = 1
    byday: tuple[tuple[int, int], ...] = ()
    count: int | None = None
    until: date | None = None
    exceptions: tuple[date, ...] = ()

    def ical_rule(self, tz: ZoneInfo, all_day: bool) -> dict[str, object]:
        """The RRULE as a dict for the ``icalendar`` library. ``UNTIL`` is
        the end of its day: a date for all-day events, else in UTC (RFC 5545
        wants UTC when DTSTART has a TZID)."""
        rule: dict[str, object] = {"FREQ": self.freq}
        if self.interval != 1:
            rule["INTERVAL"] = self.interval
        if self.byday:
            rule["BYDAY"] = [
                f"{n}{_DAYS[day]}" if n else _DAYS[day] for n, day in self.byday
            ]
        if self.count is not None:
            rule["COUNT"] = self.count
        if self.until is not None:
            rule["UNTIL"] = (
                self.until if all_day else until_instant(self.until, tz).astimezone(UTC)
            )
        return rule


def until_instant(until: date, tz: ZoneInfo) -> datetime:
    """The last second of the ``UNTIL`` day, in the event's zone."""
    return datetime.combine(until, time(23, 59, 59), tz)


def _problem(source: str, message: str, fix: str = _RULE_FIX) -> ContentError:
    return ContentError(source, "Repeat", message, fix)


def _parse_until(value: str) -> date | None:
    text = value.replace("-", "")
    match = re.match(r"^(\d{8})(T\d{6}Z?)?$", text)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d").date()
    except ValueError:
        return None


def parse_repeat(
    value: str, source: str, start: datetime
) -> tuple[Repeat | None, list[ContentError]]:
    """Read ``Repeat:``; every problem in it is reported."""
    parts: dict[str, str] = {}
    problems: list[ContentError] = []
    for item in value.replace(" ", "").upper().removeprefix("RRULE:").split(";"):
        if not item:
            continue
        name, _, part = item.partition("=")
        if name not in _PARTS:
            problems.append(
                _problem(source, f"'{name}' is not supported in a rule", _RULE_FIX)
            )
        elif not part:
            problems.append(_problem(source, f"'{name}' has no value"))
        else:
            parts[name] = part
    freq = parts.get("FREQ", "")
    if freq not in _FREQS:
        problems.append(
            _problem(source, f"FREQ '{freq}' is not WEEKLY or MONTHLY")
            if freq
            else _problem(source, "has no FREQ")
        )
    interval = 1
    if "INTERVAL" in parts:
        if not parts["INTERVAL"].isdigit() or int(parts["INTERVAL"]) < 1:
            problems.append(
                _problem(source, "INTERVAL must be a whole number, 1 or more")
            )
        else:
            interval = int(parts["INTERVAL"])
    byday: list[tuple[int, int]] = []
    for token in filter(None, parts.get("BYDAY", "").split(",")):
        match = _BYDAY.match(token)
        if not match or (match.group(1) and freq != "MONTHLY"):
            problems.append(
                _problem(
                    source,
                    f"BYDAY '{token}' is not a day (MO…SU, with 1-5 or -1 "
                    "before it for monthly rules)",
                )
            )
            continue
        byday.append((int(match.group(1) or 0), _DAYS.index(match.group(2))))
    count = until = None
    if "COUNT" in parts:
        if not parts["COUNT"].isdigit() or int(parts["COUNT"]) < 1:
            problems.append(_problem(source, "COUNT must be a whole number, 1 or more"))
        else:
            count = int(parts["COUNT"])
    if "UNTIL" in parts:
        until = _parse_until(parts["UNTIL"])
        if until is None:
            problems.append(_problem(source, f"UNTIL '{parts['UNTIL']}' is not a date"))
        elif until < start.date():
            problems.append(_problem(source, "UNTIL is before Start"))
    if "COUNT" not in parts and "UNTIL" not in parts:
        problems.append(
            _problem(
                source,
                "has no end, so it would repeat for ever",
                "add COUNT=<number of meetings> or UNTIL=YYYY-MM-DD",
            )
        )
    elif "COUNT" in parts and "UNTIL" in parts:
        problems.append(
            _problem(source, "has both COUNT and UNTIL", "keep one of them")
        )
    if problems:
        return None, problems
    return Repeat(freq, interval, tuple(byday), count, until), []


def _rrule(repeat: Repeat, start: datetime) -> rrule:
    naive = start.replace(tzinfo=None)
    until = None
    if repeat.until is not None:
        until = datetime.combine(repeat.until, time(23, 59, 59))
    return rrule(
        _FREQS[repeat.freq],
        dtstart=naive,
        interval=repeat.interval,
        byweekday=[weekday(day, n or None) for n, day in repeat.byday] or None,
        count=repeat.count,
        until=until,
    )


def rule_starts(repeat: Repeat, start: datetime, limit: int) -> list[datetime]:
    """The rule's local start times (``Except`` not applied), at most
    ``limit``, as aware datetimes in ``start``'s zone."""
    starts = []
    for moment in _rrule(repeat, start):
        if len(starts) >= limit:
            break
        starts.append(moment.replace(tzinfo=start.tzinfo))
    return starts


def parse_exceptions(
    value: str | list[str], source: str
) -> tuple[tuple[date, ...], list[ContentError]]:
    items = value if isinstance(value, list) else [value]
    dates, problems = [], []
    for token in (t.strip() for item in items for t in str(item).split(",")):
        if not token:
            continue
        try:
            dates.append(date.fromisoformat(token))
        except ValueError:
            problems.append(
                ContentError(
                    source,
                    "Except",
                    f"'{token}' is not a date",
                    "write the dates to skip as YYYY-MM-DD, separated by commas",
                )
            )
    return tuple(sorted(set(dates))), problems


def expand(
    repeat: Repeat, start: datetime, source: str, exists: Callable[[datetime], bool]
) -> tuple[list[datetime], list[ContentError]]:
    """Every occurrence's start (``Except`` dates removed), or the problems:
    too many occurrences, an ``Except`` date not on the rule, an occurrence
    in an hour the clocks skip."""
    starts = rule_starts(repeat, start, MAX_OCCURRENCES + 1)
    problems = []
    if len(starts) > MAX_OCCURRENCES:
        problems.append(
            _problem(
                source,
                f"gives more than {MAX_OCCURRENCES} meetings",
                "use a smaller COUNT or an earlier UNTIL, or split it into two events",
            )
        )
        return [], problems
    if not starts or starts[0] != start:
        problems.append(
            ContentError(
                source,
                "Start",
                "is not a date the Repeat rule gives",
                "make Start the first meeting (e.g. the first Saturday for BYDAY=1SA)",
            )
        )
        return [], problems
    on_rule = {moment.date() for moment in starts}
    for day in repeat.exceptions:
        if day not in on_rule:
            problems.append(
                ContentError(
                    source,
                    "Except",
                    f"{day.isoformat()} is not a date the event repeats on",
                    "list only dates the Repeat rule gives (check the day and month)",
                )
            )
    for moment in starts:
        if not exists(moment):
            problems.append(
                _problem(
                    source,
                    f"the meeting on {moment.date().isoformat()} falls in the hour "
                    "the clocks skip",
                    "pick a start time outside 01:00-02:00, or add that date to Except",
                )
            )
    skip = set(repeat.exceptions)
    return [m for m in starts if m.date() not in skip], problems


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def repeat_in_words(repeat: Repeat, start: datetime) -> str:
    """E.g. "first Saturday of every month, until December 2027"."""
    if repeat.freq == "MONTHLY":
        every = (
            "every month" if repeat.interval == 1 else f"every {repeat.interval} months"
        )
        if repeat.byday:
            days = _join(
                [
                    f"{_ORDINALS[n]} {DAY_NAMES[day]}"
                    if n
                    else f"every {DAY_NAMES[day]}"
                    for n, day in repeat.byday
                ]
            )
            text = f"{days} of {every}"
        else:
            text = f"{every} on day {start.day}"
    else:
        every = (
            "every week" if repeat.interval == 1 else f"every {repeat.interval} weeks"
        )
        days = [day for _, day in repeat.byday] or [start.weekday()]
        text = f"{every} on {_join([DAY_NAMES[day] for day in days])}"
    if repeat.count is not None:
        times = "once" if repeat.count == 1 else f"{repeat.count} times"
        return f"{text}, {times}"
    assert repeat.until is not None
    last_of_month = (repeat.until + timedelta(days=1)).day == 1
    until = (
        f"{MONTH_NAMES[repeat.until.month - 1]} {repeat.until.year}"
        if last_of_month
        else long_date(repeat.until)
    )
    return f"{text}, until {until}"
