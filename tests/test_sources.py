"""The source audit: nothing from outside content/, no invisible characters,
no active files, no image bombs; one line per file, nothing written."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from build_guard.sources import active_file_error
from sitelib import BuildFailed, ContentError, check_image
from sitelib.text import character_name, control_character_error, field_of_line

POST = "Title: A post\nDate: 2020-01-01 10:00\nCategory: News\n\nSome text.\n"


def png(width: int = 4, height: int = 4) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def ztxt_bomb() -> bytes:
    """A tiny PNG whose zTXt chunk inflates to 64 MB."""
    data = png()
    text = _chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * 64_000_000, 9))
    return data[:33] + text + data[33:]


def huge_png(width: int, height: int) -> bytes:
    """A valid PNG header of any size (one row of image data is enough for
    Pillow to read the header)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * (width * 3 + 1)))
        + _chunk(b"IEND", b"")
    )


def problems_of(mini_site, files: dict[str, str | bytes], **settings) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/good.md": POST, **files}, **settings)
    assert failure.value.code == 1
    return failure.value.problems


# --- pure functions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x0c", "U+000C (form feed)"),
        ("\x01", "U+0001 (control character)"),
        ("\x85", "U+0085 (next line)"),
        ("\u2028", "U+2028 (line separator)"),
        ("\u202e", "U+202E (right-to-left override)"),
    ],
)
def test_characters_are_named_with_code_point_and_name(char, name) -> None:
    assert character_name(char) == name


@pytest.mark.parametrize(
    "char", ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2029", "\u2066"]
)
def test_every_invisible_control_character_is_found(char) -> None:
    error = control_character_error(f"Title: x{char}y\n\nBody\n", ".md", "c.md")
    assert error is not None
    assert error.field == "Title"
    assert "line 1" in error.message


@pytest.mark.parametrize("text", ["tab\there\r\n", "Ünïcödé — “quotes” \u200f\n"])
def test_ordinary_text_passes(text) -> None:
    assert control_character_error(text, ".md", "c.md") is None


def test_field_is_metadata_name_in_the_header_and_body_after_it() -> None:
    lines = ["Title: A", "Summary: long", "  continued", "", "Body text"]
    assert field_of_line(lines, 0, ".md") == "Title"
    assert field_of_line(lines, 2, ".md") == "Summary"
    assert field_of_line(lines, 4, ".md") == "Body"
    assert field_of_line([":tags: a", "", "text"], 0, ".rst") == "Tags"
    assert field_of_line(['<meta name="summary" content="x">'], 0, ".html") == (
        "Summary"
    )
    assert field_of_line(["a,b"], 0, ".csv") == "data"


def test_line_numbers_count_line_feeds_only() -> None:
    # A form feed is not a line break: the editor shows this as line 2.
    error = control_character_error("Title: a\nSlug: c1\x0cx\n\nBody\n", ".md", "c")
    assert error is not None
    assert error.message.startswith("line 2 ")
    assert error.fix == "delete the invisible character U+000C (form feed) on line 2"


def test_xml_is_active_only_with_scripts(tmp_path: Path) -> None:
    plain = tmp_path / "data.xml"
    plain.write_text("<data><row>1</row></data>")
    scripted = tmp_path / "page.xml"
    scripted.write_text('<x:script xmlns:x="http://www.w3.org/1999/xhtml"/>')
    assert active_file_error(plain, "plain") is None
    assert active_file_error(scripted, "scripted") is not None


