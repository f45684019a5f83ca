"""The shared library: one small pure function for each job that several
plugins do (not a Pelican plugin; nothing to add to ``PLUGINS``).

See README.md in this folder for the list.
"""

from .colours import (
    ThemeColours,
    colours_from_css,
    is_hex_colour,
    parse_css_colours,
    theme_colours,
)
from .feeds import FeedEntry, FeedInfo, build_feed, newest_first, write_feed
from .files import atomic_write, write_if_changed
from .text import plain_text, script_json, wrap_text
from .workers import worker_count

__all__ = [
    "FeedEntry",
    "FeedInfo",
    "ThemeColours",
    "atomic_write",
    "build_feed",
    "colours_from_css",
    "is_hex_colour",
    "newest_first",
    "parse_css_colours",
    "plain_text",
    "script_json",
    "theme_colours",
    "worker_count",
    "wrap_text",
    "write_feed",
    "write_if_changed",
]
