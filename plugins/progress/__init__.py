"""Campaign progress counters: ``content/data/progress.toml``, one table per
counter, shown as an accessible ``<progress>`` with the numbers in words on
the home page's calls to action, in posts (a paragraph that is only
``[progress: name]``) and in the newsletter. No script, no third party.
See README.md for the fields and settings.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from sitelib import require
from sitelib.settings import configure as configure_settings

from .generator import ProgressGenerator
from .model import Counter
from .settings import SETTINGS

__all__ = ["SETTINGS", "Counter", "ProgressGenerator", "register"]

#: The theme template with the ``counter`` macro.
TEMPLATES = ("partials/progress.html",)


def configure(pelican: Any) -> None:
    require(pelican, plugin="progress", plugins=("build_guard",), templates=TEMPLATES)
    configure_settings(pelican.settings, SETTINGS)


def get_generators(_pelican: Any) -> type[ProgressGenerator]:
    return ProgressGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
