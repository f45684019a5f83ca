"""The site checker: small pure pieces, a hand-made broken site, the Nu Html
Checker, and the real sample site built for production."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import require_tool, write_files
from sitetools.check import (
    DEFAULT_VNU_JAR,
    SiteUrl,
    calendar_problems,
    check_site,
    css_urls,
    feed_problems,
    image_problems,
    is_aware_date,
    is_other_host,
    resolve,
    source_metadata,
    srcset_urls,
    vnu_messages,
)

SITE = SiteUrl.parse("https://example.org/campaign")
PAGE = "https://example.org/campaign/posts/2026/a.html"


# ---------------------------------------------------------------------------
# Pure pieces
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("b.html", ("posts/2026/b.html", "")),
        ("../../about.html#team", ("about.html", "team")),
        ("/campaign/blog/", ("blog/index.html", "")),
        ("https://example.org/campaign/", ("index.html", "")),
        ("https://EXAMPLE.org/campaign/a%20b.pdf", ("a b.pdf", "")),
        ("#top", ("posts/2026/a.html", "top")),
        ("/elsewhere/x.html", None),
        ("https://other.example/x.html", None),
        ("mailto:hello@example.org", None),
    ],
)
def test_resolve_maps_internal_urls_to_output_files(url, expected):
    assert resolve(url, PAGE, SITE) == expected


def test_other_host_detection():
    assert is_other_host("https://cdn.example.net/x.js", PAGE)
    assert is_other_host("//cdn.example.net/x.js", PAGE)
    assert not is_other_host("/campaign/x.js", PAGE)
    assert not is_other_host("mailto:a@b.c", PAGE)


def test_srcset_and_css_urls():
    assert srcset_urls("a-480.png 480w, b-960.png 960w") == ["a-480.png", "b-960.png"]
    css = "body{background:url('/i/a.png')} @import \"x.css\"; a{b:url(c.svg)}"
    assert css_urls(css) == ["/i/a.png", "x.css", "c.svg"]


@pytest.mark.parametrize(
    ("raw", "aware"),
    [
        ("2026-01-02T10:00:00+00:00", True),
        ("2026-01-02T10:00:00Z", True),
        ("2026-01-02T10:00:00", False),
        ("Fri, 02 Jan 2026 10:00:00 +0000", True),
        ("Fri, 02 Jan 2026 10:00:00 -0000", False),
        ("yesterday", False),
    ],
)
def test_feed_dates_need_a_time_zone(raw, aware):
    assert is_aware_date(raw) is aware


def test_image_problems_need_alt_and_size():
    soup = BeautifulSoup(
        '<img src="a.png" alt="" width="1" height="1"><img src="b.png" width="2">',
        "lxml",
    )
    assert list(image_problems(soup)) == [
        "image 'b.png' has no alt attribute",
        "image 'b.png' has no height attribute",
    ]


def test_source_metadata_reads_markdown_yaml_and_html():
    assert source_metadata("Title: A\nStatus: Draft\n\nBody: no", ".md") == {
        "title": "A",
        "status": "Draft",
    }
    assert (
        source_metadata("---\ntitle: 'B'\nstatus: draft\n---\nx", ".md")["title"] == "B"
    )
    html = '<html><head><title>C</title><meta name="status" content="draft"></head>'
    assert source_metadata(html, ".html") == {"status": "draft", "title": "C"}


def test_vnu_report_is_split_into_errors_and_warnings(tmp_path):
    report = (
        '{"messages": ['
        f'{{"type": "error", "url": "file:{tmp_path}/a.html", "lastLine": 3, '
        '"message": "Stray end tag."},'
        f'{{"type": "info", "subType": "warning", "url": "file:{tmp_path}/b.html", '
        '"message": "Consider a lang attribute."},'
        '{"type": "info", "message": "Trivia."}]}'
    )
    errors, warnings = vnu_messages(report, tmp_path)
    assert errors == ["a.html:3: HTML: Stray end tag."]
    assert warnings == ["b.html: HTML: Consider a lang attribute."]


# ---------------------------------------------------------------------------
# A hand-made built site with one of every problem
# ---------------------------------------------------------------------------

GOOD_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>{title}</title>
<meta property="og:image" content="https://example.org/campaign/images/b.png">
<link rel="stylesheet" href="/campaign/theme/site.css"></head>
<body><main id="main"><h1 id="top-heading">{title}</h1>{body}</main></body></html>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<link href="https://example.org/campaign/" rel="alternate"/>
<id>https://example.org/campaign/</id><updated>2026-01-02T10:00:00+00:00</updated>
<entry><title>Post</title><link href="{link}" rel="alternate"/>
<id>tag:example.org,2026-01-02:/a.html</id>
<updated>{date}</updated>{author}</entry></feed>
"""


def atom(link="https://example.org/campaign/a.html", date=None, author=True) -> str:
    return ATOM.format(
        link=link,
        date=date or "2026-01-02T10:00:00+00:00",
        author="<author><name>A</name></author>" if author else "",
    )


def test_feed_problems_name_each_fault():
    assert feed_problems(atom().encode()) == []
    problems = feed_problems(
        atom(link="/a.html", date="2026-01-02T10:00:00", author=False).encode()
    )
    assert problems == [
        "'Post': link '/a.html' is not absolute",
        "'Post': has no author",
        "'Post': date '2026-01-02T10:00:00' has no time zone",
    ]
    assert feed_problems(b"<feed><entry>")[0].startswith("does not parse")


