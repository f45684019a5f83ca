"""The newsletter: issue selection, the email's HTML and text parts (on the
sample site's recorded issue), and ``invoke newsletter``'s logic."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from conftest import require_tool, write_content
from newsletter.model import Record, in_period, parse_record
from sitetools.check import DEFAULT_VNU_JAR, feed_problems, run_vnu
from sitetools.newsletter import (
    NewsletterError,
    build_problems,
    last_issue,
    make_issue,
    parse_since,
    record_text,
)

LONDON = ZoneInfo("Europe/London")
ISSUE = "newsletters/2020-03-23"
SITE = "http://localhost:8000"


# -- pure functions -------------------------------------------------------------


def test_the_period_is_after_since_and_up_to_the_issue() -> None:
    record = Record(
        "x", datetime(2020, 3, 23, 9, tzinfo=UTC), datetime(2020, 2, 20, tzinfo=UTC)
    )
    assert in_period(datetime(2020, 3, 23, 9, tzinfo=UTC), record)
    assert not in_period(datetime(2020, 3, 23, 9, 1, tzinfo=UTC), record)
    assert not in_period(datetime(2020, 2, 20, tzinfo=UTC), record)
    assert in_period(datetime(2020, 2, 20, 0, 1, tzinfo=UTC), record)
    first = Record("x", datetime(2020, 3, 23, tzinfo=UTC), None)
    assert in_period(datetime(1999, 1, 1, tzinfo=UTC), first)


def test_records_are_checked() -> None:
    good, errors = parse_record(
        {"date": datetime(2020, 3, 23, 9, tzinfo=UTC)}, "r.toml", LONDON
    )
    assert errors == [] and good is not None and good.slug == "2020-03-23"
    _, errors = parse_record({"date": "soon"}, "r.toml", LONDON)
    assert [str(e) for e in errors] == [
        "r.toml: date: 'soon' is not a date. Fix: write it as "
        "date = 2020-03-23T09:00:00Z"
    ]
    _, errors = parse_record(
        {"date": "2020-03-23", "since": "2020-04-01"}, "r.toml", LONDON
    )
    assert [e.field for e in errors] == ["since"]


def test_records_round_trip_and_the_last_one_is_where_the_next_starts(
    tmp_path: Path,
) -> None:
    when = datetime(2026, 12, 1, 9, tzinfo=UTC)
    (tmp_path / "2026-12-01.toml").write_text(record_text(when, None))
    (tmp_path / "2026-11-01.toml").write_text(
        record_text(
            datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)
        )
    )
    assert last_issue(tmp_path, LONDON) == when
    assert last_issue(tmp_path / "none", LONDON) is None


def test_since_is_a_date_or_one_line() -> None:
    assert parse_since("2026-11-01", LONDON) == datetime(2026, 11, 1, tzinfo=LONDON)
    with pytest.raises(NewsletterError) as problem:
        parse_since("last week", LONDON)
    assert str(problem.value).startswith("--since: 'last week' is not a date. Fix:")


def test_build_problems_are_the_guard_lines() -> None:
    output = (
        "noise\nCRITICAL Build stopped: 1 problem(s) found:\n   - a: b: c. Fix: d\n"
    )
    assert build_problems(output) == ["a: b: c. Fix: d"]


# -- the sample site's recorded issue ------------------------------------------


@pytest.fixture(scope="module")
def email(sample_site: Path) -> tuple[str, BeautifulSoup, str]:
    html = (sample_site / ISSUE / "email.html").read_text("utf-8")
    text = (sample_site / ISSUE / "email.txt").read_text("utf-8")
    return html, BeautifulSoup(html, "html.parser"), text


def test_the_email_is_small_enough_for_gmail(sample_site: Path) -> None:
    size = (sample_site / ISSUE / "email.html").stat().st_size
    assert 2_000 < size < 100_000


def test_the_email_has_no_script_form_or_stylesheet_link(email) -> None:
    html, soup, _text = email
    assert soup.find_all(["script", "form", "link", "iframe", "object"]) == []
    assert "<script" not in html.lower()
    assert not soup.find_all(
        attrs={"class": False, "style": False, "href": False}, name="a"
    )
    # Every styled block has its style inline (the <style> only adds dark mode).
    assert "prefers-color-scheme: dark" in soup.style.string
    assert all(tag.get("style") for tag in soup.select("td, h1, h2, h3, p"))


def test_every_url_in_the_email_is_absolute(email) -> None:
    _html, soup, _text = email
    urls = [a["href"] for a in soup.find_all(href=True)]
    urls += [img["src"] for img in soup.find_all("img")]
    assert len(urls) > 10
    relative = [u for u in urls if not re.match(r"https?://[^/]+/", u)]
    assert relative == []


def test_every_image_is_absolute_with_alt_and_size(email) -> None:
    _html, soup, _text = email
    images = soup.find_all("img")
    assert images, "the sample issue has an infographic"
    for image in images:
        assert image["src"].startswith(SITE + "/")
        assert image["alt"].strip()
        assert int(image["width"]) <= 600 and int(image["height"]) > 0


def test_the_text_part_has_every_link_of_the_html_part(email) -> None:
    _html, soup, text = email
    links = {a["href"] for a in soup.find_all(href=True)}
    assert links
    assert sorted(link for link in links if link not in text) == []
    assert "£1,140 of £1,500 pledged" in " ".join(text.split())
    assert all(len(line) <= 72 or "://" in line for line in text.splitlines())


def test_the_issue_lists_what_is_new_events_and_calls_to_action(email) -> None:
    _html, soup, text = email
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings == [
        "Posts",
        "Guest posts",
        "New infographics",
        "Upcoming events",
        "Get involved",
    ]
    assert "Help fund free retreats for mental-health workers" in text
    assert "Saturday 4 April 2020" in text  # an event after the issue's date
    assert "Why we started Talking Back" not in text  # dated before the period
    assert "£1,140 of £1,500 pledged" in soup.get_text()


def test_the_email_passes_the_nu_checker(sample_site: Path, tmp_path: Path) -> None:
    java = shutil.which("java")
    require_tool(
        "java",
        bool(java) and DEFAULT_VNU_JAR.is_file(),
        "apt-get install default-jre-headless; npm ci",
    )
    shutil.copy(sample_site / ISSUE / "email.html", tmp_path / "email.html")
    shutil.copy(sample_site / "newsletters/2020-03-23.html", tmp_path / "page.html")
    errors, warnings = run_vnu(tmp_path, str(java), DEFAULT_VNU_JAR)
    assert (errors, warnings) == ([], [])


def test_the_site_has_the_issue_page_index_and_feed(sample_site: Path) -> None:
    page = BeautifulSoup(
        (sample_site / "newsletters/2020-03-23.html").read_text("utf-8"),
        "html.parser",
    )
    assert page.h1.get_text() == "Talking Back newsletter, 23 March 2020"
    assert page.select_one("main progress") is not None
    index = (sample_site / "newsletters/index.html").read_text("utf-8")
    # A development build links relatively (it is served on any host and port).
    assert 'href="../newsletters/2020-03-23.html"' in index
    feed = (sample_site / "feeds/newsletter.atom.xml").read_bytes()
    assert feed_problems(feed) == []
    assert b"http://localhost:8000/newsletters/2020-03-23.html" in feed
    assert b"Help fund free retreats" in feed


# -- invoke newsletter -----------------------------------------------------------

POST = """
Title: {title}
Date: {date}
Summary: About {title}.

