"""The one-file preview of a guest post, ``preview/<slug>.html``: made from
the post's built page so the writer sees it as readers will, and
self-contained so the maintainer can email it back for approval.

- the site's stylesheets are copied into a ``<style>`` element;
- every image becomes a ``data:`` URI, at most ``MAX_SIDE`` pixels on its
  long side, re-encoded (JPEG, or WebP if it has transparency; SVG as it
  is) without its metadata;
- every ``<script>``, ``<link>``, frame, form and the site's chrome that
  only works on the site (navigation, quick exit, share buttons) is removed;
- links: inside the post's text an ``http(s)`` link to another site stays a
  link; in-page (``#…``), ``mailto:`` and ``tel:`` links stay; every other
  link becomes its plain text. No ``src``, ``href``, ``srcset`` or CSS
  ``url()`` is left that would make a request.
"""

from __future__ import annotations

import base64
import io
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag
from PIL import Image, ImageOps

#: The longest side of an image in the preview, in pixels.
MAX_SIDE = 1200
#: JPEG and WebP quality of the preview's images.
QUALITY = 80
#: The post's own text: the one place outbound links stay links.
POST_TEXT = ".post-content"
#: Elements that make requests, run code or only work on the site itself.
REMOVED = (
    "script",
    "noscript",
    "link",
    "base",
    "iframe",
    "frame",
    "object",
    "embed",
    "form",
    "template",
    "source",
    "nav",
    ".quick-exit",
    ".share",
    ".footer-links",
    "meta[property]",
    'meta[name^="twitter:"]',
    "meta[http-equiv]",
)
#: Attributes that name another file or address.
URL_ATTRIBUTES = (
    "src",
    "href",
    "srcset",
    "sizes",
    "poster",
    "action",
    "formaction",
    "data",
    "background",
    "cite",
    "longdesc",
    "ping",
    "xlink:href",
)
NOTICE = (
    "Preview of a draft: this is how the post will look on {site}. "
    "Nothing here is published yet, and links to the rest of the site are "
    "switched off in this file."
)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(?P<url>[^'\")]*)\1\s*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\b[^;]*;", re.IGNORECASE)
_KEPT_SCHEMES = ("mailto", "tel")


def local_file(reference: str, page: Path, output: Path) -> Path | None:
    """The file in ``output`` a relative or site-absolute reference on
    ``page`` names, or ``None`` (another host, a scheme, outside ``output``,
    or no such file)."""
    parts = urlsplit(reference.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = output if path.startswith("/") else page.parent
    candidate = (base / path.lstrip("/")).resolve()
    root = output.resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def image_data_uri(path: Path, max_side: int = MAX_SIDE) -> str:
    """An image file as a ``data:`` URI: SVG as it is; any other image turned
    upright, scaled to at most ``max_side`` on its long side and saved again
    without metadata (JPEG, or WebP when it has transparency)."""
    if path.suffix.lower() == ".svg":
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"
    with Image.open(path) as opened:
        image = ImageOps.exif_transpose(opened)
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        clear = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        buffer = io.BytesIO()
        if clear:
            image.convert("RGBA").save(buffer, "WEBP", quality=QUALITY)
            kind = "webp"
        else:
            image.convert("RGB").save(buffer, "JPEG", quality=QUALITY, optimize=True)
            kind = "jpeg"
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/{kind};base64,{encoded}"


def image_size(data_uri: str) -> tuple[int, int]:
    """The pixel size of a raster ``data:`` image."""
    data = base64.b64decode(data_uri.split(",", 1)[1])
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def inline_css(css: str, stylesheet: Path, output: Path) -> str:
    """A stylesheet with no request left: ``@import`` removed, each ``url()``
    of a file in ``output`` made a ``data:`` URI and any other one ``none``."""

    def replace(match: re.Match[str]) -> str:
        url = match.group("url")
        if url.startswith("data:"):
            return match.group(0)
        found = local_file(url, stylesheet, output)
        if found is None:
            return "none"
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(found.read_bytes()).decode("ascii")
        return f'url("data:{kind};base64,{encoded}")'

    return _CSS_URL.sub(replace, _CSS_IMPORT.sub("", css))


def kept_link(href: str, in_post: bool) -> bool:
    """Whether a link stays a link in the preview: in-page, ``mailto:`` and
    ``tel:`` links anywhere; ``http(s)`` links to another site only in the
    post's own text."""
    parts = urlsplit(href.strip())
    if not parts.scheme and not parts.netloc and not parts.path:
        return bool(parts.fragment)
    if parts.scheme.lower() in _KEPT_SCHEMES:
        return True
    return in_post and parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def standalone_html(page: Path, output: Path, *, site_name: str) -> str:
    """The built ``page`` (a file in ``output``) as one self-contained HTML
    document (see the module's description)."""
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    sheets = [
        found
        for link in soup.select('link[rel~="stylesheet"][href]')
        if (found := local_file(str(link["href"]), page, output)) is not None
    ]
    for selector in REMOVED:
        for tag in soup.select(selector):
            tag.decompose()
    head = soup.head or soup.new_tag("head")
    if sheets:
        style = soup.new_tag("style")
        style.string = "\n".join(
            inline_css(sheet.read_text(encoding="utf-8"), sheet, output)
            for sheet in sheets
        )
        head.append(style)
    for image in soup.find_all("img"):
        _inline_image(image, page, output)
    post_text = set(map(id, soup.select(POST_TEXT)))
    for link in soup.find_all("a"):
        in_post = any(id(parent) in post_text for parent in link.parents)
        if not kept_link(str(link.get("href") or ""), in_post):
            link.unwrap()
    for tag in soup.find_all(True):
        _strip_urls(tag, page, output)
    main = soup.find("main")
    if isinstance(main, Tag):
        notice = soup.new_tag("p", attrs={"class": "notice"})
        notice.string = NOTICE.format(site=site_name)
        main.insert(0, notice)
    return "<!DOCTYPE html>\n" + str(soup.html)


def _inline_image(image: Tag, page: Path, output: Path) -> None:
    found = local_file(str(image.get("src") or ""), page, output)
    if found is None:
        alt = str(image.get("alt") or "")
        image.replace_with(alt)
        return
    for name in ("srcset", "sizes", "loading"):
        image.attrs.pop(name, None)
    image["src"] = image_data_uri(found)
    if found.suffix.lower() != ".svg":
        image["width"], image["height"] = map(str, image_size(image["src"]))


def _strip_urls(tag: Tag, page: Path, output: Path) -> None:
    """Remove what is left that names another file: a URL attribute that is
    not a ``data:`` image or a kept link, and ``url()`` in a style."""
    for name in URL_ATTRIBUTES:
        value = tag.get(name)
        if value is None:
            continue
        if name == "src" and str(value).startswith("data:"):
            continue
        if name == "href" and tag.name == "a":
            continue  # the links were decided above
        del tag[name]
    style = tag.get("style")
    if style:
        tag["style"] = inline_css(str(style), page, output)
