"""Readers' responses: the email intake (real .eml fixtures), the response
files, and what a build publishes (only approved responses, sanitised)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pelican.settings import read_settings

from conftest import ROOT, MiniSite
from guest_posts.sanitise import RESPONSE_TAGS, sanitise_html
from responses.mail import BODY, INSTRUCTIONS, mailto, slug_from_subject, subject
from responses.model import parse_response, thread
from sitelib import BuildFailed
from sitetools.mail import html_to_text
from sitetools.responses import (
    ResponseError,
    add_response,
    list_responses,
    strip_reply,
    take_name,
)

FIXTURES = ROOT / "tests" / "fixtures" / "responses"
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("Europe/London"))
POST = """\
Title: Waiting lists
Date: 2026-11-01 10:00
Category: Campaign news
Summary: About waiting.

The post.
"""
OLD_POST = """\
Title: An old post
Slug: old-post
Date: 2026-01-01
Summary: Old.
Responses: closed

Old text.
"""


def eml(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def site(tmp_path: Path) -> dict[str, Any]:
    """Settings for a content folder holding two posts (one closed)."""
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "waiting.md").write_text(POST, encoding="utf-8")
    (content / "posts" / "old.md").write_text(OLD_POST, encoding="utf-8")
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def added(site: dict[str, Any], name: str, **options: Any) -> tuple[Path, str]:
    path = add_response(eml(name), site, source=name, now=NOW, **options)
    return path, path.read_text(encoding="utf-8")


# -- intake ---------------------------------------------------------------------


def test_plain_text_message_becomes_a_pending_response(site: dict[str, Any]) -> None:
    path, text = added(site, "plain.eml")
    assert (
        path == Path(site["PATH"]) / "responses/waiting-lists/2026-12-01-0930-sam-o.md"
    )
    assert text.startswith("Name: Sam O.\nDate: 2026-12-01 09:30\nStatus: pending\n\n")
    assert "I waited eleven months" in text and "café talk" in text
    assert "Write the name" not in text  # the link's instructions are removed
    assert "@" not in text  # the sender's address is never written


def test_html_only_message_is_made_plain_without_the_quote(
    site: dict[str, Any],
) -> None:
    _, text = added(site, "html_only.eml")
    assert "Name: Priya N\n" in text
    assert (
        "Reading this on the bus.\n\nOur team lost two therapists\nthis year." in text
    )
    assert "old text" not in text and "color" not in text and "<" not in text


def test_quoted_reply_is_cut_at_on_wrote(site: dict[str, Any]) -> None:
    _, text = added(site, "quoted.eml")
    assert text.endswith("Agreed, and the targets make it worse.\n")
    assert "eleven months" not in text and "wrote:" not in text


def test_signature_is_removed_and_display_name_used(site: dict[str, Any]) -> None:
    _, text = added(site, "signature.eml")
    assert "Name: Alex Reed\n" in text
    assert text.endswith("\n\nShort and true.\n")
    assert "07700" not in text and "Senior PWP" not in text


def test_typed_address_is_replaced(site: dict[str, Any]) -> None:
    _, text = added(site, "address.eml")
    assert "write to [address removed]\nor <mailto:[address removed]>." in text
    assert "@" not in text


def test_anonymous_option_and_name_line(site: dict[str, Any]) -> None:
    path, text = added(site, "plain.eml", anonymous=True)
    assert text.startswith("Name: Anonymous\n") and path.name.endswith("-anonymous.md")
    assert "Sam" not in text


def test_post_option_overrides_subject_and_multipart_prefers_plain(
    site: dict[str, Any],
) -> None:
    _, text = added(site, "closed_post.eml", post="waiting-lists")
    assert "Name: Anonymous\n" in text and "Plain part wins." in text
    assert "HTML part" not in text


def test_same_minute_and_name_gets_a_numbered_file(site: dict[str, Any]) -> None:
    first, _ = added(site, "plain.eml")
    second, _ = added(site, "plain.eml")
    assert second.name == first.name.replace(".md", "-2.md")


def test_reply_to_option(site: dict[str, Any]) -> None:
    first, _ = added(site, "plain.eml")
    _, text = added(site, "quoted.eml", reply_to=first.name)
    assert f"Reply-To: {first.name}\n" in text
    with pytest.raises(ResponseError, match="Fix: name a file in content/responses"):
        added(site, "quoted.eml", reply_to="2020-01-01-0000-nobody.md")


@pytest.mark.parametrize(
    ("fixture", "options", "expected"),
    [
        (
            "unknown_post.eml",
            {},
            "Subject: no published post has the slug 'no-such-post'",
        ),
        ("closed_post.eml", {}, "Subject: the post 'old-post' is closed to responses"),
        ("only_quote.eml", {}, "text: no text is left once quoted mail"),
        ("non_utf8.eml", {}, "text: the text/plain part is not valid utf-8 text"),
        ("malformed.eml", {}, "message: is not a well-formed email message"),
        (
            "plain.eml",
            {"post": "nope"},
            "--post: no published post has the slug 'nope'",
        ),
    ],
)
def test_bad_messages_are_one_line_and_write_nothing(
    site: dict[str, Any], fixture: str, options: dict[str, str], expected: str
) -> None:
    with pytest.raises(ResponseError) as failure:
        added(site, fixture, **options)
    line = str(failure.value)
    assert line.startswith(f"{fixture}: {expected}") and "Fix: " in line
    assert "\n" not in line
    assert not (Path(site["PATH"]) / "responses").exists()


def test_too_long_response_is_refused(site: dict[str, Any]) -> None:
    site = {**site, "RESPONSES_MAX_CHARACTERS": 20}
    with pytest.raises(ResponseError, match="over the limit of 20"):
        added(site, "plain.eml")


def test_list_responses_shows_pending_only(site: dict[str, Any]) -> None:
    first, _ = added(site, "plain.eml")
    second, _ = added(site, "signature.eml")
    second.write_text(second.read_text().replace("Status: pending", "Status: approved"))
    assert [item.path for item in list_responses(site)] == [first]
    assert [item.path for item in list_responses(site, "approved")] == [second]


def test_add_response_task_reads_standard_input(
    site: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import io

    import tasks

    monkeypatch.setitem(tasks.CONFIG, "settings_base", str(ROOT / "pelicanconf.py"))
    monkeypatch.setattr(
        "pelican.settings.read_settings", lambda *_a, **_k: site, raising=True
    )
    stdin = type("In", (), {"buffer": io.BytesIO(eml("unknown_post.eml"))})()
    monkeypatch.setattr("sys.stdin", stdin)
    with pytest.raises(SystemExit) as failure:
        tasks.add_response.body(None, "-")
    assert str(failure.value).startswith(
        "standard input: Subject: no published post has the slug 'no-such-post'"
    )


# -- pure pieces -----------------------------------------------------------------


def test_strip_reply_and_take_name() -> None:
    text = "Name: Kim\n\nHello\n> quoted\nmore\n-- \nsig"
    assert take_name(strip_reply(text)) == ("Kim", "Hello\nmore")
    assert strip_reply("Hi\n-----Original Message-----\nFrom: x") == "Hi"
    assert take_name(BODY + "Body") == ("", "Body")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('<a href="https://e.org/r">the report</a>', "[the report](https://e.org/r)"),
        (
            '<a href="https://e.org/a(b)">x [y]</a>',
            r"[x \[y\]](https://e.org/a%28b%29)",
        ),
        ('<a href="https://e.org/"><img src="p.png"></a>', "https://e.org/"),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ('<a href=" java\tscript:alert(1)">click</a>', "click"),
        ('<a href="data:text/html,x">click</a>', "click"),
        ("<a>no address</a>", "no address"),
    ],
)
def test_html_to_text_keeps_web_links_only(html: str, text: str) -> None:
    assert html_to_text(f"<p>{html}</p>") == text


def test_html_to_text_keeps_paragraphs() -> None:
    assert (
        html_to_text("<p>a</p><p>b<br>c</p><blockquote>q</blockquote>") == "a\n\nb\nc"
    )


def test_mailto_subject_and_body() -> None:
    link = mailto("hello@example.org", "A <b>title</b> & more", "a-slug")
    assert link.startswith("mailto:hello@example.org?subject=Response%3A%20A%20title")
    assert "%5Ba-slug%5D&body=Name%3A%20%0A%0A" in link
    assert slug_from_subject("Re: " + subject("x", "a-slug")) == "a-slug"
    assert slug_from_subject("no slug") is None
    assert "Anonymous" in INSTRUCTIONS


def test_response_allowlist_is_stricter_than_guest_posts() -> None:
    html = '<h2>H</h2><h4>ok</h4><img src="{static}/x.png" alt="x"><p><a href="https://e.org">l</a></p>'
    cleaned = sanitise_html(html, "nofollow ugc", ids=False, tags=RESPONSE_TAGS)
    assert "<h2" not in cleaned and "<img" not in cleaned and "<h4>ok</h4>" in cleaned
    assert 'rel="nofollow ugc"' in cleaned
    assert "<h2>" in sanitise_html(html, "nofollow")  # guest posts keep theirs


def _response(text: str, name: str = "2026-12-01-0930-sam.md") -> Any:
    return parse_response(
        text,
        source=f"content/responses/p/{name}",
        post_slug="p",
        file_name=name,
        timezone="Europe/London",
        anonymous_name="Anonymous",
        max_characters=100,
    )


SAM = "content/responses/p/2026-12-01-0930-sam.md"


def test_parse_response_problems() -> None:
    response, problems = _response(
        "Name: Sam\nDate: 2026-12-01 09:30\nStatus: approved\n\nHi"
    )
    assert problems == [] and response is not None and response.name == "Sam"
    _, problems = _response("Date: someday\nStatus: maybe\nColour: red\n\n")
    assert [str(p) for p in problems] == [
        f"{SAM}: Colour: 'colour' is not a response field. "
        "Fix: delete the line (fields: Name, Date, Status, Reply-To)",
        f"{SAM}: Status: 'maybe' is not one of pending, approved. "
        "Fix: write 'Status: pending' or 'Status: approved'",
        f"{SAM}: Date: 'someday' is not a date. "
        "Fix: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-03-21 09:30",
        f"{SAM}: text: the response has no text. Fix: write the response below "
        "the blank line after the fields, or delete the file",
    ]


def test_thread_nests_one_level_and_skips_pending() -> None:
    def make(name: str, status: str, reply: str = "") -> Any:
        extra = f"Reply-To: {reply}\n" if reply else ""
        minute = name[11:15]
        date = f"2026-12-01 {minute[:2]}:{minute[2:]}"
        text = f"Date: {date}\nStatus: {status}\n{extra}\nText {name}"
        return _response(text, name)[0]

    a = make("2026-12-01-0900-a.md", "approved")
    b = make("2026-12-01-1000-b.md", "approved", a.file_name)
    c = make("2026-12-01-1100-c.md", "approved", b.file_name)  # reply to a reply
    d = make("2026-12-01-1200-d.md", "pending")
    top, problems = thread([d, c, b, a])
    assert problems == [] and top == [a] and a.replies == [b, c]
    e = make("2026-12-01-1300-e.md", "approved", d.file_name)
    _, problems = thread([a, d, e])
    assert "is not approved" in str(problems[0])
    f = make("2026-12-01-1400-f.md", "approved", "nothing.md")
    _, problems = thread([a, f])
    assert str(problems[0]).startswith(
        "content/responses/p/2026-12-01-1400-f.md: Reply-To: 'nothing.md' "
        "is not a response to the same post"
    )


# -- the build ---------------------------------------------------------------------


def response_file(
    name: str, status: str, body: str, reply: str = "", when: str = "2026-11-02 09:30"
) -> str:
    extra = f"Reply-To: {reply}\n" if reply else ""
    return f"Name: {name}\nDate: {when}\nStatus: {status}\n{extra}\n{body}\n"


FOLDER = "responses/waiting-lists"


def site_files(**extra: str) -> dict[str, str]:
    return {
        "posts/waiting.md": POST,
        f"{FOLDER}/2026-11-02-0930-sam.md": response_file(
            "Sam", "approved", "First, *approved*."
        ),
        f"{FOLDER}/2026-11-02-1000-anonymous.md": response_file(
            "Anonymous",
            "approved",
            "A reply to Sam.",
            "2026-11-02-0930-sam.md",
            "2026-11-02 10:00",
        ),
        f"{FOLDER}/2026-11-02-1100-pat.md": response_file(
            "Pat", "pending", "PENDING-SECRET-TEXT", when="2026-11-02 11:00"
        ),
        **extra,
    }


def all_output(output: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in output.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt", ".js"}
    )


def test_build_shows_approved_responses_only(mini_site: MiniSite) -> None:
    output = mini_site(site_files())
    page = (output / "posts/2026/waiting-lists.html").read_text()
    assert "PENDING-SECRET-TEXT" not in all_output(output)
    assert "Pat" not in page
    section = page[page.index('id="responses"') :]
    assert '<h2 id="responses-heading">2 responses</h2>' in section
    assert section.index("First, <em>approved</em>.") < section.index("A reply to Sam.")
    assert re.search(
        r'class="response-replies"[^>]*>\s*<li><article class="response" '
        r'id="response-2026-11-02-1000-anonymous"',
        section,
    )
    assert "replying to Sam" in section
    assert (
        # A development build links relatively (served on any host and port).
        '· <a href="../../posts/2026/waiting-lists.html#responses">'
        "2 responses</a>" in page
    )
    listing = (output / "blog/index.html").read_text()
    assert ">2 responses</a>" in listing
    assert (
        'href="mailto:hello@talkingback.example.org?subject=Response%3A%20Waiting%20lists%20%5Bwaiting-lists%5D'
        in page
    )
    assert "Your email address is never published" in page


def test_build_jsonld_and_feed(mini_site: MiniSite) -> None:
    output = mini_site(site_files())
    page = (output / "posts/2026/waiting-lists.html").read_text()
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    )
    posting = next(json.loads(b) for b in blocks if '"BlogPosting"' in b)
    assert posting["commentCount"] == 2
    assert [c["author"]["name"] for c in posting["comment"]] == ["Sam", "Anonymous"]
    assert posting["comment"][1]["parentItem"]["@id"].endswith(
        "#response-2026-11-02-0930-sam"
    )
    feed = (output / "feeds/responses.atom.xml").read_text()
    assert feed.count("<entry>") == 2
    assert feed.index("A reply to Sam") < feed.index("First,")  # newest first
    assert "waiting-lists.html#response-2026-11-02-0930-sam" in feed
    assert "PENDING" not in feed


def test_build_without_responses_shows_the_link_and_zero_count(
    mini_site: MiniSite,
) -> None:
    output = mini_site({"posts/waiting.md": POST})
    page = (output / "posts/2026/waiting-lists.html").read_text()
    assert "Respond by email" in page and '"commentCount": 0' in page
    assert "0 responses" not in page


def test_closed_post_keeps_its_responses(mini_site: MiniSite) -> None:
    files = site_files()
    files["posts/waiting.md"] = POST.replace("Summary:", "Responses: closed\nSummary:")
    output = mini_site(files)
    page = (output / "posts/2026/waiting-lists.html").read_text()
    assert "Responses are closed." in page and "Respond by email" not in page
    assert "First, <em>approved</em>." in page


def test_close_after_days(mini_site: MiniSite) -> None:
    output = mini_site(
        site_files(),
        RESPONSES_CLOSE_AFTER_DAYS=10,
        BUILD_TIME="2026-11-20T00:00:00+00:00",
    )
    assert (
        "Responses are closed."
        in (output / "posts/2026/waiting-lists.html").read_text()
    )


def test_hostile_response_is_sanitised(mini_site: MiniSite, tmp_path: Path) -> None:
    (tmp_path / "c/posts").mkdir(parents=True)
    (tmp_path / "c/posts/waiting.md").write_text(POST)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path / "c")}
    )
    files = {"posts/waiting.md": POST}
    for fixture in ("hostile_text.eml", "hostile_html.eml", "address.eml"):
        path = add_response(eml(fixture), settings, source=fixture, now=NOW)
        text = path.read_text().replace("Status: pending", "Status: approved")
        files[f"{FOLDER}/{path.name}"] = text
    output = mini_site(files)
    page = (output / "posts/2026/waiting-lists.html").read_text()
    section = page[
        page.index('id="responses"') : page.index(
            "</section>", page.index('id="responses"')
        )
    ]
    assert "javascript:" not in section.lower() and "<script" not in section
    assert (
        "onclick" not in section and "onerror" not in section and "<img" not in section
    )
    assert "tracker.example" not in section and "<iframe" not in section
    assert "<h1" not in section and "<h2>Another" not in section
    assert (
        '<a href="https://example.org/report" '
        'rel="nofollow ugc noopener noreferrer">fine</a>' in section
    )
    assert "compare notes can write to [address removed]" in section
    assert "[address removed]" in section and "@example" not in all_output(output)
    assert ">Mallory</h3>" in section


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "responses/no-such-post/2026-11-02-0930-x.md": response_file(
                    "X", "approved", "Hi"
                )
            },
            "content/responses/no-such-post: folder: no post has the slug "
            "'no-such-post'",
        ),
        (
            {f"{FOLDER}/2026-11-02-0930-x.md": response_file("X", "published", "Hi")},
            f"content/{FOLDER}/2026-11-02-0930-x.md: Status: 'published' "
            "is not one of pending, approved",
        ),
        (
            {
                f"{FOLDER}/2026-11-02-0930-x.md": response_file(
                    "X", "approved", "Hi", "2026-01-01-0000-gone.md"
                )
            },
            f"content/{FOLDER}/2026-11-02-0930-x.md: Reply-To: "
            "'2026-01-01-0000-gone.md' is not a response to the same post",
        ),
        (
            {
                f"{FOLDER}/2026-11-02-0930-x.md": (
                    b"Name: X\nDate: 2026-11-02\nStatus: approved\n\nCaf\xe9\n"
                )
            },
            f"content/{FOLDER}/2026-11-02-0930-x.md",
        ),
        (
            {f"{FOLDER}/notes.txt": "hello"},
            f"content/{FOLDER}/notes.txt: file: is not a response",
        ),
    ],
)
def test_bad_response_files_stop_the_build(
    mini_site: MiniSite, files: dict[str, str], expected: str, tmp_path: Path
) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/waiting.md": POST, **files})
    assert any(line.startswith(expected) for line in failure.value.problems), (
        failure.value.problems
    )
    assert not (tmp_path / "output" / "posts").exists()


def test_second_build_reads_from_the_cache_and_gives_the_same_page(
    mini_site: MiniSite, tmp_path: Path
) -> None:
    page = mini_site(site_files()) / "posts/2026/waiting-lists.html"
    first = page.read_text()
    cached = json.loads((tmp_path / "cache/responses/responses.json").read_text())
    assert len(cached) == 3
    assert not any("PENDING" in entry["html"] for entry in cached.values())
    page.unlink()
    mini_site(site_files())
    assert page.read_text() == first
    # An edited file is read again, not taken from the cache.
    files = site_files()
    name = f"{FOLDER}/2026-11-02-0930-sam.md"
    files[name] = files[name].replace("First,", "Edited,")
    mini_site(files)
    assert "Edited, <em>approved</em>." in page.read_text()


def test_a_guest_post_can_be_closed_to_responses(mini_site: MiniSite) -> None:
    from conftest import guest_post

    output = mini_site({"guest/a.md": guest_post(Responses="closed")})
    page = next((output / "posts").rglob("a-guest-post.html")).read_text()
    assert "Responses are closed." in page


def test_a_post_s_responses_field_must_be_open_or_closed(mini_site: MiniSite) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site(
            {"posts/waiting.md": POST.replace("Summary:", "Responses: no\nSummary:")}
        )
    assert failure.value.problems == [
        "content/posts/waiting.md: Responses: 'no' is not open or closed. "
        "Fix: write 'Responses: closed' or delete the line"
    ]


def test_sample_site_has_sample_responses_and_no_pending_one(sample_site: Path) -> None:
    page = (
        sample_site / "posts/2019/"
        "after-the-phone-in-recovery-claims-and-the-pressure-to-alter-results.html"
    ).read_text()
    assert '<h2 id="responses-heading">3 responses</h2>' in page
    assert page.count("<em>Sample response, written for the sample site") == 3
    assert '<h4 class="response-by"' in page and ">Anonymous <span" in page
    assert "Sample pending response" not in all_output(sample_site)
