"""The guest_posts settings at ``initialized``."""

from __future__ import annotations

from typing import Any

from sitelib import report, require
from sitelib.folders import mark_untrusted
from sitelib.settings import configure as configure_settings

from .links import ExternalLinksExtension
from .settings import SETTINGS, output_sources_error


def configure(pelican: Any) -> None:
    """Check the GUEST_POSTS_* settings, fill in their defaults, and add the
    external-link ``rel`` extension to Markdown."""
    settings = pelican.settings
    problem = output_sources_error(settings)
    if problem:
        report(problem)
    options = configure_settings(settings, SETTINGS)
    if options is None:
        return  # reported; the build guard stops the build before reading
    # The source audit accepts no symlink at all in these folders.
    mark_untrusted(settings, (options.path, *options.image_paths))
    require(
        pelican,
        plugin="guest_posts",
        plugins=("build_guard",),
        templates=("guests",) if options.index_save_as else (),
    )
    rel = options.external_link_rel
    markdown = dict(settings.get("MARKDOWN") or {})
    extensions = [
        ext
        for ext in markdown.get("extensions", [])
        if not isinstance(ext, ExternalLinksExtension)
    ]
    if rel:
        extensions.append(ExternalLinksExtension(rel=rel, site_url=settings["SITEURL"]))
    settings["MARKDOWN"] = {**markdown, "extensions": extensions}
