"""Readers' responses by email, published after a maintainer approves them.

Responses are Markdown files in ``content/<RESPONSES_PATH>/<post-slug>/``,
written by ``invoke add-response`` from a saved email. Approved ones are
shown under their post (``article.responses``), counted in its meta line,
put in ``feeds/responses.atom.xml`` and in the post's JSON-LD. See README.md.
"""

from __future__ import annotations

from typing import Any

from sitelib.folders import read_own_folder
from sitelib.settings import Options
from sitelib.wiring import generator_plugin

from .generator import PostResponses, ResponsesGenerator
from .settings import SETTINGS

__all__ = ["SETTINGS", "PostResponses", "ResponsesGenerator", "register"]

#: The theme templates the responses are shown with.
TEMPLATES = ("partials/responses.html",)


def read_responses_folder(settings: dict[str, Any], options: Options) -> None:
    """Keep Pelican's readers, static files included, out of the responses
    folder (once the settings are good)."""
    read_own_folder(
        settings,
        options.path,
        ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"),
    )


register = generator_plugin(
    "responses",
    SETTINGS,
    ResponsesGenerator,
    needs=("build_guard", "guest_posts"),
    templates=TEMPLATES,
    then=read_responses_folder,
)
