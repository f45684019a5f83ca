"""Pelican's content cache, made safe to leave on for every build.

Pelican keeps what its readers made of each file (``CACHE_CONTENT``) and
reuses it while the file's hash is unchanged (``LOAD_CONTENT_CACHE``,
``CHECK_MODIFIED_METHOD = "sha256"``). It never notices that the settings,
a plugin or the Markdown package changed, so a cache saved before such a
change would quietly give the old output. This module keeps a fingerprint of
everything else the cached content depends on next to the cache, and reads
every file again when it differs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
from collections.abc import Iterable
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, packages_distributions, version
from pathlib import Path
from typing import Any

from sitelib.settings import Setting, configure, sequence_of, text

logger = logging.getLogger(__name__)

#: Next to Pelican's own cache files in CACHE_PATH.
FINGERPRINT_FILE = "content-cache-fingerprint"
#: Settings that only switch later steps on or off (livereload turns search
#: off for its rebuilds): changing them keeps the content cache.
DEFAULT_IGNORED_SETTINGS = ("SEARCH_ENABLED", "SEARCH_TIMEOUT")
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "CONTENT_CACHE_IGNORES",
        DEFAULT_IGNORED_SETTINGS,
        "settings left out of the content cache's fingerprint: changing them "
        "keeps the cache (only list settings that cannot change what a file "
        "reads as)",
        sequence_of(text, "setting names", '["SEARCH_ENABLED"]'),
    ),
)
#: Settings about the cache itself (``pelican --ignore-cache`` turns loading
#: off for one build; the next build may use what it saved).
CACHE_SWITCHES = ("CACHE_CONTENT", "LOAD_CONTENT_CACHE")
#: Packages whose upgrade changes what the readers make of a file (besides
#: those of the Markdown extensions the settings name).
READER_PACKAGES = ("pelican", "markdown", "pygments")
#: Where the build keeps the fingerprint between ``initialized`` and
#: ``finalized``, with whether the settings asked to load the cache.
_ATTRIBUTE = "content_cache_fingerprint"


def stable(value: Any) -> Any:
    """``value`` as JSON-ready data that is the same in every process: no
    memory addresses (objects are named by their type, functions by name)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return sorted([repr(key), stable(item)] for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [stable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(stable(item)) for item in value)
    if isinstance(value, (Path, date, datetime)):
        return str(value)
    named = value if callable(value) and hasattr(value, "__qualname__") else type(value)
    return f"{getattr(named, '__module__', '')}.{named.__qualname__}"


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def reader_packages(settings: dict[str, Any]) -> list[str]:
    """The distributions whose version matters to what the readers make:
    ``READER_PACKAGES`` and those providing the Markdown extensions named in
    ``MARKDOWN`` (e.g. ``pymdownx.superfences``: pymdown-extensions)."""
    markdown = settings.get("MARKDOWN") or {}
    extensions = [
        *markdown.get("extensions", []),
        *markdown.get("extension_configs", {}),
    ]
    modules = {
        (name if isinstance(name, str) else type(name).__module__).split(".")[0]
        for name in extensions
    } - {"markdown"}
    packages = set(READER_PACKAGES)
    if modules:
        providers = packages_distributions()
        for module in modules:
            packages.update(providers.get(module, ()))
    return sorted(packages)


def plugin_sources(plugin_paths: Iterable[str]) -> list[Path]:
    """Every Python file of the plugins, in a stable order."""
    return sorted(
        path
        for folder in plugin_paths
        if Path(folder).is_dir()
        for path in Path(folder).rglob("*.py")
        if "__pycache__" not in path.parts
    )


def fingerprint(settings: dict[str, Any], sources: Iterable[Path]) -> str:
    """A digest of what cached content depends on besides its own file: the
    settings, the plugins' code and the reader packages' versions."""
    digest = hashlib.sha256()
    made_with = {
        "python": platform.python_version(),
        "packages": {
            name: _package_version(name) for name in reader_packages(settings)
        },
        "settings": stable(settings),
    }
    digest.update(json.dumps(made_with, sort_keys=True).encode("utf-8"))
    for path in sources:
        digest.update(str(path).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def check_content_cache(pelican: Any) -> None:
    """Before anything is read: load the content cache only if it was saved
    with the same settings, plugins and packages."""
    settings = pelican.settings
    options = configure(settings, SETTINGS)
    if options is None:
        return  # reported; the build guard stops the build before reading
    if not settings.get("CACHE_CONTENT") and not settings.get("LOAD_CONTENT_CACHE"):
        return
    ignored = {*options["CONTENT_CACHE_IGNORES"], *CACHE_SWITCHES}
    relevant = {name: value for name, value in settings.items() if name not in ignored}
    current = fingerprint(relevant, plugin_sources(settings.get("PLUGIN_PATHS", [])))
    setattr(pelican, _ATTRIBUTE, (current, bool(settings.get("LOAD_CONTENT_CACHE"))))
    kept = Path(settings["CACHE_PATH"]) / FINGERPRINT_FILE
    try:
        saved = kept.read_text(encoding="utf-8")
    except OSError:
        saved = None
    if saved == current:
        return
    if settings.get("LOAD_CONTENT_CACHE") and saved is not None:
        logger.info(
            "Content cache in %s was saved with other settings, plugins or "
            "packages: reading every file again",
            settings["CACHE_PATH"],
        )
    settings["LOAD_CONTENT_CACHE"] = False
    # Whatever this build saves is not what the old fingerprint describes,
    # even if the build stops before it can record the new one.
    try:
        kept.unlink(missing_ok=True)
    except OSError as exc:
        logger.warning(
            "Content cache: could not remove %s (%s); this build will not save "
            "the cache",
            kept,
            exc,
        )
        settings["CACHE_CONTENT"] = False


def record_content_cache(pelican: Any) -> None:
    """After a finished build: say what the saved cache was made with, and
    load it again in the next run of this instance (``pelican -r``)."""
    settings = pelican.settings
    recorded = getattr(pelican, _ATTRIBUTE, None)
    if recorded is None or not settings.get("CACHE_CONTENT"):
        return
    current, load = recorded
    kept = Path(settings["CACHE_PATH"]) / FINGERPRINT_FILE
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(current, encoding="utf-8")
    except OSError as exc:  # the next build reads every file: slower, not wrong
        logger.warning("Could not record the content cache's fingerprint: %s", exc)
        return
    settings["LOAD_CONTENT_CACHE"] = load
