"""Guest posts attacked: one reading of metadata, bounded work, fail-safe
defaults, and "check-contribution says ready" == "the publish checks pass"."""

from __future__ import annotations

import time
from itertools import product
from pathlib import Path

import markdown
import pytest
from pelican.readers import MarkdownReader

from campaign import BuildFailed
from campaign.status import status_problem
from conftest import MiniSite, site_settings
from guest_posts.contribution import (
    as_meta,
    check_source,
    markdown_config,
    read_header,
    same_name,
)
from guest_posts.settings import config

#: Every character some program treats as a line break, and the two that
#: Python-Markdown deletes.
LINE_BREAKS = [
    "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
    "\u2028", "\u2029", "\x02", "\x03", "\t", "\x00", "\x7f", "\ufeff",
]  # fmt: skip

#: Header shapes with a slot for a character: smuggling a second field, a
#: continuation, a YAML-style block, blank-looking lines.
TEMPLATES = [
    "Title: T\nSlug: c1{c}Save_as: events/index.html\nURL: events/\n\nBody\n",
    "{c}Title: T\nSave_as: x.html\n\nBody\n",
    "Title: T{c}\n    more{c}Template: page\n\nBody\n",
    "---{c}\nTitle: T\nLang: fr\n...\nBody\n",
    "Title: T\n{c}\nSeries: Ours\n\nBody\n",
    "Title: T\n   {c}Event: official\n\nBody\n",
    "Title: T\nBio: one{c}{c}Status: hidden\nAuthor: A\n",
    "Title:{c}T\nStatus: published{c}\n\n",
    "{c}",
    "Title: T\n    {c}\nURL: x\n",
]

MARKDOWN = site_settings(Path("content"), Path("output"))["MARKDOWN"]


def markdown_meta(text: str) -> dict[str, list[str]]:
    """What Python-Markdown itself reads (a full conversion)."""
    md = markdown.Markdown(**markdown_config(MARKDOWN))
    md.convert(text.removeprefix("\ufeff"))
    return md.Meta


@pytest.mark.parametrize("template", TEMPLATES)
def test_header_reading_equals_python_markdown_for_every_line_break(
    template: str,
) -> None:
    for first, second in product(LINE_BREAKS, repeat=2):
        text = template.replace("{c}", first, 1).replace("{c}", second)
        fields, _, agrees = read_header(text, MARKDOWN)
        assert agrees, repr(text)
        assert as_meta(fields) == markdown_meta(text), repr(text)


def test_header_reading_equals_pelicans_reader(tmp_path: Path) -> None:
    settings = site_settings(tmp_path, tmp_path / "out")
    for number, (template, char) in enumerate(product(TEMPLATES, LINE_BREAKS)):
        text = template.replace("{c}", char)
        path = tmp_path / f"{number}.md"
        path.write_bytes(text.encode("utf-8"))
        _, metadata = MarkdownReader(settings).read(str(path))
        fields, _, _ = read_header(path.read_text(encoding="utf-8-sig"), MARKDOWN)
        read = {name.partition("#")[0] for name in fields}
        assert set(metadata) == read, repr(text)


def _check(text: str, tmp_path: Path, **settings: object) -> list[str]:
    content = tmp_path / "content"
    (content / "guest").mkdir(parents=True, exist_ok=True)
    site = site_settings(content, tmp_path / "output", **settings)
    return [
        str(problem)
        for problem in check_source(
            text,
            source="content/guest/a.md",
            content_root=content,
            source_dir=content / "guest",
            config=config(site),
            markdown=site["MARKDOWN"],
        )
    ]


HEADER = (
    "Title: T\nAuthor: Test Writer\nDate: 2026-01-01\nSummary: S.\nBio: B.\n"
    "Status: draft\n"
)


@pytest.mark.parametrize("char", ["\x0c", "\x0b", "\x85", "\u2028", "\x1e"])
def test_smuggled_field_is_refused_with_line_and_field(
    char: str, tmp_path: Path
) -> None:
    text = HEADER + f"Slug: c1{char}Save_as: events/index.html\nURL: events/\n\nx\n"
    problems = "\n".join(_check(text, tmp_path))
    assert "content/guest/a.md: Slug (line 7): contains the invisible character" in (
        problems
    )
    assert "Url (line 8): a guest post cannot choose its address" in problems


def test_control_character_in_the_body_names_the_line(tmp_path: Path) -> None:
    problems = _check(HEADER + "\nfine\n\nbad \x01 here\n", tmp_path)
    assert problems == [
        "content/guest/a.md: Body (line 10): contains the invisible character "
        "U+0001. Fix: delete it (retype the line if you cannot see it)"
    ]


@pytest.mark.parametrize(
    "field", ["Series: Ours", "Series_index: 3", "Event: official", "Lang: fr",
              "Template: page", "Save_as: .htaccess", "Image: x.png",
              "Share_image: x.png", "Category: News", "Translation: true"],
)  # fmt: skip
def test_fields_that_place_a_post_are_refused(field: str, tmp_path: Path) -> None:
    problems = _check(HEADER + field + "\n\nx\n", tmp_path)
    assert len(problems) == 1 and "(line 7)" in problems[0], problems


