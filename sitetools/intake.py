"""``invoke intake``: a guest post that arrived by email (a saved ``.eml``)
or as a ``.md`` file becomes a draft in ``content/guest/``, its images in
``content/images/guest/``, checked as ``invoke check-contribution`` checks
it, with the one-file preview ``preview/<slug>.html`` when it passes.

Reading (pure): ``read_submission`` finds the post (a ``.md``/``.txt``
attachment, else the plain-text part, else the HTML part made plain, its
scripts dropped: ``sitetools.mail``) and the image attachments;
``draft_text`` gives the text a header made from the subject and the
sender's display name when it has none, rewrites references to the attached
images and forces ``Status: draft``.

Writing (``intake``): the image attachments are checked (``check_image``
limits) before anything is written; every file goes into one of the two
folders (``resolve_inside``), is written atomically and never over an
existing file (a clash is one ``IntakeError`` naming both files, and
nothing is written); if a write fails, the files this run wrote are removed.

Problems the maintainer can fix by hand (a missing Bio, an attachment that
is not an image) do not stop the draft being written: they are returned,
numbered as ``check-contribution`` numbers them. Unsafe or unreadable input
(a malformed message, a clash) is an ``IntakeError`` and writes nothing.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

import sitelib
from guest_posts.rules import FIELDS, new_post_fields
from guest_posts.settings import SETTINGS
from sitelib import ContentError, check_image, create_new, read_header, source_label
from sitelib.settings import options

from .contribution import check_contribution
from .mail import (
    MailError,
    message_date,
    message_text,
    read_message,
    sender_name,
)

#: The images a post may bring, by the format Pillow finds, and their suffix.
IMAGE_SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
IMAGE_NAME_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
#: Attachments taken as the post itself.
POST_SUFFIXES = (".md", ".markdown", ".txt")
#: Where the images go, inside the content folder, when
#: ``GUEST_POSTS_IMAGE_PATHS`` lists it (the default).
IMAGES_FOLDER = "images/guest"
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|tr)\s*:\s*)+", re.IGNORECASE)
_IMAGE_REFERENCES = (
    # ![alt](name), ![alt](<name with spaces>), ![alt](name with spaces "title")
    re.compile(
        r"(?P<before>!\[[^\]]*\]\(\s*)(?P<url><[^>\n]*>|[^)\n]*?)"
        r"(?=\s*(?:\"[^\"\n]*\"\s*)?\))"
    ),
    re.compile(r"(?P<before><img\b[^>]*?\bsrc\s*=\s*[\"']?)(?P<url>[^\"'\s>]+)", re.I),
    re.compile(r"(?m)(?P<before>^[ ]{0,3}\[[^\]]+\]:\s*<?)(?P<url>[^\s>]+)"),
)


class IntakeError(ContentError):
    """Input that cannot safely become a draft: nothing is written."""


@dataclass(frozen=True)
class Attachment:
    """A file that came with the post: its name as sent, type and bytes."""

    name: str
    content_type: str
    data: bytes
    charset: str = "utf-8"


@dataclass(frozen=True)
class Submission:
    """What an email or file holds for a guest post. ``text`` is ``None``
    when there is no readable post; ``problems`` are the ones found reading."""

    text: str | None
    subject: str = ""
    sender: str = ""
    date: datetime | None = None
    images: tuple[Attachment, ...] = ()
    problems: tuple[ContentError, ...] = ()


@dataclass
class IntakeResult:
    post: Path | None = None
    images: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    standalone: Path | None = None


# -- reading ----------------------------------------------------------------------


def base_name(name: str) -> str:
    """The last part of a file name as sent, whatever separator it uses."""
    return PurePosixPath(name.replace("\\", "/")).name


def is_post_file(name: str, content_type: str) -> bool:
    return base_name(name).lower().endswith(POST_SUFFIXES) or content_type in (
        "text/markdown",
        "text/x-markdown",
    )


def is_image_file(name: str, content_type: str) -> bool:
    """Sent as a JPEG, PNG or WebP image (by type or name; ``check_image``
    finds what it really is)."""
    return content_type in ("image/jpeg", "image/png", "image/webp") or (
        base_name(name).lower().endswith(IMAGE_NAME_SUFFIXES)
    )


def attachments(message: EmailMessage) -> Iterator[Attachment]:
    """Every file in the message: parts with a file name, and images (a
    mail program may send an inline image without one)."""
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename() or ""
        kind = part.get_content_type()
        if name or kind.startswith("image/") or part.is_attachment():
            data = part.get_payload(decode=True)
            charset = part.get_content_charset() or "utf-8"
            yield Attachment(name or "image", kind, data or b"", charset)


def read_submission(data: bytes, source: str) -> Submission:
    """The post, images and problems of a saved message (``MailError`` for a
    message that is not well-formed)."""
    message = read_message(data, source)
    problems: list[ContentError] = []
    post: str | None = None
    images: list[Attachment] = []
    attached = False
    for attachment in attachments(message):
        if not attached and is_post_file(attachment.name, attachment.content_type):
            attached = True
            post = decoded(
                attachment.data,
                source,
                f"attachment '{base_name(attachment.name)}'",
                problems,
                attachment.charset,
            )
            continue
        if is_image_file(attachment.name, attachment.content_type):
            images.append(attachment)
            continue
        problems.append(
            ContentError(
                source,
                f"attachment '{base_name(attachment.name)}'",
                f"is not the post or a JPEG, PNG or WebP image "
                f"({attachment.content_type}); it was not saved",
                "ask the writer to send the post as the text of the email or one "
                ".md file, and images as JPEG, PNG or WebP",
            )
        )
    if not attached:
        post = body_text(message, source, problems)
    date = message_date(message)
    subject = _REPLY_PREFIX.sub("", str(message["Subject"] or ""))
    return Submission(
        text=post,
        subject=sitelib.plain_text(subject),
        sender=sitelib.plain_text(sender_name(message)),
        date=date,
        images=tuple(images),
        problems=tuple(problems),
    )


def decoded(
    data: bytes,
    source: str,
    what: str,
    problems: list[ContentError],
    charset: str = "utf-8",
) -> str | None:
    """The text in ``charset``, or ``None`` and a problem."""
    try:
        return sitelib.normalise_newlines(data.decode(charset))
    except (LookupError, UnicodeDecodeError):
        problems.append(
            ContentError(
                source,
                what,
                f"is not valid {charset} text",
                "save it again with UTF-8 encoding (or ask the writer to send "
                "it again)",
            )
        )
        return None


def body_text(
    message: EmailMessage, source: str, problems: list[ContentError]
) -> str | None:
    """The message's text (``sitetools.mail.message_text``: the plain-text
    part, else the HTML part made plain, scripts dropped); ``None`` and a
    problem if it has none or it cannot be decoded by its declared charset."""
    try:
        text = message_text(message, source)
    except MailError as problem:
        problems.append(problem)
        return None
    return sitelib.normalise_newlines(text).strip() + "\n"


def read_file(data: bytes, source: str) -> Submission:
    """A ``.md`` file's post."""
    problems: list[ContentError] = []
    text = decoded(data, source, "encoding", problems)
    return Submission(text=text, problems=tuple(problems))