def test_check_image_turns_a_ztxt_bomb_into_one_content_error(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(ztxt_bomb())
    with pytest.raises(ContentError) as error:
        check_image(bomb, source="content/images/bomb.png", field="image")
    assert "decompression bomb" in str(error.value)


def test_check_image_refuses_pillows_own_bomb_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    huge.write_bytes(huge_png(20_000, 20_000))
    with pytest.raises(ContentError) as error:
        check_image(huge, source="s", field="image", max_pixels=10**12)
    assert "decompression bomb" in str(error.value)


def test_check_image_applies_the_decoded_size_limit(tmp_path: Path) -> None:
    image = tmp_path / "wide.png"
    image.write_bytes(png(100, 100))
    with pytest.raises(ContentError) as error:
        check_image(image, source="s", field="image", max_bytes=100 * 100 * 3 - 1)
    assert "once decoded" in str(error.value)
    assert check_image(image, source="s", field="image").width == 100


# --- whole builds -------------------------------------------------------------


def test_a_control_character_in_a_title_is_one_line_and_no_feed(
    mini_site, tmp_path: Path
) -> None:
    bad = "Title: Bad\x01title\nDate: 2020-01-02\nCategory: News\n\nText.\n"
    problems = problems_of(mini_site, {"posts/bad.md": bad})
    assert problems == [
        "content/posts/bad.md: Title: line 1 contains the invisible character "
        "U+0001 (control character). Fix: delete the invisible character "
        "U+0001 (control character) on line 1"
    ]
    assert not (tmp_path / "output" / "feeds" / "all.atom.xml").exists()
    assert not any((tmp_path / "output").rglob("*.html"))


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Title: T\nSummary: a\x0bb\nDate: 2020-01-02\n\nText.\n", "Summary"),
        ("Title: T\nDate: 2020-01-02\n\nText\x1b[31m red.\n", "Body"),
        ("Title: T\nSlug: c1\x0cSave_as: index.html\nDate: 2020-01-02\n\nT\n", "Slug"),
    ],
)
def test_control_characters_anywhere_stop_the_build(mini_site, text, field) -> None:
    (line,) = problems_of(mini_site, {"posts/bad.md": text})
    assert line.startswith(f"content/posts/bad.md: {field}: line ")


def test_control_character_in_infographic_csv_is_named(mini_site) -> None:
    (line,) = problems_of(mini_site, {"infographics/x.csv": "a,b\n1,\x002\n"})
    assert line.startswith("content/infographics/x.csv: data: line 2 ")


@pytest.mark.parametrize(
    "target", ["/etc/passwd", "../../outside.txt", "../../../pelicanconf.py"]
)
def test_a_symlink_out_of_content_stops_the_build(
    mini_site, tmp_path: Path, target: str
) -> None:
    (tmp_path / "outside.txt").write_text("secret")
    link = tmp_path / "content" / "images" / "team.png"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    (line,) = problems_of(mini_site, {})
    assert line.startswith("content/images/team.png: file: is a symbolic link to")
    assert not (tmp_path / "output" / "images").exists()


def test_symlinked_post_folder_and_dangling_chain_are_refused(
    mini_site, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "post.md").write_text(POST.replace("A post", "Outside"))
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "more").symlink_to(outside)
    (content / "hop").symlink_to(tmp_path / "missing")
    (content / "chain").symlink_to(content / "hop")
    problems = problems_of(mini_site, {})
    assert sorted(line.split(":")[0] for line in problems) == [
        "content/chain",
        "content/hop",
        "content/posts/more",
    ]


def test_a_symlink_inside_content_is_allowed_but_not_in_guest_folders(
    mini_site, tmp_path: Path
) -> None:
    images = tmp_path / "content" / "images"
    (images / "guest").mkdir(parents=True)
    (images / "chart.png").write_bytes(png())
    (images / "same-chart.png").symlink_to("chart.png")
    (images / "guest" / "team.png").symlink_to("../chart.png")
    (line,) = problems_of(mini_site, {})
    assert line.startswith(
        "content/images/guest/team.png: file: is a symbolic link, and the guest"
    )


def test_a_static_path_outside_content_is_refused(mini_site) -> None:
    problems = problems_of(mini_site, {}, STATIC_PATHS=["images", "../"])
    assert problems == [
        "pelicanconf.py: STATIC_PATHS: '../' is outside the content folder. "
        "Fix: name a folder inside content/ (relative to it)"
    ]


@pytest.mark.parametrize(
    "name", ["logo.svg", "page.html", "app.js", "x.xhtml", ".htaccess"]
)
def test_active_static_files_are_refused(mini_site, tmp_path: Path, name) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    (line,) = problems_of(mini_site, {f"images/{name}": svg})
    assert line.startswith(f"content/images/{name}: file: ")
    assert line.endswith(
        "Fix: export it as PNG, or put theme graphics in theme/static/"
    )
    assert not (tmp_path / "output" / "images").exists()


