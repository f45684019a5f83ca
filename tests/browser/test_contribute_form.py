"""The writing form on "Write for us" (contribute.html + contribute.js) in
real Chromium, on the sample build: the file it downloads passes
check-contribution, errors are shown and linked the GOV.UK way, axe finds
nothing (filled and with errors, light and dark, 360 and 1280 px), the
preview never runs a contributor's script, nothing is stored unless the
writer asks, and without JavaScript the page is its text alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_browser import server, visits  # noqa: F401 (fixtures)
from test_readers import axe_violations

from conftest import ROOT, site_settings
from sitetools.contribution import check_contribution
from test_sanitise import HOSTILE

pytestmark = pytest.mark.browser

ADDRESS = "/contribute.html"
STORAGE_KEY = "guest-post-draft"
GOOD = {
    "title": "My first year on the phones",
    "author": "Robin Example",
    "summary": "What a year of telephone assessments taught me.",
    "bio": "Robin has been a practitioner in the North for three years.",
    "role": "PWP, North of England",
    "content-note": "",
    "tags": "first year, telephone work",
}
BODY = "I started in the service in 2025.\n\n## What I learned\n\nListen *first*."


@pytest.fixture(scope="module")
def form_visits(visits: Any) -> Any:  # noqa: F811
    """test_browser's contexts (one per scheme, width and JavaScript)."""
    return visits


def open_form(visit: Any) -> Any:
    return visit.open(ADDRESS)


def ready(page: Any) -> Any:
    """The form, once contribute.js has loaded the rules and shown it."""
    form = page.locator("#guest-form")
    form.wait_for(state="visible", timeout=10_000)
    return form


def fill(page: Any, fields: dict[str, str], body: str = BODY) -> None:
    for name, value in fields.items():
        page.locator(f"#guest-{name}").fill(value)
    page.locator("#guest-body").fill(body)


def overflow(page: Any) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_the_downloaded_post_passes_check_contribution(
    form_visits, tmp_path: Path
) -> None:
    visit = form_visits()
    page = open_form(visit)
    try:
        ready(page)
        fill(page, GOOD)
        with page.expect_download() as info:
            page.get_by_role("button", name="Download your post").click()
        download = info.value
        assert download.suggested_filename == "my-first-year-on-the-phones.md"
        content = tmp_path / "content"
        shutil.copytree(ROOT / "content", content)
        target = content / "guest" / download.suggested_filename
        download.save_as(target)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("Title: My first year on the phones\n")
        assert "\nStatus: draft\n" in text and "\nAnonymous: no\n" in text
        assert text.endswith("\n\n" + BODY + "\n")
        settings = site_settings(content, tmp_path / "output")
        result = check_contribution(target, settings, validate_html=False)
        assert result.ready, result.problems
        assert visit.elsewhere == []
    finally:
        page.close()


def test_an_anonymous_post_leaves_out_the_author_and_passes(
    form_visits, tmp_path: Path
) -> None:
    page = open_form(form_visits())
    try:
        ready(page)
        fill(page, {**GOOD, "author": ""})
        page.get_by_label("Publish anonymously").check()
        with page.expect_download() as info:
            page.get_by_role("button", name="Download your post").click()
        text = Path(info.value.path()).read_text(encoding="utf-8")
        assert "Author:" not in text and "\nAnonymous: yes\n" in text
        assert "Anonymous contributor" in page.locator("[data-preview]").inner_text()
    finally:
        page.close()


def test_a_missing_summary_is_shown_at_the_field_and_in_the_summary(
    form_visits,
) -> None:
    page = open_form(form_visits())
    try:
        ready(page)
        fill(page, {**GOOD, "summary": ""})
        page.get_by_role("button", name="Check your post").click()
        summary = page.locator("#error-summary")
        assert summary.is_visible()
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert summary.locator("[role=alert] h2").inner_text() == "There is a problem"
        links = summary.locator("a")
        assert links.count() == 1
        assert links.first.inner_text() == "Enter a summary"
        assert links.first.get_attribute("href") == "#guest-summary"
        field = page.locator("#guest-summary")
        error = page.locator("#guest-summary-error")
        assert error.is_visible() and "Enter a summary" in error.inner_text()
        assert field.get_attribute("aria-invalid") == "true"
        assert "guest-summary-error" in field.get_attribute("aria-describedby")
        # The message sits above the input, after the label and hint.
        assert error.bounding_box()["y"] < field.bounding_box()["y"]
        assert page.title().startswith("Error: ")
        links.first.click()
        assert page.evaluate("document.activeElement.id") == "guest-summary"
        # Nothing was downloaded or offered while the post has a problem.
        assert page.locator("[data-result]:visible").count() == 0
        field.fill(GOOD["summary"])
        page.get_by_role("button", name="Check your post").click()
        assert summary.is_hidden() and field.get_attribute("aria-invalid") is None
    finally:
        page.close()


def test_the_rules_reach_the_form(form_visits, sample_site: Path) -> None:
    rules = json.loads((sample_site / "guest-rules.json").read_text("utf-8"))
    longest = {f["name"]: f["max_length"] for f in rules["fields"]}
    page = open_form(form_visits())
    try:
        ready(page)
        fill(
            page,
            {
                **GOOD,
                "title": "x" * (longest["title"] + 1),
                "author": rules["anonymous_name"].upper(),
                "bio": "One. Two. Three.",
                "role": "FILL IN your role",
            },
            body="# A second title\n\nText.",
        )
        page.get_by_role("button", name="Check your post").click()
        texts = page.locator("#error-summary a").all_inner_texts()
        assert texts == [
            f"Title must be {longest['title']} characters or fewer (it has "
            f"{longest['title'] + 1})",
            rules["messages"]["anonymous_name"].replace(
                "{name}", rules["anonymous_name"]
            ),
            "About you (bio) must be 2 sentences or fewer",
            "Replace the FILL IN text in Role (optional)",
            rules["messages"]["title_heading"].replace("{line}", "11"),
        ]
    finally:
        page.close()


