"""The shared library: one small pure function for each job that several
plugins do (not a Pelican plugin; nothing to add to ``PLUGINS``).

See README.md in this folder for the list.
"""

from .buildtime import build_time
from .colours import (
    ThemeColours,
    colours_from_css,
    dark_theme_colours,
    is_hex_colour,
    parse_css_colours,
    theme_colours,
)
from .content import (
    ARTICLE_LISTS,
    CONTENT_LISTS,
    PAGE_LISTS,
    iter_content,
    read_content,
)
from .errors import (
    DATE_FORMS,
    BuildFailed,
    ContentError,
    date_error,
    report,
    source_label,
    unreadable,
)
from .feeds import (
    FeedEntry,
    FeedInfo,
    build_feed,
    newest_first,
    publish_feed,
    write_feed,
)
from .files import atomic_write, create_new, place, write_if_changed
from .frontmatter import (
    Field,
    front_matter,
    normalise_newlines,
    parse_header,
    read_header,
    read_source,
)
from .pages import write_page
from .paths import (
    DEFAULT_MAX_IMAGE_BYTES,
    DEFAULT_MAX_IMAGE_PIXELS,
    ImageInfo,
    check_image,
    resolve_inside,
)
from .requires import require
from .slugs import slug
from .text import plain_text, remove_addresses, script_json, wrap_text
from .workers import process_pool, worker_count

__all__ = [
    "ARTICLE_LISTS",
    "CONTENT_LISTS",
    "DATE_FORMS",
    "DEFAULT_MAX_IMAGE_BYTES",
    "DEFAULT_MAX_IMAGE_PIXELS",
    "PAGE_LISTS",
    "BuildFailed",
    "ContentError",
    "FeedEntry",
    "FeedInfo",
    "Field",
    "ImageInfo",
    "ThemeColours",
    "atomic_write",
    "build_feed",
    "build_time",
    "check_image",
    "colours_from_css",
    "create_new",
    "dark_theme_colours",
    "date_error",
    "front_matter",
    "is_hex_colour",
    "iter_content",
    "newest_first",
    "normalise_newlines",
    "parse_css_colours",
    "parse_header",
    "place",
    "plain_text",
    "process_pool",
    "publish_feed",
    "read_content",
    "read_header",
    "read_source",
    "remove_addresses",
    "report",
    "require",
    "resolve_inside",
    "script_json",
    "slug",
    "source_label",
    "theme_colours",
    "unreadable",
    "worker_count",
    "wrap_text",
    "write_feed",
    "write_if_changed",
    "write_page",
]
