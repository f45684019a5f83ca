"""The events plugin at 300 events, 50 of them repeating, against the plugin
of an earlier commit on the same events without the new fields (issue 19).

    python -m benchmarks.events                 # against where HEAD left main, 5 pairs
    python -m benchmarks.events --base <commit> --runs 7
    python -m benchmarks.events --write DIR [--plain]   # just the content

The new site's events carry Speakers, Chair, Price, Access, Sequence, and for
50 of them a Repeat rule (every two weeks, 12 times) with one Except date; the
base site has the same events without those lines. Each build is a full
``benchmarks.builds`` build (every plugin, our theme, no content cache) in its
own process; the base build uses the base commit's ``events`` plugin and theme
(``git archive`` into a temporary folder, first in ``PLUGIN_PATHS``). Builds alternate,
base then new, and the ratio is the median of the pairwise ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path

from .builds import ROOT
from .run import build
from .synth import write_events

EVENTS = 300
REPEATING = 50
NEW_FIELDS = [
    "Sequence: 1",
    "Price: 3 GBP",
    "Chair: Sam Example — Sample Network",
    "Speakers: Ann Example — Sample Union",
    "    Bo Example — Sample Trust",
    "    Cy Example — Sample University",
    "Access: step-free",
    "    hearing loop",
    "Access-Note: Sample access note.",
    "RSVP: email",
]


def write_site(content: Path, *, new_fields: bool, seed: int = 19) -> list[Path]:
    """300 events (synth's), with the issue-19 fields when ``new_fields``;
    every sixth one repeats."""
    paths = write_events(content, random.Random(seed), EVENTS)
    (content / "pages").mkdir(parents=True, exist_ok=True)
    if not new_fields:
        return paths
    repeating = paths[:: EVENTS // REPEATING]
    for path in paths:
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        extra = list(NEW_FIELDS)
        if path in repeating:
            start = next(
                line.split(": ", 1)[1]
                for line in head.splitlines()
                if line.startswith("Start:")
            )
            third = datetime.fromisoformat(start) + timedelta(weeks=4)
            extra += [
                "Repeat: FREQ=WEEKLY;INTERVAL=2;COUNT=12",
                f"Except: {third.date().isoformat()}",
            ]
        path.write_text("\n".join([head, *extra]) + "\n\n" + body, encoding="utf-8")
    return paths


def extract_base(commit: str, into: Path) -> Path:
    """``plugins/events`` and ``theme`` as they are at ``commit``, under
    ``into``; returns the plugins folder."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "plugins/events", "theme"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "plugins"


def merge_base() -> str:
    return subprocess.run(
        ["git", "merge-base", "main", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def build_once(content: Path, work: Path, python_path: str = "") -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one full build of ``content``."""
    job = {
        "variant": "full",
        "content": str(content),
        "output": str(work / "output"),
        "cache": str(work / "cache"),
    }
    env = {**os.environ}
    if python_path:
        # Pelican looks in PLUGIN_PATHS in order: the base plugin first.
        job["override"] = {
            "PLUGIN_PATHS": [python_path, str(ROOT / "plugins")],
            "THEME": str(Path(python_path).parent / "theme"),
        }
        env["PYTHONPATH"] = python_path
    result = build(job, env)
    if not (work / "output/events/index.html").is_file():
        raise RuntimeError(f"the build wrote no events: {json.dumps(job)}")
    return result["seconds"], result["cpu_seconds"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base",
        default="",
        help="the commit to compare with (default: merge-base main HEAD)",
    )
    parser.add_argument("--runs", type=int, default=5, help="pairs of builds")
    parser.add_argument("--write", type=Path, help="only write the content here")
    parser.add_argument("--plain", action="store_true", help="without the new fields")
    args = parser.parse_args(argv)
    if args.write:
        write_site(args.write, new_fields=not args.plain)
        return 0
    with tempfile.TemporaryDirectory(prefix="events-bench-") as temporary:
        base = Path(temporary)
        write_site(base / "new", new_fields=True)
        write_site(base / "plain", new_fields=False)
        commit = args.base or merge_base()
        plugin = extract_base(commit, base / "base")
        pairs = []
        for run in range(args.runs + 1):  # the first pair warms up
            before = build_once(base / "plain", base / f"b{run}", str(plugin))
            after = build_once(base / "new", base / f"n{run}")
            if run:
                pairs.append((before, after))
    for label, index in (("wall", 0), ("CPU", 1)):
        ratios = [after[index] / before[index] for before, after in pairs]
        print(
            f"{EVENTS} events ({REPEATING} repeating), {args.runs} pairs, {label}: "
            f"base {statistics.median(b[index] for b, _ in pairs):.2f} s, "
            f"new {statistics.median(a[index] for _, a in pairs):.2f} s, "
            f"ratio median {statistics.median(ratios):.2f} "
            f"(min {min(ratios):.2f}, max {max(ratios):.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
