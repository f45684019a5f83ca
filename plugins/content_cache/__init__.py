"""Pelican's content cache, made safe to leave on for every build: dropped
when the settings, the plugins' code or the reader packages change (see
``cache``); and a build with nothing changed rewrites no output file
(``writer`` for pages and feeds, ``theme_static`` for the theme's files)."""

from pelican import signals

from .cache import SETTINGS, check_content_cache, record_content_cache
from .theme_static import take_over_theme_static, theme_static_generator
from .writer import unchanged_files_writer

__all__ = ["SETTINGS", "register"]


def register() -> None:
    signals.initialized.connect(check_content_cache)
    signals.finalized.connect(record_content_cache)
    signals.get_writer.connect(unchanged_files_writer)
    signals.initialized.connect(take_over_theme_static)
    signals.get_generators.connect(theme_static_generator)
