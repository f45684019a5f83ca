"""Workarounds for module-level state in third-party plugins.

pelican-sitemap keeps one ``SitemapGenerator`` for the whole process: its
``now`` (the lastmod of undated pages) is the time the module was imported,
and a build that stops early leaves its queue and "main" Pelican object
behind, so the next build in the same process writes no sitemap. Resetting
both at the start of every build makes sitemaps reproducible (``now`` is the
build time, fixed by ``SOURCE_DATE_EPOCH``) and independent of earlier builds.
"""

from __future__ import annotations

from typing import Any

from sitelib.buildtime import build_time
from sitelib.settings import options

from .settings import SETTINGS


def reset_sitemap(pelican: Any) -> None:
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:
        return
    generator = sitemap.generator
    generator._main_pelican = None
    generator.page_queue = []
    # A bad BUILD_TIME is reported (and stops the build) at get_generators.
    generator.now = build_time(options(pelican.settings, SETTINGS))
