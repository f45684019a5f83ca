"""Infographics: survey galleries with a Pillow image pipeline.

Markdown files in ``content/infographics/`` (see README.md) become one page
each, grouped into a gallery per survey, with responsive images, a PDF, the
data as a table, and Atom/RSS feeds. Posts embed one with a paragraph that is
only ``[infographic: slug]``.
"""

from __future__ import annotations

from typing import Any

# Pelican and the generator are imported inside the functions below: worker
# processes import ``infographics.images`` and should load only Pillow.

_EXCLUDES = ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES")
#: The plugins it needs: the build guard, and share_cards (the theme's share
#: image and JSON-LD filters, used by every page around the galleries).
NEEDS = ("build_guard", "share_cards")
#: The theme templates the infographics generator renders.
TEMPLATES = (
    "infographics",
    "infographic",
    "infographic_survey",
    "partials/infographics.html",
)


def configure(pelican: Any) -> None:
    """Fill in defaults, check the settings, and keep Pelican's own
    generators out of our folder."""
    from sitelib import require
    from sitelib.folders import read_own_folder
    from sitelib.settings import configure as configure_settings

    from .settings import SETTINGS

    require(pelican, plugin="infographics", plugins=NEEDS, templates=TEMPLATES)
    settings = pelican.settings
    options = configure_settings(settings, SETTINGS)
    if options is None:
        return  # reported; the build guard stops the build before reading
    read_own_folder(settings, options.path, _EXCLUDES)


def get_generators(_pelican: Any) -> type:
    from .generator import InfographicsGenerator

    return InfographicsGenerator


def register() -> None:
    from pelican import signals

    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
