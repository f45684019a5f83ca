"""An event read from its Markdown file: parsing and validating the metadata.

Everything here is pure: metadata in, an :class:`Event` or a list of
:class:`~sitelib.ContentError` out, so each rule can be tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitelib import ContentError, date_error, plain_text

from .details import (
    Person,
    Price,
    lines,
    meeting_link_problems,
    parse_access,
    parse_people,
    parse_price,
    parse_rsvp,
    parse_sequence,
)
from .repeat import Repeat, expand, parse_exceptions, parse_repeat

#: Allowed ``Status`` values, mapped to (schema.org eventStatus, iCalendar STATUS).
STATUSES = {
    "scheduled": ("https://schema.org/EventScheduled", "CONFIRMED"),
    "cancelled": ("https://schema.org/EventCancelled", "CANCELLED"),
    "postponed": ("https://schema.org/EventPostponed", "TENTATIVE"),
    "moved-online": ("https://schema.org/EventMovedOnline", "CONFIRMED"),
}
#: ``Online: yes``: an online or hybrid event whose link is given on booking.
ONLINE_WITHOUT_LINK = "yes"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:\S", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SLUG = re.compile(r"^[\w][\w.-]*$")

#: How Start may be written, and an example, for date_error.
_START_FORMS = ("YYYY-MM-DD HH:MM", "YYYY-MM-DD")
_START_EXAMPLE = "2026-03-21 18:30"


@dataclass
class Event:
    """One event. ``start``/``end`` are aware datetimes in the event's time
    zone; for all-day events ``end`` is the last day, inclusive, at midnight."""

    source: str
    slug: str
    title: str
    start: datetime
    end: datetime | None
    all_day: bool
    timezone: ZoneInfo
    status: str = "scheduled"
    location: str = ""
    online: str = ""
    booking: str = ""
    organiser: str = ""
    summary: str = ""
    announced: datetime | None = None
    modified: datetime | None = None
    uid: str = ""
    page: Any = None
    url: str = ""
    save_as: str = ""
    ics_url: str = ""
    ics_save_as: str = ""
    posts: list[Any] = field(default_factory=list)
    # Calendar revisions, repeats, people, price, access, RSVP (issue 19).
    sequence: int = 0
    repeat: Repeat | None = None
    #: Every occurrence's start (just ``start`` unless the event repeats).
    starts: list[datetime] = field(default_factory=list)
    speakers: list[Person] = field(default_factory=list)
    chair: Person | None = None
    price: Price | None = None
    access: list[str] = field(default_factory=list)
    access_note: str = ""
    access_contact: str = ""
    rsvp_email: str = ""
    image: str = ""
    # Filled in by the generator for templates.
    #: The next occurrence as of the build (the last one once all are over).
    next_start: datetime | None = None
    next_end: datetime | None = None
    #: The upcoming occurrences' starts as of the build (bounded).
    upcoming_starts: list[datetime] = field(default_factory=list)
    repeat_words: str = ""
    #: (start, in words, finish) of each of ``upcoming_starts``.
    upcoming_dates: list[tuple[datetime, str, datetime]] = field(default_factory=list)
    rsvp_url: str = ""
    when: str = ""
    short_date: str = ""
    map_url: str = ""
    json_ld: str = ""

    @property
    def content(self) -> str:
        return self.page.content if self.page is not None else ""

    @property
    def finish(self) -> datetime:
        """The instant the event is over (the end of the last day if all-day;
        of the last occurrence if it repeats)."""
        return self.occurrence_finish(self.starts[-1] if self.starts else self.start)

    def occurrence_end(self, start: datetime) -> datetime | None:
        """The end of the occurrence starting at ``start``: the first one's
        exact length later (RFC 5545, 3.8.5.3); whole days for all-day events."""
        if self.end is None:
            return None
        if self.all_day:
            return start + (self.end - self.start)
        length = self.end.astimezone(UTC) - self.start.astimezone(UTC)
        return (start.astimezone(UTC) + length).astimezone(self.timezone)

    def occurrence_finish(self, start: datetime) -> datetime:
        end = self.occurrence_end(start)
        if self.all_day:
            last = (end or start).date() + timedelta(days=1)
            return datetime.combine(last, time(), self.timezone)
        return end or start

    def occurrences_after(self, now: datetime) -> list[datetime]:
        """The starts of the occurrences not yet over at ``now``."""
        starts = self.starts or [self.start]
        return [s for s in starts if self.occurrence_finish(s) > now]

    def next_occurrence(self, now: datetime) -> datetime:
        """The start of the first occurrence not yet over, else of the last."""
        upcoming = self.occurrences_after(now)
        return upcoming[0] if upcoming else (self.starts or [self.start])[-1]

    @property
    def has_access_info(self) -> bool:
        return bool(self.access or self.access_note or self.access_contact)

    @property
    def is_online(self) -> bool:
        return bool(self.online) or self.status == "moved-online"

    @property
    def online_url(self) -> str:
        return "" if self.online == ONLINE_WITHOUT_LINK else self.online

    @property
    def booking_url(self) -> str:
        return self.booking if is_http_url(self.booking) else ""

    @property
    def attendance_mode(self) -> str:
        if self.status == "moved-online" or (self.online and not self.location):
            return "https://schema.org/OnlineEventAttendanceMode"
        if self.online:
            return "https://schema.org/MixedEventAttendanceMode"
        return "https://schema.org/OfflineEventAttendanceMode"

    @property
    def place(self) -> str:
        """Where, in words: the venue, "Online", both, or "to be announced"."""
        if self.status == "moved-online":
            return "Online"
        if self.location and self.online:
            return f"{self.location}, and online"
        return self.location or ("Online" if self.online else "Place to be announced")

    @property
    def schema_status(self) -> str:
        return STATUSES[self.status][0]

    @property
    def ical_status(self) -> str:
        return STATUSES[self.status][1]

    @property
    def has_badge(self) -> bool:
        return self.status != "scheduled"

    @property
    def status_label(self) -> str:
        return self.status.replace("-", " ").capitalize()

    def is_upcoming(self, now: datetime) -> bool:
        return self.finish > now


def is_http_url(value: str) -> bool:
    """An absolute http(s) URL with a host, and no space or control
    character (which browsers drop or stop at). Quotes and ``<>`` may remain:
    templates escape every URL they put in an attribute."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not any(c.isspace() or _CONTROL.match(c) for c in value)
    )


