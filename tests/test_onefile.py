"""The one-file preview ``preview/<slug>.html`` that check-contribution and
intake write: self-contained (no script, no request to any host; the post's
own outbound links stay links), valid HTML, readable at 360 px, and under
2 MB for a post with two phone photos."""

from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import guest_post, require_tool, site_settings, write_content
from sitetools import vnu
from sitetools.check import run_vnu
from sitetools.contribution import check_contribution
from sitetools.onefile import (
    URL_ATTRIBUTES,
    image_data_uri,
    inline_css,
    kept_link,
    local_file,
)

#: The post's own outbound link: the one address the preview may name.
OUTBOUND = "https://example.org/waiting-lists?from=preview"
BODY = f"""\
We waited. Read [the report]({OUTBOUND}), see [our notes](#notes) or
[email us](mailto:hello@example.org). <a href="javascript:alert(1)">Click</a>.

![The queue outside the clinic at seven]({{static}}/images/guest/queue.jpg)

## Notes

![A flask of tea on a wall]({{static}}/images/guest/tea.jpg)
"""


def phone_photo(seed: int) -> bytes:
    """A 4032×3024 JPEG like a phone's: a gradient under sensor noise, with
    EXIF (a camera model) that must not reach the preview."""
    width, height = 4032, 3024
    noise = Image.effect_noise((width, height), 10 + seed)
    ramp = Image.linear_gradient("L").resize((width, height))
    photo = Image.merge(
        "RGB",
        (Image.blend(ramp, noise, 0.5), noise, ramp.transpose(Image.FLIP_LEFT_RIGHT)),
    )
    exif = Image.Exif()
    exif[0x0110] = "Phone 12"
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def addresses(soup: BeautifulSoup) -> list[tuple[str, str, str]]:
    """``(tag, attribute, value)`` for every attribute that names a file or
    an address."""
    return [
        (tag.name, name, str(tag[name]))
        for tag in soup.find_all(True)
        for name in URL_ATTRIBUTES
        if tag.has_attr(name)
    ]


