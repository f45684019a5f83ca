"""Shared fixtures: the sample site built once per session, and mini-sites."""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from guest_posts.contribution import inspect_source
from guest_posts.settings import SETTINGS
from sitelib.settings import options

ROOT = Path(__file__).resolve().parent.parent


#: Settings for mini-sites: the project's own settings, minus what a test
#: must not touch (the real output folder).
def site_settings(content: Path, output: Path, **override: Any) -> dict[str, Any]:
    return read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_PATH": str(output.parent / "cache"),
            # Pagefind adds about a second per build; the sample site keeps it.
            "SEARCH_ENABLED": False,
            **override,
        },
    )


def build(content: Path, output: Path, **override: Any) -> Path:
    """Build the site in ``content`` into ``output`` and return ``output``."""
    settings = site_settings(content, output, **override)
    Pelican(settings).run()
    return Path(settings["OUTPUT_PATH"])


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text}`` below ``root`` and return ``root``.

    Text is dedented and loses leading blank lines (so a test may indent a
    file's text); ``bytes`` values are written as they are.
    """
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip(), encoding="utf-8")
    return root


def write_content(content: Path, files: Mapping[str, str | bytes]) -> Path:
    """``write_files``, and the posts/ and pages/ folders the settings read."""
    write_files(content, files)
    for folder in ("pages", "posts"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    return content


def guest_post(body: str = "Some text.", **fields: str) -> str:
    """A guest post's text: a complete metadata block (``fields`` add to or
    replace it; an empty value leaves the field out), then ``body``."""
    meta = {
        "Title": "A guest post",
        "Author": "Test Writer",
        "Date": "2026-02-01",
        "Summary": "A summary.",
        "Bio": "A test person.",
        **fields,
    }
    meta.setdefault("Status", "published")
    header = "\n".join(f"{key}: {value}" for key, value in meta.items() if value)
    return f"{header}\n\n{body}\n"


#: The sample site is built as if on this day, so tests see fixed "upcoming" events.
SAMPLE_BUILD_TIME = "2026-11-22T12:00:00+00:00"


def guest_problems(text: str, tmp_path: Path, **settings: Any) -> list[str]:
    """The problems ``inspect_source`` finds in one guest post, as printed, with
    the site's settings (``settings`` overrides them)."""
    content = tmp_path / "content"
    (content / "guest").mkdir(parents=True, exist_ok=True)
    site = site_settings(content, tmp_path / "output", **settings)
    return [
        str(problem)
        for problem in inspect_source(
            text,
            source="content/guest/a.md",
            content_root=content,
            source_dir=content / "guest",
            config=options(site, SETTINGS),
            markdown=site["MARKDOWN"],
        ).problems
    ]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site in content/, built once per test run with development
    settings (shared between pytest-xdist workers through a file lock)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    base = shared / "sample-site"
    with (shared / "sample-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / "output" / "index.html").is_file():
            shutil.rmtree(base, ignore_errors=True)
            shutil.copytree(ROOT / "content", base / "content")
            build(
                base / "content",
                base / "output",
                BUILD_TIME=SAMPLE_BUILD_TIME,
                SEARCH_ENABLED=True,
            )
    return base / "output"


def is_email_part(path: Path) -> bool:
    """A newsletter issue's email HTML part (``newsletters/<date>/email.html``):
    a document for email programs, not a page of the site."""
    return path.name == "email.html" and "newsletters" in path.parts


MiniSite = Callable[..., Path]


@pytest.fixture
def mini_site(tmp_path: Path) -> MiniSite:
    """Build a small site from ``{relative path: text}`` and return its output.

    Text is dedented; ``bytes`` values are written as they are.
    """

    def make(files: dict[str, str | bytes], **override: Any) -> Path:
        content = write_content(tmp_path / "content", files)
        return build(content, tmp_path / "output", **override)

    return make


def build_problems(
    mini_site: MiniSite, files: dict[str, str | bytes], **override: Any
) -> list[str]:
    """Build a mini-site that must fail; return the build guard's lines."""
    from sitelib import BuildFailed

    with pytest.raises(BuildFailed) as failure:
        mini_site(files, **override)
    return failure.value.problems


def require_tool(name: str, found: bool, how: str) -> None:
    """Skip (locally) or fail (in CI, where REQUIRE_TOOLS=1) when a tool is missing.

    ``how`` says how to install it, e.g. "apt-get install chromium".
    """
    if found:
        return
    message = f"{name} is not installed ({how})"
    if os.environ.get("REQUIRE_TOOLS"):
        pytest.fail(f"{message}; CI must run these tests")
    pytest.skip(message)  # a missing tool (chromium, java, sshd) locally; CI fails


# -- the browser: Debian's chromium driven by Playwright ----------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_VIOLATIONS_JS = (
    "async (tags) => (await axe.run(document, {runOnly: tags})).violations"
    ".map(v => v.id)"
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per test run (per xdist worker), never downloaded:
    Debian's build at /usr/bin/chromium, with axe-core from node_modules."""
    require_tool(
        "chromium",
        CHROMIUM.is_file(),
        "apt-get install chromium (never playwright install)",
    )
    require_tool(
        "playwright",
        importlib.util.find_spec("playwright") is not None,
        "pip install -r requirements-dev.txt",
    )
    require_tool("axe-core", AXE.is_file(), "npm ci")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def open_site_page(
    browser: Any, site: Path, origin: str, when: Any = None
) -> tuple[Any, Any, list[str]]:
    """A page in a new context that serves ``site`` (a built output folder)
    at ``origin`` without a server, with the clock fixed at ``when`` if
    given. Returns (context, page, outside): requests to any other origin are
    blocked and kept in ``outside``. The caller closes the context."""
    outside: list[str] = []

    def serve(route: Any) -> None:
        url = route.request.url
        if not url.startswith(origin + "/"):
            outside.append(url)
            route.abort()
            return
        path = site / url.removeprefix(origin + "/").split("?")[0].split("#")[0]
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="")

    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", serve)
    if when is not None:
        page.clock.set_fixed_time(when)
    return context, page, outside


class SiteContext:
    """A browser context for a built site served at ``origin``: requests for
    ``site_url`` (the build's SITEURL) go to the local server; every other
    request is blocked and kept in ``elsewhere``."""

    def __init__(self, browser: Any, origin: str, site_url: str, **options: Any):
        self.origin, self.site_url = origin, site_url
        self.elsewhere: list[str] = []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.site_url + "/"):
            route.continue_(url=self.origin + url[len(self.site_url) :])
        elif urlsplit(url).netloc == urlsplit(self.origin).netloc:
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort()
