"""One way to do each shared job (issue 15): slugs, file labels, date errors,
article lists and front matter, each from plugins/sitelib and used by every
plugin that needs it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pelican import signals
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from sitelib import (
    BuildFailed,
    ContentError,
    date_error,
    front_matter,
    parse_header,
    read_content,
    slug,
    unreadable,
)

UNICODE_SLUGS = {"SLUGIFY_PRESERVE_CASE": True, "SLUGIFY_USE_UNICODE": True}


def pelican_slug(text: str, **settings: Any) -> str:
    """Pelican's own slug for ``text`` (as pelican.contents does it)."""
    return slugify(
        text,
        regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


# -- slugs --------------------------------------------------------------------------


def test_slug_defaults_to_pelicans_default_slug() -> None:
    assert slug("Grève Générale: Day 1!", {}) == "greve-generale-day-1"


def test_slug_honours_case_and_unicode_settings() -> None:
    assert slug("Grève Générale", UNICODE_SLUGS) == "Grève-Générale"
    assert slug("Grève Générale", {"SLUGIFY_PRESERVE_CASE": True}) == "Greve-Generale"
    assert slug("Grève Générale", {"SLUGIFY_USE_UNICODE": True}) == "grève-générale"


def test_slug_honours_regex_substitutions() -> None:
    subs = [("&", "and"), *DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]]
    assert slug("Bread & Roses", {"SLUG_REGEX_SUBSTITUTIONS": subs}) == (
        "bread-and-roses"
    )


@pytest.fixture
def series_slugs() -> Iterator[list[str]]:
    """The series slugs of the next build (the series plugin has no page)."""
    seen: list[str] = []

    def collect(generators: list[Any]) -> None:
        context = generators[0].context  # one context, shared by all
        seen.extend(series.slug for series in context.get("series_list", []))

    signals.all_generators_finalized.connect(collect)
    yield seen
    signals.all_generators_finalized.disconnect(collect)


def test_every_address_follows_the_sites_slug_settings(
    mini_site, series_slugs: list[str]
) -> None:
    post, guest, event, survey = (
        "Grève Générale",
        "Été Solidaire",
        "Café Ouvrier",
        "Enquête Santé",
    )
    graphic = "Carte Été"  # an infographic's slug is its file name
    output = mini_site(
        {
            "posts/a.md": f"""
                Title: {post}
                Date: 2026-01-01
                Category: News
                Summary: S.
                Series: Œuvre Commune
                Series_index: 1

                Text.
                """,
            "guest/b.md": f"""
                Title: {guest}
                Author: Test Writer
                Date: 2026-02-01
                Summary: A summary.
                Bio: A test person.
                Status: published

                Some text.
                """,
            "events/c.md": f"""
                Title: {event}
                Start: 2026-03-01 18:00
                Location: A hall
                Summary: A meeting.

                Come along.
                """,
            f"infographics/{graphic}.png": _png(),
            f"infographics/{graphic}.md": f"""
                Title: A chart
                Date: 2026-01-05
                Survey: {survey}
                Image: {graphic}.png
                Alt: A test infographic

                Everything the image says, in words.
                """,
        },
        **UNICODE_SLUGS,
    )

    def expect(name: str) -> str:
        return pelican_slug(name, **UNICODE_SLUGS)

    assert expect(post) == "Grève-Générale"  # the settings are in force
    assert (output / "posts" / "2026" / f"{expect(post)}.html").is_file()
    assert (output / "posts" / "2026" / f"{expect(guest)}.html").is_file()
    assert (output / "events" / f"{expect(event)}.html").is_file()
    assert (output / "infographics" / f"{expect(graphic)}.html").is_file()
    assert (output / "infographics" / expect(survey) / "index.html").is_file()
    assert set(series_slugs) == {expect("Œuvre Commune")}


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (400, 600), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_scaffolds_name_files_with_the_sites_slug(tmp_path: Path) -> None:
    from datetime import datetime

    from sitetools.scaffold import create_event, create_guest_post, create_post

    settings = {"PATH": str(tmp_path), **UNICODE_SLUGS}
    now = datetime(2026, 1, 1)
    path = create_event(settings, "Café Ouvrier", "2026-03-01", now)
    assert path.name == "2026-03-01-Café-Ouvrier.md"
    path = create_guest_post(settings, "Été Solidaire", "A Writer", now)
    assert path.name == "Été-Solidaire.md"
    path = create_post(settings, "Grève Générale", now, "A Writer", "News")
    assert path.name == "Grève-Générale.md"


# -- file labels and article lists ------------------------------------------------


def test_series_errors_name_the_file_like_every_other_error(mini_site) -> None:
    post = """
        Title: {title}
        Date: 2026-01-01
        Category: News
        Status: {status}
        Series: Ours
        Series_index: two

        Text.
        """
    with pytest.raises(BuildFailed) as failure:
        mini_site(
            {
                "posts/a.md": post.format(title="Published", status="published"),
                "posts/b.md": post.format(title="Draft", status="draft"),
            }
        )
    problems = sorted(failure.value.problems)
    assert [p.split(":")[0] for p in problems] == [
        "content/posts/a.md",
        "content/posts/b.md",  # a draft's mistake is found as well
    ]
    assert all("Series_index: 'two' is not a whole number" in p for p in problems)


