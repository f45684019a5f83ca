"""Checks on one guest post file, worded for its contributor.

Pure functions: they take the file's text and paths and return the problems
as ``ContentError`` objects whose field names the line (``Bio (line 6)``).
The build and ``invoke check-contribution`` both use ``inspect_source``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.utils import get_date

import sitelib
from build_guard.status import status_problem
from sitelib import (
    ContentError,
    Field,
    ImageInfo,
    check_image,
    date_error,
    normalise_newlines,
    plain_text,
    read_header,
    resolve_inside,
)
from sitelib.text import FORBIDDEN_CHARACTERS, character_name

from .rules import (
    FIELD_RULES,
    FIELDS,
    FILL_IN,
    FORBIDDEN,
    MAX_LENGTH,
    NO,
    REQUIRED,
    SENTENCE_END_PATTERN,
    SLUG_PATTERN,
    TITLE_HEADING_PATTERN,
    YES,
)
from .settings import GuestSettings

IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")
_RULES = {rule.name: rule for rule in FIELD_RULES}

_SLUG = re.compile(SLUG_PATTERN)
_SENTENCE_END = re.compile(SENTENCE_END_PATTERN)
_TITLE_HEADING = re.compile(TITLE_HEADING_PATTERN)
_STATIC_REF = re.compile(r"\{(?:static|attach)\}(?P<path>[^)\s\"'>]+)")
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<url>[^)\s>]+)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?(?P<url>[^\"'\s>]+)", re.I)


def is_yes(value: str) -> bool:
    return value.strip().lower() in YES


def same_name(first: object, second: object) -> bool:
    """Whether two names are the same person's name to a reader: compared as
    plain text, ignoring case and spacing, and as their address (slug)."""
    a, b = plain_text(first), plain_text(second)
    if " ".join(a.casefold().split()) == " ".join(b.casefold().split()):
        return True
    slug = sitelib.slug(a, {})
    return bool(slug) and slug == sitelib.slug(b, {})


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
    author = fields.get("author")
    if not is_anonymous and author and same_name(author.value, anonymous_name):
        problems.append(
            ContentError(
                source,
                _label("author", author.line),
                f"'{anonymous_name}' is the name shown for anonymous posts",
                "write your own name, or 'Anonymous: yes'",
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
        elif FILL_IN in field.value:
            problems.append(
                ContentError(
                    source,
                    label,
                    f"still has the {FILL_IN} text",
                    f"write {FIELDS[name]}",
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
                    date_error(source, _label(name, field.line), field.value)
                )
    bio = fields.get("bio")
    most = _RULES["bio"].max_sentences
    if bio and len(_SENTENCE_END.findall(plain_text(bio.value))) > most:
        problems.append(
            ContentError(
                source,
                _label("bio", bio.line),
                "has more than two sentences",
                "keep the bio to one or two sentences",
            )
        )
    status = fields.get("status")
    if status and (
        problem := status_problem(
            status.value, source, _label("status", status.line), _RULES["status"].values
        )
    ):
        problems.append(problem)
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
        if _TITLE_HEADING.match(line):
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


def checked_images(
    references: list[tuple[str, str, int]],
    *,
    content_root: Path,
    source_dir: Path,
    source: str,
    config: GuestSettings,
) -> tuple[dict[str, ImageInfo], list[ContentError]]:
    """Resolve and check each referenced file: inside content/, a real image
    of an allowed format, within the byte and pixel limits. Returns each good
    image by the text naming it, and the problems."""
    images, problems = {}, []
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
            images[value] = check_image(
                path,
                source=source,
                field=label,
                max_pixels=config.max_image_pixels,
                formats=IMAGE_FORMATS,
            )
        except ContentError as problem:
            problems.append(problem)
    return images, problems


#: Python-Markdown scans from each "[" and "<" to the end of its paragraph
#: (link and inline HTML patterns), so the work grows with both; this is the
#: most (openers × paragraph length, summed over paragraphs) a post may ask
#: for: about a second of reading.
MAX_SCAN_WORK = 5_000_000
#: Deeper nesting makes Markdown's block parser slow (cubic in list depth).
MAX_INDENT = 64
MAX_QUOTE_DEPTH = 16
#: Lines in one block (no blank line between them): headings, rules and
#: definition terms in a block are split off one at a time (quadratic), and
#: a definition list nests a level per item (Python's recursion limit).
MAX_BLOCK_LINES = 200
#: Code blocks are highlighted one by one (Pygments guesses the language).
MAX_CODE_BLOCKS = 50
#: Each abbreviation definition is a pattern run over the whole text.
MAX_ABBREVIATIONS = 50
_FENCE = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})")
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[[^\]]*\]:")
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]*)+")


def check_size(size: int, source: str, limit: int) -> list[ContentError]:
    """The file's size in bytes, checked before anything reads it."""
    if size <= limit:
        return []
    return [
        ContentError(
            source,
            "file",
            f"is {size:,} bytes, over the limit of {limit:,}",
            "shorten the post, or split it into two posts",
        )
    ]