@pytest.mark.parametrize("status", ["hidden", "skip", "published!", "Draft "])
def test_guest_status_is_draft_or_published(status: str, tmp_path: Path) -> None:
    text = HEADER.replace("Status: draft", f"Status: {status}") + "\nx\n"
    problems = _check(text, tmp_path)
    assert (status.strip().lower() == "draft") == (problems == []), problems


def test_status_problem_is_one_line() -> None:
    problem = status_problem("skip", "content/posts/a.md", "Status")
    assert str(problem) == (
        "content/posts/a.md: Status: 'skip' is not one of published, draft, hidden. "
        "Fix: write 'Status: published' or 'Status: draft', or delete the line"
    )
    assert status_problem("Hidden", "x", "Status") is None


@pytest.mark.parametrize(
    "name",
    ["Anonymous contributor", "anonymous   CONTRIBUTOR", "Anonymous-Contributor",
     "<b>Anonymous</b> contributor"],
)  # fmt: skip
def test_anonymous_name_needs_anonymous_yes(name: str, tmp_path: Path) -> None:
    text = HEADER.replace("Test Writer", name) + "\nx\n"
    problems = _check(text, tmp_path)
    assert any("is the name shown for anonymous posts" in p for p in problems)
    assert same_name(name, "Anonymous contributor")
    assert not same_name("Ann Other", "Anonymous contributor")


def test_file_over_the_byte_limit_is_refused_before_reading(tmp_path: Path) -> None:
    problems = _check(
        HEADER + "\n" + "word " * 300, tmp_path, GUEST_POSTS_MAX_BYTES=500
    )
    assert len(problems) == 1 and "over the limit of 500" in problems[0]


def _deep_list(depth: int) -> str:
    return "".join("    " * level + "- x\n" for level in range(depth))


#: Bodies that made Python-Markdown slow (quadratic or worse), ~30 KB each.
PATHOLOGICAL = {
    "[": "[" * 30_000,
    "![": "![" * 15_000,
    "[x](": "[x](" * 7_500,
    "[^": "[^" * 15_000,
    "<": "<" * 30_000,
    "<a ": "<a " * 10_000,
    "<div>": "<div>" * 6_000,
    "*": "*" * 30_000,
    "_": "_" * 30_000,
    "`": "`" * 30_000,
    ">": ">" * 30_000 + " x",
    "> nested": "\n".join(">" * n + " x" for n in range(1, 200)),
    "deep list": _deep_list(2_000),
    "brackets in paragraphs": ("[" * 90 + "\n\n") * 300,
}


@pytest.mark.parametrize("body", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_post_is_checked_and_read_in_bounded_time(
    body: str, tmp_path: Path
) -> None:
    text = HEADER + "\n" + body + "\n"
    start = time.perf_counter()
    problems = _check(text, tmp_path, GUEST_POSTS_MAX_BYTES=200_000)
    checked = time.perf_counter() - start
    assert checked < 10, f"the check took {checked:.1f} s"
    if not problems:
        # Passed the check, so the build reads it: that must be bounded too.
        start = time.perf_counter()
        markdown.Markdown(**markdown_config(MARKDOWN)).convert(text)
        assert time.perf_counter() - start < 10


def test_bracket_runs_are_refused_with_the_line(tmp_path: Path) -> None:
    problems = _check(HEADER + "\nfine\n\n" + "[" * 30_000 + "\n", tmp_path)
    assert problems == [
        "content/guest/a.md: Body (line 10): has too many '[' or '<' characters for "
        "its length (Markdown would take minutes to read it). Fix: remove the runs "
        "of square or angle brackets, or split long paragraphs with blank lines"
    ]


# --- in the build -------------------------------------------------------


GUEST = (
    "Title: A guest post\nAuthor: Test Writer\nDate: 2026-02-01\n"
    "Summary: A summary.\nBio: A test person.\n"
)


def test_post_without_status_is_a_draft(mini_site: MiniSite) -> None:
    output = mini_site({"guest/a.md": GUEST + "\nText.\n"})
    assert (output / "drafts" / "a-guest-post.html").is_file()
    assert not list(output.glob("posts/**/a-guest-post.html"))


def test_smuggled_save_as_stops_the_build(mini_site: MiniSite, tmp_path: Path) -> None:
    text = GUEST + "Status: published\nSlug: c1\x0cSave_as: events/index.html\n\nx\n"
    with pytest.raises(BuildFailed) as failure:
        mini_site({"guest/a.md": text})
    assert any(
        p.startswith("content/guest/a.md: Slug (line 7): contains the invisible")
        for p in failure.value.problems
    )
    assert not (tmp_path / "output" / "events").exists()


def test_unknown_status_stops_the_build_for_staff_too(mini_site: MiniSite) -> None:
    staff = "Title: S\nDate: 2026-01-01\nSummary: s.\nStatus: skip\n\nText.\n"
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/s.md": staff, "pages/p.md": staff.replace("skip", "Nope")})
    assert failure.value.problems == [
        "content/posts/s.md: Status: 'skip' is not one of published, draft, hidden. "
        "Fix: write 'Status: published' or 'Status: draft', or delete the line",
        "content/pages/p.md: Status: 'Nope' is not one of published, draft, hidden. "
        "Fix: write 'Status: published' or 'Status: draft', or delete the line",
    ]
