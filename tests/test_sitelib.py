"""The shared library (plugins/sitelib): one function per job, each tested
here, and a mini-site build showing that the theme's colours reach both the
share cards and the chart PNGs."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import feedparser
import pytest
from PIL import Image, ImageFont

from sitelib import (
    BuildFailed,
    FeedEntry,
    FeedInfo,
    ThemeColours,
    atomic_write,
    build_feed,
    colours_from_css,
    create_new,
    is_hex_colour,
    newest_first,
    parse_css_colours,
    plain_text,
    publish_feed,
    script_json,
    theme_colours,
    worker_count,
    wrap_text,
    write_feed,
    write_if_changed,
    write_page,
)
from sitelib.jsonld import absolute, comments, website

ROOT = Path(__file__).resolve().parent.parent

# -- theme colours ------------------------------------------------------------------


def test_css_colours_come_from_the_first_root_block() -> None:
    css = ":root { --brand: #123456; --text:#000; --max: 4rem; }\n:root { --x: #fff; }"
    assert parse_css_colours(css) == {"brand": "#123456", "text": "#000"}
    assert parse_css_colours("body {}") == {}


def test_colours_from_css_name_each_property_and_default_the_rest() -> None:
    colours = colours_from_css(":root { --brand: #0a7f3c; --brand-contrast: #111; }")
    assert colours.brand == "#0a7f3c"
    assert colours.brand_contrast == "#111"
    assert colours.accent == ThemeColours().accent == "#f4e9f7"


def test_the_theme_defaults_are_the_shipped_site_css() -> None:
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert colours_from_css(css) == ThemeColours()


def test_is_hex_colour() -> None:
    assert is_hex_colour("#abc") and is_hex_colour("#A0B1C2")
    assert not is_hex_colour("#abcd") and not is_hex_colour("red")
    assert not is_hex_colour(None)


def test_theme_colours_are_read_once_per_build(tmp_path: Path) -> None:
    css = tmp_path / "static" / "css" / "site.css"
    css.parent.mkdir(parents=True)
    css.write_text(":root { --brand: #0a7f3c; }", encoding="utf-8")
    settings = {"THEME": str(tmp_path)}
    first = theme_colours(settings)
    css.unlink()  # a second read would now give the defaults
    assert theme_colours(settings) is first
    assert first.brand == "#0a7f3c"
    assert theme_colours({"THEME": str(tmp_path)}) == ThemeColours()


# -- text ---------------------------------------------------------------------------


def test_wrap_text_fits_the_width_and_gives_a_long_word_its_own_line() -> None:
    font = ImageFont.load_default(40)
    lines = wrap_text("one two three four five six seven " + "x" * 60, font, 400)
    assert len(lines) > 2
    assert all(font.getlength(line) <= 400 for line in lines[:-1])
    assert lines[-1] == "x" * 60
    assert " ".join(lines) == "one two three four five six seven " + "x" * 60
    assert wrap_text("   ", font, 400) == []


def test_plain_text_removes_markup_and_decodes_entities() -> None:
    assert plain_text("<b>Bold</b> &amp; <i>x</i>") == "Bold & x"
    assert plain_text("&lt;script&gt;alert(1)&lt;/script&gt;Hi") == "Hi"
    assert plain_text("targets < care\n  and   more") == "targets < care and more"
    assert plain_text(None) == ""


def test_script_json_cannot_close_the_script_element() -> None:
    data = {"name": "</script><b>&"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    indented = script_json(data, indent=2)
    assert indented.startswith('{\n  "name"') and json.loads(indented) == data


def test_website_json_ld_names_the_site_in_plain_text() -> None:
    data = website(
        {"SITEURL": "https://x.org/", "SITENAME": "<b>Us</b>", "DEFAULT_LANG": "cy"}
    )
    assert data["name"] == "Us" and data["url"] == "https://x.org/"
    assert data["inLanguage"] == "cy" and "potentialAction" not in data
    assert absolute("https://x.org/", "/a.html") == "https://x.org/a.html"


# -- files --------------------------------------------------------------------------


def test_atomic_write_replaces_a_hard_link_without_writing_through(
    tmp_path: Path,
) -> None:
    cached = tmp_path / "cache.bin"
    cached.write_bytes(b"cached")
    target = tmp_path / "out" / "file.bin"
    target.parent.mkdir()
    os.link(cached, target)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert cached.read_bytes() == b"cached"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.bin"]
    assert target.stat().st_mode & 0o044  # readable by others: the umask applies


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


def test_create_new_writes_a_new_file_and_never_replaces_one(tmp_path: Path) -> None:
    target = tmp_path / "a" / "new.txt"
    create_new(target, b"first")
    assert target.read_bytes() == b"first"
    assert target.stat().st_nlink == 1  # the temporary name is gone
    with pytest.raises(FileExistsError):
        create_new(target, b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["new.txt"]


def test_write_if_changed_writes_only_new_bytes(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    assert write_if_changed(target, b"one") is True
    inode = target.stat().st_ino
    assert write_if_changed(target, b"one") is False
    assert target.stat().st_ino == inode
    assert write_if_changed(target, b"two") is True
    assert target.read_bytes() == b"two"


# -- workers ------------------------------------------------------------------------


def test_worker_count_keeps_cores_back_but_never_goes_below_one() -> None:
    cores = worker_count()
    assert cores >= 1
    assert worker_count(keep=1) == max(1, cores - 1)
    assert worker_count(keep=10**6) == 1


# -- feeds --------------------------------------------------------------------------

INFO = FeedInfo(
    feed_id="https://x.org/feeds/things.atom.xml",
    title="Site: things",
    subtitle="Things from Site",
    author="Site",
    alternate_url="https://x.org/things/",
    feed_domain="https://feeds.x.org",
)


def entry(day: int, name: str) -> FeedEntry:
    when = datetime(2020, 1, day, 9, 0, tzinfo=UTC)
    return FeedEntry(
        url=f"https://x.org/things/{name}.html",
        title=name.title(),
        published=when,
        updated=when,
        author="Sam",
        summary=f"About {name}.",
        content_html=f"<p>{name}</p>",
        category=("survey", "Survey") if name == "b" else None,
    )


def test_feed_entries_are_newest_first() -> None:
    entries = [entry(1, "a"), entry(3, "c"), entry(2, "b"), entry(3, "d")]
    assert [e.url[-6:-5] for e in newest_first(entries)] == ["d", "c", "b", "a"]


def test_a_feed_is_in_the_site_language_newest_first_and_dated_by_its_entries(
    tmp_path: Path,
) -> None:
    feed = build_feed(
        INFO,
        [entry(1, "a"), entry(3, "c"), entry(2, "b")],
        {"DEFAULT_LANG": "en-gb"},
        max_items=2,
        fallback_updated=datetime(2030, 1, 1, tzinfo=UTC),
    )
    written = write_feed(feed, INFO, tmp_path, atom="f/t.atom.xml", rss="f/t.rss.xml")
    assert written == [tmp_path / "f/t.atom.xml", tmp_path / "f/t.rss.xml"]
    atom = feedparser.parse((tmp_path / "f/t.atom.xml").read_bytes())
    rss = feedparser.parse((tmp_path / "f/t.rss.xml").read_bytes())
    for parsed in (atom, rss):
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.feed.language == "en-gb"
        assert [e.title for e in parsed.entries] == ["C", "B"]
        # Atom gives the term, RSS the label.
        assert parsed.entries[1].tags[0].term.lower() == "survey"
        assert all(e.get("author") for e in parsed.entries)
    assert atom.feed.updated.startswith("2020-01-03")
    assert atom.feed.id == INFO.feed_id
    selfs = {link.rel: link.href for link in atom.feed.links}
    assert selfs == {
        "self": "https://feeds.x.org/f/t.atom.xml",
        "alternate": "https://x.org/things/",
    }
    assert rss.feed.link == "https://x.org/things/"
    assert b"https://feeds.x.org/f/t.rss.xml" in (tmp_path / "f/t.rss.xml").read_bytes()
    # Unchanged: nothing is written again.
    assert write_feed(feed, INFO, tmp_path, atom="f/t.atom.xml", rss=None) == []


def test_an_empty_feed_is_dated_by_the_fallback(tmp_path: Path) -> None:
    written = publish_feed(
        INFO,
        [],
        {},
        tmp_path,
        atom="t.atom.xml",
        rss=None,
        max_items=None,
        fallback_updated=datetime(2030, 1, 1, tzinfo=UTC),
    )
    assert written == [tmp_path / "t.atom.xml"]
    atom = feedparser.parse((tmp_path / "t.atom.xml").read_bytes())
    assert atom.entries == []
    assert atom.feed.updated.startswith("2030-01-01")
    assert not (tmp_path / "t.rss.xml").exists()


# -- the theme's colours in a real build -----------------------------------------

NEW_BRAND = "#0a7f3c"
OLD_BRAND = "#6b2d7b"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def colours_in(path: Path) -> set[tuple[int, int, int]]:
    with Image.open(path) as image:
        return {colour for _count, colour in image.convert("RGB").getcolors(1 << 20)}


def test_changing_brand_in_site_css_recolours_share_cards_and_charts(
    mini_site, tmp_path: Path
) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    css = theme / "static" / "css" / "site.css"
    text = css.read_text(encoding="utf-8")
    css.write_text(text.replace(f"--brand: {OLD_BRAND};", f"--brand: {NEW_BRAND};", 1))
    output = mini_site(
        {
            "posts/waiting.md": """
                Title: Waiting lists
                Date: 2020-02-01 10:00
                Category: Analysis

                Body text.
            """,
            "infographics/figures.csv": "Answer,Percent\nGood care,69%\nAdequate,20%\n",
            "infographics/chart.md": """
                Title: A chart
                Date: 2020-03-05
                Survey: Survey A
                Data: figures.csv
                Alt: Bar chart: 69% good care, 20% adequate

                The chart in words.
            """,
        },
        THEME=str(theme),
        SITEURL="https://example.org",
    )
    card = colours_in(output / "images" / "share" / "waiting-lists.png")
    assert rgb(NEW_BRAND) in card and rgb(OLD_BRAND) not in card
    chart = colours_in(output / "images" / "infographics" / "chart" / "chart-1200.png")
    assert rgb(NEW_BRAND) in chart and rgb(OLD_BRAND) not in chart
    page = (output / "infographics" / "chart.html").read_text(encoding="utf-8")
    assert 'class="chart-bar" x="0"' in page and f'fill="{NEW_BRAND}"' in page


def test_remove_addresses_replaces_every_address() -> None:
    from sitelib import remove_addresses

    text = "write to jo.b+x@mail.example.co.uk or <mailto:a@b.org>; @handle, a@b"
    assert remove_addresses(text) == (
        "write to [address removed] or <mailto:[address removed]>; @handle, a@b"
    )


def test_comments_are_schema_org_comments_with_replies_after_their_parent() -> None:
    from types import SimpleNamespace as Item

    when = datetime(2026, 3, 21, 9, 30, tzinfo=UTC)
    reply = Item(anchor="response-b", name="Bo", date=when, text="Yes", replies=[])
    first = Item(
        anchor="response-a",
        name="Al",
        date=when,
        text="Hi x",
        replies=[reply],
    )
    found = comments([first], "https://e.org/p.html")
    assert [c["@id"] for c in found] == [
        "https://e.org/p.html#response-a",
        "https://e.org/p.html#response-b",
    ]
    assert found[0]["@type"] == "Comment" and found[0]["text"] == "Hi x"
    assert found[0]["author"] == {"@type": "Person", "name": "Al"}
    assert "parentItem" not in found[0]
    assert found[1]["parentItem"] == {"@id": "https://e.org/p.html#response-a"}


@pytest.mark.parametrize(
    ("path", "root", "label"),
    [
        ("posts/x.md", "content", "content/posts/x.md"),
        ("posts/./x.md", "content", "content/posts/x.md"),
        ("posts//x.md", "content/", "content/posts/x.md"),
        ("x.md", "./content", "content/x.md"),
        ("a/../x.md", "content", "content/x.md"),
        ("content/x.md", "content", "content/content/x.md"),
        ("x.md", "/", "x.md"),
    ],
)
def test_source_label_agrees_with_relpath(path: str, root: str, label: str) -> None:
    from sitelib import source_label

    assert source_label(path, root) == label
    absolute_path = str(Path(root).absolute() / path)
    expected = os.path.relpath(absolute_path, Path(root).absolute().parent)
    assert source_label(absolute_path, root) == expected


def test_write_page_renders_the_template_with_the_generators_context() -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    class Writer:
        def write_file(self, *args: Any, **kwargs: Any) -> None:
            calls.append((args, kwargs))

    generator = SimpleNamespace(
        context={"SITENAME": "S"},
        settings={"RELATIVE_URLS": True},
        get_template=lambda name: f"<template {name}>",
    )
    write_page(Writer(), generator, "events", "events/index.html", "events/", x=1)
    assert calls == [
        (
            ("events/index.html", "<template events>", {"SITENAME": "S"}),
            {"relative_urls": True, "url": "events/", "x": 1},
        )
    ]


def test_read_own_folder_excludes_it_from_pelicans_readers_once() -> None:
    from sitelib.folders import (
        mark_untrusted,
        own_folders,
        read_own_folder,
        untrusted_folders,
    )

    shared = ["drafts"]
    settings = {"ARTICLE_EXCLUDES": shared, "PAGE_EXCLUDES": []}
    read_own_folder(settings, "/events/")
    read_own_folder(settings, "events")
    assert settings["ARTICLE_EXCLUDES"] == ["drafts", "events"]
    assert settings["PAGE_EXCLUDES"] == ["events"]
    assert shared == ["drafts"]  # Pelican's default list is never changed
    assert own_folders(settings) == ["events"]
    mark_untrusted(settings, ("guest", "images/guest/", "guest"))
    assert untrusted_folders(settings) == ["guest", "images/guest"]
    assert untrusted_folders({}) == [] and own_folders({}) == []


# -- wiring -------------------------------------------------------------------------


@pytest.fixture
def fresh_signals(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Pelican's signals replaced by new ones for one test, so that no other
    plugin's receivers run and nothing stays connected afterwards."""
    from blinker import Namespace
    from pelican import signals

    fresh = Namespace()
    for name in ("initialized", "get_generators", "finalized"):
        monkeypatch.setattr(signals, name, fresh.signal(name))
    return signals


