"""A no-change `invoke build` rewrites nothing: every output file whose bytes
did not change keeps its inode and ctime."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

from conftest import ROOT, SAMPLE_BUILD_TIME, build

#: Rewritten on purpose: the development sitemap's lastmod is the build time.
EXPECTED_REWRITES = {"sitemap.xml"}


def snapshot(output: Path) -> dict[str, tuple[int, int, str]]:
    return {
        path.relative_to(output).as_posix(): (
            path.stat().st_ino,
            path.stat().st_ctime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in output.rglob("*")
        if path.is_file()
    }


def test_a_second_build_with_nothing_changed_rewrites_no_file(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    settings = {
        "BUILD_TIME": SAMPLE_BUILD_TIME,
        "CACHE_PATH": str(tmp_path / "cache"),
        "SEARCH_ENABLED": False,
    }
    build(content, output, **settings)
    first = snapshot(output)
    assert any(name.startswith("images/guest/") for name in first)
    time.sleep(0.05)  # a rewrite would get a visibly later ctime

    build(content, output, **settings)
    second = snapshot(output)

    assert second.keys() == first.keys()
    rewritten = sorted(
        name
        for name, (inode, ctime, digest) in second.items()
        if digest == first[name][2] and (inode, ctime) != first[name][:2]
    )
    assert set(rewritten) <= EXPECTED_REWRITES, rewritten
