"""Pelican's content cache, made safe to leave on for every build: dropped
when the settings, the plugins' code or the reader packages change (see
``cache``)."""

from pelican import signals

from .cache import SETTINGS, check_content_cache, record_content_cache

__all__ = ["SETTINGS", "register"]


def register() -> None:
    signals.initialized.connect(check_content_cache)
    signals.finalized.connect(record_content_cache)
