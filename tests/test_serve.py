"""Serve anywhere: --port/--bind, a busy port is one line, and a development
build's links work on whatever host and port serves it."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup

from conftest import is_email_part
from sitetools.check import check_site
from sitetools.serve import PortBusy, bind_server, ensure_free, serving

ROOT = Path(__file__).resolve().parent.parent
SITEURL = "http://localhost:8000"  # the sample build's configured address


@pytest.fixture
def busy_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_a_busy_port_is_one_line_naming_another_port(busy_port, tmp_path):
    with pytest.raises(PortBusy) as busy:
        bind_server(tmp_path, "127.0.0.1", busy_port)
    message = str(busy.value)
    assert message == (
        f"Cannot serve on 127.0.0.1:{busy_port}: the port is in use (another "
        f"`invoke serve`?). Fix: stop that server, or pick another port, "
        f"e.g. --port {busy_port + 1}"
    )
    with pytest.raises(PortBusy):
        ensure_free("127.0.0.1", busy_port)


@pytest.mark.parametrize("task", ["serve", "reserve", "livereload"])
def test_the_serve_tasks_take_a_port_and_stop_on_a_busy_one(busy_port, task):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", task, "-p", str(busy_port), "-b", "127.0.0.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"127.0.0.1:{busy_port}: the port is in use" in lines[0]
    assert f"--port {busy_port + 1}" in lines[0]


def test_a_development_build_links_only_relatively(sample_site: Path) -> None:
    """Every page, stylesheet, script, image and feed a page links to or loads
    is named relatively (only the canonical link and share metadata name the
    configured address, as they must), and every one resolves."""
    report = check_site(
        sample_site, site_url=SITEURL, production=False, validate_html=False
    )
    assert report.errors == []
    # The newsletter's email part is for email programs: absolute by design.
    pages = [
        p
        for p in sample_site.rglob("*.html")
        if "pagefind" not in p.parts and not is_email_part(p)
    ]
    assert len(pages) > 50
    for path in pages:
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        used = [
            url
            for tag in soup.find_all(["a", "img", "source", "script", "link", "form"])
            if "canonical" not in (tag.get("rel") or [])
            for attribute in ("href", "src", "srcset", "action")
            for url in [str(tag.get(attribute) or "")]
            if url
        ]
        assert used, path
        assert [url for url in used if url.startswith(SITEURL)] == [], path


def test_a_development_build_works_on_another_port(sample_site: Path) -> None:
    with serving(sample_site) as origin:
        assert not origin.endswith(":8000")
        page = f"{origin}/posts/2020/our-survey-results-one-picture-at-a-time.html"
        with urlopen(page) as response:
            soup = BeautifulSoup(response.read(), "html.parser")
        used = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
        used += [img["src"] for img in soup.select("img")]
        assert len(used) >= 3
        for url in used:
            with urlopen(urljoin(page, url)) as response:
                assert response.status == 200, url
