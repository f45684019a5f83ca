"""The campaign's colours, read from the theme's ``css/site.css``.

README tells a campaign to set its colours as custom properties (``--brand``
and so on) in the light ``:root`` block of ``site.css``; everything drawn
with Pillow (share cards, chart PNGs and PDFs) takes them from there.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

_ROOT_BLOCK = re.compile(r":root\s*\{(?P<body>[^}]*)\}")
_HEX_PROPERTY = re.compile(r"--(?P<name>[\w-]+)\s*:\s*(?P<value>#[0-9a-fA-F]{3,8})\b")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

#: Where the theme's colours live, inside the theme folder.
SITE_CSS = Path("static") / "css" / "site.css"
#: The settings key that holds one build's colours once read.
SETTING = "THEME_COLOURS"
DARK_SETTING = "THEME_DARK_COLOURS"


@dataclass(frozen=True)
class ThemeColours:
    """The light scheme's colours, each ``#hex``; a property the CSS does not
    set keeps the theme's own default."""

    brand: str = "#6b2d7b"
    """Links and buttons; share cards' background; chart bars."""
    brand_contrast: str = "#ffffff"
    """Text on the brand colour (share card titles)."""
    accent: str = "#f4e9f7"
    """Highlighted blocks; share cards' rule; chart tracks."""
    text: str = "#1d1a1f"
    """Body text; chart titles, labels and values."""
    muted: str = "#55505a"
    """Secondary text; chart footers."""
    background: str = "#ffffff"
    """The page; charts' background."""


_DARK_MEDIA = re.compile(r"@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)\s*\{")


def parse_css_colours(css: str, *, dark: bool = False) -> dict[str, str]:
    """The ``--name: #hex`` custom properties of the first ``:root`` block,
    i.e. the light colour scheme, where the campaign sets its colours; with
    ``dark``, of the first ``:root`` block inside a ``prefers-color-scheme:
    dark`` media query (empty if the stylesheet has none)."""
    start = 0
    if dark:
        media = _DARK_MEDIA.search(css)
        if not media:
            return {}
        start = media.end()
    match = _ROOT_BLOCK.search(css, start)
    if not match:
        return {}
    return {
        m.group("name"): m.group("value")
        for m in _HEX_PROPERTY.finditer(match.group("body"))
    }


def is_hex_colour(value: object) -> bool:
    """Whether ``value`` is a ``#rgb`` or ``#rrggbb`` colour."""
    return isinstance(value, str) and _HEX.fullmatch(value) is not None


def colours_from_css(css: str, *, dark: bool = False) -> ThemeColours:
    """The :class:`ThemeColours` that ``css`` sets (``--brand-contrast`` is
    ``brand_contrast``), defaults for the rest; with ``dark``, the dark
    scheme's (see :func:`parse_css_colours`)."""
    found = parse_css_colours(css, dark=dark)
    if dark and not found:
        return colours_from_css(css)
    return ThemeColours(
        **{
            f.name: found[f.name.replace("_", "-")]
            for f in fields(ThemeColours)
            if f.name.replace("_", "-") in found
        }
    )


def theme_colours(settings: MutableMapping[str, Any]) -> ThemeColours:
    """This build's colours: read from ``THEME``'s ``css/site.css`` the first
    time they are asked for, then kept in ``settings`` for the rest of the
    build. A theme without the file gets the defaults."""
    kept = settings.get(SETTING)
    if isinstance(kept, ThemeColours):
        return kept
    css = Path(settings["THEME"]) / SITE_CSS
    colours = (
        colours_from_css(css.read_text(encoding="utf-8"))
        if css.is_file()
        else ThemeColours()
    )
    settings[SETTING] = colours
    return colours


def dark_theme_colours(settings: MutableMapping[str, Any]) -> ThemeColours:
    """This build's dark-scheme colours (the light ones if the theme has no
    dark scheme), read like :func:`theme_colours` and kept in
    ``settings["THEME_DARK_COLOURS"]``; used by the newsletter's email."""
    kept = settings.get(DARK_SETTING)
    if isinstance(kept, ThemeColours):
        return kept
    css = Path(settings["THEME"]) / SITE_CSS
    colours = (
        colours_from_css(css.read_text(encoding="utf-8"), dark=True)
        if css.is_file()
        else ThemeColours()
    )
    settings[DARK_SETTING] = colours
    return colours
