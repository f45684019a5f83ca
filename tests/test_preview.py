"""``invoke preview``, ``rebuild`` and ``build`` never leave ``output/`` empty
or half-written: a failed build leaves the previous site in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from invoke import Context

import tasks
from conftest import ROOT, build, write_content
from sitelib import BuildFailed
from sitetools.preview import build_and_replace, replace_folder
from sitetools.publish import PublishError

GOOD_POST = "Title: A good post\nDate: 2020-01-01 10:00\nCategory: News\n\nText.\n"
BROKEN_POST = "Title: Broken\nDate: 2020-13-45\n\nText.\n"
BROKEN_LINE = "content/posts/broken.md: Date: '2020-13-45' is not a date"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` with its bytes and modification time."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def previous_site(output: Path) -> dict[str, tuple[bytes, int]]:
    (output / "posts").mkdir(parents=True)
    (output / "index.html").write_text("<!DOCTYPE html><title>previous</title>")
    (output / "posts" / "old.html").write_text("<!DOCTYPE html><title>old</title>")
    return snapshot(output)


def options(tmp_path: Path) -> list[str]:
    """Pelican options keeping the test's cache out of the project."""
    cache = json.dumps(str(tmp_path / "cache"))
    return ["-e", f"CACHE_PATH={cache}", "SEARCH_ENABLED=false"]


def preview(tmp_path: Path, content: Path) -> None:
    """``build_and_replace`` of ``content`` into ``tmp_path/output``, as
    ``invoke preview`` runs it (production settings), quietly."""
    build_and_replace(
        tmp_path / "output",
        ROOT / "publishconf.py",
        content=content,
        extra=options(tmp_path),
        quiet=True,
    )


def test_a_failed_preview_leaves_output_as_it_was(tmp_path: Path) -> None:
    content = write_content(
        tmp_path / "content",
        {"posts/good.md": GOOD_POST, "posts/broken.md": BROKEN_POST},
    )
    output = tmp_path / "output"
    before = previous_site(output)
    with pytest.raises(PublishError) as failure:
        preview(tmp_path, content)
    message = str(failure.value)
    assert message.startswith("the build failed; output/ was left as it was")
    assert BROKEN_LINE in message
    assert "Traceback" not in message
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "output"]


def test_a_preview_replaces_output_only_once_built(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", {"posts/good.md": GOOD_POST})
    output = tmp_path / "output"
    previous_site(output)
    preview(tmp_path, content)
    assert "A good post" in (output / "posts" / "2020" / "a-good-post.html").read_text(
        encoding="utf-8"
    )
    assert not (output / "posts" / "old.html").exists()
    assert "previous" not in (output / "index.html").read_text(encoding="utf-8")
    assert output.stat().st_mode & 0o777 == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "output"]


def test_replace_folder_swaps_and_removes_the_old_one(tmp_path: Path) -> None:
    old, new = tmp_path / "output", tmp_path / "fresh"
    for folder, text in ((old, "old"), (new, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    replace_folder(new, old)
    assert (old / "index.html").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
    replace_folder(tmp_path / "output", tmp_path / "first")
    assert [p.name for p in tmp_path.iterdir()] == ["first"]


def test_a_failed_development_build_writes_nothing(tmp_path: Path) -> None:
    """``invoke build`` (DELETE_OUTPUT_DIRECTORY = False) writes straight into
    output/: the build guard stops it before the first file is written."""
    content = write_content(tmp_path / "content", {"posts/good.md": GOOD_POST})
    output = build(content, tmp_path / "output")
    before = snapshot(output)
    assert "posts/2020/a-good-post.html" in before
    (content / "posts" / "good.md").write_text(
        GOOD_POST.replace("Text.", "Changed."), encoding="utf-8"
    )
    (content / "posts" / "broken.md").write_text(BROKEN_POST, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(content, output)
    assert any(BROKEN_LINE in line for line in failure.value.problems)
    assert snapshot(output) == before


def test_preview_and_rebuild_tasks_build_first_then_replace(monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(
        "sitetools.preview.build_and_replace",
        lambda output, settings, **options: calls.append((output, settings, options)),
    )
    monkeypatch.setattr(tasks, "clean", lambda c: pytest.fail("output/ was cleaned"))
    tasks.preview(Context())
    tasks.rebuild(Context())
    output = Path(tasks.CONFIG["deploy_path"])
    assert calls == [
        (output, ROOT / "publishconf.py", {"extra": ()}),
        (output, ROOT / "pelicanconf.py", {"extra": ("--ignore-cache",)}),
    ]


def test_a_failed_preview_task_exits_non_zero(monkeypatch) -> None:
    def fail(*_args, **_options):
        raise PublishError("the build failed; output/ was left as it was")

    monkeypatch.setattr("sitetools.preview.build_and_replace", fail)
    with pytest.raises(SystemExit) as exited:
        tasks.preview(Context())
    assert (
        exited.value.code == "Not built: the build failed; output/ was left as it was"
    )
