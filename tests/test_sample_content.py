"""The sample content meets the foundation issue's requirements.

Metadata is read from the Markdown sources with Pelican's own reader (fast, and
independent of the theme); the rest is checked on the built sample site.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
POSTS = sorted((ROOT / "content" / "posts").glob("*.md"))
PAGES = ROOT / "content" / "pages"
COLLECTIVE = "Talking Back collective"
SERIES = "What 650 workers told us"
#: Text that means a file was never finished.
PLACEHOLDERS = re.compile(
    r"placeholder|lorem ipsum|\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX\b|"
    r"to be replaced|first post body|second body",
    re.IGNORECASE,
)


def read(path: Path) -> tuple[str, dict]:
    reader = MarkdownReader(read_settings(str(ROOT / "pelicanconf.py")))
    return reader.read(str(path))


@pytest.fixture(scope="module")
def posts() -> dict[str, tuple[str, dict]]:
    return {path.name: read(path) for path in POSTS}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(html: str) -> int:
    return len(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_enough_posts_across_enough_categories(posts):
    assert len(posts) >= 8
    categories = Counter(str(meta["category"]) for _, meta in posts.values())
    assert len(categories) >= 3, categories


def test_every_post_has_summary_tags_category_and_a_date_in_range(posts):
    for name, (_, meta) in posts.items():
        assert meta.get("summary", "").strip(), f"{name}: no Summary"
        assert meta.get("tags"), f"{name}: no Tags"
        assert meta.get("category"), f"{name}: no Category"
        assert 2018 <= meta["date"].year <= 2020, f"{name}: date {meta['date']}"


def test_posts_are_a_credible_length(posts):
    for name, (content, _) in posts.items():
        assert 300 <= words(content) <= 700, f"{name}: {words(content)} words"


def test_named_authors_besides_the_collective_and_they_are_labelled(posts):
    authors = {str(meta["author"]) for _, meta in posts.values()}
    assert COLLECTIVE in authors
    named = authors - {COLLECTIVE}
    assert len(named) >= 2, authors
    # Invented people must say so, in the post they sign.
    for name, (content, meta) in posts.items():
        if str(meta["author"]) != COLLECTIVE:
            assert "fictional" in content, f"{name}: author not labelled fictional"


def test_survey_series_has_three_parts_numbered_in_date_order(posts):
    parts = sorted(
        (meta for _, meta in posts.values() if meta.get("series") == SERIES),
        key=lambda meta: meta["date"],
    )
    assert len(parts) >= 3
    assert [int(meta["series_index"]) for meta in parts] == list(
        range(1, len(parts) + 1)
    )
    assert {str(meta["category"]) for meta in parts} == {"Survey results"}


def test_posts_link_to_each_other(posts):
    linked = {
        target
        for content, _ in posts.values()
        for target in re.findall(r"\{filename\}(?:/posts/)?([\w-]+\.md)", content)
    }
    assert linked <= set(posts), linked - set(posts)
    # Most posts are reached from another post, not only from lists.
    assert len(linked) >= len(posts) // 2, linked


@pytest.mark.parametrize(
    "path", [*POSTS, PAGES / "about.md", PAGES / "privacy.md"], ids=lambda p: p.name
)
def test_no_placeholder_text(path):
    text = path.read_text(encoding="utf-8")
    assert not PLACEHOLDERS.search(text), PLACEHOLDERS.search(text)


def test_sample_site_series_pages_say_part_n_of_m(sample_site):
    found = {}
    for page in (sample_site / "posts").glob("*/*.html"):
        text = " ".join(soup(page).get_text(" ").split())
        match = re.search(rf"Part (\d+) of (\d+) in the series “{SERIES}”", text)
        if match:
            found[page.name] = (int(match[1]), int(match[2]))
    assert sorted(found.values()) == [(1, 3), (2, 3), (3, 3)], found


def test_sample_site_author_pages_and_feeds(sample_site):
    for slug in ("talking-back-collective", "sam-okafor", "maya-hollis"):
        assert (sample_site / "authors" / f"{slug}.html").is_file(), slug
        feed = feedparser.parse(sample_site / "feeds" / "author" / f"{slug}.atom.xml")
        assert feed.bozo == 0 and feed.entries, slug


def test_sample_site_about_and_privacy(sample_site):
    about = soup(sample_site / "about.html")
    assert about.find(id="get-involved") is not None
    privacy = " ".join(soup(sample_site / "privacy.html").get_text(" ").split())
    for promise in ("No cookies", "No trackers or analytics", "never sent anywhere"):
        assert promise in privacy, promise


def test_sample_image_has_alt_text_size_and_exists(sample_site):
    images = [
        img
        for page in (sample_site / "posts").glob("*/*.html")
        for img in soup(page).select(".post-content img")
    ]
    assert images
    for img in images:
        assert img.get("alt", "").strip()
        assert img.get("width") and img.get("height")
        local = img["src"].split("/images/", 1)[1]
        assert (sample_site / "images" / local).is_file()
