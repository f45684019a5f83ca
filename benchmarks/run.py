"""Build a synthetic site at several sizes and print one table of timings.

    python -m benchmarks.run --sizes 250 1000 4000
    python -m benchmarks.run --quick          # N = 250 only

Every build runs in its own process (``benchmarks.builds``) so that its peak
memory is its own and no import or cache carries over. Bare Pelican and the
full build are measured side by side in the same run, alternating, and the
ratio is taken from the medians, because a shared machine is noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitetools.serve import LIVERELOAD_POLL_SECONDS, PREVIEW_REBUILD

from .builds import RESULT_PREFIX, ROOT
from .synth import make_site

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".pdf"}


def snapshot(output: Path) -> dict[str, tuple[int, int]]:
    """Every output file's inode and change time: a rewrite changes one of them."""
    files = {}
    for path in output.rglob("*"):
        if path.is_file():
            stat = path.stat()
            files[str(path.relative_to(output))] = (stat.st_ino, stat.st_ctime_ns)
    return files


def rewritten(
    before: dict[str, tuple[int, int]],
    after: dict[str, tuple[int, int]],
    suffixes: set[str] | None = None,
) -> int:
    """How many files in ``after`` are new or were written since ``before``."""
    return sum(
        1
        for name, state in after.items()
        if before.get(name) != state
        and (suffixes is None or Path(name).suffix.lower() in suffixes)
    )


