"""The newsletter's email and the progress counters in real Chromium: the
email fits 375 and 600 px screens, the counters pass axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import AXE, AXE_TAGS, AXE_VIOLATIONS_JS, SiteContext
from sitetools.serve import serving

pytestmark = pytest.mark.browser

SITE = "http://localhost:8000"  # SITEURL of the sample build
EMAIL = "/newsletters/2020-03-23/email.html"
CROWDFUNDER = "/posts/2020/help-fund-free-retreats-for-mental-health-workers.html"
WORDS = "£1,140 of £1,500 pledged"


@pytest.fixture(scope="module")
def origin(sample_site: Path) -> Iterator[str]:
    with serving(sample_site) as served:
        yield served


def open_page(browser: Any, origin: str, address: str, **options: Any) -> Any:
    visit = SiteContext(browser, origin, SITE, **options)
    page = visit.context.new_page()
    response = page.goto(SITE + address, wait_until="load")
    assert response is not None and response.ok, address
    return visit, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 600])
def test_the_email_fits_the_screen(browser, origin, width: int, scheme: str) -> None:
    visit, page = open_page(
        browser,
        origin,
        EMAIL,
        viewport={"width": width, "height": 800},
        color_scheme=scheme,
    )
    try:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the email is {overflow}px wider than {width}px"
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('img, table')]"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= width
        # Every image loaded from the (absolute) site address.
        assert page.evaluate(
            "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
        )
        assert WORDS in page.inner_text("body")
        assert visit.elsewhere == []
    finally:
        visit.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "address", ["/", CROWDFUNDER, "/newsletters/2020-03-23.html", "/newsletters/"]
)
def test_progress_counters_pass_axe_and_show_the_numbers_as_text(
    browser, origin, address: str, scheme: str
) -> None:
    visit, page = open_page(
        browser,
        origin,
        address,
        viewport={"width": 360, "height": 800},
        color_scheme=scheme,
    )
    try:
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_VIOLATIONS_JS, AXE_TAGS) == []
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        if address != "/newsletters/":
            bar = page.locator("progress").first
            assert bar.get_attribute("max") == "1500"
            # The accessible description is the sentence with the numbers.
            described = page.locator(f"#{bar.get_attribute('aria-describedby')}")
            assert WORDS in described.inner_text()
            assert described.is_visible()
        assert visit.elsewhere == []
    finally:
        visit.context.close()
