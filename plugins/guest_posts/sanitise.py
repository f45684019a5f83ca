"""Allowlist sanitising of untrusted guest HTML and metadata (nh3).

Everything a contributor writes passes through one of two functions:
``sanitise_html`` for the body and summary (an HTML allowlist), and
``plain_text`` for metadata shown on the page (title, name, bio, role,
content note), which may hold no markup at all.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3
from bs4 import BeautifulSoup, Tag

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
    # No colspan or rowspan: a span no other row matches is invalid HTML.
    "th": {"scope"},
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
#: Every id in a guest post starts with this, so none can equal an id of the
#: theme's (no template id starts with it; tests/test_guest_hostile.py checks).
ID_PREFIX = "post-"
#: Elements that may only appear inside a certain parent; elsewhere they are
#: unwrapped (their text kept), as a browser would otherwise keep invalid HTML.
_PARENTS = {
    "li": {"ul", "ol"},
    "dt": {"dl"},
    "dd": {"dl"},
    "summary": {"details"},
}
#: Phrasing elements: they may not hold blocks.
_PHRASING = frozenset(
    {
        "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd",
        "mark", "q", "s", "small", "span", "strong", "sub", "sup", "u",
        "h2", "h3", "h4", "h5", "h6", "p", "summary",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "blockquote", "details", "div", "dl", "figure", "h2", "h3", "h4",
        "h5", "h6", "hr", "ol", "p", "pre", "table", "ul", "figcaption",
        "caption", "summary", "li", "dd", "dt",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
#: Interactive elements: none may be inside a link or another of them.
_INTERACTIVE = frozenset({"a", "details", "summary"})
#: Image sources Pelican resolves to files inside content/ (re-encoded later).
_LOCAL_IMAGE = re.compile(r"^\{(?:static|attach)\}[^:]*$")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _SAFE_ID.match(value) else None
    if attribute == "scope":
        return value if value in {"row", "col", "rowgroup", "colgroup"} else None
    if attribute in {"width", "height", "start"}:
        return value if _SIZE.match(value) else None
    if tag == "img" and attribute == "src":
        # Only the contributor's own images, which are checked and have their
        # metadata stripped; a remote image would be a third-party request.
        return value if _LOCAL_IMAGE.match(value) else None
    return value


#: Tags a reader's response may use (``responses`` plugin): the guest
#: allowlist without images, figures or headings above h4 (a response sits
#: under the post's own h2 and h3 headings).
RESPONSE_TAGS = ALLOWED_TAGS - {"img", "figure", "figcaption", "h2", "h3"}


@lru_cache(maxsize=8)
def _cleaner(link_rel: str | None, tags: frozenset[str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={
            tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items() if tag in tags
        },
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=link_rel,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
    )


def sanitise_html(
    fragment: str,
    link_rel: str | None,
    *,
    ids: bool = True,
    tags: frozenset[str] = ALLOWED_TAGS,
) -> str:
    """``fragment`` reduced to the allowlist and made valid on any page of
    the site (``tidy``); every link gets ``link_rel``. With ``ids=False``
    every id is dropped (for summaries, shown many to a page). ``tags`` is
    the allowlist of elements (``RESPONSE_TAGS`` for readers' responses).

    ``tidy`` is skipped when ``needs_tidy`` finds nothing in nh3's output it
    could change (the HTML is the same either way; most readers' responses
    are such plain fragments).

    nh3 cannot tell internal from external links, so ``link_rel`` goes on all
    of them; in a guest post that is harmless (it only affects search engines).
    """
    cleaner = _cleaner(link_rel or None, tags)
    cleaned = cleaner.clean(fragment)
    if needs_tidy(cleaned):
        cleaned = tidy(cleaned, ids=ids)
    # The second pass re-checks what tidy wrote against the same allowlist
    # (and writes a fragment tidy was skipped for as it would have).
    return cleaner.clean(cleaned)


#: Elements ``needs_tidy`` knows ``tidy`` leaves as they are when they are
#: in their place. Any other element (a table, a definition list, details,
#: an image, h2, h3) sends the fragment through ``tidy``.
_PLAIN_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "div",
        "em", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol",
        "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "u",
        "ul",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr"})


class _TidyCheck(HTMLParser):
    """Walks nh3's output (a serialised tree: every element closed) and
    notes the first thing ``tidy`` could change."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.needed = False
        #: The element just opened, until anything else is seen.
        self.just_opened = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        parent = self.open[-1] if self.open else ""
        href = names.get("href") or ""
        self.needed = self.needed or (
            tag not in _PLAIN_TAGS
            or "id" in names
            or (tag == "a" and (not href or href.startswith("#") or "a" in self.open))
            or (tag == "li") != (parent in {"ul", "ol"})
            or (tag in _BLOCKS and any(name in _PHRASING for name in self.open))
        )
        if tag not in _VOID:
            self.open.append(tag)
        self.just_opened = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self.just_opened = ""
        if tag in _VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.needed = True
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        parent = self.open[-1] if self.open else ""
        # Text in a list outside an item; a newline first in a <pre>, which
        # a parser drops (tidy's reading would drop one more).
        self.needed = self.needed or (
            (parent in {"ul", "ol"} and bool(data.strip()))
            or (self.just_opened == "pre" and data.startswith(("\n", "\r")))
        )
        self.just_opened = ""

    def handle_comment(self, data: str) -> None:
        self.needed = True

    def handle_decl(self, decl: str) -> None:
        self.needed = True

    def handle_pi(self, data: str) -> None:
        self.needed = True

    def unknown_decl(self, data: str) -> None:
        self.needed = True


def needs_tidy(cleaned: str) -> bool:
    """Whether ``tidy`` could change ``cleaned`` (nh3's output): False only
    for a fragment of plain elements (paragraphs, lists, quotes, code,
    emphasis, links with an address), each in its place, with no ids, so
    that ``tidy`` would write the same elements again. Everything else, and
    anything this check does not follow, goes through ``tidy``."""
    if "<" not in cleaned:
        return False
    check = _TidyCheck()
    check.feed(cleaned)
    check.close()
    return check.needed or bool(check.open)


def _unwrap_where(body: Tag, wrong: object) -> None:
    changed = True
    while changed:
        changed = False
        for tag in body.find_all(True):
            if wrong(tag):
                tag.unwrap()
                changed = True
                break


def _first_child(tag: Tag | None) -> object:
    """The first child that is an element or text other than white space."""
    children = tag.children if tag is not None else []
    return next((c for c in children if isinstance(c, Tag) or str(c).strip()), None)


def _is_valid_dl(dl: Tag) -> bool:
    """A list of terms: groups of dt then dd, nothing else."""
    names = [
        getattr(child, "name", "#text")
        for child in dl.children
        if isinstance(child, Tag) or str(child).strip()
    ]
    groups = "".join({"dt": "t", "dd": "d"}.get(name, "x") for name in names)
    return re.fullmatch(r"(t+d+)*", groups) is not None


def _repair(soup: BeautifulSoup, body: Tag) -> None:
    """Structures a browser keeps but the HTML standard refuses, rewritten
    as plain blocks or list items (their text kept)."""
    for items in body.find_all(["ul", "ol"]):
        for child in list(items.children):
            if isinstance(child, Tag) and child.name == "li":
                continue
            if isinstance(child, Tag) or str(child).strip():
                child.wrap(soup.new_tag("li"))
    for dl in body.find_all("dl"):
        if not _is_valid_dl(dl):
            dl.name = "div"
            for item in dl.find_all(["dt", "dd"], recursive=False):
                item.name = "div"
    for dt_or_dd in body.find_all(["dt", "dd"]):
        if getattr(dt_or_dd.parent, "name", "") != "dl":
            dt_or_dd.name = "div"
    for caption in body.find_all("caption"):
        table = caption.parent
        if getattr(table, "name", "") != "table" or _first_child(table) is not caption:
            if getattr(table, "name", "") == "table":
                table.insert_before(caption.extract())
            caption.name = "div"
    for figcaption in body.find_all("figcaption"):
        figure = figcaption.parent
        captions = (
            figure.find_all("figcaption", recursive=False)
            if getattr(figure, "name", "") == "figure"
            else []
        )
        children = [
            c
            for c in (figure.children if captions else [])
            if isinstance(c, Tag) or str(c).strip()
        ]
        if not (
            captions
            and captions[0] is figcaption
            and figcaption in (children[0], children[-1])
        ):
            figcaption.name = "div"


def _misplaced(tag: Tag) -> bool:
    parent = tag.parent.name if tag.parent else ""
    if tag.name in _PARENTS and parent not in _PARENTS[tag.name]:
        return True
    if tag.name == "summary" and _first_child(tag.parent) is not tag:
        return True
    if tag.name == "details" and getattr(_first_child(tag), "name", "") != "summary":
        return True
    if tag.name in _PHRASING and tag.find(_BLOCKS) is not None:
        return True
    if tag.name in _INTERACTIVE and tag.find_parent(_INTERACTIVE) is not None:
        return True
    if tag.name in _HEADINGS and tag.find_parent(["dt", "th"]) is not None:
        return True
    return tag.name == "a" and not tag.get("href")


def _prefix_ids(body: Tag, keep: bool) -> None:
    """Every id prefixed with ``ID_PREFIX`` and unique; links to an id in
    the fragment follow it; other ``#`` links are removed (the text kept)."""
    renamed: dict[str, str] = {}
    used: set[str] = set()
    for tag in body.find_all(id=True):
        old = str(tag["id"])
        del tag["id"]
        new, number = f"{ID_PREFIX}{old}", 2
        while new in used:
            new, number = f"{ID_PREFIX}{old}-{number}", number + 1
        if keep and _SAFE_ID.match(new):
            tag["id"] = new
            used.add(new)
            renamed.setdefault(old, new)
    for link in body.find_all("a", href=True):
        href = str(link["href"])
        if href.startswith("#"):
            target = renamed.get(unquote(href[1:]))
            if target:
                link["href"] = f"#{target}"
            else:
                del link["href"]


def tidy(fragment: str, *, ids: bool = True) -> str:
    """Sanitised HTML made valid wherever it is put: parsed as a browser
    parses it; ids prefixed and unique; links without an address unwrapped;
    images without a source removed; elements out of their place (an ``li``
    outside a list, a block inside a ``span``, a link inside a link)
    unwrapped."""
    soup = BeautifulSoup(f"<body>{fragment}</body>", "html5lib")
    body = soup.body
    assert body is not None
    for image in body.find_all("img"):
        if not image.get("src"):
            image.decompose()
    _repair(soup, body)
    _unwrap_where(body, _misplaced)
    _prefix_ids(body, keep=ids)
    # Links whose "#" target was not in the post lost their address above.
    _unwrap_where(body, _misplaced)
    return body.decode_contents()
