"""Events: one Markdown file per event in ``content/events/``.

Writes ``events/index.html`` (upcoming, then past), a page and an ``.ics`` file
per event, ``events/calendar.ics`` and Atom/RSS feeds of events, and gives every
template ``upcoming_events``. See README.md for the metadata and settings.
"""

from __future__ import annotations

from typing import Any

from sitelib.folders import read_own_folder
from sitelib.settings import Options
from sitelib.wiring import generator_plugin

from .generator import EventsGenerator
from .model import Event
from .settings import SETTINGS

__all__ = ["SETTINGS", "Event", "EventsGenerator", "register"]

#: The theme templates the events generator renders.
TEMPLATES = ("events", "event")


def read_events_folder(settings: dict[str, Any], options: Options) -> None:
    """Keep Pelican's own page and article readers out of the events folder
    (once the settings are good)."""
    read_own_folder(settings, options.path)


register = generator_plugin(
    "events", SETTINGS, EventsGenerator, templates=TEMPLATES, then=read_events_folder
)
