"""The built sample site in real Chromium: accessibility (axe-core), privacy,
keyboard use and search, on the issue's nine pages (and a post with nested
readers' responses), light and dark, 360 and
1280 px wide.

The site is built with SITEURL http://localhost:8000, so the browser asks for
that address; every such request is sent on to a small server on 127.0.0.1
serving the built site. Any request for another host is blocked and recorded,
and each test asserts there were none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import AXE, AXE_TAGS, SiteContext
from sitetools.serve import serving

pytestmark = pytest.mark.browser

SITE = "http://localhost:8000"  # SITEURL of the sample build
PAGES = [
    "home",
    "post",
    "guest post",
    "post with responses",
    "category",
    "events",
    "event",
    "infographics",
    "infographic",
    "search",
]
SCHEMES = ["light", "dark"]
WIDTHS = [360, 1280]
BACKGROUNDS = {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 17, 22)"}


def _article_pages(output: Path) -> list[tuple[Path, str]]:
    found = []
    for path in sorted((output / "posts").glob("*/*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        header = page.select_one("article.post header")
        if header:
            found.append((path, header.get_text(" ").lower()))
    return found


def _first_other(folder: Path) -> Path | None:
    return next(
        (p for p in sorted(folder.rglob("*.html")) if p.name != "index.html"), None
    )


def find_pages(output: Path) -> dict[str, str | None]:
    """The address (path after the site URL) of each page kind in the build,
    or None where the build has no such page."""
    articles = _article_pages(output)
    candidates: dict[str, Path | None] = {
        "home": output / "index.html",
        "post": next((p for p, text in articles if "guest post" not in text), None),
        "guest post": next((p for p, text in articles if "guest post" in text), None),
        "post with responses": next(
            (p for p, _ in articles if 'class="response-replies"' in p.read_text()),
            None,
        ),
        "category": next(iter(sorted((output / "category").glob("*.html"))), None),
        "events": output / "events" / "index.html",
        "event": _first_other(output / "events"),
        "infographics": output / "infographics" / "index.html",
        "infographic": _first_other(output / "infographics"),
        "search": output / "search.html",
    }
    addresses: dict[str, str | None] = {}
    for kind, path in candidates.items():
        if path is None or not path.is_file():
            addresses[kind] = None
            continue
        relative = path.relative_to(output).as_posix()
        addresses[kind] = "/" + relative.removesuffix("index.html")
    return addresses


@pytest.fixture(scope="module")
def addresses(sample_site: Path) -> dict[str, str | None]:
    return find_pages(sample_site)


@pytest.fixture(scope="module")
def server(sample_site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1, on a free port; yields its origin."""
    with serving(sample_site) as origin:
        yield origin


class Visit(SiteContext):
    """A browser context for one colour scheme and width, with every request
    checked: the site's address goes to the local server, anything else is
    blocked and remembered in ``elsewhere``."""

    def __init__(self, browser: Any, origin: str, **options: Any) -> None:
        super().__init__(browser, origin, SITE, **options)

    def open(self, address: str) -> Any:
        page = self.context.new_page()
        response = page.goto(SITE + address, wait_until="load")
        assert response is not None and response.ok, address
        return page

    @contextmanager
    def opened(self, address: str) -> Iterator[Any]:
        """The page at ``address`` (as :meth:`open`), closed afterwards
        whatever the test found."""
        page = self.open(address)
        try:
            yield page
        finally:
            page.close()


@pytest.fixture(scope="module")
def visits(browser: Any, server: str) -> Iterator[Callable[..., Visit]]:
    """One context per (scheme, width, javascript), reused across tests."""
    made: dict[tuple[str, int, bool], Visit] = {}

    def get(scheme: str = "light", width: int = 1280, javascript: bool = True) -> Visit:
        key = (scheme, width, javascript)
        if key not in made:
            made[key] = Visit(
                browser,
                server,
                viewport={"width": width, "height": 800},
                color_scheme=scheme,
                reduced_motion="reduce",
                java_script_enabled=javascript,
            )
        made[key].elsewhere.clear()
        return made[key]

    yield get
    for visit in made.values():
        visit.context.close()


def address_of(addresses: dict[str, str | None], kind: str) -> str:
    address = addresses[kind]
    if address is None:
        pytest.fail(f"the sample site has no {kind} page yet")
    return address


