"""Build, check and publish: what ``invoke check``, ``publish``, ``rollback``
and ``gh-pages`` run.

The production build goes into a fresh temporary folder; a failed build or
check stops before anything at the target is touched, and ``output/`` is
never involved.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.settings import read_settings

import sitelib
from events.settings import SETTINGS as EVENTS_SETTINGS
from sitelib.settings import options

from .check import Report, check_site
from .deploy import (
    CURRENT,
    DeployError,
    Result,
    Target,
    deploy_in_place,
    deploy_release,
    rollback,
)
from .events import sequence_problems, source_namer
from .ghpages import publish_gh_pages

ROOT = Path(__file__).resolve().parent.parent
PUBLISH_SETTINGS = ROOT / "publishconf.py"

METHODS = ("rsync", "github-pages")
RSYNC_MODES = ("releases", "in-place")
#: Every publish setting and its default, in one place.
DEFAULTS: dict[str, Any] = {
    "PUBLISH_METHOD": "rsync",
    "PUBLISH_TARGET": "",
    "PUBLISH_RSYNC_MODE": "releases",
    "PUBLISH_KEEP_RELEASES": 5,
    "PUBLISH_SSH_COMMAND": "ssh",
    "PUBLISH_GH_PAGES_REMOTE": "origin",
    "PUBLISH_GH_PAGES_BRANCH": "gh-pages",
    "PUBLISH_GH_PAGES_CNAME": "",
}


class PublishError(Exception):
    """Publishing stopped; the message says why. Nothing was deployed."""


@dataclass(frozen=True)
class PublishConfig:
    method: str
    target: str
    rsync_mode: str
    keep_releases: int
    ssh_command: str
    gh_pages_remote: str
    gh_pages_branch: str
    gh_pages_cname: str

    @classmethod
    def from_settings(cls, settings: dict[str, Any], method: str = "") -> PublishConfig:
        """Read and validate the ``PUBLISH_*`` settings, asking only for what
        the chosen method needs; every problem is reported at once."""
        values = {
            name: settings.get(name, default) for name, default in DEFAULTS.items()
        }
        config = cls(
            method=method or str(values["PUBLISH_METHOD"]),
            target=str(values["PUBLISH_TARGET"] or ""),
            rsync_mode=str(values["PUBLISH_RSYNC_MODE"]),
            keep_releases=values["PUBLISH_KEEP_RELEASES"],
            ssh_command=str(values["PUBLISH_SSH_COMMAND"] or "ssh"),
            gh_pages_remote=str(values["PUBLISH_GH_PAGES_REMOTE"]),
            gh_pages_branch=str(values["PUBLISH_GH_PAGES_BRANCH"]),
            gh_pages_cname=str(values["PUBLISH_GH_PAGES_CNAME"] or ""),
        )
        problems = config.problems()
        if problems:
            raise PublishError(
                "publishing is not configured:\n"
                + "\n".join(f"  - {problem}" for problem in problems)
            )
        return config

    def problems(self) -> list[str]:
        if self.method not in METHODS:
            return [
                f"PUBLISH_METHOD is {self.method!r}; use one of {', '.join(METHODS)}"
            ]
        problems = []
        if self.method == "rsync":
            if not self.target:
                problems.append(
                    "PUBLISH_TARGET is empty: set it in the environment, e.g. "
                    "PUBLISH_TARGET=deploy@example.org:/srv/talkingback "
                    "(or a local folder)"
                )
            if self.rsync_mode not in RSYNC_MODES:
                problems.append(
                    f"PUBLISH_RSYNC_MODE is {self.rsync_mode!r}; "
                    f"use one of {', '.join(RSYNC_MODES)}"
                )
            if not isinstance(self.keep_releases, int) or self.keep_releases < 2:
                problems.append(
                    "PUBLISH_KEEP_RELEASES must be a whole number of at least 2 "
                    "(the live release and one to roll back to)"
                )
        elif not (self.gh_pages_remote and self.gh_pages_branch):
            problems.append(
                "PUBLISH_GH_PAGES_REMOTE and PUBLISH_GH_PAGES_BRANCH are needed"
            )
        return problems

    def rsync_target(self) -> Target:
        return Target.parse(self.target, self.ssh_command)


def load_settings(settings_file: Path = PUBLISH_SETTINGS) -> dict[str, Any]:
    return read_settings(str(settings_file))


def site_slugify(settings: dict[str, Any]) -> Callable[[str], str]:
    """Pelican's slug function with this site's slug settings."""

    def make(text: str) -> str:
        return sitelib.slug(text, settings)

    return make


def build_site(
    output: Path,
    settings_file: Path = PUBLISH_SETTINGS,
    *,
    content: Path | None = None,
    quiet: bool = False,
    extra: Sequence[str] = (),
    failure: str = "the build failed; nothing was published",
) -> None:
    """Run ``pelican -s <settings> -o <output> <extra…>`` in a fresh process;
    raise PublishError(``failure`` and, when ``quiet``, the build's output) if
    it fails."""
    command = [sys.executable, "-m", "pelican"]
    if content:
        command.append(str(content))
    command += ["-s", str(settings_file), "-o", str(output), *extra]
    # Captured output is shown in one piece: wide enough that Pelican's log
    # does not wrap each problem line.
    environment = {**os.environ, "COLUMNS": "300"} if quiet else None
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=environment,
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = f"\n{result.stdout}{result.stderr}" if quiet else ""
        raise PublishError(f"{failure}{detail}")


def check_build(
    site: Path,
    settings: dict[str, Any],
    *,
    production: bool = True,
    validate_html: bool = True,
    content: Path | None = None,
) -> Report:
    return check_site(
        site,
        site_url=settings["SITEURL"],
        content=content or Path(settings["PATH"]),
        production=production,
        validate_html=validate_html,
        slugify=site_slugify(settings),
    )


@contextmanager
def checked_build(
    settings_file: Path = PUBLISH_SETTINGS,
    *,
    content: Path | None = None,
    validate_html: bool = True,
    quiet: bool = False,
    out: Callable[[str], None] = print,
) -> Iterator[Path]:
    """Build into a temporary folder and check it; yield it only if it passed.

    The folder is removed afterwards, whatever happened.
    """
    settings = load_settings(settings_file)
    with tempfile.TemporaryDirectory(prefix="site-build-") as temporary:
        site = Path(temporary) / "site"
        build_site(site, settings_file, content=content, quiet=quiet)
        report = check_build(
            site, settings, validate_html=validate_html, content=content
        )
        out(report.render())
        if not report.ok:
            raise PublishError(
                f"the check found {len(report.errors)} error(s); nothing was published"
            )
        yield site


def publish(
    settings_file: Path = PUBLISH_SETTINGS,
    *,
    dry_run: bool = False,
    method: str = "",
    content: Path | None = None,
    validate_html: bool = True,
    repo: Path = ROOT,
    quiet: bool = False,
    out: Callable[[str], None] = print,
) -> str:
    """Build, check and deploy by the configured method; return the summary."""
    settings = load_settings(settings_file)
    config = PublishConfig.from_settings(settings, method)
    target = config.rsync_target() if config.method == "rsync" else None
    with checked_build(
        settings_file,
        content=content,
        validate_html=validate_html,
        quiet=quiet,
        out=out,
    ) as site:
        check_sequences(site, settings, config, target, repo=repo, content=content)
        try:
            summary = _deploy(site, config, target, dry_run=dry_run, repo=repo)
        except DeployError as failure:
            raise PublishError(str(failure)) from None
    out(summary)
    return summary


def live_file(
    config: PublishConfig, target: Target | None, relative: str, *, repo: Path
) -> bytes:
    """A file of the live site, or b"" if there is none yet: from the
    target's current release (or its root, in-place), or the gh-pages branch."""
    if target is None:
        remote, branch = config.gh_pages_remote, config.gh_pages_branch
        subprocess.run(
            [
                "git",
                "fetch",
                "--quiet",
                remote,
                f"{branch}:refs/remotes/{remote}/{branch}",
            ],
            cwd=repo,
            capture_output=True,
            check=False,
        )
        shown = subprocess.run(
            ["git", "show", f"refs/remotes/{remote}/{branch}:{relative}"],
            cwd=repo,
            capture_output=True,
            check=False,
        )
        return shown.stdout if shown.returncode == 0 else b""
    folder = "" if config.rsync_mode == "in-place" else f"{CURRENT}/"
    try:
        text = target.sh(
            f"cat -- {shlex.quote(folder + relative)} 2>/dev/null || true", create=False
        )
    except DeployError as failure:
        raise PublishError(str(failure)) from None
    return text.encode("utf-8")


def check_sequences(
    site: Path,
    settings: dict[str, Any],
    config: PublishConfig,
    target: Target | None,
    *,
    repo: Path,
    content: Path | None = None,
) -> None:
    """Refuse a calendar in which an event changed while its SEQUENCE did not
    rise (or fell) compared with the live one, naming each event file."""
    events = options(settings, EVENTS_SETTINGS)
    relative = events.calendar_save_as
    new = site / relative
    if not new.is_file():
        return
    live = live_file(config, target, relative, repo=repo)
    folder = Path(content or settings["PATH"]) / events.path
    problems = sequence_problems(
        live, new.read_bytes(), source_namer(folder, site_slugify(settings), ROOT)
    )
    if problems:
        raise PublishError(
            "events changed without a new Sequence; nothing was published:\n"
            + "\n".join(f"  - {problem}" for problem in problems)
        )


def _deploy(
    site: Path,
    config: PublishConfig,
    target: Target | None,
    *,
    dry_run: bool,
    repo: Path,
) -> str:
    if target is None:
        changes = publish_gh_pages(
            site,
            repo=repo,
            remote=config.gh_pages_remote,
            branch=config.gh_pages_branch,
            cname=config.gh_pages_cname,
            dry_run=dry_run,
        )
        verb = "Would publish" if dry_run else "Published"
        where = f"branch {config.gh_pages_branch} of {config.gh_pages_remote}"
        return f"{verb} to {where}: {changes.render()}"
    result: Result
    if config.rsync_mode == "in-place":
        result = deploy_in_place(site, target, dry_run=dry_run)
    else:
        result = deploy_release(
            site, target, keep=config.keep_releases, dry_run=dry_run
        )
    return result.render()


def roll_back(settings_file: Path = PUBLISH_SETTINGS, to: str = "") -> str:
    settings = load_settings(settings_file)
    config = PublishConfig.from_settings(settings, "rsync")
    if config.rsync_mode != "releases":
        raise PublishError(
            "rollback needs PUBLISH_RSYNC_MODE = 'releases' (in-place uploads "
            "keep no earlier release): publish the previous commit instead"
        )
    try:
        was, now = rollback(config.rsync_target(), to or None)
    except DeployError as failure:
        raise PublishError(str(failure)) from None
    return f"{config.rsync_target()}: current now serves {now} (was {was})"
