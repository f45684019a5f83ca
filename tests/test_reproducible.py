"""Two production builds of the same sources with the same SOURCE_DATE_EPOCH
are byte-identical, so a deploy changes exactly what the sources changed."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from sitetools.publish import build_site

EPOCH = "1795348800"  # 2026-11-22T12:00:00Z


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def first_difference(a: bytes, b: bytes) -> str:
    """The first differing line of two files, for a readable failure."""
    lines = difflib.unified_diff(
        a.decode("utf-8", "replace").splitlines(),
        b.decode("utf-8", "replace").splitlines(),
        lineterm="",
        n=0,
    )
    changed = [line for line in lines if line[:1] in "+-" and line[:3] not in "+++---"]
    return " / ".join(line[:160] for line in changed[:2]) or "binary content differs"


def test_two_production_builds_are_byte_identical(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # Different folder names too: nothing may depend on where the build ran.
    first = files(build_site_into(tmp_path / "one", content))
    second = files(build_site_into(tmp_path / "two", content))
    assert len(first) > 10
    assert sorted(first) == sorted(second)
    differing = {
        name: first_difference(first[name], second[name])
        for name in first
        if first[name] != second[name]
    }
    assert differing == {}


def build_site_into(output: Path, content: Path) -> Path:
    build_site(output, content=content, quiet=True)
    return output


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (b"x\ny\n", b"x\nz\n", "-y / +z"),
        (b"same", b"same", "binary content differs"),
    ],
)
def test_first_difference_is_readable(a, b, expected):
    assert first_difference(a, b) == expected