def test_reading_time_reaches_hidden_posts_and_drafts(mini_site) -> None:
    post = "Title: {0}\nDate: 2026-01-01\nCategory: News\nStatus: {0}\n\nText.\n"
    output = mini_site(
        {f"posts/{s}.md": post.format(s) for s in ("published", "hidden", "draft")},
        DRAFT_SAVE_AS="drafts/{slug}.html",
    )
    for page in ("posts/2026/published.html", "posts/2026/hidden.html"):
        assert "1 min read" in (output / page).read_text(encoding="utf-8"), page
    assert "1 min read" in (output / "drafts/draft.html").read_text(encoding="utf-8")


# -- date errors --------------------------------------------------------------------


def test_date_error_names_value_forms_and_example() -> None:
    assert str(date_error("content/posts/x.md", "Date", "someday")) == (
        "content/posts/x.md: Date: 'someday' is not a date. "
        "Fix: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-03-21 09:30"
    )
    assert str(date_error("e.md", "End", "soon", ("YYYY-MM-DD",), "2026-03-22")) == (
        "e.md: End: 'soon' is not a date. Fix: write it as YYYY-MM-DD, e.g. 2026-03-22"
    )


def test_unreadable_words_each_reader_failure() -> None:
    own = ContentError("a.md", "Title", "is missing", "add it")
    assert unreadable("a.md", own) is own
    bad_bytes = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
    assert unreadable("a.md", bad_bytes).field == "encoding"
    pelican = ValueError("'2020-13-45' is not a valid date")
    assert unreadable("a.md", pelican) == date_error("a.md", "Date", "2020-13-45")
    other = unreadable("a.md", RuntimeError("broken\nmore"))
    assert (other.field, other.message) == ("file", "broken")  # one line
    assert unreadable("a.md", KeyError()).message == "KeyError()"


BAD_DATES = {
    "posts/post.md": "Title: P\nDate: 2020-13-45\nCategory: News\n\nText.\n",
    "events/event.md": "Title: E\nDate: 2020-13-45\nStart: 2026-03-01\n\nText.\n",
    "infographics/chart.md": "Title: C\nDate: 2020-13-45\nImage: c.png\n\nText.\n",
    "guest/guest.md": (
        "Title: G\nAuthor: A Writer\nDate: 2020-13-45\nSummary: S.\nBio: B.\n"
        "Status: published\n\nText.\n"
    ),
}


def test_every_plugin_words_a_bad_date_the_same_way(mini_site) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site(BAD_DATES)
    fix = "Fix: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-03-21 09:30"
    dates = [p for p in failure.value.problems if "'2020-13-45'" in p]
    assert sorted(p.split(":")[0] for p in dates) == sorted(
        f"content/{name}" for name in BAD_DATES
    ), failure.value.problems
    for problem in dates:
        assert "'2020-13-45' is not a date. " + fix in problem, problem


# -- front matter -------------------------------------------------------------------


def test_front_matter_is_markdowns_own_reading() -> None:
    text = "Title: A\n    long title\nStatus: draft\nStatus: published\n\nBody: no\n"
    assert front_matter(text) == {"title": "A long title", "status": "draft"}
    fields, first_line = parse_header(text)
    assert (fields["status#2"].value, fields["status#2"].line) == ("published", 4)
    assert first_line == 6
    # A blank first line means no metadata to Pelican, so none here either.
    assert front_matter("\nTitle: A\nStatus: draft\n") == {}


def test_check_finds_drafts_by_the_same_reading(tmp_path: Path) -> None:
    from sitetools.check import draft_slugs, source_metadata

    assert source_metadata("\nTitle: A\nStatus: draft\n", ".md") == {}
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text("Title: A\n    draft\nStatus: draft\n\nx\n", "utf-8")
    (posts / "b.md").write_text("\nTitle: B\nStatus: draft\n\nx\n", "utf-8")
    assert draft_slugs(tmp_path / "content", lambda t: slug(t, {})) == {
        "a-draft": "content/posts/a.md"
    }


def test_read_content_turns_a_reader_failure_into_one_problem(tmp_path: Path) -> None:
    class Readers:
        def read_file(self, *, path: str, **options: Any) -> str:
            if path == "bad.md":
                raise ValueError("'2020-13-45' is not a valid date")
            return f"read {path} as {options['content_class'].__name__}"

    class Generator:
        readers, path, context = Readers(), str(tmp_path / "content"), {}

    assert read_content(Generator(), "good.md", str) == ("read good.md as str", None)
    content, problem = read_content(Generator(), "bad.md", str)
    assert content is None
    assert problem == date_error("content/bad.md", "Date", "2020-13-45")
