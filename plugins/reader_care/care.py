"""Content notes, quick exit and support links: the settings and the small
pure functions behind them (the signal handlers are in ``__init__.py``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any
from urllib.parse import urlsplit

from sitelib import plain_text
from sitelib.settings import Problem, Setting, optional, path, sequence_of

#: The metadata field, as Pelican hands it over (keys are lower case).
CONTENT_NOTE_FIELD = "content-note"
SUPPORT_SCHEMES = ("tel", "https", "mailto")


def is_https_url(value: Any) -> Problem | None:
    if isinstance(value, str) and urlsplit(value).scheme == "https" and "." in value:
        return None
    return ("is not an https:// address", 'use e.g. "https://www.bbc.co.uk/weather"')


def is_support_link(value: Any) -> Problem | None:
    """``(label, link, one line of when/what)``; the link ``tel:``,
    ``https:`` or ``mailto:``."""
    if (
        isinstance(value, (tuple, list))
        and len(value) == 3
        and all(isinstance(part, str) and part.strip() for part in value)
        and urlsplit(value[1]).scheme in SUPPORT_SCHEMES
    ):
        return None
    return ("is not a (label, link, note) triple", "see below")


def is_text(value: Any) -> Problem | None:
    if isinstance(value, str) and value.strip():
        return None
    return ("is not a tag name", 'use e.g. "suicide"')


SETTINGS = (
    Setting(
        "QUICK_EXIT_URL",
        None,
        "where 'Leave this site' goes (an ordinary site, e.g. a weather page), "
        "or None for no quick exit",
        optional(is_https_url),
    ),
    Setting(
        "QUICK_EXIT_PAGE",
        "leave-quickly.html",
        "the page that explains the quick exit (written only with QUICK_EXIT_URL)",
        path("leave-quickly.html"),
    ),
    Setting(
        "SUPPORT_LINKS",
        (),
        "(label, tel:/https:/mailto: link, one line of when and what) for each "
        "place a reader can get help; shown in every footer and above sensitive posts",
        sequence_of(
            is_support_link,
            "(label, link, when) triples",
            '(("Samaritans, 116 123", "tel:116123", "free, any time"),)',
        ),
    ),
    Setting(
        "SUPPORT_TAGS",
        (),
        "tags whose posts show the support links above the text",
        sequence_of(is_text, "tags", '("suicide", "self-harm")'),
    ),
)


def content_note(metadata: Mapping[str, Any]) -> str:
    """The reader-facing note: plain text, one line, no trailing full stop
    (the theme writes "this post … ."), or ""."""
    return plain_text(str(metadata.get(CONTENT_NOTE_FIELD) or "")).rstrip(" .")


def shows_support(note: str, tags: Iterable[Any], support_tags: Iterable[str]) -> bool:
    """Whether a post gets the support links above its text: it has a content
    note, or one of its tags is in SUPPORT_TAGS (compared case-blind)."""
    wanted = {str(tag).strip().casefold() for tag in support_tags}
    return bool(note) or any(str(tag).strip().casefold() in wanted for tag in tags)


def note_html(note: str, kind: str = "post") -> str:
    """The note as the first paragraph of a feed entry (escaped once)."""
    text = escape(note, quote=False)
    return f"<p><strong>Content note:</strong> this {kind} {text}.</p>"