def build(job: dict[str, Any], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one build in a fresh interpreter (with ``env``, else this one's
    environment) and return its measurements."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.builds", json.dumps(job)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line.removeprefix(RESULT_PREFIX))
    raise RuntimeError(
        f"benchmark build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )


def touch_post(path: Path, note: str) -> None:
    """Edit one post the way a writer would: a changed line of body text."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{note}\n")


@dataclass
class SizeResult:
    posts: int
    events: int
    infographics: int
    bare: list[dict[str, Any]] = field(default_factory=list)
    cold: list[dict[str, Any]] = field(default_factory=list)
    warm: list[dict[str, Any]] = field(default_factory=list)
    rebuild: dict[str, Any] = field(default_factory=dict)
    touched: dict[str, Any] = field(default_factory=dict)
    cached_rebuild: dict[str, Any] = field(default_factory=dict)
    cached_touched: dict[str, Any] = field(default_factory=dict)

    def median(self, runs: str, key: str = "seconds") -> float:
        return statistics.median(run[key] for run in getattr(self, runs))

    def ratio(self, runs: str, key: str = "seconds") -> float:
        return self.median(runs, key) / self.median("bare", key)

    def peak_mb(self, runs: str) -> float:
        return max(run["peak_rss_mb"] for run in getattr(self, runs))


def measure_size(
    work: Path, posts: int, events: int, infographics: int, repeat: int
) -> SizeResult:
    site = make_site(
        work / "content", posts=posts, events=events, infographics=infographics
    )
    result = SizeResult(posts, events, infographics)

    def job(variant: str, output: str, cache: str, **extra: Any) -> dict[str, Any]:
        return {
            "variant": variant,
            "content": str(site.content),
            "output": str(work / output),
            "cache": str(work / cache),
            **extra,
        }

    def fresh(*names: str) -> None:
        for name in names:
            shutil.rmtree(work / name, ignore_errors=True)

    # Into an empty output folder, side by side so both see the same noise:
    # bare Pelican; the full build with empty caches (a first ``invoke
    # build``, which also saves Pelican's content cache); and the full build
    # keeping CACHE_PATH's image, share card and search caches but reading
    # every post from source, as a scheduled ``invoke publish`` does.
    for _ in range(repeat):
        fresh("bare", "bare-cache")
        result.bare.append(build(job("bare", "bare", "bare-cache")))
        fresh("full", "full-cache")
        result.cold.append(build(job("full", "full", "full-cache", content_cache=True)))
        fresh("full")
        result.warm.append(build(job("full", "full", "full-cache")))

    # ``invoke build`` again with nothing changed, then after editing one post
    # (Pelican's content cache on, as pelicanconf.py has it).
    output = work / "full"
    before = snapshot(output)
    result.rebuild = build(job("full", "full", "full-cache", content_cache=True))
    after = snapshot(output)
    result.rebuild["images_rewritten"] = rewritten(before, after, IMAGE_SUFFIXES)
    result.rebuild["files_rewritten"] = rewritten(before, after)
    result.rebuild["files"] = len(after)

    touch_post(site.posts[len(site.posts) // 2], "Edited for the benchmark.")
    result.touched = build(job("full", "full", "full-cache", content_cache=True))

    # What ``invoke livereload`` does after a save: the same, without search.
    cached = job(
        "full", "full", "full-cache", content_cache=True, override=PREVIEW_REBUILD
    )
    before = snapshot(output)
    result.cached_rebuild = build(cached)
    result.cached_rebuild["images_rewritten"] = rewritten(
        before, snapshot(output), IMAGE_SUFFIXES
    )
    touch_post(site.posts[len(site.posts) // 3], "Edited again.")
    result.cached_touched = build(cached)
    return result


def _size(r: SizeResult) -> str:
    return f"{r.posts:,} ({r.events}, {r.infographics})"


def _derivatives(r: SizeResult) -> str:
    cold = [run["derivatives"] for run in r.cold if run.get("derivatives")]
    warm = [run["derivatives"] for run in r.warm if run.get("derivatives")]
    if not cold or not warm or not cold[0]["sets_made"] or not warm[0]["cached"]:
        return "n/a | n/a"
    made = statistics.median(run["seconds"] for run in cold)
    cached = statistics.median(run["seconds"] for run in warm)
    return (
        f"{made:.2f} ({made / cold[0]['sets_made']:.2f}, "
        f"{cold[0]['files_made']}) "
        f"| {cached:.4f} ({1000 * cached / warm[0]['cached']:.2f})"
    )


def table(results: list[SizeResult]) -> str:
    """The results as Markdown tables."""
    lines = [
        "| N posts (events, infographics) | bare Pelican s "
        "| full, empty caches s (× bare) | full, caches kept s (× bare) "
        "| CPU s, caches kept: full / bare (×) | peak RSS bare / full MB |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {_size(r)} | {r.median('bare'):.2f} "
            f"| {r.median('cold'):.2f} (**{r.ratio('cold'):.2f}×**) "
            f"| {r.median('warm'):.2f} (**{r.ratio('warm'):.2f}×**) "
            f"| {r.median('warm', 'cpu_seconds'):.1f} / "
            f"{r.median('bare', 'cpu_seconds'):.1f} "
            f"({r.ratio('warm', 'cpu_seconds'):.2f}×) "
            f"| {r.peak_mb('bare'):.0f} / "
            f"{max(r.peak_mb('cold'), r.peak_mb('warm')):.0f} |"
        )
    lines += [
        "",
        "| N posts (events, infographics) | no-change rebuild s (÷ first build) "
        "| images rewritten | one post edited s "
        "| content cache (livereload): no change / one post edited s |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        first = r.median("cold")
        lines.append(
            f"| {_size(r)} "
            f"| {r.rebuild['seconds']:.2f} ({r.rebuild['seconds'] / first:.2f}) "
            f"| {r.rebuild['images_rewritten']} "
            f"| {r.touched['seconds']:.2f} "
            f"| {r.cached_rebuild['seconds']:.2f} / "
            f"{r.cached_touched['seconds']:.2f} |"
        )
    lines += [
        "",
        "With `invoke livereload` a save is noticed within "
        f"{LIVERELOAD_POLL_SECONDS} s (its polling interval); the rebuild is "
        "the last column, and the browser reloads when it ends.",
    ]
    lines += [
        "",
        "| N posts (events, infographics) | image derivatives, cold: s "
        "(s per infographic, files made) | cached: s (ms per infographic) |",
        "|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {_size(r)} | {_derivatives(r)} |")
    by_size = {r.posts: r for r in results}
    if 1000 in by_size and 4000 in by_size:
        big, small = by_size[4000], by_size[1000]
        lines += [
            "",
            "Growth from N = 1,000 to N = 4,000: "
            f"full build {big.median('cold') / small.median('cold'):.2f}× "
            f"(caches kept {big.median('warm') / small.median('warm'):.2f}×), "
            f"bare Pelican {big.median('bare') / small.median('bare'):.2f}×.",
        ]
    return "\n".join(lines)


def commit() -> str:
    """The commit measured (``BENCH_COMMIT`` names it for a copy without .git)."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return os.environ.get("BENCH_COMMIT") or done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000])
    parser.add_argument("--quick", action="store_true", help="N = 250 only")
    parser.add_argument(
        "--events", type=int, default=40, help="events in every site (default 40)"
    )
    parser.add_argument(
        "--infographics",
        type=int,
        default=20,
        help="infographics in every site (default 20)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="cold bare/full pairs per size"
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    sizes = [250] if args.quick else args.sizes

    work = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
    results = []
    try:
        for posts in sizes:
            print(f"N = {posts}: building…", file=sys.stderr, flush=True)
            results.append(
                measure_size(
                    work / str(posts),
                    posts,
                    args.events,
                    args.infographics,
                    args.repeat,
                )
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}, "
        f"{os.cpu_count()} cores, "
        f"Python {platform.python_version()}, "
        f"command: python -m benchmarks.run {' '.join(argv or sys.argv[1:])}\n"
    )
    print(table(results))
    if args.json:
        args.json.write_text(
            json.dumps([r.__dict__ for r in results], indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
