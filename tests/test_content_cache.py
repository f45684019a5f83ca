"""Pelican's content cache is on for every development build; the campaign
plugin drops it when anything besides the files themselves changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from conftest import ROOT
from content_cache.cache import (
    FINGERPRINT_FILE,
    fingerprint,
    plugin_sources,
    reader_packages,
    stable,
)
from sitelib import BuildFailed

POST = """
    Title: Waiting lists
    Date: 2026-02-01 10:00
    Category: Analysis

    ## How long people wait

    Eighteen weeks, on average.
"""

WITH_PERMALINKS = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": True},
    },
    "output_format": "html5",
}


@pytest.fixture
def markdown_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown files Pelican parses (a cached file is not parsed)."""
    reads: list[str] = []
    read = MarkdownReader.read

    def counted(self: MarkdownReader, source_path: str) -> object:
        reads.append(Path(source_path).name)
        return read(self, source_path)

    monkeypatch.setattr(MarkdownReader, "read", counted)
    return reads


def test_stable_settings_name_objects_without_addresses() -> None:
    class Thing:
        pass

    assert stable({"B": Thing(), "A": {3, 1}}) == stable({"A": {1, 3}, "B": Thing()})
    assert "0x" not in repr(stable({"F": lambda: None, "T": Thing()}))
    assert stable({"F": len}) == [["'F'", "builtins.len"]]
    assert stable((Path("a"), None, 1.5)) == ["a", None, 1.5]


def test_the_fingerprint_follows_settings_and_plugin_code(tmp_path: Path) -> None:
    plugin = tmp_path / "plugins" / "demo" / "__init__.py"
    plugin.parent.mkdir(parents=True)
    plugin.write_text("X = 1\n")
    (plugin.parent / "__pycache__").mkdir()
    (plugin.parent / "__pycache__" / "stale.py").write_text("junk")
    sources = plugin_sources([str(tmp_path / "plugins"), str(tmp_path / "absent")])
    assert sources == [plugin]

    settings = {"MARKDOWN": {"output_format": "html5"}, "SITENAME": "A"}
    first = fingerprint(settings, sources)
    assert fingerprint(dict(reversed(settings.items())), sources) == first
    assert fingerprint(settings | {"SITENAME": "B"}, sources) != first
    plugin.write_text("X = 2\n")
    assert fingerprint(settings, sources) != first


def test_markdown_extension_packages_are_part_of_the_fingerprint() -> None:
    assert reader_packages({}) == ["markdown", "pelican", "pygments"]
    built_in = {"MARKDOWN": {"extension_configs": {"markdown.extensions.toc": {}}}}
    assert reader_packages(built_in) == ["markdown", "pelican", "pygments"]
    # An extension from another package (nh3 stands in: it is installed).
    other = {"MARKDOWN": {"extensions": ["nh3.extension"], "extension_configs": {}}}
    assert "nh3" in reader_packages(other)


def test_unchanged_settings_reuse_the_cache(mini_site, markdown_reads) -> None:
    output = mini_site({"posts/waiting.md": POST})
    assert "waiting.md" in markdown_reads
    page = (output / "posts/2026/waiting-lists.html").read_bytes()

    markdown_reads.clear()
    # SEARCH_TIMEOUT is in CONTENT_CACHE_IGNORES: reading is the same.
    output = mini_site({"posts/waiting.md": POST}, SEARCH_TIMEOUT=60)
    assert markdown_reads == []
    assert (output / "posts/2026/waiting-lists.html").read_bytes() == page

    # An edited file is parsed again, on its own.
    mini_site({"posts/waiting.md": POST.replace("Eighteen", "Twenty")})
    assert markdown_reads == ["waiting.md"]


def test_changed_settings_drop_the_cache(mini_site, markdown_reads) -> None:
    output = mini_site({"posts/waiting.md": POST})
    post = output / "posts/2026/waiting-lists.html"
    assert "headerlink" not in post.read_text("utf-8")

    markdown_reads.clear()
    # Pelican alone would give the cached HTML, without the permalinks.
    mini_site({"posts/waiting.md": POST}, MARKDOWN=WITH_PERMALINKS)
    assert "waiting.md" in markdown_reads
    assert "headerlink" in post.read_text("utf-8")

    markdown_reads.clear()
    mini_site({"posts/waiting.md": POST}, MARKDOWN=WITH_PERMALINKS)
    assert markdown_reads == []


def test_a_failed_build_leaves_no_fingerprint_that_matches(
    mini_site, markdown_reads, tmp_path: Path
) -> None:
    mini_site({"posts/waiting.md": POST})
    kept = tmp_path / "cache" / FINGERPRINT_FILE
    assert kept.is_file()

    broken = {"posts/waiting.md": POST, "posts/broken.md": "Title: No date\n\nx\n"}
    with pytest.raises(BuildFailed):
        mini_site(broken, MARKDOWN=WITH_PERMALINKS)
    assert not kept.exists()

    # The cache now holds what the failed build read with other settings.
    markdown_reads.clear()
    (tmp_path / "content" / "posts" / "broken.md").unlink()
    output = mini_site({"posts/waiting.md": POST})
    assert "waiting.md" in markdown_reads
    post = output / "posts/2026/waiting-lists.html"
    assert "headerlink" not in post.read_text("utf-8")


def test_production_builds_read_every_file(mini_site, markdown_reads) -> None:
    production = read_settings(str(ROOT / "publishconf.py"))
    no_cache = {
        name: production[name] for name in ("CACHE_CONTENT", "LOAD_CONTENT_CACHE")
    }
    assert no_cache == {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    mini_site({"posts/waiting.md": POST})
    markdown_reads.clear()
    mini_site({"posts/waiting.md": POST}, **no_cache)
    assert markdown_reads == ["waiting.md"]


def test_a_build_that_ignores_the_cache_saves_one_for_the_next(
    mini_site, markdown_reads
) -> None:
    # ``invoke rebuild``: pelican --ignore-cache, i.e. LOAD_CONTENT_CACHE off.
    mini_site({"posts/waiting.md": POST}, LOAD_CONTENT_CACHE=False)
    assert markdown_reads == ["waiting.md"]
    mini_site({"posts/waiting.md": POST}, LOAD_CONTENT_CACHE=False)
    assert markdown_reads == ["waiting.md", "waiting.md"]
    mini_site({"posts/waiting.md": POST})
    assert markdown_reads == ["waiting.md", "waiting.md"]


def test_a_bad_ignore_list_stops_the_build(mini_site) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/waiting.md": POST}, CONTENT_CACHE_IGNORES="SEARCH")
    assert failure.value.problems[0].startswith(
        "pelicanconf.py: CONTENT_CACHE_IGNORES: "
    )


def test_a_fingerprint_that_cannot_be_removed_stops_the_cache_being_saved(
    mini_site, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stuck = tmp_path / "cache" / FINGERPRINT_FILE
    stuck.mkdir(parents=True)  # not a file: it can be neither read nor removed
    output = mini_site({"posts/waiting.md": POST})
    assert (output / "posts/2026/waiting-lists.html").is_file()
    assert "this build will not save the cache" in caplog.text
    assert not (tmp_path / "cache" / "ArticlesGenerator-Readers").exists()