def test_connect_wires_each_handler_to_its_signal_in_order(fresh_signals) -> None:
    from sitelib.wiring import connect

    heard: list[tuple[str, object]] = []

    def first(sender: object) -> None:
        heard.append(("first", sender))

    def second(sender: object) -> None:
        heard.append(("second", sender))

    def last(sender: object) -> None:
        heard.append(("last", sender))

    connect({"initialized": (first, second), "finalized": last})
    fresh_signals.initialized.send("build")
    assert heard == [("first", "build"), ("second", "build")]
    fresh_signals.finalized.send("done")
    assert heard[2:] == [("last", "done")]
    connect({"finalized": last})  # a second build's register(): no-op
    fresh_signals.finalized.send("again")
    assert heard[3:] == [("last", "again")]


def test_generator_plugin_configures_then_hands_over_its_generator(
    fresh_signals,
) -> None:
    from sitelib.settings import Setting, whole_number
    from sitelib.wiring import generator_plugin

    class DemoGenerator:
        pass

    seen: list[int] = []
    register = generator_plugin(
        "demo",
        (Setting("DEMO_COUNT", 3, "how many", whole_number(0)),),
        DemoGenerator,
        needs=(),
        then=lambda settings, options: seen.append(options["DEMO_COUNT"]),
    )
    register()
    register()  # connecting again changes nothing
    good = SimpleNamespace(settings={"PLUGINS": ["demo"], "THEME": "theme"})
    fresh_signals.initialized.send(good)
    assert good.settings["DEMO_COUNT"] == 3 and seen == [3]
    assert [r for _, r in fresh_signals.get_generators.send(good)] == [DemoGenerator]
    bad = SimpleNamespace(
        settings={"PLUGINS": ["demo"], "THEME": "theme", "DEMO_COUNT": -1}
    )
    fresh_signals.initialized.send(bad)
    assert seen == [3]  # a bad setting is reported; ``then`` does not run


