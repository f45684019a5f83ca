"""Autoescaping (issue 14, class 1): hostile text from guests, staff metadata
and settings comes out inert; rendered HTML is marked safe in one place.

Mini-sites carry the vectors; every written page is parsed the way a browser
parses it (html5lib) and checked for event-handler attributes, scripts the
theme does not emit, ``javascript:`` URLs and elements that load other
documents. tests/browser/test_hostile_pages.py loads the same pages in
Chromium.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import html5lib
import pytest
from jinja2 import select_autoescape
from markupsafe import Markup
from PIL import Image

from build_guard.markup import (
    FILTER_NAME,
    autoescape_error,
    autoescape_is_on,
    rendered_html,
)
from conftest import ROOT, build, guest_post, write_content
from events.model import is_http_url, parse_event
from sitelib import BuildFailed

SITEURL = "http://localhost:8000"
BUILD_TIME = "2026-11-22T12:00:00+00:00"
THEME = ROOT / "theme"

# -- the vectors ---------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SSTI = "{{7*7}}"
ENTITY = "&lt;script&gt;alert(1)&lt;/script&gt;"
ATTRIBUTE_BREAK = "' onmouseover='alert(1)"
#: One plain-text value that tries every way out of text and attributes.
HOSTILE = f"Hostile {SCRIPT} {IMG} {SSTI} {ENTITY} {ATTRIBUTE_BREAK} end"

AVATAR_NAME = 'casey" onload="alert(document.domain)" title=".png'


def png_bytes(size: int = 32) -> bytes:
    out = BytesIO()
    Image.new("RGB", (size, size), (40, 90, 160)).save(out, format="PNG")
    return out.getvalue()


GUEST_TEXT = "Some text from a guest."

AVATAR_FILES: dict[str, str | bytes] = {
    "guest/casey.md": guest_post(
        GUEST_TEXT,
        Title="Casey writes",
        Author="Casey Example",
        Avatar="{static}/images/guest/" + AVATAR_NAME,
    ),
    "images/guest/" + AVATAR_NAME: png_bytes(),
    # The decoy: a browser reading the unescaped attribute would load this.
    "images/guest/casey": png_bytes(8),
}

EVENT_URLS: dict[str, str | bytes] = {
    "events/quoted.md": (
        "Title: Quoted links\nStart: 2026-12-05 18:00\nEnd: 20:00\n"
        "Location: Town hall\n"
        'Booking: https://tickets.example/a"onmouseover="alert(1)"<b>\'x\'>\n'
        "Online: https://meet.example/x\"><svg/onload=alert(1)>'\n\nDetails.\n"
    ),
}

METADATA_FILES: dict[str, str | bytes] = {
    "guest/hostile.md": guest_post(
        GUEST_TEXT,
        Title=HOSTILE,
        Author=f"Eve {IMG} Example",
        Summary=HOSTILE,
        Bio=HOSTILE,
        Role=HOSTILE,
        Tags=f"{SCRIPT} tea, {SSTI} cake",
        **{"Content-Note": HOSTILE},
    ),
    "posts/staff.md": (
        f"Title: {HOSTILE}\nDate: 2026-01-01\nCategory: News {IMG}\n"
        f"Author: Mallory {IMG}\nTags: {SCRIPT} bread, {IMG} jam\n"
        "Summary: A plain staff summary.\n\nStaff text.\n"
    ),
    "pages/about.md": f"Title: {HOSTILE}\n\nAbout us.\n",
    "events/hostile.md": (
        f"Title: Meet {SCRIPT} {SSTI}\nStart: 2026-12-06 18:00\nEnd: 20:00\n"
        f"Location: Hall {IMG}\nOrganiser: {HOSTILE}\nSummary: {HOSTILE}\n"
        "Booking: Free, no booking\n\nDetails.\n"
    ),
}

HOSTILE_SETTINGS: dict[str, Any] = {
    "SITENAME": f"Site {SCRIPT} {IMG}",
    "SITESUBTITLE": HOSTILE,
    "AUTHOR": "Talking Back collective",
    "SOCIAL": ((f"Mastodon {SCRIPT}", f'https://social.example/@x"{IMG}'),),
    "CALLS_TO_ACTION": (
        (HOSTILE, HOSTILE, f"Join {IMG}", f'/join.html"{IMG}'),
        ("Elsewhere", "Text", "Go", f"https://elsewhere.example/'{ATTRIBUTE_BREAK}"),
    ),
    "NAVIGATION": ((f"Blog {SCRIPT}", f'blog/"{IMG}'),),
    "CONTACT_EMAIL": f'x@example.org"{IMG}',
}

# -- reading a page as a browser does --------------------------------------------


def theme_scripts() -> set[str]:
    """The script addresses the theme itself emits."""
    return {
        f"{SITEURL}/theme/js/{path.name}" for path in (THEME / "static/js").glob("*.js")
    }


#: Attributes whose value a browser follows as a URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}
#: Elements that load or run another document.
FOREIGN = {"iframe", "frame", "object", "embed", "applet", "base"}
_DROPPED_BY_URL_PARSER = re.compile(r"[\t\n\r]")


def executable_leftovers(page: str) -> list[str]:
    """What in ``page`` could run script: event-handler attributes, scripts
    the theme does not emit, JSON-LD that is not JSON, script URLs, and
    elements that load other documents. Empty for an inert page."""
    tree = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    allowed = theme_scripts()
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = element.tag.rsplit("}", 1)[-1].lower()
        for name, value in element.attrib.items():
            name = str(name).rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            seen = _DROPPED_BY_URL_PARSER.sub("", value).strip().lower()
            if name in URL_ATTRIBUTES and seen.startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                found.append(f"<{tag} {name}={value!r}>")
            if name == "http-equiv" and value.strip().lower() == "refresh":
                found.append(f"<{tag} http-equiv=refresh>")
        if tag in FOREIGN:
            found.append(f"<{tag}>")
        if tag == "script":
            if element.get("src") in allowed and not (element.text or "").strip():
                continue
            if element.get("type") == "application/ld+json" and len(element) == 0:
                try:
                    json.loads(element.text or "")
                    continue
                except ValueError:
                    pass
            found.append(f"<script {dict(element.attrib)}>{element.text!r}")
    return found


def written_pages(output: Path) -> Iterator[Path]:
    yield from sorted(output.rglob("*.html"))


def all_leftovers(output: Path) -> dict[str, list[str]]:
    return {
        str(path.relative_to(output)): found
        for path in written_pages(output)
        if (found := executable_leftovers(path.read_text(encoding="utf-8")))
    }


def text_of(path: Path) -> str:
    tree = html5lib.parse(
        path.read_text(encoding="utf-8"),
        treebuilder="etree",
        namespaceHTMLElements=False,
    )
    return " ".join("".join(tree.itertext()).split())


@dataclass(frozen=True)
class Outcome:
    """A hostile build: its output, or the lines it was refused with."""

    output: Path | None
    problems: tuple[str, ...] = ()


def build_hostile(
    tmp_path: Path, files: dict[str, str | bytes], **settings: Any
) -> Outcome:
    content = write_content(tmp_path / "content", files)
    output = tmp_path / "output"
    try:
        # Absolute URLs, as in production: the theme's own links are
        # recognised by SITEURL.
        settings.setdefault("RELATIVE_URLS", False)
        build(content, output, SITEURL=SITEURL, FEED_DOMAIN=SITEURL, **settings)
    except BuildFailed as failure:
        return Outcome(None, tuple(failure.problems))
    return Outcome(output)


def assert_refused_cleanly(outcome: Outcome, tmp_path: Path) -> None:
    """A refusal is one line per problem naming the file and the fix, and
    nothing written."""
    assert outcome.problems
    for line in outcome.problems:
        assert line.startswith(("content/", "pelicanconf.py")), line
        assert "Fix: " in line and "\n" not in line, line
    output = tmp_path / "output"
    assert not output.exists() or not any(output.iterdir())


# -- pure functions ------------------------------------------------------------------


def test_rendered_html_marks_the_value_safe_once() -> None:
    marked = rendered_html("<p>a &amp; b</p>")
    assert isinstance(marked, Markup)
    assert str(marked) == "<p>a &amp; b</p>"
    assert rendered_html(None) == Markup("")
    already = Markup("<b>x</b>")
    assert rendered_html(already) is already


@pytest.mark.parametrize(
    ("value", "on"),
    [
        (True, True),
        (False, False),
        (None, False),
        ("yes", False),
        (select_autoescape(["html", "xml"]), True),
        (select_autoescape(["xml"]), False),
        (lambda name: False, False),
    ],
)
def test_autoescape_is_on(value: Any, on: bool) -> None:
    assert autoescape_is_on(value) is on


def test_settings_without_autoescape_give_one_line() -> None:
    assert autoescape_error({"autoescape": True}) is None
    problem = autoescape_error({"trim_blocks": True})
    assert problem is not None
    line = str(problem)
    assert line.startswith("pelicanconf.py: JINJA_ENVIRONMENT: 'autoescape' is False")
    assert 'Fix: add "autoescape": select_autoescape(' in line


def test_the_project_settings_escape_html_and_xml_but_not_robots_txt() -> None:
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    autoescape = settings["JINJA_ENVIRONMENT"]["autoescape"]
    assert autoescape("article.html") and autoescape("feeds/x.xml")
    assert not autoescape("robots.txt")


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/\x00",
        "https://x.example/a\x7fb",
        "https://x.example/a b",
        "javascript:alert(1)",
        "http://",
    ],
)
def test_http_urls_have_no_space_or_control_character(url: str) -> None:
    assert not is_http_url(url)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("booking", "javascript:alert(1)"),
        ("booking", "JavaScript:alert(document.domain)"),
        ("booking", "java\tscript:alert(1)"),
        ("booking", "\x01javascript:alert(1)"),
        ("booking", "data:text/html,<script>alert(1)</script>"),
        ("booking", "vbscript:msgbox(1)"),
        ("online", "javascript:alert(1)"),
        ("online", "data:text/html;base64,PHNjcmlwdD4="),
        ("online", "//evil.example/x"),
    ],
)
def test_script_urls_in_booking_and_online_are_refused(field: str, value: str) -> None:
    metadata = {"title": "T", "slug": "t", "start": "2026-05-02", field: value}
    event, problems = parse_event(metadata, "content/events/t.md", "Europe/London")
    assert event is None
    (problem,) = problems
    line = str(problem)
    assert line.startswith(f"content/events/t.md: {field.title()}: ")
    assert "is not an http(s) URL. Fix: " in line
    assert "\t" not in line and "\x01" not in line


def test_booking_words_stay_words() -> None:
    metadata = {
        "title": "T",
        "slug": "t",
        "start": "2026-05-02",
        "booking": "Tickets: £5 at the door",
    }
    event, problems = parse_event(metadata, "content/events/t.md", "Europe/London")
    assert problems == [] and event is not None and event.booking_url == ""


# -- the theme: one way to mark HTML safe ------------------------------------------

_UNSAFE_IN_THEME = re.compile(
    r"\|\s*safe\b|Markup\(|\{%-?\s*autoescape\s+(false|False|0|none|None)", re.I
)


def test_the_theme_never_marks_values_safe_itself() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(THEME.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".xml", ".txt", ".j2"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _UNSAFE_IN_THEME.search(line)
    ]
    assert offenders == []


def test_the_theme_uses_the_filter_for_rendered_html() -> None:
    uses = [
        path.name
        for path in THEME.rglob("*.html")
        if f"|{FILTER_NAME}" in path.read_text(encoding="utf-8")
    ]
    assert {"article.html", "page.html", "event.html", "macros.html"} <= set(uses)


# -- mini-site builds -----------------------------------------------------------------


def test_a_quote_in_an_avatar_file_name_stays_in_the_attribute(tmp_path) -> None:
    outcome = build_hostile(tmp_path, AVATAR_FILES)
    if outcome.output is None:  # refusing the file name is as good
        assert_refused_cleanly(outcome, tmp_path)
        assert any("casey" in line for line in outcome.problems)
        return
    assert all_leftovers(outcome.output) == {}
    page = outcome.output / "posts/2026/casey-writes.html"
    tree = html5lib.parse(
        page.read_text(encoding="utf-8"),
        treebuilder="etree",
        namespaceHTMLElements=False,
    )
    (avatar,) = [i for i in tree.iter("img") if i.get("class") == "guest-avatar"]
    assert avatar.get("src").endswith("/" + AVATAR_NAME)
    assert avatar.get("title") is None and avatar.get("onload") is None
    assert (outcome.output / "images/guest" / AVATAR_NAME).is_file()


def test_quotes_in_event_urls_stay_in_the_attribute(tmp_path) -> None:
    outcome = build_hostile(tmp_path, EVENT_URLS, BUILD_TIME=BUILD_TIME)
    assert outcome.output is not None, outcome.problems
    assert all_leftovers(outcome.output) == {}
    page = (outcome.output / "events/quoted-links.html").read_text(encoding="utf-8")
    tree = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    hrefs = {a.get("href") for a in tree.iter("a")}
    assert 'https://tickets.example/a"onmouseover="alert(1)"<b>\'x\'>' in hrefs
    assert "https://meet.example/x\"><svg/onload=alert(1)>'" in hrefs
    assert not list(tree.iter("svg")) and not list(tree.iter("b"))


@pytest.mark.parametrize(
    ("field", "value"),
    [("Booking", "javascript:alert(document.domain)"), ("Online", "data:text/html,x")],
)
def test_script_urls_in_events_stop_the_build(tmp_path, field, value) -> None:
    files = {
        "events/bad.md": f"Title: Bad\nStart: 2026-12-05\n{field}: {value}\n\nT.\n"
    }
    outcome = build_hostile(tmp_path, files, BUILD_TIME=BUILD_TIME)
    assert_refused_cleanly(outcome, tmp_path)
    (line,) = outcome.problems
    assert line.startswith(f"content/events/bad.md: {field}: ")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outcome = build_hostile(
        tmp_path_factory.mktemp("hostile"),
        METADATA_FILES,
        BUILD_TIME=BUILD_TIME,
        **HOSTILE_SETTINGS,
    )
    assert outcome.output is not None, outcome.problems
    return outcome.output


def test_hostile_metadata_and_settings_are_inert_on_every_page(hostile_site) -> None:
    pages = list(written_pages(hostile_site))
    assert len(pages) > 10
    assert all_leftovers(hostile_site) == {}


def page_with(output: Path, text: str) -> Path:
    """The one post whose HTML contains ``text``."""
    (found,) = [
        path
        for path in (output / "posts").rglob("*.html")
        if text in path.read_text(encoding="utf-8")
    ]
    return found


def test_hostile_text_is_shown_once_escaped_not_run(hostile_site) -> None:
    staff = text_of(page_with(hostile_site, "Staff text"))
    # The reader sees the title as written: tags as text, {{7*7}} not 49,
    # the entity-encoded script as the entity text, never &amp;lt;.
    assert HOSTILE in staff
    assert "&amp;lt;" not in staff and "49" not in staff
    home = text_of(hostile_site / "index.html")
    assert f"Site {SCRIPT} {IMG}" in home and HOSTILE in home


def test_guest_values_are_plain_text_escaped_once(hostile_site) -> None:
    guest = page_with(hostile_site, "Some text from a guest")
    page = guest.read_text(encoding="utf-8")
    # The post itself: the header shows the (hostile) site settings.
    raw = page[page.index("<article") : page.index("</article>")]
    text = text_of(guest)
    # The sanitiser took the tags out of the guest's metadata; what is left is
    # text, escaped once: never a double-escaped entity on the page.
    assert "&amp;amp;" not in raw and "&amp;lt;" not in raw and "&amp;#" not in raw
    assert SSTI in text and "49" not in text
    assert 'Eve "> Example' in text  # the name, its markup removed
    assert "' onmouseover='alert(1)" in text


def test_feeds_carry_hostile_titles_escaped_once(hostile_site) -> None:
    import feedparser

    feed = feedparser.parse(hostile_site / "feeds/all.atom.xml")
    titles = {entry.title for entry in feed.entries}
    assert any(SSTI in title and "&amp;" not in title for title in titles), titles
    raw = (hostile_site / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "&amp;amp;" not in raw and "&amp;#" not in raw


def test_a_build_with_autoescape_off_is_refused(tmp_path) -> None:
    from pelican.settings import read_settings

    environment = dict(read_settings(str(ROOT / "pelicanconf.py"))["JINJA_ENVIRONMENT"])
    environment["autoescape"] = False
    outcome = build_hostile(
        tmp_path,
        {"posts/a.md": "Title: A\nDate: 2026-01-01\n\nText.\n"},
        JINJA_ENVIRONMENT=environment,
    )
    assert_refused_cleanly(outcome, tmp_path)
    (line,) = outcome.problems
    assert line.startswith("pelicanconf.py: JINJA_ENVIRONMENT: 'autoescape' is False")


def test_user_filters_are_kept_next_to_the_theme_filter() -> None:
    from types import SimpleNamespace

    from build_guard.markup import configure

    mine = {"shout": str.upper, FILTER_NAME: str.lower}
    settings = {"JINJA_ENVIRONMENT": {"autoescape": True}, "JINJA_FILTERS": mine}
    configure(SimpleNamespace(settings=settings))
    assert settings["JINJA_FILTERS"] == mine  # the user's own win on a clash
    assert settings["JINJA_FILTERS"] is not mine  # and their dict is not changed
    settings = {"JINJA_ENVIRONMENT": {"autoescape": True}}
    configure(SimpleNamespace(settings=settings))
    assert settings["JINJA_FILTERS"] == {FILTER_NAME: rendered_html}


def test_staff_titles_and_content_are_escaped_exactly_once(tmp_path) -> None:
    outcome = build_hostile(
        tmp_path, {"posts/a.md": "Title: A & B\nDate: 2026-01-01\n\nText & *more*.\n"}
    )
    assert outcome.output is not None, outcome.problems
    raw = (outcome.output / "posts/2026/a-b.html").read_text(encoding="utf-8")
    assert "<h1>A &amp; B</h1>" in raw
    assert "<title>A &amp; B · Talking Back</title>" in raw
    assert '<meta property="og:title" content="A &amp; B">' in raw
    assert "<p>Text &amp; <em>more</em>.</p>" in raw
