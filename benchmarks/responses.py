"""Readers' responses against the same site without them (issue 18).

    python -m benchmarks.responses --posts 1000 --per-post 5 --runs 5 --mode both

Makes the synthetic site twice from one seed, the second with ``per_post``
approved responses to every post (one in five a reply, a pending one on
about one post in ten), then builds the two in pairs, each build in its own
process (``benchmarks.builds``) with the full settings, and prints, for wall
and CPU time, the medians and the median (min–max) of the per-pair ratios
with / without (the machine may be shared: a pair shares its conditions).

``--mode warm`` keeps the cache folder between builds of the same site, as
``invoke build`` keeps it, so the responses' rendered HTML is reused;
``--mode cold`` empties it before every build of both sites, as on a fresh
clone (``--cold`` is short for it); ``--mode both`` measures a cold pair
then a warm pair in every run. Pelican's content cache is off in all of
them, as for production.
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

SITES = ("with", "without")
MODES = {"warm": ("warm",), "cold": ("cold",), "both": ("cold", "warm")}
FIGURES = {"wall": "seconds", "cpu": "cpu_seconds"}


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


def build_pair(root: Path, cold: bool, first: str) -> dict[str, dict[str, Any]]:
    """One build of each site, ``first`` first, from an empty ``output/``
    (and an empty ``cache/`` when ``cold``)."""
    results = {}
    for name in (first, *(other for other in SITES if other != first)):
        if cold:
            shutil.rmtree(root / name / "cache", ignore_errors=True)
        shutil.rmtree(root / name / "output", ignore_errors=True)
        results[name] = build(job(root, name))
    return results


def summary(pairs: list[dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """Medians of each site's wall and CPU seconds, and the median, min and
    max of the per-pair ratios with / without."""
    out: dict[str, Any] = {}
    for figure, key in FIGURES.items():
        ratios = [pair["with"][key] / pair["without"][key] for pair in pairs]
        out[figure] = {
            "with": statistics.median(pair["with"][key] for pair in pairs),
            "without": statistics.median(pair["without"][key] for pair in pairs),
            "ratio": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "ratios": ratios,
        }
    out["peak_rss_mb"] = {
        name: statistics.median(pair[name]["peak_rss_mb"] for pair in pairs)
        for name in SITES
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--per-post", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mode", choices=sorted(MODES), default="warm")
    parser.add_argument("--cold", action="store_true", help="short for --mode cold")
    parser.add_argument("--keep", type=Path, help="make the sites here and keep them")
    args = parser.parse_args(argv)
    modes = MODES["cold" if args.cold else args.mode]
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-responses-"))
    make_sites(root, args.posts, args.per_post)
    pairs: dict[str, list[dict[str, dict[str, Any]]]] = {mode: [] for mode in modes}
    try:
        build_pair(root, cold=False, first="with")  # one warm-up build each
        for run in range(args.runs):
            for mode in modes:
                first = SITES[run % 2]  # alternate which site goes first
                pairs[mode].append(build_pair(root, mode == "cold", first))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    results = {mode: summary(runs) for mode, runs in pairs.items()}
    print(json.dumps(results, indent=2))
    for mode, result in results.items():
        for figure in FIGURES:
            row = result[figure]
            print(
                f"{mode} {figure}: with {row['with']:.2f} s, without "
                f"{row['without']:.2f} s, with / without {row['ratio']:.3f} "
                f"({row['ratio_min']:.3f}-{row['ratio_max']:.3f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
