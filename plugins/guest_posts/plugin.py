"""Thin signal receivers; the logic lives in the other modules."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import slugify

from build_guard import Claim, claim_outputs
from build_guard.status import UNKNOWN_STATUS
from sitelib import ContentError, plain_text, report, source_label

from .contribution import (
    FIELDS,
    FORBIDDEN,
    Field,
    check_body,
    check_images,
    check_size,
    check_source,
    checked_images,
    image_references,
    is_yes,
    normalise_newlines,
    parse_header,
    read_source,
)
from .images import add_image_sizes, copy_when_different, stripped_copy
from .links import ExternalLinksExtension
from .reader import use_guest_reader
from .sanitise import sanitise_html
from .settings import DEFAULTS, GuestSettings, config, setting_errors

logger = logging.getLogger(__name__)

_ARTICLE_LISTS = ("articles", "drafts", "hidden_articles", "translations")


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


def is_guest_file(source_path: str, settings: dict[str, Any], folder: str) -> bool:
    """Whether Pelican read this file through the guest folder. Paths are
    compared as read, not resolved: a link placed in the guest folder is
    still treated as a guest post (and this runs for every post)."""
    root = Path(settings["PATH"]).absolute() / folder
    return Path(source_path).absolute().is_relative_to(root)


def _content_path(path: str, settings: dict[str, Any]) -> str:
    """``path`` relative to the content folder, with forward slashes ("" if
    it is outside, which the checks have already reported)."""
    resolved, root = Path(path).resolve(), Path(settings["PATH"]).resolve()
    return (
        resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else ""
    )


# --- initialized --------------------------------------------------------


def start(pelican: Any) -> None:
    settings = pelican.settings
    for error in setting_errors(settings):
        report(error)
    for name, default in DEFAULTS.items():
        settings.setdefault(name, default)
    rel = config(settings).external_link_rel
    markdown = dict(settings.get("MARKDOWN") or {})
    extensions = [
        ext
        for ext in markdown.get("extensions", [])
        if not isinstance(ext, ExternalLinksExtension)
    ]
    if rel:
        extensions.append(ExternalLinksExtension(rel=rel, site_url=settings["SITEURL"]))
    settings["MARKDOWN"] = {**markdown, "extensions": extensions}


# --- content_object_init: check, sanitise, anonymise --------------------


def read_and_check(article: Article, cfg: GuestSettings) -> dict[str, Field]:
    """Report the file's problems; return its metadata block as written."""
    settings = article.settings
    source = source_label(article.source_path, settings["PATH"])
    path = Path(article.source_path)
    if path.suffix.lower() != ".md":
        report(
            ContentError(
                source,
                "file",
                "guest posts must be Markdown files",
                "save the post as a .md file (see CONTRIBUTING.md)",
            )
        )
        return {}
    size_problems = check_size(path.stat().st_size, source, cfg.max_bytes)
    if size_problems:
        for problem in size_problems:
            report(problem)
        return {}
    text = normalise_newlines(read_source(path))
    problems = check_source(
        text,
        source=source,
        content_root=Path(settings["PATH"]),
        source_dir=path.parent,
        config=cfg,
        markdown=settings.get("MARKDOWN"),
        advice=False,
    )
    for problem in problems:
        # An unknown status is already reported for every file (campaign.status).
        if not (
            UNKNOWN_STATUS in article.metadata and problem.field.startswith("Status")
        ):
            report(problem)
    fields, first_line = parse_header(text, settings.get("MARKDOWN"))
    for advice in check_body(text.split("\n")[first_line - 1 :], first_line, source):
        logger.warning("%s", advice)
    # What Pelican's reader produced is judged too, so no reading of the
    # header can differ from the build's (category and reader Pelican adds).
    added = {
        "category",
        "reader",
        UNKNOWN_STATUS,
        *(settings.get("DEFAULT_METADATA") or {}),
    }
    written = {name.partition("#")[0] for name in fields}
    for name in sorted(set(article.metadata) - added - written):
        if name in FORBIDDEN or name not in FIELDS:
            report(
                ContentError(
                    source,
                    name.title(),
                    FORBIDDEN.get(name, f"'{name}' is not a field we use"),
                    "delete this line",
                )
            )
    return fields


