"""Campaign progress counters: ``content/data/progress.toml``, one table per
counter, shown as an accessible ``<progress>`` with the numbers in words on
the home page's calls to action, in posts (a paragraph that is only
``[progress: name]``) and in the newsletter. No script, no third party.
See README.md for the fields and settings.
"""

from __future__ import annotations

from sitelib.wiring import generator_plugin

from .generator import ProgressGenerator
from .model import Counter
from .settings import SETTINGS

__all__ = ["SETTINGS", "Counter", "ProgressGenerator", "register"]

#: The theme template with the ``counter`` macro.
TEMPLATES = ("partials/progress.html",)

register = generator_plugin(
    "progress", SETTINGS, ProgressGenerator, templates=TEMPLATES
)
