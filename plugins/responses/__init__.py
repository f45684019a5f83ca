"""Readers' responses by email, published after a maintainer approves them.

Responses are Markdown files in ``content/<RESPONSES_PATH>/<post-slug>/``,
written by ``invoke add-response`` from a saved email. Approved ones are
shown under their post (``article.responses``), counted in its meta line,
put in ``feeds/responses.atom.xml`` and in the post's JSON-LD. See README.md.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from sitelib import require
from sitelib.folders import read_own_folder
from sitelib.settings import configure as configure_settings

from .generator import PostResponses, ResponsesGenerator
from .settings import SETTINGS

__all__ = ["SETTINGS", "PostResponses", "ResponsesGenerator", "register"]

#: The theme templates the responses are shown with.
TEMPLATES = ("partials/responses.html",)


def configure(pelican: Any) -> None:
    """Check the settings and keep Pelican's readers out of the responses."""
    require(
        pelican,
        plugin="responses",
        plugins=("build_guard", "guest_posts"),
        templates=TEMPLATES,
    )
    settings = pelican.settings
    opts = configure_settings(settings, SETTINGS)
    if opts is None:
        return  # reported; the build guard stops the build before reading
    read_own_folder(
        settings, opts.path, ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES")
    )


def get_generators(_pelican: Any) -> type[ResponsesGenerator]:
    return ResponsesGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