# -- the draft's text -----------------------------------------------------------------


def has_header(text: str) -> bool:
    """Whether the text starts with guest post fields (``Title: …``)."""
    fields, _, _ = read_header(text)
    return any(name.partition("#")[0] in FIELDS for name in fields)


def made_header(submission: Submission, when: datetime) -> str:
    """A header from the message: Title from the subject, Author from the
    sender's display name (never the address), FILL IN for what is missing."""
    given = {
        "title": " ".join(submission.subject.split()),
        "author": " ".join(submission.sender.split()),
        "date": f"{when:%Y-%m-%d %H:%M}",
    }
    fields = new_post_fields({name: value for name, value in given.items() if value})
    return "".join(f"{label}: {value}\n" for label, value in fields)


def forced_draft(text: str) -> str:
    """The text with every ``Status`` line set to ``draft`` (one added at the
    end of the header if there is none)."""
    fields, first_line, _ = read_header(text)
    lines = text.split("\n")
    status = [
        f.line for name, f in fields.items() if name.partition("#")[0] == "status"
    ]
    for line in status:
        lines[line - 1] = "Status: draft"
    if not status:
        header_end = max(first_line - 2, 0)
        while header_end > 0 and not lines[header_end - 1].strip():
            header_end -= 1
        lines.insert(header_end, "Status: draft")
    return "\n".join(lines)


