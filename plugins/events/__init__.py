"""Events: one Markdown file per event in ``content/events/``.

Writes ``events/index.html`` (upcoming, then past), a page and an ``.ics`` file
per event, ``events/calendar.ics`` and Atom/RSS feeds of events, and gives every
template ``upcoming_events``. See README.md for the metadata and settings.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from sitelib import require
from sitelib.folders import read_own_folder
from sitelib.settings import configure as configure_settings

from .generator import EventsGenerator
from .model import Event
from .settings import SETTINGS

__all__ = ["SETTINGS", "Event", "EventsGenerator", "register"]

#: The theme templates the events generator renders.
TEMPLATES = ("events", "event")


def configure(pelican: Any) -> None:
    """Fill in defaults, check the settings, and keep Pelican's own page and
    article readers out of the events folder."""
    require(pelican, plugin="events", plugins=("build_guard",), templates=TEMPLATES)
    settings = pelican.settings
    options = configure_settings(settings, SETTINGS)
    if options is None:
        return  # reported; the build guard stops the build before reading
    read_own_folder(settings, options.path)


def get_generators(_pelican: Any) -> type[EventsGenerator]:
    return EventsGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
