"""Draw the sample site's images with Pillow, so none is downloaded.

Run from the repository root: ``python scripts/make_sample_images.py``.
The output is committed; run this again only to change the images.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "content" / "images"

INK = (26, 32, 44)
MUTED = (74, 85, 104)
BAR = (0, 94, 184)
TRACK = (226, 232, 240)
PAPER = (255, 255, 255)

#: (label, percentage) pairs from the autumn 2019 survey of 650 workers.
GOOD_CARE = (
    ("Felt they were providing good care", 69),
    ("Described the service as adequate", 0),
)


def font(size: int, bold: bool = False) -> ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size)


def bar_chart(title: str, note: str, bars: tuple[tuple[str, int], ...]) -> Image.Image:
    """A horizontal percentage bar chart, 1200×630 (a common sharing size)."""
    width, height = 1200, 630
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((60, 50), title, font=font(38, bold=True), fill=INK)
    left, right, top = 60, width - 60, 170
    for label, percent in bars:
        draw.text((left, top), label, font=font(32), fill=INK)
        bar_top = top + 50
        draw.rectangle((left, bar_top, right - 140, bar_top + 56), fill=TRACK)
        filled = left + (right - 140 - left) * percent // 100
        if percent:
            draw.rectangle((left, bar_top, filled, bar_top + 56), fill=BAR)
        figure = f"{percent}%"
        draw.text(
            (right - 120, bar_top + 4), figure, font=font(40, bold=True), fill=INK
        )
        top += 170
    draw.text((60, height - 80), note, font=font(24), fill=MUTED)
    return image


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    chart = bar_chart(
        "What 650 IAPT workers told us (autumn 2019)",
        "Talking Back survey of current and past IAPT workers, 8 questions.",
        GOOD_CARE,
    )
    chart.save(IMAGES / "survey-good-care.png", optimize=True)


if __name__ == "__main__":
    main()
