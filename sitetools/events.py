"""Events outside the build: ``invoke event-status`` edits an event file, and
``invoke publish`` refuses a calendar whose changed events kept their
``SEQUENCE`` (a subscribed calendar would not see the change)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from icalendar import Calendar

from events.model import STATUSES, parse_moment
from sitelib import atomic_write

#: What a calendar program compares to decide an event has changed.
WATCHED = {
    "DTSTART": "start",
    "DTEND": "end",
    "LOCATION": "location",
    "STATUS": "status",
    "RRULE": "repeat rule",
    "EXDATE": "skipped dates",
}
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s?(.*)$")


class EventFileError(Exception):
    """The event cannot be changed; the message says why and what to do."""


# -- finding and editing an event file ----------------------------------------


def header_end(lines: list[str]) -> int:
    """The index of the blank line that ends a Markdown file's metadata."""
    for number, line in enumerate(lines):
        if not line.strip():
            return number
    return len(lines)


def metadata_of(text: str) -> dict[str, str]:
    """The first line of each metadata field (names lower-case)."""
    lines = text.splitlines()
    found = {}
    for line in lines[: header_end(lines)]:
        match = _FIELD.match(line)
        if match:
            found.setdefault(match.group(1).lower(), match.group(2).strip())
    return found


def event_slug(text: str, slugify: Callable[[str], str]) -> str:
    metadata = metadata_of(text)
    return metadata.get("slug") or slugify(metadata.get("title", ""))


def find_event(folder: Path, slug: str, slugify: Callable[[str], str]) -> Path:
    """The Markdown file in ``folder`` whose event has ``slug``."""
    for path in sorted(folder.glob("*.md")):
        if event_slug(path.read_text(encoding="utf-8"), slugify) == slug:
            return path
    raise EventFileError(
        f"no event in {folder} has the slug '{slug}': use the name in its web "
        "address, e.g. 'sample-workers-cafe' for events/sample-workers-cafe.html"
    )


def set_fields(text: str, values: dict[str, str]) -> str:
    """``text`` with each metadata field set (replaced where it is, else
    added at the end of the header); continuation lines of a replaced field
    go with it."""
    lines = text.splitlines()
    end = header_end(lines)
    header, body = lines[:end], lines[end:]
    pending = dict(values)
    result: list[str] = []
    skipping = False
    for line in header:
        match = _FIELD.match(line)
        if match:
            name = next(
                (n for n in pending if n.lower() == match.group(1).lower()), None
            )
            skipping = name is not None
            if name is not None:
                result.append(f"{name}: {pending.pop(name)}")
                continue
        elif skipping and line.startswith((" ", "\t")):
            continue
        else:
            skipping = False
        result.append(line)
    result += [f"{name}: {value}" for name, value in pending.items()]
    return "\n".join([*result, *body]) + "\n"


@dataclass(frozen=True)
class StatusChange:
    path: Path
    sequence: int
    changed: dict[str, str]


def change_status(
    folder: Path,
    slug: str,
    status: str,
    *,
    now: datetime,
    slugify: Callable[[str], str],
    start: str = "",
    end: str = "",
    location: str = "",
) -> StatusChange:
    """Set an event's Status (and Start, End, Location if given), add 1 to its
    Sequence and set Modified to ``now``; write the file in one step."""
    if status not in STATUSES:
        raise EventFileError(
            f"'{status}' is not a status: use one of {', '.join(STATUSES)}"
        )
    for name, value in (("--start", start), ("--end", end)):
        if (
            value
            and parse_moment(value) is None
            and not re.match(r"^\d{1,2}:\d{2}$", value)
        ):
            raise EventFileError(
                f"{name} '{value}' is not a date: write YYYY-MM-DD HH:MM, "
                "YYYY-MM-DD, or HH:MM for --end"
            )
    path = find_event(folder, slug, slugify)
    text = path.read_text(encoding="utf-8")
    old = metadata_of(text).get("sequence", "0") or "0"
    if not old.isdigit():
        raise EventFileError(
            f"{path}: Sequence '{old}' is not a whole number; fix it first"
        )
    values = {"Status": status}
    if start:
        values["Start"] = start
    if end:
        values["End"] = end
    if location:
        values["Location"] = location
    values["Sequence"] = str(int(old) + 1)
    values["Modified"] = f"{now:%Y-%m-%d %H:%M}"
    atomic_write(path, set_fields(text, values).encode("utf-8"))
    return StatusChange(path, int(old) + 1, values)


# -- the publish-time check ---------------------------------------------------


def _events(data: bytes) -> dict[str, tuple[int, dict[str, bytes], str, str]]:
    """UID -> (SEQUENCE, watched properties as written, title, URL)."""
    found = {}
    for vevent in Calendar.from_ical(data).walk("VEVENT"):
        watched = {
            name: b"".join(v.to_ical() for v in (p if isinstance(p, list) else [p]))
            for name in WATCHED
            if (p := vevent.get(name)) is not None
        }
        found[str(vevent["UID"])] = (
            int(vevent.get("SEQUENCE", 0)),
            watched,
            str(vevent.get("SUMMARY", "")),
            str(vevent.get("URL", "")),
        )
    return found


def sequence_problems(
    live: bytes, new: bytes, source_of: Callable[[str], str] = lambda url: url
) -> list[str]:
    """One line per event in both calendars whose start, end, place, status or
    repeat changed while its SEQUENCE did not rise, or whose SEQUENCE fell.
    ``source_of`` names the event's file from its page URL."""
    if not live.strip():
        return []
    before, after = _events(live), _events(new)
    problems = []
    for uid, (sequence, watched, title, url) in after.items():
        if uid not in before:
            continue
        old_sequence, old_watched = before[uid][:2]
        source = source_of(url)
        if sequence < old_sequence:
            problems.append(
                f"{source}: Sequence: {sequence} is lower than the live calendar's "
                f"{old_sequence} for '{title}'. Fix: set 'Sequence: {old_sequence + 1}'"
            )
            continue
        changed = [
            WATCHED[name]
            for name in WATCHED
            if watched.get(name) != old_watched.get(name)
        ]
        if changed and sequence == old_sequence:
            problems.append(
                f"{source}: Sequence: '{title}' changed its {', '.join(changed)} "
                f"since the live calendar but Sequence is still {sequence}, so "
                "subscribed calendars would keep the old details. Fix: set "
                f"'Sequence: {sequence + 1}' and 'Modified:' (invoke event-status "
                "does both)"
            )
    return problems


def slug_from_url(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")


def source_namer(
    folder: Path, slugify: Callable[[str], str], root: Path
) -> Callable[[str], str]:
    """Names an event's file (``content/events/…``) from its page URL."""

    def name(url: str) -> str:
        slug = slug_from_url(url)
        try:
            path = find_event(folder, slug, slugify)
        except EventFileError:
            return f"the event '{slug}'"
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return str(path)

    return name
