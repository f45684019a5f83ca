"""The plugin's settings: defaults in one place, read and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitelib import DEFAULT_MAX_IMAGE_PIXELS, ContentError, worker_count

DEFAULTS: dict[str, Any] = {
    # Where the Markdown files (and their images, PDFs and CSVs) live, in PATH.
    "INFOGRAPHICS_PATH": "infographics",
    "INFOGRAPHICS_INDEX_URL": "infographics/",
    "INFOGRAPHICS_INDEX_SAVE_AS": "infographics/index.html",
    "INFOGRAPHICS_PAGE_URL": "infographics/{slug}.html",
    "INFOGRAPHICS_PAGE_SAVE_AS": "infographics/{slug}.html",
    "INFOGRAPHICS_SURVEY_URL": "infographics/{slug}/",
    "INFOGRAPHICS_SURVEY_SAVE_AS": "infographics/{slug}/index.html",
    # Image derivatives, PDFs and data files go under here, one folder per slug.
    "INFOGRAPHICS_FILES_PATH": "images/infographics",
    # Widths for the page's srcset and for gallery thumbnails (never upscaled;
    # the image's own width is always added).
    "INFOGRAPHICS_WIDTHS": (480, 800, 1200),
    "INFOGRAPHICS_THUMBNAIL_WIDTHS": (320, 640),
    "INFOGRAPHICS_WEBP_QUALITY": 80,
    "INFOGRAPHICS_JPEG_QUALITY": 85,
    "INFOGRAPHICS_PDF_RESOLUTION": 150,
    # Images with more pixels than this are refused before decoding. Pillow's
    # own decompression-bomb guard stays on as well.
    "INFOGRAPHICS_MAX_PIXELS": DEFAULT_MAX_IMAGE_PIXELS,
    # Worker processes for derivatives; None means every available core.
    "INFOGRAPHICS_WORKERS": None,
    # Log a progress line every this many images when there are more than this.
    "INFOGRAPHICS_PROGRESS_EVERY": 10,
    "INFOGRAPHICS_FEED_ATOM": "feeds/infographics.atom.xml",
    "INFOGRAPHICS_FEED_RSS": "feeds/infographics.rss.xml",
}

_URL_KEYS = (
    "INFOGRAPHICS_PATH",
    "INFOGRAPHICS_INDEX_URL",
    "INFOGRAPHICS_INDEX_SAVE_AS",
    "INFOGRAPHICS_PAGE_URL",
    "INFOGRAPHICS_PAGE_SAVE_AS",
    "INFOGRAPHICS_SURVEY_URL",
    "INFOGRAPHICS_SURVEY_SAVE_AS",
    "INFOGRAPHICS_FILES_PATH",
)


@dataclass(frozen=True)
class Config:
    path: str
    index_url: str
    index_save_as: str
    page_url: str
    page_save_as: str
    survey_url: str
    survey_save_as: str
    files_path: str
    widths: tuple[int, ...]
    thumbnail_widths: tuple[int, ...]
    webp_quality: int
    jpeg_quality: int
    pdf_resolution: int
    max_pixels: int
    workers: int
    progress_every: int
    feed_atom: str | None
    feed_rss: str | None


def with_defaults(settings: dict[str, Any]) -> None:
    """Fill in every missing INFOGRAPHICS_ setting (templates read some)."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


def _problem(key: str, message: str, fix: str) -> ContentError:
    return ContentError("pelicanconf.py", key, message, fix)


def _widths(key: str, value: Any, errors: list[ContentError]) -> tuple[int, ...]:
    if (
        isinstance(value, (list, tuple))
        and value
        and all(isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in value)
    ):
        return tuple(sorted(set(value)))
    errors.append(
        _problem(key, f"{value!r} is not a list of widths", "e.g. (480, 800, 1200)")
    )
    return ()


def _number(
    key: str, value: Any, low: int, high: int, errors: list[ContentError]
) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    errors.append(
        _problem(
            key,
            f"{value!r} is not a whole number from {low} to {high}",
            f"set it to a whole number from {low} to {high}",
        )
    )
    return low


def load(settings: dict[str, Any]) -> tuple[Config, list[ContentError]]:
    """The plugin's configuration, and a problem for every bad setting."""
    values = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    errors: list[ContentError] = []
    for key in _URL_KEYS:
        if not isinstance(values[key], str) or not values[key].strip("/"):
            errors.append(
                _problem(
                    key,
                    f"{values[key]!r} is not a path",
                    f"set it to a path like {DEFAULTS[key]!r}",
                )
            )
    for key in ("INFOGRAPHICS_FEED_ATOM", "INFOGRAPHICS_FEED_RSS"):
        if values[key] is not None and not isinstance(values[key], str):
            errors.append(
                _problem(key, f"{values[key]!r} is not a path", "a path, or None")
            )
    workers = values["INFOGRAPHICS_WORKERS"]
    config = Config(
        path=str(values["INFOGRAPHICS_PATH"]).strip("/"),
        index_url=values["INFOGRAPHICS_INDEX_URL"],
        index_save_as=values["INFOGRAPHICS_INDEX_SAVE_AS"],
        page_url=values["INFOGRAPHICS_PAGE_URL"],
        page_save_as=values["INFOGRAPHICS_PAGE_SAVE_AS"],
        survey_url=values["INFOGRAPHICS_SURVEY_URL"],
        survey_save_as=values["INFOGRAPHICS_SURVEY_SAVE_AS"],
        files_path=str(values["INFOGRAPHICS_FILES_PATH"]).strip("/"),
        widths=_widths("INFOGRAPHICS_WIDTHS", values["INFOGRAPHICS_WIDTHS"], errors),
        thumbnail_widths=_widths(
            "INFOGRAPHICS_THUMBNAIL_WIDTHS",
            values["INFOGRAPHICS_THUMBNAIL_WIDTHS"],
            errors,
        ),
        webp_quality=_number(
            "INFOGRAPHICS_WEBP_QUALITY",
            values["INFOGRAPHICS_WEBP_QUALITY"],
            1,
            100,
            errors,
        ),
        jpeg_quality=_number(
            "INFOGRAPHICS_JPEG_QUALITY",
            values["INFOGRAPHICS_JPEG_QUALITY"],
            1,
            95,
            errors,
        ),
        pdf_resolution=_number(
            "INFOGRAPHICS_PDF_RESOLUTION",
            values["INFOGRAPHICS_PDF_RESOLUTION"],
            36,
            1200,
            errors,
        ),
        max_pixels=_number(
            "INFOGRAPHICS_MAX_PIXELS",
            values["INFOGRAPHICS_MAX_PIXELS"],
            1,
            10**9,
            errors,
        ),
        workers=worker_count()
        if workers is None
        else _number("INFOGRAPHICS_WORKERS", workers, 1, 256, errors),
        progress_every=_number(
            "INFOGRAPHICS_PROGRESS_EVERY",
            values["INFOGRAPHICS_PROGRESS_EVERY"],
            1,
            10**6,
            errors,
        ),
        feed_atom=values["INFOGRAPHICS_FEED_ATOM"],
        feed_rss=values["INFOGRAPHICS_FEED_RSS"],
    )
    return config, errors