def images_folder(settings: dict[str, Any]) -> str:
    """Where a post's images are saved, inside the content folder: always a
    folder whose files the build treats as untrusted guest images
    (``GUEST_POSTS_IMAGE_PATHS``): ``images/guest`` when it is listed, else
    the first folder listed, else the guest posts' own folder."""
    config = options(settings, SETTINGS)
    listed = list(config.image_paths)
    if IMAGES_FOLDER in listed:
        return IMAGES_FOLDER
    return listed[0] if listed else config.path


def rewrite_images(
    text: str, saved: dict[str, str], folder: str = IMAGES_FOLDER
) -> str:
    """References to an attachment's original file name (``![a](IMG_1.JPG)``,
    ``<img src="IMG_1.JPG">``, ``[id]: IMG_1.JPG``) made
    ``{static}/<folder>/<saved name>``."""

    def replace(match: re.Match[str]) -> str:
        url = match.group("url").strip().removeprefix("<").removesuffix(">")
        name = saved.get(url) or saved.get(base_name(url))
        if name is None or "://" in url or url.startswith("{"):
            return match.group(0)
        return f"{match.group('before')}{{static}}/{folder}/{name}"

    for pattern in _IMAGE_REFERENCES:
        text = pattern.sub(replace, text)
    return text


def draft_text(
    submission: Submission,
    saved: dict[str, str],
    when: datetime,
    folder: str = IMAGES_FOLDER,
) -> str:
    """The draft's text: the post, with a header made if it has none, image
    references rewritten (to ``folder``) and ``Status: draft``."""
    text = (submission.text or "").lstrip("\ufeff")
    if not has_header(text):
        text = f"{made_header(submission, when)}\n{text.lstrip(chr(10))}"
    return forced_draft(rewrite_images(text, saved, folder))


def post_slug(text: str, when: datetime, settings: dict[str, Any]) -> str:
    """The draft's file name (no ``.md``): its Slug, else its title's slug,
    else ``guest-post-<date>``."""
    fields, _, _ = read_header(text)
    for name in ("slug", "title"):
        value = fields[name].value if name in fields else ""
        if value and "FILL IN" not in value:
            made = sitelib.slug(sitelib.plain_text(value), settings)
            if made:
                return made
    return f"guest-post-{when:%Y-%m-%d}"


def image_name(
    name: str, image_format: str, taken: set[str], settings: dict[str, Any]
) -> str:
    """A safe file name for an attachment: its base name slugged (no folder,
    no dot file), the suffix of its real format, numbered if taken."""
    stem = sitelib.slug(PurePosixPath(base_name(name)).stem, settings) or "image"
    suffix = IMAGE_SUFFIXES[image_format]
    candidate, number = f"{stem}{suffix}", 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}{suffix}", number + 1
    taken.add(candidate)
    return candidate


# -- writing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    target: Path
    data: bytes


def checked_images(
    images: tuple[Attachment, ...], source: str, settings: dict[str, Any]
) -> tuple[dict[str, tuple[str, bytes]], list[ContentError]]:
    """Each good image by its name as sent: ``(safe name, bytes)``, and a
    problem for each image over the limits or not an image at all."""
    config = options(settings, SETTINGS)
    good: dict[str, tuple[str, bytes]] = {}
    problems: list[ContentError] = []
    taken: set[str] = set()
    with tempfile.TemporaryDirectory() as folder:
        for number, image in enumerate(images):
            label = f"attachment '{base_name(image.name)}'"
            if len(image.data) > config.max_image_bytes:
                problems.append(
                    ContentError(
                        source,
                        label,
                        f"is {len(image.data):,} bytes, over the limit of "
                        f"{config.max_image_bytes:,}; it was not saved",
                        "ask the writer for a smaller copy of the image",
                    )
                )
                continue
            probe = Path(folder) / str(number) / (base_name(image.name) or "image")
            probe.parent.mkdir()
            probe.write_bytes(image.data)
            try:
                info = check_image(
                    probe,
                    source=source,
                    field=label,
                    max_pixels=config.max_image_pixels,
                    formats=tuple(IMAGE_SUFFIXES),
                )
            except ContentError as problem:
                problems.append(problem)
                continue
            safe = image_name(image.name, info.format, taken, settings)
            good[image.name] = (safe, image.data)
    return good, problems


