"""Lists of upcoming events read long after the build (issue 19): with the
browser's clock past every sample event, no page of the sample site lists one
as upcoming; the new event pages pass axe-core."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import AXE, AXE_TAGS, AXE_VIOLATIONS_JS, open_site_page

pytestmark = pytest.mark.browser

ORIGIN = "http://localhost:8000"  # SITEURL of the sample build
#: After the last sample event (the two-day gathering, May 2028).
LATER = datetime(2030, 1, 1, 12, tzinfo=UTC)
#: Every element that lists an event as upcoming, when it is shown.
UPCOMING_ITEMS_JS = """() => Array.from(document.querySelectorAll(
    '[data-events="upcoming"] [data-event-end], ' +
    '[data-events="upcoming-short"] [data-event-end], .event-dates [data-event-end]'
  )).filter(e => e.offsetParent !== null || e.getClientRects().length > 0)
   .map(e => e.textContent.trim().replace(/\\s+/g, ' '))"""


def open_page(browser, site: Path, when: datetime | None):
    return open_site_page(browser, site, ORIGIN, when)


def pages_with_upcoming_lists(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "data-event-end" in path.read_text(encoding="utf-8")
    )


def test_no_page_lists_a_finished_event_as_upcoming(sample_site: Path, browser) -> None:
    addresses = pages_with_upcoming_lists(sample_site)
    assert "index.html" in addresses and "events/index.html" in addresses
    assert len(addresses) > 20  # the footer is on every page
    context, page, outside = open_page(browser, sample_site, LATER)
    stale: dict[str, list[str]] = {}
    try:
        for address in addresses:
            page.goto(f"{ORIGIN}/{address}")
            page.wait_for_load_state("load")
            shown = page.evaluate(UPCOMING_ITEMS_JS)
            if shown:
                stale[address] = shown
        page.goto(f"{ORIGIN}/events/")
        page.wait_for_load_state("load")
        none_shown = page.is_visible('[data-events="upcoming"] .events-none')
        past = page.eval_on_selector_all(
            '[data-events="past"] .event-title a', "links => links.length"
        )
        page.goto(f"{ORIGIN}/")
        page.wait_for_load_state("load")
        home_none = page.is_visible(".home-events .events-none")
    finally:
        context.close()
    assert stale == {}
    assert none_shown and home_none
    assert past == len(list((sample_site / "events").glob("*.ics"))) - 1  # calendar
    assert outside == []


def test_before_the_events_the_lists_are_kept(sample_site: Path, browser) -> None:
    """The same script on the build date leaves the lists alone (so the test
    above cannot pass by emptying every list)."""
    context, page, _ = open_page(
        browser, sample_site, datetime(2026, 11, 22, 12, tzinfo=UTC)
    )
    try:
        page.goto(f"{ORIGIN}/about.html")
        page.wait_for_load_state("load")
        footer = page.evaluate(UPCOMING_ITEMS_JS)
        as_of_hidden = not page.is_visible(".footer-events .events-as-of")
    finally:
        context.close()
    assert len(footer) == 3
    assert as_of_hidden


def test_without_javascript_the_lists_say_as_of_the_build(
    sample_site: Path, browser
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: route.fulfill(path=str(sample_site / "events/index.html")),
        )
        page.goto(f"{ORIGIN}/events/")
        text = page.inner_text('[data-events="upcoming"] .events-as-of')
    finally:
        context.close()
    assert text == "As of Sunday 22 November 2026."


@pytest.mark.parametrize(
    "address",
    ["events/sample-monthly-workers-cafe.html", "events/sample-online-debate.html"],
)
def test_new_event_pages_pass_axe(sample_site: Path, browser, address: str) -> None:
    context, page, outside = open_page(browser, sample_site, None)
    try:
        page.goto(f"{ORIGIN}/{address}")
        page.wait_for_load_state("load")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_VIOLATIONS_JS, AXE_TAGS)
    finally:
        context.close()
    assert violations == []
    assert outside == []
