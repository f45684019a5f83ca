"""Publish to GitHub Pages: commit the build to a branch and push it (ghp-import).

One commit replaces the branch's whole tree, so the branch moves from one
complete site to the next; GitHub serves the new tree once the push lands.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from .deploy import Changes, DeployError


def _git(repo: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise DeployError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout if result.returncode == 0 else ""


def git_blob_id(data: bytes) -> str:
    """The id git gives a file's content (what ``git hash-object`` prints)."""
    return hashlib.sha1(
        b"blob %d\0" % len(data) + data, usedforsecurity=False
    ).hexdigest()


def tree_files(repo: Path, rev: str) -> dict[str, str]:
    """``{path: blob id}`` for every file in ``rev`` (empty if it does not exist)."""
    output = _git(repo, "ls-tree", "-r", "-z", rev, check=False)
    files = {}
    for entry in output.split("\0"):
        if entry:
            meta, _, path = entry.partition("\t")
            files[path] = meta.split()[2]
    return files


def build_files(build: Path) -> dict[str, str]:
    return {
        path.relative_to(build).as_posix(): git_blob_id(path.read_bytes())
        for path in sorted(build.rglob("*"))
        if path.is_file()
    }


def tree_changes(old: dict[str, str], new: dict[str, str]) -> Changes:
    """Files added, changed and removed between two ``{path: blob id}`` maps."""
    return Changes(
        added=sorted(set(new) - set(old)),
        changed=sorted(p for p in set(new) & set(old) if new[p] != old[p]),
        removed=sorted(set(old) - set(new)),
    )


def publish_gh_pages(
    build: Path,
    *,
    repo: Path,
    remote: str = "origin",
    branch: str = "gh-pages",
    message: str = "Publish the site",
    cname: str = "",
    dry_run: bool = False,
) -> Changes:
    """Commit ``build`` to ``branch`` in ``repo`` and push it to ``remote``.

    The branch is first brought up to date with the remote's, so a publish
    from another machine is built on, not overwritten; if the push is still
    refused, nothing is forced.
    """
    _git(repo, "rev-parse", "--git-dir")
    _git(
        repo,
        "fetch",
        "--quiet",
        remote,
        f"{branch}:refs/remotes/{remote}/{branch}",
        check=False,
    )
    old_rev = f"refs/remotes/{remote}/{branch}"
    if dry_run:
        expected = build_files(build)
        expected[".nojekyll"] = git_blob_id(b"")
        if cname:
            expected["CNAME"] = git_blob_id(cname.encode())
        return tree_changes(tree_files(repo, old_rev), expected)
    old = tree_files(repo, old_rev)
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--push"]
    command += ["--remote", remote, "--branch", branch, "--message", message]
    if cname:
        command += ["--cname", cname]
    result = subprocess.run(
        [*command, str(build)], cwd=repo, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DeployError(
            f"ghp-import failed (exit {result.returncode}): "
            f"{(result.stderr or result.stdout).strip()}"
        )
    return tree_changes(old, tree_files(repo, f"refs/heads/{branch}"))
