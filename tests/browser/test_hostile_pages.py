"""Every page of the hostile mini-sites (tests/test_autoescape.py) in real
Chromium: no dialog opens, no element carries an event handler once the
page's own scripts have run, and nothing is fetched from another host.

The sites are built with SITEURL http://localhost:8000; the browser's
requests for that address go to a local server for the built folder (as in
test_browser.py), and any other request is blocked and recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SiteContext
from sitetools.serve import serving
from test_autoescape import (
    AVATAR_FILES,
    AVATAR_NAME,
    BUILD_TIME,
    EVENT_URLS,
    HOSTILE_SETTINGS,
    METADATA_FILES,
    SITEURL,
    assert_refused_cleanly,
    build_hostile,
    written_pages,
)

pytestmark = pytest.mark.browser

SITES = {
    "avatar": (AVATAR_FILES, {}),
    "event urls": (EVENT_URLS, {}),
    "metadata and settings": (METADATA_FILES, HOSTILE_SETTINGS),
}

#: Every element with an on* attribute, after the page's own scripts ran.
HANDLERS_JS = """() => [...document.querySelectorAll('*')].flatMap(el =>
  [...el.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
    .map(a => `<${el.localName} ${a.name}="${a.value}">`))"""


@pytest.fixture(scope="module", params=list(SITES))
def hostile_output(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    files, settings = SITES[request.param]
    base = tmp_path_factory.mktemp("hostile-browser")
    outcome = build_hostile(base, files, BUILD_TIME=BUILD_TIME, **settings)
    if outcome.output is None:
        # Refusing the input is a safe outcome too, if it is a clean refusal.
        assert_refused_cleanly(outcome, base)
        pytest.fail(f"the {request.param} site was refused: {outcome.problems}")
    return outcome.output


class Loader(SiteContext):
    """One browser context for a built site: the site's address goes to the
    local server; every other request is blocked and kept in ``elsewhere``;
    every dialog (alert, confirm, prompt, print) is kept in ``dialogs``."""

    def __init__(self, browser: Any, origin: str) -> None:
        super().__init__(browser, origin, SITEURL)
        self.dialogs: list[str] = []

    def _dialog(self, address: str, dialog: Any) -> None:
        self.dialogs.append(f"{address}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def load(self, address: str) -> list[str]:
        """Open ``address``, hover and focus every link, and return the event
        handlers found in the live DOM."""
        page = self.context.new_page()
        page.on("dialog", lambda dialog: self._dialog(address, dialog))
        try:
            response = page.goto(SITEURL + address, wait_until="load")
            assert response is not None and response.ok, address
            page.evaluate(
                """() => document.querySelectorAll('a, img, [title]').forEach(el => {
                  for (const type of ['mouseover', 'mouseenter', 'focus', 'click'])
                    if (type !== 'click' || el.localName !== 'a')
                      el.dispatchEvent(new Event(type, {bubbles: true}));
                })"""
            )
            page.wait_for_timeout(50)
            return page.evaluate(HANDLERS_JS)
        finally:
            page.close()


@pytest.fixture(scope="module")
def loader(browser: Any, hostile_output: Path) -> Iterator[Loader]:
    with serving(hostile_output) as origin:
        visit = Loader(browser, origin)
        yield visit
        visit.context.close()


def test_no_hostile_page_opens_a_dialog_or_keeps_a_handler(
    loader: Loader, hostile_output: Path
) -> None:
    addresses = [
        "/" + path.relative_to(hostile_output).as_posix()
        for path in written_pages(hostile_output)
    ]
    assert len(addresses) > 5
    handlers = {
        address: found for address in addresses if (found := loader.load(address))
    }
    assert loader.dialogs == []
    assert handlers == {}
    assert loader.elsewhere == []


def test_the_avatar_with_a_quote_loads_as_an_image(browser: Any, tmp_path) -> None:
    """The escaped file name still names the real file: the avatar shows."""
    outcome = build_hostile(tmp_path, AVATAR_FILES)
    if outcome.output is None:
        assert_refused_cleanly(outcome, tmp_path)
        return
    with serving(outcome.output) as origin:
        visit = Loader(browser, origin)
        page = visit.context.new_page()
        page.on("dialog", lambda dialog: visit._dialog("avatar", dialog))
        try:
            page.goto(SITEURL + "/posts/2026/casey-writes.html", wait_until="load")
            width = page.evaluate(
                "document.querySelector('img.guest-avatar').naturalWidth"
            )
            src = page.evaluate("document.querySelector('img.guest-avatar').src")
        finally:
            page.close()
            visit.context.close()
    assert width == 32  # the PNG itself, not the decoy "casey"
    assert src.endswith(AVATAR_NAME.replace('"', "%22").replace(" ", "%20"))
    assert visit.dialogs == []
