"""The share_cards settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitelib import is_hex_colour
from sitelib.settings import (
    Problem,
    Setting,
    folder,
    optional,
    path,
)

from .links import share_links


def three_colours(value: Any) -> Problem | None:
    """``(background, text, accent)`` as ``#hex`` colours."""
    if (
        isinstance(value, (tuple, list))
        and len(value) == 3
        and all(is_hex_colour(colour) for colour in value)
    ):
        return None
    return ("is not three #hex colours", 'use ("#6b2d7b", "#ffffff", "#f4e9f7")')


def font_file(value: Any) -> Problem | None:
    """A font file that exists (relative paths are made absolute against the
    theme folder before the check)."""
    if isinstance(value, str) and Path(value).is_file():
        return None
    return ("is not a file", "give the path of a .ttf or .otf file")


def link_templates(value: Any) -> Problem | None:
    """``(label, URL template)`` pairs using only the known placeholders."""
    try:
        share_links("https://example.org/", "t", value)
    except (KeyError, ValueError, TypeError, IndexError):
        return (
            "is not a list of (label, URL template) pairs",
            "use only {url}, {title} and {text} in the templates",
        )
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SHARE_CARDS_OUTPUT",
        "images/share",
        "folder in the output for the cards (`{slug}.png`, `site.png`)",
        path("images/share"),
        tidy=folder,
    ),
    Setting(
        "SHARE_CARDS_COLOURS",
        None,
        "`(background, text, accent)` as `#hex`; `None` reads `--brand`, "
        "`--brand-contrast` and `--accent` from the first `:root` block of the "
        "theme's `css/site.css` (`sitelib.theme_colours`, which infographic "
        "charts use too), so the colours are set in one place",
        optional(three_colours),
    ),
    Setting(
        "SHARE_CARDS_FONT",
        None,
        "a `.ttf`/`.otf` file, absolute or relative to the theme folder; `None` "
        "uses the font bundled with Pillow (same cards on every machine)",
        optional(font_file),
    ),
    Setting(
        "SHARE_CARDS_LINKS",
        (
            ("Email", "mailto:?subject={title}&body={url}"),
            ("Mastodon", "https://s2f.kytta.dev/?text={text}"),
            ("Bluesky", "https://bsky.app/intent/compose?text={text}"),
            ("X", "https://x.com/intent/post?text={title}&url={url}"),
            ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
            ("WhatsApp", "https://wa.me/?text={text}"),
        ),
        "`(label, URL template)` pairs; `{url}`, `{title}` and `{text}` (title "
        "then URL) are filled in, percent-encoded. Plain links: no scripts, "
        "nothing loads until the reader clicks",
        link_templates,
        shown="email, Mastodon (via Share₂Fedi, which asks for the reader's "
        "server), Bluesky, X, Facebook, WhatsApp",
    ),
)