def _line_labels(fields: dict[str, Field], first_line: int) -> dict[int, str]:
    labels = {}
    starts = sorted(
        (field.line, name.partition("#")[0]) for name, field in fields.items()
    )
    for index, (line, name) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else first_line
        for number in range(line, max(end, line + 1)):
            labels[number] = name.title()
    return labels


def check_characters(
    lines: list[str], fields: dict[str, Field], first_line: int, source: str
) -> list[ContentError]:
    """Control characters and Unicode line separators, by line and field."""
    labels = _line_labels(fields, first_line)
    problems = []
    for number, line in enumerate(lines, start=1):
        found = FORBIDDEN_CHARACTERS.search(line)
        if found:
            where = labels.get(number, "Header" if number < first_line else "Body")
            problems.append(
                ContentError(
                    source,
                    f"{where} (line {number})",
                    f"contains the invisible character {character_name(found.group())}",
                    "delete it (retype the line if you cannot see it)",
                )
            )
    return problems


def _blocks(body: list[str], first_line: int) -> list[tuple[int, list[str]]]:
    """The body's blocks (lines between blank lines) with their first line."""
    blocks: list[tuple[int, list[str]]] = []
    for offset, line in enumerate(body):
        if not line.strip():
            continue
        if offset and body[offset - 1].strip() and blocks:
            blocks[-1][1].append(line)
        else:
            blocks.append((first_line + offset, [line]))
    return blocks


def _too_many(
    lines: list[tuple[int, str]], limit: int, source: str, what: str, fix: str
) -> list[ContentError]:
    """One problem at the line where ``what`` passes ``limit``, if it does."""
    if len(lines) <= limit:
        return []
    number = lines[limit][0]
    return [
        ContentError(
            source,
            f"Body (line {number})",
            f"has {len(lines)} {what}, more than {limit} "
            "(Markdown would take too long to read them)",
            fix,
        )
    ]


