"""The infographics settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from typing import Any

from sitelib import DEFAULT_MAX_IMAGE_PIXELS, worker_count
from sitelib.settings import (
    Options,
    Setting,
    feed_settings,
    folder,
    optional,
    path,
    pattern,
    sequence_of,
    whole_number,
)

#: What the generator and the model are given: ``options(settings, SETTINGS)``.
Config = Options


def _widths(value: Any) -> tuple[int, ...]:
    return tuple(sorted(set(value)))


def _workers(value: int | None) -> int:
    return worker_count() if value is None else value


_WIDTHS = sequence_of(whole_number(1), "widths", "(480, 800, 1200)", empty=False)

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "INFOGRAPHICS_PATH",
        "infographics",
        "folder in `PATH` with the Markdown files and their images",
        path("infographics"),
        tidy=folder,
    ),
    Setting(
        "INFOGRAPHICS_INDEX_URL",
        "infographics/",
        "all galleries",
        path("infographics/"),
    ),
    Setting(
        "INFOGRAPHICS_INDEX_SAVE_AS",
        "infographics/index.html",
        "all galleries, where the page is written",
        path("infographics/index.html"),
    ),
    Setting(
        "INFOGRAPHICS_PAGE_URL",
        "infographics/{slug}.html",
        "one infographic",
        pattern("infographics/{slug}.html"),
    ),
    Setting(
        "INFOGRAPHICS_PAGE_SAVE_AS",
        "infographics/{slug}.html",
        "one infographic, where the page is written",
        pattern("infographics/{slug}.html"),
    ),
    Setting(
        "INFOGRAPHICS_SURVEY_URL",
        "infographics/{slug}/",
        "one survey's gallery",
        pattern("infographics/{slug}/"),
    ),
    Setting(
        "INFOGRAPHICS_SURVEY_SAVE_AS",
        "infographics/{slug}/index.html",
        "one survey's gallery, where the page is written",
        pattern("infographics/{slug}/index.html"),
    ),
    Setting(
        "INFOGRAPHICS_FILES_PATH",
        "images/infographics",
        "images, PDFs and CSVs, one folder per slug",
        path("images/infographics"),
        tidy=folder,
    ),
    Setting(
        "INFOGRAPHICS_WIDTHS",
        (480, 800, 1200),
        "widths for the page's `srcset` (never upscaled; the image's own width "
        "is always added)",
        _WIDTHS,
        tidy=_widths,
    ),
    Setting(
        "INFOGRAPHICS_THUMBNAIL_WIDTHS",
        (320, 640),
        "extra widths for gallery tiles",
        _WIDTHS,
        tidy=_widths,
    ),
    Setting("INFOGRAPHICS_WEBP_QUALITY", 80, "1–100", whole_number(1, 100)),
    Setting("INFOGRAPHICS_JPEG_QUALITY", 85, "1–95", whole_number(1, 95)),
    Setting(
        "INFOGRAPHICS_PDF_RESOLUTION",
        150,
        "dots per inch of generated PDFs (36–1200)",
        whole_number(36, 1200),
    ),
    Setting(
        "INFOGRAPHICS_MAX_PIXELS",
        DEFAULT_MAX_IMAGE_PIXELS,
        "images with more pixels are refused before decoding (about 6,000 × "
        "6,600); Pillow's own guard (about 179 million) also stays on",
        whole_number(1, 10**9),
    ),
    Setting(
        "INFOGRAPHICS_WORKERS",
        None,
        "worker processes (1–256); `None` means every available core",
        optional(whole_number(1, 256)),
        tidy=_workers,
    ),
    Setting(
        "INFOGRAPHICS_PROGRESS_EVERY",
        10,
        "progress line interval when there are more images than this",
        whole_number(1, 10**6),
    ),
    *feed_settings("INFOGRAPHICS", "infographics"),
)