def test_email_link_holds_the_post_or_says_to_attach_it(form_visits) -> None:
    page = open_form(form_visits())
    try:
        ready(page)
        fill(page, GOOD)
        page.get_by_role("button", name="Email it to us").click()
        link = page.locator("[data-result=email] a")
        assert link.is_visible()
        href = link.get_attribute("href")
        assert href.startswith("mailto:hello@talkingback.example.org?subject=")
        assert "My%20first%20year%20on%20the%20phones" in href
        assert "body=Title%3A%20My%20first%20year" in href and len(href) <= 1800
        fill(page, GOOD, body=BODY + "\n\n" + "A long paragraph. " * 120)
        page.get_by_role("button", name="Email it to us").click()
        too_long = page.locator("[data-result=email-long]")
        assert too_long.is_visible() and link.is_hidden()
        assert "attach the file" in too_long.inner_text()
        assert "body=" not in too_long.locator("a").get_attribute("href")
    finally:
        page.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_errors_and_filled(form_visits, scheme, width) -> None:
    visit = form_visits(scheme, width)
    page = open_form(visit)
    try:
        ready(page)
        page.get_by_role("button", name="Check your post").click()
        assert page.locator("#error-summary a").count() >= 3
        assert axe_violations(page) == []
        assert overflow(page) <= 0
        fill(page, GOOD)
        page.get_by_role("button", name="Check your post").click()
        page.locator("[data-result=checked]").wait_for()
        page.locator("[data-preview-body] h2").wait_for()
        assert axe_violations(page) == []
        assert overflow(page) <= 0
        assert visit.elsewhere == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_nothing_overflows_at_200_percent_text(form_visits, width) -> None:
    page = open_form(form_visits("light", width))
    try:
        ready(page)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        page.get_by_role("button", name="Check your post").click()
        fill(page, GOOD)
        assert overflow(page) <= 0
    finally:
        page.close()


def test_without_javascript_the_page_is_its_text(form_visits) -> None:
    page = open_form(form_visits(javascript=False))
    try:
        assert page.locator("#guest-writer").is_hidden()
        assert (
            page.locator("form:visible, input:visible, textarea:visible").count() == 0
        )
        template = page.locator("pre code", has_text="Title: ").first
        assert template.is_visible()
        assert "Status: draft" in template.inner_text()
    finally:
        page.close()


def test_hostile_markdown_never_runs_in_the_preview(form_visits) -> None:
    visit = form_visits()
    page = open_form(visit)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        ready(page)
        body = "\n\n".join(value for _, field, value in HOSTILE if field == "body")
        body = body.replace("alert(1)", "window.__hostile=1")
        fields = {
            field: value
            for _, field, value in HOSTILE
            if field != "body" and page.locator(f"#guest-{field}").count()
        }
        fill(page, {**GOOD, **fields}, body=body)
        page.wait_for_timeout(400)  # the preview is drawn after typing stops
        preview = page.locator("[data-preview]")
        assert preview.locator("[data-preview-body] *").count() > 10
        found = page.evaluate(
            """() => {
              const bad = [];
              for (const el of document.querySelectorAll('[data-preview] *')) {
                for (const attr of el.attributes) {
                  const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '');
                  if (/^on/i.test(attr.name)) bad.push(el.tagName + ' ' + attr.name);
                  if (/^(javascript|vbscript|data):/i.test(value))
                    bad.push(el.tagName + ' ' + attr.name + '=' + attr.value);
                }
                if (/^(script|iframe|object|embed|svg|math|style|form|input|base)$/i
                    .test(el.tagName)) bad.push(el.tagName);
              }
              return bad;
            }"""
        )
        assert found == []
        page.locator("[data-preview-body] a").first.hover()
        assert page.evaluate("window.__hostile") is None
        assert dialogs == []
        assert visit.elsewhere == []
    finally:
        page.close()


def test_nothing_is_stored_unless_the_writer_asks(form_visits) -> None:
    page = open_form(form_visits())
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        ready(page)
        page.evaluate("localStorage.clear()")
        fill(page, GOOD)
        assert page.evaluate("localStorage.length") == 0
        keep = page.get_by_label("Keep a draft on this device")
        keep.check()
        stored = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))
        assert stored["title"] == GOOD["title"] and stored["body"] == BODY
        page.reload()
        ready(page)
        assert page.locator("#guest-title").input_value() == GOOD["title"]
        assert keep.is_checked()
        keep.uncheck()
        assert page.evaluate("localStorage.length") == 0
        keep.check()
        assert page.evaluate("localStorage.length") == 1
        page.get_by_role("button", name="Clear everything").click()
        assert page.evaluate("localStorage.length") == 0
        assert page.locator("#guest-title").input_value() == ""
        assert page.locator("#guest-body").input_value() == ""
        assert page.locator("[data-preview-body]").inner_text().strip() == ""
        assert not keep.is_checked()
    finally:
        page.close()
