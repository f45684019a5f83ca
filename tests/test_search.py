"""Pagefind search (plugins/search) and the search page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from campaign import BuildFailed
from search import pagefind_command

POST = """
    Title: Caseloads in the north
    Date: 2020-02-01 10:00
    Category: Analysis
    Summary: A post about caseloads.

    Zanzibarish caseloads.
"""


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_pagefind_runs_from_this_python() -> None:
    assert pagefind_command("out", ["--force-language", "en"]) == [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        "out",
        "--silent",
        "--force-language",
        "en",
    ]


def test_the_site_is_indexed_after_the_build(mini_site) -> None:
    output = mini_site({"posts/caseloads.md": POST}, SEARCH_ENABLED=True)
    assert (output / "pagefind" / "pagefind.js").is_file()
    assert list((output / "pagefind" / "fragment").iterdir())


def test_mini_sites_skip_indexing_by_default(mini_site) -> None:
    output = mini_site({"posts/caseloads.md": POST})
    assert not (output / "pagefind").exists()


def test_only_content_pages_are_marked_for_the_index(sample_site: Path) -> None:
    def marked(relative: str) -> bool:
        return (
            soup(sample_site / relative).select_one("[data-pagefind-body]") is not None
        )

    post = next((sample_site / "posts").glob("*/*.html"))
    if post.name == "index.html":
        post = next(
            p
            for p in (sample_site / "posts").glob("*/*.html")
            if p.name != "index.html"
        )
    assert marked(str(post.relative_to(sample_site)))
    assert marked("about.html")
    for listing in (
        "index.html",
        "blog/index.html",
        "archives.html",
        "tags.html",
        "search.html",
        "404.html",
    ):
        assert not marked(listing), listing
    assert (sample_site / "pagefind" / "pagefind.js").is_file()


def test_search_page_works_without_javascript(sample_site: Path) -> None:
    page = soup(sample_site / "search.html")
    form = page.select_one("form.search-form")
    assert form.has_attr("hidden")  # shown by search.js
    assert form["role"] == "search" and form["method"] == "get"
    assert page.select_one('label[for="search-input"]')
    fallback = page.select_one(".search-fallback")
    assert not fallback.has_attr("hidden")
    assert "needs JavaScript" in fallback.text
    assert fallback.select_one('a[href$="/blog/"]')
    (script,) = page.select("script[src]")
    assert script.has_attr("defer") and script["src"].endswith("/theme/js/search.js")
    assert form["data-index"].endswith("/pagefind/pagefind.js")


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SEARCH_ENABLED", "yes"),
        ("SEARCH_TIMEOUT", 0),
        ("SEARCH_PAGEFIND_OPTIONS", "--verbose"),
    ],
)
def test_bad_settings_stop_the_build(mini_site, setting, value) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/caseloads.md": POST}, **{setting: value})
    assert failure.value.problems[0].startswith(f"pelicanconf.py: {setting}: ")


def test_a_failing_pagefind_fails_the_build(mini_site) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site(
            {"posts/caseloads.md": POST},
            SEARCH_ENABLED=True,
            SEARCH_PAGEFIND_OPTIONS=["--no-such-option"],
        )
    assert failure.value.problems[0].startswith("search: ")
    assert "SEARCH_ENABLED = False" in failure.value.problems[0]
