"""Which output file each piece of content will be written to, and clashes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# DIRECT_TEMPLATES write to <NAME>_SAVE_AS; these settings name other outputs.
_FIXED_OUTPUTS = (
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
)


def content_outputs(
    generators: Iterable[Any],
) -> list[tuple[str, Any]]:
    """``(save_as, content)`` for every content object any generator holds in
    a list attribute (articles, drafts, pages, static files, and the lists of
    other plugins' generators), each object once."""
    seen: set[int] = set()
    found = []
    for generator in generators:
        for value in vars(generator).values():
            if not isinstance(value, list):
                continue
            for item in value:
                save_as = getattr(item, "save_as", None)
                if (
                    id(item) in seen
                    or not isinstance(save_as, str)
                    or not save_as
                    or not getattr(item, "source_path", None)
                ):
                    continue
                seen.add(id(item))
                found.append((save_as, item))
    return found


def settings_outputs(settings: dict[str, Any]) -> dict[str, str]:
    """Output paths named directly in the settings, with the setting's name."""
    outputs = {}
    for template in settings.get("DIRECT_TEMPLATES", []):
        name = f"{template.upper()}_SAVE_AS"
        path = settings.get(name, f"{template}.html")
        if path:
            outputs[normalise(path)] = name
    for source, path in (settings.get("TEMPLATE_PAGES") or {}).items():
        outputs[normalise(path)] = f"TEMPLATE_PAGES[{source!r}]"
    for name in _FIXED_OUTPUTS:
        if settings.get(name):
            outputs[normalise(settings[name])] = name
    return outputs


def normalise(path: str) -> str:
    return path.replace("\\", "/").lstrip("/").removeprefix("./")


def find_clashes(
    guest: list[tuple[str, str]], others: list[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """``(guest_source, output, other_source)`` for each guest output that
    another source (or an earlier guest output) would also write."""
    owners: dict[str, str] = {}
    for output, source in others:
        owners.setdefault(normalise(output), source)
    clashes = []
    for output, source in guest:
        key = normalise(output)
        if key in owners and owners[key] != source:
            clashes.append((source, key, owners[key]))
        else:
            owners.setdefault(key, source)
    return clashes
