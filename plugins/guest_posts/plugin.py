"""The guest_posts plugin's wiring: which function runs at which signal."""

from __future__ import annotations

from sitelib.wiring import connect

from .checks import check_outputs
from .configure import configure
from .contributors import add_guest_context, check_contributors, get_generators
from .image_files import link_avatars, strip_guest_images
from .prepare import on_content_init
from .reader import use_guest_reader


def register() -> None:
    connect(
        {
            "initialized": configure,
            "readers_init": use_guest_reader,
            "content_object_init": on_content_init,
            "article_generator_finalized": link_avatars,
            "static_generator_finalized": strip_guest_images,
            "all_generators_finalized": (
                check_outputs,
                check_contributors,
                add_guest_context,
            ),
            "get_generators": get_generators,
        }
    )
