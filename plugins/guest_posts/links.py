"""A Markdown extension that marks external links with a ``rel`` value.

It works on Markdown's element tree, so no page is parsed a second time.
Raw HTML links in maintainers' posts are left as written; guest content gets
its ``rel`` from the sanitiser instead, which sees raw HTML too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


def is_external(href: str, site_host: str) -> bool:
    """True for an absolute http(s) or protocol-relative URL to another host."""
    parts = urlsplit(href.strip())
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return False
    if not parts.netloc:
        return False
    return parts.hostname is not None and parts.hostname.lower() != site_host.lower()


def add_rel(existing: str | None, rel: str) -> str:
    tokens = (existing or "").split()
    tokens += [token for token in rel.split() if token not in tokens]
    return " ".join(tokens)


class ExternalLinksTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, rel: str, site_host: str) -> None:
        super().__init__(md)
        self.rel = rel
        self.site_host = site_host

    def run(self, root: ET.Element) -> None:
        for link in root.iter("a"):
            if is_external(link.get("href", ""), self.site_host):
                link.set("rel", add_rel(link.get("rel"), self.rel))


class ExternalLinksExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "rel": ["noopener noreferrer", "rel value for external links"],
            "site_url": ["", "the site's own URL; links to its host are internal"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        site_host = urlsplit(self.getConfig("site_url")).hostname or ""
        md.treeprocessors.register(
            ExternalLinksTreeprocessor(md, self.getConfig("rel"), site_host),
            "guest_posts_external_links",
            # After inline patterns (priority 20) have made the <a> elements.
            5,
        )
