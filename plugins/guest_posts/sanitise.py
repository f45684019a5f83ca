"""Allowlist sanitising of untrusted guest HTML and metadata (nh3).

Everything a contributor writes passes through one of two functions:
``sanitise_html`` for the body and summary (an HTML allowlist), and
``plain_text`` for metadata shown on the page (title, name, bio, role,
content note), which may hold no markup at all.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3

from sitelib import plain_text

#: Tags a guest post may use. No h1: the post title is the page's only h1.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd",
        "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip

#: Tags whose content is dropped along with the tag (not just unwrapped).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}
)

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
}

#: Classes the Markdown extensions we use produce; any other class is dropped
#: so a post cannot borrow the site's own styles (a fake "official" notice).
ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote", "highlight"},
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})

_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]{0,63}$")
_SIZE = re.compile(r"^[0-9]{1,4}$")
#: Image sources Pelican resolves to files inside content/ (re-encoded later).
_LOCAL_IMAGE = re.compile(r"^\{(?:static|attach)\}[^:]*$")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _SAFE_ID.match(value) else None
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if _SIZE.match(value) else None
    if tag == "img" and attribute == "src":
        # Only the contributor's own images, which are checked and have their
        # metadata stripped; a remote image would be a third-party request.
        return value if _LOCAL_IMAGE.match(value) else None
    return value


@lru_cache(maxsize=8)
def _cleaner(link_rel: str | None) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=link_rel,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
    )


def sanitise_html(fragment: str, link_rel: str | None) -> str:
    """``fragment`` reduced to the allowlist; every link gets ``link_rel``.

    nh3 cannot tell internal from external links, so ``link_rel`` goes on all
    of them; in a guest post that is harmless (it only affects search engines).
    """
    return _cleaner(link_rel or None).clean(fragment)


def html_text(value: object) -> str:
    """``plain_text(value)`` escaped for use in HTML text or attributes."""
    return html.escape(plain_text(value), quote=True)
