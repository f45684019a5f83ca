"""What a plugin needs: other plugins in ``PLUGINS`` and templates in the
theme. Each plugin calls ``require`` first thing at ``initialized``; a plugin
used without what it needs stops the build there, before anything is read or
written, with one line saying what to add.

The build is stopped by raising ``BuildFailed`` directly (not through the
build guard), so it works when ``build_guard`` is the plugin that is missing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .errors import BuildFailed, ContentError

logger = logging.getLogger(__name__)


def is_enabled(name: str, plugins: Iterable[Any]) -> bool:
    """Whether ``name`` is in ``PLUGINS``, as a module name (``events``) or a
    namespace plugin (``pelican.plugins.name``), like Pelican's own
    ``plugin_enabled`` test."""
    names = {getattr(p, "__name__", str(p)) for p in plugins}
    return name in names or f"pelican.plugins.{name}" in names


def missing_plugins(needed: Sequence[str], plugins: Iterable[Any]) -> list[str]:
    """The plugins in ``needed`` that ``plugins`` (the ``PLUGINS`` setting)
    does not have, in the order given."""
    enabled = list(plugins)
    return [name for name in needed if not is_enabled(name, enabled)]


def template_folders(settings: dict[str, Any]) -> list[Path]:
    """Where Pelican looks for a theme's templates: the
    ``THEME_TEMPLATES_OVERRIDES`` folders, then ``<THEME>/templates``."""
    return [
        *(Path(folder) for folder in settings.get("THEME_TEMPLATES_OVERRIDES") or []),
        Path(settings["THEME"]) / "templates",
    ]


def missing_templates(needed: Sequence[str], settings: dict[str, Any]) -> list[str]:
    """The templates in ``needed`` (names as a plugin's generator asks for
    them, e.g. ``events`` or ``partials/guest.html``) that no template folder
    has, each with its file extension."""
    extensions = list(settings.get("TEMPLATE_EXTENSIONS") or [".html"])
    folders = template_folders(settings)
    missing = []
    for name in needed:
        files = [name] if Path(name).suffix else [name + ext for ext in extensions]
        if not any((folder / file).is_file() for folder in folders for file in files):
            missing.append(files[-1])
    return missing


def _listed(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def requirement_problem(
    plugin: str,
    settings: dict[str, Any],
    *,
    plugins: Sequence[str] = (),
    templates: Sequence[str] = (),
) -> ContentError | None:
    """The one problem with ``plugin``'s requirements, or None: plugins
    missing from ``PLUGINS`` first (they are what to fix first), else
    templates missing from the theme."""
    absent = missing_plugins(plugins, settings.get("PLUGINS") or [])
    if absent:
        return ContentError(
            "pelicanconf.py",
            "PLUGINS",
            f"the {plugin} plugin needs {_listed(absent)}, "
            f"which {'is' if len(absent) == 1 else 'are'} not in PLUGINS",
            f"add {_quoted(absent)} to PLUGINS"
            + (" (build_guard first in the list)" if "build_guard" in absent else ""),
        )
    lacking = missing_templates(templates, settings)
    if lacking:
        return ContentError(
            "pelicanconf.py",
            "THEME",
            f"the {plugin} plugin needs the template{'s' if len(lacking) > 1 else ''} "
            f"{_listed(lacking)}, which the theme ({settings['THEME']}) "
            f"does not have",
            "copy them from this project's theme/templates/ into the theme's "
            "templates/ folder (or a THEME_TEMPLATES_OVERRIDES folder)",
        )
    return None


def require(
    pelican: Any,
    *,
    plugin: str,
    plugins: Sequence[str] = (),
    templates: Sequence[str] = (),
) -> None:
    """Stop the build at once if ``plugin`` is used without the ``plugins``
    it needs in ``PLUGINS`` or the ``templates`` it renders in the theme.

    Pelican's signals are process-wide: a plugin registered by an earlier
    build in this process (tests, livereload) still receives ``initialized``.
    Only a plugin in this build's ``PLUGINS`` is checked.
    """
    if not is_enabled(plugin, pelican.settings.get("PLUGINS") or []):
        return
    problem = requirement_problem(
        plugin, pelican.settings, plugins=plugins, templates=templates
    )
    if problem is not None:
        failure = BuildFailed([str(problem)])
        logger.critical("Build stopped: %s", failure)
        raise failure
