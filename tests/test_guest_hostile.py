"""Guest posts attacked: one reading of metadata, bounded work, fail-safe
defaults, and "check-contribution says ready" == "the publish checks pass"."""

from __future__ import annotations

import re
import shutil
import time
from io import BytesIO
from itertools import product
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.readers import MarkdownReader
from PIL import Image

from build_guard.status import status_problem
from conftest import ROOT, MiniSite, guest_problems, site_settings
from guest_posts.contribution import same_name
from guest_posts.sanitise import ID_PREFIX
from sitelib import BuildFailed, read_header
from sitelib.frontmatter import as_meta, markdown_config
from sitetools.check import DEFAULT_VNU_JAR, check_site, duplicate_ids, image_problems
from sitetools.contribution import check_contribution
from test_onefile import requests_and_scripts

HAVE_VNU = bool(shutil.which("java")) and DEFAULT_VNU_JAR.is_file()

#: Every character some program treats as a line break, and the two that
#: Python-Markdown deletes.
LINE_BREAKS = [
    "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
    "\u2028", "\u2029", "\x02", "\x03", "\t", "\x00", "\x7f", "\ufeff",
]  # fmt: skip

#: Header shapes with a slot for a character: smuggling a second field, a
#: continuation, a YAML-style block, blank-looking lines.
TEMPLATES = [
    "Title: T\nSlug: c1{c}Save_as: events/index.html\nURL: events/\n\nBody\n",
    "{c}Title: T\nSave_as: x.html\n\nBody\n",
    "Title: T{c}\n    more{c}Template: page\n\nBody\n",
    "---{c}\nTitle: T\nLang: fr\n...\nBody\n",
    "Title: T\n{c}\nSeries: Ours\n\nBody\n",
    "Title: T\n   {c}Event: official\n\nBody\n",
    "Title: T\nBio: one{c}{c}Status: hidden\nAuthor: A\n",
    "Title:{c}T\nStatus: published{c}\n\n",
    "{c}",
    "Title: T\n    {c}\nURL: x\n",
]

MARKDOWN = site_settings(Path("content"), Path("output"))["MARKDOWN"]


def markdown_meta(text: str) -> dict[str, list[str]]:
    """What Python-Markdown itself reads (a full conversion)."""
    md = markdown.Markdown(**markdown_config(MARKDOWN))
    md.convert(text.removeprefix("\ufeff"))
    return md.Meta


@pytest.mark.parametrize("template", TEMPLATES)
def test_header_reading_equals_python_markdown_for_every_line_break(
    template: str,
) -> None:
    for first, second in product(LINE_BREAKS, repeat=2):
        text = template.replace("{c}", first, 1).replace("{c}", second)
        fields, _, agrees = read_header(text, MARKDOWN)
        assert agrees, repr(text)
        assert as_meta(fields) == markdown_meta(text), repr(text)


def test_header_reading_equals_pelicans_reader(tmp_path: Path) -> None:
    settings = site_settings(tmp_path, tmp_path / "out")
    for number, (template, char) in enumerate(product(TEMPLATES, LINE_BREAKS)):
        text = template.replace("{c}", char)
        path = tmp_path / f"{number}.md"
        path.write_bytes(text.encode("utf-8"))
        _, metadata = MarkdownReader(settings).read(str(path))
        fields, _, _ = read_header(path.read_text(encoding="utf-8-sig"), MARKDOWN)
        read = {name.partition("#")[0] for name in fields}
        assert set(metadata) == read, repr(text)


HEADER = (
    "Title: T\nAuthor: Test Writer\nDate: 2026-01-01\nSummary: S.\nBio: B.\n"
    "Status: draft\n"
)


@pytest.mark.parametrize("char", ["\x0c", "\x0b", "\x85", "\u2028", "\x1e"])
def test_smuggled_field_is_refused_with_line_and_field(
    char: str, tmp_path: Path
) -> None:
    text = HEADER + f"Slug: c1{char}Save_as: events/index.html\nURL: events/\n\nx\n"
    problems = "\n".join(guest_problems(text, tmp_path))
    assert "content/guest/a.md: Slug (line 7): contains the invisible character" in (
        problems
    )
    assert "Url (line 8): a guest post cannot choose its address" in problems


