"""Safe handling of paths and images named in untrusted content metadata."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .errors import ContentError

#: Default pixel limit for images named in content (about 40 megapixels).
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


def resolve_inside(
    content_root: Path, source_dir: Path, value: str, *, source: str, field: str
) -> Path:
    """Resolve ``value`` relative to ``source_dir`` and refuse anything outside.

    ``{static}``-style paths starting with ``/`` are taken from ``content_root``.
    """
    root = content_root.resolve()
    relative = value.strip()
    for prefix in ("{static}", "{attach}", "{filename}"):
        relative = relative.removeprefix(prefix)
    base = root if relative.startswith("/") else source_dir
    candidate = (base / relative.lstrip("/")).resolve()
    if not candidate.is_relative_to(root):
        raise ContentError(
            source,
            field,
            f"'{value}' points outside the content folder",
            "put the file inside content/ and give a path relative to the post",
        )
    return candidate


#: EXIF orientations that turn the image a quarter turn (width and height swap).
_QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class ImageInfo:
    """An image as stored (``width``, ``height``) plus its EXIF ``orientation``."""

    path: Path
    width: int
    height: int
    format: str
    orientation: int = 1

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height once EXIF orientation is applied, as viewers show it."""
        if self.orientation in _QUARTER_TURNS:
            return self.height, self.width
        return self.width, self.height


def check_image(
    path: Path,
    *,
    source: str,
    field: str,
    max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
    formats: tuple[str, ...] = ("PNG", "JPEG", "WEBP", "GIF"),
) -> ImageInfo:
    """Open an image just far enough to prove it is one, and within the limit.

    Pillow's own decompression-bomb guard stays on; ``max_pixels`` is a
    stricter, documented limit applied before any pixel is decoded.
    """
    if not path.is_file():
        raise ContentError(
            source, field, f"image '{path.name}' does not exist", "check the file name"
        )
    try:
        with Image.open(path) as image:
            width, height = image.size
            image_format = image.format or ""
            # JPEG keeps EXIF in its header; for other formats Pillow may decode
            # the whole image to find it, before the pixel limit is checked.
            orientation = (
                int(image.getexif().get(0x0112, 1) or 1)
                if image_format == "JPEG" and width * height <= max_pixels
                else 1
            )
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
        raise ContentError(
            source,
            field,
            f"'{path.name}' is not a readable image ({exc.__class__.__name__})",
            "use a PNG or JPEG file",
        ) from None
    if image_format not in formats:
        raise ContentError(
            source,
            field,
            f"'{path.name}' is a {image_format or 'unknown'} file",
            f"use one of: {', '.join(formats)}",
        )
    if width * height > max_pixels:
        raise ContentError(
            source,
            field,
            f"'{path.name}' is {width}×{height} pixels, over the limit of "
            f"{max_pixels:,} pixels",
            "export the image at a smaller size",
        )
    return ImageInfo(path, width, height, image_format, orientation)
