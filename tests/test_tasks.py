"""Maintainer tasks that do not deploy: new-post and the task list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from invoke import Context

import tasks
from conftest import ROOT


def test_invoke_lists_the_quickstart_tasks_and_ours() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    names = {line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()}
    expected = {
        "clean",
        "build",
        "rebuild",
        "regenerate",
        "serve",
        "reserve",
        "preview",
        "livereload",
        "test",
        "lint",
        "new-post",
    }
    assert expected <= names


def test_new_post_writes_a_draft_that_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, mini_site
) -> None:
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    monkeypatch.setitem(tasks.CONFIG, "content", str(content))
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    tasks.new_post(Context(), "Waiting lists: what we heard")
    printed = capsys.readouterr().out.strip()
    assert printed == "content/posts/waiting-lists-what-we-heard.md"
    text = (tmp_path / printed).read_text(encoding="utf-8")
    assert text.startswith("Title: Waiting lists: what we heard\nDate: ")
    assert "Status: draft" in text
    output = mini_site({})
    assert (output / "drafts" / "waiting-lists-what-we-heard.html").is_file()


def test_new_post_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "content" / "posts").mkdir(parents=True)
    monkeypatch.setitem(tasks.CONFIG, "content", str(tmp_path / "content"))
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    tasks.new_post(Context(), "Twice")
    with pytest.raises(SystemExit, match="already exists"):
        tasks.new_post(Context(), "Twice")


def test_the_local_server_answers_a_missing_page_with_the_404_page(
    tmp_path: Path,
) -> None:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    from sitetools.serve import serving

    (tmp_path / "404.html").write_text("<h1>Page not found</h1>")
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "index.html").write_text("<h1>Blog</h1>")
    with serving(tmp_path) as origin:
        with urlopen(f"{origin}/blog/") as response:
            assert response.read() == b"<h1>Blog</h1>"
        with pytest.raises(HTTPError) as missing:
            urlopen(f"{origin}/nope.html")
    assert missing.value.code == 404
    assert missing.value.read() == b"<h1>Page not found</h1>"


def test_write_new_source_fills_the_fields_and_never_overwrites(
    tmp_path: Path,
) -> None:
    from sitetools.scaffold import Scaffold, write_new_source

    scaffold = Scaffold(fields=(("Title", "{title}"), ("Tags", "")), body="Body\n")
    path = tmp_path / "new" / "a.md"
    assert write_new_source(path, scaffold, title="Braces {kept}") == path
    assert path.read_text(encoding="utf-8") == "Title: Braces {kept}\nTags: \n\nBody\n"
    with pytest.raises(FileExistsError, match="already exists"):
        write_new_source(path, scaffold, title="Other")
    assert path.read_text(encoding="utf-8").startswith("Title: Braces {kept}\n")


def test_the_three_scaffolds_refuse_a_title_without_letters(tmp_path: Path) -> None:
    from datetime import datetime

    from sitetools.scaffold import create_event, create_guest_post, create_post

    settings = {"PATH": str(tmp_path)}
    now = datetime(2026, 11, 22, 10, 30)
    for make in (
        lambda: create_post(settings, "!!", now, "Ann", "News"),
        lambda: create_event(settings, "!!", "2027-01-01", now),
        lambda: create_guest_post(settings, "!!", "Ann", now),
    ):
        with pytest.raises(ValueError, match="no letters or digits"):
            make()
    assert list(tmp_path.iterdir()) == []


def test_livereload_watches_settings_theme_content_and_plugins() -> None:
    from sitetools.serve import watched_patterns

    assert watched_patterns("pelicanconf.py", "theme", "/site/content") == (
        "pelicanconf.py",
        "theme/templates/**/*.html",
        "theme/static/**/*",
        "/site/content/**/*",
        "plugins/**/*.py",
    )


def test_clean_empties_the_output_folder_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "output"
    (output / "posts").mkdir(parents=True)
    (output / "index.html").write_text("x")
    monkeypatch.setitem(tasks.CONFIG, "deploy_path", str(output))
    tasks.clean(Context())
    assert output.is_dir() and list(output.iterdir()) == []
