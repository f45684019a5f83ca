"""Guest posts: untrusted Markdown from contributors, published safely.

Articles under ``content/<GUEST_POSTS_PATH>/`` are guest posts. Each one is
checked (fields, images, slug collisions), its HTML and metadata are
sanitised with an allowlist, an anonymous author is replaced before Pelican
builds author pages and feeds, and its images are re-encoded without
metadata. See README.md for the settings.
"""

from __future__ import annotations

from .plugin import register

__all__ = ["register"]
