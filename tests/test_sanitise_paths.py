"""The sanitiser's two paths give the same HTML: ``sanitise_html`` skips the
html5lib repair pass (``tidy``) when ``needs_tidy`` says it would change
nothing, which is what most readers' responses look like."""

from __future__ import annotations

import random

import markdown
import pytest
from markdown.extensions.toc import TocExtension

from conftest import ROOT
from guest_posts.sanitise import (
    ALLOWED_TAGS,
    RESPONSE_TAGS,
    _cleaner,
    needs_tidy,
    sanitise_html,
    tidy,
)
from sitelib import parse_header
from test_sanitise import HOSTILE

REL = "nofollow ugc noopener noreferrer"
#: (tags, ids): responses, guest post bodies, guest summaries.
USES = [(RESPONSE_TAGS, False), (ALLOWED_TAGS, True), (ALLOWED_TAGS, False)]


def always_tidied(fragment: str, tags: frozenset[str], ids: bool) -> str:
    """What ``sanitise_html`` gave before it could skip ``tidy``."""
    cleaner = _cleaner(REL, tags)
    return cleaner.clean(tidy(cleaner.clean(fragment), ids=ids))


def as_html(text: str) -> str:
    """``text`` as the responses' Markdown reads it."""
    return markdown.Markdown(output_format="html5").convert(text)


def sample_bodies() -> list[str]:
    """The body of every Markdown file of the sample site, and every raw
    message of the responses' fixtures."""
    bodies = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, first_line = parse_header(text)
        bodies.append("\n".join(text.split("\n")[first_line - 1 :]))
    fixtures = ROOT / "tests/fixtures/responses"
    bodies += [p.read_text("utf-8", "replace") for p in sorted(fixtures.glob("*.eml"))]
    return bodies


def tag_soup(rng: random.Random, depth: int = 0) -> str:
    """Random nesting of allowed, refused and misplaced elements."""
    names = sorted(ALLOWED_TAGS | {"script", "img", "form", "textarea", "select"})
    attributes = [
        "", ' id="a"', ' href="#a"', ' href="https://e.example/?a>b"', ' href=""',
        ' href="javascript:x"', ' title="t&quot;q"', ' class="footnote"',
    ]  # fmt: skip
    texts = ["x", " ", "\n", "\n\nq", "a&amp;b", "&lt;", "\u00a0", "\r\n"]
    parts = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.35 or depth > 4:
            parts.append(rng.choice(texts))
            continue
        name = rng.choice(names)
        end = "" if rng.random() < 0.05 else f"</{name}>"
        inner = tag_soup(rng, depth + 1)
        parts.append(f"<{name}{rng.choice(attributes)}>{inner}{end}")
    return "".join(parts)


@pytest.mark.parametrize(("tags", "ids"), USES)
def test_hostile_and_sample_input_gives_the_same_html_either_way(
    tags: frozenset[str], ids: bool
) -> None:
    inputs = [value for _, _, value in HOSTILE] + sample_bodies()
    fragments = inputs + [as_html(text) for text in inputs]
    skipped = 0
    for fragment in fragments:
        assert sanitise_html(fragment, REL, ids=ids, tags=tags) == always_tidied(
            fragment, tags, ids
        ), fragment
        skipped += not needs_tidy(_cleaner(REL, tags).clean(fragment))
    assert skipped > 10  # the quick path is taken, not only the full one


def test_random_tag_soup_gives_the_same_html_either_way() -> None:
    rng = random.Random(18)
    skipped = 0
    for _ in range(300):
        fragment = tag_soup(rng)
        if rng.random() < 0.3:
            fragment = as_html(fragment)
        for tags, ids in USES:
            assert sanitise_html(fragment, REL, ids=ids, tags=tags) == always_tidied(
                fragment, tags, ids
            ), fragment
            skipped += not needs_tidy(_cleaner(REL, tags).clean(fragment))
    assert skipped > 50


@pytest.mark.parametrize(
    "html",
    [
        "",
        "plain words",
        "<p>One <em>two</em> <strong>three</strong>.</p>\n<p>Four</p>",
        '<p>See <a href="https://example.org/" rel="nofollow">this</a>.</p>',
        "<ul>\n<li>one</li>\n<li><p>two</p><ul><li>three</li></ul></li>\n</ul>",
        "<blockquote><p>quoted</p></blockquote><pre><code>x = 1\n</code></pre>",
        "<h4>Small heading</h4><p>a<br>b</p><hr>",
    ],
)
def test_plain_markdown_output_needs_no_tidy(html: str) -> None:
    assert not needs_tidy(html)


@pytest.mark.parametrize(
    "html",
    [
        "<li>outside a list</li>",
        "<ul>text in a list<li>item</li></ul>",
        "<ul><p>not an item</p></ul>",
        "<span><p>block in a phrase</p></span>",
        "<p><em><blockquote>deep</blockquote></em></p>",
        "<a>no address</a>",
        '<a href="">empty address</a>',
        '<a href="#note">to an id</a>',
        '<a href="https://a.example/"><span><a href="https://b.example/">'
        "b</a></span></a>",
        '<h4 id="x">an id</h4>',
        "<table><tr><td>a table</td></tr></table>",
        '<img src="{static}x.png" alt="">',
        "<details><summary>s</summary>d</details>",
        "<dl><dt>t</dt><dd>d</dd></dl>",
        "<pre>\nfirst line</pre>",
        "<p>not closed",
        "<p>wrongly</em> closed</p>",
        "<!-- a comment -->",
    ],
)
def test_what_tidy_could_change_goes_through_tidy(html: str) -> None:
    assert needs_tidy(html)


def test_header_reading_is_the_same_when_its_markdown_is_reused() -> None:
    first = parse_header("Title: A\nSummary: one\n    two\n\nBody\n")
    assert parse_header("No header here\n") == ({}, 1)
    assert parse_header("Title: A\nSummary: one\n    two\n\nBody\n") == first
    # A setting that is not JSON (an extension object) still reads.
    config = {"extensions": [TocExtension()]}
    assert parse_header("Title: B\n\nBody\n", config)[0]["title"].value == "B"
