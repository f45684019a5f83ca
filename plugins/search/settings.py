"""The search settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from typing import Any

from sitelib.settings import Problem, Setting, is_bool, number

#: The Pagefind index options the service accepts, with their types.
PAGEFIND_CONFIG_TYPES: dict[str, type] = {
    "root_selector": str,
    "exclude_selectors": list,
    "force_language": str,
    "include_characters": str,
    "keep_index_url": bool,
}


def pagefind_options(value: Any) -> Problem | None:
    """A dict of Pagefind index options of the right types."""
    if isinstance(value, dict) and all(
        isinstance(value[name], PAGEFIND_CONFIG_TYPES.get(name, ())) for name in value
    ):
        return None
    return (
        "is not a dict of Pagefind index options",
        "use keys from "
        + ", ".join(PAGEFIND_CONFIG_TYPES)
        + ', e.g. {"force_language": "en"}',
    )


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SEARCH_ENABLED",
        True,
        "build the index; the test mini-sites and livereload's rebuilds switch it off",
        is_bool,
    ),
    Setting(
        "SEARCH_TIMEOUT",
        120,
        "seconds Pagefind may take to answer before the build fails",
        number(0),
    ),
    Setting(
        "SEARCH_PAGEFIND_CONFIG",
        {},
        "Pagefind index options: `root_selector`, `exclude_selectors`, "
        "`force_language`, `include_characters`, `keep_index_url`, e.g. "
        '`{"force_language": "en"}`',
        pagefind_options,
    ),
)
