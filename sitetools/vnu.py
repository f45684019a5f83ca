"""The Nu Html Checker (vnu.jar) for `invoke check` and `invoke publish`.

`npm ci` (run by `invoke test`) puts it in node_modules/. A maintainer who
only ran README's quick start has no Node: the first check then fetches the
same package, at the version and checksum package-lock.json pins, from the
npm registry into .cache/ once, and every later check reuses it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.error import URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "vnu-jar"
#: Where the jar sits inside the npm package (and under node_modules/vnu-jar).
JAR_IN_PACKAGE = "build/dist/vnu.jar"
REGISTRY = "https://registry.npmjs.org"
JAVA_PACKAGE = "default-jre-headless"


class VnuUnavailable(Exception):
    """The checker cannot be run; the message is one line with the fix."""


def pinned_package(lock_file: Path) -> tuple[str, str]:
    """The (version, integrity) package-lock.json pins for vnu-jar."""
    lock = json.loads(lock_file.read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{PACKAGE}"]
    return entry["version"], entry["integrity"]


def tarball_url(version: str, registry: str = REGISTRY) -> str:
    return f"{registry}/{PACKAGE}/-/{PACKAGE}-{version}.tgz"


def matches_integrity(data: bytes, integrity: str) -> bool:
    """True when ``data`` has the npm ``sha512-<base64>`` checksum."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        return False
    return base64.b64encode(hashlib.sha512(data).digest()).decode() == expected


def fetched_jar(root: Path, version: str) -> Path:
    """Where a fetched vnu.jar of ``version`` is kept in the project."""
    return root / ".cache" / f"{PACKAGE}-{version}" / "vnu.jar"


def installed_jar(root: Path = ROOT) -> Path | None:
    """The vnu.jar already in the project (npm's, or one fetched before)."""
    npm_jar = root / "node_modules" / PACKAGE / JAR_IN_PACKAGE
    if npm_jar.is_file():
        return npm_jar
    version, _ = pinned_package(root / "package-lock.json")
    kept = fetched_jar(root, version)
    return kept if kept.is_file() else None


def fetch_jar(
    root: Path = ROOT,
    *,
    registry: str = REGISTRY,
    opener: Callable[[str], BinaryIO] = urlopen,
) -> Path:
    """Download the pinned vnu-jar package once and keep its vnu.jar in
    ``.cache/``; raise VnuUnavailable (one line with the fix) on failure."""
    version, integrity = pinned_package(root / "package-lock.json")
    url = tarball_url(version, registry)
    fix = "Fix: try again when online, run `npm ci`, or check with --no-html"
    try:
        with opener(url) as response:
            data = response.read()
    except (URLError, OSError) as failure:
        raise VnuUnavailable(
            f"vnu: could not download {url} ({failure}). {fix}"
        ) from None
    if not matches_integrity(data, integrity):
        raise VnuUnavailable(
            f"vnu: {url} does not match the checksum in package-lock.json. {fix}"
        )
    target = fetched_jar(root, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".jar.part")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as package:
        member = package.extractfile(f"package/{JAR_IN_PACKAGE}")
        if member is None:
            raise VnuUnavailable(f"vnu: {url} holds no {JAR_IN_PACKAGE}. {fix}")
        with partial.open("wb") as out:
            shutil.copyfileobj(member, out)
    partial.replace(target)
    return target


def ready_jar(root: Path = ROOT) -> Path:
    """The project's vnu.jar, fetched first if it is not there yet."""
    return installed_jar(root) or fetch_jar(root)


def java_runtime(java: str = "java") -> str:
    """The path of the Java runtime; VnuUnavailable naming the package if none."""
    found = shutil.which(java)
    if not found:
        raise VnuUnavailable(
            "vnu: no Java runtime found. Fix: install one "
            f"(apt-get install {JAVA_PACKAGE}), or check with --no-html"
        )
    return found
