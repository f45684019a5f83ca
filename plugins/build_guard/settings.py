"""The build guard's settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from typing import Any

from sitelib.buildtime import build_time
from sitelib.paths import DEFAULT_MAX_IMAGE_BYTES, DEFAULT_MAX_IMAGE_PIXELS
from sitelib.settings import Problem, Setting, sequence_of, string, whole_number


def iso_time(value: Any) -> Problem | None:
    """An aware ISO 8601 time (or datetime); an empty value means unset."""
    try:
        build_time({"BUILD_TIME": value})
    except (TypeError, ValueError):
        return (
            "is not an ISO 8601 time with an offset",
            "use an ISO 8601 time with an offset, e.g. 2026-01-01T12:00:00+00:00",
        )
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "BUILD_GUARD_MAX_IMAGE_PIXELS",
        DEFAULT_MAX_IMAGE_PIXELS,
        "pixel limit for every image under `content/`",
        whole_number(1),
    ),
    Setting(
        "BUILD_GUARD_MAX_IMAGE_BYTES",
        DEFAULT_MAX_IMAGE_BYTES,
        "limit for an image's decoded size in bytes",
        whole_number(1),
    ),
    Setting(
        "BUILD_GUARD_UNREAD_SOURCES",
        (),
        'patterns (relative to `content/`, e.g. `["notes/*.md"]`) of '
        "Markdown/reST files deliberately left unpublished; any other file no "
        "generator reads fails the build",
        sequence_of(string, "paths", '["notes/*.md"] (relative to content/)'),
    ),
    Setting(
        "BUILD_TIME",
        None,
        'fix the build\'s "now" (an ISO 8601 time with an offset, e.g. '
        "`2026-11-22T12:00:00+00:00`) for reproducible output; otherwise "
        "`SOURCE_DATE_EPOCH` if set, else the clock",
        iso_time,
        shown="unset",
    ),
)
