"""Draw the sample infographic image that content/infographics/ uses.

The sample site's other infographics are charts drawn from CSV files at build
time; this one shows the image path (a designer's PNG). It is drawn in the
theme's colours (``theme/static/css/site.css``). Run it from the repository
root again after changing the text::

    python scripts/make_sample_infographic.py content/infographics
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sitelib import colours_from_css, wrap_text

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1200, 1700

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


def what_should_change() -> Image.Image:
    theme = colours_from_css(
        (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    )
    image = Image.new("RGB", (WIDTH, HEIGHT), theme.background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 250), fill=theme.brand)
    title_font = ImageFont.load_default(64)
    y = 60
    for line in wrap_text(TITLE, title_font, WIDTH - 140):
        draw.text((70, y), line, fill=theme.brand_contrast, font=title_font)
        y += 80
    number_font = ImageFont.load_default(48)
    item_font = ImageFont.load_default(38)
    y = 300
    for number, item in enumerate(THEMES, start=1):
        draw.ellipse((70, y, 150, y + 80), fill=theme.accent)
        draw.text(
            (110, y + 40), str(number), fill=theme.brand, font=number_font, anchor="mm"
        )
        lines = wrap_text(item, item_font, WIDTH - 260)
        for index, line in enumerate(lines):
            draw.text((180, y + 18 + index * 48), line, fill=theme.text, font=item_font)
        y += max(130, 48 * len(lines) + 60)
    draw.text(
        (70, HEIGHT - 90), FOOTER, fill=theme.text, font=ImageFont.load_default(30)
    )
    # A small palette keeps the committed file small; the picture is flat colour.
    return image.quantize(colors=32, dither=Image.Dither.NONE)


def main(folder: str) -> None:
    target = Path(folder) / "what-should-change.png"
    what_should_change().save(target, optimize=True)
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "content/infographics")
