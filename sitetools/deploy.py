"""Atomic deploys with rsync, to a local folder or ``user@host:path`` over SSH.

Layout at the target (the web server's root is ``<target>/current``)::

    releases/20261122T120000Z/   one complete build per publish
    releases/20261123T060000Z/
    current -> releases/20261123T060000Z
    .publish.lock/               present only while a publish runs (its
                                 owner file names the publish)

A publish uploads into ``releases/.incoming-<id>/`` (files unchanged since
the live release are hard-linked with ``--link-dest``), renames it to
``releases/<id>/`` when complete, then replaces ``current`` with a new
symlink in one ``rename(2)``. A reader sees the whole old site or the whole
new one. Killed at any point, the target keeps a ``current`` that points at
a complete release; the next publish clears the leftovers.

Every step on the target is a short POSIX shell script, run with ``sh``
locally or through ``ssh`` remotely, so both kinds of target take exactly
the same path through this code. The switch uses GNU ``mv -T``.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shlex
import socket
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

RELEASES = "releases"
CURRENT = "current"
LOCK = ".publish.lock"
#: The lock is made as ``.publish.lock.new-<random>/`` and renamed into place.
LOCK_NEW = ".new-"
INCOMING = ".incoming-"
#: Readable by the web server whatever the local umask.
RSYNC_CHMOD = "--chmod=D755,F644"


class DeployError(Exception):
    """A deploy that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """Where the site goes: a local folder, or ``[user@]host:path`` over SSH."""

    path: str
    host: str | None = None
    ssh: tuple[str, ...] = ("ssh",)

    @classmethod
    def parse(cls, spec: str, ssh_command: str = "ssh") -> Target:
        """Read a target the way rsync does: a colon before any slash means
        ``host:path``."""
        spec = spec.strip()
        if not spec:
            raise DeployError(
                "no target: set PUBLISH_TARGET to user@host:/path or a local folder"
            )
        match = re.match(r"^([^/:]+):(.*)$", spec)
        ssh = tuple(shlex.split(ssh_command)) or ("ssh",)
        if match:
            path = match.group(2).rstrip("/") or "."
            return cls(path=path, host=match.group(1), ssh=ssh)
        return cls(path=str(Path(spec).absolute()), ssh=ssh)

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path

    def rsync(self, relative: str = "") -> str:
        """This target (or a folder in it) as an rsync destination."""
        path = f"{self.path}/{relative}" if relative else self.path
        return f"{self.host}:{path}" if self.host else path

    def rsync_shell(self) -> list[str]:
        return ["-e", shlex.join(self.ssh)] if self.host else []

    def sh(self, script: str, *, create: bool = True) -> str:
        """Run a POSIX shell script at the target, in its folder; return stdout.

        The folder is created if missing, unless ``create`` is false: then a
        missing folder runs nothing and prints nothing.
        """
        path = shlex.quote(self.path)
        enter = (
            f"mkdir -p -- {path}; cd -- {path}"
            if create
            else f"cd -- {path} 2>/dev/null || exit 0"
        )
        script = f"set -e; {enter}; {script}"
        command = (
            [*self.ssh, self.host, f"sh -c {shlex.quote(script)}"]
            if self.host
            else ["sh", "-c", script]
        )
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise DeployError(
                f"{self}: a command failed (exit {result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        return result.stdout


@dataclass
class Changes:
    """What a deploy changes compared with the live site."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed"
        )

    def render(self, limit: int = 20) -> str:
        lines = [self.summary()]
        for sign, paths in (
            ("+", self.added),
            ("~", self.changed),
            ("-", self.removed),
        ):
            lines += [f"  {sign} {path}" for path in paths[:limit]]
            if len(paths) > limit:
                lines.append(f"  {sign} … and {len(paths) - limit} more")
        return "\n".join(lines)


def parse_itemized(output: str) -> Changes:
    """Files added, changed and removed, from ``rsync --itemize-changes``."""
    changes = Changes()
    for line in output.splitlines():
        code, _, path = line.partition(" ")
        path = path.lstrip(" ")
        if not path or path.endswith("/"):
            continue
        if code == "*deleting":
            changes.removed.append(path)
        elif len(code) == 11 and code[0] in "<>ch" and code[1] in "fL":
            if code[2:].strip("+") == "":
                changes.added.append(path)
            else:
                changes.changed.append(path)
    return changes


def release_key(name: str) -> tuple[str, int]:
    """Sort key for release names ``<timestamp>`` and ``<timestamp>-<n>``."""
    stamp, _, number = name.partition("-")
    return stamp, int(number) if number.isdigit() else 0


def new_release_name(existing: Sequence[str], now: datetime) -> str:
    """A release name for ``now`` (UTC) that sorts after every ``existing`` one
    (several publishes in one second, or a clock that went back, get ``-n``)."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    latest = max((release_key(name) for name in existing), default=("", -1))
    stamp = max(stamp, latest[0])
    candidate, number = stamp, 0
    while (stamp, number) <= latest:
        number += 1
        candidate = f"{stamp}-{number}"
    return candidate


def releases_to_prune(
    releases: Sequence[str], live: str | None, keep: int
) -> list[str]:
    """The releases beyond the newest ``keep``, never the live one."""
    ordered = sorted(releases, key=release_key)
    return [name for name in ordered[:-keep] if name != live] if keep else []


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------------------
# Steps on the target
# ---------------------------------------------------------------------------


def lock_script(owner: str, token: str) -> str:
    """The shell script that takes the lock: the owner is written into a
    temporary folder beside the lock, which is then renamed into place, so the
    lock never exists without its owner (a full disk leaves no lock at all).

    Prints ``LOCKED``; or the holder's owner line and ``BUSY``; or ``NO-OWNER``
    for a lock without a readable owner (left by an older version). Exits
    non-zero, removing its temporary folder, if the owner cannot be written.
    """
    temporary = shlex.quote(f"{LOCK}{LOCK_NEW}{token}")
    return (
        f"if [ -d {LOCK} ] && [ ! -s {LOCK}/owner ]; then echo NO-OWNER; exit 0; fi; "
        f"if ! {{ mkdir -- {temporary} && "
        f"printf '%s\\n' {shlex.quote(owner)} > {temporary}/owner; }}; then "
        f"rm -rf -- {temporary}; exit 1; fi; "
        f"if mv -T -- {temporary} {LOCK} 2>/dev/null; then "
        f"rm -rf -- {LOCK}{LOCK_NEW}*; echo LOCKED; "
        f"else rm -rf -- {temporary}; cat {LOCK}/owner 2>/dev/null || true; "
        "echo BUSY; fi"
    )


def acquire_lock(target: Target) -> None:
    """Take the target's lock (an atomic ``rename`` of a folder holding its
    owner) or refuse.

    A lock left by a killed publish from this machine (its process is gone)
    is taken over; any other lock makes this publish stop.
    """
    owner = (
        f"{socket.gethostname()} {os.getpid()} {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}"
    )
    script = lock_script(owner, secrets.token_hex(6))
    lock = f"{target.path}/{LOCK}"
    holder: list[str] = []
    for _attempt in range(2):
        try:
            output = target.sh(script).split()
        except DeployError as failure:
            raise DeployError(
                f"could not take the publish lock, nothing was changed ({failure}). "
                "Is the target's disk full? Free some space there and publish again"
            ) from None
        if output[-1:] == ["LOCKED"]:
            return
        if output[-1:] == ["NO-OWNER"] or output == ["BUSY"]:
            raise DeployError(
                f"{target}: {lock} records no owner (left by an older version "
                "whose publish could not write it, e.g. with the disk full). "
                f"If no publish is running, remove it: rm -r {shlex.quote(lock)}"
            )
        holder = output[:-1]
        if (
            len(holder) >= 2
            and holder[0] == socket.gethostname()
            and holder[1].isdigit()
            and not _pid_alive(int(holder[1]))
        ):
            logger.warning(
                "Taking over the lock of an interrupted publish (pid %s)", holder[1]
            )
            target.sh(f"rm -rf -- {LOCK}")
            continue
        break
    raise DeployError(
        f"{target}: another publish holds the lock ({' '.join(holder) or 'unknown'}). "
        f"Wait for it to finish; if none is running, remove {lock}"
    )


def release_lock(target: Target) -> None:
    target.sh(f"rm -rf -- {LOCK}")


@dataclass(frozen=True)
class State:
    """The releases at a target and the one ``current`` points to."""

    releases: tuple[str, ...]
    live: str | None


def read_state(target: Target) -> State:
    output = target.sh(
        f"if [ -e {CURRENT} ] && [ ! -L {CURRENT} ]; then echo NOT-A-LINK; "
        f"else readlink {CURRENT} || true; fi; echo ---; "
        f"ls -1 {RELEASES} 2>/dev/null || true",
        create=False,
    )
    head, _, listing = output.partition("---\n")
    head = head.strip()
    if head == "NOT-A-LINK":
        raise DeployError(
            f"{target}: '{CURRENT}' is a real folder, not a symlink. Move it into "
            f"{RELEASES}/ and replace it with a symlink, or use "
            "PUBLISH_RSYNC_MODE = 'in-place'"
        )
    releases = tuple(
        sorted(
            (n for n in listing.split() if not n.startswith(".")),
            key=release_key,
        )
    )
    live = head.removeprefix(f"{RELEASES}/").rstrip("/") or None
    return State(releases, live)


def switch(target: Target, release: str) -> None:
    """Point ``current`` at ``release`` with one rename of a new symlink."""
    temporary = f"{CURRENT}.new-{release}"
    target.sh(
        f"rm -f -- {temporary}; ln -s {RELEASES}/{shlex.quote(release)} {temporary}"
    )
    target.sh(f"mv -T -- {temporary} {CURRENT}")


def _rsync(args: list[str]) -> str:
    result = subprocess.run(
        ["rsync", *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DeployError(
            f"rsync failed (exit {result.returncode}): {result.stderr.strip()}"
        )
    return result.stdout


def diff(
    build: Path, target: Target, live: str | None, *, in_place: bool = False
) -> Changes:
    """What publishing ``build`` would change on the live site."""
    if not in_place and live is None:
        return Changes(
            added=sorted(
                p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file()
            )
        )
    destination = target.rsync("" if in_place else CURRENT) + "/"
    output = _rsync(
        [
            "--dry-run",
            "--itemize-changes",
            "--recursive",
            "--links",
            "--checksum",
            "--delete",
            *(_in_place_excludes() if in_place else []),
            *target.rsync_shell(),
            f"{build}/",
            destination,
        ]
    )
    return parse_itemized(output)


def _in_place_excludes() -> list[str]:
    return [f"--exclude=/{LOCK}", f"--exclude=/{LOCK}{LOCK_NEW}*"]


# ---------------------------------------------------------------------------
# Deploys and rollback
# ---------------------------------------------------------------------------


@dataclass
class Result:
    target: Target
    changes: Changes
    release: str | None = None
    dry_run: bool = False

    def render(self) -> str:
        where = f"{self.target}" + (
            f" (release {self.release})" if self.release else ""
        )
        verb = "Would deploy" if self.dry_run else "Deployed"
        return f"{verb} to {where}: {self.changes.render()}"


def deploy_release(
    build: Path, target: Target, *, keep: int = 5, dry_run: bool = False
) -> Result:
    """Publish ``build`` as a new release and switch ``current`` to it."""
    if dry_run:
        state = read_state(target)
        return Result(target, diff(build, target, state.live), dry_run=True)
    acquire_lock(target)
    try:
        state = read_state(target)
        changes = diff(build, target, state.live)
        # The target's physical path, for an absolute --link-dest: Debian's
        # rsync 3.2.7-1+deb12u5 and later (the CVE-2024-12086/CVE-2026-43619
        # fixes, upstream issue RsyncProject/rsync#928) opens a delta's basis
        # file refusing "../" in the path, so a relative "--link-dest=../<live>"
        # makes every changed file fail verification (exit 23) over SSH.
        root = target.sh(
            f"mkdir -p {RELEASES}; rm -rf -- {RELEASES}/{INCOMING}* {CURRENT}.new-*; "
            "pwd -P"
        ).strip()
        release = new_release_name(state.releases, datetime.now(UTC))
        incoming = f"{RELEASES}/{INCOMING}{release}"
        upload = [
            "--recursive",
            "--links",
            "--perms",
            "--checksum",
            "--delete",
            RSYNC_CHMOD,
            *([f"--link-dest={root}/{RELEASES}/{state.live}"] if state.live else []),
            *target.rsync_shell(),
        ]
        _rsync([*upload, f"{build}/", target.rsync(incoming) + "/"])
        target.sh(f"mv -T -- {incoming} {RELEASES}/{release}")
        switch(target, release)
        prune = releases_to_prune([*state.releases, release], release, keep)
        if prune:
            target.sh(
                "rm -rf -- " + " ".join(shlex.quote(f"{RELEASES}/{n}") for n in prune)
            )
    finally:
        release_lock(target)
    return Result(target, changes, release)


def deploy_in_place(build: Path, target: Target, *, dry_run: bool = False) -> Result:
    """The fallback for hosts whose web root cannot be a symlink: sync into
    the root itself, with new files renamed into place together at the end
    (``--delay-updates``) and old ones deleted after (``--delete-after``)."""
    if dry_run:
        return Result(target, diff(build, target, None, in_place=True), dry_run=True)
    acquire_lock(target)
    try:
        changes = diff(build, target, None, in_place=True)
        _rsync(
            [
                "--recursive",
                "--links",
                "--perms",
                "--checksum",
                "--delay-updates",
                "--delete-after",
                RSYNC_CHMOD,
                *_in_place_excludes(),
                *target.rsync_shell(),
                f"{build}/",
                target.rsync() + "/",
            ]
        )
    finally:
        release_lock(target)
    return Result(target, changes)


def rollback(target: Target, to: str | None = None) -> tuple[str, str]:
    """Point ``current`` back at the release before the live one (or ``to``).

    Returns (previous live release, new live release).
    """
    acquire_lock(target)
    try:
        state = read_state(target)
        if state.live is None:
            raise DeployError(f"{target}: nothing is published yet")
        if to is None:
            older = [
                n for n in state.releases if release_key(n) < release_key(state.live)
            ]
            if not older:
                raise DeployError(
                    f"{target}: {state.live} is the oldest release kept; "
                    "there is nothing to roll back to"
                )
            to = older[-1]
        elif to not in state.releases:
            raise DeployError(
                f"{target}: no release '{to}'. Kept: {', '.join(state.releases)}"
            )
        switch(target, to)
    finally:
        release_lock(target)
    return state.live, to
