"""Where Pelican keeps content objects, for plugins that visit all of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

#: The lists Pelican's article generator keeps (and puts in the context).
ARTICLE_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
)
#: The same for the page generator.
PAGE_LISTS = ("pages", "hidden_pages", "draft_pages", "draft_translations")
CONTENT_LISTS = ARTICLE_LISTS + PAGE_LISTS


def iter_content(source: Any, lists: Iterable[str] = CONTENT_LISTS) -> Iterator[Any]:
    """The content objects in the named lists of a generator or a context."""
    for name in lists:
        if isinstance(source, Mapping):
            items = source.get(name)
        else:
            items = getattr(source, name, None)
        yield from items or []
