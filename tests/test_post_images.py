"""Images in posts go through the infographics image pipeline: widths, WebP,
width/height, lazy below the fold, cached by content hash; a chart embedded
in a post is the accessible inline SVG."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import build, write_content
from infographics.images import Rendition
from infographics.post_images import derivative_name, images_in, site_path
from sitelib import BuildFailed
from test_infographics import png

SITE = "http://localhost:8000"
LONG_TEXT = "Words before the picture. " * 40


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#993366").save(buffer, "JPEG")
    return buffer.getvalue()


def post(title: str, body: str) -> str:
    return f"Title: {title}\nDate: 2026-01-0{len(title) % 9 + 1}\n\n{body}\n"


def page(output: Path, slug: str) -> BeautifulSoup:
    (path,) = output.glob(f"posts/*/{slug}.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_site_path_takes_only_local_png_and_jpeg() -> None:
    assert site_path(f"{SITE}/images/a.png", SITE) == "images/a.png"
    assert site_path("/images/b.JPG", SITE) == "images/b.JPG"
    assert site_path("{static}/images/c.png", SITE) == "images/c.png"
    assert site_path("{static}c.png", SITE, "posts/2026") == "posts/2026/c.png"
    assert site_path("https://elsewhere.example/a.png", SITE) is None
    assert site_path("//elsewhere.example/a.png", SITE) is None
    assert site_path(f"{SITE}/images/a.gif", SITE) is None
    assert site_path(f"{SITE}/images/../../etc/a.png", SITE) is None
    html = (
        f'<p><img alt="x" src="{SITE}/images/a.png"><img src="{SITE}/images/a.png"></p>'
    )
    assert images_in(html, SITE) == ["images/a.png"]
    assert derivative_name("images/a.png", Rendition(800, 450, "webp")) == (
        "images/a-800.webp"
    )


@pytest.fixture(scope="module")
def image_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("post-images")
    content = base / "content"
    write_content(
        content,
        {
            "images/photo.png": png(1600, 900),
            "images/small.jpg": jpeg(300, 200),
            "posts/below.md": post(
                "Below the fold",
                f"{LONG_TEXT}\n\n![A blue square]({{static}}/images/photo.png)\n\n"
                "![A small red picture]({static}/images/small.jpg)",
            ),
            "posts/first.md": post(
                "Picture first", "![A blue square]({static}/images/photo.png)\n\nText."
            ),
        },
    )
    # Absolute URLs, as in production (development builds are relative).
    return build(content, base / "output", RELATIVE_URLS=False)


def test_a_post_image_becomes_a_responsive_picture(image_site: Path) -> None:
    soup = page(image_site, "below-the-fold")
    pictures = soup.select(".post-content picture")
    assert len(pictures) == 2
    webp = pictures[0].select_one('source[type="image/webp"]')
    widths = [c.strip().split(" ")[1] for c in webp["srcset"].split(",")]
    assert widths == ["480w", "800w", "1200w", "1600w"]
    img = pictures[0].img
    assert img["alt"] == "A blue square"
    assert (img["width"], img["height"]) == ("1200", "675")
    assert img["src"] == f"{SITE}/images/photo-1200.png"
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert "sizes" in img.attrs
    # An image smaller than every width is kept at its own size, never enlarged.
    small = pictures[1].img
    assert (small["width"], small["height"]) == ("300", "200")
    assert small["src"] == f"{SITE}/images/small-300.jpg"
    for name in ("photo-480.webp", "photo-1600.png", "small-300.webp", "small-300.jpg"):
        assert (image_site / "images" / name).is_file(), name
    with Image.open(image_site / "images" / "photo-800.webp") as made:
        assert made.size == (800, 450) and made.format == "WEBP"


def test_a_development_build_links_post_images_relative_to_the_page(
    tmp_path: Path,
) -> None:
    content = write_content(
        tmp_path / "content",
        {
            "images/photo.png": png(1600, 900),
            "posts/first.md": post(
                "Picture first", "![A blue square]({static}/images/photo.png)\n\nText."
            ),
        },
    )
    output = build(content, tmp_path / "output", RELATIVE_URLS=True)
    (path,) = output.glob("posts/*/picture-first.html")
    picture = page(output, "picture-first").select_one(".post-content picture")
    urls = [picture.img["src"]] + [
        candidate.strip().split(" ")[0]
        for source in picture.select("source")
        for candidate in source["srcset"].split(",")
    ]
    assert len(urls) == 5
    for url in urls:
        assert not url.startswith(("http:", "https:", "/")), url
        assert (path.parent / url).resolve().is_file(), url


def test_the_first_image_above_the_fold_is_eager(image_site: Path) -> None:
    img = page(image_site, "picture-first").select_one(".post-content picture img")
    assert img["loading"] == "eager"


def test_derivatives_are_cached_by_content_hash(image_site: Path) -> None:
    cache = image_site.parent / "cache" / "infographics"
    sets = sorted(p.name for p in cache.iterdir())
    assert len(sets) == 2  # photo.png once for two posts, small.jpg once
    # A rebuild reuses them: the folders are not made again.
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    build(image_site.parent / "content", image_site, RELATIVE_URLS=False)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps


def test_an_image_that_is_not_an_image_stops_the_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_content(
        content,
        {
            "images/broken.png": b"not a png at all",
            "posts/broken.md": post("Broken", "![x]({static}/images/broken.png)"),
        },
    )
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "output")
    # One line naming the file and the fix (the source audit may find it first).
    assert any(
        line.startswith(("content/posts/broken.md: image:", "content/images/broken"))
        and "broken.png" in line
        and "Fix:" in line
        for line in failure.value.problems
    ), failure.value.problems
    assert not list((tmp_path / "output").rglob("*.html"))


def test_the_survey_post_shows_its_chart_as_inline_svg(sample_site: Path) -> None:
    (path,) = sample_site.glob("posts/2019/good-care-at-a-high-price*.html")
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one(".post-content figure svg.infographic-chart")
    assert svg is not None and svg["role"] == "img"
    assert soup.select_one(f"#{svg['aria-labelledby'].split()[0]}").name == "title"
    assert "69%" in svg.get_text()
    assert not soup.select(".post-content img[src$='.png']")