def test_control_character_in_the_body_names_the_line(tmp_path: Path) -> None:
    problems = guest_problems(HEADER + "\nfine\n\nbad \x01 here\n", tmp_path)
    assert problems == [
        "content/guest/a.md: Body (line 10): contains the invisible character "
        "U+0001 (control character). Fix: delete it (retype the line if you cannot "
        "see it)"
    ]


@pytest.mark.parametrize(
    "field", ["Series: Ours", "Series_index: 3", "Event: official", "Lang: fr",
              "Template: page", "Save_as: .htaccess", "Image: x.png",
              "Share_image: x.png", "Category: News", "Translation: true"],
)  # fmt: skip
def test_fields_that_place_a_post_are_refused(field: str, tmp_path: Path) -> None:
    problems = guest_problems(HEADER + field + "\n\nx\n", tmp_path)
    assert len(problems) == 1 and "(line 7)" in problems[0], problems


@pytest.mark.parametrize("status", ["hidden", "skip", "published!", "Draft "])
def test_guest_status_is_draft_or_published(status: str, tmp_path: Path) -> None:
    text = HEADER.replace("Status: draft", f"Status: {status}") + "\nx\n"
    problems = guest_problems(text, tmp_path)
    assert (status.strip().lower() == "draft") == (problems == []), problems


def test_status_problem_is_one_line() -> None:
    problem = status_problem("skip", "content/posts/a.md", "Status")
    assert str(problem) == (
        "content/posts/a.md: Status: 'skip' is not one of published, draft, hidden. "
        "Fix: write 'Status: published' or 'Status: draft', or delete the line"
    )
    assert status_problem("Hidden", "x", "Status") is None


@pytest.mark.parametrize(
    "name",
    ["Anonymous contributor", "anonymous   CONTRIBUTOR", "Anonymous-Contributor",
     "<b>Anonymous</b> contributor"],
)  # fmt: skip
def test_anonymous_name_needs_anonymous_yes(name: str, tmp_path: Path) -> None:
    text = HEADER.replace("Test Writer", name) + "\nx\n"
    problems = guest_problems(text, tmp_path)
    assert any("is the name shown for anonymous posts" in p for p in problems)
    assert same_name(name, "Anonymous contributor")
    assert not same_name("Ann Other", "Anonymous contributor")


def test_file_over_the_byte_limit_is_refused_before_reading(tmp_path: Path) -> None:
    problems = guest_problems(
        HEADER + "\n" + "word " * 300, tmp_path, GUEST_POSTS_MAX_BYTES=500
    )
    assert len(problems) == 1 and "over the limit of 500" in problems[0]


def _deep_list(depth: int) -> str:
    return "".join("    " * level + "- x\n" for level in range(depth))


#: Bodies that made Python-Markdown slow (quadratic or worse), ~30 KB each.
PATHOLOGICAL = {
    "[": "[" * 30_000,
    "![": "![" * 15_000,
    "[x](": "[x](" * 7_500,
    "[^": "[^" * 15_000,
    "<": "<" * 30_000,
    "<a ": "<a " * 10_000,
    "<div>": "<div>" * 6_000,
    "*": "*" * 30_000,
    "_": "_" * 30_000,
    "`": "`" * 30_000,
    ">": ">" * 30_000 + " x",
    "> nested": "\n".join(">" * n + " x" for n in range(1, 200)),
    "deep list": _deep_list(2_000),
    "brackets in paragraphs": ("[" * 90 + "\n\n") * 300,
    "rules in one block": "a\n---\n" * 6_000,
    "definitions in one block": "t\n: d\n" * 5_000,
    "definitions at the limit": "t\n: d\n" * 100,
    "fenced code blocks": "```\nx\n```\n\n" * 2_000,
    "indented code blocks": "    x\n\np\n\n" * 2_500,
    "code blocks at the limit": "```\nx = 1\n```\n\n" * 50,
    "abbreviations": "".join(f"*[A{i}]: x\n" for i in range(2_000))
    + "\n"
    + " ".join(f"A{i}" for i in range(2_000)),
    "footnotes": " ".join(f"x[^{i}]" for i in range(2_000))
    + "\n\n"
    + "".join(f"[^{i}]: n\n\n" for i in range(2_000)),
}


