"""The newsletter: issues built from the site for a mailing tool.

``invoke newsletter`` (``sitetools/newsletter.py``) builds the site with the
issue it is making in ``NEWSLETTER_NEXT`` and records it in
``content/newsletters/<date>.toml``; this plugin works out each recorded
issue's content (posts, guest posts and infographics dated in its period,
upcoming events, the calls to action and progress counters) and writes the
"view in browser" page, the email's HTML and plain-text parts, the
``newsletters/`` index and a feed. See README.md.
"""

from __future__ import annotations

from sitelib.wiring import generator_plugin

from .generator import NewsletterGenerator
from .settings import SETTINGS

__all__ = ["SETTINGS", "NewsletterGenerator", "register"]

#: The plugins whose content an issue lists, and the build guard.
NEEDS = ("build_guard", "events", "infographics", "progress")
#: The theme templates the generator renders.
TEMPLATES = (
    "newsletter",
    "newsletters",
    "newsletter_email",
    "partials/newsletter.html",
)

register = generator_plugin(
    "newsletter", SETTINGS, NewsletterGenerator, needs=NEEDS, templates=TEMPLATES
)
