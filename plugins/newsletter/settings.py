"""The newsletter plugin's settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from typing import Any

from sitelib.settings import (
    Problem,
    Setting,
    feed_settings,
    optional,
    path,
    pattern,
    whole_number,
)


def next_issue(value: Any) -> Problem | None:
    """``{"date": ISO 8601, "since": ISO 8601 or None}``, as ``invoke
    newsletter`` passes it."""
    if isinstance(value, dict) and isinstance(value.get("date"), str):
        return None
    return (
        "is not the issue `invoke newsletter` makes",
        'leave it out; `invoke newsletter` sets it, e.g. {"date": '
        '"2026-12-01T09:00:00+00:00", "since": null}',
    )


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "NEWSLETTER_PATH",
        "newsletters",
        "folder inside `PATH` with one record per issue sent (`<date>.toml`)",
        path("newsletters"),
    ),
    Setting(
        "NEWSLETTER_INDEX_URL", "newsletters/", "every issue", path("newsletters/")
    ),
    Setting(
        "NEWSLETTER_INDEX_SAVE_AS",
        "newsletters/index.html",
        "every issue, where the page is written",
        path("newsletters/index.html"),
    ),
    Setting(
        "NEWSLETTER_URL",
        "newsletters/{date}.html",
        "one issue in the site's layout (the email's \"view in browser\" link)",
        pattern("newsletters/{date}.html", "date"),
    ),
    Setting(
        "NEWSLETTER_SAVE_AS",
        "newsletters/{date}.html",
        "one issue, where the page is written",
        pattern("newsletters/{date}.html", "date"),
    ),
    Setting(
        "NEWSLETTER_EMAIL_SAVE_AS",
        "newsletters/{date}/email.html",
        "one issue's email HTML part, as sent",
        pattern("newsletters/{date}/email.html", "date"),
    ),
    Setting(
        "NEWSLETTER_TEXT_SAVE_AS",
        "newsletters/{date}/email.txt",
        "one issue's plain-text part, as sent",
        pattern("newsletters/{date}/email.txt", "date"),
    ),
    *feed_settings(
        "NEWSLETTER",
        "newsletter",
        atom_doc="the issues as a feed for RSS-to-email tools; `None` turns it off",
    ),
    Setting(
        "NEWSLETTER_EVENTS_COUNT",
        5,
        "how many upcoming events an issue lists",
        whole_number(0, 100),
    ),
    Setting(
        "NEWSLETTER_IMAGE_WIDTH",
        552,
        "the widest infographic image an email shows, in pixels (the column "
        "is 600 px with 24 px of padding each side)",
        whole_number(100, 600),
    ),
    Setting(
        "NEWSLETTER_NEXT",
        None,
        "the issue being made: set by `invoke newsletter`, never by hand",
        optional(next_issue),
    ),
)
