"""The one settings mechanism (sitelib.settings), that a bad setting stops
the build before any content is read, and that every plugin's README lists
exactly the settings the plugin declares."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from sitelib import BuildFailed
from sitelib import settings as mechanism
from sitelib.settings import TABLE_END, TABLE_START, Setting
from sitetools.settings_docs import (
    declared_settings,
    plugin_names,
    stale_readmes,
    write_readmes,
)

ROOT = Path(__file__).resolve().parent.parent

DECLARED = (
    Setting("DEMO_PATH", "demo", "folder", mechanism.path("demo")),
    Setting("DEMO_URL", "demo/{slug}.html", "page", mechanism.pattern("d/{slug}.html")),
    Setting("DEMO_COUNT", 3, "how many", mechanism.whole_number(1, 10)),
    Setting("DEMO_FEED", None, "feed", mechanism.optional(mechanism.path("f.xml"))),
    Setting("DEMO_ON", True, "switch", mechanism.is_bool),
    Setting(
        "DEMO_DIRS",
        ("a",),
        "folders",
        mechanism.sequence_of(mechanism.text, "folders", '["a"]'),
        tidy=lambda dirs: tuple(d.strip("/") for d in dirs),
    ),
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
    with pytest.raises(AttributeError):
        _ = options.no_such_setting


def test_attribute_names_drop_the_common_prefix() -> None:
    assert mechanism.options({}, DECLARED).feed is None
    guest = (
        Setting("GUEST_POSTS_PATH", "g", ""),
        Setting("GUEST_POSTS_INDEX_URL", "", ""),
    )
    assert mechanism.options({}, guest).index_url == ""
    (only,) = DECLARED[:1]
    assert mechanism.options({}, (only,)).demo_path == "demo"


def test_options_tidy_good_values_and_read_bad_ones_as_the_default() -> None:
    options = mechanism.options({"DEMO_DIRS": ["/x/", "y"], "DEMO_COUNT": 0}, DECLARED)
    assert options.dirs == ("x", "y")
    assert options.count == 3
    assert mechanism.value_of({}, DECLARED[-1]) == ("a",)
    assert len(options) == len(DECLARED) and set(options) == {s.name for s in DECLARED}


@pytest.mark.parametrize(
    ("name", "value", "wording"),
    [
        ("DEMO_PATH", "", "is not a path inside the site"),
        ("DEMO_PATH", "../etc", "is not a path inside the site"),
        ("DEMO_PATH", "/etc", "is not a path inside the site"),
        ("DEMO_URL", "d/page.html", "has no {slug}"),
        ("DEMO_COUNT", 0, "is not a whole number from 1 to 10"),
        ("DEMO_COUNT", True, "is not a whole number from 1 to 10"),
        ("DEMO_FEED", 3, "is not a path inside the site"),
        ("DEMO_ON", "yes", "is not True or False"),
        ("DEMO_DIRS", ["a", ""], "is not a list of folders"),
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


def test_a_check_that_raises_is_a_problem_not_a_traceback() -> None:
    def strict(value: object) -> None:
        raise ValueError("cannot read it")

    setting = Setting("DEMO_X", 1, "x", strict)
    assert mechanism.problem_with(setting, 2) == (
        "cannot read it",
        "use a value like 1",
    )


def test_configure_reports_each_problem_and_returns_options_only_when_good(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings: dict[str, object] = {"DEMO_COUNT": 11, "DEMO_ON": "no"}
    with caplog.at_level(logging.ERROR):
        assert mechanism.configure(settings, DECLARED) is None
    assert [r.content_error.field for r in caplog.records] == ["DEMO_COUNT", "DEMO_ON"]
    assert settings["DEMO_PATH"] == "demo"  # defaults filled in all the same
    caplog.clear()
    good: dict[str, object] = {"DEMO_COUNT": 4}
    options = mechanism.configure(good, DECLARED)
    assert options is not None and options.count == 4 and caplog.records == []


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (mechanism.is_bool, False, 0),
        (mechanism.string, "", None),
        (mechanism.text, "x", "  "),
        (mechanism.whole_number(2), 2, 1),
        (mechanism.number(0), 0.5, 0),
        (mechanism.number(0, above=False), 0, -1),
        (mechanism.path("a"), "a/b/", "a/../b"),
        (mechanism.pattern("p/{slug}"), "p/{slug}.x", "p/x"),
        (mechanism.optional(mechanism.text), None, ""),
        (mechanism.one_of("a", "b"), "b", "c"),
        (mechanism.sequence_of(mechanism.text, "names", '["a"]'), ["a"], "a"),
        (
            mechanism.sequence_of(mechanism.text, "names", '["a"]', empty=False),
            ["a"],
            [],
        ),
    ],
)
def test_checks(check: mechanism.Check, good: object, bad: object) -> None:
    assert check(good) is None
    message, fix = check(bad)  # type: ignore[misc]
    assert message.startswith(("is not", "has no")) and fix


def test_literal_writes_defaults_as_in_the_settings_file() -> None:
    assert mechanism.literal('a"b') == '"a\\"b"'
    assert mechanism.literal(40_000_000) == "40_000_000"
    assert mechanism.literal(9999) == "9999"
    assert mechanism.literal(("x",)) == '("x",)'
    assert mechanism.literal((1, 2)) == "(1, 2)"
    assert mechanism.literal(["a", None]) == '["a", None]'
    assert mechanism.literal({"k": True}) == '{"k": True}'


def test_markdown_table_and_with_table() -> None:
    declared = (
        Setting("DEMO_A", "a|b", "one | two"),
        Setting("DEMO_B", None, "long", shown="the usual ones"),
    )
    table = mechanism.markdown_table(declared)
    assert table.splitlines() == [
        "| setting | default | meaning |",
        "|---|---|---|",
        '| `DEMO_A` | `"a\\|b"` | one \\| two |',
        "| `DEMO_B` | the usual ones | long |",
    ]
    readme = f"# x\n\n{TABLE_START}\nold\n{TABLE_END}\n\nAfter.\n"
    assert mechanism.with_table(readme, declared) == (
        f"# x\n\n{TABLE_START}\n\n{table}\n\n{TABLE_END}\n\nAfter.\n"
    )
    with pytest.raises(ValueError, match="markers"):
        mechanism.with_table("# no table\n", declared)


# --- every plugin -------------------------------------------------------

DECLARING = [(p, declared_settings(p)) for p in plugin_names()]


def test_every_plugin_that_reads_settings_declares_them() -> None:
    declaring = {plugin for plugin, declared in DECLARING if declared}
    assert declaring == {
        "build_guard",
        "content_cache",
        "events",
        "guest_posts",
        "infographics",
        "newsletter",
        "progress",
        "reader_care",
        "reading_time",
        "responses",
        "search",
        "share_cards",
    }


@pytest.mark.parametrize(
    ("plugin", "declared"), DECLARING, ids=[p for p, _ in DECLARING]
)
def test_each_plugins_defaults_pass_its_own_checks(
    plugin: str, declared: tuple[Setting, ...]
) -> None:
    assert all(isinstance(setting, Setting) for setting in declared)
    names = [setting.name for setting in declared]
    assert len(names) == len(set(names)), plugin
    defaults = {setting.name: setting.default for setting in declared}
    assert mechanism.problems(defaults, declared) == []


def _readme_settings(readme: Path) -> dict[str, str]:
    """``{name: default}`` from the README's settings table (first column a
    setting in backticks, second its default), between its markers."""
    text = readme.read_text(encoding="utf-8")
    assert text.count(TABLE_START) == 1 and text.count(TABLE_END) == 1
    table = text[text.index(TABLE_START) : text.index(TABLE_END)]
    found = {}
    for line in table.splitlines():
        match = re.match(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|\s*(.*?)\s*\|", line)
        if match:
            found[match[1]] = match[2]
    return found


@pytest.mark.parametrize(
    ("plugin", "declared"),
    [(p, d) for p, d in DECLARING if d],
    ids=[p for p, d in DECLARING if d],
)
def test_readme_settings_table_matches_the_declared_settings(
    plugin: str, declared: tuple[Setting, ...]
) -> None:
    readme = ROOT / "plugins" / plugin / "README.md"
    table = _readme_settings(readme)
    assert set(table) == {s.name for s in declared}
    for setting in declared:
        assert table[setting.name] == (
            setting.shown or f"`{mechanism.literal(setting.default)}`"
        ), setting.name
    text = readme.read_text(encoding="utf-8")
    assert mechanism.with_table(text, declared) == text, "run: invoke settings-docs"


def test_no_readme_table_is_stale() -> None:
    assert stale_readmes() == []


def test_settings_docs_rewrites_a_stale_table(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    for name in ("reading_time", "series"):
        shutil.copytree(ROOT / "plugins" / name, plugins / name)
    readme = plugins / "reading_time" / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(
        text.replace("`READING_TIME_WORDS_PER_MINUTE` | `200`", "`X` | `1`"),
        encoding="utf-8",
    )
    assert stale_readmes(plugins) == [readme]
    assert write_readmes(plugins) == [readme]
    assert readme.read_text(encoding="utf-8") == text
    assert write_readmes(plugins) == []


# --- in a build ---------------------------------------------------------

BROKEN_POST = "Title: Broken\nDate: 2020-13-45\n\nBody.\n"


def test_bad_settings_of_every_plugin_stop_the_build_before_content_is_read(
    mini_site, tmp_path: Path
) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site(
            {"posts/broken.md": BROKEN_POST},
            BUILD_GUARD_MAX_IMAGE_BYTES=0,
            CONTENT_CACHE_IGNORES="SEARCH",
            EVENTS_UPCOMING_COUNT=-1,
            GUEST_POSTS_IMAGE_QUALITY=100,
            INFOGRAPHICS_WIDTHS=(),
            READING_TIME_WORDS_PER_MINUTE="fast",
            SEARCH_TIMEOUT=0,
            SHARE_CARDS_OUTPUT="/images",
        )
    lines = failure.value.problems
    assert sorted(line.split(": ")[1] for line in lines) == [
        "BUILD_GUARD_MAX_IMAGE_BYTES",
        "CONTENT_CACHE_IGNORES",
        "EVENTS_UPCOMING_COUNT",
        "GUEST_POSTS_IMAGE_QUALITY",
        "INFOGRAPHICS_WIDTHS",
        "READING_TIME_WORDS_PER_MINUTE",
        "SEARCH_TIMEOUT",
        "SHARE_CARDS_OUTPUT",
    ]
    assert all(
        line.startswith("pelicanconf.py: ") and ". Fix: " in line for line in lines
    )
    # Nothing was read (the broken post is not reported) and nothing written.
    assert not any("broken.md" in line for line in lines)
    output = tmp_path / "output"
    assert not output.exists() or not any(output.iterdir())


def test_a_folder_setting_is_tidied_of_slashes() -> None:
    assert mechanism.folder("/images/share/") == "images/share"
    assert mechanism.folder("guest") == "guest"


def test_feed_settings_are_an_atom_and_an_rss_path_or_none() -> None:
    atom, rss = mechanism.feed_settings("DEMO", "demo", rss_doc="the RSS one")
    assert (atom.name, atom.default) == ("DEMO_FEED_ATOM", "feeds/demo.atom.xml")
    assert (rss.name, rss.default) == ("DEMO_FEED_RSS", "feeds/demo.rss.xml")
    assert (atom.doc, rss.doc) == ("`None` turns it off", "the RSS one")
    assert atom.check(None) is None and rss.check("f/x.xml") is None
    assert rss.check("../x.xml") == (
        "is not a path inside the site",
        'use e.g. "feeds/demo.rss.xml", or None',
    )