def test_generator_plugin_stops_a_build_without_what_it_needs(fresh_signals) -> None:
    from sitelib.wiring import generator_plugin

    generator_plugin("demo", (), object, needs=("build_guard",))()
    with pytest.raises(BuildFailed, match="the demo plugin needs build_guard"):
        fresh_signals.initialized.send(
            SimpleNamespace(settings={"PLUGINS": ["demo"], "THEME": "theme"})
        )


def test_long_date_is_in_the_sites_words_whatever_the_locale() -> None:
    from sitelib.dates import DAY_NAMES, MONTH_NAMES, long_date

    assert long_date(date(2020, 3, 9)) == "9 March 2020"
    assert long_date(datetime(2027, 12, 31, 23, 59)) == "31 December 2027"
    assert len(MONTH_NAMES) == 12 and DAY_NAMES[date(2026, 12, 7).weekday()] == "Monday"


def test_page_macros_give_one_module_per_page_base() -> None:
    from jinja2 import DictLoader, Environment

    from sitelib.embeds import page_macros

    env = Environment(
        loader=DictLoader({"m.html": "{% macro u() %}{{ SITEURL }}/x{% endmacro %}"})
    )
    made: list[str] = []
    original = env.get_template("m.html").make_module

    def counted(context: dict[str, str]) -> object:
        made.append(context["SITEURL"])
        return original(context)

    env.get_template("m.html").make_module = counted  # type: ignore[method-assign]
    settings = {"RELATIVE_URLS": True, "SITEURL": "https://e.org"}
    macros = page_macros(env, "m.html", {"SITENAME": "S"}, settings)
    deep, also_deep = (
        SimpleNamespace(save_as="a/b/p.html"),
        SimpleNamespace(save_as="a/c/q.html"),
    )
    assert str(macros(deep).u()) == "../../x"
    assert str(macros(also_deep).u()) == "../../x"
    assert str(macros(SimpleNamespace(save_as="p.html")).u()) == "./x"
    assert made == ["../..", "."]
    production = page_macros(env, "m.html", {}, {"SITEURL": "https://e.org"})
    assert str(production(deep).u()) == "https://e.org/x"
