"""schema.org ``Event`` JSON-LD for an event page, with every property
Google's Event documentation requires or recommends that the listing knows
(a repeating event is one ``Event`` per upcoming occurrence, bounded)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sitelib import plain_text

from .model import Event

#: ``offers.availability`` for each status.
AVAILABILITY = {
    "scheduled": "https://schema.org/InStock",
    "moved-online": "https://schema.org/InStock",
    "postponed": "https://schema.org/OutOfStock",
    "cancelled": "https://schema.org/Discontinued",
}


def _when(event: Event, moment: datetime) -> str:
    return moment.date().isoformat() if event.all_day else moment.isoformat()


def _body_text(event: Event) -> str:
    """The description's first 300 characters as plain text, read from the
    body before Pelican resolves its links (that happens when it is written)."""
    raw = getattr(event.page, "_content", "") or ""
    return plain_text(raw)[:300]


def _person(person: Any, role: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.name}
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    if role:
        data["description"] = role
    return data


def _location(event: Event, page_url: str) -> dict[str, Any] | list[dict[str, Any]]:
    places: list[dict[str, Any]] = []
    if event.location and event.status != "moved-online":
        places.append(
            {"@type": "Place", "name": event.location, "address": event.location}
        )
    if event.is_online:
        # The joining link, or the page that says how to get it.
        places.append({"@type": "VirtualLocation", "url": event.online_url or page_url})
    if not places:
        places.append({"@type": "Place", "name": event.place, "address": event.place})
    return places[0] if len(places) == 1 else places


def _offers(event: Event, page_url: str, currency: str) -> dict[str, Any]:
    offers: dict[str, Any] = {
        "@type": "Offer",
        "url": event.booking_url or page_url,
        "availability": AVAILABILITY[event.status],
    }
    if event.price is not None:
        offers["price"] = event.price.schema_price
        offers["priceCurrency"] = event.price.currency or currency
    if event.announced is not None:
        offers["validFrom"] = event.announced.isoformat()
    return offers


def event_json_ld(
    event: Event,
    *,
    site_url: str,
    site_name: str,
    currency: str = "GBP",
) -> dict[str, Any] | list[dict[str, Any]]:
    """One ``Event``, or a list of them for the upcoming occurrences of a
    repeating event (``event.upcoming_starts``, else its last one)."""
    page_url = f"{site_url}/{event.url}"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "eventStatus": event.schema_status,
        "eventAttendanceMode": event.attendance_mode,
        "url": page_url,
        "description": event.summary or _body_text(event) or event.title,
        "location": _location(event, page_url),
        "offers": _offers(event, page_url, currency),
    }
    if event.image:
        data["image"] = [event.image]
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser}
    else:
        data["organizer"] = {
            "@type": "Organization",
            "name": site_name,
            "url": site_url,
        }
    performers = [_person(p) for p in event.speakers]
    if event.chair is not None:
        performers.insert(0, _person(event.chair, "Chair"))
    if performers:
        data["performer"] = performers
    starts = event.upcoming_starts or [event.next_start or event.start]
    items = []
    for start in starts:
        item = dict(data)
        item["startDate"] = _when(event, start)
        end = event.occurrence_end(start)
        if end is not None:
            item["endDate"] = _when(event, end)
        elif event.all_day:
            item["endDate"] = _when(event, start)
        items.append(item)
    return items[0] if event.repeat is None else items
