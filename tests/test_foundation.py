"""The foundation: every page type, valid feeds, series, autodiscovery, drafts."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import is_email_part

FEEDS = "feeds"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(output: Path) -> list[Path]:
    """The site's pages (a newsletter's email part is a document for email
    programs, checked in test_newsletter.py)."""
    return [
        p
        for p in output.rglob("*.html")
        if "theme" not in p.parts and "pagefind" not in p.parts and not is_email_part(p)
    ]


@pytest.mark.parametrize(
    "relative",
    [
        "index.html",
        "blog/index.html",
        "archives.html",
        "categories.html",
        "tags.html",
        "authors/index.html",
        "about.html",
        "privacy.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "theme/css/site.css",
    ],
)
def test_sample_site_writes_every_page_type(sample_site: Path, relative: str) -> None:
    assert (sample_site / relative).is_file()


def test_sample_site_has_posts_taxonomies_and_year_archives(sample_site: Path) -> None:
    posts = list((sample_site / "posts").glob("*/*.html"))
    assert len([p for p in posts if p.name != "index.html"]) >= 8
    assert len(list((sample_site / "category").glob("*.html"))) >= 3
    assert list((sample_site / "tag").glob("*.html"))
    assert len(list((sample_site / "authors").glob("*.html"))) >= 3  # 2 + index
    assert list((sample_site / "posts").glob("*/index.html"))  # archive by year
    assert list((sample_site / FEEDS / "category").glob("*.atom.xml"))
    assert list((sample_site / FEEDS / "tag").glob("*.rss.xml"))
    assert list((sample_site / FEEDS / "author").glob("*.atom.xml"))


def test_every_page_has_one_h1_and_feed_autodiscovery(sample_site: Path) -> None:
    for page in html_pages(sample_site):
        document = soup(page)
        assert len(document.find_all("h1")) == 1, page
        alternates = document.select('head link[rel="alternate"]')
        types = {link["type"] for link in alternates}
        assert {"application/atom+xml", "application/rss+xml"} <= types, page
        for link in alternates:
            # Relative in a development build, so any host and port serve it.
            assert "://" not in link["href"], page
            assert (page.parent / link["href"]).resolve().is_file(), page


def test_robots_points_at_the_sitemap(sample_site: Path) -> None:
    robots = (sample_site / "robots.txt").read_text()
    assert "Sitemap: http://localhost:8000/sitemap.xml" in robots
    assert (
        "http://localhost:8000/about.html" in (sample_site / "sitemap.xml").read_text()
    )


def all_feeds(output: Path) -> list[Path]:
    return sorted((output / FEEDS).rglob("*.xml"))


def parse_feed_date(text: str) -> datetime:
    """Atom dates are ISO 8601, RSS dates RFC 822; both must carry an offset."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return parsedate_to_datetime(text)


def test_every_feed_is_valid_for_readers(sample_site: Path) -> None:
    feeds = all_feeds(sample_site)
    assert len(feeds) >= 10
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.link.startswith("http://localhost:8000/"), path
            assert entry.id, path
            assert entry.get("author"), (path, entry.title)
            published = entry.get("published") or entry.get("updated")
            assert parse_feed_date(published).utcoffset() is not None, path


def test_rss_guids_are_marked_not_permalinks(sample_site: Path) -> None:
    document = BeautifulSoup((sample_site / FEEDS / "all.rss.xml").read_text(), "xml")
    guids = document.find_all("guid")
    assert guids
    for guid in guids:
        assert guid.text.startswith("tag:")
        assert guid["isPermaLink"] == "false"


def test_feed_dates_are_timezone_aware(sample_site: Path) -> None:
    parsed = feedparser.parse((sample_site / FEEDS / "all.atom.xml").read_bytes())
    for entry in parsed.entries:
        moment = parse_feed_date(entry.published)
        assert moment.utcoffset() is not None