def url_as_browsers_read(value: str) -> str:
    """``value`` as a browser's URL parser sees it: leading spaces and
    control characters dropped, and every tab and newline removed, so that
    ``java<TAB>script:`` is seen as the ``javascript:`` it would be."""
    return _TAB_OR_NEWLINE.sub("", value).lstrip("".join(map(chr, range(0x21))))


def _text(metadata: dict[str, Any], name: str) -> str:
    value = metadata.get(name, "")
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return str(value).strip()


def parse_timezone(value: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def exists_locally(moment: datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward."""
    naive = moment.replace(tzinfo=None)
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == (
        naive
    )


def parse_moment(value: str) -> date | datetime | None:
    """``YYYY-MM-DD`` gives a date, ``YYYY-MM-DD HH:MM`` a naive datetime."""
    try:
        if _DATE.match(value):
            return date.fromisoformat(value)
        match = _DATETIME.match(value)
        if match:
            day, clock = match.groups()
            hours, rest = clock.split(":", 1)
            return datetime.fromisoformat(f"{day}T{hours.zfill(2)}:{rest}")
    except ValueError:
        return None
    return None


def _check_url(
    value: str, source: str, name: str, *, allow_text: bool
) -> ContentError | None:
    if not value or is_http_url(value):
        return None
    if name == "Online" and value.lower() == ONLINE_WITHOUT_LINK:
        return None
    seen = url_as_browsers_read(value)
    if allow_text and not _SCHEME.match(seen) and not seen.lower().startswith("www."):
        return None
    fix = "give the full address starting with https://"
    if allow_text:
        fix += ", or plain words such as 'Free, no booking'"
    if name == "Online":
        fix += ", or 'yes' if the link is sent on booking"
    return ContentError(source, name, f"{value!r} is not an http(s) URL", fix)


def _skipped_hour(source: str, name: str, raw: str, tz: ZoneInfo) -> ContentError:
    return ContentError(
        source,
        name,
        f"{raw} does not exist in {tz.key} (the clocks go forward)",
        "pick a time outside the skipped hour",
    )


def _parse_start(
    raw: str, source: str, tz: ZoneInfo
) -> tuple[datetime | None, bool, list[ContentError]]:
    """(start, all day?, problems)."""
    if not raw:
        fix = f"add 'Start: …' ({' or '.join(_START_FORMS)}, e.g. {_START_EXAMPLE})"
        return None, False, [ContentError(source, "Start", "is missing", fix)]
    value = parse_moment(raw)
    if value is None:
        problem = date_error(source, "Start", raw, _START_FORMS, _START_EXAMPLE)
        return None, False, [problem]
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), tz), True, []
    start = value.replace(tzinfo=tz)
    if not exists_locally(start):
        return start, False, [_skipped_hour(source, "Start", raw, tz)]
    return start, False, []


def _parse_end(
    raw: str, raw_start: str, start: datetime, all_day: bool, source: str, tz: ZoneInfo
) -> tuple[datetime | None, list[ContentError]]:
    """(end, problems); an all-day event's end is its last day at midnight."""
    if not all_day and _TIME.match(raw):
        value = parse_moment(f"{start.date().isoformat()} {raw}")
    else:
        value = parse_moment(raw)
    if value is None:
        if all_day:
            problem = date_error(source, "End", raw, ("YYYY-MM-DD",), "2026-03-22")
        else:
            forms = ("YYYY-MM-DD HH:MM", "HH:MM for the same day")
            problem = date_error(source, "End", raw, forms, "20:30")
        return None, [problem]
    if all_day == isinstance(value, datetime):
        message = (
            "has a time but Start has none"
            if all_day
            else ("has no time but Start has one")
        )
        fix = "give both Start and End a time, or neither (an all-day event)"
        return None, [ContentError(source, "End", message, fix)]
    if all_day:
        end = datetime.combine(value, time(), tz)
        if end < start:
            message = f"'{raw}' is before Start '{raw_start}'"
            fix = "check both dates; End is the last day of the event"
            return None, [ContentError(source, "End", message, fix)]
        return end, []
    end = value.replace(tzinfo=tz)
    problems = [] if exists_locally(end) else [_skipped_hour(source, "End", raw, tz)]
    # Compare instants: datetimes in one zone compare by wall clock.
    if end.astimezone(UTC) <= start.astimezone(UTC):
        message = f"'{raw}' is not after Start '{raw_start}'"
        fix = "check both; End is the finishing time (HH:MM) or date and time"
        problems.append(ContentError(source, "End", message, fix))
    return (None if problems else end), problems


def _aware(value: Any, tz: ZoneInfo) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def parse_event(
    metadata: dict[str, Any],
    source: str,
    default_timezone: str,
    *,
    rsvp_address: str = "",
    allow_meeting_links: bool = False,
    body: str = "",
) -> tuple[Event | None, list[ContentError]]:
    """Build an Event from a file's metadata (keys lower-case, as Pelican gives
    them), or say everything that is wrong with it. ``body`` is the
    description's source, checked for meeting links with the public fields."""
    errors: list[ContentError] = []
    title = _text(metadata, "title")
    if not title:
        errors.append(
            ContentError(source, "Title", "is missing", "add 'Title: …' at the top")
        )
    slug = _text(metadata, "slug")
    if (slug or title) and not _SLUG.match(slug):
        errors.append(
            ContentError(
                source,
                "Slug",
                f"'{slug}' cannot be used in a web address",
                "use letters, digits and hyphens only, e.g. 'Slug: workers-cafe'",
            )
        )

    tz_name = _text(metadata, "timezone") or default_timezone
    tz = parse_timezone(tz_name)
    if tz is None:
        errors.append(
            ContentError(
                source,
                "Timezone",
                f"'{tz_name}' is not a known time zone",
                "use an IANA name such as Europe/London, or leave the line out",
            )
        )
        tz = ZoneInfo("UTC")

    raw_start, raw_end = _text(metadata, "start"), _text(metadata, "end")
    start, all_day, problems = _parse_start(raw_start, source, tz)
    errors.extend(problems)
    end = None
    if start is not None and raw_end:
        end, problems = _parse_end(raw_end, raw_start, start, all_day, source, tz)
        errors.extend(problems)

    status = _text(metadata, "status").lower() or "scheduled"
    if status not in STATUSES:
        errors.append(
            ContentError(
                source,
                "Status",
                f"'{status}' is not a known status",
                "use one of: " + ", ".join(STATUSES),
            )
        )

    online = _text(metadata, "online")
    booking = _text(metadata, "booking")
    for name, value, allow_text in (
        ("Online", online, False),
        ("Booking", booking, True),
    ):
        problem = _check_url(value, source, name, allow_text=allow_text)
        if problem:
            errors.append(problem)

    details, problems = parse_details(
        metadata, source, start, rsvp_address=rsvp_address
    )
    errors.extend(problems)
    if not allow_meeting_links:
        public = {
            label: _text(metadata, name)
            for name, label in _PUBLIC_FIELDS.items()
            if name in metadata
        }
        errors.extend(
            meeting_link_problems({**public, "the description": body}, source)
        )

    if errors or start is None:
        return None, errors
    site_tz = parse_timezone(default_timezone) or ZoneInfo("UTC")
    return (
        Event(
            source=source,
            slug=slug,
            title=title,
            start=start,
            end=end,
            all_day=all_day,
            timezone=tz,
            status=status,
            location=_text(metadata, "location"),
            online=ONLINE_WITHOUT_LINK if online.lower() == "yes" else online,
            booking=booking,
            organiser=_text(metadata, "organiser") or _text(metadata, "organizer"),
            summary=plain_text(_text(metadata, "summary")),
            # Like a post's, in the site's time zone.
            announced=_aware(metadata.get("date"), site_tz),
            modified=_aware(metadata.get("modified"), site_tz),
            uid=_text(metadata, "uid"),
            **details,
        ),
        [],
    )


#: Fields printed on the page, in the calendar or in JSON-LD.
_PUBLIC_FIELDS = {
    "title": "Title",
    "summary": "Summary",
    "location": "Location",
    "online": "Online",
    "booking": "Booking",
    "organiser": "Organiser",
    "speakers": "Speakers",
    "chair": "Chair",
    "access-note": "Access-Note",
    "access-contact": "Access-Contact",
}


def parse_details(
    metadata: dict[str, Any],
    source: str,
    start: datetime | None,
    *,
    rsvp_address: str = "",
) -> tuple[dict[str, Any], list[ContentError]]:
    """The issue-19 fields as Event keyword arguments: Sequence, Repeat and
    Except, Speakers, Chair, Price, Access, Access-Note, Access-Contact, RSVP."""
    errors: list[ContentError] = []
    sequence, problems = parse_sequence(_text(metadata, "sequence"), source)
    errors.extend(problems)
    speakers, problems = parse_people(metadata.get("speakers", ""), source, "Speakers")
    errors.extend(problems)
    chairs, problems = parse_people(metadata.get("chair", ""), source, "Chair")
    errors.extend(problems)
    if len(chairs) > 1:
        errors.append(
            ContentError(
                source, "Chair", "names more than one person", "give one chair"
            )
        )
    price, problems = parse_price(_text(metadata, "price"), source)
    errors.extend(problems)
    access, problems = parse_access(metadata.get("access", ""), source)
    errors.extend(problems)
    rsvp_email, problems = parse_rsvp(_text(metadata, "rsvp"), source, rsvp_address)
    errors.extend(problems)
    repeat, starts = None, []
    raw_repeat, raw_except = _text(metadata, "repeat"), metadata.get("except", "")
    if raw_except and not raw_repeat:
        errors.append(
            ContentError(
                source,
                "Except",
                "is given but the event does not repeat",
                "add a 'Repeat:' rule, or remove the Except line",
            )
        )
    if raw_repeat and start is not None:
        repeat, problems = parse_repeat(raw_repeat, source, start)
        errors.extend(problems)
        exceptions, problems = parse_exceptions(raw_except or [], source)
        errors.extend(problems)
        if repeat is not None and not problems:
            repeat = replace(repeat, exceptions=exceptions)
            starts, problems = expand(repeat, start, source, exists_locally)
            errors.extend(problems)
            if not starts and not problems:
                errors.append(
                    ContentError(
                        source,
                        "Except",
                        "removes every date the event repeats on",
                        "remove the Repeat rule or some Except dates",
                    )
                )
    return (
        {
            "sequence": sequence,
            "repeat": repeat,
            "starts": starts,
            "speakers": speakers,
            "chair": chairs[0] if chairs else None,
            "price": price,
            "access": access,
            "access_note": plain_text(" ".join(lines(metadata.get("access-note", "")))),
            "access_contact": _text(metadata, "access-contact"),
            "rsvp_email": rsvp_email,
        },
        errors,
    )


def duplicate_slugs(events: list[Event]) -> list[ContentError]:
    """One problem per slug used by more than one event."""
    by_slug: dict[str, list[Event]] = {}
    for event in events:
        by_slug.setdefault(event.slug, []).append(event)
    return [
        ContentError(
            " and ".join(e.source for e in group),
            "Slug",
            f"{len(group)} events share the slug '{slug}'",
            "give one of them a different Title or an explicit 'Slug:' line",
        )
        for slug, group in by_slug.items()
        if len(group) > 1
    ]


def split_events(events: list[Event], now: datetime) -> tuple[list[Event], list[Event]]:
    """(upcoming soonest first, past newest first) as of ``now``."""

    def key(event: Event) -> tuple[datetime, str]:
        return event.next_occurrence(now).astimezone(UTC), event.slug

    upcoming = sorted((e for e in events if e.is_upcoming(now)), key=key)
    past = sorted((e for e in events if not e.is_upcoming(now)), key=key, reverse=True)
    return upcoming, past
