"""Responses read ahead in a worker process (issue 18): the same site as the
in-process path, byte for byte; a failing worker only makes it slower; no
process outlives a build; pending and hostile text still never published."""

from __future__ import annotations

import gc
import json
import multiprocessing
from pathlib import Path
from typing import Any

import markdown
import pytest

from conftest import build, write_content
from responses import generator
from responses.model import to_entry
from responses.render import (
    ReadOptions,
    count_files,
    prerender,
    read_response,
    response_key,
)
from sitelib import BuildFailed
from test_responses import FOLDER, all_output, response_file, site_files

HOSTILE = (
    '<script>alert("x")</script> <img src="https://tracker.example/p.gif">\n\n'
    "[click](javascript:alert(1)) and write to someone@example.org\n\n"
    "# A big heading"
)
#: Fixed, so two builds of one site are the same byte for byte.
WHEN = {"BUILD_TIME": "2026-12-04T09:00:00+00:00"}
HOW = ReadOptions("Europe/London", "Anonymous", 5000, "nofollow ugc")


def files() -> dict[str, str]:
    return site_files(
        **{
            f"{FOLDER}/2026-11-03-0900-mallory.md": response_file(
                "Mallory", "approved", HOSTILE, when="2026-11-03 09:00"
            )
        }
    )


def outputs(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, dict[str, str]]]:
    """Every build reads ahead (threshold 0); what each worker gave is kept."""
    monkeypatch.setattr(generator, "POOL_THRESHOLD", 0)
    results: list[dict[str, dict[str, str]]] = []
    take = generator.ReadAhead.take

    def spy(self: generator.ReadAhead) -> dict[str, dict[str, str]]:
        results.append(take(self))
        return results[-1]

    monkeypatch.setattr(generator.ReadAhead, "take", spy)
    return results


