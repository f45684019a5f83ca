"""Content folders a plugin reads itself, and folders of untrusted input.

A plugin that reads its own folder (events, infographics, responses) says so
once with ``read_own_folder``: Pelican's article and page readers leave the
folder alone, and the build guard's source audit counts its files as read.
guest_posts names its folders with ``mark_untrusted``: the audit accepts no
symlink at all there. Both are kept in the build's settings, so nothing
outlives the build and no plugin imports another to find its folders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: Settings keys (per build) where the folders are recorded.
OWN_FOLDERS = "SITELIB_OWN_SOURCE_FOLDERS"
UNTRUSTED_FOLDERS = "SITELIB_UNTRUSTED_FOLDERS"
#: Pelican's readers that must leave a plugin's own folder alone.
READER_EXCLUDES = ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES")


def _with(values: Iterable[str], folder: str) -> list[str]:
    # A new list: Pelican's default lists are shared between builds.
    current = list(values)
    return current if folder in current else [*current, folder]


def read_own_folder(
    settings: dict[str, Any], folder: str, excludes: Iterable[str] = READER_EXCLUDES
) -> None:
    """``folder`` (inside content/) is read by the calling plugin only."""
    folder = folder.strip("/")
    for name in excludes:
        settings[name] = _with(settings.get(name) or [], folder)
    settings[OWN_FOLDERS] = _with(settings.get(OWN_FOLDERS) or [], folder)


def mark_untrusted(settings: dict[str, Any], folders: Iterable[str]) -> None:
    """``folders`` (inside content/) hold untrusted input."""
    for folder in folders:
        settings[UNTRUSTED_FOLDERS] = _with(
            settings.get(UNTRUSTED_FOLDERS) or [], folder.strip("/")
        )


def own_folders(settings: Mapping[str, Any]) -> list[str]:
    return list(settings.get(OWN_FOLDERS) or [])


def untrusted_folders(settings: Mapping[str, Any]) -> list[str]:
    return list(settings.get(UNTRUSTED_FOLDERS) or [])
