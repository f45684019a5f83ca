"""The contributors: one name per person (no impersonation), the
templates' ``guest_posts`` / ``guest_contributors`` context, and the
guests index page (``GuestsGenerator``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.contents import Article
from pelican.generators import Generator
from pelican.urlwrappers import Category

from build_guard import Claim, claim_outputs
from sitelib import ContentError, report, source_label, write_if_changed, write_page
from sitelib.settings import options

from .posts import guest_articles
from .rules import FORM_INPUTS, rules_json
from .settings import SETTINGS


@dataclass(frozen=True)
class GuestAuthor:
    """One contributor on the guests index and their author page."""

    name: str
    url: str
    bio: str
    role: str
    avatar_url: str
    anonymous: bool
    posts: tuple[Any, ...]


def contributors(articles: list[Article]) -> list[GuestAuthor]:
    """One entry per guest author, newest post first; the bio, role and
    avatar come from their newest post."""
    by_slug: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: a.date, reverse=True):
        by_slug.setdefault(article.author.slug, []).append(article)
    result = []
    for posts in by_slug.values():
        newest = posts[0]
        anonymous = newest.guest.anonymous
        result.append(
            GuestAuthor(
                name=newest.guest.name,
                url=newest.author.url,
                bio="" if anonymous else newest.guest.bio,
                role="" if anonymous else newest.guest.role,
                avatar_url="" if anonymous else newest.guest.avatar_url,
                anonymous=anonymous,
                posts=tuple(posts),
            )
        )
    return result


def impersonations(articles: list[Article], content_root: str) -> list[ContentError]:
    """Guest posts under the name of another contributor: the same author
    page (name compared as its slug) with a different bio, role or photo.
    Published posts come first, so a new post cannot take over a name."""
    first: dict[str, Article] = {}
    problems = []
    for article in sorted(
        articles,
        key=lambda a: (a.status != "published", a.date, a.source_path),
    ):
        if article.guest.anonymous:
            continue
        earlier = first.setdefault(article.author.slug, article)
        if earlier is article or _identity(earlier) == _identity(article):
            continue
        problems.append(
            ContentError(
                source_label(article.source_path, content_root),
                "Author",
                f"'{article.author.name}' is already the name of another "
                f"contributor ({source_label(earlier.source_path, content_root)}) "
                "with a different bio, role or photo",
                "if you wrote that post too, copy its Bio, Role and Avatar lines; "
                "otherwise write your name in full, or 'Anonymous: yes'",
            )
        )
    return problems


def _identity(article: Article) -> tuple[str, str, str]:
    guest = article.guest
    return (guest.bio, guest.role, guest.avatar_path)


def check_contributors(generators: list[Any]) -> None:
    if generators:
        for problem in impersonations(
            guest_articles(generators[0].context), generators[0].settings["PATH"]
        ):
            report(problem)


def add_guest_context(generators: list[Any]) -> None:
    if not generators:
        return
    context = generators[0].context
    cfg = options(generators[0].settings, SETTINGS)
    published = [a for a in context.get("articles") or [] if getattr(a, "guest", None)]
    people = contributors(published)
    context["guest_posts"] = sorted(published, key=lambda a: a.date, reverse=True)
    context["guest_contributors"] = people
    context["guest_form_inputs"] = FORM_INPUTS
    context["guest_authors"] = {
        person.posts[0].author.slug: person for person in people
    }
    category_slug = Category(cfg.category, generators[0].settings).slug
    for name in ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"):
        pattern = context.get(name)
        context[f"GUEST_POSTS_FEED_{name.rsplit('_', 1)[1]}"] = (
            pattern.format(slug=category_slug) if pattern else ""
        )


class GuestsGenerator(Generator):
    """Writes the guests index (template ``guests.html``) and the rules file
    for the writing form (``GUEST_POSTS_RULES_SAVE_AS``)."""

    def generate_context(self) -> None:
        cfg = options(self.settings, SETTINGS)
        if cfg.rules_save_as:
            claim_outputs(
                self.context,
                [
                    Claim(
                        cfg.rules_save_as,
                        "the guest post rules (GUEST_POSTS_RULES_SAVE_AS)",
                    )
                ],
            )
        if cfg.index_save_as:
            claim_outputs(
                self.context,
                [
                    Claim(
                        cfg.index_save_as,
                        "the guests index (GUEST_POSTS_INDEX_SAVE_AS)",
                    )
                ],
            )

    def generate_output(self, writer: Any) -> None:
        cfg = options(self.settings, SETTINGS)
        if cfg.rules_save_as:
            write_if_changed(
                Path(self.output_path) / cfg.rules_save_as,
                rules_json(
                    self.settings,
                    anonymous_name=cfg.anonymous_name,
                    max_bytes=cfg.max_bytes,
                ),
            )
        if not cfg.index_save_as:
            return
        write_page(
            writer,
            self,
            "guests",
            cfg.index_save_as,
            cfg.index_url,
            page_name=cfg.index_url.rstrip("/"),
        )


def get_generators(_pelican: Any) -> type[Generator]:
    return GuestsGenerator