def test_calendar_problems():
    good = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"
        "UID:1@example.org\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260102T100000Z\r\n"
        "SUMMARY:Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert calendar_problems(good.encode()) == []
    assert calendar_problems(good.replace("UID:1@example.org\r\n", "").encode()) == [
        "'Meeting': missing UID"
    ]
    assert calendar_problems(b"not a calendar")[0].startswith("does not parse")


def test_check_reports_every_kind_of_problem(tmp_path):
    site = write_files(
        tmp_path / "site",
        {
            "index.html": GOOD_PAGE.format(
                title="Home",
                body=(
                    '<a href="about.html#team">team</a>'
                    '<a href="about.html#nobody">gone</a>'
                    '<a href="/campaign/missing/">missing</a>'
                    '<a href="https://elsewhere.example/">fine: a plain link</a>'
                    '<img src="https://cdn.example.net/a.png" alt="x" width="1" '
                    'height="1">'
                    '<img src="/campaign/images/b.png" alt="b">'
                    '<a href="/campaign/events.ics">calendar</a>'
                    '<a href="/campaign/feeds/all.atom.xml">feed</a>'
                ),
            ),
            "about.html": GOOD_PAGE.format(title="About", body='<p id="team">Us</p>')
            .replace("images/b.png", "images/card-missing.png")
            .replace(
                "<title>",
                '<meta name="twitter:image" content="https://x.example/c.png"><title>',
            ),
            "images/b.png": "png",
            "theme/site.css": "body { background: url(../images/none.png) }",
            "feeds/all.atom.xml": atom(author=False),
            "events.ics": "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n"
            "END:VCALENDAR",
            "drafts/wip.html": GOOD_PAGE.format(title="WIP", body=""),
            "posts/2026/secret-plan.html": GOOD_PAGE.format(title="Secret", body=""),
        },
    )
    content = write_files(
        tmp_path / "content",
        {"posts/secret.md": "Title: Secret plan\nStatus: draft\n\nShh.\n"},
    )
    report = check_site(
        site,
        site_url="https://example.org/campaign",
        content=content,
        validate_html=False,
    )
    text = "\n".join(report.errors)
    assert not report.ok
    assert "index.html: 'about.html#nobody': no element with id 'nobody'" in text
    assert "'/campaign/missing/' (a href) does not resolve to a written file" in text
    assert "<img src> loads 'https://cdn.example.net/a.png' from another host" in text
    assert "index.html: image '/campaign/images/b.png' has no width or height" in text
    assert "theme/site.css: '../images/none.png' (css url()) does not resolve" in text
    assert "feeds/all.atom.xml: 'Post': has no author" in text
    assert "events.ics: 'event 1': missing UID, DTSTAMP, DTSTART" in text
    assert "drafts/: 2 draft file(s)" not in text and "drafts/: 1 draft file(s)" in text
    assert "posts/2026/secret-plan.html: written from content/posts/secret.md" in text
    assert (
        "about.html: 'https://example.org/campaign/images/card-missing.png' "
        "(meta content) does not resolve"
    ) in text
    assert "elsewhere.example" not in text and "x.example" not in text
    assert "about.html#team" not in text
    assert len(report.errors) == 10
    assert report.counts == {"pages": 4, "stylesheets": 1, "feeds": 1, "calendars": 1}


def test_broken_link_on_many_pages_is_one_line(tmp_path):
    pages = {
        f"p{n}.html": GOOD_PAGE.format(
            title=str(n), body='<a href="/campaign/x/">x</a>'
        )
        for n in range(5)
    }
    pages["theme/site.css"] = ""
    pages["images/b.png"] = "png"
    report = check_site(
        write_files(tmp_path, pages),
        site_url="https://example.org/campaign",
        validate_html=False,
        production=False,
    )
    assert report.errors == [
        "p0.html and 4 other page(s): '/campaign/x/' (a href) does not resolve "
        "to a written file"
    ]


def test_an_id_used_twice_on_a_page_fails_the_check(tmp_path):
    """The same check check-contribution runs on a guest post's page."""
    body = '<h2 id="after-post">A</h2><h2 id="after-post">B</h2>'
    report = check_site(
        write_files(
            tmp_path,
            {
                "a.html": GOOD_PAGE.format(title="a", body=body),
                "theme/site.css": "",
                "images/b.png": "png",
            },
        ),
        site_url="https://example.org/campaign",
        validate_html=False,
        production=False,
    )
    assert report.errors == ["a.html: the id 'after-post' is used more than once"]


def test_nu_html_checker_errors_fail_and_name_the_line(tmp_path):
    java = shutil.which("java")
    require_tool(
        "java",
        bool(java) and DEFAULT_VNU_JAR.is_file(),
        "apt-get install default-jre-headless; npm ci",
    )
    site = write_files(
        tmp_path,
        {
            "good.html": GOOD_PAGE.format(title="Good", body="<p>Fine.</p>"),
            "bad.html": "<!DOCTYPE html>\n<html lang=en><title>x</title>\n"
            "<p><div></p>\n",
            "theme/site.css": "",
        },
    )
    report = check_site(site, site_url="https://example.org/campaign", production=False)
    html_errors = [e for e in report.errors if ": HTML: " in e]
    assert html_errors
    assert all(e.startswith("bad.html:") for e in html_errors)
    assert any("“p” end tag" in e for e in html_errors)
