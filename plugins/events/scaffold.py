"""A new event file with every field, for ``invoke new-event``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from sitelib.settings import options

from .model import parse_moment
from .settings import SETTINGS


def new_event_text(title: str, start: str, announced: datetime) -> str:
    return (
        f"Title: {title}\n"
        f"Date: {announced:%Y-%m-%d %H:%M}\n"
        f"Start: {start}\n"
        "End: \n"
        "Location: \n"
        "Online: \n"
        "Booking: \n"
        "Organiser: \n"
        "Status: scheduled\n"
        "Summary: One line for the events list, the feed and the calendar.\n"
        "\n"
        "Describe the event here, in Markdown. Leave out the lines you do not\n"
        "need (End, Location, Online, Booking, Organiser); see\n"
        "plugins/events/README.md for what each one takes.\n"
    )


def create_event(
    settings: dict[str, Any], title: str, start: str, now: datetime
) -> Path:
    """Write ``<PATH>/<EVENTS_PATH>/<start date>-<slug>.md`` and return it.

    Raises ValueError for an empty title or a start that is not a date, and
    FileExistsError rather than overwrite an event.
    """
    if not title.strip():
        raise ValueError("the event needs a title")
    moment = parse_moment(start.strip())
    if moment is None:
        raise ValueError(
            f"'{start}' is not a date: write YYYY-MM-DD HH:MM or YYYY-MM-DD"
        )
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS")
    slug = slugify(title, regex_subs=subs or DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    day = moment.date() if isinstance(moment, datetime) else moment
    folder = Path(settings["PATH"]) / options(settings, SETTINGS).path
    path = folder / f"{day.isoformat()}-{slug}.md"
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(new_event_text(title.strip(), start.strip(), now))
    return path
