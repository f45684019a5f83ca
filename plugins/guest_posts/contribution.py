"""Checks on one guest post file, worded for its contributor.

Pure functions: they take the file's text and paths and return the problems
as ``ContentError`` objects whose field names the line (``Bio (line 6)``).
The build and ``invoke check-contribution`` both use ``check_source``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican.utils import get_date, slugify

from campaign import ContentError, check_image, resolve_inside

from .sanitise import plain_text
from .settings import GuestSettings

#: Fields a guest post may have, and what each is for (used in messages).
FIELDS = {
    "title": "the post's title",
    "author": "your name (kept private if Anonymous is yes)",
    "date": "when the post was written, YYYY-MM-DD",
    "summary": "one or two sentences for lists and feeds",
    "bio": "one or two sentences about you",
    "role": "optional, e.g. PWP, North of England",
    "avatar": "optional photo, e.g. {static}/images/guest/you.jpg",
    "anonymous": "yes to publish without your name",
    "content-note": "optional warning shown before the text",
    "status": "draft until a maintainer publishes it",
    "tags": "optional, comma-separated",
    "slug": "optional, the post's address",
    "modified": "optional, when it was last changed",
}
REQUIRED = ("title", "date", "summary", "bio")

#: Fields that would let a post choose where or how it is written.
FORBIDDEN = {
    "save_as": "a guest post cannot choose its output file",
    "url": "a guest post cannot choose its address",
    "template": "a guest post cannot choose its template",
    "category": "guest posts always go in the guest posts category",
    "authors": "a guest post has one author",
    "lang": "guest posts are in the site's language",
    "translation": "guest posts are not translations",
}
YES = {"yes", "true", "y", "1"}
NO = {"no", "false", "n", "0", ""}
STATUSES = {"draft", "published"}
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")
MAX_LENGTH = {
    "title": 120,
    "author": 80,
    "summary": 400,
    "bio": 400,
    "role": 80,
    "content-note": 200,
}

# The patterns of markdown.extensions.meta.
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_META_BEGIN = re.compile(r"^-{3}(\s.*)?")
_META_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_STATIC_REF = re.compile(r"\{(?:static|attach)\}(?P<path>[^)\s\"'>]+)")
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<url>[^)\s>]+)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?(?P<url>[^\"'\s>]+)", re.I)


@dataclass(frozen=True)
class Field:
    value: str
    line: int


def parse_header(text: str) -> tuple[dict[str, Field], int]:
    """The metadata block and the number of the first body line.

    Mirrors Python-Markdown's meta extension, which Pelican uses, line for
    line (an optional ``---`` start, up to three spaces before a key, values
    continued on lines indented by four spaces, a blank line or ``---``/``...``
    to end), so that a check can never see different fields from the build.
    Keys are lower-cased; a repeated key is kept as ``key#2``, ``key#3``…
    """
    lines = text.removeprefix("\ufeff").splitlines()
    fields: dict[str, Field] = {}
    number = 0
    if lines and _META_BEGIN.match(lines[0]):
        number = 1
    key = None
    while number < len(lines):
        line = lines[number]
        number += 1
        if not line.strip() or _META_END.match(line):
            return fields, number + 1
        match = _META_LINE.match(line)
        if match:
            key = match["key"].lower().strip()
            name, count = key, 1
            while name in fields:
                count += 1
                name = f"{key}#{count}"
            key = name
            fields[key] = Field(match["value"].strip(), number)
            continue
        more = _META_MORE.match(line)
        if more and key:
            previous = fields[key]
            value = f"{previous.value} {more['value'].strip()}".strip()
            fields[key] = Field(value, previous.line)
            continue
        return fields, number
    return fields, number + 1


def is_yes(value: str) -> bool:
    return value.strip().lower() in YES


def _label(name: str, line: int) -> str:
    return f"{name.title()} (line {line})"


def check_fields(
    fields: dict[str, Field], source: str, *, anonymous_name: str
) -> list[ContentError]:
    """Problems with the metadata block alone."""
    problems = []
    for name in REQUIRED:
        if not (name in fields and plain_text(fields[name].value)):
            problems.append(
                ContentError(
                    source,
                    name.title(),
                    "is missing or empty",
                    f"add a line '{name.title()}: …' ({FIELDS[name]}) to the block "
                    "at the top",
                )
            )
    anonymous = fields.get("anonymous")
    if anonymous and anonymous.value.lower() not in YES | NO:
        problems.append(
            ContentError(
                source,
                _label("anonymous", anonymous.line),
                f"'{anonymous.value}' is not yes or no",
                "write 'Anonymous: yes' or 'Anonymous: no'",
            )
        )
    is_anonymous = bool(anonymous and is_yes(anonymous.value))
    if not is_anonymous and not plain_text(fields.get("author", Field("", 0)).value):
        problems.append(
            ContentError(
                source,
                "Author",
                "is missing or empty",
                "add 'Author: Your Name', or 'Anonymous: yes' to publish as "
                f"'{anonymous_name}'",
            )
        )
    for name, field in fields.items():
        label = _label(name.partition("#")[0], field.line)
        if "#" in name:
            problems.append(
                ContentError(
                    source,
                    label,
                    "this field is given more than once",
                    "keep one line for it and delete the others",
                )
            )
        elif name in FORBIDDEN:
            problems.append(
                ContentError(
                    source, label, FORBIDDEN[name], "delete this line; we set it"
                )
            )
        elif name not in FIELDS:
            problems.append(
                ContentError(
                    source,
                    label,
                    f"'{name}' is not a field we use",
                    "check the spelling; the fields are " + ", ".join(FIELDS),
                )
            )
        elif "FILL IN" in field.value:
            problems.append(
                ContentError(
                    source, label, "still has the FILL IN text", f"write {FIELDS[name]}"
                )
            )
        elif len(plain_text(field.value)) > MAX_LENGTH.get(name, 10_000):
            problems.append(
                ContentError(
                    source,
                    label,
                    f"is {len(field.value)} characters long",
                    f"shorten it to {MAX_LENGTH[name]} characters or fewer",
                )
            )
    problems.extend(_check_values(fields, source, is_anonymous))
    return problems


def _check_values(
    fields: dict[str, Field], source: str, is_anonymous: bool
) -> list[ContentError]:
    problems = []
    for name in ("date", "modified"):
        field = fields.get(name)
        if field and field.value:
            try:
                get_date(field.value)
            except ValueError:
                problems.append(
                    ContentError(
                        source,
                        _label(name, field.line),
                        f"'{field.value}' is not a date",
                        "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, "
                        "e.g. 2026-03-21 09:30",
                    )
                )
    bio = fields.get("bio")
    if bio and len(_SENTENCE_END.findall(plain_text(bio.value))) > 2:
        problems.append(
            ContentError(
                source,
                _label("bio", bio.line),
                "has more than two sentences",
                "keep the bio to one or two sentences",
            )
        )
    status = fields.get("status")
    if status and status.value.lower() not in STATUSES:
        problems.append(
            ContentError(
                source,
                _label("status", status.line),
                f"'{status.value}' is not draft or published",
                "leave 'Status: draft'; a maintainer publishes the post",
            )
        )
    slug = fields.get("slug")
    if slug and not _SLUG.match(slug.value):
        problems.append(
            ContentError(
                source,
                _label("slug", slug.line),
                f"'{slug.value}' is not a simple address",
                "use lower-case letters, digits and hyphens, e.g. my-first-post, "
                "or delete the line",
            )
        )
    avatar = fields.get("avatar")
    if avatar and is_anonymous:
        problems.append(
            ContentError(
                source,
                _label("avatar", avatar.line),
                "an anonymous post cannot show a photo of its author",
                "delete the Avatar line",
            )
        )
    return problems


def check_body(body: list[str], first_line: int, source: str) -> list[ContentError]:
    """Problems in the Markdown body that are not about safety (that is the
    sanitiser's job): headings and how images are named."""
    problems = []
    for offset, line in enumerate(body):
        number = first_line + offset
        if re.match(r"^#(?!#)\s", line):
            problems.append(
                ContentError(
                    source,
                    f"Body (line {number})",
                    "'# ' makes a second page title",
                    "use '## ' for headings inside the post",
                )
            )
        for match in [*_MARKDOWN_IMAGE.finditer(line), *_HTML_IMAGE.finditer(line)]:
            url = match["url"]
            if not url.startswith(("{static}", "{attach}")):
                problems.append(
                    ContentError(
                        source,
                        f"Body (line {number})",
                        f"image '{url}' is not a file sent with the post "
                        "(it would be removed)",
                        "put the image in content/images/guest/ and write "
                        "![what it shows]({static}/images/guest/name.jpg)",
                    )
                )
    return problems


def image_references(
    fields: dict[str, Field], body: list[str], first_line: int
) -> list[tuple[str, str, int]]:
    """``(field, path, line)`` for the avatar and every {static}/{attach} file."""
    found = []
    avatar = fields.get("avatar")
    if avatar and avatar.value:
        found.append(("Avatar", avatar.value, avatar.line))
    for offset, line in enumerate(body):
        for match in _STATIC_REF.finditer(line):
            found.append(("Body", match.group(0), first_line + offset))
    return found


def check_images(
    references: list[tuple[str, str, int]],
    *,
    content_root: Path,
    source_dir: Path,
    source: str,
    config: GuestSettings,
) -> tuple[list[Path], list[ContentError]]:
    """Resolve and check each referenced file: inside content/, a real image
    of an allowed format, within the byte and pixel limits."""
    paths, problems = [], []
    for name, value, line in references:
        label = f"{name} (line {line})"
        try:
            path = resolve_inside(
                content_root, source_dir, value, source=source, field=label
            )
            if path.is_file() and path.stat().st_size > config.max_image_bytes:
                raise ContentError(
                    source,
                    label,
                    f"'{path.name}' is {path.stat().st_size:,} bytes, over the "
                    f"limit of {config.max_image_bytes:,}",
                    "export the image at a smaller size",
                )
            check_image(
                path,
                source=source,
                field=label,
                max_pixels=config.max_image_pixels,
                formats=IMAGE_FORMATS,
            )
        except ContentError as problem:
            problems.append(problem)
        else:
            paths.append(path)
    return paths, problems


def check_source(
    text: str,
    *,
    source: str,
    content_root: Path,
    source_dir: Path,
    config: GuestSettings,
    advice: bool = True,
) -> list[ContentError]:
    """Every problem in one guest post's text and the images it names.

    With ``advice=False`` the body checks are left out: the sanitiser already
    makes what they find harmless, so the build does not stop for them."""
    fields, first_line = parse_header(text)
    body = text.splitlines()[first_line - 1 :]
    problems = check_fields(fields, source, anonymous_name=config.anonymous_name)
    if advice:
        problems.extend(check_body(body, first_line, source))
    _, image_problems = check_images(
        image_references(fields, body, first_line),
        content_root=content_root,
        source_dir=source_dir,
        source=source,
        config=config,
    )
    return problems + image_problems


def new_post_text(title: str, author: str, now: datetime) -> str:
    """A new guest post with every field filled in or marked."""
    return (
        f"Title: {title}\n"
        f"Author: {author}\n"
        f"Date: {now:%Y-%m-%d %H:%M}\n"
        "Summary: FILL IN: one or two sentences that say what the post is about.\n"
        "Bio: FILL IN: one or two sentences about you, e.g. your work or your "
        "experience of the service.\n"
        "Role: \n"
        "Anonymous: no\n"
        "Content-Note: \n"
        "Status: draft\n"
        "\n"
        "Write your post here, in plain paragraphs. Leave a blank line between\n"
        "paragraphs. Use '## ' at the start of a line for a heading.\n"
        "\n"
        "Delete the Role or Content-Note line if you do not need it. To show a\n"
        "photo of yourself, or to add images, see CONTRIBUTING.md.\n"
    )


def guest_slug(title: str, settings: dict) -> str:
    return slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
