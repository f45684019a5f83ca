"""A plain horizontal bar chart, drawn as SVG for the page and PNG for sharing.

Both come from one :class:`~infographics.data.ChartSpec`. The PNG uses the
font built into Pillow, so it looks the same on every machine.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

from PIL import Image, ImageDraw, ImageFont

from sitelib import ThemeColours, wrap_text

from .data import ChartSpec

WIDTH = 1200
MARGIN = 72
TITLE_SIZE = 60
LABEL_SIZE = 36
VALUE_SIZE = 44
FOOTER_SIZE = 28
BAR_HEIGHT = 60
VALUE_SPACE = 190


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)


def wrap(text: str, size: int, width: int) -> list[str]:
    """``text`` wrapped to ``width`` pixels in the built-in font at ``size``
    (one empty line for no text)."""
    return wrap_text(text, _font(size), width) or [""]


@dataclass(frozen=True)
class _Row:
    label_lines: tuple[str, ...]
    label_y: int
    bar_y: int
    bar_width: int
    display: str


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    title_lines: tuple[str, ...]
    rows: tuple[_Row, ...]
    footer_y: int
    footer: str


def layout(spec: ChartSpec) -> Layout:
    inner = WIDTH - 2 * MARGIN
    track = inner - VALUE_SPACE
    title_lines = wrap(spec.title, TITLE_SIZE, inner)
    y = MARGIN + len(title_lines) * int(TITLE_SIZE * 1.25) + 48
    rows = []
    for row in spec.rows:
        label_lines = wrap(row.label, LABEL_SIZE, inner)
        label_y = y
        bar_y = y + len(label_lines) * int(LABEL_SIZE * 1.3) + 10
        bar_width = round(track * min(row.value / spec.scale_max, 1.0))
        rows.append(_Row(tuple(label_lines), label_y, bar_y, bar_width, row.display))
        y = bar_y + BAR_HEIGHT + 44
    footer_y = y + 20
    height = footer_y + FOOTER_SIZE + MARGIN
    return Layout(WIDTH, height, tuple(title_lines), tuple(rows), footer_y, spec.footer)


def chart_size(spec: ChartSpec) -> tuple[int, int]:
    result = layout(spec)
    return result.width, result.height


def render_png(spec: ChartSpec, colours: ThemeColours) -> Image.Image:
    """The chart in the theme's ``colours``: bars in the brand colour on an
    accent-coloured track."""
    plan = layout(spec)
    image = Image.new("RGB", (plan.width, plan.height), colours.background)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for line in plan.title_lines:
        draw.text((MARGIN, y), line, fill=colours.text, font=_font(TITLE_SIZE))
        y += int(TITLE_SIZE * 1.25)
    track = plan.width - 2 * MARGIN - VALUE_SPACE
    for row in plan.rows:
        for number, line in enumerate(row.label_lines):
            draw.text(
                (MARGIN, row.label_y + number * int(LABEL_SIZE * 1.3)),
                line,
                fill=colours.text,
                font=_font(LABEL_SIZE),
            )
        bottom = row.bar_y + BAR_HEIGHT
        draw.rectangle((MARGIN, row.bar_y, MARGIN + track, bottom), fill=colours.accent)
        if row.bar_width:
            draw.rectangle(
                (MARGIN, row.bar_y, MARGIN + row.bar_width, bottom), fill=colours.brand
            )
        draw.text(
            (MARGIN + row.bar_width + 20, row.bar_y + (BAR_HEIGHT - VALUE_SIZE) // 2),
            row.display,
            fill=colours.text,
            font=_font(VALUE_SIZE),
        )
    draw.line(
        (MARGIN, plan.footer_y - 12, plan.width - MARGIN, plan.footer_y - 12),
        fill=colours.accent,
        width=3,
    )
    draw.text(
        (MARGIN, plan.footer_y),
        plan.footer,
        fill=colours.muted,
        font=_font(FOOTER_SIZE),
    )
    return image


# The SVG is drawn on a 400-unit wide canvas and scales with the page: text
# stays readable on a phone (about 13px) without being huge on a desktop.
_SVG_WIDTH = 400
_SVG_LABEL = 15
_SVG_VALUE = 17
_SVG_BAR = 22
_SVG_VALUE_SPACE = 56
_SVG_WRAP = 44


def render_svg(
    spec: ChartSpec, ident: str, description: str, colours: ThemeColours
) -> str:
    """An inline SVG chart; its title and description name it for screen readers.

    Colours come from classes (``chart-bar``, ``chart-track``) so the theme
    can restyle them, with plain fills in the theme's ``colours`` as the
    fallback.
    """
    track = _SVG_WIDTH - _SVG_VALUE_SPACE
    parts = []
    y = 8
    for row in spec.rows:
        for line in textwrap.wrap(row.label, _SVG_WRAP) or [""]:
            y += _SVG_LABEL + 4
            parts.append(
                f'<text class="chart-label" x="0" y="{y}" '
                f'font-size="{_SVG_LABEL}" fill="{colours.text}">{escape(line)}</text>'
            )
        y += 6
        width = round(track * min(row.value / spec.scale_max, 1.0), 1)
        parts.append(
            f'<rect class="chart-track" x="0" y="{y}" width="{track}" '
            f'height="{_SVG_BAR}" fill="{colours.accent}"/>'
        )
        parts.append(
            f'<rect class="chart-bar" x="0" y="{y}" width="{width}" '
            f'height="{_SVG_BAR}" fill="{colours.brand}"/>'
        )
        parts.append(
            f'<text class="chart-value" x="{width + 6}" y="{y + _SVG_BAR - 5}" '
            f'font-size="{_SVG_VALUE}" font-weight="700" fill="{colours.text}">'
            f"{escape(row.display)}</text>"
        )
        y += _SVG_BAR + 14
    height = y
    title_id, desc_id = f"{ident}-chart-title", f"{ident}-chart-desc"
    return (
        f'<svg class="infographic-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_SVG_WIDTH} {height}" width="{_SVG_WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(spec.title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
