"""Images in posts and pages through the infographics image pipeline.

An ``<img>`` in a post or page whose ``src`` is a PNG or JPEG in ``content/``
(``![alt]({static}/images/x.png)``) becomes the same responsive
``<picture>`` an infographic gets: every width from ``INFOGRAPHICS_WIDTHS``
below the image's own, WebP first, ``width``/``height``, lazy unless it is
the first thing in the post. The derivatives are made by
:func:`images.run_jobs`, cached by content hash like an infographic's, and
written beside the original (``images/x-800.webp``). No PDF is made.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from sitelib import ContentError, check_image, plain_text

from .images import Job, Rendition, job_key, plan_renditions
from .model import Picture, picture_named

#: An image tag as Markdown and the guest sanitiser write it.
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
#: Formats the pipeline makes derivatives of (as for infographics).
FORMATS = ("PNG", "JPEG")
SUFFIXES = (".png", ".jpg", ".jpeg")
#: Text (in characters) before the first image above which it is lazy too.
EAGER_TEXT = 400
#: The post column: 42rem wide from 46rem up, the screen's width below.
SIZES = "(min-width: 46rem) 42rem, 100vw"
_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PostImage:
    """One image file used in posts: where it is, its job and its picture."""

    site_path: str  # e.g. images/chart.png, as in the output
    job: Job
    picture: Picture
    alt: str = ""

    def placements(self) -> list[tuple[Path, str]]:
        """(cached file, output path) for every derivative."""
        folder = Path(self.job.folder)
        return [
            (folder / r.name, derivative_name(self.site_path, r))
            for r in self.job.renditions
        ]


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one ``<img …>`` tag, entities decoded."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.found


def site_path(src: str, siteurl: str, folder: str = "") -> str | None:
    """The path inside the site of a local image URL, or None (another host,
    a data: URL, not a PNG or JPEG). ``{static}`` links (not yet resolved
    when this runs) are taken from ``content/``; a relative one from the
    post's own ``folder``."""
    siteurl = siteurl.rstrip("/")
    for marker in ("{static}", "|static|"):
        if src.startswith(marker):
            rest = src[len(marker) :]
            src = "/" + (
                rest.lstrip("/")
                if rest.startswith("/")
                else posixpath.join(folder, rest)
            )
            break
    if siteurl and src.startswith(siteurl + "/"):
        path = src[len(siteurl) + 1 :]
    elif src.startswith("/") and not src.startswith("//"):
        path = src[1:]
    else:
        return None
    path = path.split("?")[0].split("#")[0]
    if not path.lower().endswith(SUFFIXES) or ".." in path.split("/"):
        return None
    return path


def derivative_name(path: str, rendition: Rendition) -> str:
    """``images/chart.png`` at 800 px in WebP: ``images/chart-800.webp``."""
    stem = path.rsplit(".", 1)[0]
    return f"{stem}-{rendition.width}.{rendition.ext}"


def images_in(html: str, siteurl: str, folder: str = "") -> list[str]:
    """The site paths of the local PNG/JPEG images in ``html``, in order."""
    found = []
    for match in IMG.finditer(html):
        path = site_path(attributes(match.group(0)).get("src", ""), siteurl, folder)
        if path and path not in found:
            found.append(path)
    return found


def plan_image(
    path: str,
    content_root: Path,
    cache_root: Path,
    widths: Iterable[int],
    qualities: tuple[int, int],
    *,
    source: str,
    max_pixels: int,
) -> PostImage | None:
    """The job and picture for one image, or None when ``path`` is not a file
    in ``content/`` (a theme image, say) or is not a usable image (the source
    audit reports that)."""
    file = content_root / path
    if not file.is_file() or not file.resolve().is_relative_to(content_root.resolve()):
        return None
    try:
        info = check_image(
            file, source=source, field="image", max_pixels=max_pixels, formats=FORMATS
        )
    except ContentError:
        # build_guard's source audit already reports every unreadable or
        # oversized image in content/ (one line per file); the post keeps its
        # plain <img> and the build stops on that line.
        return None
    width, height = info.display_size
    webp, jpeg = qualities
    key = job_key(
        file.read_bytes(),
        {"widths": sorted(set(widths)), "webp": webp, "jpeg": jpeg, "pdf": None},
    )
    renditions = plan_renditions(width, height, info.format, tuple(widths))
    job = Job(
        key=key,
        folder=str(cache_root / key),
        renditions=renditions,
        title=path,
        date=_NO_DATE,
        source=str(file),
        webp_quality=webp,
        jpeg_quality=jpeg,
        make_pdf=False,
    )
    return PostImage(
        path, job, picture_named(lambda r: derivative_name(path, r), renditions)
    )


def rewrite(
    html: str,
    siteurl: str,
    known: dict[str, PostImage],
    render: Callable[..., str],
    folder: str = "",
) -> str:
    """``html`` with each known image replaced by its ``<picture>``; the first
    image is eager when little text comes before it, the rest are lazy."""
    seen = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal seen
        attrs = attributes(match.group(0))
        path = site_path(attrs.get("src", ""), siteurl, folder)
        if path not in known:
            return match.group(0)
        seen += 1
        eager = seen == 1 and len(plain_text(html[: match.start()])) <= EAGER_TEXT
        image = PostImage(
            path, known[path].job, known[path].picture, attrs.get("alt", "")
        )
        return render(image, SIZES, 1200, loading="eager" if eager else "lazy")

    return IMG.sub(replace, html)


def problem(source: str, path: str, reason: str) -> ContentError:
    return ContentError(
        source,
        "image",
        f"'{path}' could not be processed ({reason})",
        "open the file in an image editor and export it again as PNG or JPEG",
    )


def folder_of(source_path: str, content_root: Path) -> str:
    """A content file's folder inside ``content/``, with forward slashes."""
    try:
        return Path(source_path).parent.relative_to(content_root).as_posix()
    except ValueError:
        return ""
