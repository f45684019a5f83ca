"""Guest posts: checks, anonymity, content notes, images, collisions, tasks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from io import BytesIO
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from PIL import Image

from conftest import ROOT, MiniSite, guest_post, site_settings
from guest_posts.contribution import (
    check_body,
    check_fields,
)
from guest_posts.images import stripped_copy
from guest_posts.links import add_rel, is_external
from guest_posts.sanitise import sanitise_html
from guest_posts.settings import SETTINGS, output_sources_error
from sitelib import BuildFailed, parse_header, plain_text
from sitelib.settings import options, problems
from sitetools.scaffold import GUEST_POST, source_date

GPS_LATITUDE = (51.0, 30.0, 26.0)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (120, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "W", 4: (0.0, 7.0, 39.0)}
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


# --- pure functions -----------------------------------------------------


def test_parse_header_keeps_line_numbers_and_continuations() -> None:
    fields, first = parse_header("Title: A\nBio: one\n    two\nRole: r\n\nBody\n")
    assert fields["title"].line == 1
    assert fields["bio"].value == "one two" and fields["bio"].line == 2
    assert fields["role"].line == 4
    assert first == 6


def test_check_fields_names_field_line_and_fix() -> None:
    text = (
        "Title: T\nDate: someday\nSave_as: index.html\nSumary: typo\n"
        "Bio: One. Two. Three.\nAnonymous: maybe\nSlug: ../../index\nStatus: live\n\n"
    )
    fields, _ = parse_header(text)
    found = check_fields(fields, "content/guest/x.md", anonymous_name="A")
    # Exactly these problems, each naming its field and line, none extra.
    assert {(problem.field, problem.message) for problem in found} == {
        ("Summary", "is missing or empty"),
        ("Author", "is missing or empty"),
        ("Date (line 2)", "'someday' is not a date"),
        ("Save_As (line 3)", "a guest post cannot choose its output file"),
        ("Sumary (line 4)", "'sumary' is not a field we use"),
        ("Bio (line 5)", "has more than two sentences"),
        ("Anonymous (line 6)", "'maybe' is not yes or no"),
        ("Slug (line 7)", "'../../index' is not a simple address"),
        ("Status (line 8)", "'live' is not one of draft, published"),
    }
    assert len(found) == 9
    problems = [str(problem) for problem in found]
    assert all(problem.startswith("content/guest/x.md: ") for problem in problems)
    assert all(". Fix: " in problem for problem in problems)


def test_header_is_read_as_markdown_reads_it() -> None:
    """Indented keys, a YAML-style start and repeated keys cannot hide a
    field from the checks."""
    text = (
        "\ufeff---\nTitle: A\n   Save_as: index.html\n"
        "Anonymous: no\nAnonymous: yes\n...\nx"
    )
    fields, first = parse_header(text)
    assert list(fields) == ["title", "save_as", "anonymous", "anonymous#2"]
    assert first == 7
    problems = [str(p) for p in check_fields(fields, "x.md", anonymous_name="A")]
    assert any("Save_As (line 3): a guest post cannot choose" in p for p in problems)
    assert any(
        "Anonymous (line 5): this field is given more than once" in p for p in problems
    )


def test_anonymous_post_needs_no_author_but_may_not_show_a_photo() -> None:
    text = (
        "Title: T\nDate: 2026-01-01\nSummary: S\nBio: B.\n"
        "Anonymous: yes\nAvatar: a.jpg\n\n"
    )
    fields, _ = parse_header(text)
    problems = [str(p) for p in check_fields(fields, "x.md", anonymous_name="A")]
    assert problems == [
        "x.md: Avatar (line 6): an anonymous post cannot show a photo of its author. "
        "Fix: delete the Avatar line"
    ]


def test_new_post_template_is_a_draft_that_the_checker_stops() -> None:
    text = GUEST_POST.text(
        title="Hello", author="Ann", date=source_date(datetime(2026, 3, 1, 9, 30))
    )
    fields, _ = parse_header(text)
    assert fields["status"].value == "draft"
    assert fields["date"].value == "2026-03-01 09:30"
    problems = check_fields(fields, "x.md", anonymous_name="A")
    assert {p.field for p in problems} == {"Summary (line 4)", "Bio (line 5)"}


def test_check_body_flags_page_titles_and_remote_images() -> None:
    body = ["# Big", "## Fine", "![a](https://x.example/a.png)", "![b]({static}/b.png)"]
    problems = check_body(body, 10, "x.md")
    assert [p.field for p in problems] == ["Body (line 10)", "Body (line 12)"]


def test_plain_text_removes_markup_even_when_entity_encoded() -> None:
    assert plain_text("<b>Bold</b> &amp; <i>x</i>") == "Bold & x"
    assert plain_text("&lt;script&gt;alert(1)&lt;/script&gt;Hi") == "Hi"
    assert plain_text("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Hi") == "Hi"
    assert plain_text("targets < care") == "targets < care"


def test_sanitise_html_keeps_content_and_drops_active_parts() -> None:
    html = (
        '<h1>T</h1><p class="notice" style="x" onclick="y()">Hi '
        '<a href="{filename}/posts/a.md">in</a> <img src="{static}/i.png" alt="i">'
        '<img src="https://t.example/p.gif" alt="p"></p>'
    )
    cleaned = sanitise_html(html, "nofollow")
    assert cleaned == (
        'T<p>Hi <a href="{filename}/posts/a.md" rel="nofollow">in</a> '
        '<img alt="i" src="{static}/i.png"></p>'
    )  # the remote image lost its source, and an image without one is removed


def test_is_external_and_add_rel() -> None:
    assert is_external("https://other.example/x", "site.example")
    assert is_external("//other.example/x", "site.example")
    assert not is_external("https://SITE.example/x", "site.example")
    assert not is_external("/about.html", "site.example")
    assert not is_external("mailto:a@b.example", "site.example")
    assert add_rel("me", "noopener noreferrer") == "me noopener noreferrer"


def test_stripped_copy_removes_gps_and_keeps_pixels(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    source.write_bytes(photo_with_gps())
    assert Image.open(source).getexif().get_ifd(0x8825)  # the test image has GPS
    copy = stripped_copy(source, tmp_path / "cache", 85)
    with Image.open(copy) as image:
        assert image.size == (64, 48)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert b"Exif" not in copy.read_bytes()
    assert stripped_copy(source, tmp_path / "cache", 85) == copy  # cached


def test_settings_are_checked() -> None:
    assert problems({s.name: s.default for s in SETTINGS}, SETTINGS) == []
    errors = problems(
        {"GUEST_POSTS_MAX_IMAGE_BYTES": "big", "GUEST_POSTS_PATH": ""}, SETTINGS
    )
    assert [e.field for e in errors] == [
        "GUEST_POSTS_PATH",
        "GUEST_POSTS_MAX_IMAGE_BYTES",
    ]
    bad = options({"GUEST_POSTS_MAX_IMAGE_BYTES": "big"}, SETTINGS)
    assert bad.max_image_bytes == 5_000_000
    assert output_sources_error({}) is None
    assert [e.field for e in [output_sources_error({"OUTPUT_SOURCES": True})] if e] == [
        "OUTPUT_SOURCES"
    ]
    tidied = options(
        {"GUEST_POSTS_PATH": "/guest/", "GUEST_POSTS_IMAGE_PATHS": ["a/"]}, SETTINGS
    )
    assert (tidied.path, tidied.image_paths) == ("guest", ("a",))


# --- mini-site builds ---------------------------------------------------

REAL_NAME = "Zebedee Quarrington"


@pytest.fixture
def guest_site(mini_site: MiniSite) -> Path:
    return mini_site(
        {
            "guest/named.md": guest_post(
                Title="Named post",
                Author="Priya Example",
                Role="PWP, North of England",
                Bio="Priya is fictional sample content.",
                Avatar="{static}/images/guest/priya.jpg",
                body="Text with a [link](https://elsewhere.example/) and "
                "![A photo]({static}/images/guest/photo.jpg)",
            ),
            "guest/anonymous.md": guest_post(
                Title="Anonymous post",
                Author=REAL_NAME,
                Anonymous="yes",
                Bio=f"{REAL_NAME} wrote this.",
                **{"Content-Note": "discusses suicide"},
            ),
            "images/guest/priya.jpg": photo_with_gps(),
            "images/guest/photo.jpg": photo_with_gps(),
            "posts/staff.md": (
                "Title: Staff post\nDate: 2026-01-01\nCategory: News\nSummary: S.\n\n"
                "[out](https://elsewhere.example/) <script>staff()</script>\n"
            ),
        },
        SEARCH_ENABLED=False,
    )


def test_anonymous_name_never_reaches_the_output(guest_site: Path) -> None:
    leaks = [
        str(path.relative_to(guest_site))
        for path in guest_site.rglob("*")
        if path.is_file() and REAL_NAME.encode() in path.read_bytes()
    ]
    assert leaks == []
    slug = REAL_NAME.lower().replace(" ", "-")
    assert not list(guest_site.rglob(f"*{slug}*"))
    page = soup(guest_site / "posts/2026/anonymous-post.html")
    assert page.select_one(".post-meta a[href$='anonymous-contributor.html']")
    assert "asked not to be named" in page.select_one(".bio-box").get_text()
    feed = feedparser.parse(guest_site / "feeds/all.atom.xml")
    authors = {entry.author for entry in feed.entries}
    assert authors == {
        "Anonymous contributor",
        "Priya Example",
        "Talking Back collective",
    }


def test_content_note_comes_before_the_text(guest_site: Path) -> None:
    page = soup(guest_site / "posts/2026/anonymous-post.html")
    order = [
        element.get("class", [None])[0]
        for element in page.select(
            ".guest-label, .content-note, .post-content, .bio-box"
        )
    ]
    assert order == ["guest-label", "notice", "post-content", "notice"]
    note = page.select_one(".content-note")
    assert "discusses suicide" in note.get_text()
    assert note.find("a")["href"] == "#after-post"
    assert page.select_one("#after-post") is not None
    assert (
        soup(guest_site / "posts/2026/named-post.html").select_one(".content-note")
        is None
    )


def test_guest_label_bio_author_page_index_and_feed(guest_site: Path) -> None:
    page = soup(guest_site / "posts/2026/named-post.html")
    assert "Guest post" in page.select_one(".guest-label").get_text()
    bio = page.select_one(".bio-box")
    assert "Priya is fictional sample content." in bio.get_text()
    assert "PWP, North of England" in bio.get_text()
    assert bio.find("img")["src"].endswith("/images/guest/priya.jpg")
    author = soup(guest_site / "authors/priya-example.html")
    assert (
        "Priya is fictional sample content." in author.select_one(".bio-box").get_text()
    )
    index = soup(guest_site / "guests/index.html")
    names = [a.get_text() for a in index.select(".contributor h2 a")]
    assert names == ["Priya Example", "Anonymous contributor"] or names == [
        "Anonymous contributor",
        "Priya Example",
    ]
    feed_link = index.select_one(
        "link[type='application/atom+xml'][href*='guest-posts']"
    )
    assert feed_link is not None
    feed = feedparser.parse(guest_site / "feeds/category/guest-posts.atom.xml")
    assert sorted(e.title for e in feed.entries) == ["Anonymous post", "Named post"]
    head = page.select_one("link[href$='feeds/category/guest-posts.atom.xml']")
    assert head is not None


def test_links_get_rel_and_staff_posts_keep_full_html(guest_site: Path) -> None:
    guest = soup(guest_site / "posts/2026/named-post.html").select_one(
        ".post-content a"
    )
    assert guest["rel"] == ["noopener", "noreferrer", "nofollow", "ugc"]
    staff = soup(guest_site / "posts/2026/staff-post.html").select_one(".post-content")
    assert staff.find("a")["rel"] == ["noopener", "noreferrer"]
    assert staff.find("script") is not None  # maintainers keep full HTML


def test_guest_images_lose_gps_but_sources_keep_it(
    guest_site: Path, tmp_path: Path
) -> None:
    for name in ("photo.jpg", "priya.jpg"):
        published = guest_site / "images" / "guest" / name
        with Image.open(published) as image:
            assert image.getexif().get_ifd(0x8825) == {}
            assert dict(image.getexif()) == {}
        assert b"PhoneMaker" not in published.read_bytes()
        source = tmp_path / "content" / "images" / "guest" / name
        assert Image.open(source).getexif().get_ifd(0x8825)[2] == GPS_LATITUDE


def _problems(mini_site: MiniSite, files: dict, **settings) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        mini_site(files, SEARCH_ENABLED=False, **settings)
    return failure.value.problems


def test_bad_images_are_rejected_with_clear_messages(
    mini_site: MiniSite, tmp_path: Path
) -> None:
    problems = _problems(
        mini_site,
        {
            "guest/a.md": guest_post(
                body="![x]({static}/../../secret.png)\n\n"
                "![y]({static}/images/guest/fake.png)\n\n"
                "![z]({static}/images/guest/big.jpg)\n\n"
                "[notes]({static}/images/guest/notes.html)"
            ),
            "images/guest/fake.png": "<svg onload=alert(1)></svg>",
            "images/guest/big.jpg": photo_with_gps() + b"\0" * 3000,
            "images/guest/notes.html": "<script>alert(1)</script>",
        },
        GUEST_POSTS_MAX_IMAGE_BYTES=2000,
    )
    text = "\n".join(problems)
    assert (
        "content/guest/a.md: Body (line 8): '{static}/../../secret.png' points outside"
        in text
    )
    assert "'fake.png' is not a readable image" in text
    assert "'big.jpg' is " in text and "over the limit of 2,000" in text
    assert "'notes.html' is not a readable image" in text
    assert not (tmp_path / "output" / "posts").exists()
    assert not (tmp_path / "output" / "images").exists()


def test_non_image_in_guest_folder_is_refused(mini_site: MiniSite) -> None:
    problems = _problems(
        mini_site,
        {"guest/a.md": guest_post(), "images/guest/evil.png": b"GIF89a<script>"},
    )
    assert any(p.startswith("content/images/guest/evil.png: file:") for p in problems)


def test_slug_collision_names_both_files(mini_site: MiniSite) -> None:
    problems = _problems(
        mini_site,
        {
            "guest/a.md": guest_post(Slug="staff-post"),
            "posts/staff.md": "Title: Staff post\nDate: 2026-03-01\nSummary: S.\n\nx\n",
        },
    )
    assert (
        "content/guest/a.md: Slug: its page posts/2026/staff-post.html would "
        "overwrite content/posts/staff.md"
    ) in "\n".join(problems)


def test_guest_cannot_take_a_staff_name_or_a_site_page(mini_site: MiniSite) -> None:
    problems = _problems(
        mini_site,
        {
            "guest/a.md": guest_post(Author="Talking Back collective"),
            "guest/b.md": guest_post(Title="Other", Author="Index"),
            "posts/staff.md": "Title: Staff\nDate: 2026-03-01\nSummary: S.\n\nx\n",
        },
    )
    text = "\n".join(problems)
    assert "content/guest/a.md: Author: 'Talking Back collective' is already" in text
    assert (
        "content/guest/b.md: Author: the author page authors/index.html would "
        "overwrite the AUTHORS_SAVE_AS setting"
    ) in text


def test_forbidden_metadata_stops_the_build(mini_site: MiniSite) -> None:
    problems = _problems(
        mini_site,
        {"guest/a.md": guest_post(Save_as="index.html", Template="robots")},
    )
    assert any("Save_As (line 6)" in p for p in problems)
    assert any("Template (line 7)" in p for p in problems)


def test_drafts_preview_in_development_only(
    mini_site: MiniSite, tmp_path: Path
) -> None:
    output = mini_site({"guest/a.md": guest_post(Status="draft")}, SEARCH_ENABLED=False)
    assert (output / "drafts" / "a-guest-post.html").is_file()
    assert not (output / "posts" / "2026" / "a-guest-post.html").exists()
    shutil.rmtree(output)
    output = mini_site(
        {"guest/a.md": guest_post(Status="draft")},
        SEARCH_ENABLED=False,
        DRAFT_SAVE_AS="",
    )
    assert not (output / "drafts").exists()


# --- the tasks, end to end, on a temporary copy of the site --------------


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """The project's settings, tasks, theme, plugins, sitetools and content in a
    temporary folder (search indexing off, to keep the builds quick)."""
    site = tmp_path / "site"
    site.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, site / name)
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nSEARCH_ENABLED = False\n")
    (site / "theme").symlink_to(ROOT / "theme")
    (site / "plugins").symlink_to(ROOT / "plugins")
    (site / "sitetools").symlink_to(ROOT / "sitetools")
    (site / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copytree(ROOT / "content", site / "content")
    return site


def invoke(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("invoke")), *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SITE_URL": "https://example.org"},
    )


def test_tasks_end_to_end(site_copy: Path) -> None:
    created = invoke(
        site_copy, "new-guest-post", "My first guest post", "--author", "Ann Example"
    )
    assert created.returncode == 0, created.stderr
    post = site_copy / "content" / "guest" / "my-first-guest-post.md"
    assert created.stdout.splitlines()[0] == "content/guest/my-first-guest-post.md"
    text = post.read_text(encoding="utf-8")
    assert "Status: draft" in text and "Author: Ann Example" in text
    again = invoke(
        site_copy, "new-guest-post", "My first guest post", "--author", "Ann"
    )
    assert again.returncode != 0 and "already exists" in again.stderr

    checked = invoke(
        site_copy, "check-contribution", "content/guest/my-first-guest-post.md"
    )
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert lines[0] == "2 problem(s) to fix:"
    assert lines[1].startswith(
        "1. content/guest/my-first-guest-post.md: Summary (line 4)"
    )
    assert lines[2].startswith("2. content/guest/my-first-guest-post.md: Bio (line 5)")

    post.write_text(
        text.replace(
            text.splitlines()[3], "Summary: What I learned in my first year."
        ).replace(
            text.splitlines()[4], "Bio: Ann is fictional, made up for this test."
        ),
        encoding="utf-8",
    )
    checked = invoke(
        site_copy, "check-contribution", "content/guest/my-first-guest-post.md"
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ready for review" in checked.stdout.splitlines()
    preview = site_copy / "output" / "drafts" / "my-first-guest-post.html"
    assert "Preview file: output/drafts/my-first-guest-post.html" in checked.stdout
    assert "http://localhost:8000/drafts/my-first-guest-post.html" in checked.stdout
    assert (
        "One-file preview (to email back): preview/my-first-guest-post.html"
        in checked.stdout.splitlines()
    )
    standalone = (site_copy / "preview" / "my-first-guest-post.html").read_text(
        encoding="utf-8"
    )
    assert "<script" not in standalone and "My first guest post" in standalone
    assert soup(preview).find("h1").get_text() == "My first guest post"

    year = datetime.now().year
    production = invoke(site_copy, "preview")
    assert production.returncode == 0, production.stderr
    assert not (site_copy / "output" / "drafts").exists()
    assert not list((site_copy / "output").rglob("my-first-guest-post.html"))

    post.write_text(
        post.read_text(encoding="utf-8").replace("Status: draft", "Status: published"),
        encoding="utf-8",
    )
    production = invoke(site_copy, "preview")
    assert production.returncode == 0, production.stderr
    published = list((site_copy / "output" / "posts").rglob("my-first-guest-post.html"))
    assert [p.parent.name for p in published] == [str(year)]
    assert soup(published[0]).select_one(".guest-label") is not None


def test_check_contribution_refuses_files_outside_the_guest_folder(
    site_copy: Path,
) -> None:
    checked = invoke(site_copy, "check-contribution", "content/posts/why-we-started.md")
    assert checked.returncode == 1
    assert "is not in content/guest/" in checked.stdout


def test_slug_comes_from_the_clean_title(mini_site: MiniSite) -> None:
    output = mini_site(
        {"guest/a.md": guest_post(Title="<script>alert(1)</script><b>Bold</b> news")},
        SEARCH_ENABLED=False,
    )
    page = output / "posts" / "2026" / "bold-news.html"
    assert soup(page).find("h1").get_text() == "Bold news"


def test_images_are_written_with_a_relative_cache_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pelican command keeps the default CACHE_PATH, "cache", relative
    to the working folder; the re-encoded copy must still be found."""
    content = tmp_path / "content"
    (content / "guest").mkdir(parents=True)
    (content / "images" / "guest").mkdir(parents=True)
    (content / "guest" / "a.md").write_text(
        guest_post(Avatar="{static}/images/guest/me.jpg"), encoding="utf-8"
    )
    (content / "images" / "guest" / "me.jpg").write_bytes(photo_with_gps())
    settings = site_settings(content, tmp_path / "output", SEARCH_ENABLED=False)
    settings["CACHE_PATH"] = "cache"
    monkeypatch.chdir(tmp_path)
    Pelican(settings).run()
    with Image.open(tmp_path / "output" / "images" / "guest" / "me.jpg") as image:
        assert dict(image.getexif()) == {}


def test_sample_guest_posts(sample_site: Path) -> None:
    """The sample guest posts: named ones, and one anonymous with a note."""
    sources = sorted((ROOT / "content" / "guest").glob("*.md"))
    assert len(sources) >= 2
    hidden_name = "Sample Contributor"  # the anonymous sample's Author line
    assert any(hidden_name in s.read_text(encoding="utf-8") for s in sources)
    leaks = [
        path.relative_to(sample_site)
        for path in sample_site.rglob("*")
        if path.is_file()
        and path.suffix in {".html", ".xml", ".json", ".txt", ".ics"}
        and hidden_name in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert leaks == []
    index = soup(sample_site / "guests" / "index.html")
    # One entry per contributor, the anonymous one included.
    assert len(index.select(".contributor")) == len(sources)
    anonymous = soup(sample_site / "posts/2019/the-questionnaire-every-week.html")
    assert "suicidal thoughts" in anonymous.select_one(".content-note").get_text()
    for source in sources:
        bio = parse_header(source.read_text(encoding="utf-8"))[0]["bio"].value
        assert "fictional" in bio and "sample content" in bio
