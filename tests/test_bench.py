"""What the benchmark relies on that is not a timing: a rebuild with nothing
changed rewrites no image, and Pelican's content cache changes no output byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican import Pelican

from benchmarks.builds import bench_settings
from benchmarks.run import IMAGE_SUFFIXES, rewritten, snapshot
from benchmarks.synth import infographic_png, make_site, post_body


def _build(
    site: Path, output: str, *, content_cache: bool = False, cache: str = ""
) -> Path:
    settings = bench_settings(
        "full",
        site / "content",
        site / output,
        site / (cache or f"{output}-cache"),
        content_cache=content_cache,
    )
    Pelican(settings).run()
    return site / output


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small seeded site with posts, events, infographics and a static image."""
    site = tmp_path_factory.mktemp("synthetic")
    make_site(
        site / "content",
        posts=24,
        events=4,
        infographics=2,
        seed=3,
        image_size=(600, 850),
    )
    infographic_png(site / "content" / "images" / "photo.png", 1, (320, 200))
    post = site / "content" / "posts" / "post-00001.md"
    post.write_text(
        post.read_text(encoding="utf-8")
        + "\n![A bar chart]({static}/images/photo.png)\n",
        encoding="utf-8",
    )
    return site


def test_synthetic_site_is_seeded() -> None:
    import random

    one = post_body(random.Random(5), 400, ["a.md"])
    two = post_body(random.Random(5), 400, ["a.md"])
    assert one == two
    assert 400 <= len(one.split()) < 520


def test_snapshot_sees_rewrites(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"x")
    (tmp_path / "b.html").write_text("x")
    before = snapshot(tmp_path)
    (tmp_path / "a.png").write_bytes(b"y")
    (tmp_path / "c.webp").write_bytes(b"z")
    after = snapshot(tmp_path)
    assert rewritten(before, after, IMAGE_SUFFIXES) == 2
    assert rewritten(before, after) == 2
    assert rewritten(after, snapshot(tmp_path)) == 0


def test_no_change_rebuild_rewrites_no_image(synthetic: Path) -> None:
    output = _build(synthetic, "rebuild", cache="shared-cache")
    before = snapshot(output)
    images = [name for name in before if Path(name).suffix in IMAGE_SUFFIXES]
    assert "images/photo.png" in images
    assert any("chart-001" in name and name.endswith(".webp") for name in images)
    assert any(name.endswith(".pdf") for name in images)
    _build(synthetic, "rebuild", cache="shared-cache")
    after = snapshot(output)
    assert rewritten(before, after, IMAGE_SUFFIXES) == 0
    assert set(after) == set(before)


def test_content_cache_changes_no_output_byte(synthetic: Path) -> None:
    # One CACHE_PATH for both, so the image derivatives are the same files and
    # only Pelican's content cache differs.
    plain = _build(synthetic, "plain", cache="shared-cache")
    cache = synthetic / "shared-cache"
    before = {p for p in cache.rglob("*") if p.is_file()}
    _build(synthetic, "cached", content_cache=True, cache="shared-cache")
    written = {p for p in cache.rglob("*") if p.is_file()} - before
    assert written, "the content cache was not written"
    cached = _build(synthetic, "cached", content_cache=True, cache="shared-cache")
    plain_files = sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    cached_files = sorted(
        p.relative_to(cached) for p in cached.rglob("*") if p.is_file()
    )
    assert plain_files == cached_files
    assert len(plain_files) > 50
    different = [
        str(name)
        for name in plain_files
        if (plain / name).read_bytes() != (cached / name).read_bytes()
    ]
    assert different == []
