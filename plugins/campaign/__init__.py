"""Shared pieces for this site's plugins, and the build guard.

Other plugins import from here: ``ContentError`` and ``report`` to say what is
wrong with a content file, ``resolve_inside`` and ``check_image`` for paths and
images named in metadata, ``build_time`` for one reproducible "now",
``place`` and ``process_pool`` for cached files and image work. It also
keeps Pelican's content cache honest (``cache``): the cache is dropped when
the settings, plugins or reader packages change.
"""

from pelican import signals

from .buildtime import build_time
from .cache import check_content_cache, record_content_cache
from .compat import reset_sitemap
from .content import ARTICLE_LISTS, CONTENT_LISTS, PAGE_LISTS, iter_content
from .errors import BuildFailed, ContentError, report, source_label
from .guard import register as register_guard
from .markup import configure as configure_markup
from .outputs import Claim, claim_outputs
from .paths import (
    DEFAULT_MAX_IMAGE_BYTES,
    DEFAULT_MAX_IMAGE_PIXELS,
    ImageInfo,
    check_image,
    resolve_inside,
)
from .sources import check_static_files
from .status import register as register_status
from .work import place, process_pool, spare_cores, write_if_changed

__all__ = [
    "ARTICLE_LISTS",
    "CONTENT_LISTS",
    "DEFAULT_MAX_IMAGE_BYTES",
    "DEFAULT_MAX_IMAGE_PIXELS",
    "PAGE_LISTS",
    "BuildFailed",
    "Claim",
    "ContentError",
    "ImageInfo",
    "build_time",
    "check_image",
    "claim_outputs",
    "iter_content",
    "place",
    "process_pool",
    "register",
    "report",
    "reset_sitemap",
    "resolve_inside",
    "source_label",
    "spare_cores",
    "write_if_changed",
]


def register() -> None:
    register_guard()
    signals.initialized.connect(configure_markup)
    signals.initialized.connect(reset_sitemap)
    signals.initialized.connect(check_content_cache)
    signals.static_generator_finalized.connect(check_static_files)
    signals.finalized.connect(record_content_cache)
    register_status()