def sanitise_article(article: Article, cfg: GuestSettings) -> None:
    """Body and summary through the allowlist, the title as plain text
    (escaped by the templates); the slug from the clean title unless the file
    gives one."""
    settings, metadata = article.settings, article.metadata
    article._content = sanitise_html(article._content or "", cfg.link_rel)
    if getattr(article, "_summary", None):
        article._summary = sanitise_html(article._summary, cfg.link_rel)
        metadata["summary"] = article._summary
    article.title = metadata["title"] = plain_text(getattr(article, "title", ""))
    if "slug" not in metadata:
        article.slug = slugify(
            plain_text(article.title),
            regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
        )


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
    cfg: GuestSettings,
    fields: dict[str, Field],
    *,
    name: str,
    anonymous: bool,
) -> GuestInfo:
    """What the templates show: every text plain (the templates escape it),
    the avatar checked."""
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
    elif avatar and avatar.value:
        paths, _ = check_images(
            [("Avatar", avatar.value, avatar.line)],
            content_root=Path(settings["PATH"]),
            source_dir=Path(article.source_path).parent,
            source=source_label(article.source_path, settings["PATH"]),
            config=cfg,
        )
        if paths:
            info.avatar_path = _content_path(str(paths[0]), settings)
    return info


def add_sizes(article: Article, cfg: GuestSettings) -> None:
    """Every image in the body gets the width and height of its file."""
    settings = article.settings
    lines = normalise_newlines(read_source(Path(article.source_path))).split("\n")
    images, _ = checked_images(  # the problems are reported by read_and_check
        image_references({}, lines, 1),
        content_root=Path(settings["PATH"]),
        source_dir=Path(article.source_path).parent,
        source=source_label(article.source_path, settings["PATH"]),
        config=cfg,
    )
    sizes = {text: info.display_size for text, info in images.items()}
    article._content = add_image_sizes(article._content or "", sizes)


def prepare_guest_post(article: Article, cfg: GuestSettings) -> None:
    fields = read_and_check(article, cfg)
    # Any "Anonymous: yes" counts, even a repeated one (reported as a problem).
    anonymous = any(
        is_yes(field.value)
        for key, field in fields.items()
        if key.partition("#")[0] == "anonymous"
    )
    if "status" not in fields:
        # Fail safe: a post nobody marked published is not published.
        article.status = metadata_status = "draft"
        article.metadata["status"] = metadata_status
    sanitise_article(article, cfg)
    if getattr(article, "_summary", None):
        # Summaries are shown many to a page: no ids, so none can repeat.
        article._summary = article.metadata["summary"] = sanitise_html(
            article._summary, cfg.link_rel, ids=False
        )
    add_sizes(article, cfg)
    name = replace_taxonomy(article, cfg, anonymous)
    article.guest = guest_info(article, cfg, fields, name=name, anonymous=anonymous)


def on_content_init(content: Any) -> None:
    if not isinstance(content, Article) or not content.source_path:
        return
    cfg = config(content.settings)
    if is_guest_file(content.source_path, content.settings, cfg.path):
        prepare_guest_post(content, cfg)


# --- images -------------------------------------------------------------


def guest_articles(context: dict[str, Any]) -> list[Article]:
    return [
        article
        for name in _ARTICLE_LISTS
        for article in context.get(name) or []
        if getattr(article, "guest", None)
    ]


def link_avatars(generator: Any) -> None:
    """Make sure each avatar is copied, even if it is outside STATIC_PATHS."""
    for article in guest_articles(vars(generator)):
        if article.guest.avatar_path:
            generator.context["static_links"].add(article.guest.avatar_path)


