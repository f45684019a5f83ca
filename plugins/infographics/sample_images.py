"""Draw the sample infographic image that content/infographics/ uses.

The sample site's other infographics are charts drawn from CSV files at build
time; this one shows the image path (a designer's PNG). Run it again after
changing the text::

    python -m infographics.sample_images content/infographics
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 1700
BRAND, ACCENT, TEXT, WHITE = "#6b2d7b", "#f4e9f7", "#1d1a1f", "#ffffff"

TITLE = "What 650 workers said should change"
THEMES = (
    "Stop recovery-rate and patient-number targets",
    "Separate the service from the benefits and employment systems",
    "Use it for what it suits: mild to moderate depression",
    "Support primary-care services that are struggling",
    "Invest in highly skilled therapists for complex needs",
    "Cap how many clients a worker sees in a day",
    "Stop gaming the data and misrepresenting the service",
    "Measure something that means something",
    "Allow flexibility in how therapy is done",
)
FOOTER = "IAPT workers survey, autumn 2019 · Talking Back"


def _wrap(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def what_should_change() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 250), fill=BRAND)
    title_font = ImageFont.load_default(64)
    y = 60
    for line in _wrap(draw, TITLE, title_font, WIDTH - 140):
        draw.text((70, y), line, fill=WHITE, font=title_font)
        y += 80
    number_font = ImageFont.load_default(48)
    item_font = ImageFont.load_default(38)
    y = 300
    for number, theme in enumerate(THEMES, start=1):
        draw.ellipse((70, y, 150, y + 80), fill=ACCENT)
        draw.text((110, y + 40), str(number), fill=BRAND, font=number_font, anchor="mm")
        lines = _wrap(draw, theme, item_font, WIDTH - 260)
        for index, line in enumerate(lines):
            draw.text((180, y + 18 + index * 48), line, fill=TEXT, font=item_font)
        y += max(130, 48 * len(lines) + 60)
    draw.text((70, HEIGHT - 90), FOOTER, fill=TEXT, font=ImageFont.load_default(30))
    # A small palette keeps the committed file small; the picture is flat colour.
    return image.quantize(colors=32, dither=Image.Dither.NONE)


def main(folder: str) -> None:
    target = Path(folder) / "what-should-change.png"
    what_should_change().save(target, optimize=True)
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "content/infographics")