def two_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The site built in process, then (fresh cache) with the worker."""
    content = write_content(tmp_path / "content", files())
    monkeypatch.setattr(generator, "POOL_THRESHOLD", 10_000)
    alone = build(content, tmp_path / "alone" / "output", **WHEN)
    assert multiprocessing.active_children() == []
    monkeypatch.setattr(generator, "POOL_THRESHOLD", 0)
    return alone, build(content, tmp_path / "pool" / "output", **WHEN)


def test_worker_gives_the_same_site_byte_for_byte(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    taken: list[dict[str, dict[str, str]]],
) -> None:
    read_here: list[str] = []

    def counted(data: bytes, source: str, *args: Any) -> Any:
        read_here.append(source)
        return read_response(data, source, *args)

    # Only the build process's calls are counted (the worker calls render's).
    monkeypatch.setattr(generator, "read_response", counted)
    alone, pooled = two_builds(tmp_path, monkeypatch)
    # The worker did the reading: one entry per response file (pending too,
    # without its text), and the generator found them all in the cache.
    assert len(read_here) == 4, read_here  # the in-process build only
    assert len(taken) == 1 and len(taken[0]) == 4
    assert multiprocessing.active_children() == []
    assert outputs(pooled) == outputs(alone)
    assert len(outputs(pooled)) > 10
    kept = json.loads((tmp_path / "pool/cache/responses/responses.json").read_text())
    assert kept == json.loads(
        (tmp_path / "alone/cache/responses/responses.json").read_text()
    )


def test_pending_and_hostile_text_never_published_from_the_worker(
    tmp_path: Path, taken: list[dict[str, dict[str, str]]]
) -> None:
    content = write_content(tmp_path / "content", files())
    build(content, tmp_path / "output")
    assert len(taken) == 1 and len(taken[0]) == 4
    # A warm build (every file in the cache) reads in process: no worker.
    output = build(content, tmp_path / "output")
    assert len(taken) == 1
    assert multiprocessing.active_children() == []
    everything = all_output(output)
    cache = (tmp_path / "cache/responses/responses.json").read_text()
    for text in (everything, cache):
        assert "PENDING-SECRET-TEXT" not in text
        assert "<script>alert" not in text and "javascript:" not in text
        assert "tracker.example" not in text and "@example.org" not in text
    page = (output / "posts/2026/waiting-lists.html").read_text()
    assert "[address removed]" in page and ">Mallory</h3>" in page
    assert "<h1>A big heading" not in page


def broken_prerender(*_args: Any) -> dict[str, dict[str, str]]:
    raise RuntimeError("the worker broke")


def test_a_worker_that_raises_still_builds_correctly(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    taken: list[dict[str, dict[str, str]]],
) -> None:
    monkeypatch.setattr(generator, "prerender", broken_prerender)
    alone, pooled = two_builds(tmp_path, monkeypatch)
    assert taken == [{}]
    assert multiprocessing.active_children() == []
    assert outputs(pooled) == outputs(alone)


def test_no_pool_at_all_still_builds_correctly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(_workers: int) -> Any:
        raise OSError("no /dev/shm")

    monkeypatch.setattr(generator, "process_pool", no_pool)
    alone, pooled = two_builds(tmp_path, monkeypatch)
    assert outputs(pooled) == outputs(alone)


def test_no_worker_outlives_a_failed_build(
    tmp_path: Path, taken: list[dict[str, dict[str, str]]]
) -> None:
    bad = files()
    bad[f"{FOLDER}/2026-11-04-0900-x.md"] = response_file("X", "published", "Hi")
    with pytest.raises(BuildFailed) as failure:
        build(write_content(tmp_path / "content", bad), tmp_path / "output")
    assert any("Status: 'published'" in line for line in failure.value.problems)
    # The worker left the bad file out; the generator found and reported it.
    assert len(taken) == 1 and len(taken[0]) == 4
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "output" / "posts").exists()


def test_small_sites_read_in_process(
    tmp_path: Path, taken: list[dict[str, dict[str, str]]], monkeypatch: Any
) -> None:
    monkeypatch.setattr(generator, "POOL_THRESHOLD", 5)  # the site has 4 files
    build(write_content(tmp_path / "content", files()), tmp_path / "output")
    assert taken == []


def test_prerender_skips_known_keys_and_files_with_problems(tmp_path: Path) -> None:
    root = (
        write_content(
            tmp_path / "content",
            {
                "responses/a/2026-11-02-0930-s.md": response_file(
                    "S", "approved", "Hi"
                ),
                "responses/a/2026-11-02-1000-x.md": response_file(
                    "X", "published", "Hi"
                ),
                "responses/a/notes.txt": "not a response",
                "responses/b/2026-11-02-1100-jo.md": response_file(
                    "J", "approved", "*Yo*"
                ),
            },
        )
        / "responses"
    )
    assert count_files(root, 100) == 3 and count_files(root, 1) >= 1
    made = prerender(str(root), HOW, frozenset())
    data = (root / "b/2026-11-02-1100-jo.md").read_bytes()
    jo = response_key(data, "b", "2026-11-02-1100-jo.md", HOW)
    converter = markdown.Markdown(output_format="html5")
    response, problems = read_response(
        data, "x", "b", "2026-11-02-1100-jo.md", HOW, converter
    )
    assert problems == [] and response is not None
    assert made[jo] == to_entry(response) and "<em>Yo</em>" in made[jo]["html"]
    assert len(made) == 2
    assert set(prerender(str(root), HOW, frozenset({jo}))) == set(made) - {jo}


def test_no_worker_outlives_a_build_that_crashes_before_the_responses(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    taken: list[dict[str, dict[str, str]]],
) -> None:
    from pelican.generators import ArticlesGenerator

    def crash(_self: Any) -> None:
        raise RuntimeError("a crash while reading the articles")

    monkeypatch.setattr(ArticlesGenerator, "generate_context", crash)
    with pytest.raises(RuntimeError, match="a crash"):
        build(write_content(tmp_path / "content", files()), tmp_path / "output")
    gc.collect()  # the generator goes; its finaliser shuts the pool
    assert taken == []  # generate_context never ran
    assert multiprocessing.active_children() == []
