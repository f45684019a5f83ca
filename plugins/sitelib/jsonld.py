"""schema.org structured data (JSON-LD) for posts and the home page.

Print it with :func:`sitelib.script_json` inside
``<script type="application/ld+json">``. (An event's ``Event`` JSON-LD is
built by ``events.jsonld``, from the event model.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .text import plain_text


def absolute(site_url: str, path: str) -> str:
    """``path`` inside the site as an absolute URL."""
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"


def site_address(settings: Mapping[str, Any]) -> str:
    """The site's absolute address, for what must stay absolute (canonical
    and share URLs, structured data): ``FEED_DOMAIN``, since a
    ``RELATIVE_URLS`` build makes ``SITEURL`` relative in a page's context."""
    return settings.get("FEED_DOMAIN") or settings["SITEURL"]


def _person(name: str, url: str | None, organisation: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "@type": "Organization" if organisation else "Person",
        "name": name,
    }
    if url:
        entry["url"] = url
    return entry


def _comment(response: Any, post_url: str, parent: str | None) -> dict[str, Any]:
    url = f"{post_url}#{response.anchor}"
    entry: dict[str, Any] = {
        "@type": "Comment",
        "@id": url,
        "url": url,
        "author": _person(response.name, None, organisation=False),
        "datePublished": response.date.isoformat(),
        "text": response.text,
    }
    if parent:
        entry["parentItem"] = {"@id": parent}
    return entry


def comments(thread: Any, post_url: str) -> list[dict[str, Any]]:
    """schema.org ``Comment`` entries for a post's approved responses (the
    ``responses`` plugin's thread), oldest first, a reply after its parent."""
    found = []
    for response in thread:
        found.append(_comment(response, post_url, None))
        parent = f"{post_url}#{response.anchor}"
        found.extend(_comment(reply, post_url, parent) for reply in response.replies)
    return found


def blog_posting(article: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    """A schema.org ``BlogPosting`` for one post."""
    site_url = site_address(settings)
    url = absolute(site_url, article.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": plain_text(article.title)[:110],
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
        "publisher": _person(
            plain_text(settings["SITENAME"]), absolute(site_url, ""), True
        ),
    }
    if settings.get("SITELOGO"):
        data["publisher"]["logo"] = absolute(site_url, settings["SITELOGO"])
    summary = plain_text(getattr(article, "summary", ""))
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
    responses = getattr(article, "responses", None)
    if responses is not None:
        data["commentCount"] = responses.count
        if responses.count:
            data["comment"] = comments(responses.thread, url)
    return data


def website(settings: Mapping[str, Any]) -> dict[str, Any]:
    """A schema.org ``WebSite`` for the home page, with the search action when
    the site has a search page."""
    site_url = site_address(settings)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": plain_text(settings["SITENAME"]),
        "url": absolute(site_url, ""),
        "inLanguage": settings.get("DEFAULT_LANG"),
    }
    if settings.get("SITESUBTITLE"):
        data["description"] = plain_text(settings["SITESUBTITLE"])
    if "search.html" in (settings.get("TEMPLATE_PAGES") or {}).values():
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": absolute(site_url, "search.html?q={search_term_string}"),
            "query-input": "required name=search_term_string",
        }
    return data
