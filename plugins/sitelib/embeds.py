"""Embedding a plugin's item in a post or page with one line of Markdown.

A paragraph that is only ``[kind: name]`` (``[infographic: good-care]``,
``[progress: crowdfunder]``) is replaced by the item's HTML; a name that
matches no item is one ``ContentError`` for the file it is in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pelican.utils import get_relative_path

from .errors import ContentError


def embed_pattern(kind: str) -> re.Pattern[str]:
    """A paragraph that is only ``[kind: name]`` (Markdown makes the line a
    paragraph of its own); group 1 is the name."""
    return re.compile(rf"<p>\s*\[{re.escape(kind)}:\s*([^\]\s]*)\s*\]\s*</p>")


def embedded_names(kind: str, html: str) -> list[str]:
    return embed_pattern(kind).findall(html)


def replace_embeds(kind: str, html: str, render: Callable[[str], str]) -> str:
    return embed_pattern(kind).sub(lambda match: render(match.group(1)), html)


def forget_rendered(content: Any) -> None:
    """Drop what Pelican memoized of a content object's HTML (``get_content``
    and ``get_summary`` are cached per object and site URL), so an embed put
    in after a plugin read it shows."""
    for method in (type(content).get_content, type(content).get_summary):
        cache = getattr(method, "cache", None)
        if cache is not None:
            for key in [k for k in cache if k and k[0] is content]:
                del cache[key]


def embed_all(
    contents: Iterable[Any],
    kind: str,
    known: Mapping[str, Any],
    render: Callable[[Any, Any], str],
    label: Callable[[Any], str],
    where: str,
    key: str = "name",
    noun: str = "",
) -> list[ContentError]:
    """Replace every ``[kind: name]`` in ``contents`` with ``render(item,
    content)`` (the content it is embedded in, e.g. for links relative to it);
    return one problem per name that is not in ``known`` (``where`` says
    where the names come from, e.g. "content/data/progress.toml"; ``key``
    what a name is called, e.g. "slug"; ``noun`` what an item is called, if
    not ``kind``, e.g. "progress counter"). A file
    with an unknown name is left as it was."""
    errors: list[ContentError] = []
    for content in contents:
        html = getattr(content, "_content", "") or ""
        names = embedded_names(kind, html)
        if not names:
            continue
        missing = [name for name in names if name not in known]
        for name in missing:
            named = f"the {key} '{name}'" if name else f"no {key}"
            errors.append(
                ContentError(
                    label(content),
                    f"{kind} embed",
                    f"there is no {noun or kind} with {named}",
                    f"use the {key} of one in {where} (known: "
                    + (", ".join(sorted(known)) or "none")
                    + ")",
                )
            )
        if missing:
            continue
        content._content = replace_embeds(
            kind, html, lambda n, content=content: render(known[n], content)
        )
        forget_rendered(content)
    return errors


def page_base(settings: Mapping[str, Any], content: Any) -> str:
    """What SITEURL is for markup put into a post or page's body: relative
    to that page in a RELATIVE_URLS (development) build, else SITEURL."""
    if settings.get("RELATIVE_URLS"):
        return get_relative_path(getattr(content, "save_as", "") or "")
    return str(settings.get("SITEURL", ""))


def page_macros(
    env: Any, template: str, context: Mapping[str, Any], settings: Mapping[str, Any]
) -> Callable[[Any], Any]:
    """The macros of ``template`` for markup put into a post or page's body,
    with ``SITEURL`` as :func:`page_base` gives it for that page: one
    template module per base, made the first time a page needs it."""
    loaded = env.get_template(template)
    modules: dict[str, Any] = {}

    def for_page(content: Any) -> Any:
        base = page_base(settings, content)
        if base not in modules:
            modules[base] = loaded.make_module({**context, "SITEURL": base})
        return modules[base]

    return for_page
