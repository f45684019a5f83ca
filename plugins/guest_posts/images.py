"""Re-encode guest images with every piece of metadata left behind.

A phone photo carries EXIF (GPS position, device, time), and PNG/WebP files
can carry text chunks, XMP and ICC profiles. Only the pixels are copied into
a brand-new image, after applying the EXIF orientation so it still looks the
right way up.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import time
from pathlib import Path

from PIL import Image, ImageOps

_SAVE_OPTIONS = {
    "JPEG": lambda quality: {"quality": quality, "optimize": True},
    "WEBP": lambda quality: {"quality": quality},
    "PNG": lambda _quality: {"optimize": True},
}


def stripped_copy(source: Path, cache_dir: Path, quality: int) -> Path:
    """A metadata-free re-encoding of ``source`` in ``cache_dir``, named by
    the source's content hash and settings so unchanged images are reused."""
    data = source.read_bytes()
    digest = hashlib.sha256(data + f"|q{quality}|v1".encode()).hexdigest()[:32]
    target = cache_dir / f"{digest}{source.suffix.lower()}"
    if target.is_file():
        return target
    with Image.open(source) as original:
        image_format = original.format or ""
        if image_format not in _SAVE_OPTIONS:
            raise ValueError(f"cannot re-encode a {image_format or 'unknown'} image")
        upright = ImageOps.exif_transpose(original)
        mode = (
            "RGBA"
            if "A" in upright.getbands() or "transparency" in upright.info
            else "RGB"
        )
        if image_format == "JPEG":
            mode = "RGB"
        pixels = upright.convert(mode)
        clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    clean.save(partial, format=image_format, **_SAVE_OPTIONS[image_format](quality))
    partial.replace(target)
    return target


def copy_when_different(cached: Path, published: Path) -> bool:
    """Have Pelican's STATIC_CHECK_IF_MODIFIED copy ``cached`` over
    ``published`` only when the output holds something else (an old,
    unstripped copy, say): then ``cached`` is made newer than it. An output
    that already is the stripped image is left alone, so a build with nothing
    changed rewrites no guest image. Say whether a copy will be made."""
    if not published.is_file():
        return True
    if (
        published.stat().st_size == cached.stat().st_size
        and published.read_bytes() == cached.read_bytes()
    ):
        return False
    newer = max(time.time(), published.stat().st_mtime + 1)
    os.utime(cached, (newer, newer))
    return True


_IMG = re.compile(r"<img\b(?P<attributes>[^>]*)>")
_SRC = re.compile(r'\bsrc="(?P<src>[^"]*)"')
_SIZE_ATTRIBUTE = re.compile(r'\s(?:width|height)="[^"]*"')


def add_image_sizes(fragment: str, sizes: dict[str, tuple[int, int]]) -> str:
    """Sanitised HTML with each image's ``width`` and ``height`` set from its
    file (``sizes`` maps the ``src`` as written to the displayed size); the
    contributor's own values are replaced. Images not in ``sizes`` keep none.
    """

    def sized(match: re.Match[str]) -> str:
        attributes = _SIZE_ATTRIBUTE.sub("", match["attributes"]).rstrip(" /")
        src = _SRC.search(attributes)
        size = sizes.get(html.unescape(src["src"])) if src else None
        if size:
            attributes += f' width="{size[0]}" height="{size[1]}"'
        return f"<img{attributes}>"

    return _IMG.sub(sized, fragment)
