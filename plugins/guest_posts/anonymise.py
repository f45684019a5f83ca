"""Sanitising and anonymising a guest post once it is read: the body and
summary through the allowlist, the title and every shown text as plain text,
the author replaced for anonymous posts, category and tags rebuilt."""

from __future__ import annotations

from dataclasses import dataclass

from pelican.contents import Article
from pelican.urlwrappers import Author, Category, Tag

import sitelib
from sitelib import Field, ImageInfo, plain_text

from .posts import content_path
from .sanitise import sanitise_html
from .settings import GuestSettings


@dataclass
class GuestInfo:
    """What templates show about a guest post (``article.guest``); every
    text value is plain text (no markup), escaped once by the templates'
    autoescaping."""

    name: str
    anonymous: bool
    bio: str = ""
    role: str = ""
    content_note: str = ""
    avatar_path: str = ""
    avatar_url: str = ""


def sanitise_article(article: Article, cfg: GuestSettings) -> None:
    """Body and summary through the allowlist (the summary without ids:
    summaries are shown many to a page, so none can repeat), the title as
    plain text (escaped by the templates); the slug from the clean title
    unless the file gives one."""
    settings, metadata = article.settings, article.metadata
    article._content = sanitise_html(article._content or "", cfg.link_rel)
    if getattr(article, "_summary", None):
        article._summary = sanitise_html(article._summary, cfg.link_rel, ids=False)
        metadata["summary"] = article._summary
    article.title = metadata["title"] = plain_text(getattr(article, "title", ""))
    if "slug" not in metadata:
        article.slug = sitelib.slug(plain_text(article.title), settings)


def replace_taxonomy(article: Article, cfg: GuestSettings, anonymous: bool) -> str:
    """Author (anonymous or the name as plain text), category and tags,
    before Pelican files the article under them. Returns the author's name."""
    settings, metadata = article.settings, article.metadata
    name = cfg.anonymous_name if anonymous else plain_text(article.author.name)
    author = Author(name or cfg.anonymous_name, settings)
    article.author, article.authors = author, [author]
    metadata["author"], metadata["authors"] = author, [author]
    article.category = metadata["category"] = Category(cfg.category, settings)
    tags = [
        Tag(n, settings) for t in getattr(article, "tags", []) if (n := plain_text(t))
    ]
    article.tags = metadata["tags"] = tags
    return author.name


def guest_info(
    article: Article,
    fields: dict[str, Field],
    images: dict[str, ImageInfo],
    *,
    name: str,
    anonymous: bool,
) -> GuestInfo:
    """What the templates show: every text plain (the templates escape it),
    the avatar if it is among the checked ``images``."""
    settings, metadata = article.settings, article.metadata
    info = GuestInfo(name=name, anonymous=anonymous)
    for attribute, key in (
        ("bio", "bio"),
        ("role", "role"),
        ("content_note", "content-note"),
    ):
        value = plain_text(metadata.get(key, ""))
        setattr(info, attribute, value)
        if key in metadata:
            metadata[key] = value
            setattr(article, key, value)
    avatar = fields.get("avatar")
    if anonymous:
        metadata.pop("avatar", None)
        article.avatar = ""
    elif avatar and avatar.value in images:
        info.avatar_path = content_path(str(images[avatar.value].path), settings)
    return info
