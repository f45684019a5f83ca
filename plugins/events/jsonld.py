"""schema.org ``Event`` JSON-LD for an event page."""

from __future__ import annotations

from typing import Any

from .model import Event


def _when(event: Event, moment: Any) -> str:
    return moment.date().isoformat() if event.all_day else moment.isoformat()


def event_json_ld(event: Event, *, site_url: str, site_name: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": _when(event, event.start),
        "eventStatus": event.schema_status,
        "eventAttendanceMode": event.attendance_mode,
        "url": f"{site_url}/{event.url}",
    }
    if event.end is not None:
        data["endDate"] = _when(event, event.end)
    if event.summary:
        data["description"] = event.summary
    places: list[dict[str, Any]] = []
    if event.location and event.status != "moved-online":
        places.append(
            {"@type": "Place", "name": event.location, "address": event.location}
        )
    if event.is_online:
        virtual: dict[str, Any] = {"@type": "VirtualLocation"}
        if event.online_url:
            virtual["url"] = event.online_url
        places.append(virtual)
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser}
    else:
        data["organizer"] = {
            "@type": "Organization",
            "name": site_name,
            "url": site_url,
        }
    if event.booking_url:
        data["offers"] = {"@type": "Offer", "url": event.booking_url}
    return data
