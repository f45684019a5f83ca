"""The one settings mechanism (sitelib.settings), and that every plugin's
README lists exactly the settings the plugin declares."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from sitelib import settings as mechanism
from sitelib.settings import Setting

ROOT = Path(__file__).resolve().parent.parent

DECLARED = (
    Setting("DEMO_PATH", "demo", "folder", mechanism.path("demo")),
    Setting("DEMO_URL", "demo/{slug}.html", "page", mechanism.pattern("d/{slug}.html")),
    Setting("DEMO_COUNT", 3, "how many", mechanism.whole_number(1, 10)),
    Setting("DEMO_FEED", None, "feed", mechanism.optional(mechanism.path("f.xml"))),
    Setting("DEMO_ON", True, "switch", mechanism.is_bool),
)


def test_defaults_fill_only_missing_settings_and_options_are_read_only() -> None:
    settings = {"DEMO_COUNT": 5}
    mechanism.apply_defaults(settings, DECLARED)
    assert settings["DEMO_PATH"] == "demo" and settings["DEMO_COUNT"] == 5
    options = mechanism.options(settings, DECLARED)
    assert options.count == 5 and options["DEMO_URL"] == "demo/{slug}.html"
    with pytest.raises(AttributeError):
        options.count = 6  # type: ignore[misc]
    with pytest.raises(TypeError):
        options._values["DEMO_COUNT"] = 6  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "value", "wording"),
    [
        ("DEMO_PATH", "", "is not a path inside the site"),
        ("DEMO_PATH", "../etc", "is not a path inside the site"),
        ("DEMO_URL", "d/page.html", "has no {slug}"),
        ("DEMO_COUNT", 0, "is not a whole number from 1 to 10"),
        ("DEMO_COUNT", True, "is not a whole number from 1 to 10"),
        ("DEMO_FEED", 3, "is not a path inside the site"),
        ("DEMO_ON", "yes", "is not True or False"),
    ],
)
def test_each_bad_setting_is_one_line_naming_setting_value_and_fix(
    name: str, value: object, wording: str
) -> None:
    (problem,) = mechanism.problems({name: value}, DECLARED)
    line = str(problem)
    assert line.startswith(f"pelicanconf.py: {name}: {value!r} {wording}")
    assert ". Fix: " in line


def test_good_values_and_none_for_optional_settings_pass() -> None:
    good = {s.name: s.default for s in DECLARED}
    assert mechanism.problems(good, DECLARED) == []
    assert mechanism.problems({"DEMO_FEED": "feeds/x.xml"}, DECLARED) == []


def _readme_settings(readme: Path) -> dict[str, str]:
    """``{name: default}`` from the README's settings table (first column a
    setting in backticks, second its default)."""
    found = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|\s*(.*?)\s*\|", line)
        if match:
            found[match[1]] = match[2]
    return found


def _declaring_plugins() -> list[tuple[str, tuple[Setting, ...]]]:
    found = []
    for folder in sorted((ROOT / "plugins").iterdir()):
        if not (folder / "__init__.py").is_file() or folder.name == "sitelib":
            continue
        module = importlib.import_module(folder.name)
        declared = getattr(module, "SETTINGS", None)
        if declared is None:
            for name in ("settings", "plugin"):
                try:
                    declared = importlib.import_module(f"{folder.name}.{name}").SETTINGS
                    break
                except (ImportError, AttributeError):
                    continue
        if declared:
            found.append((folder.name, tuple(declared)))
    return found


@pytest.mark.parametrize(
    ("plugin", "declared"), _declaring_plugins(), ids=lambda v: str(v)[:20]
)
def test_readme_settings_table_matches_the_declared_settings(
    plugin: str, declared: tuple[Setting, ...]
) -> None:
    table = _readme_settings(ROOT / "plugins" / plugin / "README.md")
    assert set(table) == {s.name for s in declared}
    for setting in declared:
        assert table[setting.name] == f"`{setting.default!r}`" or (
            setting.default is None and table[setting.name] == "`None`"
        ), setting.name
