"""Reads the counters' data file, checks it, puts the counters in the
template context and replaces ``[progress: name]`` in posts and pages."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from sitelib import ContentError, build_time, iter_content, report, source_label
from sitelib.embeds import embed_all, page_macros
from sitelib.settings import options

from .model import Counter, parse_counters
from .settings import SETTINGS

logger = logging.getLogger(__name__)

KIND = "progress"


def build_day(settings: dict[str, Any]) -> date:
    """The build's day in the site's time zone."""
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    return build_time(settings).astimezone(zone).date()


def read_counters(
    path: Path, label: str, today: date
) -> tuple[dict[str, Counter], list[ContentError]]:
    """The counters in the data file at ``path`` (none if there is no file)."""
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return {}, [
            ContentError(
                label,
                "encoding",
                "the file is not valid UTF-8",
                "save it with UTF-8 encoding",
            )
        ]
    except tomllib.TOMLDecodeError as exc:
        return {}, [
            ContentError(
                label,
                "TOML",
                str(exc),
                "write one [name] table per counter, e.g. value = 1140",
            )
        ]
    return parse_counters(data, label, today)


class ProgressGenerator(Generator):
    """Counters are data, not pages: this generator writes nothing itself."""

    def generate_context(self) -> None:
        config = options(self.settings, SETTINGS)
        path = Path(self.path) / config["PROGRESS_DATA"]
        label = source_label(path, self.path)
        counters, errors = read_counters(path, label, build_day(self.settings))
        if not errors:  # with a broken data file, every embed would be "unknown"
            errors = embed_all(
                iter_content(self.context),
                KIND,
                counters,
                self._renderer(),
                lambda content: source_label(content.source_path, self.path),
                label,
                "name",
                "progress counter",
            )
        for error in errors:
            report(error)
        if errors:
            counters = {}
        self.context["progress_counters"] = counters
        self.context["progress_home"] = [c for c in counters.values() if c.home]

    def _renderer(self) -> Callable[[Counter, Any], str]:
        """The theme's ``counter`` macro as a Python function (for posts),
        with links relative to the post in a development build."""
        macros = page_macros(
            self.env, "partials/progress.html", self.context, self.settings
        )
        return lambda counter, content: str(macros(content).counter(counter, "post"))
