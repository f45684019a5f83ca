"""Page weight and privacy budgets on the built sample site.

Budget (issue 7, tightened by issue 20): the median HTML page plus the CSS and
JS it loads is under 10 KB gzipped (6.6 KB with the quick exit and support
links, 5.2 KB before them); no script blocks rendering; nothing is fetched
from another host.
"""

from __future__ import annotations

import gzip
import statistics
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

BUDGET_BYTES = 10 * 1024
SITE_HOST = "localhost:8000"  # SITEURL of the sample build


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def resources(page: BeautifulSoup) -> list[str]:
    """Every URL the browser fetches on its own while loading the page."""
    urls = [tag["src"] for tag in page.select("[src]")]
    urls += [
        link["href"]
        for link in page.select("link[href]")
        if {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
        & set(link.get("rel", []))
    ]
    for tag in page.select("[srcset]"):
        urls += [part.strip().split(" ")[0] for part in tag["srcset"].split(",")]
    urls += [tag["poster"] for tag in page.select("[poster]")]
    return urls


def local_file(output: Path, page: Path, url: str) -> Path:
    """The file ``url`` on the page at ``page`` names (relative or absolute)."""
    where = f"http://{SITE_HOST}/{page.relative_to(output).as_posix()}"
    return output / urlsplit(urljoin(where, url)).path.lstrip("/")


def html_pages(output: Path) -> list[Path]:
    return [
        p
        for p in output.rglob("*.html")
        if not {"theme", "pagefind"} & set(p.relative_to(output).parts)
    ]


def page_weight(output: Path, path: Path) -> int:
    """Gzipped bytes of the page plus the stylesheets and scripts it loads."""
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    total = gzipped_size(path)
    assets = [s["src"] for s in page.select("script[src]")]
    assets += [link["href"] for link in page.select('link[rel="stylesheet"]')]
    for url in assets:
        total += gzipped_size(local_file(output, path, url))
    return total


def test_median_page_with_css_and_js_is_under_10_kb(sample_site: Path) -> None:
    weights = sorted(page_weight(sample_site, p) for p in html_pages(sample_site))
    assert len(weights) > 20
    median = statistics.median(weights)
    assert median < BUDGET_BYTES, f"median {median} bytes, largest {weights[-1]}"


def test_no_page_loads_anything_from_another_host(sample_site: Path) -> None:
    for path in html_pages(sample_site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for url in resources(page):
            parts = urlsplit(url)
            assert parts.scheme in ("", "http", "data"), (path, url)
            assert parts.netloc in ("", SITE_HOST), (path, url)
            if parts.scheme != "data":
                assert local_file(sample_site, path, url).is_file(), (path, url)
    css = (sample_site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


def test_no_script_blocks_rendering(sample_site: Path) -> None:
    for path in html_pages(sample_site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.has_attr("src"), (path, "inline script")
            assert (
                script.has_attr("defer")
                or script.has_attr("async")
                or script.get("type") == "module"
            ), (path, script["src"])
