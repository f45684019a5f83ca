"""A publish that dies part-way, for tests/test_publish.py.

Run as ``python tests/publish_faults.py STEP BUILD TARGET``: it deploys
BUILD to TARGET (``RSYNC_RSH`` is the ssh command for a remote one) with
``sitetools.deploy``'s own functions patched in this process only, so the
process ends abruptly (``os._exit(70)``: no ``finally`` runs, the lock stays)
at STEP:

- ``locked``: once the lock is taken;
- ``uploading``: with half the files uploaded into ``releases/.incoming-*``;
- ``uploaded``: once every file is uploaded;
- ``released``: once the upload is renamed to ``releases/<id>``;
- ``linked``: once the new ``current`` symlink is made, before the switch;
- ``switched``: once ``current`` points at the new release.

The deploy code has no hooks for this: the patches wrap the real
``Target.sh`` (every command at the target) and ``_rsync``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitetools import deploy  # noqa: E402

KILLED = 70
STEPS = ("locked", "uploading", "uploaded", "released", "linked", "switched")


def die() -> None:
    os._exit(KILLED)


def is_upload(args: list[str]) -> bool:
    return "--dry-run" not in args and f"/{deploy.INCOMING}" in args[-1]


def upload_half(args: list[str]) -> None:
    """The upload's rsync with only half the files, as a publish killed
    part-way through it leaves the target."""
    *options, build, destination = args
    root = Path(build)
    files = sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
    )
    subprocess.run(
        ["rsync", *options, "--files-from=-", build, destination],
        input="\n".join(files[: len(files) // 2]) + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


#: For each step, whether a command at the target (its script and output)
#: is the one after which the publish dies.
AFTER_SH: dict[str, Callable[[str, str], bool]] = {
    "locked": lambda script, output: output.split()[-1:] == ["LOCKED"],
    "released": lambda script, output: script.startswith(
        f"mv -T -- {deploy.RELEASES}/{deploy.INCOMING}"
    ),
    "linked": lambda script, output: "ln -s" in script,
    "switched": lambda script, output: script.startswith(
        f"mv -T -- {deploy.CURRENT}.new-"
    ),
}


def patch(step: str) -> None:
    real_sh, real_rsync = deploy.Target.sh, deploy._rsync

    def sh(self: deploy.Target, script: str, *, create: bool = True) -> str:
        output = real_sh(self, script, create=create)
        if step in AFTER_SH and AFTER_SH[step](script, output):
            die()
        return output

    def rsync(args: list[str]) -> str:
        if step == "uploading" and is_upload(args):
            upload_half(args)
            die()
        output = real_rsync(args)
        if step == "uploaded" and is_upload(args):
            die()
        return output

    deploy.Target.sh = sh  # type: ignore[method-assign]
    deploy._rsync = rsync


def main(step: str, build: str, target: str) -> None:
    if step not in STEPS:
        sys.exit(f"unknown step {step!r}: one of {', '.join(STEPS)}")
    patch(step)
    deploy.deploy_release(
        Path(build), deploy.Target.parse(target, os.environ.get("RSYNC_RSH", "ssh"))
    )
    sys.exit(f"the publish was not interrupted at {step!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
