"""Bad input stops the build with one clear line per problem, before writing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from feed_fixes import absolutize_html
from sitelib import BuildFailed, ContentError, source_label

GOOD_POST = """
    Title: A good post
    Date: 2020-01-01 10:00
    Category: News

    Links to [the other]({filename}other.md).
    """
OTHER_POST = "Title: Other\nDate: 2020-01-02\nCategory: News\n\nText.\n"

BAD_INPUTS: dict[str, tuple[str | bytes, str]] = {
    "no-title": (
        "Date: 2020-01-01\nCategory: News\n\nNo title here.\n",
        "posts/no-title.md: Title: is missing. Fix: add a line 'Title: …'",
    ),
    "bad-date": (
        "Title: Bad date\nDate: 2020-13-45\n\nText.\n",
        "posts/bad-date.md: Date: '2020-13-45' is not a date. Fix: write it as",
    ),
    "duplicate": (
        "Title: A good post\nDate: 2020-02-01\n\nSame title, same slug.\n",
        "share the slug 'a-good-post'. Fix: give one of them",
    ),
    "broken-link": (
        "Title: Broken link\nDate: 2020-01-01\n\nSee [this]({filename}missing.md).\n",
        "posts/broken-link.md: link: 'missing.md' does not match any file",
    ),
    "empty-alt": (
        "Title: Empty alt\nDate: 2020-01-01\n\n![](/images/chart.png)\n",
        "posts/empty-alt.md: image alt text: image 'chart.png' has no alt text",
    ),
    "latin-1": (
        "Title: Café\nDate: 2020-01-01\n\nCafé au lait.\n".encode("latin-1"),
        "posts/latin-1.md: encoding: the file is not valid UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_each_bad_input_fails_the_build_with_a_clear_line(mini_site, case) -> None:
    text, expected = BAD_INPUTS[case]
    files = {"posts/good.md": GOOD_POST, "posts/other.md": OTHER_POST}
    files[f"posts/{case}.md"] = text
    with pytest.raises(BuildFailed) as failure:
        mini_site(files)
    assert failure.value.code == 1
    assert any(expected in line for line in failure.value.problems), (
        failure.value.problems
    )
    assert len(failure.value.problems) == 1, failure.value.problems


def test_all_problems_are_reported_in_one_run_and_nothing_is_written(
    mini_site, tmp_path
) -> None:
    files: dict[str, str | bytes] = {
        "posts/good.md": GOOD_POST,
        "posts/other.md": OTHER_POST,
    }
    files.update({f"posts/{case}.md": text for case, (text, _) in BAD_INPUTS.items()})
    with pytest.raises(BuildFailed) as failure:
        mini_site(files)
    problems = failure.value.problems
    for _, expected in BAD_INPUTS.values():
        assert any(expected in line for line in problems), (expected, problems)
    assert len(problems) == len(BAD_INPUTS)
    output = tmp_path / "output"
    assert not output.exists() or not any(output.iterdir())


def test_a_second_build_in_the_same_process_starts_clean(mini_site, tmp_path) -> None:
    text, _ = BAD_INPUTS["broken-link"]
    with pytest.raises(BuildFailed):
        mini_site({"posts/broken-link.md": text})
    (tmp_path / "content/posts/broken-link.md").unlink()
    output = mini_site({"posts/good.md": GOOD_POST, "posts/other.md": OTHER_POST})
    assert (output / "posts/2020/a-good-post.html").is_file()


def test_pelican_command_exits_non_zero_without_a_traceback(tmp_path) -> None:
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "posts/no-title.md").write_text(BAD_INPUTS["no-title"][0])
    (content / "posts/bad-date.md").write_text(BAD_INPUTS["bad-date"][0])
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-o",
            str(tmp_path / "out"),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-e",
            f'THEME="{ROOT / "theme"}"',
            f'PLUGIN_PATHS=["{ROOT / "plugins"}"]',
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"COLUMNS": "400", "PATH": "/usr/bin:/bin", "TERM": "dumb"},
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "2 problem(s) found" in output
    assert "content/posts/no-title.md: Title: is missing" in output
    assert not (tmp_path / "out").exists()


def test_content_error_names_file_field_and_fix() -> None:
    error = ContentError("content/events/x.md", "Start", "is missing", "add 'Start:'")
    assert str(error) == "content/events/x.md: Start: is missing. Fix: add 'Start:'"


def test_source_label_is_relative_to_the_project() -> None:
    assert source_label("posts/a.md", "/site/content") == "content/posts/a.md"
    assert source_label("/site/content/posts/a.md", "/site/content") == (
        "content/posts/a.md"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src="/images/a.png">', '<img src="https://x.org/images/a.png">'),
        ('<a href="other.html">', '<a href="https://x.org/posts/other.html">'),
        ('<a href="https://elsewhere.org/">', '<a href="https://elsewhere.org/">'),
        ('<a href="#notes">', '<a href="#notes">'),
        ('<a href="mailto:a@b.org">', '<a href="mailto:a@b.org">'),
        (
            '<img srcset="/a-1.png 1x, /a-2.png 2x">',
            '<img srcset="https://x.org/a-1.png 1x, https://x.org/a-2.png 2x">',
        ),
    ],
)
def test_feed_content_urls_are_made_absolute(html: str, expected: str) -> None:
    assert absolutize_html(html, "https://x.org/posts/post.html") == expected


def test_sitemap_survives_a_failed_build_and_uses_the_build_time(
    mini_site, tmp_path
) -> None:
    text, _ = BAD_INPUTS["no-title"]
    with pytest.raises(BuildFailed):
        mini_site({"posts/no-title.md": text})
    (tmp_path / "content/posts/no-title.md").unlink()
    output = mini_site(
        {"posts/good.md": GOOD_POST, "posts/other.md": OTHER_POST},
        BUILD_TIME="2026-01-02T03:04:05+00:00",
    )
    sitemap = (output / "sitemap.xml").read_text()
    assert "http://localhost:8000/posts/2020/a-good-post.html" in sitemap
    assert "<lastmod>2026-01-02T03:04:05+00:00</lastmod>" in sitemap


@pytest.mark.parametrize("value", ["2026-01-01T12:00:00", "next tuesday"])
def test_a_bad_build_time_setting_is_a_clear_error(mini_site, value) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/good.md": OTHER_POST}, BUILD_TIME=value)
    (line,) = failure.value.problems
    assert line.startswith("pelicanconf.py: BUILD_TIME: ")
    assert "Fix: use an ISO 8601 time with an offset" in line
