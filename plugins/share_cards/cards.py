"""Drawing share cards: one 1200×630 PNG per post, cached by what it shows."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from sitelib import atomic_write, wrap_text

WIDTH, HEIGHT = 1200, 630
#: Bump when the drawing changes, so cached cards are redrawn.
RENDER_VERSION = 3
_MARGIN = 72
_TITLE_SIZES = (68, 58, 50, 44)
_MAX_TITLE_LINES = 4
#: Anti-aliasing steps from the background to each of the other two colours.
_RAMP_STEPS = 32

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=32)
def load_font(path: str | None, size: int) -> Font:
    """The TrueType font at ``path``, or Pillow's bundled one (no system fonts,
    so cards look the same on every machine)."""
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def fit_title(title: str, font_path: str | None) -> tuple[Font, list[str]]:
    """The largest title size whose wrapped lines fit; at the smallest size a
    title that still does not fit is cut with an ellipsis."""
    max_width = WIDTH - 2 * _MARGIN
    for size in _TITLE_SIZES:
        font = load_font(font_path, size)
        lines = wrap_text(title, font, max_width)
        if len(lines) <= _MAX_TITLE_LINES:
            return font, lines
    lines = lines[:_MAX_TITLE_LINES]
    last = lines[-1]
    while " " in last and font.getlength(last + " …") > max_width:
        last = last.rsplit(" ", 1)[0]
    lines[-1] = last + " …"
    return font, lines


def render_card(
    title: str,
    site_name: str,
    *,
    background: str,
    foreground: str,
    accent: str,
    label: str = "",
    font_path: str | None = None,
) -> bytes:
    """The PNG bytes of a share card: the title large on the campaign colour,
    the site name below a rule in the accent colour."""
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=accent)
    y = _MARGIN
    if label:
        small = load_font(font_path, 32)
        draw.text((_MARGIN, y), label.upper(), font=small, fill=accent)
        y += 64
    font, lines = fit_title(title, font_path)
    line_height = int(font.size * 1.2) if hasattr(font, "size") else 60
    for line in lines:
        draw.text((_MARGIN, y), line, font=font, fill=foreground)
        y += line_height
    footer_y = HEIGHT - _MARGIN - 40
    draw.rectangle((_MARGIN, footer_y - 24, _MARGIN + 120, footer_y - 18), fill=accent)
    draw.text(
        (_MARGIN, footer_y), site_name, font=load_font(font_path, 40), fill=foreground
    )
    # Mapping onto a palette known in advance is ten times quicker than
    # computing one, and a palette PNG is a third of the full-colour size.
    indexed = image.quantize(
        palette=_palette(background, foreground, accent), dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    indexed.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


@lru_cache(maxsize=8)
def _palette(background: str, foreground: str, accent: str) -> Image.Image:
    """The card's three colours and the anti-aliasing shades between them."""
    base = ImageColor.getrgb(background)[:3]
    colours = []
    for other in (foreground, accent):
        target = ImageColor.getrgb(other)[:3]
        colours += [
            tuple(
                round(b + (t - b) * step / (_RAMP_STEPS - 1))
                for b, t in zip(base, target, strict=True)
            )
            for step in range(_RAMP_STEPS)
        ]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    return palette


def card_key(**inputs: object) -> str:
    """A name for the card drawn from ``inputs``: same inputs, same file."""
    payload = json.dumps({"version": RENDER_VERSION, **inputs}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def card_path(cache_dir: Path, key: str) -> Path:
    """Where the card ``key`` lives in the cache."""
    return cache_dir / f"{key}.png"


def cached(cache_dir: Path, key: str, draw: Callable[[], bytes]) -> Path:
    """The cached card ``key``, drawn (and written atomically) only if missing."""
    path = card_path(cache_dir, key)
    if path.is_file():
        return path
    atomic_write(path, draw())
    return path


def draw_cached(cache_dir: str, key: str, inputs: dict[str, str]) -> str:
    """Draw the card ``key`` from ``inputs`` into the cache unless it is there:
    a top-level function, so a worker process can run it."""
    return str(cached(Path(cache_dir), key, lambda: render_card(**inputs)))
