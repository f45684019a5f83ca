"""Share cards, JSON-LD and share links (plugins/share_cards)."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from share_cards import cards
from share_cards.links import share_links
from sitelib import BuildFailed, jsonld, parse_css_colours, script_json

POST = """
    Title: Waiting lists & "recovery" <em>targets</em>
    Date: 2020-02-01 10:00
    Category: Analysis
    Tags: data, survey
    Author: Sam Okafor
    Summary: What the numbers say about "waiting".

    Body text.
"""


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_theme_colours_come_from_the_first_root_block() -> None:
    css = ":root { --brand: #123456; --text:#000; --max: 4rem; }\n:root { --x: #fff; }"
    assert parse_css_colours(css) == {"brand": "#123456", "text": "#000"}
    assert parse_css_colours("body {}") == {}


def test_long_titles_wrap_and_are_cut_with_an_ellipsis() -> None:
    font, lines = cards.fit_title("word " * 200, None)
    assert len(lines) == 4
    assert lines[-1].endswith(" …")
    assert all(font.getlength(line) <= cards.WIDTH - 2 * 72 for line in lines)
    _, short = cards.fit_title("Short title", None)
    assert short == ["Short title"]


def test_a_card_is_a_1200_by_630_png_in_the_campaign_colour() -> None:
    data = cards.render_card(
        "A title", "Site", background="#6b2d7b", foreground="#ffffff", accent="#f4e9f7"
    )
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
        assert image.convert("RGB").getpixel((600, 600)) == (0x6B, 0x2D, 0x7B)


def test_the_cache_draws_each_card_once(tmp_path: Path) -> None:
    calls = []

    def draw() -> bytes:
        calls.append(1)
        return b"png"

    key = cards.card_key(title="x")
    first = cards.cached(tmp_path, key, draw)
    second = cards.cached(tmp_path, key, draw)
    assert first == second and first.read_bytes() == b"png"
    assert len(calls) == 1
    assert cards.card_key(title="y") != key
    assert not list(tmp_path.glob("*.tmp"))


def test_script_json_cannot_close_the_script_element() -> None:
    text = script_json({"headline": "</script><b>&"})
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"headline": "</script><b>&"}


def test_share_links_are_plain_encoded_urls() -> None:
    links = share_links(
        "https://x.org/a b.html",
        'Say "no" & more',
        (("Email", "mailto:?subject={title}&body={url}"), ("W", "https://w/?t={text}")),
    )
    assert links == [
        (
            "Email",
            "mailto:?subject=Say%20%22no%22%20%26%20more&body=https%3A%2F%2Fx.org%2Fa%20b.html",
        ),
        (
            "W",
            "https://w/?t=Say%20%22no%22%20%26%20more%20https%3A%2F%2Fx.org%2Fa%20b.html",
        ),
    ]


def test_blog_posting_without_authors_names_the_site() -> None:
    article = SimpleNamespace(
        title="<em>T</em>",
        url="posts/t.html",
        date=datetime(2020, 1, 1, 9, 0),
        summary="<p>S</p>",
    )
    settings = {"SITEURL": "https://x.org", "SITENAME": "Site", "AUTHOR": "Us"}
    data = jsonld.blog_posting(article, settings)
    assert data["headline"] == "T"
    assert data["description"] == "S"
    assert data["author"] == [{"@type": "Organization", "name": "Us"}]
    assert data["url"] == "https://x.org/posts/t.html"
    assert "image" not in data


def test_posts_get_cards_tags_and_structured_data(mini_site) -> None:
    output = mini_site({"posts/waiting.md": POST})
    page = soup(output / "posts" / "2020" / "waiting-lists-recovery-targets.html")
    meta = {
        m.get("property") or m.get("name"): m["content"]
        for m in page.select("meta[content]")
    }
    image_url = "http://localhost:8000/images/share/waiting-lists-recovery-targets.png"
    assert meta["og:title"] == 'Waiting lists & "recovery" targets'
    assert meta["og:type"] == "article"
    assert meta["og:image"] == meta["twitter:image"] == image_url
    assert meta["twitter:card"] == "summary_large_image"
    assert (
        meta["description"]
        == meta["og:description"]
        == 'What the numbers say about "waiting".'
    )
    assert meta["og:url"] == page.select_one('link[rel="canonical"]')["href"]
    with Image.open(
        output / "images" / "share" / "waiting-lists-recovery-targets.png"
    ) as card:
        assert card.size == (1200, 630)

    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == 'Waiting lists & "recovery" targets'
    assert data["author"][0]["name"] == "Sam Okafor"
    assert data["datePublished"].startswith("2020-02-01T10:00:00")
    assert data["image"] == image_url
    assert data["publisher"]["logo"] == "http://localhost:8000/theme/images/logo.svg"
    assert meta["og:locale"] == "en_GB"

    labels = [a.text for a in page.select(".share-list a")]
    assert labels == ["Email", "Mastodon", "Bluesky", "X", "Facebook", "WhatsApp"]
    for link in page.select(".share-list a"):
        assert link["href"].startswith(("mailto:", "https://"))
    # Share links need no script: the only other one is the quick exit's.
    assert [
        s.get("type") or s["src"].rsplit("/", 1)[-1] for s in page.find_all("script")
    ] == ["application/ld+json", "quick-exit.js"]

    home = soup(output / "index.html")
    site = json.loads(home.select_one('script[type="application/ld+json"]').string)
    assert site["@type"] == "WebSite"
    assert site["potentialAction"]["target"].endswith(
        "/search.html?q={search_term_string}"
    )
    assert home.select_one('meta[property="og:image"]')["content"].endswith(
        "/images/share/site.png"
    )
    assert (output / "images" / "share" / "site.png").is_file()


def test_an_unchanged_post_is_not_redrawn_or_rewritten(mini_site, monkeypatch) -> None:
    output = mini_site({"posts/waiting.md": POST})
    card = output / "images" / "share" / "waiting-lists-recovery-targets.png"
    written = card.stat().st_mtime_ns, card.stat().st_ino
    drawn = []
    original = cards.render_card
    monkeypatch.setattr(
        cards, "render_card", lambda *a, **k: drawn.append(a) or original(*a, **k)
    )
    mini_site({"posts/waiting.md": POST})
    assert drawn == []
    assert (card.stat().st_mtime_ns, card.stat().st_ino) == written
    mini_site({"posts/waiting.md": POST.replace("Waiting lists", "Queues")})
    assert len(drawn) == 1


def test_drafts_get_no_card_in_production(mini_site) -> None:
    output = mini_site(
        {"posts/draft.md": POST.replace("Author:", "Status: draft\n    Author:")},
        DRAFT_SAVE_AS="",
    )
    assert not list((output / "images" / "share").glob("waiting*"))


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SHARE_CARDS_COLOURS", ("purple", "#fff", "#000")),
        ("SHARE_CARDS_FONT", "no-such-font.ttf"),
        ("SHARE_CARDS_LINKS", (("Bad", "https://x/?q={nope}"),)),
        ("SHARE_CARDS_OUTPUT", "../outside"),
    ],
)
def test_bad_settings_stop_the_build_before_writing(mini_site, setting, value) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/waiting.md": POST}, **{setting: value})
    assert len(failure.value.problems) == 1
    assert failure.value.problems[0].startswith(f"pelicanconf.py: {setting}: ")
    assert "Fix:" in failure.value.problems[0]
