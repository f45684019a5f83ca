"""One benchmark build, run in its own process so its peak memory is its own.

``python -m benchmarks.builds '{"variant": "full", "content": ..., ...}'``
builds once and prints one ``BENCH_RESULT {json}`` line: wall seconds (split
into reading/context and writing), CPU seconds and peak RSS.

Variants:

``full``
    The project's ``pelicanconf.py`` as it is: every plugin, our theme.
``bare``
    The same settings and posts with plugins off (``PLUGINS = []``) and
    Pelican's own ``simple`` theme: what Pelican itself costs.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG, read_settings

from .synth import BUILD_TIME

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH_RESULT "

CACHE_OFF = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}


def bench_settings(
    variant: str,
    content: Path,
    output: Path,
    cache_path: Path,
    *,
    content_cache: bool = False,
    **override: Any,
) -> dict[str, Any]:
    """Settings for one benchmark build of ``content`` into ``output``:
    with ``content_cache``, Pelican's content cache as ``pelicanconf.py``
    sets it (what ``invoke build`` does); without, every post is read from
    source, as bare Pelican and production builds do."""
    settings: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(cache_path),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "BUILD_TIME": BUILD_TIME,
        "DELETE_OUTPUT_DIRECTORY": False,
        **({} if content_cache and variant == "full" else CACHE_OFF),
    }
    if variant == "bare":
        settings |= {
            "PLUGINS": [],
            "THEME": "simple",
            "TEMPLATE_PAGES": {},
            "DIRECT_TEMPLATES": DEFAULT_CONFIG["DIRECT_TEMPLATES"],
        }
    elif variant != "full":
        raise ValueError(f"unknown variant {variant!r}: use 'full' or 'bare'")
    return read_settings(str(ROOT / "pelicanconf.py"), override=settings | override)


def _peak_rss_mb(who: int) -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_seconds() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


class DerivativeRuns(logging.Handler):
    """Collects what the infographics plugin reports about its image work
    (its log record carries an ``infographics_run``)."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.runs: list[Any] = []

    def emit(self, record: logging.LogRecord) -> None:
        run = getattr(record, "infographics_run", None)
        if run is not None:
            self.runs.append(run)

    def summary(self) -> dict[str, Any] | None:
        if not self.runs:
            return None
        return {
            "sets_made": sum(run.sets_made for run in self.runs),
            "files_made": sum(run.files_made for run in self.runs),
            "cached": sum(run.cached for run in self.runs),
            "seconds": sum(run.seconds for run in self.runs),
        }


def _listen() -> DerivativeRuns:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    warnings = logging.StreamHandler(sys.stderr)
    warnings.setLevel(logging.WARNING)
    root.addHandler(warnings)
    derivatives = DerivativeRuns()
    root.addHandler(derivatives)
    return derivatives


def run_build(job: dict[str, Any]) -> dict[str, Any]:
    """Build as ``job`` says and return the measurements."""
    from pelican import Pelican, signals

    marks: dict[str, float] = {}

    def context_done(_sender: Any) -> None:
        marks["context"] = time.perf_counter()

    signals.all_generators_finalized.connect(context_done)
    settings = bench_settings(
        job["variant"],
        Path(job["content"]),
        Path(job["output"]),
        Path(job["cache"]),
        content_cache=job.get("content_cache", False),
        **job.get("override", {}),
    )
    derivatives = _listen()
    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    Pelican(settings).run()
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "context_seconds": marks.get("context", end) - start,
        "write_seconds": end - marks.get("context", end),
        "cpu_seconds": _cpu_seconds() - cpu_start,
        "peak_rss_mb": _peak_rss_mb(resource.RUSAGE_SELF),
        "worker_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN),
        "derivatives": derivatives.summary(),
    }


def main(argv: list[str]) -> int:
    result = run_build(json.loads(argv[1]))
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
