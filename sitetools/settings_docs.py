"""Each plugin README's settings table, made from the plugin's ``SETTINGS``.

A plugin declares its settings once (``sitelib.settings.Setting``), in its
package or its ``settings`` module; ``invoke settings-docs`` rewrites the
table between the markers in the plugin's README.md, and a test fails when a
README's table differs from the declarations.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from sitelib.files import write_if_changed
from sitelib.settings import Setting, with_table

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


def declared_settings(plugin: str) -> tuple[Setting, ...]:
    """The plugin's ``SETTINGS``: from its package, else its ``settings``
    module; ``()`` for a plugin with no settings."""
    package = importlib.import_module(plugin)
    declared = getattr(package, "SETTINGS", None)
    if declared is None:
        try:
            declared = importlib.import_module(f"{plugin}.settings").SETTINGS
        except ModuleNotFoundError as exc:
            if exc.name != f"{plugin}.settings":
                raise
    return tuple(declared or ())


def plugin_names(plugins: Path = PLUGINS) -> list[str]:
    """The Pelican plugins in ``plugins`` (``sitelib`` is a library)."""
    return sorted(
        folder.name
        for folder in plugins.iterdir()
        if (folder / "__init__.py").is_file() and folder.name != "sitelib"
    )


def expected_readmes(plugins: Path = PLUGINS) -> dict[Path, str]:
    """Each declaring plugin's README as it should read (its table made
    from its declarations)."""
    expected = {}
    for plugin in plugin_names(plugins):
        declared = declared_settings(plugin)
        if declared:
            readme = plugins / plugin / "README.md"
            expected[readme] = with_table(readme.read_text(encoding="utf-8"), declared)
    return expected


def stale_readmes(plugins: Path = PLUGINS) -> list[Path]:
    """The READMEs whose settings table differs from the declarations."""
    return [
        readme
        for readme, text in expected_readmes(plugins).items()
        if readme.read_text(encoding="utf-8") != text
    ]


def write_readmes(plugins: Path = PLUGINS) -> list[Path]:
    """Rewrite the stale settings tables; return the READMEs changed."""
    return [
        readme
        for readme, text in expected_readmes(plugins).items()
        if write_if_changed(readme, text.encode("utf-8"))
    ]
