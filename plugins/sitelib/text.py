"""Text: plain text from HTML, JSON inside ``<script>``, word wrap for images."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Protocol

import nh3
from markupsafe import Markup

from .errors import ContentError

#: Elements whose content is dropped along with the tag, not kept as text.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}
)


@lru_cache(maxsize=1)
def _text_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={},
        strip_comments=True,
        link_rel=None,
    )


def plain_text(value: object) -> str:
    """``value`` as plain text: tags removed, entities decoded, whitespace
    collapsed. Repeated until stable, so entity-encoded markup such as
    ``&lt;script&gt;`` cannot survive as a tag once something decodes it."""
    text = str(value or "")
    for _ in range(10):
        cleaned = html.unescape(_text_cleaner().clean(text))
        if cleaned == text:
            break
        text = cleaned
    else:
        text = html.escape(text)  # pathological nesting: give up decoding
    return " ".join(text.split())


#: An email address as people type one (``name@host.tld``), also inside
#: ``mailto:`` links and angle brackets.
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
ADDRESS_REMOVED = "[address removed]"


def remove_addresses(text: str) -> str:
    """``text`` with every email address replaced by ``[address removed]``,
    so no address a writer typed ever reaches the site."""
    return _ADDRESS.sub(ADDRESS_REMOVED, text)


def script_json(data: Mapping[str, Any], *, indent: int | None = None) -> Markup:
    """``data`` as JSON safe to put inside a ``<script>`` element (such as
    ``<script type="application/ld+json">``): ``<``, ``>`` and ``&`` are
    escaped, so no text in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)


class MeasuringFont(Protocol):
    def getlength(self, text: str) -> float: ...


def wrap_text(text: str, font: MeasuringFont, max_width: float) -> list[str]:
    """Greedy word wrap of ``text`` to ``max_width`` pixels in ``font`` (a
    Pillow font); a word longer than the width gets a line to itself. No
    words, no lines."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


#: C0 controls except tab, LF and CR; DEL; C1 controls (NEL included); the
#: line and paragraph separators; the bidi embeddings, overrides and
#: isolates ("Trojan Source"). Left-to-right and right-to-left marks
#: (U+200E, U+200F) stay allowed: mixed-direction text needs them.
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_CONTROL_NAMES = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line",
}


def character_name(char: str) -> str:
    """``U+000C (form feed)``: how an invisible character is named in a fix."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "control character")
    return f"U+{code:04X} ({name.lower()})"


_META_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:")
_RST_FIELD = re.compile(r"^:([\w-]+):")
_HTML_META = re.compile(r"<meta\s[^>]*name\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


def field_of_line(lines: list[str], index: int, suffix: str) -> str:
    """The metadata field line ``index`` belongs to, else "Body"."""
    if suffix in {".md", ".markdown", ".mdown"}:
        field = "Body"
        for line in lines[: index + 1]:
            if not line.strip():
                return "Body"
            match = _META_LINE.match(line)
            if match:
                field = match.group(1).title()
            elif not line[:1].isspace():
                return "Body"
        return field
    if suffix == ".rst":
        match = _RST_FIELD.match(lines[index])
        return match.group(1).title() if match else "Body"
    if suffix in {".html", ".htm"}:
        line = lines[index]
        match = _HTML_META.search(line)
        if match:
            return match.group(1).title()
        return "Title" if "<title" in line.lower() else "Body"
    return "data"


def control_character_error(text: str, suffix: str, source: str) -> ContentError | None:
    """One error for the first forbidden character in ``text``, or None.

    Lines are counted at LF only, as Python-Markdown and the editor count them.
    """
    first = FORBIDDEN_CHARACTERS.search(text)
    if first is None:
        return None
    lines = text.split("\n")
    index = text.count("\n", 0, first.start())
    others = len(FORBIDDEN_CHARACTERS.findall(text)) - 1
    more = f" (and {others} more in the file)" if others else ""
    name = character_name(first.group())
    return ContentError(
        source,
        field_of_line(lines, index, suffix),
        f"line {index + 1} contains the invisible character {name}{more}",
        f"delete the invisible character {name} on line {index + 1}",
    )