def test_feed_content_uses_absolute_urls(mini_site) -> None:
    output = mini_site(
        {
            "images/chart.png": _png(),
            "posts/a.md": """
                Title: With image
                Date: 2020-01-01 10:00
                Category: News

                ![A chart]({static}/images/chart.png) and [about](/about.html)
                """,
        },
        RSS_FEED_SUMMARY_ONLY=False,
    )
    for name in ("all.atom.xml", "all.rss.xml"):
        parsed = feedparser.parse((output / FEEDS / name).read_bytes())
        html = (
            parsed.entries[0].content[0].value
            if "atom" in name
            else (parsed.entries[0].description)
        )
        body = BeautifulSoup(html, "html.parser")
        # The post image is the pipeline's resized copy (plugins/infographics,
        # post_images.py), still absolute (feedparser drops the srcset).
        assert body.img["src"] == "http://localhost:8000/images/chart-4.png"
        assert body.a["href"] == "http://localhost:8000/about.html"


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "purple").save(buffer, "PNG")
    return buffer.getvalue()


def test_author_and_category_with_one_slug_do_not_collide(mini_site) -> None:
    output = mini_site(
        {
            "posts/a.md": """
                Title: Same name
                Date: 2020-01-01
                Category: Guest
                Author: Guest

                Body.
                """
        }
    )
    assert (output / FEEDS / "category" / "guest.atom.xml").is_file()
    assert (output / FEEDS / "author" / "guest.atom.xml").is_file()


def test_post_without_author_gets_the_site_author_in_feeds(mini_site) -> None:
    output = mini_site(
        {"posts/a.md": "Title: Anonymous\nDate: 2020-01-01\nCategory: News\n\nBody.\n"}
    )
    parsed = feedparser.parse((output / FEEDS / "all.atom.xml").read_bytes())
    assert parsed.entries[0].author == "Talking Back collective"


SERIES_POSTS = {
    f"posts/part{n}.md": f"""
        Title: Part {n}
        Date: 2020-01-0{n} 10:00
        Category: Survey
        Series: The survey
        Series_index: {n}

        Text of part {n}.
        """
    for n in (1, 2, 3)
}


def test_series_pages_say_part_n_of_m_and_link_in_order(mini_site) -> None:
    output = mini_site(SERIES_POSTS)
    middle = soup(output / "posts" / "2020" / "part-2.html")
    assert "Part 2 of 3" in middle.select_one(".series-note").text
    assert middle.select_one("a.series-prev")["href"].endswith(
        "/posts/2020/part-1.html"
    )
    assert middle.select_one("a.series-next")["href"].endswith(
        "/posts/2020/part-3.html"
    )
    items = middle.select("nav.series li")
    assert [li.text.strip() for li in items] == ["Part 1", "Part 2", "Part 3"]
    assert middle.select_one('nav.series [aria-current="page"]').text == "Part 2"
    first = soup(output / "posts" / "2020" / "part-1.html")
    assert first.select_one("a.series-prev") is None


def test_article_has_previous_next_reading_time_and_pagination(mini_site) -> None:
    posts = {
        f"posts/p{n:02}.md": f"Title: Post {n}\nDate: 2020-02-{n:02}\nCategory: N\n\n"
        + "word " * 450
        for n in range(1, 13)
    }
    output = mini_site(posts)
    page = soup(output / "posts" / "2020" / "post-5.html")
    assert page.select_one('.post-nav a[rel="prev"]')["href"].endswith("post-4.html")
    assert page.select_one('.post-nav a[rel="next"]')["href"].endswith("post-6.html")
    assert "3 min read" in page.select_one(".post-meta").text
    assert (output / "blog" / "page" / "2" / "index.html").is_file()
    listing = soup(output / "blog" / "index.html")
    assert len(listing.select("article.post-summary")) == 10
    assert listing.select_one('.pagination a[rel="next"]')


def test_drafts_preview_in_development_but_not_in_production(
    mini_site, tmp_path
) -> None:
    files = {
        "posts/wip.md": "Title: Work in progress\nDate: 2020-01-01\nStatus: draft\n\nx"
    }
    output = mini_site(files)
    assert (output / "drafts" / "work-in-progress.html").is_file()
    production = mini_site(
        files,
        OUTPUT_PATH=str(tmp_path / "prod"),
        DRAFT_SAVE_AS="",
        DRAFT_LANG_SAVE_AS="",
    )
    assert not (production / "drafts").exists()
