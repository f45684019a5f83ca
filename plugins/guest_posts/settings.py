"""The guest_posts settings: defaults in one place, read and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitelib import ContentError

DEFAULTS: dict[str, Any] = {
    # Folder inside content/ whose articles are guest posts (untrusted input).
    "GUEST_POSTS_PATH": "guest",
    # Category every guest post is filed in (its feed is the guest feed).
    "GUEST_POSTS_CATEGORY": "Guest posts",
    # Author name shown for posts with "Anonymous: yes".
    "GUEST_POSTS_ANONYMOUS_NAME": "Anonymous contributor",
    # rel on every link in guest content.
    "GUEST_POSTS_LINK_REL": "noopener noreferrer nofollow ugc",
    # rel on external Markdown links in all posts and pages ("" to switch off).
    "GUEST_POSTS_EXTERNAL_LINK_REL": "noopener noreferrer",
    # Every static file under these folders is a guest file: it must be an
    # image, and is re-encoded without metadata even if no post names it.
    "GUEST_POSTS_IMAGE_PATHS": ["guest", "images/guest"],
    # Largest guest post file in bytes, checked before it is read.
    "GUEST_POSTS_MAX_BYTES": 100_000,
    # Limits for images in guest posts (file size and width × height).
    "GUEST_POSTS_MAX_IMAGE_BYTES": 5_000_000,
    "GUEST_POSTS_MAX_IMAGE_PIXELS": 24_000_000,
    # JPEG/WebP quality when re-encoding guest images without their metadata.
    "GUEST_POSTS_IMAGE_QUALITY": 85,
    # The guests index: contributors with their bios, and the guest posts.
    "GUEST_POSTS_INDEX_URL": "guests/",
    "GUEST_POSTS_INDEX_SAVE_AS": "guests/index.html",
}


@dataclass(frozen=True)
class GuestSettings:
    path: str
    category: str
    anonymous_name: str
    link_rel: str
    external_link_rel: str
    image_paths: tuple[str, ...]
    max_bytes: int
    max_image_bytes: int
    max_image_pixels: int
    image_quality: int
    index_url: str
    index_save_as: str


def _setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def setting_errors(settings: dict[str, Any]) -> list[ContentError]:
    """Problems with the GUEST_POSTS_* values in the settings file."""
    errors = []
    for name, default in DEFAULTS.items():
        value = _setting(settings, name)
        if type(value) is not type(default):
            errors.append(
                ContentError(
                    "pelicanconf.py",
                    name,
                    f"{value!r} is not a {type(default).__name__}",
                    f"use a value like {default!r}",
                )
            )
    for name in (
        "GUEST_POSTS_PATH",
        "GUEST_POSTS_CATEGORY",
        "GUEST_POSTS_ANONYMOUS_NAME",
    ):
        if not str(_setting(settings, name)).strip():
            errors.append(
                ContentError("pelicanconf.py", name, "is empty", "give it a value")
            )
    if settings.get("OUTPUT_SOURCES"):
        errors.append(
            ContentError(
                "pelicanconf.py",
                "OUTPUT_SOURCES",
                "would publish guest posts' source files, with the real names of "
                "anonymous writers",
                "set OUTPUT_SOURCES = False",
            )
        )
    quality = _setting(settings, "GUEST_POSTS_IMAGE_QUALITY")
    if isinstance(quality, int) and not 1 <= quality <= 95:
        errors.append(
            ContentError(
                "pelicanconf.py",
                "GUEST_POSTS_IMAGE_QUALITY",
                f"{quality} is outside 1-95",
                "use a value like 85",
            )
        )
    return errors


def config(settings: dict[str, Any]) -> GuestSettings:
    """The guest_posts settings (unchecked values fall back to defaults)."""
    values = {
        name: value
        if type(value := _setting(settings, name)) is type(DEFAULTS[name])
        else DEFAULTS[name]
        for name in DEFAULTS
    }
    return GuestSettings(
        path=values["GUEST_POSTS_PATH"].strip("/"),
        category=values["GUEST_POSTS_CATEGORY"],
        anonymous_name=values["GUEST_POSTS_ANONYMOUS_NAME"],
        link_rel=values["GUEST_POSTS_LINK_REL"],
        external_link_rel=values["GUEST_POSTS_EXTERNAL_LINK_REL"],
        image_paths=tuple(str(p).strip("/") for p in values["GUEST_POSTS_IMAGE_PATHS"]),
        max_bytes=values["GUEST_POSTS_MAX_BYTES"],
        max_image_bytes=values["GUEST_POSTS_MAX_IMAGE_BYTES"],
        max_image_pixels=values["GUEST_POSTS_MAX_IMAGE_PIXELS"],
        image_quality=values["GUEST_POSTS_IMAGE_QUALITY"],
        index_url=values["GUEST_POSTS_INDEX_URL"],
        index_save_as=values["GUEST_POSTS_INDEX_SAVE_AS"],
    )
