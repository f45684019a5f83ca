"""Autoescaping for the theme, and the one way to print HTML unescaped.

The theme renders with Jinja autoescaping on (``JINJA_ENVIRONMENT`` in
``pelicanconf.py``): every value a template prints is escaped once, in text
and in attributes. HTML that is meant to be HTML (a post's or page's
rendered and sanitised content and summary, an event description, an
infographic's long description and chart, JSON-LD already escaped for
``<script>``) goes through the ``rendered_html`` filter, registered here, and
nowhere else: the theme has no ``|safe``, ``Markup(`` or
``{% autoescape false %}``.

Because the theme relies on autoescaping, a build whose settings turn it off
is refused with one line naming the setting and the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from sitelib.errors import ContentError, report
from sitelib.settings import SETTINGS_FILE

#: The filter's name in templates: ``{{ article.content|rendered_html }}``.
FILTER_NAME = "rendered_html"

#: Template names the check asks an autoescape function about.
_ESCAPED_TEMPLATES = ("article.html", "feed.xml")


def rendered_html(value: object) -> Markup:
    """``value``, HTML the build rendered and sanitised itself, marked so
    that autoescaping leaves it as it is. Never use it on text from metadata
    or settings."""
    if isinstance(value, Markup):
        return value
    return Markup("" if value is None else str(value))


def autoescape_is_on(value: bool | Callable[[str | None], bool] | Any) -> bool:
    """Whether ``JINJA_ENVIRONMENT["autoescape"]`` escapes HTML and XML
    templates (a bool, or a function of the template name such as
    ``jinja2.select_autoescape``)."""
    if callable(value):
        return all(bool(value(name)) for name in _ESCAPED_TEMPLATES)
    return value is True


def autoescape_error(environment: dict[str, Any]) -> ContentError | None:
    """The problem with ``JINJA_ENVIRONMENT`` if it leaves autoescaping off."""
    value = environment.get("autoescape", False)
    if autoescape_is_on(value):
        return None
    return ContentError(
        SETTINGS_FILE,
        "JINJA_ENVIRONMENT",
        f"'autoescape' is {value!r}, but the theme relies on Jinja "
        "autoescaping to make every value safe in HTML",
        "add \"autoescape\": select_autoescape(['html', 'xml'], "
        "default_for_string=False) (from jinja2) to JINJA_ENVIRONMENT",
    )


def configure(pelican: Any) -> None:
    """``initialized``: refuse a build without autoescaping, and give
    templates the ``rendered_html`` filter (next to the user's own filters,
    which win on a name clash)."""
    settings = pelican.settings
    environment = dict(settings.get("JINJA_ENVIRONMENT") or {})
    problem = autoescape_error(environment)
    if problem is not None:
        report(problem)
        # The refused build still compiles a few templates (e.g. macros used
        # while reading): keep unescaped bytecode out of the shared cache.
        environment.pop("bytecode_cache", None)
        settings["JINJA_ENVIRONMENT"] = environment
    # A new dict: never mutate one Pelican's defaults or the settings file share.
    settings["JINJA_FILTERS"] = {
        FILTER_NAME: rendered_html,
        **(settings.get("JINJA_FILTERS") or {}),
    }
