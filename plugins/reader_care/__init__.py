"""reader_care: content notes on any post or page, a quick exit, and support
links (see README.md). Thin signal handlers over ``care.py``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sitelib import iter_content
from sitelib.settings import configure as configure_settings
from sitelib.settings import options

from .care import SETTINGS, content_note, note_html, shows_support

__all__ = ["SETTINGS", "register"]

#: The theme template that explains the quick exit.
QUICK_EXIT_TEMPLATE = "quick-exit.html"


def configure(pelican: Any) -> None:
    """Check the settings; with a quick exit, add the page that explains it."""
    settings = pelican.settings
    chosen = configure_settings(settings, SETTINGS)
    if chosen is None:
        return  # reported; the build guard stops the build before reading
    if chosen["QUICK_EXIT_URL"]:
        # A new dict: never change a mapping another build may share.
        settings["TEMPLATE_PAGES"] = {
            **(settings.get("TEMPLATE_PAGES") or {}),
            QUICK_EXIT_TEMPLATE: chosen["QUICK_EXIT_PAGE"],
        }


def annotate(generator: Any) -> None:
    """Give every post and page ``content_note`` and ``show_support``."""
    chosen = options(generator.settings, SETTINGS)
    for content in iter_content(generator):
        guest = getattr(content, "guest", None)
        note = (
            guest.content_note.rstrip(" .")
            if guest is not None and guest.content_note
            else content_note(content.metadata)
        )
        content.content_note = note
        content.show_support = bool(chosen["SUPPORT_LINKS"]) and shows_support(
            note, getattr(content, "tags", None) or (), chosen["SUPPORT_TAGS"]
        )


def note_feeds(context: dict[str, Any], feed: Any) -> None:
    """Put each post's content note at the start of its feed entry."""
    notes = {
        content.url: content.content_note
        for content in iter_content(context)
        if getattr(content, "content_note", "")
    }
    if not notes:
        return
    for item in feed.items:
        note = notes.get(urlsplit(item.get("link") or "").path.lstrip("/"))
        if not note:
            continue
        for key in ("description", "content"):
            if item.get(key):
                item[key] = note_html(note) + item[key]


def register() -> None:
    from pelican import signals

    signals.initialized.connect(configure)
    signals.article_generator_finalized.connect(annotate)
    signals.page_generator_finalized.connect(annotate)
    signals.feed_generated.connect(note_feeds)
