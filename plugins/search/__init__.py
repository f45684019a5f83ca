"""Search: index the built site with Pagefind once Pelican has written it.

Pagefind (the ``pagefind[bin]`` package ships its binary) reads the HTML in
the output folder and writes a static index to ``pagefind/``; the search page
queries it in the reader's browser, so nothing is sent anywhere. Only elements
marked ``data-pagefind-body`` are indexed: the theme marks posts, pages,
events and infographics, and leaves list pages out.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import Any

from pelican import signals

from campaign import BuildFailed, ContentError, report

logger = logging.getLogger(__name__)

#: Every setting the plugin reads, with its default.
DEFAULTS: dict[str, Any] = {
    # Switch indexing off (tests of other features, quick previews).
    "SEARCH_ENABLED": True,
    # Seconds Pagefind may take before the build fails.
    "SEARCH_TIMEOUT": 120,
    # Extra command-line options for Pagefind, e.g. ["--force-language", "en"].
    "SEARCH_PAGEFIND_OPTIONS": [],
}


def _problem(name: str, message: str, fix: str) -> ContentError:
    return ContentError("pelicanconf.py", name, message, fix)


def validate_settings(settings: dict[str, Any]) -> list[ContentError]:
    """Problems with the SEARCH_* settings (defaults already applied)."""
    problems = []
    if not isinstance(settings["SEARCH_ENABLED"], bool):
        problems.append(
            _problem("SEARCH_ENABLED", "must be True or False", "use True or False")
        )
    timeout = settings["SEARCH_TIMEOUT"]
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or timeout <= 0
    ):
        problems.append(
            _problem(
                "SEARCH_TIMEOUT",
                f"{timeout!r} is not a number of seconds",
                "use e.g. 120",
            )
        )
    options = settings["SEARCH_PAGEFIND_OPTIONS"]
    if not isinstance(options, (list, tuple)) or not all(
        isinstance(o, str) for o in options
    ):
        problems.append(
            _problem(
                "SEARCH_PAGEFIND_OPTIONS",
                "must be a list of strings",
                'use e.g. ["--force-language", "en"]',
            )
        )
    return problems


def pagefind_command(
    output_path: str, options: list[str] | tuple[str, ...]
) -> list[str]:
    """The Pagefind command line for a built site (the binary from PyPI)."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        output_path,
        "--silent",
        *options,
    ]


def configure(pelican: Any) -> None:
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    for problem in validate_settings(settings):
        report(problem)


def index_site(pelican: Any) -> None:
    """Run Pagefind over the output; a failure fails the build."""
    settings = pelican.settings
    if settings.get("SEARCH_ENABLED") is not True:
        return
    command = pagefind_command(
        settings["OUTPUT_PATH"], settings["SEARCH_PAGEFIND_OPTIONS"]
    )
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=settings["SEARCH_TIMEOUT"],
            check=False,
        )
    except subprocess.TimeoutExpired:
        detail = f"Pagefind took longer than {settings['SEARCH_TIMEOUT']} s"
    except OSError as exc:
        detail = f"Pagefind could not start ({exc})"
    else:
        if result.returncode == 0:
            logger.info("search: indexed %s with Pagefind", settings["OUTPUT_PATH"])
            return
        said = (result.stderr or result.stdout).strip().splitlines()
        detail = said[-1] if said else f"exit status {result.returncode}"
    message = (
        f"search: {detail}. Fix: install it with 'pip install pagefind[bin]', "
        "or set SEARCH_ENABLED = False"
    )
    logger.critical("Build stopped: %s", message)
    raise BuildFailed([message])


def register() -> None:
    signals.initialized.connect(configure)
    signals.finalized.connect(index_site)
