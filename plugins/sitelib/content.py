"""Where Pelican keeps content objects, for plugins that visit all of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .errors import ContentError, source_label, unreadable

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


def read_content(
    generator: Any, relative: str, content_class: type
) -> tuple[Any, ContentError | None]:
    """One file of a plugin's own content, read by Pelican's readers for
    ``generator`` as ``content_class``: ``(content, None)``, or ``(None,
    problem)`` when a reader failed (worded by ``unreadable``)."""
    try:
        content = generator.readers.read_file(
            base_path=generator.path,
            path=relative,
            content_class=content_class,
            context=generator.context,
        )
    except Exception as exc:  # a reader error is a content problem
        return None, unreadable(source_label(relative, generator.path), exc)
    return content, None
