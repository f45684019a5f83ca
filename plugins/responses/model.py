"""A response file read and checked: pure functions, no Pelican signals.

A response is ``content/<RESPONSES_PATH>/<post-slug>/<name>.md``::

    Name: Sam Okafor
    Date: 2026-03-21 09:30
    Status: pending
    Reply-To: 2026-03-20-1815-jo.md

    The text, as Markdown (untrusted: it is sanitised like a guest post).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from sitelib import (
    ContentError,
    Field,
    date_error,
    parse_header,
    plain_text,
    remove_addresses,
)

#: Statuses a response may have: only approved ones are published.
STATUSES = ("pending", "approved")
#: Fields a response file may have.
FIELDS = ("name", "date", "status", "reply-to")
DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d")


@dataclass
class Response:
    """One response. ``html`` is filled in (sanitised) only for approved
    responses; ``replies`` holds the approved answers to a top-level one."""

    source: str
    post_slug: str
    file_name: str
    name: str
    date: datetime
    status: str
    reply_to: str
    body: str
    html: str = ""
    #: ``html`` as plain text (for the JSON-LD and the feed summary).
    text: str = ""
    #: The date as the site shows dates (``DEFAULT_DATE_FORMAT``), set by the
    #: generator.
    shown_date: str = ""
    replies: list[Response] = field(default_factory=list)
    #: The response's id on the post page (``response-<file stem>``).
    anchor: str = field(init=False)

    def __post_init__(self) -> None:
        self.anchor = f"response-{PurePosixPath(self.file_name).stem}"

    @property
    def iso_date(self) -> str:
        return self.date.isoformat()

    @property
    def approved(self) -> bool:
        return self.status == "approved"


def parse_date(value: str, timezone: str) -> datetime | None:
    """``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD`` in the site's time zone."""
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), form).replace(
                tzinfo=ZoneInfo(timezone)
            )
        except ValueError:
            continue
    return None


def parse_response(
    text: str,
    *,
    source: str,
    post_slug: str,
    file_name: str,
    timezone: str,
    anonymous_name: str,
    max_characters: int,
) -> tuple[Response | None, list[ContentError]]:
    """A response file's text as a ``Response``, or its problems."""
    # Meta extension only: Pelican never reads these files, so no extension
    # of the site's MARKDOWN can change how their header reads.
    fields, first_line = parse_header(text)
    body = "\n".join(text.split("\n")[first_line - 1 :]).strip()
    problems = check_fields(fields, source)
    value = {name: f.value.strip() for name, f in fields.items() if "#" not in name}
    date = parse_date(value.get("date", ""), timezone)
    if "date" in value and date is None:
        problems.append(date_error(source, "Date", value["date"]))
    if not body:
        problems.append(
            ContentError(
                source,
                "text",
                "the response has no text",
                "write the response below the blank line after the fields, "
                "or delete the file",
            )
        )
    elif len(body) > max_characters:
        problems.append(
            ContentError(
                source,
                "text",
                f"the response is {len(body)} characters long, over the "
                f"limit of {max_characters}",
                "shorten it, or raise RESPONSES_MAX_CHARACTERS",
            )
        )
    if problems or date is None:
        return None, problems
    name = remove_addresses(plain_text(value.get("name", ""))) or anonymous_name
    return (
        Response(
            source=source,
            post_slug=post_slug,
            file_name=file_name,
            name=name,
            date=date,
            status=value["status"].lower(),
            reply_to=value.get("reply-to", ""),
            body=body,
        ),
        [],
    )


def check_fields(fields: dict[str, Field], source: str) -> list[ContentError]:
    """Unknown, repeated and missing fields, and the status."""
    problems = []
    for name in fields:
        base = name.partition("#")[0]
        if "#" in name:
            problems.append(
                ContentError(
                    source,
                    base.title(),
                    "is written twice",
                    "keep one of the lines",
                )
            )
        elif base not in FIELDS:
            problems.append(
                ContentError(
                    source,
                    base.title(),
                    f"'{base}' is not a response field",
                    f"delete the line (fields: {', '.join(f.title() for f in FIELDS)})",
                )
            )
    for required in ("date", "status"):
        if required not in fields:
            problems.append(
                ContentError(
                    source,
                    required.title(),
                    "is missing",
                    "add it to the fields at the top (see content/responses/README.md)",
                )
            )
    status = fields["status"].value if "status" in fields else STATUSES[0]
    if status.strip().lower() not in STATUSES:
        problems.append(
            ContentError(
                source,
                "Status",
                f"'{status}' is not one of {', '.join(STATUSES)}",
                "write 'Status: pending' or 'Status: approved'",
            )
        )
    return problems


def thread(responses: Iterable[Response]) -> tuple[list[Response], list[ContentError]]:
    """One post's responses as a thread: the approved top-level responses,
    oldest first, each with its approved replies (a reply to a reply joins
    the first response of its chain: one level of nesting). A ``Reply-To``
    naming no response of the post, or an approved reply to a response that
    is not approved, is a problem."""
    ordered = sorted(responses, key=lambda r: (r.date, r.file_name))
    by_file = {r.file_name: r for r in ordered}
    problems: list[ContentError] = []
    top: list[Response] = []
    for response in ordered:
        response.replies = []
    for response in ordered:
        if not response.reply_to:
            if response.approved:
                top.append(response)
            continue
        root = _root(response, by_file, problems)
        if root is None or not response.approved:
            continue
        if not root.approved:
            problems.append(
                ContentError(
                    response.source,
                    "Reply-To",
                    f"answers '{root.file_name}', which is not approved",
                    f"approve {root.file_name} too, or delete the Reply-To line",
                )
            )
            continue
        root.replies.append(response)
    return top, problems


def _root(
    response: Response, by_file: dict[str, Response], problems: list[ContentError]
) -> Response | None:
    seen = {response.file_name}
    current = response
    while current.reply_to:
        parent = by_file.get(PurePosixPath(current.reply_to).name)
        if parent is None or parent.file_name in seen:
            problems.append(
                ContentError(
                    current.source,
                    "Reply-To",
                    f"'{current.reply_to}' is not a response to the same post",
                    f"write the file name of a response in the same folder, "
                    f"e.g. {_example(by_file, current)}, or delete the line",
                )
            )
            return None
        seen.add(parent.file_name)
        current = parent
    return current


def _example(by_file: dict[str, Response], response: Response) -> str:
    others = [name for name in by_file if name != response.file_name]
    return others[0] if others else "2026-03-21-0930-sam.md"


def count(top: Sequence[Response]) -> int:
    """How many responses a thread shows."""
    return sum(1 + len(r.replies) for r in top)


def to_entry(response: Response) -> dict[str, str]:
    """What the cache keeps of a response that was read without a problem."""
    return {
        "name": response.name,
        "date": response.date.isoformat(),
        "status": response.status,
        "reply_to": response.reply_to,
        "html": response.html,
        "text": response.text,
    }


def from_entry(
    entry: dict[str, str], source: str, post_slug: str, file_name: str
) -> Response:
    """A response as ``to_entry`` kept it (its Markdown text is not kept)."""
    return Response(
        source=source,
        post_slug=post_slug,
        file_name=file_name,
        name=entry["name"],
        date=datetime.fromisoformat(entry["date"]),
        status=entry["status"],
        reply_to=entry["reply_to"],
        body="",
        html=entry["html"],
        text=entry["text"],
    )
