"""The progress plugin's settings, declared once (see ``sitelib.settings``)."""

from __future__ import annotations

from sitelib.settings import Setting, path

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "PROGRESS_DATA",
        "data/progress.toml",
        "the counters' data file, inside `PATH` (no file: no counters)",
        path("data/progress.toml"),
    ),
)
