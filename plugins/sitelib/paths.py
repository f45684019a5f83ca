"""Safe handling of paths and images named in untrusted content metadata."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageMode, UnidentifiedImageError

from .errors import ContentError

#: Default pixel limit for images named in content (about 40 megapixels).
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
#: Default limit for an image's decoded size in memory (bytes): 4 bytes a pixel.
DEFAULT_MAX_IMAGE_BYTES = 4 * DEFAULT_MAX_IMAGE_PIXELS


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


def decompressed_bytes(width: int, height: int, mode: str) -> int:
    """How many bytes the decoded pixels of a ``mode`` image take in memory."""
    try:
        described = ImageMode.getmode(mode)
        per_band = int(described.typestr[-1])
        bands = len(described.bands)
    except (KeyError, ValueError):
        per_band, bands = 4, 4
    return width * height * per_band * bands


def check_image(
    path: Path,
    *,
    source: str,
    field: str,
    max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    formats: tuple[str, ...] = ("PNG", "JPEG", "WEBP", "GIF"),
) -> ImageInfo:
    """Open an image just far enough to prove it is one, and within the limits.

    Only the header is read (no pixel is decoded). ``max_pixels`` and
    ``max_bytes`` (the decoded size) are stricter, documented limits than
    Pillow's own decompression-bomb guard, which stays on; a bomb, or a PNG
    text chunk that decompresses to too much, is one ``ContentError``.
    """
    if not path.is_file():
        raise ContentError(
            source, field, f"image '{path.name}' does not exist", "check the file name"
        )
    too_big = ContentError(
        source,
        field,
        f"'{path.name}' decompresses to more than it is safe to open "
        "(a decompression bomb)",
        "export the image again at a smaller size, without text chunks",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                image_format = image.format or ""
                mode = image.mode
                # JPEG keeps EXIF in its header; for other formats Pillow may
                # decode the whole image to find it, before the limit is checked.
                orientation = (
                    int(image.getexif().get(0x0112, 1) or 1)
                    if image_format == "JPEG" and width * height <= max_pixels
                    else 1
                )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except ValueError as exc:
        # Pillow's PNG reader: "Decompressed Data Too Large" (zTXt/iTXt/iCCP).
        if "too large" in str(exc).lower():
            raise too_big from None
        raise _unreadable(path, source, field, exc) from None
    except (UnidentifiedImageError, OSError, SyntaxError, EOFError) as exc:
        raise _unreadable(path, source, field, exc) from None
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
    if decompressed_bytes(width, height, mode) > max_bytes:
        raise ContentError(
            source,
            field,
            f"'{path.name}' ({width}×{height}, {mode}) takes more than "
            f"{max_bytes:,} bytes once decoded",
            "export the image at a smaller size, or with 8 bits per channel",
        )
    return ImageInfo(path, width, height, image_format, orientation)


def _unreadable(path: Path, source: str, field: str, exc: Exception) -> ContentError:
    return ContentError(
        source,
        field,
        f"'{path.name}' is not a readable image ({exc.__class__.__name__})",
        "use a PNG or JPEG file",
    )
