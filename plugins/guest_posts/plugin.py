"""The guest_posts plugin's wiring: which function runs at which signal."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .checks import check_outputs
from .configure import configure
from .contributors import add_guest_context, check_contributors, get_generators
from .image_files import link_avatars, strip_guest_images
from .prepare import on_content_init
from .reader import use_guest_reader


def on_all_generators_finalized(generators: list[Any]) -> None:
    check_outputs(generators)
    check_contributors(generators)
    add_guest_context(generators)


def register() -> None:
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_guest_reader)
    signals.content_object_init.connect(on_content_init)
    signals.article_generator_finalized.connect(link_avatars)
    signals.static_generator_finalized.connect(strip_guest_images)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
