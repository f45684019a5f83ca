"""``invoke newsletter``: make the next issue of the newsletter.

It builds the site (production settings, in a temporary folder) with the
issue it is making in ``NEWSLETTER_NEXT``, so the newsletter plugin selects
what is new since the last recorded issue (or ``--since``) exactly as the
site's "view in browser" page will; then it copies the email's parts to
``newsletters/<date>.html`` and ``.txt`` for the mailing tool and records the
issue in ``content/newsletters/<date>.toml``. A build that fails (bad input,
an empty period) writes nothing and is reported as its problem lines.
"""

from __future__ import annotations

import json
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from newsletter.model import moment
from newsletter.settings import SETTINGS
from sitelib import atomic_write
from sitelib.settings import options

from .publish import PUBLISH_SETTINGS, PublishError, build_site, load_settings

#: Where the mailing tool's files go, inside the project.
MAILING_FOLDER = "newsletters"


class NewsletterError(Exception):
    """The issue was not made; ``str()`` is one line per problem."""


@dataclass(frozen=True)
class MadeIssue:
    slug: str
    html: Path
    text: Path
    record: Path


def parse_since(value: str, zone: ZoneInfo) -> datetime:
    """``--since``: a date (midnight, site time) or an ISO 8601 date-time."""
    when = moment(value, zone)
    if when is None:
        raise NewsletterError(
            f"--since: '{value}' is not a date. Fix: write it as YYYY-MM-DD "
            "or YYYY-MM-DD HH:MM, e.g. 2026-11-01"
        )
    return when


def last_issue(folder: Path, zone: ZoneInfo) -> datetime | None:
    """The date of the newest issue recorded in ``folder`` (None if none)."""
    dates = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            when = moment(tomllib.loads(path.read_text("utf-8")).get("date"), zone)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            when = None  # the build names the bad record
        if when is not None:
            dates.append(when)
    return max(dates, default=None)


def record_text(date: datetime, since: datetime | None) -> str:
    """The record of an issue: its date, and where its period started."""
    lines = [
        "# One newsletter issue, recorded by `invoke newsletter`: the next",
        "# issue starts where this one ended.",
        f"date = {date.astimezone(UTC).isoformat().replace('+00:00', 'Z')}",
    ]
    if since is not None:
        lines.append(
            f"since = {since.astimezone(UTC).isoformat().replace('+00:00', 'Z')}"
        )
    return "\n".join(lines) + "\n"


def build_problems(output: str) -> list[str]:
    """The problem lines of a failed build's output (the build guard lists
    them as ``  - problem``), or its last line if there are none."""
    lines = output.splitlines()
    problems = [
        line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")
    ]
    tail = [line.strip() for line in lines if line.strip()][-1:]
    return problems or tail or ["the build failed"]


def make_issue(
    *,
    root: Path,
    now: datetime,
    since: datetime | None = None,
    settings_file: Path = PUBLISH_SETTINGS,
    content: Path | None = None,
) -> MadeIssue:
    """Make the issue dated ``now``: the mailing tool's two files in
    ``root/newsletters/`` and the record in the content folder."""
    settings: dict[str, Any] = load_settings(settings_file)
    content = Path(content or root / settings["PATH"]).absolute()
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    plugin = options(settings, SETTINGS)
    records = content / plugin["NEWSLETTER_PATH"]
    since = since if since is not None else last_issue(records, zone)
    if since is not None and since >= now:
        raise NewsletterError(
            f"--since: {since.isoformat()} is not before now. Fix: give an earlier date"
        )
    slug = now.astimezone(zone).date().isoformat()
    upcoming = {
        "date": now.astimezone(zone).isoformat(),
        "since": since.isoformat() if since else None,
    }
    with tempfile.TemporaryDirectory(prefix="newsletter-") as folder:
        output = Path(folder) / "site"
        try:
            build_site(
                output,
                settings_file,
                content=content,
                quiet=True,
                extra=[
                    "-e",
                    f"NEWSLETTER_NEXT={json.dumps(upcoming)}",
                    f"BUILD_TIME={json.dumps(now.isoformat())}",
                    "SEARCH_ENABLED=false",
                ],
                failure="",
            )
        except PublishError as failure:
            raise NewsletterError("\n".join(build_problems(str(failure)))) from None
        email = (
            output / plugin["NEWSLETTER_EMAIL_SAVE_AS"].format(date=slug)
        ).read_bytes()
        text = (
            output / plugin["NEWSLETTER_TEXT_SAVE_AS"].format(date=slug)
        ).read_bytes()
    mailing = root / MAILING_FOLDER
    made = MadeIssue(
        slug,
        mailing / f"{slug}.html",
        mailing / f"{slug}.txt",
        records / f"{slug}.toml",
    )
    atomic_write(made.html, email)
    atomic_write(made.text, text)
    atomic_write(made.record, record_text(now, since).encode("utf-8"))
    return made
