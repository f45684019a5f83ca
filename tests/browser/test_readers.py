"""Issue 20 in real Chromium, tested the way it failed: text zoom at 360 px,
the lightbox at the sizes where its controls fell off screen, layout shift on
the search page, the quick exit by keyboard and without JavaScript, and the
content note and support links (axe, light and dark, 360 and 1280 px).

Reuses test_browser.py's served sample site, per-context request guard and
one shared browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from test_browser import (  # noqa: F401 (fixtures)
    PAGES,
    SCHEMES,
    SITE,
    WIDTHS,
    Visit,
    address_of,
    addresses,
    server,
    summarise,
    visits,
)

from conftest import AXE, AXE_TAGS

pytestmark = pytest.mark.browser

EXIT_URL = "https://www.bbc.co.uk/weather"
#: Every page type: the nine of test_browser.py and the ones this issue adds.
ALL_PAGES = [*PAGES, "noted post", "page", "blog", "quick exit page"]
LIGHTBOX_SIZES = [(1280, 800), (1366, 768), (800, 600), (360, 640)]
OVERFLOW_JS = (
    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.fixture(scope="module")
def pages(addresses, sample_site: Path) -> dict[str, str]:  # noqa: F811
    (noted,) = sample_site.glob("posts/2019/good-care-at-a-high-price*.html")
    return {
        **{kind: address_of(addresses, kind) for kind in PAGES},
        "noted post": "/" + noted.relative_to(sample_site).as_posix(),
        "page": "/about.html",
        "blog": "/blog/",
        "quick exit page": "/leave-quickly.html",
    }


def stand_in_for_exit_page(page: Any) -> None:
    """Answer for QUICK_EXIT_URL in this page only (the context blocks it)."""
    page.route(
        EXIT_URL + "*",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title>"
        ),
    )


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    assert len(result["passes"]) > 10
    return result["violations"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", ["noted post", "page", "quick exit page"])
def test_new_page_types_and_blocks_pass_axe(
    visits,  # noqa: F811
    pages,
    kind: str,
    scheme: str,
    width: int,
) -> None:
    visit = visits(scheme, width)
    with visit.opened(pages[kind]) as page:
        assert page.locator(".quick-exit-link").is_visible()
        assert page.locator(".site-footer .support").is_visible()
        if kind == "noted post":
            assert page.locator(".content-note").is_visible()
            assert page.locator("article .support").is_visible()
        violations = axe_violations(page)
        assert violations == [], summarise(violations)
        assert page.evaluate(OVERFLOW_JS) <= 0
        assert visit.elsewhere == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_200_percent_text_at_360px_never_scrolls_sideways(
    visits,  # noqa: F811
    pages,
    scheme: str,
) -> None:
    """WCAG 1.4.4 and 1.4.10: root font size 200% on a 360 px screen."""
    visit = visits(scheme, 360)
    wide = {}
    for kind in ALL_PAGES:
        with visit.opened(pages[kind]) as page:
            page.add_style_tag(content="html { font-size: 200% !important; }")
            assert (
                page.evaluate("getComputedStyle(document.documentElement).fontSize")
                == "32px"
            )
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow > 0:
                wide[kind] = page.evaluate(
                    "[...document.querySelectorAll('body *')]"
                    ".filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
                    ".slice(0, 3).map(e => e.outerHTML.slice(0, 80))"
                )
            # The skip link stays out of sight until focused (no purple bar).
            box = page.locator(".skip-link").bounding_box()
            assert box is not None and box["y"] + box["height"] <= 0, kind
            assert visit.elsewhere == []
    assert wide == {}, wide


@pytest.mark.parametrize(("width", "height"), LIGHTBOX_SIZES)
def test_lightbox_controls_stay_in_the_viewport(
    browser,
    server,  # noqa: F811
    width: int,
    height: int,
) -> None:

    visit = Visit(
        browser,
        server,
        viewport={"width": width, "height": height},
        reduced_motion="reduce",
    )
    try:
        page = visit.open("/infographics/")
        tiles = page.locator("a[data-lightbox-src]")
        ratios = [
            int(tiles.nth(i).get_attribute("data-lightbox-height"))
            / int(tiles.nth(i).get_attribute("data-lightbox-width"))
            for i in range(tiles.count())
        ]
        tallest = ratios.index(max(ratios))
        assert max(ratios) > 1  # the sample has a portrait infographic
        tiles.nth(tallest).click()
        dialog = page.locator("dialog.lightbox")
        dialog.wait_for(state="visible")
        page.wait_for_function("document.querySelector('dialog.lightbox img').complete")
        for name in ("Previous", "Next", "Close"):
            box = page.get_by_role("button", name=name).bounding_box()
            assert box is not None, name
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, name
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, name
        image = dialog.locator("img").bounding_box()
        assert image is not None and image["height"] > 100  # still a real picture
        page.get_by_role("button", name="Close").click()
        assert dialog.is_hidden()
        assert visit.elsewhere == []
    finally:
        visit.context.close()


def test_search_page_does_not_shift_or_claim_javascript_is_missing(
    visits,  # noqa: F811
    pages,
) -> None:
    visit = visits("light", 360)
    page = visit.context.new_page()
    try:
        # Before search.js arrives (a slow line), readers with JavaScript see
        # the form, not "Search needs JavaScript".
        page.route("**/theme/js/search.js", lambda route: route.abort())
        page.goto(SITE + pages["search"], wait_until="load")
        assert page.locator("form.search-form").is_visible()
        assert page.locator(".search-fallback").is_hidden()
        page.unroute("**/theme/js/search.js")

        page.evaluate(
            "window.__shifts = 0; new PerformanceObserver(list => {"
            " for (const e of list.getEntries()) if (!e.hadRecentInput)"
            " window.__shifts += e.value; })"
            ".observe({type: 'layout-shift', buffered: true});"
        )
        page.reload(wait_until="load")
        page.evaluate(
            "window.__shifts = 0; new PerformanceObserver(list => {"
            " for (const e of list.getEntries()) if (!e.hadRecentInput)"
            " window.__shifts += e.value; })"
            ".observe({type: 'layout-shift', buffered: true});"
        )
        boxes = page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.offsetParent)"
            ".map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y]; })"
        )
        # Pagefind loads after "load": wait for it, then nothing has moved.
        page.wait_for_function(
            "performance.getEntriesByType('resource')"
            ".some(r => r.name.includes('pagefind'))"
        )
        page.wait_for_timeout(500)
        after = page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.offsetParent)"
            ".map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y]; })"
        )
        assert after == boxes
        assert page.evaluate("window.__shifts") == 0
        assert visit.elsewhere == []
    finally:
        page.close()


def test_search_excerpts_leave_out_the_byline_and_mark_cuts(visits, pages) -> None:  # noqa: F811
    visit = visits("light", 1280)
    with visit.opened(pages["search"] + "?q=burnout") as page:
        first = page.locator(".search-results li p").first
        first.wait_for(timeout=10_000)
        texts = page.locator(".search-results li p").all_inner_texts()
        for text in texts:
            assert "min read" not in text and "· by" not in text, text
            assert text[0].isupper() or text[0].isdigit() or text.startswith("…"), text


def test_quick_exit_by_keyboard_blanks_the_page_and_replaces_history(
    visits,  # noqa: F811
    pages,
) -> None:
    visit = visits("light", 360)
    with visit.opened(pages["noted post"]) as page:
        stand_in_for_exit_page(page)
        said: list[str] = []
        page.on("console", lambda message: said.append(message.text))
        # What the page looks like at the moment it is left.
        page.evaluate(
            "addEventListener('beforeunload', () => console.log("
            "'leaving ' + document.body.hidden + ' ' + JSON.stringify(document.title)))"
        )
        entries = page.evaluate("history.length")
        # First in focus order after the skip link.
        page.keyboard.press("Tab")
        assert "skip-link" in page.evaluate("document.activeElement.className")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent").startswith(
            "Leave this site"
        )
        box = page.locator(".quick-exit-link").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
        page.locator("main").click(position={"x": 5, "y": 5})  # focus elsewhere
        page.keyboard.press("Shift")
        status = page.locator(".quick-exit [role=status]")
        assert "2 more times" in status.inner_text()
        page.keyboard.press("Shift")
        page.keyboard.press("Shift")
        page.wait_for_url(EXIT_URL)
        assert 'leaving true ""' in said, said
        # location.replace: Back has nowhere on the site to return to.
        assert page.evaluate("history.length") == entries
        assert visit.elsewhere == []


def test_other_keys_between_shifts_do_not_leave(visits, pages) -> None:  # noqa: F811
    visit = visits("light", 1280)
    with visit.opened(pages["post"]) as page:
        for key in ("Shift", "Shift", "a", "Shift"):
            page.keyboard.press(key)
        page.wait_for_timeout(200)
        assert page.url.startswith(SITE) and page.evaluate("!document.body.hidden")


def test_quick_exit_without_javascript_is_a_plain_link(visits, pages) -> None:  # noqa: F811
    visit = visits("light", 360, javascript=False)
    with visit.opened(pages["noted post"]) as page:
        stand_in_for_exit_page(page)
        # Without JavaScript the note and support links are there too.
        note = page.locator(".content-note")
        assert note.is_visible()
        assert (
            note.bounding_box()["y"] < page.locator(".post-content").bounding_box()["y"]
        )
        assert page.locator("article .support a[href^='tel:']").is_visible()
        link = page.get_by_role("link", name="Leave this site")
        assert link.get_attribute("href") == EXIT_URL
        link.click()
        page.wait_for_url(EXIT_URL)
        assert visit.elsewhere == []


def test_printing_a_post_leaves_out_series_links_and_tags(visits, pages) -> None:  # noqa: F811
    visit = visits("light", 1280)
    # The print emulation is the page's own: it goes when the page closes.
    with visit.opened(pages["noted post"]) as page:
        page.emulate_media(media="print")
        for selector in (".series", ".tags", ".quick-exit", ".support"):
            assert page.locator(selector).first.is_hidden(), selector
        assert page.locator(".content-note").is_visible()


def test_events_page_shows_events_before_feed_links(visits, pages) -> None:  # noqa: F811
    visit = visits("light", 360)
    with visit.opened(pages["events"]) as page:
        first_event = page.locator(".event-summary").first.bounding_box()
        feeds = page.locator(".events-subscribe").bounding_box()
        assert first_event["y"] < feeds["y"]


def test_sample_infographic_pages_have_no_share_heading(sample_site: Path) -> None:
    for path in (sample_site / "infographics").glob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        headings = [h.get_text(strip=True) for h in soup.select("h2")]
        assert "Download and share" not in headings, path
