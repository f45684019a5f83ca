"""Readers' responses against the same site without them (issue 18).

    python -m benchmarks.responses --posts 1000 --per-post 5 --runs 3

Makes the synthetic site twice from one seed, the second with ``per_post``
approved responses to every post (one in five a reply, a pending one on
about one post in ten), then builds the two in turn, each build in its own
process (``benchmarks.builds``) with the full settings, and prints the
medians and the ratio of medians. ``--cold`` empties the cache before every
build (Pelican's content cache is off in both, as for production); by default
the cache folder is kept between builds of the same site, as ``invoke build``
keeps it, so the responses' rendered HTML is reused.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from .run import build
from .synth import make_site


def job(root: Path, name: str) -> dict[str, Any]:
    return {
        "variant": "full",
        "content": str(root / name / "content"),
        "output": str(root / name / "output"),
        "cache": str(root / name / "cache"),
        "override": {"SEARCH_ENABLED": False},
    }


def make_sites(root: Path, posts: int, per_post: int) -> None:
    make_site(root / "without" / "content", posts=posts)
    make_site(root / "with" / "content", posts=posts, responses=per_post)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--per-post", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--keep", type=Path, help="make the sites here and keep them")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-responses-"))
    make_sites(root, args.posts, args.per_post)
    seconds: dict[str, list[float]] = {"without": [], "with": []}
    try:
        for name in seconds:  # one warm-up build each
            build(job(root, name))
        for _ in range(args.runs):
            for name in seconds:
                if args.cold:
                    shutil.rmtree(root / name / "cache", ignore_errors=True)
                shutil.rmtree(root / name / "output", ignore_errors=True)
                seconds[name].append(build(job(root, name))["seconds"])
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    print(json.dumps({"seconds": seconds, "median": medians}, indent=2))
    print(f"with / without responses: {medians['with'] / medians['without']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
