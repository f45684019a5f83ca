"""Front matter: a content file's metadata block, read the one way Pelican's
Markdown reader reads it (Python-Markdown's meta extension), with each
field's line number for messages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE
from pelican.utils import pelican_open


@dataclass(frozen=True)
class Field:
    """One metadata field: its value (continuation lines joined with a
    space), the line it starts on, and its lines' values as Markdown keeps
    them (a list, one item per line)."""

    value: str
    line: int
    parts: tuple[str, ...] = ()


def read_source(path: Path) -> str:
    """A content file's text exactly as Pelican's reader gets it."""
    with pelican_open(str(path)) as text:
        return text


def normalise_newlines(text: str) -> str:
    """``text`` as ``pelican.utils.pelican_open`` gives a file: without a
    byte order mark, CRLF and CR read as LF (Python's text mode)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def markdown_config(markdown: dict[str, Any] | None) -> dict[str, Any]:
    """The keyword arguments Pelican's MarkdownReader gives ``Markdown`` for
    the site's ``MARKDOWN`` setting (the meta extension always on), without
    changing the setting itself."""
    markdown = dict(markdown or {})
    configs = dict(markdown.get("extension_configs") or {})
    extensions = list(markdown.get("extensions") or [])
    extensions += [name for name in configs if name not in extensions]
    if "markdown.extensions.meta" not in extensions:
        extensions.append("markdown.extensions.meta")
    return {**markdown, "extensions": extensions, "extension_configs": configs}


#: Header readers by their setting's JSON (a few at most: one per setting).
_HEADER_MARKDOWN: dict[str, Markdown] = {}


def _header_markdown(markdown: dict[str, Any] | None) -> Markdown:
    """A ``Markdown`` for the site's ``MARKDOWN`` setting, reset. Making one
    costs more than reading a short file's header, so one is kept per
    setting that can be told apart by its JSON (a setting holding extension
    objects gets a new one every time)."""
    config = markdown_config(markdown)
    try:
        key = json.dumps(config, sort_keys=True)
    except (TypeError, ValueError):
        return Markdown(**config)
    md = _HEADER_MARKDOWN.get(key)
    if md is None:
        if len(_HEADER_MARKDOWN) >= 8:
            _HEADER_MARKDOWN.clear()
        md = _HEADER_MARKDOWN[key] = Markdown(**config)
    md.reset()
    return md


def _meta_input(text: str, markdown: dict[str, Any] | None) -> tuple[list[str], Any]:
    """The lines the meta extension receives for ``text`` (Python-Markdown's
    own preprocessors up to it, so STX/ETX removal, CR/CRLF and tabs are done
    by Markdown itself), and the extension's preprocessor."""
    md = _header_markdown(markdown)
    meta = md.preprocessors["meta"]
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        if preprocessor is meta:
            break
        lines = preprocessor.run(lines)
    return lines, meta


def _numbered_meta(lines: list[str]) -> tuple[dict[str, Field], int]:
    """The meta extension's loop (markdown.extensions.meta.MetaPreprocessor,
    same patterns), keeping each field's line number."""
    fields: dict[str, Field] = {}
    number = 0
    if lines and BEGIN_RE.match(lines[0]):
        number = 1
    key = None
    while number < len(lines):
        line = lines[number]
        number += 1
        if not line.strip() or END_RE.match(line):
            return fields, number + 1
        match = META_RE.match(line)
        if match:
            key = match["key"].lower().strip()
            name, count = key, 1
            while name in fields:
                count += 1
                name = f"{key}#{count}"
            key = name
            value = match["value"].strip()
            fields[key] = Field(value, number, (value,))
            continue
        more = META_MORE_RE.match(line)
        if more and key:
            previous, part = fields[key], more["value"].strip()
            value = f"{previous.value} {part}".strip()
            fields[key] = Field(value, previous.line, (*previous.parts, part))
            continue
        return fields, number
    return fields, number + 1


def as_meta(fields: dict[str, Field]) -> dict[str, list[str]]:
    """``fields`` in the shape of ``Markdown.Meta`` (repeats as a list)."""
    meta: dict[str, list[str]] = {}
    for name, field in fields.items():
        meta.setdefault(name.partition("#")[0], []).extend(
            field.parts or (field.value,)
        )
    return meta


def read_header(
    text: str, markdown: dict[str, Any] | None = None
) -> tuple[dict[str, Field], int, bool]:
    """The metadata block exactly as Pelican reads it, the number of the first
    body line, and whether the numbered reading agrees with Markdown's own.

    ``text`` is the file as Pelican opens it (``pelican.utils.pelican_open``).
    Markdown's meta extension reads the block (split at ``\\n`` only, after
    its own whitespace normalisation); the same lines are read again here
    only to know each field's line number. Keys are lower-cased; a repeated
    key is kept as ``key#2``, ``key#3``…
    """
    lines, meta = _meta_input(normalise_newlines(text), markdown)
    fields, first_line = _numbered_meta(list(lines))
    meta.run(list(lines))
    return fields, first_line, as_meta(fields) == meta.md.Meta


def parse_header(
    text: str, markdown: dict[str, Any] | None = None
) -> tuple[dict[str, Field], int]:
    """``read_header`` without the agreement flag (so without Markdown's
    own second reading of the block)."""
    lines, _ = _meta_input(normalise_newlines(text), markdown)
    return _numbered_meta(list(lines))


def front_matter(text: str, markdown: dict[str, Any] | None = None) -> dict[str, str]:
    """Each field of a Markdown file's metadata block (``read_header``), by
    lower-cased name; of a repeated field, the first."""
    fields, _ = parse_header(text, markdown)
    return {name: field.value for name, field in fields.items() if "#" not in name}
