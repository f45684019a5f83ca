"""Every output path has one owner: a second claimant is one line naming both."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_guard import Claim
from build_guard.outputs import find_clashes
from conftest import build_problems

POST = "Title: {title}\nDate: 2026-01-01\nCategory: News\n{extra}\nText.\n"


def post(title: str = "A post", **meta: str) -> str:
    extra = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return POST.format(title=title, extra=extra)


def problems_of(mini_site, files: dict[str, str]) -> list[str]:
    return build_problems(mini_site, {"posts/good.md": post("Good"), **files})


def test_find_clashes_names_both_and_sees_file_folder_clashes() -> None:
    site = Claim("index.html", "TEMPLATE_PAGES['home.html']")
    page = Claim("index.html", "content/pages/i.md", "content/pages/i.md", priority=1)
    file = Claim("posts/x.html", "content/a.md", "content/a.md", priority=1)
    inner = Claim("posts/x.html/y.html", "content/b.md", "content/b.md", priority=1)
    search = Claim("pagefind/", "the search index")
    intruder = Claim("pagefind/p.js", "content/c.md", "content/c.md", priority=1)
    clashes = find_clashes([page, site, file, inner, search, intruder])
    assert (site, page, "index.html") in clashes
    assert (file, inner, "posts/x.html/y.html") in clashes
    assert (search, intruder, "pagefind/p.js") in clashes
    assert len(clashes) == 3


def test_slug_site_cannot_replace_the_site_share_card(mini_site) -> None:
    problems = problems_of(mini_site, {"posts/site.md": post("Site", Slug="site")})
    assert problems == [
        "content/posts/site.md: Slug: its share card images/share/site.png would "
        "overwrite the site-wide share card (SHARE_CARDS_SITE_IMAGE). Fix: add a "
        "line 'Slug: a-different-address' to the metadata block"
    ]


def test_page_slug_index_is_one_line_and_nothing_is_written(
    mini_site, tmp_path: Path
) -> None:
    problems = problems_of(mini_site, {"pages/i.md": "Title: I\nSlug: index\n\nx\n"})
    assert problems == [
        "content/pages/i.md: Slug: its page index.html would overwrite "
        "TEMPLATE_PAGES['home.html']. Fix: add a line 'Slug: a-different-address' "
        "to the metadata block"
    ]
    assert not any((tmp_path / "output").rglob("*.html"))


def test_page_slug_search_is_refused(mini_site) -> None:
    (line,) = problems_of(mini_site, {"pages/s.md": "Title: S\nSlug: search\n\nx\n"})
    assert line.startswith("content/pages/s.md: Slug: its page search.html would ")
    assert "TEMPLATE_PAGES['search.html']" in line


@pytest.mark.parametrize(("field", "value"), [("Tags", "!!!"), ("Author", "???")])
def test_names_without_letters_are_refused(mini_site, field, value) -> None:
    problems = problems_of(mini_site, {"posts/bad.md": post("Bad", **{field: value})})
    assert (
        f"content/posts/bad.md: {field}: '{value}' has no letters or digits to "
        "make an address. Fix: use a name with at least one letter or digit"
    ) in problems


def test_sample_like_site_builds_with_every_claim(mini_site) -> None:
    output = mini_site({"posts/good.md": post("Good"), "pages/p.md": "Title: P\n\nx\n"})
    assert (output / "index.html").is_file()
    assert (output / "images" / "share" / "site.png").is_file()