def strip_guest_images(generator: Any) -> None:
    """Point every guest image's static file at a metadata-free copy."""
    settings = generator.settings
    cfg = config(settings)
    articles = guest_articles(generator.context)
    linked = {path for article in articles for path in article.get_static_links()}
    linked |= {a.guest.avatar_path for a in articles if a.guest.avatar_path}
    # Absolute: Pelican joins a relative static source_path to the content folder.
    cache_dir = (Path(settings.get("CACHE_PATH") or "cache") / "guest_posts").resolve()
    for static in list(generator.staticfiles):
        relative = _content_path(static.source_path, settings)
        if not relative:
            # Outside content/: a guest may never publish such a file.
            if static.relative_source_path in linked:
                generator.staticfiles.remove(static)
            continue
        in_guest_folder = any(
            relative.startswith(folder + "/") for folder in cfg.image_paths
        )
        if relative not in linked and not in_guest_folder:
            continue
        source = source_label(static.source_path, settings["PATH"])
        if relative not in linked:
            # Not named by any post, so nobody checked it yet.
            _, problems = check_images(
                [("file", "/" + relative, 0)],
                content_root=Path(settings["PATH"]),
                source_dir=Path(settings["PATH"]),
                source=source,
                config=cfg,
            )
            for problem in problems:
                report(
                    ContentError(
                        source,
                        "file",
                        problem.message,
                        "only images go in the guest folders; " + problem.fix,
                    )
                )
            if problems:
                continue
        try:
            # Pin the address first: Pelican derives it from source_path.
            static.override_save_as, static.override_url = static.save_as, static.url
            stripped = stripped_copy(
                Path(static.source_path), cache_dir, cfg.image_quality
            )
            static.source_path = str(stripped)
            copy_when_different(stripped, Path(generator.output_path, static.save_as))
        except (OSError, ValueError) as exc:
            report(
                ContentError(
                    source,
                    "file",
                    f"could not be re-encoded without its metadata ({exc})",
                    "export it again as a PNG or JPEG file",
                )
            )
            # Never copy the original, with whatever metadata it carries.
            generator.staticfiles.remove(static)
    static_content = generator.context.get("static_content", {})
    for article in articles:
        linked_static = static_content.get(article.guest.avatar_path)
        if article.guest.avatar_path and linked_static is not None:
            article.guest.avatar_url = linked_static.url


# --- all_generators_finalized: clashes, and the contributors list -------


def check_outputs(generators: list[Any]) -> None:
    """A guest may not write under a campaign author's name. (Which page each
    guest post and author page would overwrite is checked for all content by
    ``campaign``'s output claims.)"""
    if not generators:
        return
    settings = generators[0].settings
    cfg = config(settings)
    staff_authors = (
        {Author(settings["AUTHOR"], settings).slug} if settings.get("AUTHOR") else set()
    )
    for generator in generators:
        for author, articles in getattr(generator, "authors", []) or []:
            if any(not getattr(article, "guest", None) for article in articles):
                staff_authors.add(author.slug)
    for generator in generators:
        for article in guest_articles(vars(generator)):
            if article.guest.anonymous or article.author.name == cfg.anonymous_name:
                continue
            if article.author.slug in staff_authors:
                report(
                    ContentError(
                        source_label(article.source_path, settings["PATH"]),
                        "Author",
                        f"'{article.author.name}' is already the name of a campaign "
                        "author",
                        "write your own name, or 'Anonymous: yes'",
                    )
                )


def contributors(articles: list[Article], cfg: GuestSettings) -> list[GuestAuthor]:
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
    cfg = config(generators[0].settings)
    published = [a for a in context.get("articles") or [] if getattr(a, "guest", None)]
    people = contributors(published, cfg)
    context["guest_posts"] = sorted(published, key=lambda a: a.date, reverse=True)
    context["guest_contributors"] = people
    context["guest_authors"] = {
        person.posts[0].author.slug: person for person in people
    }
    category_slug = Category(cfg.category, generators[0].settings).slug
    for name in ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"):
        pattern = context.get(name)
        context[f"GUEST_POSTS_FEED_{name.rsplit('_', 1)[1]}"] = (
            pattern.format(slug=category_slug) if pattern else ""
        )


def on_all_generators_finalized(generators: list[Any]) -> None:
    check_outputs(generators)
    check_contributors(generators)
    add_guest_context(generators)


# --- the guests index page ---------------------------------------------


class GuestsGenerator(Generator):
    """Writes the guests index (template ``guests.html``)."""

    def generate_context(self) -> None:
        cfg = config(self.settings)
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
        cfg = config(self.settings)
        if not cfg.index_save_as:
            return
        writer.write_file(
            cfg.index_save_as,
            self.get_template("guests"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=cfg.index_url,
            page_name=cfg.index_url.rstrip("/"),
        )


def get_generators(_pelican: Any) -> type[Generator]:
    return GuestsGenerator


def register() -> None:
    signals.initialized.connect(start)
    signals.readers_init.connect(use_guest_reader)
    signals.content_object_init.connect(on_content_init)
    signals.article_generator_finalized.connect(link_avatars)
    signals.static_generator_finalized.connect(strip_guest_images)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
