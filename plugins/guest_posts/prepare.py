"""What happens to each guest post when Pelican reads it
(``content_object_init``): checks, then sanitising and anonymising."""

from __future__ import annotations

from typing import Any

from pelican.contents import Article

from sitelib.settings import options

from .anonymise import guest_info, replace_taxonomy, sanitise_article
from .checks import read_and_check
from .contribution import is_yes
from .image_files import add_sizes
from .posts import is_guest_file
from .settings import SETTINGS, GuestSettings


def prepare_guest_post(article: Article, cfg: GuestSettings) -> None:
    inspection = read_and_check(article, cfg)
    fields = inspection.fields
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
    add_sizes(article, inspection.images)
    name = replace_taxonomy(article, cfg, anonymous)
    article.guest = guest_info(
        article, fields, inspection.images, name=name, anonymous=anonymous
    )


def on_content_init(content: Any) -> None:
    if not isinstance(content, Article) or not content.source_path:
        return
    cfg = options(content.settings, SETTINGS)
    if is_guest_file(content.source_path, content.settings, cfg.path):
        prepare_guest_post(content, cfg)
