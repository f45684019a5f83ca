"""Readers' responses for the maintainer: ``invoke add-response`` turns a
saved email (``.eml``) into a pending response file, ``invoke responses``
lists the pending ones.

The message is read with ``sitetools.mail`` (shared with ``invoke intake``):
the post comes from the ``[slug]`` at the end of the subject, the text from
the plain-text part (or the HTML part, made plain), without quoted text,
the signature or the instructions the "Respond by email" link puts in the
body. Every email address in the text is replaced by ``[address removed]``
and none is written to the file. Problems are ``ResponseError`` (one line:
file, field, fix); nothing is written then.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sitelib
from guest_posts.settings import SETTINGS as GUEST_SETTINGS
from responses.generator import is_closed
from responses.mail import INSTRUCTIONS, slug_from_subject
from responses.model import STATUSES, parse_date
from responses.settings import SETTINGS
from sitelib import ContentError, front_matter, read_source, remove_addresses
from sitelib.settings import options

from .mail import (
    MailError,
    message_date,
    message_text,
    read_message,
    sender_name,
)
from .scaffold import Scaffold, write_new_source

#: "On Tue, 1 Dec 2026 at 09:30, Jo <jo@example.org> wrote:" (maybe over two lines).
_ATTRIBUTION = re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE | re.DOTALL)
_FORWARD = re.compile(
    r"^\s*(-{2,}\s*Original Message\s*-{2,}|_{10,}|From:\s.+)$", re.IGNORECASE
)
_SIGNATURE = re.compile(r"^(--|-- |Sent from my .+|Get Outlook for .+)$", re.IGNORECASE)
_NAME_LINE = re.compile(r"^\s*name\s*:(.*)$", re.IGNORECASE)


class ResponseError(ContentError):
    """A message that cannot become a response."""


@dataclass(frozen=True)
class Post:
    slug: str
    title: str
    source: Path
    metadata: dict[str, str]
    date: datetime | None


@dataclass(frozen=True)
class Incoming:
    """What a message holds for a response."""

    slug: str | None
    name: str
    date: datetime | None
    text: str


# -- reading the message -------------------------------------------------------


def strip_reply(text: str) -> str:
    """The writer's own text: no quoted lines (``>``), nothing from an
    "On … wrote:" line or a forwarded header on, no signature (``-- ``)."""
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        two = f"{line}\n{lines[index + 1]}" if index + 1 < len(lines) else line
        if _ATTRIBUTION.match(line) or (
            line.strip().startswith("On ") and _ATTRIBUTION.match(two)
        ):
            break
        if _FORWARD.match(line) or _SIGNATURE.match(line.rstrip()):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def take_name(text: str) -> tuple[str, str]:
    """The ``Name:`` line's value (the first one) and the text without it and
    without the instructions of the "Respond by email" link."""
    name, kept, found = "", [], False
    for line in text.split("\n"):
        match = _NAME_LINE.match(line)
        if match and not found:
            name, found = match.group(1).strip(), True
            continue
        kept.append(line)
    paragraphs = re.split(r"\n\s*\n", "\n".join(kept))
    instructions = " ".join(INSTRUCTIONS.split())
    paragraphs = [p for p in paragraphs if " ".join(p.split()) != instructions]
    return name, "\n\n".join(p.strip("\n") for p in paragraphs).strip()


def incoming(message: EmailMessage, source: str) -> Incoming:
    """The slug, name, date and text a message holds (name "" if none)."""
    subject = str(message["Subject"] or "")
    named, text = take_name(strip_reply(message_text(message, source)))
    display = sender_name(message)
    date = message_date(message)
    name = remove_addresses(sitelib.plain_text(named or display)).strip()
    return Incoming(
        slug=slug_from_subject(subject),
        name=name,
        date=date,
        text=remove_addresses(text),
    )


# -- finding the post ------------------------------------------------------------


def published_posts(settings: dict[str, Any]) -> dict[str, Post]:
    """Every published post by slug (``Slug`` or the title's slug), read from
    the Markdown files in ``ARTICLE_PATHS``."""
    root = Path(settings["PATH"])
    guest = options(settings, GUEST_SETTINGS).path
    timezone = settings.get("TIMEZONE") or "UTC"
    posts: dict[str, Post] = {}
    for folder in settings.get("ARTICLE_PATHS") or [""]:
        for path in sorted((root / folder).rglob("*.md")):
            meta = front_matter(read_source(path), settings.get("MARKDOWN"))
            default = "draft" if folder.strip("/") == guest else "published"
            if meta.get("status", default).strip().lower() != "published":
                continue
            title = sitelib.plain_text(meta.get("title", ""))
            slug = meta.get("slug") or sitelib.slug(title, settings)
            date = _date(meta.get("date", ""), timezone)
            posts[slug] = Post(slug, title, path, meta, date)
    return posts


def _date(value: str, timezone: str) -> datetime | None:
    return parse_date(value[:16], timezone)


# -- writing the response ----------------------------------------------------------


def response_path(folder: Path, when: datetime, name_slug: str) -> Path:
    """``<folder>/<YYYY-MM-DD-HHMM>-<name-slug>.md``, numbered if taken."""
    stem = f"{when:%Y-%m-%d-%H%M}-{name_slug}"
    path, number = folder / f"{stem}.md", 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.md", number + 1
    return path


def add_response(
    data: bytes,
    settings: dict[str, Any],
    *,
    source: str,
    post: str | None = None,
    anonymous: bool = False,
    reply_to: str | None = None,
    now: datetime,
) -> Path:
    """Write a pending response from a message's bytes; return its path.
    Raises ``ResponseError`` (nothing written) for any problem."""
    opts = options(settings, SETTINGS)
    try:
        found = incoming(read_message(data, source), source)
    except MailError as problem:
        raise ResponseError(*astuple(problem)) from None
    slug = (post or found.slug or "").strip().lower()
    if not slug:
        raise ResponseError(
            source,
            "Subject",
            "names no post (no [post-slug] at its end)",
            "run again with --post SLUG",
        )
    posts = published_posts(settings)
    target = posts.get(slug)
    if target is None:
        raise ResponseError(
            source,
            "--post" if post else "Subject",
            f"no published post has the slug '{slug}'",
            "run again with --post SLUG naming the post (its file's Slug, "
            "or its title as in its address)",
        )
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    if is_closed(
        target.metadata,
        target.date or now.astimezone(zone),
        now.astimezone(zone),
        opts.close_after_days,
    ):
        raise ResponseError(
            source,
            "Subject",
            f"the post '{slug}' is closed to responses",
            "do not add it, or delete 'Responses: closed' from "
            f"{sitelib.source_label(target.source, settings['PATH'])} first",
        )
    if not found.text:
        raise ResponseError(
            source,
            "text",
            "no text is left once quoted mail and the signature are removed",
            "check the message; if the response is in the quoted part, copy "
            "it into a response file by hand",
        )
    if len(found.text) > opts.max_characters:
        raise ResponseError(
            source,
            "text",
            f"the response is {len(found.text)} characters long, over the "
            f"limit of {opts.max_characters}",
            "ask the writer to shorten it, or raise RESPONSES_MAX_CHARACTERS",
        )
    folder = Path(settings["PATH"]) / opts.path / slug
    if reply_to and not (folder / Path(reply_to).name).is_file():
        raise ResponseError(
            source,
            "--reply-to",
            f"'{reply_to}' is not a response to '{slug}'",
            f"name a file in {sitelib.source_label(folder, settings['PATH'])}/",
        )
    name = opts.anonymous_name if anonymous else found.name
    if not name or name.strip().lower() == "anonymous":
        name = opts.anonymous_name
    when = (found.date or now).astimezone(zone)
    name_slug = sitelib.slug(name, settings) or "anonymous"
    fields = [("Name", name), ("Date", f"{when:%Y-%m-%d %H:%M}"), ("Status", "pending")]
    if reply_to:
        fields.append(("Reply-To", Path(reply_to).name))
    scaffold = Scaffold(
        fields=tuple((field, _literal(value)) for field, value in fields),
        body=f"{found.text}\n",
    )
    return write_new_source(response_path(folder, when, name_slug), scaffold)


def _literal(value: str) -> str:
    """``value`` as a ``Scaffold`` field template that formats to itself."""
    return value.replace("{", "{{").replace("}", "}}")


# -- listing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    path: Path
    name: str
    date: str
    status: str
    excerpt: str


def list_responses(settings: dict[str, Any], status: str = "pending") -> list[Listed]:
    """Responses with ``status`` (``STATUSES``), oldest first."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    root = Path(settings["PATH"]) / options(settings, SETTINGS).path
    found = []
    for path in sorted(root.glob("*/*.md")):
        text = read_source(path)
        meta = front_matter(text, settings.get("MARKDOWN"))
        if meta.get("status", "").strip().lower() != status:
            continue
        body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
        found.append(
            Listed(
                path=path,
                name=meta.get("name", ""),
                date=meta.get("date", ""),
                status=status,
                excerpt=" ".join(body.split())[:70],
            )
        )
    return sorted(found, key=lambda item: (item.date, str(item.path)))
