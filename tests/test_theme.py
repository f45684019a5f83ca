"""The theme: colours, head tags and accessibility basics on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import is_email_part
from sitelib import parse_css_colours as theme_colours

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")

# (foreground, background) custom properties that are drawn on each other.
PAIRS = [
    ("text", "background"),
    ("muted", "background"),
    ("brand", "background"),
    ("brand-contrast", "brand"),
    ("text", "accent"),
    ("muted", "accent"),
    ("brand", "accent"),
]


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def schemes() -> dict[str, dict[str, str]]:
    light = theme_colours(CSS)
    dark_css = CSS[CSS.index("@media (prefers-color-scheme: dark)") :]
    return {"light": light, "dark": {**light, **theme_colours(dark_css)}}


def test_contrast_formula_matches_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_reach_wcag_aa_in_both_schemes(scheme: str) -> None:
    colours = schemes()[scheme]
    for foreground, background in PAIRS:
        ratio = contrast(colours[foreground], colours[background])
        assert ratio >= 4.5, (scheme, foreground, background, round(ratio, 2))
    # Focus rings are non-text: 3:1 against the page.
    assert contrast(colours["focus"], colours["background"]) >= 3


def test_stylesheet_has_dark_print_and_reduced_motion_rules() -> None:
    assert re.search(r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root", CSS)
    assert "@media (prefers-reduced-motion: reduce)" in CSS
    print_rules = CSS[CSS.index("@media print") :]
    assert ".site-nav" in print_rules and "attr(href)" in print_rules
    assert "@import" not in CSS and "url(" not in CSS  # nothing fetched from elsewhere


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(output: Path) -> list[Path]:
    return sorted(
        p
        for p in output.rglob("*.html")
        if not {"theme", "pagefind", "drafts"} & set(p.relative_to(output).parts)
        # A newsletter's email part is for email programs (test_newsletter.py).
        and not is_email_part(p)
    )


def test_every_page_has_the_head_tags_and_landmarks(sample_site: Path) -> None:
    found = pages(sample_site)
    assert len(found) > 20
    for path in found:
        page = soup(path)
        where = str(path.relative_to(sample_site))
        assert page.html["lang"] == "en-gb", where
        assert len(page.find_all("h1")) == 1, where
        assert page.title.text.strip(), where
        assert page.select_one('meta[name="description"]')["content"].strip(), where
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith("http://localhost:8000/"), where
        og = {m["property"]: m["content"] for m in page.select("meta[property]")}
        for key in ("og:title", "og:description", "og:url", "og:image", "og:type"):
            assert og.get(key, "").strip(), (where, key)
        assert og["og:image"].startswith("http://localhost:8000/"), where
        assert page.select_one('meta[name="twitter:card"]'), where
        first_link = page.body.find("a")
        assert first_link["href"] == "#main" and "skip-link" in first_link["class"], (
            where
        )
        assert page.select_one("main#main"), where
        assert page.select_one('header nav[aria-label="Main"] a'), where
        assert page.select_one("footer.site-footer"), where
        for image in page.select("img"):
            assert image.has_attr("alt"), (where, image)


def test_list_pages_describe_themselves(sample_site: Path) -> None:
    category = next(iter(sorted((sample_site / "category").glob("*.html"))))
    name = soup(category).h1.text.split(": ", 1)[1]
    description = soup(category).select_one('meta[name="description"]')["content"]
    assert description == f"Posts in the category {name} from Talking Back."


def test_navigation_lists_the_sections_and_marks_the_current_one(
    sample_site: Path,
) -> None:
    blog = soup(sample_site / "blog" / "index.html")
    labels = [a.text for a in blog.select('nav[aria-label="Main"] a')]
    assert labels[:5] == ["Blog", "Infographics", "Events", "Write for us", "About"]
    assert labels[-1] == "Search"
    current = blog.select('nav[aria-label="Main"] a[aria-current="page"]')
    assert [a.text for a in current] == ["Blog"]


def test_home_page_has_calls_to_action_and_website_data(sample_site: Path) -> None:
    home = soup(sample_site / "index.html")
    assert len(home.select(".cta a.button")) >= 2
    assert home.h1.text.startswith("Therapists and service users campaigning")
    assert not home.select(".site-tagline")  # the h1 already says it
    headings = [h.text for h in home.select("main h2")]
    for section in ("Upcoming events", "Latest infographics", "Latest posts"):
        assert section in headings
    assert len(home.select(".home-infographics li")) == 3
    data = json.loads(home.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "WebSite" and data["url"] == "http://localhost:8000/"
    assert home.select_one('meta[property="og:type"]')["content"] == "website"


def test_meta_text_is_escaped_once(mini_site) -> None:
    output = mini_site(
        {
            "posts/q.md": """
                Title: Quotes "and" <em>markup</em> & more
                Date: 2020-02-01
                Summary: A "summary" with <strong>tags</strong> & an ampersand.

                Body.
            """
        }
    )
    page = soup(output / "posts" / "2020" / "quotes-and-markup-more.html")
    assert page.select_one('meta[property="og:title"]')["content"] == (
        'Quotes "and" markup & more'
    )
    assert page.select_one('meta[name="description"]')["content"] == (
        'A "summary" with tags & an ampersand.'
    )
