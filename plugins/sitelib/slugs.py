"""Slugs: the one way this site turns a title or a name into a web address."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify


def slug(text: str, settings: Mapping[str, Any]) -> str:
    """``text`` as Pelican itself would slug it with these settings:
    ``SLUG_REGEX_SUBSTITUTIONS``, ``SLUGIFY_PRESERVE_CASE`` and
    ``SLUGIFY_USE_UNICODE``, each Pelican's default when ``settings`` lacks it
    (so ``slug(text, {})`` is the default slug)."""

    def setting(name: str) -> Any:
        return settings.get(name, DEFAULT_CONFIG[name])

    return slugify(
        text,
        regex_subs=setting("SLUG_REGEX_SUBSTITUTIONS"),
        preserve_case=setting("SLUGIFY_PRESERVE_CASE"),
        use_unicode=setting("SLUGIFY_USE_UNICODE"),
    )
