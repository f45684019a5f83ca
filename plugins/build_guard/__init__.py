"""The build guard: broken input becomes one line per problem and a non-zero
exit before anything is written.

- ``guard``: collects every problem a build logs (Pelican's own and each
  plugin's ``ContentError``) and stops the build before writing;
- ``sources``: the source audit (symlinks out of ``content/``, invisible
  characters, active files, image limits);
- ``outputs``: every output path has one owner (``claim_outputs``);
- ``status``: ``Status`` is published, draft or hidden;
- ``markup``: autoescape on, and ``rendered_html``, the one way templates
  print HTML that is meant to be HTML;
- ``compat``: resets pelican-sitemap's process-wide state.

The shared helpers the plugins import live in ``sitelib``.
"""

from sitelib.wiring import connect

from .compat import reset_sitemap
from .guard import register as register_guard
from .markup import configure as configure_markup
from .outputs import Claim, claim_outputs
from .sources import check_static_files
from .status import register as register_status

__all__ = ["Claim", "claim_outputs", "register"]


def register() -> None:
    register_guard()
    connect(
        {
            "initialized": (configure_markup, reset_sitemap),
            "static_generator_finalized": check_static_files,
        }
    )
    register_status()