def test_a_huge_png_in_a_staff_post_is_refused(mini_site) -> None:
    post = POST + "\n![A chart]({static}/images/huge.png)\n"
    problems = problems_of(
        mini_site,
        {"posts/good.md": post, "images/huge.png": huge_png(20_000, 20_000)},
    )
    assert problems == [
        "content/images/huge.png: image: 'huge.png' decompresses to more than it "
        "is safe to open (a decompression bomb). Fix: export the image again at a "
        "smaller size, without text chunks"
    ]


def test_the_pixel_limit_is_a_setting(mini_site) -> None:
    (line,) = problems_of(
        mini_site, {"images/chart.png": png(20, 20)}, BUILD_GUARD_MAX_IMAGE_PIXELS=100
    )
    assert "is 20×20 pixels, over the limit of 100 pixels" in line


def test_a_ztxt_bomb_is_one_line(mini_site) -> None:
    (line,) = problems_of(mini_site, {"images/bomb.png": ztxt_bomb()})
    assert line.startswith("content/images/bomb.png: image: 'bomb.png' decompresses")


@pytest.mark.parametrize("value", [0, "big", 1.5])
def test_bad_image_limit_settings_are_one_line(mini_site, value) -> None:
    (line,) = problems_of(mini_site, {}, BUILD_GUARD_MAX_IMAGE_BYTES=value)
    assert line.startswith("pelicanconf.py: BUILD_GUARD_MAX_IMAGE_BYTES: ")


def test_an_svg_linked_from_a_post_outside_static_paths_is_not_copied(
    mini_site, tmp_path: Path
) -> None:
    post = POST + "\n[Drawing]({static}/posts/drawing.svg)\n"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    problems = problems_of(mini_site, {"posts/good.md": post, "posts/drawing.svg": svg})
    assert problems == [
        "content/posts/drawing.svg: file: a .svg file can run scripts in the "
        "reader's browser (or configure the web server). Fix: export it as PNG, "
        "or put theme graphics in theme/static/"
    ]
    assert not (tmp_path / "output" / "posts" / "drawing.svg").exists()


def test_a_symlink_inside_content_builds_and_theme_svg_stays(
    mini_site, tmp_path: Path
) -> None:
    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    (images / "chart.png").write_bytes(png())
    (images / "same-chart.png").symlink_to("chart.png")
    output = mini_site({"posts/good.md": POST})
    assert (output / "images" / "same-chart.png").read_bytes() == png()
    assert (output / "theme" / "images" / "logo.svg").is_file()


# --- content no generator reads -----------------------------------------------


def test_a_post_outside_the_folders_read_fails_the_build(mini_site, tmp_path):
    problems = problems_of(
        mini_site, {"my-post.md": POST, "blog/post.md": POST, "blog/notes.rst": POST}
    )
    folders = (
        "the folders read are events/, guest/, infographics/, pages/, posts/, "
        "responses/"
    )
    fix = (
        "Fix: move it into one of those folders, or list it in "
        "BUILD_GUARD_UNREAD_SOURCES if it is meant to stay unpublished"
    )
    assert sorted(problems) == sorted(
        f"content/{name}: file: no generator reads this file, so it would never "
        f"be published ({folders}). {fix}"
        for name in ("my-post.md", "blog/post.md", "blog/notes.rst")
    )
    assert not (tmp_path / "output" / "index.html").exists()


def test_readmes_and_listed_exceptions_may_stay_unread(mini_site):
    output = mini_site(
        {
            "posts/good.md": POST,
            "README.md": "# Notes for editors\n",
            "posts/README.md": "# How to write a post\n",
            "notes/ideas.md": POST,
            ".#post.md": POST,
        },
        BUILD_GUARD_UNREAD_SOURCES=["notes/*.md"],
    )
    assert (output / "posts" / "2020" / "a-post.html").is_file()
    assert not list(output.rglob("ideas*"))


def test_the_exceptions_setting_must_be_a_list_of_paths(mini_site):
    problems = problems_of(mini_site, {}, BUILD_GUARD_UNREAD_SOURCES="notes/*.md")
    assert problems == [
        "pelicanconf.py: BUILD_GUARD_UNREAD_SOURCES: 'notes/*.md' is not a list "
        'of paths. Fix: use e.g. ["notes/*.md"] (relative to content/)'
    ]
