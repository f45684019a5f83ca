"""New source files with every field: ``invoke new-post``, ``new-event`` and
``new-guest-post``.

Each kind of file is a ``Scaffold``: its fields (``Name: value`` lines, the
values templates of ``{title}``, ``{date}``, ...) and the text under them.
``write_new_source`` is the one function that writes any of them, and it
never overwrites a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sitelib
from guest_posts.rules import new_post_fields


@dataclass(frozen=True)
class Scaffold:
    """A new source file: ``(name, value template)`` fields, then a body."""

    fields: tuple[tuple[str, str], ...]
    body: str

    def text(self, **values: str) -> str:
        head = "".join(
            f"{name}: {value.format(**values)}\n" for name, value in self.fields
        )
        return f"{head}\n{self.body}"


POST = Scaffold(
    fields=(
        ("Title", "{title}"),
        ("Date", "{date}"),
        ("Category", "{category}"),
        ("Tags", ""),
        ("Author", "{author}"),
        ("Summary", "One or two sentences shown on list pages and in feeds."),
        ("Status", "draft"),
    ),
    body=(
        "Write the post here, in Markdown.\n"
        "Change Status to published when it is ready.\n"
    ),
)

EVENT = Scaffold(
    fields=(
        ("Title", "{title}"),
        ("Date", "{date}"),
        ("Start", "{start}"),
        ("End", ""),
        ("Location", ""),
        ("Online", ""),
        ("Booking", ""),
        ("Organiser", ""),
        ("Status", "scheduled"),
        ("Summary", "One line for the events list, the feed and the calendar."),
    ),
    body=(
        "Describe the event here, in Markdown. Leave out the lines you do not\n"
        "need (End, Location, Online, Booking, Organiser); see\n"
        "plugins/events/README.md for what each one takes.\n"
    ),
)

GUEST_POST = Scaffold(
    fields=new_post_fields(
        {"title": "{title}", "author": "{author}", "date": "{date}"}
    ),
    body=(
        "Write your post here, in plain paragraphs. Leave a blank line between\n"
        "paragraphs. Use '## ' at the start of a line for a heading.\n"
        "\n"
        "Delete the Role, Content-Note or Tags line if you do not need it.\n"
        "To show a photo of yourself, or to add images, see CONTRIBUTING.md.\n"
    ),
)


def source_date(now: datetime) -> str:
    """A ``Date:`` value as the scaffolds write it."""
    return f"{now:%Y-%m-%d %H:%M}"


def source_slug(title: str, settings: dict[str, Any]) -> str:
    """The file name (without ``.md``) a new source gets from its title."""
    slug = sitelib.slug(title, settings)
    if not slug:
        raise ValueError(f"'{title}' has no letters or digits to make an address")
    return slug


def write_new_source(path: Path, scaffold: Scaffold, **values: str) -> Path:
    """Write ``scaffold`` filled with ``values`` to ``path`` (its folder made
    if missing, the file whole or not at all: ``sitelib.create_new``) and
    return ``path``; raise FileExistsError rather than overwrite a file."""
    try:
        sitelib.create_new(path, scaffold.text(**values).encode("utf-8"))
    except FileExistsError:
        raise FileExistsError(f"{path} already exists: choose another title") from None
    return path


def create_post(
    settings: dict[str, Any], title: str, now: datetime, author: str, category: str
) -> Path:
    """A draft post: ``<PATH>/posts/<slug>.md``."""
    title = title.strip()
    if not title:
        raise ValueError("the post needs a title")
    path = Path(settings["PATH"]) / "posts" / f"{source_slug(title, settings)}.md"
    return write_new_source(
        path,
        POST,
        title=title,
        date=source_date(now),
        category=category,
        author=author or settings.get("AUTHOR") or "",
    )


def create_event(
    settings: dict[str, Any], title: str, start: str, now: datetime
) -> Path:
    """An event: ``<PATH>/<EVENTS_PATH>/<start date>-<slug>.md``.

    Raises ValueError for an empty title or a start that is not a date.
    """
    from events.model import parse_moment  # the events plugin reads the start
    from events.settings import SETTINGS
    from sitelib.settings import options

    title, start = title.strip(), start.strip()
    if not title:
        raise ValueError("the event needs a title")
    moment = parse_moment(start)
    if moment is None:
        raise ValueError(
            f"'{start}' is not a date: write YYYY-MM-DD HH:MM or YYYY-MM-DD"
        )
    day: date = moment.date() if isinstance(moment, datetime) else moment
    folder = Path(settings["PATH"]) / options(settings, SETTINGS).path
    path = folder / f"{day.isoformat()}-{source_slug(title, settings)}.md"
    return write_new_source(
        path, EVENT, title=title, date=source_date(now), start=start
    )


def create_guest_post(
    settings: dict[str, Any], title: str, author: str, now: datetime
) -> Path:
    """A draft guest post: ``<PATH>/<GUEST_POSTS_PATH>/<slug>.md``."""
    from guest_posts.settings import SETTINGS  # where guest posts are read from
    from sitelib.settings import options

    title, author = title.strip(), author.strip()
    if not title or not author:
        raise ValueError("give a title and --author 'Your Name'")
    folder = Path(settings["PATH"]) / options(settings, SETTINGS).path
    path = folder / f"{source_slug(title, settings)}.md"
    return write_new_source(
        path, GUEST_POST, title=title, author=author, date=source_date(now)
    )
