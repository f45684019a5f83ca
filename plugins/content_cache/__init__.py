"""Pelican's content cache, made safe to leave on for every build: dropped
when the settings, the plugins' code or the reader packages change (see
``cache``); and a build with nothing changed rewrites no output file
(``writer`` for pages and feeds, ``theme_static`` for the theme's files)."""

from sitelib.wiring import connect

from .cache import SETTINGS, check_content_cache, record_content_cache
from .theme_static import take_over_theme_static, theme_static_generator
from .writer import unchanged_files_writer

__all__ = ["SETTINGS", "register"]


def register() -> None:
    connect(
        {
            "initialized": (check_content_cache, take_over_theme_static),
            "finalized": record_content_cache,
            "get_writer": unchanged_files_writer,
            "get_generators": theme_static_generator,
        }
    )