def inside(folder: Path, name: str, content_root: Path, source: str) -> Path:
    """``folder/name``, verified to stay inside ``folder``."""
    target = sitelib.resolve_inside(
        content_root, folder, name, source=source, field="file name"
    )
    if target.parent != folder.resolve():
        raise IntakeError(
            source,
            "file name",
            f"'{name}' leaves {folder.name}/; nothing was written",
            "rename the attachment and run intake again",
        )
    return target


def write_all(planned: list[Planned], source: str, content_root: Path) -> list[Path]:
    """Write every file, new, atomically; on a clash or failure remove what
    this run wrote and raise ``IntakeError``."""
    for item in planned:
        if item.target.exists():
            raise _clash(item.target, source, content_root)
    written: list[Path] = []
    try:
        for item in planned:
            create_new(item.target, item.data)
            written.append(item.target)
    except FileExistsError:
        _remove(written)
        raise _clash(item.target, source, content_root) from None
    except OSError as failure:
        _remove(written)
        raise IntakeError(
            source,
            "file",
            f"{source_label(item.target, str(content_root))} could not be written "
            f"({failure.strerror}); nothing was kept",
            "check the folder's permissions and free space, then run intake again",
        ) from None
    return written


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _clash(target: Path, source: str, content_root: Path) -> IntakeError:
    other = "" if target.suffix != ".md" else ", or give the post another Title or Slug"
    return IntakeError(
        source,
        "file",
        f"{source_label(target, str(content_root))} already exists; nothing "
        "was written",
        f"rename or remove that file{other}, then run intake again",
    )


def intake(
    path: Path,
    settings: dict[str, Any],
    *,
    source: str,
    now: datetime,
    validate_html: bool = True,
) -> IntakeResult:
    """Take one ``.eml`` or ``.md`` file in as a draft guest post (see the
    module's description). Raises ``IntakeError`` when nothing was written."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".eml":
        try:
            submission = read_submission(data, source)
        except MailError as problem:
            raise IntakeError(*astuple(problem)) from None
    elif suffix in POST_SUFFIXES:
        submission = read_file(data, source)
    else:
        raise IntakeError(
            source,
            "file",
            "is not a saved email (.eml) or a Markdown file (.md)",
            'save the message from the mail program as a .eml file ("Save as" '
            'or "Download message"), or give the .md file',
        )
    problems = [str(problem) for problem in submission.problems]
    if submission.text is None:
        return IntakeResult(problems=problems)
    content_root = Path(settings["PATH"]).resolve()
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    when = (submission.date or now).astimezone(zone)
    images, image_problems = checked_images(submission.images, source, settings)
    problems += [str(problem) for problem in image_problems]
    saved = {name: safe for name, (safe, _) in images.items()}
    saved |= {base_name(name): safe for name, safe in list(saved.items())}
    folder = images_folder(settings)
    text = draft_text(submission, saved, when, folder)
    guest = content_root / options(settings, SETTINGS).path
    pictures = content_root / folder
    planned = [
        Planned(inside(pictures, safe, content_root, source), data)
        for safe, data in images.values()
    ]
    post = inside(guest, f"{post_slug(text, when, settings)}.md", content_root, source)
    planned.append(Planned(post, text.encode("utf-8")))
    written = write_all(planned, source, content_root)
    checked = check_contribution(post, settings, validate_html=validate_html)
    return IntakeResult(
        post=post,
        images=written[:-1],
        problems=problems + checked.problems,
        standalone=checked.standalone,
    )
