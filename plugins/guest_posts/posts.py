"""Which files and articles are guest posts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.contents import Article

from sitelib import ARTICLE_LISTS, iter_content


def is_guest_file(source_path: str, settings: dict[str, Any], folder: str) -> bool:
    """Whether Pelican read this file through the guest folder. Paths are
    compared as read, not resolved: a link placed in the guest folder is
    still treated as a guest post (and this runs for every post)."""
    root = Path(settings["PATH"]).absolute() / folder
    return Path(source_path).absolute().is_relative_to(root)


def content_path(path: str, settings: dict[str, Any]) -> str:
    """``path`` relative to the content folder, with forward slashes ("" if
    it is outside, which the checks have already reported)."""
    resolved, root = Path(path).resolve(), Path(settings["PATH"]).resolve()
    return (
        resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else ""
    )


def guest_articles(context: dict[str, Any]) -> list[Article]:
    """Every guest post in Pelican's article lists (drafts and hidden ones too)."""
    return [
        article
        for article in iter_content(context, ARTICLE_LISTS)
        if getattr(article, "guest", None)
    ]
