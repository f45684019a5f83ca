"""iCalendar output (RFC 5545) with the ``icalendar`` library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, vDuration
from icalendar import Event as VEvent

from .model import Event
from .vtimezone import vtimezone

PRODID = "-//Talking Back campaign site//events plugin//EN"


def dtstamp(event: Event, build_time: datetime) -> datetime:
    """When the listing was last revised: its Modified or Date metadata if
    given (and not in the future), else the build time. Never the wall clock,
    so two builds at the same SOURCE_DATE_EPOCH give identical files."""
    revised = event.modified or event.announced
    if revised is None or revised > build_time:
        revised = build_time
    return revised.astimezone(UTC).replace(microsecond=0)


def vevent(event: Event, *, site_url: str, uid_domain: str, stamp: datetime) -> VEvent:
    component = VEvent()
    component.add("uid", event.uid or f"{event.slug}@{uid_domain}")
    component.add("dtstamp", stamp)
    if event.all_day:
        last: date = (event.end or event.start).date()
        component.add("dtstart", event.start.date())
        # DTEND of an all-day event is exclusive: the day after the last day.
        component.add("dtend", last + timedelta(days=1))
    else:
        component.add("dtstart", event.start)
        if event.end is not None:
            component.add("dtend", event.end)
    component.add("sequence", event.sequence)
    if event.repeat is not None:
        component.add("rrule", event.repeat.ical_rule(event.timezone, event.all_day))
        for day in event.repeat.exceptions:
            component.add("exdate", _exception(event, day))
    component.add("summary", event.title)
    description = [event.summary] if event.summary else []
    if event.repeat_words:
        description.append(f"Repeats: {event.repeat_words}")
    if event.chair is not None:
        description.append(f"Chair: {event.chair}")
    if event.speakers:
        description.append("Speakers: " + "; ".join(map(str, event.speakers)))
    if event.price is not None:
        description.append(f"Price: {event.price.text}")
    if event.has_access_info:
        access = [*event.access, event.access_note, event.access_contact]
        description.append("Access: " + "; ".join(a for a in access if a))
    if event.rsvp_email:
        description.append(f"RSVP by email: {event.rsvp_email}")
    if event.online_url:
        description.append(f"Online: {event.online_url}")
    if event.booking:
        description.append(f"Booking: {event.booking}")
    if event.organiser:
        description.append(f"Organiser: {event.organiser}")
    if description:
        component.add("description", "\n".join(description))
    if event.status != "moved-online" and event.location:
        component.add("location", event.location)
    elif event.online_url:
        component.add("location", event.online_url)
    component.add("status", event.ical_status)
    component.add("url", f"{site_url}/{event.url}")
    if event.modified is not None:
        component.add("last-modified", event.modified.astimezone(UTC))
    return component


def _exception(event: Event, day: date) -> date | datetime:
    """An ``EXDATE``: the day for all-day events, else that day's start."""
    if event.all_day:
        return day
    return datetime.combine(day, event.start.timetz())


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    site_url: str,
    uid_domain: str,
    build_time: datetime,
    site_timezone: str = "UTC",
    refresh: timedelta | None = None,
) -> bytes:
    """A VCALENDAR with the events and a VTIMEZONE for every TZID they use.

    With no events it holds the site's VTIMEZONE, because RFC 5545 wants at
    least one component and subscribers keep the URL.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if refresh is not None:
        # How often subscribers should fetch it again (RFC 7986, and the
        # older name most calendar apps read).
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    events = list(events)
    for event in events:
        cal.add_component(
            vevent(
                event,
                site_url=site_url,
                uid_domain=uid_domain,
                stamp=dtstamp(event, build_time),
            )
        )
    timed = [e for e in events if not e.all_day]
    year = timedelta(days=366)
    # Only the span around the events, not 1970-2038 for every zone.
    for key in sorted({e.timezone.key for e in timed}):
        mine = [e for e in timed if e.timezone.key == key]
        first = min(e.start for e in mine).date() - year
        last = max(e.finish for e in mine).date() + year
        cal.add_component(vtimezone(key, first, last))
    if not events:
        cal.add_component(
            vtimezone(
                site_timezone, (build_time - year).date(), (build_time + year).date()
            )
        )
    return cal.to_ical()