def check_complexity(
    body: list[str], first_line: int, source: str
) -> list[ContentError]:
    """Text Python-Markdown reads in quadratic time or worse, found in linear
    time: runs of "[" or "<" in long paragraphs (link and inline HTML
    patterns scan to the paragraph's end from each), long blocks without a
    blank line (headings, rules and definitions split them line by line; a
    definition list nests one level per item), deep nesting, and many code
    blocks (each highlighted) or abbreviations (each a pattern over the
    whole text)."""
    numbered = list(enumerate(body, start=first_line))
    deep = [
        (number, line)
        for number, line in numbered
        if _nesting(line) > MAX_QUOTE_DEPTH or _indent(line) > MAX_INDENT
    ]
    problems = [
        ContentError(
            source,
            f"Body (line {number})",
            f"is nested too deeply ({_nesting(line)} quote levels, indented "
            f"{_indent(line)} spaces)",
            f"use at most {MAX_QUOTE_DEPTH} '>' and indent at most {MAX_INDENT} spaces",
        )
        for number, line in deep[:1]
    ]
    blocks = _blocks(body, first_line)
    costs = [
        ((text.count("[") + text.count("<")) * len(text), start)
        for start, lines in blocks
        for text in ["\n".join(lines)]
    ]
    if sum(cost for cost, _ in costs) > MAX_SCAN_WORK:
        problems.append(
            ContentError(
                source,
                f"Body (line {max(costs)[1]})",
                "has too many '[' or '<' characters for its length "
                "(Markdown would take minutes to read it)",
                "remove the runs of square or angle brackets, or split long "
                "paragraphs with blank lines",
            )
        )
    long = [
        (start, len(lines)) for start, lines in blocks if len(lines) > MAX_BLOCK_LINES
    ]
    if long:
        problems.append(
            ContentError(
                source,
                f"Body (line {long[0][0]})",
                f"has {long[0][1]} lines without a blank line, more than "
                f"{MAX_BLOCK_LINES}",
                "put blank lines between paragraphs, headings or groups of list items",
            )
        )
    fences = [(n, line) for n, line in numbered if _FENCE.match(line)]
    indented = [(start, lines[0]) for start, lines in blocks if _indent(lines[0]) >= 4]
    problems += _too_many(
        sorted(fences[::2] + indented),
        MAX_CODE_BLOCKS,
        source,
        "code blocks",
        "keep the code blocks that matter; each is highlighted separately",
    )
    problems += _too_many(
        [(n, line) for n, line in numbered if _ABBREVIATION.match(line)],
        MAX_ABBREVIATIONS,
        source,
        "abbreviation definitions (*[ABC]: …)",
        "define only the abbreviations you use most",
    )
    return problems


def _nesting(line: str) -> int:
    quote = _QUOTE_PREFIX.match(line)
    return quote.group().count(">") if quote else 0


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


@dataclass
class Inspection:
    """What :func:`inspect_source` found in one guest post."""

    fields: dict[str, Field]
    #: The number of the first body line.
    first_line: int
    #: The good images, by the text that names them.
    images: dict[str, ImageInfo]
    problems: list[ContentError]


def inspect_source(
    text: str,
    *,
    source: str,
    content_root: Path,
    source_dir: Path,
    config: GuestSettings,
    markdown: dict[str, Any] | None = None,
    advice: bool = True,
    characters: bool = True,
) -> Inspection:
    """One guest post's text and the images it names, checked: its fields,
    the good images by the text naming them, and every problem.

    ``text`` is the file as Pelican opens it, ``markdown`` the site's
    ``MARKDOWN`` setting: the fields are judged on Python-Markdown's own
    reading. With ``advice=False`` the body checks are left out: the
    sanitiser already makes what they find harmless, so the build does not
    stop for them."""
    text = normalise_newlines(text)
    lines = text.split("\n")
    size = len(text.encode("utf-8"))
    problems = check_size(size, source, config.max_bytes)
    if problems:
        return Inspection({}, 1, {}, problems)
    fields, first_line, agrees = read_header(text, markdown)
    body = lines[first_line - 1 :]
    # In a build the source audit (build_guard) already reports them.
    problems = check_characters(lines, fields, first_line, source) if characters else []
    problems += check_complexity(body, first_line, source)
    if not agrees:
        problems.append(
            ContentError(
                source,
                "metadata",
                "the block at the top cannot be read unambiguously",
                "write one 'Field: value' per line, then a blank line",
            )
        )
    problems += check_fields(fields, source, anonymous_name=config.anonymous_name)
    if advice:
        problems.extend(check_body(body, first_line, source))
    images, image_problems = checked_images(
        image_references(fields, body, first_line),
        content_root=content_root,
        source_dir=source_dir,
        source=source,
        config=config,
    )
    return Inspection(fields, first_line, images, problems + image_problems)