def summarise(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violations_and_nothing_leaves_localhost(
    visits, addresses, kind: str, scheme: str, width: int
) -> None:
    visit = visits(scheme, width)
    with visit.opened(address_of(addresses, kind)) as page:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        assert result["violations"] == [], summarise(result["violations"])
        assert len(result["passes"]) > 10  # axe really checked the page
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == BACKGROUNDS[scheme]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"page is {overflow}px wider than the screen"
        assert visit.elsewhere == []


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reaches_skip_link_and_navigation(visits, addresses, width) -> None:
    visit = visits("light", width)
    with visit.opened(address_of(addresses, "post")) as page:
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert "skip-link" in focused
        box = page.locator(".skip-link").bounding_box()
        assert box is not None and box["y"] >= 0  # visible when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"

        page.evaluate("document.activeElement.blur()")
        page.goto(page.url.split("#")[0])
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == "Events":
                break
        else:
            pytest.fail("Tab never reached the Events link in the main navigation")
        assert page.evaluate(
            "document.activeElement.closest('nav[aria-label=Main]') !== null"
        )
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", "")
        page.keyboard.press("Enter")
        page.wait_for_url(SITE + "/events/")
        assert page.locator("h1").inner_text() == "Events"
        assert visit.elsewhere == []


def test_navigation_works_at_320px_without_javascript(visits, addresses) -> None:
    visit = visits("light", 320, javascript=False)
    with visit.opened("/") as page:
        links = page.locator("nav[aria-label=Main] a")
        assert links.count() >= 5
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
            assert box["height"] >= 24  # WCAG 2.2 target size
        page.get_by_role("link", name="About", exact=True).first.click()
        page.wait_for_url(SITE + "/about.html")
        assert visit.elsewhere == []


@pytest.mark.parametrize("kind", ["post", "guest post", "event", "infographic"])
def test_search_finds_a_known_page(visits, addresses, sample_site: Path, kind) -> None:
    target = address_of(addresses, kind)
    source = BeautifulSoup(
        (sample_site / target.lstrip("/")).read_text(encoding="utf-8"), "html.parser"
    )
    title = source.h1.get_text(" ", strip=True)
    visit = visits("light", 1280)
    with visit.opened(address_of(addresses, "search")) as page:
        # search.js shows the form once Pagefind has loaded, after "load".
        page.locator("form.search-form").wait_for(state="visible", timeout=10_000)
        assert page.locator(".search-fallback").is_hidden()
        page.get_by_label("Search posts, events and infographics").fill(title)
        page.keyboard.press("Enter")
        result = page.locator(f'.search-results a[href$="{target}"]').first
        result.wait_for(timeout=10_000)
        assert "result" in page.locator("#search-status").inner_text()
        assert "q=" in page.url  # the search can be bookmarked and shared
        assert page.locator(".search-results p mark").count() > 0  # matches marked
        assert page.locator(".search-results p *:not(mark)").count() == 0
        result.click()
        page.wait_for_url(SITE + target)
        assert visit.elsewhere == []


def test_search_page_without_javascript_explains_and_offers_browsing(
    visits, addresses
) -> None:
    visit = visits("light", 360, javascript=False)
    with visit.opened(address_of(addresses, "search")) as page:
        assert page.locator(".search-fallback").is_visible()
        assert page.locator("form.search-form").is_hidden()
        assert page.get_by_role(
            "link", name="All blog posts, newest first"
        ).is_visible()


def test_print_hides_navigation_and_shows_link_addresses(visits, addresses) -> None:
    visit = visits("dark", 1280)
    with visit.opened(address_of(addresses, "post")) as page:
        page.emulate_media(media="print")
        assert (
            page.evaluate(
                "getComputedStyle(document.querySelector('.site-nav')).display"
            )
            == "none"
        )
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        # An absolute link, as every link is in a production build (this
        # development build's own links are relative, so any port serves it).
        after = page.evaluate(
            "(() => { const a = document.createElement('a');"
            " a.href = 'https://example.org/report'; a.textContent = 'report';"
            " document.querySelector('.post-content').appendChild(a);"
            " return getComputedStyle(a, '::after').content; })()"
        )
        assert "https://example.org/report" in after


def test_requests_to_other_hosts_are_caught(visits) -> None:
    """The guard the other tests rely on: a request elsewhere is recorded."""
    visit = visits("light", 1280)
    with visit.opened("/") as page:
        try:
            page.evaluate(
                "fetch('https://tracker.example.net/pixel.gif').catch(() => null)"
            )
            assert visit.elsewhere == ["https://tracker.example.net/pixel.gif"]
        finally:
            visit.elsewhere.clear()


def test_responses_show_nested_reply_and_email_link(visits, addresses) -> None:
    with visits("light", 360).opened(
        address_of(addresses, "post with responses")
    ) as page:
        reply = page.locator(".response-replies .response").first
        assert reply.is_visible()
        parent_box = page.locator(
            ".response-list > li > .response"
        ).first.bounding_box()
        reply_box = reply.bounding_box()
        assert parent_box and reply_box and reply_box["x"] > parent_box["x"]  # indented
        assert "replying to" in reply.inner_text()
        link = page.get_by_role("link", name="Email your response to")
        assert link.get_attribute("href").startswith("mailto:")
        assert "Sample pending response" not in page.content()
