"""Build into ``output/`` without ever leaving it empty or half-written: what
``invoke preview`` and ``invoke rebuild`` run.

The site is built into a fresh folder beside ``output/`` (the way
``publish`` builds into a temporary folder) and swapped in only when the build
succeeded; a failed build leaves ``output/`` exactly as it was.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .publish import PUBLISH_SETTINGS, build_site


def replace_folder(new: Path, old: Path) -> None:
    """Put the folder ``new`` where ``old`` is (two renames on one file
    system), then remove what was at ``old``."""
    retired = old.with_name(f".{old.name}-old-{secrets.token_hex(4)}")
    if old.exists():
        old.rename(retired)
    new.rename(old)
    shutil.rmtree(retired, ignore_errors=True)


def build_and_replace(
    output: Path,
    settings_file: Path = PUBLISH_SETTINGS,
    *,
    content: Path | None = None,
    extra: Sequence[str] = (),
    quiet: bool = False,
) -> None:
    """Build the site into a fresh folder beside ``output`` and replace
    ``output`` with it only if the build succeeded.

    Raises PublishError (with the build's problem lines when ``quiet``; else
    Pelican has printed them) and leaves ``output`` untouched on failure.
    """
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-build-", dir=output.parent))
    try:
        build_site(
            fresh,
            settings_file,
            content=content,
            quiet=quiet,
            extra=extra,
            failure=f"the build failed; {output.name}/ was left as it was",
        )
        fresh.chmod(0o755)  # mkdtemp makes it private; output/ is served
        replace_folder(fresh, output)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def empty_folder(folder: Path) -> None:
    """``invoke clean``: remove everything in ``folder`` (if it exists)."""
    if folder.is_dir():
        shutil.rmtree(folder)
        folder.mkdir()
