"""``invoke intake``: guest posts that arrive as saved emails (real MIME
fixtures in tests/fixtures/intake/) or .md files become drafts in
content/guest/ with their images in content/images/guest/, and nothing is
ever written anywhere else in content/."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import ROOT, site_settings
from sitelib import check_image
from sitetools.intake import (
    IntakeError,
    image_name,
    images_folder,
    intake,
    read_submission,
    rewrite_images,
)

FIXTURES = ROOT / "tests" / "fixtures" / "intake"
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=ZoneInfo("Europe/London"))
#: Where intake may write: the two content folders, and what the check
#: writes (the build's output and cache, the one-file preview).
WRITABLE = ("content/guest/", "content/images/guest/", "output/", "cache/", "preview/")


def listing(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (symbolic links not followed) and its bytes."""
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = (
                b"" if path.is_symlink() else path.read_bytes()
            )
    return found


def outside_writable(listing: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in listing.items() if not k.startswith(WRITABLE)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with an almost empty content folder and a settings
    file someone might try to overwrite."""
    for folder in ("content/posts", "content/pages"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'ours'\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def settings(project: Path) -> dict[str, Any]:
    return site_settings(project / "content", project / "output")


def take(name: str, settings: dict[str, Any], **options: Any) -> Any:
    return intake(
        FIXTURES / name,
        settings,
        source=f"tests/fixtures/intake/{name}",
        now=NOW,
        validate_html=False,
        **options,
    )


def draft(project: Path, slug: str) -> str:
    return (project / "content" / "guest" / f"{slug}.md").read_text(encoding="utf-8")


# -- the fixtures -------------------------------------------------------------------


def test_plain_text_message_gets_a_header_from_subject_and_sender(
    project: Path, settings: dict[str, Any]
) -> None:
    before = outside_writable(listing(project))
    result = take("plain.eml", settings)
    assert result.post == project / "content/guest/my-first-year-as-a-pwp.md"
    text = draft(project, "my-first-year-as-a-pwp")
    assert text.startswith(
        "Title: My first year as a PWP\n"
        "Author: Priya Shah\n"
        "Date: 2026-12-01 20:14\n"
        "Summary: FILL IN: "
    )
    assert "\nStatus: draft\n\nNobody told me how much of the job is the phone." in text
    assert "[useful reading](https://example.org/reading)" in text
    assert "example.net" not in text  # the sender's address is never written
    # The checker names what the maintainer fills in: the draft is still written.
    assert [p.split(": ", 2)[1] for p in result.problems] == [
        "Summary (line 4)",
        "Bio (line 5)",
    ]
    assert all("still has the FILL IN text" in p for p in result.problems)
    assert result.standalone is None  # no preview until the checks pass
    assert outside_writable(listing(project)) == before


def test_html_only_message_becomes_plain_paragraphs(
    project: Path, settings: dict[str, Any]
) -> None:
    result = take("html_only.eml", settings)
    text = result.post.read_text(encoding="utf-8")
    assert "Title: Guest post - what the targets did to us\n" in text  # no "RE:"
    assert "Author: Sam O'Connor\n" in text
    assert (
        "\n\nFor three years my week was a spreadsheet.\n\n"
        "Every session had a number, and the number was never enough – so we "
        "learned to count instead of listen.\n"
    ) in text
    assert "<" not in text and "MsoNormal" not in text


def test_attached_post_and_two_photos(project: Path, settings: dict[str, Any]) -> None:
    before = outside_writable(listing(project))
    result = take("with_images.eml", settings)
    images = project / "content" / "images" / "guest"
    assert result.images == [images / "img_2041.jpg", images / "img-2042.jpg"]
    for path in result.images:
        assert check_image(path, source="t", field="t").format == "JPEG"
    text = draft(project, "two-photos-from-the-picket-line")
    assert "Status: draft\n" in text and "Status: published" not in text
    assert "![Six people holding a banner outside the clinic]" in text
    assert "({static}/images/guest/img_2041.jpg)" in text
    assert "![A flask of tea on a wall]({static}/images/guest/img-2042.jpg)" in text
    assert "IMG" not in text
    assert result.problems == []
    assert result.standalone == project / "preview" / (
        "two-photos-from-the-picket-line.html"
    )
    assert result.standalone.is_file()
    assert outside_writable(listing(project)) == before


def test_hostile_message_is_numbered_problems_and_a_sanitised_draft(
    project: Path, settings: dict[str, Any]
) -> None:
    before = listing(project)
    result = take("hostile.eml", settings)
    after = listing(project)
    source = "tests/fixtures/intake/hostile.eml"
    assert result.problems[0] == (
        f"{source}: attachment 'pelicanconf.py': is not the post or a JPEG, PNG or "
        "WebP image (text/x-python); it was not saved. Fix: ask the writer to send "
        "the post as the text of the email or one .md file, and images as JPEG, "
        "PNG or WebP"
    )
    assert result.problems[1].startswith(
        f"{source}: attachment 'huge.png': 'huge.png' is 10000×6000 pixels, over "
        "the limit of 24,000,000 pixels"
    )
    assert result.images == []
    assert (project / "pelicanconf.py").read_text(encoding="utf-8") == (
        "SITENAME = 'ours'\n"
    )
    new = sorted(set(after) - set(before))
    assert [n for n in new if n.startswith("content/")] == [
        "content/guest/totally-normal-post.md"
    ]
    assert not [n for n in new if n.endswith(("pelicanconf.py", "huge.png"))]
    assert outside_writable(after) == outside_writable(before)
    text = draft(project, "totally-normal-post")
    assert text.startswith("Title: Totally normal post\nAuthor: Mallory\n")
    for vector in ("<script", "javascript:", "onclick", "onerror", "alert", "evil"):
        assert vector not in text
    assert "Read this first: click me." in text


def test_windows_1252_body_is_decoded_by_its_declared_charset(
    project: Path, settings: dict[str, Any]
) -> None:
    result = take("windows1252.eml", settings)
    text = result.post.read_text(encoding="utf-8")
    assert "Title: A week – in pieces\nAuthor: Renée Martin\n" in text
    assert "My ‘first’ week – café breaks and all." in text


def test_undeclared_8bit_body_is_one_numbered_problem_and_nothing_written(
    project: Path, settings: dict[str, Any]
) -> None:
    before = listing(project)
    result = take("undeclared_8bit.eml", settings)
    assert result.post is None
    assert result.problems == [
        "tests/fixtures/intake/undeclared_8bit.eml: text: the text/plain part is "
        "not valid utf-8 text. Fix: save the message again as UTF-8 (or ask the "
        "writer to send it again), or copy the text into a file by hand"
    ]
    assert listing(project) == before


def test_malformed_message_is_one_line_and_nothing_written(
    project: Path, settings: dict[str, Any]
) -> None:
    before = listing(project)
    with pytest.raises(IntakeError) as failure:
        intake(
            ROOT / "tests/fixtures/responses/malformed.eml",
            settings,
            source="malformed.eml",
            now=NOW,
        )
    assert str(failure.value).startswith(
        "malformed.eml: message: is not a well-formed email message"
    )
    assert "\n" not in str(failure.value)
    assert listing(project) == before


def _post_taken_then_images_deleted(project: Path, settings: dict[str, Any]) -> None:
    # The post's file is still there, so not even the images are written again.
    take("with_images.eml", settings)
    for image in (project / "content/images/guest").iterdir():
        image.unlink()


def _someone_elses_image(project: Path, settings: dict[str, Any]) -> None:
    images = project / "content/images/guest"
    images.mkdir(parents=True)
    (images / "img-2042.jpg").write_bytes(b"someone else's photo")


@pytest.mark.parametrize(
    ("arrange", "clash"),
    [
        (
            _post_taken_then_images_deleted,
            "content/guest/two-photos-from-the-picket-line.md already exists; "
            "nothing was written. Fix: rename or remove that file, or give the "
            "post another Title or Slug, then run intake again",
        ),
        (
            _someone_elses_image,
            "content/images/guest/img-2042.jpg already exists; nothing was "
            "written. Fix: rename or remove that file, then run intake again",
        ),
    ],
    ids=["post", "image"],
)
def test_a_clash_is_one_line_naming_both_files_and_writes_nothing(
    project: Path,
    settings: dict[str, Any],
    arrange: Callable[[Path, dict[str, Any]], None],
    clash: str,
) -> None:
    arrange(project, settings)
    before = listing(project)
    with pytest.raises(IntakeError) as failure:
        take("with_images.eml", settings)
    assert str(failure.value) == (
        f"tests/fixtures/intake/with_images.eml: file: {clash}"
    )
    assert listing(project) == before


def test_an_unfinished_draft_does_not_stop_the_next_post(
    project: Path, settings: dict[str, Any]
) -> None:
    # plain.eml becomes a draft with FILL IN left in it; the next message's
    # check builds without that draft and passes, with its preview.
    first = take("plain.eml", settings)
    assert first.post is not None and first.problems
    second = take("with_images.eml", settings)
    assert second.problems == []
    assert second.standalone is not None and second.standalone.is_file()
    assert first.post.is_file()  # left where intake wrote it


def test_a_md_file_is_taken_in_as_a_draft(
    project: Path, settings: dict[str, Any]
) -> None:
    post = project / "incoming.md"
    post.write_text(
        "Title: Sent as a file\nAuthor: Kit\nDate: 2026-11-01\n"
        "Summary: A file sent by email.\nBio: Kit writes.\nStatus: published\n\n"
        "The text.\n",
        encoding="utf-8",
    )
    result = intake(post, settings, source="incoming.md", now=NOW, validate_html=False)
    assert result.problems == []
    assert draft(project, "sent-as-a-file").endswith(
        "Bio: Kit writes.\nStatus: draft\n\nThe text.\n"
    )
    post.write_bytes("Title: Caf\u00e9\n\nText.\n".encode("cp1252"))
    failed = intake(post, settings, source="incoming.md", now=NOW)
    assert failed.post is None
    assert failed.problems == [
        "incoming.md: encoding: is not valid utf-8 text. Fix: save it again with "
        "UTF-8 encoding (or ask the writer to send it again)"
    ]


def test_a_decompression_bomb_is_a_numbered_problem(
    project: Path, settings: dict[str, Any]
) -> None:
    message = EmailMessage()
    message["From"] = "Bomb <b@example.org>"
    message["Subject"] = "Big picture"
    message.set_content("Title: Big\n\nText.\n")
    png = io.BytesIO()
    Image.new("1", (14000, 13000), 1).save(png, "PNG")  # over Pillow's 2× limit
    message.add_attachment(
        png.getvalue(), maintype="image", subtype="png", filename="bomb.png"
    )
    eml = project / "bomb.eml"
    eml.write_bytes(message.as_bytes())
    result = intake(eml, settings, source="bomb.eml", now=NOW, validate_html=False)
    assert result.problems[0] == (
        "bomb.eml: attachment 'bomb.png': 'bomb.png' decompresses to more than it "
        "is safe to open (a decompression bomb). Fix: export the image again at a "
        "smaller size, without text chunks"
    )
    assert not (project / "content/images/guest").exists()


def test_other_file_types_are_refused(project: Path, settings: dict[str, Any]) -> None:
    doc = project / "post.docx"
    doc.write_bytes(b"PK")
    with pytest.raises(IntakeError, match=r"post.docx: file: is not a saved email"):
        intake(doc, settings, source="post.docx", now=NOW)


# -- pure functions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "image_format", "saved"),
    [
        ("../../pelicanconf.png", "PNG", "pelicanconf.png"),
        ("..\\..\\Windows\\Evil Photo.JPG", "JPEG", "evil-photo.jpg"),
        (".htaccess", "WEBP", "htaccess.webp"),
        ("photo.png", "JPEG", "photo.jpg"),  # the suffix of what it really is
        ("", "PNG", "image.png"),
        ("🙂.png", "PNG", "image.png"),
    ],
)
def test_image_names_are_safe(sent: str, image_format: str, saved: str) -> None:
    assert image_name(sent, image_format, set(), {}) == saved


def test_image_names_are_numbered_when_taken() -> None:
    taken: set[str] = set()
    names = [image_name("a/photo.jpg", "JPEG", taken, {}) for _ in range(3)]
    assert names == ["photo.jpg", "photo-2.jpg", "photo-3.jpg"]


def test_references_to_attachments_are_rewritten() -> None:
    saved = {"IMG 1.JPG": "img-1.jpg", "b.png": "b.png"}
    text = (
        '![one](IMG 1.JPG)\n![two](<IMG 1.JPG> "title")\n<img src="b.png" alt="b">\n'
        "[ref]: b.png\n![kept](https://example.org/b.png)\n![other](c.png)\n"
    )
    assert rewrite_images(text, saved) == (
        "![one]({static}/images/guest/img-1.jpg)\n"
        '![two]({static}/images/guest/img-1.jpg "title")\n'
        '<img src="{static}/images/guest/b.png" alt="b">\n'
        "[ref]: {static}/images/guest/b.png\n"
        "![kept](https://example.org/b.png)\n![other](c.png)\n"
    )


def test_the_post_attachment_wins_over_the_body() -> None:
    found = read_submission((FIXTURES / "with_images.eml").read_bytes(), "m.eml")
    assert found.text is not None and found.text.startswith("Title: Two photos")
    assert [image.name for image in found.images] == ["IMG_2041.JPG", "IMG 2042.jpeg"]
    assert found.sender == "Jordan Lee" and found.problems == ()


# -- the task ----------------------------------------------------------------------


def test_invoke_intake_prints_numbered_problems_like_check_contribution(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    for folder in ("content/posts", "content/pages"):
        (site / folder).mkdir(parents=True)
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, site / name)
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nSEARCH_ENABLED = False\n")
    for name in ("theme", "plugins", "sitetools", "node_modules"):
        (site / name).symlink_to(ROOT / name)
    before = outside_writable(listing(site))
    taken = subprocess.run(
        [
            str(Path(sys.executable).with_name("invoke")),
            "intake",
            "--no-validate-html",
            str(FIXTURES / "with_images.eml"),
            "--",
            str(FIXTURES / "hostile.eml"),
        ],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert taken.returncode == 1, taken.stderr
    assert "Traceback" not in taken.stdout + taken.stderr
    # Less Pelican's own summary of the preview build ("Done: … seconds.").
    lines = [
        line
        for line in taken.stdout.splitlines()
        if not line.startswith(("Done: ", "and "))
    ]
    assert lines[:5] == [
        "Written: content/images/guest/img_2041.jpg",
        "Written: content/images/guest/img-2042.jpg",
        "Written: content/guest/two-photos-from-the-picket-line.md",
        "ready for review",
        "One-file preview (to email back): "
        "preview/two-photos-from-the-picket-line.html",
    ]
    assert lines[5:8] == [
        "Written: content/guest/totally-normal-post.md",
        "4 problem(s) to fix:",
        f"1. {FIXTURES / 'hostile.eml'}: attachment 'pelicanconf.py': is not the "
        "post or a JPEG, PNG or WebP image (text/x-python); it was not saved. Fix: "
        "ask the writer to send the post as the text of the email or one .md file, "
        "and images as JPEG, PNG or WebP",
    ]
    assert [line[:3] for line in lines[8:]] == ["2. ", "3. ", "4. "]
    assert outside_writable(listing(site)) == before


def test_images_go_to_a_folder_the_build_treats_as_untrusted(
    project: Path,
) -> None:
    content, output = project / "content", project / "output"
    assert images_folder(site_settings(content, output)) == "images/guest"
    moved = site_settings(
        content, output, GUEST_POSTS_IMAGE_PATHS=["guest", "uploads/guest"]
    )
    assert images_folder(moved) == "guest"
    result = intake(
        FIXTURES / "with_images.eml",
        site_settings(content, output, GUEST_POSTS_IMAGE_PATHS=["uploads/guest"]),
        source="with_images.eml",
        now=NOW,
        validate_html=False,
    )
    assert result.images and all(
        path.parent == content / "uploads" / "guest" for path in result.images
    )
    text = draft(project, "two-photos-from-the-picket-line")
    assert "({static}/uploads/guest/img-2042.jpg)" in text