def requests_and_scripts(html: str) -> list[str]:
    """What in a one-file preview could run or fetch: scripts, links, event
    handlers, a URL attribute other than a ``data:`` image's ``src`` or an
    ``a`` element's ``href``, a ``url()`` in CSS that is not ``data:``, and
    ``href``s that are not https, in-page, mailto: or tel:."""
    soup = BeautifulSoup(html, "html.parser")
    found = [str(tag)[:60] for tag in soup.find_all(["script", "link", "base"])]
    found += [
        f"{tag.name} {name}"
        for tag in soup.find_all(True)
        for name in tag.attrs
        if name.lower().startswith("on")
    ]
    for tag, name, value in addresses(soup):
        if (tag, name) == ("a", "href"):
            parts = urlsplit(value)
            if parts.scheme not in ("https", "mailto", "tel", "") or (
                not parts.scheme and (parts.netloc or parts.path)
            ):
                found.append(f"a href={value}")
        elif name != "src" or not value.startswith("data:image/"):
            found.append(f"{tag} {name}={value[:40]}")
    css = " ".join(style.get_text() for style in soup.find_all("style"))
    css += " ".join(str(tag["style"]) for tag in soup.find_all(style=True))
    found += [
        u
        for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", css)
        if not u.startswith("data:")
    ]
    return found


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A guest post with two phone photos, checked: its one-file preview."""
    base = tmp_path_factory.mktemp("onefile")
    content = write_content(
        base / "content",
        {
            "guest/queue.md": guest_post(BODY, Title="The queue", Status="draft"),
            "images/guest/queue.jpg": phone_photo(1),
            "images/guest/tea.jpg": phone_photo(2),
        },
    )
    settings = site_settings(content, base / "output")
    result = check_contribution(
        content / "guest" / "queue.md", settings, validate_html=False
    )
    assert result.problems == []
    return result


@pytest.fixture(scope="module")
def soup(checked: Any) -> BeautifulSoup:
    return BeautifulSoup(checked.standalone.read_bytes(), "html.parser")


def test_the_preview_is_written_beside_content(checked: Any) -> None:
    assert checked.standalone.name == "the-queue.html"
    assert checked.standalone.parent.name == "preview"
    assert (checked.standalone.parent.parent / "content").is_dir()


def test_the_preview_makes_no_request_and_runs_no_script(soup: BeautifulSoup) -> None:
    assert soup.find_all(["script", "link", "iframe", "object", "embed", "form"]) == []
    assert requests_and_scripts(str(soup)) == []
    found = addresses(soup)
    links = [value for tag, name, value in found if (tag, name) == ("a", "href")]
    others = [(tag, name) for tag, name, _ in found if (tag, name) != ("a", "href")]
    assert set(others) == {("img", "src")}
    # Links: the post's outbound link, in-page, mailto: and tel: only.
    assert links == [
        "#main",
        OUTBOUND,
        "#post-notes",
        "mailto:hello@example.org",
        "tel:116123",
        "mailto:hello@talkingback.example.org",
    ]
    css = "".join(style.get_text() for style in soup.find_all("style"))
    assert "--brand" in css  # the site's own stylesheet, inline
    assert "url(" not in css.replace('url("data:', "")
    values = [str(v) for tag in soup.find_all(True) for v in tag.attrs.values()]
    assert not [v for v in values if "javascript:" in v.lower()]


def test_site_navigation_becomes_text(soup: BeautifulSoup) -> None:
    assert soup.find("nav") is None
    meta = soup.select_one(".post-meta")
    assert meta is not None and meta.find("a") is None
    assert "Test Writer" in meta.get_text()
    assert "Preview of a draft" in soup.select_one("main .notice").get_text()


def test_images_are_data_uris_at_most_1200_px_without_exif(
    soup: BeautifulSoup,
) -> None:
    photos = soup.select(".post-content img")
    assert [img["alt"] for img in photos] == [
        "The queue outside the clinic at seven",
        "A flask of tea on a wall",
    ]
    for img in photos:
        data = base64.b64decode(str(img["src"]).split(",", 1)[1])
        with Image.open(io.BytesIO(data)) as image:
            assert max(image.size) <= 1200
            assert image.format == "JPEG"
            assert dict(image.getexif()) == {}
            assert (str(img["width"]), str(img["height"])) == tuple(
                map(str, image.size)
            )
        assert not img.has_attr("srcset")


def test_two_phone_photos_stay_under_2_mb(checked: Any) -> None:
    assert checked.standalone.stat().st_size < 2_000_000


def test_the_preview_passes_the_nu_checker(checked: Any, tmp_path: Path) -> None:
    require_tool(
        "java", shutil.which("java") is not None, "apt-get install default-jre-headless"
    )
    require_tool("vnu.jar", vnu.installed_jar() is not None, "npm ci")
    shutil.copy(checked.standalone, tmp_path / "preview.html")
    errors, _ = run_vnu(tmp_path, jar=vnu.installed_jar())
    assert errors == []


@pytest.mark.browser
def test_the_preview_is_readable_at_360_px_and_requests_nothing(
    browser: Any, checked: Any
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        url = checked.standalone.resolve().as_uri()
        page.goto(url)
        page.wait_for_load_state("load")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0
        widths = page.evaluate(
            "() => [...document.images].map(i => i.getBoundingClientRect().right)"
        )
        assert widths and max(widths) <= 360
        assert page.evaluate("() => document.images[1].naturalWidth") > 0
    finally:
        context.close()
    assert [r for r in requested if not r.startswith(("data:", url))] == []


# -- the pieces ----------------------------------------------------------------------


def test_local_file_stays_inside_the_output(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "drafts").mkdir(parents=True)
    (output / "theme.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    page = output / "drafts" / "a.html"
    assert local_file("../theme.css", page, output) == (output / "theme.css").resolve()
    assert (
        local_file("/theme.css?v=1", page, output) == (output / "theme.css").resolve()
    )
    assert local_file("../../secret.txt", page, output) is None
    assert local_file("https://example.org/theme.css", page, output) is None
    assert local_file("//example.org/theme.css", page, output) is None
    assert local_file("../missing.css", page, output) is None


def test_inline_css_leaves_no_address(tmp_path: Path) -> None:
    (tmp_path / "dot.png").write_bytes(b"\x89PNG")
    sheet = tmp_path / "site.css"
    css = (
        "@import url('https://fonts.example/f.css');\n"
        "a{background:url(dot.png)} b{background:url( 'https://x.example/y.png' )}"
        ' c{background:url("data:image/gif;base64,AA==")}'
    )
    made = inline_css(css, sheet, tmp_path)
    assert "@import" not in made and "example" not in made
    assert 'url("data:image/png;base64,iVBORw==")' in made
    assert "b{background:none}" in made
    assert 'url("data:image/gif;base64,AA==")' in made


@pytest.mark.parametrize(
    ("href", "in_post", "kept"),
    [
        ("https://example.org/a", True, True),
        ("https://example.org/a", False, False),
        ("http://example.org/a", True, True),
        ("#notes", False, True),
        ("mailto:a@example.org", False, True),
        ("tel:116123", False, True),
        ("../about.html", True, False),
        ("/about.html", True, False),
        ("javascript:alert(1)", True, False),
        ("JaVaScRiPt:alert(1)", True, False),
        ("data:text/html,<script>", True, False),
        ("", True, False),
    ],
)
def test_kept_links(href: str, in_post: bool, kept: bool) -> None:
    assert kept_link(href, in_post) is kept


def test_image_data_uri_scales_and_keeps_transparency(tmp_path: Path) -> None:
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (2400, 600), (0, 0, 0, 0)).save(clear)
    uri = image_data_uri(clear)
    assert uri.startswith("data:image/webp;base64,")
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
        assert image.size == (1200, 300) and image.mode == "RGBA"


def test_the_request_finder_finds_each_kind() -> None:
    html = (
        "<script>x</script><link href=a.css><p onclick=x>p</p>"
        "<a href='../about.html'>a</a><a href='javascript:x'>j</a>"
        "<a href='https://example.org/'>ok</a><a href='#top'>ok</a>"
        "<img src='https://t.example/p.gif'><img src='data:image/png;base64,AA=='>"
        "<p style='background:url(https://t.example/b.png)'>s</p>"
        "<style>b{background:url('x.png')} i{background:url(data:image/gif,x)}</style>"
    )
    assert requests_and_scripts(html) == [
        "<script>x</script>",
        '<link href="a.css"/>',
        "p onclick",
        "link href=a.css",
        "a href=../about.html",
        "a href=javascript:x",
        "img src=https://t.example/p.gif",
        "x.png",
        "https://t.example/b.png",
    ]
