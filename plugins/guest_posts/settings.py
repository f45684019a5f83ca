"""The guest_posts settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from typing import Any

from sitelib.errors import ContentError
from sitelib.settings import (
    SETTINGS_FILE,
    Options,
    Setting,
    folder,
    sequence_of,
    string,
    text,
    whole_number,
)


def _folders(value: Any) -> tuple[str, ...]:
    return tuple(str(folder).strip("/") for folder in value)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "GUEST_POSTS_PATH",
        "guest",
        "Folder in `content/` whose articles are guest posts (also add it to "
        "`ARTICLE_PATHS`).",
        text,
        tidy=folder,
    ),
    Setting(
        "GUEST_POSTS_CATEGORY",
        "Guest posts",
        "Category of every guest post; its category feed is the guest feed.",
        text,
    ),
    Setting(
        "GUEST_POSTS_ANONYMOUS_NAME",
        "Anonymous contributor",
        "Author shown for `Anonymous: yes`.",
        text,
    ),
    Setting(
        "GUEST_POSTS_LINK_REL",
        "noopener noreferrer nofollow ugc",
        "`rel` on every link in guest content.",
        string,
    ),
    Setting(
        "GUEST_POSTS_EXTERNAL_LINK_REL",
        "noopener noreferrer",
        '`rel` added to external Markdown links in all content; `""` switches '
        "the extension off.",
        string,
    ),
    Setting(
        "GUEST_POSTS_IMAGE_PATHS",
        ["guest", "images/guest"],
        "Static files under these folders must be images and are always "
        "re-encoded without metadata, even if no post names them.",
        sequence_of(text, "folders", '["guest", "images/guest"]'),
        tidy=_folders,
    ),
    Setting(
        "GUEST_POSTS_MAX_BYTES",
        100_000,
        "Largest guest post file in bytes, checked before it is read.",
        whole_number(1),
    ),
    Setting(
        "GUEST_POSTS_MAX_IMAGE_BYTES",
        5_000_000,
        "Largest image file a guest post may use.",
        whole_number(1),
    ),
    Setting(
        "GUEST_POSTS_MAX_IMAGE_PIXELS",
        24_000_000,
        "Largest image (width × height).",
        whole_number(1),
    ),
    Setting(
        "GUEST_POSTS_IMAGE_QUALITY",
        85,
        "JPEG/WebP quality of the re-encoded copies (1–95).",
        whole_number(1, 95),
    ),
    Setting("GUEST_POSTS_INDEX_URL", "guests/", "Address of the guests index.", string),
    Setting(
        "GUEST_POSTS_INDEX_SAVE_AS",
        "guests/index.html",
        'Its file; `""` for none.',
        string,
    ),
    Setting(
        "GUEST_POSTS_RULES_SAVE_AS",
        "guest-rules.json",
        "The header rules and sanitiser allowlist as JSON, for the writing form "
        'on the "Write for us" page (`rules.py`); `""` for none.',
        string,
    ),
)

#: What handlers are given: ``options(settings, SETTINGS)``.
GuestSettings = Options


def output_sources_error(settings: dict[str, Any]) -> ContentError | None:
    """Pelican's ``OUTPUT_SOURCES`` would publish what guest posts hide."""
    if not settings.get("OUTPUT_SOURCES"):
        return None
    return ContentError(
        SETTINGS_FILE,
        "OUTPUT_SOURCES",
        "would publish guest posts' source files, with the real names of "
        "anonymous writers",
        "set OUTPUT_SOURCES = False",
    )