@pytest.mark.parametrize("body", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_post_is_checked_and_read_in_bounded_time(
    body: str, tmp_path: Path
) -> None:
    text = HEADER + "\n" + body + "\n"
    start = time.perf_counter()
    problems = guest_problems(text, tmp_path, GUEST_POSTS_MAX_BYTES=200_000)
    checked = time.perf_counter() - start
    assert checked < 10, f"the check took {checked:.1f} s"
    if not problems:
        # Passed the check, so the build reads it: that must be bounded too.
        start = time.perf_counter()
        markdown.Markdown(**markdown_config(MARKDOWN)).convert(text)
        assert time.perf_counter() - start < 10


def test_bracket_runs_are_refused_with_the_line(tmp_path: Path) -> None:
    problems = guest_problems(HEADER + "\nfine\n\n" + "[" * 30_000 + "\n", tmp_path)
    assert problems == [
        "content/guest/a.md: Body (line 10): has too many '[' or '<' characters for "
        "its length (Markdown would take minutes to read it). Fix: remove the runs "
        "of square or angle brackets, or split long paragraphs with blank lines"
    ]


# --- in the build -------------------------------------------------------


GUEST = (
    "Title: A guest post\nAuthor: Test Writer\nDate: 2026-02-01\n"
    "Summary: A summary.\nBio: A test person.\n"
)


def test_post_without_status_is_a_draft(mini_site: MiniSite) -> None:
    output = mini_site({"guest/a.md": GUEST + "\nText.\n"})
    assert (output / "drafts" / "a-guest-post.html").is_file()
    assert not list(output.glob("posts/**/a-guest-post.html"))


def test_smuggled_save_as_stops_the_build(mini_site: MiniSite, tmp_path: Path) -> None:
    text = GUEST + "Status: published\nSlug: c1\x0cSave_as: events/index.html\n\nx\n"
    with pytest.raises(BuildFailed) as failure:
        mini_site({"guest/a.md": text})
    # One line for the one character (the source audit's), not one per check.
    assert failure.value.problems == [
        "content/guest/a.md: Slug: line 7 contains the invisible character U+000C "
        "(form feed). Fix: delete the invisible character U+000C (form feed) on "
        "line 7"
    ]
    assert not (tmp_path / "output" / "events").exists()


def test_unknown_status_stops_the_build_for_staff_too(mini_site: MiniSite) -> None:
    staff = "Title: S\nDate: 2026-01-01\nSummary: s.\nStatus: skip\n\nText.\n"
    with pytest.raises(BuildFailed) as failure:
        mini_site({"posts/s.md": staff, "pages/p.md": staff.replace("skip", "Nope")})
    assert failure.value.problems == [
        "content/posts/s.md: Status: 'skip' is not one of published, draft, hidden. "
        "Fix: write 'Status: published' or 'Status: draft', or delete the line",
        "content/pages/p.md: Status: 'Nope' is not one of published, draft, hidden. "
        "Fix: write 'Status: published' or 'Status: draft', or delete the line",
    ]


# --- check-contribution says ready == the publish checks pass -----------


def jpeg(size: tuple[int, int], exif_orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, (180, 140, 90))
    exif = Image.Exif()
    exif[0x0112] = exif_orientation
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def contributing_example() -> str:
    """The filled-in example in CONTRIBUTING.md, verbatim."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return text.split("```text\n", 1)[1].split("```", 1)[0]


def _site(tmp_path: Path, files: dict[str, str | bytes]) -> dict:
    """The sample site's content plus ``files`` (the theme links to its pages)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for name, data in files.items():
        path = content / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return site_settings(content, tmp_path / "output")


def publish_errors(output: Path, settings: dict, *, vnu: bool) -> list[str]:
    report = check_site(
        output,
        site_url=settings["SITEURL"],
        production=False,
        validate_html=vnu,
    )
    return report.errors


def test_contributing_example_passes_check_contribution_and_publish(
    tmp_path: Path,
) -> None:
    example = contributing_example()
    settings = _site(
        tmp_path,
        {
            "guest/example.md": example,
            "images/guest/tea.jpg": jpeg((64, 48), exif_orientation=6),
            "images/guest/alex-example.jpg": jpeg((40, 40)),
        },
    )
    result = check_contribution(
        tmp_path / "content" / "guest" / "example.md", settings, validate_html=HAVE_VNU
    )
    assert result.ready, result.problems
    page = BeautifulSoup(result.preview.read_bytes(), "html5lib")
    tea = page.find("img", alt="Two mugs of tea on a desk")
    # The displayed size: EXIF orientation 6 turns the 64×48 photo upright.
    assert (tea["width"], tea["height"]) == ("48", "64")

    # Merged and published: the publish checks pass on the built site.
    (tmp_path / "content" / "guest" / "example.md").write_text(
        example.replace("Status: draft", "Status: published"), encoding="utf-8"
    )
    shutil.rmtree(tmp_path / "output")
    Pelican(settings).run()
    assert publish_errors(tmp_path / "output", settings, vnu=HAVE_VNU) == []


TEA = "{static}/images/guest/tea.jpg"

#: Bodies that once made a page the publish checks refuse, and script tricks.
HOSTILE = {
    "a without href": "<a>no address</a> and <a href='javascript:alert(1)'>js</a>",
    "a name": "<a name=x>anchor</a> [back](#x)",
    "img without src": "<img alt='gone'> <img src='https://t.example/p.gif' alt='p'>",
    "img without size": "![tea]({static}/images/guest/tea.jpg)",
    "img with wrong size": "<img src='{static}/images/guest/tea.jpg' alt='t' "
    "width='1' height='9999'>",
    "duplicate ids": "<h2 id=a>A</h2>\n\n<h2 id=a>B</h2>\n\n<sup id=a>c</sup>",
    "theme ids": "## After post\n\n## Main\n\n<h3 id=search-input>s</h3>",
    "footnotes": "Text[^1] and more[^n].\n\n[^1]: One.\n[^n]: Two.",
    "footnotes twice": "A[^1].\n\n[^1]: One.\n\n## Footnotes\n\n<li id='fn:1'>x</li>",
    "table": "<table><td>cell<tr><th>h</table>",
    "bare table parts": "<tr><td>x</td></tr><caption>c</caption><tbody>",
    "li outside list": "<li>one</li><dd>two</dd><dt>three</dt>",
    "block in inline": "<span><div>block</div></span><em><p>para</p></em>",
    "summary misplaced": "<summary>s</summary><details><p>x</p><summary>late"
    "</summary></details>",
    "figcaption": "<figcaption>alone</figcaption>",
    "nested links": "<a href='https://e.org'>x <a href='https://f.org'>y</a></a>",
    "details in a": "<a href='https://e.org'><details>d</details></a>",
    "fragment links": "[top](#top) [after](#after-post) [main](#main)",
    "toc": "[TOC]\n\n## One\n\n## One",
    "heading in summary-like": "<h2 id='fn:1'>clash</h2>\n\nx[^1]\n\n[^1]: n",
    "long id": "<h2 id='" + "a" * 64 + "'>long</h2> [l](#" + "a" * 64 + ")",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &#x3C;b&#x3E;",
    "table attributes": "<table><tr><th scope=nonsense colspan=0>h</th>"
    "<td colspan=9999 rowspan=0>d</td></tr></table>",
    "list attributes": "<ol start=-3><li>x</li></ol><ol start=0099><li>y</li></ol>",
    "heading in a link": "<a href='https://e.org'><h2>big link</h2></a>",
    "blocks in a table": "<table><div>x</div><p>y</p><tr><td>z</td></tr></table>",
    "figure": "<figure><figcaption>a</figcaption><p>x</p><figcaption>b</figcaption>"
    "</figure>",
    "dl": "<dl><div><dt>t</dt></div><dd>d</dd><p>p</p></dl>",
    "pre in p": "<p><pre>x</pre></p>",
    "li in blockquote": "<blockquote><li>x</li></blockquote>",
    "comments and cdata": "<!-- x --><![CDATA[ y ]]> <?php z ?>",
    "sup ids": "<sup id='1bad'>a</sup><sup id='fn:1'>b</sup>",
    "abbr and q": "<abbr title='x'><q><q>n</q></q></abbr>",
    "caption twice": "<table><caption>a</caption><caption>b</caption>"
    "<tr><td>x</td></tr></table>",
    "nested details": "<details><summary><details><summary>x</summary></details>"
    "</summary>y</details>",
    "ragged table": "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
    "dt with a heading": "<dl><dt><h2>x</h2></dt><dd>y</dd></dl>",
    "heading in th": "<table><tr><th><h3>x</h3></th></tr></table>",
    "form-ish": "<form><input value=x><button>b</button><select><option>o</select>"
    "<textarea>t</textarea></form>",
    "media": "<video src=x></video><audio src=y></audio><picture><source srcset=z>"
    "<img src='{static}/images/guest/tea.jpg' alt=t></picture>",
    "svg and math": "<svg><a href=x><text>t</text></a></svg><math><mi>x</mi></math>",
    "base and meta": "<base href='https://evil.example/'><meta http-equiv=refresh "
    "content='0;url=https://evil.example'><link rel=stylesheet href=x.css>",
    "style attr and tags": "<p style='background:url(https://t.example/x)'>s</p>"
    "<style>@import 'https://t.example/x.css';</style>",
    "mixed list": "<ul><p>para</p><li>x</li>text</ul><ol><div>d</div></ol>",
    "event handlers": f"<img src={TEA} alt=t onerror=alert(1)><svg onload=alert(2)>"
    "<details open ontoggle=alert(3)><summary>s</summary>d</details>",
    "javascript links": "[a](javascript:alert(1)) <a href=' jav&#x09;ascript:"
    "alert(2)'>b</a> <a href='data:text/html,<script>alert(3)</script>'>c</a>",
    "mutation xss": "<math><mtext><table><mglyph><style>"
    f"<img src={TEA} alt=t onerror=alert(1)></style></mglyph></table></mtext>"
    f'</math><noscript><p title="</noscript><img src={TEA} alt=t '
    'onerror=alert(2)>"></noscript>',
    "comment breakout": f"<!--><img src={TEA} alt=t onerror=alert(1)>--> "
    f"<a title='--><img src={TEA} alt=t onerror=alert(2)>'>t</a>",
    "pre and code": "```\n<div id=main>\n```\n\n    <a name=x>",
}


def _bare_site(tmp_path: Path, body: str) -> dict:
    content = tmp_path / "content"
    for folder in ("guest", "posts", "pages", "images/guest"):
        (content / folder).mkdir(parents=True)
    (content / "guest" / "a.md").write_text(
        GUEST + "Status: draft\n\n" + body + "\n", encoding="utf-8"
    )
    (content / "images" / "guest" / "tea.jpg").write_bytes(jpeg((30, 20)))
    return site_settings(content, tmp_path / "output")


@pytest.fixture(scope="module")
def hostile_checks(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """check-contribution on each vector (a small site each)."""
    results = {}
    for name, body in HOSTILE.items():
        tmp_path = tmp_path_factory.mktemp("vector")
        settings = _bare_site(tmp_path, body)
        results[name] = check_contribution(
            tmp_path / "content" / "guest" / "a.md", settings, validate_html=False
        )
    return results


@pytest.mark.parametrize("name", HOSTILE)
def test_check_contribution_on_hostile_vectors(name: str, hostile_checks: dict) -> None:
    result = hostile_checks[name]
    if not result.ready:
        assert all(p.startswith("content/guest/a.md: ") for p in result.problems)
        return
    page = BeautifulSoup(result.preview.read_bytes(), "html5lib")
    assert duplicate_ids(page) == []
    assert list(image_problems(page)) == []
    assert not page.select(".post-content a:not([href])")
    # The one-file preview runs nothing and fetches nothing; a link it keeps
    # is one of the vector's own https links.
    standalone = result.standalone.read_text(encoding="utf-8")
    assert requests_and_scripts(standalone) == []
    kept = BeautifulSoup(standalone, "html.parser").select(".post-content a[href]")
    hosts = {urlsplit(str(a["href"])).netloc for a in kept} - {""}
    assert hosts <= {"e.org", "f.org"}


@pytest.fixture(scope="module")
def published_hostile(
    hostile_checks: dict, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict, dict[str, str]]:
    """Every vector check-contribution called ready, merged and published in
    the sample site: the output, settings and {page name: vector}."""
    tmp_path = tmp_path_factory.mktemp("published")
    ready = [name for name, result in hostile_checks.items() if result.ready]
    # The sanitiser repairs; only images that are not the post's own files
    # are refused (advice: they would be removed).
    refused = [
        problem
        for result in hostile_checks.values()
        for problem in result.problems
        if "is not a file sent with the post" not in problem
    ]
    assert refused == []
    files: dict[str, str | bytes] = {"images/guest/tea.jpg": jpeg((30, 20))}
    for number, name in enumerate(ready):
        files[f"guest/v{number}.md"] = (
            GUEST + f"Status: published\nSlug: v-{number}\n\n{HOSTILE[name]}\n"
        )
    settings = _site(tmp_path, files)
    Pelican(settings).run()
    pages = {f"v-{number}.html": name for number, name in enumerate(ready)}
    return tmp_path / "output", settings, pages


def test_ready_hostile_posts_pass_the_publish_checks(published_hostile: tuple) -> None:
    """The publish checks, with the Nu Html Checker, pass on the whole site."""
    output, settings, pages = published_hostile
    errors = publish_errors(output, settings, vnu=HAVE_VNU)
    named = [f"[{pages.get(Path(e.split(':')[0]).name, '?')}] {e}" for e in errors]
    assert named == [], "\n".join(named)
    assert HAVE_VNU, "Java and node_modules/vnu-jar are needed for the HTML check"


def test_hostile_pages_run_no_script_in_chromium(
    published_hostile: tuple, browser: object
) -> None:
    """Each published hostile page loaded in Chromium (network blocked): no
    dialog opens, and no element carries an event handler or a script URL."""
    output, _, pages = published_hostile
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())
    found = {}
    for name, vector in pages.items():
        html = (output / "posts" / "2026" / name).read_text(encoding="utf-8")
        page.set_content(html, wait_until="load")
        page.wait_for_timeout(50)
        found[vector] = page.evaluate(
            """() => [...document.querySelectorAll('.post-content *')].flatMap(
                e => [...e.attributes].filter(a => /^on/i.test(a.name) ||
                  /^\\s*(javascript|data):/i.test(a.value)).map(a => a.name))"""
        )
    page.close()
    assert dialogs == []
    assert {vector: bad for vector, bad in found.items() if bad} == {}
    assert len(found) == len(pages)


def test_theme_ids_never_start_with_the_guest_prefix() -> None:
    theme_ids = re.findall(
        r'\bid="([^"]*)"',
        "".join(p.read_text() for p in (ROOT / "theme").rglob("*.html")),
    )
    assert theme_ids and not [i for i in theme_ids if i.startswith(ID_PREFIX)]


# --- every error names the file -----------------------------------------


def test_links_in_summaries_and_escaped_names_name_the_file(
    mini_site: MiniSite,
) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site(
            {
                "posts/b.md": "Title: B\nDate: 2026-01-01\n"
                "Summary: s [l]({filename}/nope1.md).\n\n"
                'Text [x]({filename}/q".md)\n',
                "guest/g.md": GUEST.replace("A summary.", "[l]({filename}/nope2.md)")
                + "Status: published\n\nText\n",
                "posts/c.md": 'Title: C\nDate: 2026-01-01\n\n<img src="x&quot;.png" '
                'alt="">\n',
            }
        )
    problems = failure.value.problems
    assert not [p for p in problems if p.startswith("?")]
    assert "content/posts/b.md: link: '/nope1.md' does not match" in "\n".join(problems)
    assert "content/posts/b.md: link: '/q\".md' does not match" in "\n".join(problems)
    assert "content/guest/g.md: link: '/nope2.md' does not match" in "\n".join(problems)
    assert "content/posts/c.md: image alt text: image 'x\".png' has no alt text" in (
        "\n".join(problems)
    )
    assert "&quot;" not in "\n".join(problems)


# --- names ----------------------------------------------------------------


def test_another_contributors_name_is_refused(mini_site: MiniSite) -> None:
    real = GUEST + "Status: published\n\nMine.\n"
    fake = (
        GUEST.replace("A guest post", "Another post")
        .replace("Test Writer", "test  WRITER")
        .replace("A test person.", "Someone else entirely.")
        .replace("2026-02-01", "2020-01-01")
        + "Status: draft\n\nNot theirs.\n"
    )
    with pytest.raises(BuildFailed) as failure:
        mini_site({"guest/real.md": real, "guest/fake.md": fake})
    assert failure.value.problems == [
        "content/guest/fake.md: Author: 'test WRITER' is already the name of another "
        "contributor (content/guest/real.md) with a different bio, role or photo. "
        "Fix: if you wrote that post too, copy its Bio, Role and Avatar lines; "
        "otherwise write your name in full, or 'Anonymous: yes'"
    ]


def test_same_person_may_write_two_posts(mini_site: MiniSite) -> None:
    first = GUEST + "Status: published\n\nOne.\n"
    second = GUEST.replace("A guest post", "Second") + "Status: published\n\nTwo.\n"
    output = mini_site({"guest/one.md": first, "guest/two.md": second})
    assert (output / "posts/2026/a-guest-post.html").is_file()
    assert (output / "posts/2026/second.html").is_file()


def test_anonymous_name_without_anonymous_yes_stops_the_build(
    mini_site: MiniSite,
) -> None:
    text = GUEST.replace("Test Writer", "anonymous Contributor") + "\nx\n"
    with pytest.raises(BuildFailed) as failure:
        mini_site({"guest/a.md": text})
    assert any(
        "Author (line 2): 'Anonymous contributor' is the name shown for anonymous" in p
        for p in failure.value.problems
    )


@pytest.mark.parametrize("body", ["[" * 30_000, "<a " * 10_000, _deep_list(150)])
def test_pathological_guest_post_stops_the_build_quickly(
    body: str, mini_site: MiniSite, tmp_path: Path
) -> None:
    start = time.perf_counter()
    with pytest.raises(BuildFailed) as failure:
        mini_site({"guest/a.md": GUEST + "Status: draft\n\n" + body + "\n"})
    assert time.perf_counter() - start < 10
    [problem] = failure.value.problems
    assert problem.startswith("content/guest/a.md: Body (line ")
    assert not (tmp_path / "output" / "drafts").exists()


def test_oversized_guest_post_stops_the_build(mini_site: MiniSite) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site(
            {"guest/a.md": GUEST + "\n" + "word " * 300},
            GUEST_POSTS_MAX_BYTES=1_000,
        )
    assert failure.value.problems == [
        "content/guest/a.md: file: is 1,598 bytes, over the limit of 1,000. "
        "Fix: shorten the post, or split it into two posts"
    ]
