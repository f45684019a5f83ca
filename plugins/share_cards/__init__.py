"""Share cards: a PNG per post for Open Graph and Twitter cards, JSON-LD and
plain share links.

Each post gets ``article.share_image`` (a path inside the site); the site
card is ``SHARE_CARDS_SITE_IMAGE``. Cards are drawn with Pillow into
``CACHE_PATH/share_cards/`` under a hash of what they show, so an unchanged
post is never redrawn. Missing cards are drawn in worker processes while
Pelican writes the pages, and hard-linked into the output after the posts are
written. Templates get the filters ``blog_posting_ld`` and ``share_links``
and the global ``website_ld()``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from build_guard import Claim, claim_outputs
from sitelib import (
    ARTICLE_LISTS,
    iter_content,
    place,
    plain_text,
    process_pool,
    require,
    script_json,
    source_label,
    theme_colours,
    worker_count,
)
from sitelib.jsonld import absolute, blog_posting, site_address, website
from sitelib.settings import configure as configure_settings
from sitelib.settings import options

from . import cards
from .links import share_links
from .settings import SETTINGS

logger = logging.getLogger(__name__)

_SITE_CARD = "site.png"
#: Fewer cards than this to draw are drawn at once, without worker processes.
POOL_THRESHOLD = 8


def card_colours(settings: dict[str, Any]) -> tuple[str, str, str]:
    chosen = options(settings, SETTINGS)["SHARE_CARDS_COLOURS"]
    if chosen:
        return tuple(chosen)  # type: ignore[return-value]
    theme = theme_colours(settings)
    return (theme.brand, theme.brand_contrast, theme.accent)


@pass_context
def _blog_posting_ld(context: Any, article: Any) -> Markup:
    return script_json(blog_posting(article, context))


@pass_context
def _website_ld(context: Any) -> Markup:
    return script_json(website(context))


@pass_context
def _share_links(context: Any, content: Any) -> list[tuple[str, str]]:
    return share_links(
        absolute(site_address(context), content.url),
        plain_text(content.title),
        context["SHARE_CARDS_LINKS"],
    )


def configure(pelican: Any) -> None:
    """Apply defaults, check the settings, and give templates the filters."""
    require(pelican, plugin="share_cards", plugins=("build_guard",))
    settings = pelican.settings
    font = settings.get("SHARE_CARDS_FONT")
    if isinstance(font, str) and font and not Path(font).is_absolute():
        settings["SHARE_CARDS_FONT"] = str(Path(settings["THEME"]) / font)
    chosen = configure_settings(settings, SETTINGS)
    if chosen is None:
        return  # reported; the build guard stops the build before reading
    settings["SHARE_CARDS_OUTPUT"] = chosen.output
    # Read the theme's colours once per build, not once per card.
    settings["SHARE_CARDS_COLOURS"] = card_colours(settings)
    settings["SHARE_CARDS_SITE_IMAGE"] = (
        f"{settings['SHARE_CARDS_OUTPUT']}/{_SITE_CARD}"
    )
    # New dicts: never mutate the defaults Pelican shares between builds.
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        "blog_posting_ld": _blog_posting_ld,
        "share_links": _share_links,
    }
    settings["JINJA_GLOBALS"] = {
        **settings.get("JINJA_GLOBALS", {}),
        "website_ld": _website_ld,
    }


def _cache_dir(settings: dict[str, Any]) -> Path:
    return Path(settings["CACHE_PATH"]) / "share_cards"


def _posts(generator: Any) -> Iterable[Any]:
    return iter_content(generator, ARTICLE_LISTS)


def _card_inputs(
    settings: dict[str, Any], title: str, label: str = ""
) -> dict[str, Any]:
    """Everything a card shows; its cache key is a hash of these."""
    chosen = options(settings, SETTINGS)
    background, foreground, accent = chosen["SHARE_CARDS_COLOURS"]
    return {
        "title": title,
        "site_name": plain_text(settings["SITENAME"]),
        "background": background,
        "foreground": foreground,
        "accent": accent,
        "label": label,
        "font_path": chosen["SHARE_CARDS_FONT"],
    }


def _start_drawing(
    cache_dir: Path, missing: dict[str, dict[str, Any]]
) -> list[Future[str]]:
    """Draw the ``missing`` cards (key: inputs) in worker processes while
    Pelican goes on writing; a few are quicker drawn here and now."""
    if len(missing) < POOL_THRESHOLD:
        for key, inputs in missing.items():
            cards.draw_cached(str(cache_dir), key, inputs)
        return []
    pool = process_pool(worker_count(keep=1))
    futures = [
        pool.submit(cards.draw_cached, str(cache_dir), key, inputs)
        for key, inputs in missing.items()
    ]
    # The submitted cards are still drawn; the workers then exit by themselves,
    # even if the build stops before anyone waits for them.
    pool.shutdown(wait=False)
    return futures


def draw_cards(generator: Any) -> None:
    """Name a card for every post before writing (templates need its path),
    and start drawing those not in the cache yet."""
    settings = generator.settings
    if "SHARE_CARDS_SITE_IMAGE" not in settings:
        return  # settings were invalid; the build guard stops the build
    folder = options(settings, SETTINGS)["SHARE_CARDS_OUTPUT"]
    cache_dir = _cache_dir(settings)
    missing: dict[str, dict[str, Any]] = {}
    for article in _posts(generator):
        if not article.save_as:
            continue  # not written (a draft in production): no card either
        category = getattr(article, "category", None)
        inputs = _card_inputs(settings, plain_text(article.title), str(category or ""))
        key = cards.card_key(**inputs)
        article.share_card_file = cards.card_path(cache_dir, key)
        article.share_image = f"{folder}/{article.slug}.png"
        if not article.share_card_file.is_file():
            missing[key] = inputs
    generator.share_cards_drawing = _start_drawing(cache_dir, missing)
    claim_outputs(generator.context, card_claims(generator))


def card_claims(generator: Any) -> list[Claim]:
    """The site-wide card and each post's card, for the output check."""
    root = generator.settings["PATH"]
    claims = [
        Claim(
            generator.settings["SHARE_CARDS_SITE_IMAGE"],
            "the site-wide share card (SHARE_CARDS_SITE_IMAGE)",
        )
    ]
    for article in _posts(generator):
        if getattr(article, "share_image", None):
            label = source_label(article.source_path, root)
            claims.append(
                Claim(
                    article.share_image,
                    f"the share card of {label}",
                    label,
                    what="its share card",
                    kind=f"share:{article.slug}",
                    priority=2 if getattr(article, "guest", None) else 1,
                )
            )
    return claims


def write_cards(generator: Any, writer: Any = None) -> None:
    """Put the cards into the output once the posts are written: hard links
    into the cache, so an unchanged card is not written again."""
    settings = generator.settings
    if "SHARE_CARDS_SITE_IMAGE" not in settings:
        return
    for drawing in getattr(generator, "share_cards_drawing", []):
        drawing.result()
    output = Path(settings["OUTPUT_PATH"])
    site = _card_inputs(settings, plain_text(settings.get("SITESUBTITLE") or ""))
    site_card = cards.draw_cached(
        str(_cache_dir(settings)), cards.card_key(**site), site
    )
    targets = [(Path(site_card), settings["SHARE_CARDS_SITE_IMAGE"])]
    targets += [
        (article.share_card_file, article.share_image)
        for article in _posts(generator)
        if getattr(article, "share_card_file", None)
    ]
    for source, relative in targets:
        place(source, output / relative)
    logger.info("share_cards: %d cards", len(targets))


def register() -> None:
    signals.initialized.connect(configure)
    signals.article_generator_finalized.connect(draw_cards)
    signals.article_writer_finalized.connect(write_cards)
