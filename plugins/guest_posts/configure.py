"""The guest_posts settings at ``initialized``."""

from __future__ import annotations

from typing import Any

from sitelib import report, require

from .links import ExternalLinksExtension
from .settings import DEFAULTS, config, setting_errors


def configure(pelican: Any) -> None:
    """Check the GUEST_POSTS_* settings, fill in their defaults, and add the
    external-link ``rel`` extension to Markdown."""
    settings = pelican.settings
    require(
        pelican,
        plugin="guest_posts",
        plugins=("build_guard",),
        templates=("guests",) if config(settings).index_save_as else (),
    )
    for error in setting_errors(settings):
        report(error)
    for name, default in DEFAULTS.items():
        settings.setdefault(name, default)
    rel = config(settings).external_link_rel
    markdown = dict(settings.get("MARKDOWN") or {})
    extensions = [
        ext
        for ext in markdown.get("extensions", [])
        if not isinstance(ext, ExternalLinksExtension)
    ]
    if rel:
        extensions.append(ExternalLinksExtension(rel=rel, site_url=settings["SITEURL"]))
    settings["MARKDOWN"] = {**markdown, "extensions": extensions}
