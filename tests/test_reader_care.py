"""reader_care: content notes on any post or page, quick exit, support links."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from reader_care.care import SETTINGS, content_note, note_html, shows_support
from sitelib import BuildFailed
from sitelib.settings import problems

SUPPORT = (("Samaritans, 116 123", "tel:116123", "free, any time"),)
ON = {
    "QUICK_EXIT_URL": "https://www.bbc.co.uk/weather",
    "SUPPORT_LINKS": SUPPORT,
    "SUPPORT_TAGS": ("Self-harm",),
}
FILES = {
    "posts/noted.md": """\
        Title: Noted
        Date: 2026-01-02
        Content-Note: discusses <b>suicide</b>.
        Summary: A noted post.

        The text of the noted post.
        """,
    "posts/tagged.md": """\
        Title: Tagged
        Date: 2026-01-03
        Tags: self-harm

        A tagged post.
        """,
    "posts/plain.md": """\
        Title: Plain
        Date: 2026-01-04

        A plain post.
        """,
    "pages/noted-page.md": """\
        Title: Noted page
        Content-Note: describes a crisis

        A page.
        """,
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_pure_helpers() -> None:
    assert content_note({"content-note": " mentions <i>self-harm</i>. "}) == (
        "mentions self-harm"
    )
    assert content_note({}) == ""
    assert shows_support("", ["Self-Harm"], ["self-harm"])
    assert shows_support("a note", [], [])
    assert not shows_support("", ["waiting lists"], ["self-harm"])
    assert note_html("a < b") == (
        "<p><strong>Content note:</strong> this post a &lt; b.</p>"
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("QUICK_EXIT_URL", "http://insecure.example.org/"),
        ("QUICK_EXIT_URL", "weather"),
        ("SUPPORT_LINKS", (("Samaritans", "116 123", "free"),)),
        ("SUPPORT_LINKS", (("Samaritans", "javascript:alert(1)", "free"),)),
        ("SUPPORT_LINKS", (("Samaritans", "tel:116123"),)),
        ("SUPPORT_TAGS", ("",)),
        ("QUICK_EXIT_PAGE", "../outside.html"),
    ],
)
def test_bad_settings_are_one_line_each(name: str, value: object) -> None:
    (problem,) = problems({name: value}, SETTINGS)
    assert str(problem).startswith(f"pelicanconf.py: {name}: ")
    assert "Fix:" in str(problem)


def test_a_bad_setting_stops_the_build(mini_site) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site(FILES, QUICK_EXIT_URL="javascript:alert(1)")
    assert any(
        line.startswith("pelicanconf.py: QUICK_EXIT_URL:")
        for line in failure.value.problems
    )


@pytest.fixture
def on_site(mini_site) -> Path:
    return mini_site(FILES, **ON)


def test_content_note_before_the_text_with_support_links(on_site: Path) -> None:
    page = soup(on_site / "posts/2026/noted.html")
    order = [
        element["class"][-1]
        for element in page.select(
            "article .content-note, article .support, .post-content"
        )
    ]
    assert order == ["content-note", "support", "post-content"]
    note = page.select_one(".content-note")
    assert note.get_text(" ", strip=True).startswith(
        "Content note: this post discusses suicide."
    )
    assert "<b>" not in str(note)
    assert note.select_one('a[href="#after-post"]')
    assert page.select_one("#after-post")
    assert page.select_one("article .support a")["href"] == "tel:116123"


def test_a_support_tag_shows_support_links_without_a_note(on_site: Path) -> None:
    tagged = soup(on_site / "posts/2026/tagged.html")
    assert tagged.select_one("article .support") is not None
    assert tagged.select_one(".content-note") is None
    plain = soup(on_site / "posts/2026/plain.html")
    assert plain.select_one("article .support") is None
    # ...but every page has them in the footer, and the quick exit first.
    for path in (on_site / "posts/2026/plain.html", on_site / "index.html"):
        page = soup(path)
        assert page.select_one(".site-footer .support a[href='tel:116123']")
        links = page.body.find_all("a")
        assert links[0]["class"] == ["skip-link"]
        assert links[1]["href"] == ON["QUICK_EXIT_URL"]
        assert links[1].get_text() == "Leave this site"
        (script,) = page.select('script[src$="/quick-exit.js"]')
        assert script.has_attr("defer")


def test_pages_list_cards_and_feeds_carry_the_note(on_site: Path) -> None:
    page = soup(on_site / "noted-page.html")
    assert "this page describes a crisis." in page.select_one(".content-note").text
    assert page.select_one("article .support")
    blog = soup(on_site / "blog/index.html")
    (card,) = blog.select(".card-note")
    assert card.get_text(" ", strip=True) == "Content note: discusses suicide"
    assert card.find_parent("article").select_one("a")["href"].endswith("noted.html")
    for feed_name in ("all.atom.xml", "all.rss.xml"):
        feed = feedparser.parse(on_site / "feeds" / feed_name)
        (entry,) = [e for e in feed.entries if e.title == "Noted"]
        assert entry.summary.startswith(
            "<p><strong>Content note:</strong> this post discusses suicide.</p>"
        )
        others = [e for e in feed.entries if e.title != "Noted"]
        assert not any("Content note" in e.summary for e in others)


def test_the_quick_exit_page_explains_what_it_hides_and_not(on_site: Path) -> None:
    page = soup(on_site / "leave-quickly.html")
    text = page.get_text(" ", strip=True)
    assert "history" in text and "Back" in text and "Shift" in text
    assert page.select_one('a[href="https://www.bbc.co.uk/weather"]')


def test_switched_off(mini_site) -> None:
    assert {s.name: s.default for s in SETTINGS if s.name != "QUICK_EXIT_PAGE"} == {
        "QUICK_EXIT_URL": None,
        "SUPPORT_LINKS": (),
        "SUPPORT_TAGS": (),
    }
    output = mini_site(FILES, QUICK_EXIT_URL=None, SUPPORT_LINKS=(), SUPPORT_TAGS=())
    page = soup(output / "posts/2026/noted.html")
    assert page.select_one(".quick-exit") is None
    assert page.select_one(".support") is None
    assert not page.select('script[src$="/quick-exit.js"]')
    assert not (output / "leave-quickly.html").exists()
    # The note itself needs no setting.
    assert page.select_one(".content-note") is not None
