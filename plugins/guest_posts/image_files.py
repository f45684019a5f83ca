"""Guest images in the build: sizes written into the body, avatars copied,
and every guest static file re-encoded without its metadata (``images``
does the re-encoding)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.contents import Article

from sitelib import (
    ContentError,
    ImageInfo,
    report,
    source_label,
)
from sitelib.settings import options

from .contribution import (
    checked_images,
)
from .images import add_image_sizes, copy_when_different, stripped_copy
from .posts import content_path, guest_articles
from .settings import SETTINGS


def add_sizes(article: Article, images: dict[str, ImageInfo]) -> None:
    """Every image in the body gets the width and height of its file
    (``images``: the checked images, by the text naming them)."""
    sizes = {text: info.display_size for text, info in images.items()}
    article._content = add_image_sizes(article._content or "", sizes)


def link_avatars(generator: Any) -> None:
    """Make sure each avatar is copied, even if it is outside STATIC_PATHS."""
    for article in guest_articles(vars(generator)):
        if article.guest.avatar_path:
            generator.context["static_links"].add(article.guest.avatar_path)


def strip_guest_images(generator: Any) -> None:
    """Point every guest image's static file at a metadata-free copy."""
    settings = generator.settings
    cfg = options(settings, SETTINGS)
    articles = guest_articles(generator.context)
    linked = {path for article in articles for path in article.get_static_links()}
    linked |= {a.guest.avatar_path for a in articles if a.guest.avatar_path}
    # Absolute: Pelican joins a relative static source_path to the content folder.
    cache_dir = (Path(settings.get("CACHE_PATH") or "cache") / "guest_posts").resolve()
    for static in list(generator.staticfiles):
        relative = content_path(static.source_path, settings)
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
            _, problems = checked_images(
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
