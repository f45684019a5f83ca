"""Plugins say what they need: other plugins in PLUGINS, templates in the theme.

The mini sites here are what a new user makes with ``pelican-quickstart``:
Pelican's default settings and theme, and one of our plugins copied in. They
are built with the ``pelican`` command in a fresh process, because Pelican's
signals are process-wide (plugins registered by other tests would answer).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from sitelib.requires import (
    is_enabled,
    missing_plugins,
    missing_templates,
    requirement_problem,
)

EVENT = "Title: Cafe\nDate: 2026-11-01 10:00\nStart: 2027-01-01 10:00\n\nCome.\n"
POST = "Title: Hello\nDate: 2026-11-01 10:00\n\nA post.\n"


def test_is_enabled_knows_module_and_namespace_names() -> None:
    plugins = ["build_guard", "pelican.plugins.sitemap"]
    assert is_enabled("build_guard", plugins)
    assert is_enabled("sitemap", plugins)
    assert not is_enabled("share_cards", plugins)
    assert missing_plugins(("share_cards", "build_guard", "x"), plugins) == [
        "share_cards",
        "x",
    ]


def test_missing_templates_looks_in_overrides_then_the_theme(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "templates" / "partials").mkdir(parents=True)
    (theme / "templates" / "events.html").write_text("")
    (theme / "templates" / "partials" / "x.html").write_text("")
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "event.html").write_text("")
    settings = {"THEME": str(theme), "THEME_TEMPLATES_OVERRIDES": [str(overrides)]}
    needed = ("events", "event", "partials/x.html", "guests", "partials/y.html")
    assert missing_templates(needed, settings) == ["guests.html", "partials/y.html"]
    assert missing_templates(("events",), {**settings, "TEMPLATE_EXTENSIONS": [".j2"]})
    assert missing_templates(needed[:3], settings) == []


def test_a_missing_plugin_is_named_before_missing_templates(tmp_path: Path) -> None:
    settings = {"PLUGINS": ["infographics"], "THEME": str(tmp_path)}
    problem = requirement_problem(
        "infographics",
        settings,
        plugins=("build_guard", "share_cards"),
        templates=("infographics",),
    )
    assert str(problem) == (
        "pelicanconf.py: PLUGINS: the infographics plugin needs build_guard and "
        'share_cards, which are not in PLUGINS. Fix: add "build_guard", '
        '"share_cards" to PLUGINS (build_guard first in the list)'
    )
    settings["PLUGINS"] += ["build_guard", "share_cards"]
    problem = requirement_problem(
        "infographics", settings, plugins=("build_guard",), templates=("a", "b", "c")
    )
    assert problem is not None and problem.field == "THEME"
    assert "needs the templates a.html, b.html and c.html, which the theme" in str(
        problem
    )
    assert requirement_problem("x", settings, plugins=("share_cards",)) is None


def quickstart_site(tmp_path: Path, plugins: list[str], extra: str = "") -> Path:
    """A site as ``pelican-quickstart`` writes it (default theme, default
    ARTICLE_PATHS), with our plugins folder, these PLUGINS and ``extra``."""
    (tmp_path / "content" / "events").mkdir(parents=True)
    (tmp_path / "content" / "events" / "cafe.md").write_text(EVENT)
    (tmp_path / "content" / "hello.md").write_text(POST)
    (tmp_path / "pelicanconf.py").write_text(
        'AUTHOR = "Ann"\nSITENAME = "New site"\nSITEURL = ""\nPATH = "content"\n'
        'TIMEZONE = "Europe/London"\nDEFAULT_LANG = "en"\n'
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nPLUGINS = {plugins!r}\n" + extra
    )
    return tmp_path


def pelican(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", "output"],
        cwd=site,
        env={**os.environ, "COLUMNS": "1000"},  # one log line, not wrapped
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("plugins", "extra", "line"),
    [
        (
            ["events"],
            "",
            "pelicanconf.py: PLUGINS: the events plugin needs build_guard, which is "
            'not in PLUGINS. Fix: add "build_guard" to PLUGINS (build_guard first '
            "in the list)",
        ),
        (
            ["infographics"],
            "",
            "pelicanconf.py: PLUGINS: the infographics plugin needs build_guard and "
            'share_cards, which are not in PLUGINS. Fix: add "build_guard", '
            '"share_cards" to PLUGINS (build_guard first in the list)',
        ),
        (
            ["build_guard", "events"],
            # What build_guard itself asks of a quickstart site.
            'JINJA_ENVIRONMENT = {"autoescape": True}\n',
            "pelicanconf.py: THEME: the events plugin needs the templates events.html "
            "and event.html, which the theme (",
        ),
    ],
)
def test_a_plugin_without_what_it_needs_stops_a_quickstart_site(
    tmp_path: Path, plugins: list[str], extra: str, line: str
) -> None:
    site = quickstart_site(tmp_path, plugins, extra)
    result = pelican(site)
    assert result.returncode != 0
    printed = (result.stdout + result.stderr).splitlines()
    problems = [text.strip(" -") for text in printed if "pelicanconf.py: " in text]
    assert len(problems) == 1, printed
    assert problems[0].startswith(line)
    assert "Traceback" not in result.stdout + result.stderr
    output = site / "output"
    assert not output.exists() or not any(output.rglob("*"))


def test_events_with_what_it_needs_builds_a_quickstart_site(tmp_path: Path) -> None:
    """With build_guard in PLUGINS and its two templates, a quickstart site
    builds, and the events folder is not read as ordinary posts."""
    overrides = tmp_path / "templates"
    overrides.mkdir()
    (overrides / "events.html").write_text("<p>Events</p>")
    (overrides / "event.html").write_text("<h1>{{ event.title }}</h1>")
    site = quickstart_site(
        tmp_path / "site",
        ["build_guard", "events"],
        'JINJA_ENVIRONMENT = {"autoescape": True}\n'
        f"THEME_TEMPLATES_OVERRIDES = [{str(overrides)!r}]\n",
    )
    result = pelican(site)
    assert result.returncode == 0, result.stdout + result.stderr
    output = site / "output"
    assert (output / "events" / "cafe.html").read_text() == "<h1>Cafe</h1>"
    assert (output / "hello.html").is_file()
    assert not (output / "cafe.html").exists()
    assert "Cafe" not in (output / "index.html").read_text()
