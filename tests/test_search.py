"""Pagefind search (plugins/search) and the search page."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from search import index_digest, is_indexed, kept_index, made_with
from search.service import PagefindService, decode, encode
from sitelib import BuildFailed

POST = """
    Title: Caseloads in the north
    Date: 2020-02-01 10:00
    Category: Analysis
    Summary: A post about caseloads.

    Zanzibarish caseloads.
"""


def marked_pages(output: Path) -> list[Path]:
    """The built pages that ask to be in the search index."""
    return [
        page
        for page in output.rglob("*.html")
        if "pagefind" not in page.parts and is_indexed(page.read_text("utf-8"))
    ]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_only_pages_with_a_marked_element_are_indexed() -> None:
    assert is_indexed('<main id="main" data-pagefind-body>x</main>')
    assert is_indexed("<article\n  data-pagefind-body=''>x</article>")
    # A post that talks about the attribute has it as escaped text, not a tag.
    assert not is_indexed("<p>&lt;main data-pagefind-body&gt; marks it</p>")
    assert not is_indexed('<main data-pagefind-ignore="all">x</main>')


def test_service_messages_round_trip() -> None:
    raw = encode(7, {"type": "AddFile", "file_contents": "<p>é, ü</p>"})
    assert raw.endswith(b",") and b"," not in raw[:-1]
    assert decode(raw[:-1]) == {
        "message_id": 7,
        "payload": {"type": "AddFile", "file_contents": "<p>é, ü</p>"},
    }


def test_the_site_is_indexed_after_the_build(mini_site) -> None:
    output = mini_site({"posts/caseloads.md": POST}, SEARCH_ENABLED=True)
    index = output / "pagefind"
    assert (index / "pagefind.js").is_file()
    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    # The post and the pages the theme marks; no list page (home, blog, tags).
    marked = marked_pages(output)
    assert 1 <= len(marked) < len(list(output.rglob("*.html")))
    (language,) = entry["languages"].values()
    assert language["page_count"] == len(marked)
    assert len(list((index / "fragment").iterdir())) == len(marked)


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
    # The form is in the page from the first paint (nothing moves when
    # search.js loads); only without scripting does site.css hide it and show
    # the browse-instead message (the browser tests check both ways).
    assert not form.has_attr("hidden")
    css = (sample_site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert "@media (scripting: none) { .search-form { display: none; } }" in css
    assert form["role"] == "search" and form["method"] == "get"
    assert page.select_one('label[for="search-input"]')
    fallback = page.select_one(".search-fallback")
    assert not fallback.has_attr("hidden")
    assert "needs JavaScript" in fallback.text
    assert fallback.select_one('a[href$="/blog/"]')
    # search.js; events.js for the footer's upcoming events (issue 19); the
    # quick exit's script (issue 20). Every one deferred.
    scripts = {s["src"].rsplit("/", 1)[-1]: s for s in page.select("script[src]")}
    assert sorted(scripts) == ["events.js", "quick-exit.js", "search.js"]
    assert all(s.has_attr("defer") for s in scripts.values())
    script = scripts["search.js"]
    assert script.has_attr("defer") and script["src"].endswith("/theme/js/search.js")
    assert scripts["events.js"].has_attr("defer")
    assert form["data-index"].endswith("/pagefind/pagefind.js")


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SEARCH_ENABLED", "yes"),
        ("SEARCH_TIMEOUT", 0),
        ("SEARCH_PAGEFIND_CONFIG", ["--verbose"]),
        ("SEARCH_PAGEFIND_CONFIG", {"force_language": 1}),
        ("SEARCH_PAGEFIND_CONFIG", {"no_such_option": "x"}),
    ],
)
def test_bad_settings_stop_the_build(mini_site, setting, value) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/caseloads.md": POST}, **{setting: value})
    assert failure.value.problems[0].startswith(f"pelicanconf.py: {setting}: ")


def test_a_failing_pagefind_fails_the_build(mini_site, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/caseloads.md": POST}, SEARCH_ENABLED=True)
    assert failure.value.problems[0].startswith("search: Pagefind stopped")
    assert "SEARCH_ENABLED = False" in failure.value.problems[0]


def test_a_pagefind_that_hangs_fails_the_build_in_time(
    mini_site, monkeypatch, tmp_path: Path
) -> None:
    hangs = tmp_path / "pagefind"
    hangs.write_text("#!/bin/sh\nexec sleep 30\n")
    hangs.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(hangs))
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/caseloads.md": POST}, SEARCH_ENABLED=True, SEARCH_TIMEOUT=1)
    assert "took longer than 1 s" in failure.value.problems[0]


def test_a_missing_pagefind_binary_is_named(mini_site, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", os.devnull + "/pagefind")
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/caseloads.md": POST}, SEARCH_ENABLED=True)
    assert "Pagefind could not start" in failure.value.problems[0]


def test_a_rebuild_writes_only_the_index_files_that_changed(mini_site) -> None:
    other = POST.replace("Caseloads in the north", "Rotas in the south")
    files = {"posts/caseloads.md": POST, "posts/rotas.md": other}
    output = mini_site(files, SEARCH_ENABLED=True)
    index = output / "pagefind"
    before = {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()}
    assert before

    output = mini_site(files, SEARCH_ENABLED=True)
    assert {p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file()} == before

    files["posts/rotas.md"] = other.replace("Zanzibarish", "Quokkaish")
    output = mini_site(files, SEARCH_ENABLED=True)
    fragments = {p.name for p in (index / "fragment").iterdir()}
    old = {p.name for p in before if p.parent.name == "fragment"}
    # The edited post has a new fragment; the old one is gone, the other kept.
    assert len(fragments) == len(old) and len(fragments & old) == len(old) - 1
    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    (language,) = entry["languages"].values()
    assert language["page_count"] == len(marked_pages(output))
    assert (index / f"pagefind.{language['hash']}.pf_meta").is_file()
    assert len(list(index.glob("*.pf_meta"))) == 1


def test_the_index_digest_changes_with_what_the_index_is_made_from() -> None:
    pages = {"a.html": "1" * 64, "b.html": "2" * 64}
    origin = made_with({}, "pagefind 1.4")
    digest = index_digest(pages, origin)
    assert index_digest(dict(reversed(pages.items())), origin) == digest
    assert index_digest(pages | {"b.html": "3" * 64}, origin) != digest
    assert index_digest({"a.html": "1" * 64}, origin) != digest
    assert made_with({"force_language": "en"}, "pagefind 1.4") != origin
    assert made_with({}, "pagefind 1.5") != origin
    assert index_digest(pages, made_with({}, "pagefind 1.5")) != digest


def _index_page_count(output: Path) -> int:
    entry = json.loads((output / "pagefind/pagefind-entry.json").read_text("utf-8"))
    (language,) = entry["languages"].values()
    return language["page_count"]


def test_unchanged_pages_reuse_the_kept_index(
    mini_site, monkeypatch, tmp_path: Path
) -> None:
    # Older, so Pelican writes it after the other post: when it changes, the
    # page written before it (held back) must still reach Pagefind.
    other = POST.replace("Caseloads in the north", "Rotas in the south").replace(
        "2020-02-01", "2019-02-01"
    )
    files = {"posts/caseloads.md": POST, "posts/rotas.md": other}
    output = mini_site(files, SEARCH_ENABLED=True)
    index = output / "pagefind"
    first = {p: p.read_bytes() for p in index.rglob("*") if p.is_file()}
    kept = tmp_path / "cache" / "search"
    assert json.loads((kept / "index.json").read_text("utf-8"))["files"]

    started: list[int] = []
    start = PagefindService.__init__

    def counted(service: PagefindService, *args: object) -> None:
        started.append(1)
        start(service, *args)

    monkeypatch.setattr(PagefindService, "__init__", counted)
    sent: list[str] = []
    send = PagefindService.add_page

    def recorded(service: PagefindService, relative: str, html: str) -> None:
        sent.append(relative)
        send(service, relative, html)

    monkeypatch.setattr(PagefindService, "add_page", recorded)
    # A fresh output folder with the cache kept (a scheduled build): every
    # page is as the kept index has it, so Pagefind is not even started.
    shutil.rmtree(output)
    mini_site(files, SEARCH_ENABLED=True)
    assert started == []
    assert {p: p.read_bytes() for p in index.rglob("*") if p.is_file()} == first

    # An edited post: Pagefind indexes every page again, and that is kept.
    files["posts/rotas.md"] = other.replace("Zanzibarish", "Quokkaish")
    output = mini_site(files, SEARCH_ENABLED=True)
    assert started == [1]
    assert {p: p.read_bytes() for p in index.rglob("*") if p.is_file()} != first
    pages = _index_page_count(output)
    assert pages >= 2 and sorted(sent) == sorted(
        p.relative_to(output).as_posix() for p in marked_pages(output)
    )
    assert sent.index("posts/2019/rotas-in-the-south.html") > sent.index(
        "posts/2020/caseloads-in-the-north.html"
    )

    # A removed post: no page differs, but one is missing.
    (tmp_path / "content/posts/rotas.md").unlink()
    del files["posts/rotas.md"]
    (output / "posts/2019/rotas-in-the-south.html").unlink()
    output = mini_site(files, SEARCH_ENABLED=True)
    assert started == [1, 1]
    assert _index_page_count(output) == pages - 1 == len(marked_pages(output))


def test_a_damaged_kept_index_is_not_used(mini_site, tmp_path: Path) -> None:
    mini_site({"posts/caseloads.md": POST}, SEARCH_ENABLED=True)
    kept = tmp_path / "cache" / "search"
    digest = json.loads((kept / "index.json").read_text("utf-8"))["digest"]
    assert set(kept_index(kept, digest) or ()) == {
        p.relative_to(kept / "index").as_posix()
        for p in (kept / "index").rglob("*")
        if p.is_file()
    }
    assert kept_index(kept, "0" * 64) is None
    fragment = next((kept / "index" / "fragment").iterdir())
    fragment.write_bytes(b"truncated")
    assert kept_index(kept, digest) is None
    fragment.unlink()
    assert kept_index(kept, digest) is None
    (kept / "index.json").write_text("{not json", "utf-8")
    assert kept_index(kept, digest) is None
