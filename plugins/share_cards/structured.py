"""Structured data (JSON-LD) and plain share links: small pure functions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from markupsafe import Markup


def plain(text: object) -> str:
    """Text with HTML tags removed and entities decoded."""
    return Markup(str(text or "")).striptags()


def absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"


def script_json(data: Mapping[str, Any]) -> Markup:
    """JSON safe to put inside ``<script type="application/ld+json">``:
    ``<``, ``>`` and ``&`` are escaped so no text can close the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)


def _person(name: str, url: str | None, organisation: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "@type": "Organization" if organisation else "Person",
        "name": name,
    }
    if url:
        entry["url"] = url
    return entry


def blog_posting(article: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    """A schema.org ``BlogPosting`` for one post."""
    site_url = settings["SITEURL"]
    url = absolute(site_url, article.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": plain(article.title)[:110],
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.date.isoformat(),
        "dateModified": (
            getattr(article, "modified", None) or article.date
        ).isoformat(),
        "inLanguage": getattr(article, "lang", None) or settings.get("DEFAULT_LANG"),
        "author": [
            _person(
                str(author),
                absolute(site_url, author.url) if getattr(author, "url", "") else None,
                organisation=str(author) == settings.get("AUTHOR"),
            )
            for author in (getattr(article, "authors", None) or [])
        ]
        or [_person(str(settings.get("AUTHOR") or settings["SITENAME"]), None, True)],
        "publisher": _person(plain(settings["SITENAME"]), absolute(site_url, ""), True),
    }
    if settings.get("SITELOGO"):
        data["publisher"]["logo"] = absolute(site_url, settings["SITELOGO"])
    summary = plain(getattr(article, "summary", ""))
    if summary:
        data["description"] = summary
    image = getattr(article, "share_image", None)
    if image:
        data["image"] = absolute(site_url, image)
    category = getattr(article, "category", None)
    if category:
        data["articleSection"] = str(category)
    tags = getattr(article, "tags", None)
    if tags:
        data["keywords"] = [str(tag) for tag in tags]
    return data


def website(settings: Mapping[str, Any]) -> dict[str, Any]:
    """A schema.org ``WebSite`` for the home page, with the search action when
    the site has a search page."""
    site_url = settings["SITEURL"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": plain(settings["SITENAME"]),
        "url": absolute(site_url, ""),
        "inLanguage": settings.get("DEFAULT_LANG"),
    }
    if settings.get("SITESUBTITLE"):
        data["description"] = plain(settings["SITESUBTITLE"])
    if "search.html" in (settings.get("TEMPLATE_PAGES") or {}).values():
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": absolute(site_url, "search.html?q={search_term_string}"),
            "query-input": "required name=search_term_string",
        }
    return data


def share_links(
    url: str, title: str, templates: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(label, href) pairs: each template with ``{url}``, ``{title}`` and
    ``{text}`` (title and URL together) filled in, percent-encoded."""
    values = {
        "url": quote(url, safe=""),
        "title": quote(title, safe=""),
        "text": quote(f"{title} {url}", safe=""),
    }
    return [(label, template.format(**values)) for label, template in templates]