Text.
"""
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def site(tmp_path: Path, **posts: str) -> Path:
    files = {
        f"posts/{slug}.md": POST.format(title=slug.title(), date=when)
        for slug, when in posts.items()
    }
    content = write_content(tmp_path / "content", files)
    return content


def written(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "newsletters" in p.parts
    )


def test_an_issue_is_written_for_the_mailing_tool_and_recorded(tmp_path: Path) -> None:
    content = site(tmp_path, old="2026-10-01", new="2026-11-20")
    made = make_issue(
        root=tmp_path, now=NOW, since=datetime(2026, 11, 1, tzinfo=UTC), content=content
    )
    assert written(tmp_path) == [
        "content/newsletters/2026-12-01.toml",
        "newsletters/2026-12-01.html",
        "newsletters/2026-12-01.txt",
    ]
    text = made.text.read_text("utf-8")
    assert "New\n" in text and "Old\n" not in text
    html = made.html.read_text("utf-8")
    assert "https://talkingback.example.org/posts/2026/new.html" in html
    assert made.record.read_text("utf-8").splitlines()[2:] == [
        "date = 2026-12-01T09:00:00Z",
        "since = 2026-11-01T00:00:00Z",
    ]
    # The next issue starts where this one ended: nothing new, one line.
    with pytest.raises(NewsletterError) as problem:
        make_issue(
            root=tmp_path, now=datetime(2026, 12, 8, tzinfo=UTC), content=content
        )
    assert str(problem.value).splitlines() == [
        "content/newsletters/2026-12-08.toml: period: nothing new since 1 December "
        "2026: no post, guest post or infographic is dated in it, so there is no "
        "issue to send. Fix: publish something first, or give an earlier --since date"
    ]
    assert len(written(tmp_path)) == 3


def test_an_empty_period_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    content = site(tmp_path, old="2026-10-01")
    with pytest.raises(NewsletterError) as problem:
        make_issue(
            root=tmp_path,
            now=NOW,
            since=datetime(2026, 11, 1, tzinfo=UTC),
            content=content,
        )
    lines = str(problem.value).splitlines()
    assert len(lines) == 1 and ": period: nothing new since 1 November 2026" in lines[0]
    assert written(tmp_path) == []


def test_a_second_issue_on_one_day_is_refused(tmp_path: Path) -> None:
    content = site(tmp_path, new="2026-11-20")
    make_issue(root=tmp_path, now=NOW, content=content)
    with pytest.raises(NewsletterError) as problem:
        make_issue(
            root=tmp_path,
            now=NOW.replace(hour=10),
            since=datetime(2026, 11, 1, tzinfo=UTC),
            content=content,
        )
    assert "an issue dated 2026-12-01 is already recorded" in str(problem.value)
