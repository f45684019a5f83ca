"""The Nu Html Checker comes with the project: fetched once, pinned, checked."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from pathlib import Path
from urllib.error import URLError

import pytest

from sitetools import vnu
from sitetools.check import run_vnu

JAR_BYTES = b"PK\x03\x04 not really a jar"


def npm_tarball(jar: bytes = JAR_BYTES) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as package:
        info = tarfile.TarInfo(f"package/{vnu.JAR_IN_PACKAGE}")
        info.size = len(jar)
        package.addfile(info, io.BytesIO(jar))
    return buffer.getvalue()


def project(tmp_path: Path, tarball: bytes) -> Path:
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    lock = {
        "packages": {
            "node_modules/vnu-jar": {
                "version": "1.2.3",
                "integrity": f"sha512-{digest}",
            }
        }
    }
    (tmp_path / "package-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    return tmp_path


class Registry:
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.requests: list[str] = []

    def __call__(self, url: str) -> io.BytesIO:
        self.requests.append(url)
        return io.BytesIO(self.body)


def test_the_pinned_package_is_fetched_once_and_kept(tmp_path):
    tarball = npm_tarball()
    root = project(tmp_path, tarball)
    registry = Registry(tarball)
    assert vnu.installed_jar(root) is None

    jar = vnu.fetch_jar(root, registry="https://npm.example", opener=registry)

    assert registry.requests == ["https://npm.example/vnu-jar/-/vnu-jar-1.2.3.tgz"]
    assert jar == root / ".cache" / "vnu-jar-1.2.3" / "vnu.jar"
    assert jar.read_bytes() == JAR_BYTES
    assert vnu.installed_jar(root) == jar


def test_npm_ci_copy_is_used_first(tmp_path):
    root = project(tmp_path, npm_tarball())
    npm_jar = root / "node_modules" / "vnu-jar" / vnu.JAR_IN_PACKAGE
    npm_jar.parent.mkdir(parents=True)
    npm_jar.write_bytes(JAR_BYTES)
    assert vnu.installed_jar(root) == npm_jar


def test_a_download_not_matching_the_lock_file_is_refused(tmp_path):
    root = project(tmp_path, npm_tarball())
    tampered = Registry(npm_tarball(b"something else"))
    with pytest.raises(vnu.VnuUnavailable) as failure:
        vnu.fetch_jar(root, opener=tampered)
    assert "does not match the checksum in package-lock.json" in str(failure.value)
    assert "--no-html" in str(failure.value)
    assert not (root / ".cache").exists()


def test_offline_is_one_line_with_the_fix(tmp_path):
    root = project(tmp_path, npm_tarball())

    def offline(url: str) -> io.BytesIO:
        raise URLError("no network")

    with pytest.raises(vnu.VnuUnavailable) as failure:
        vnu.fetch_jar(root, opener=offline)
    message = str(failure.value)
    assert "\n" not in message
    assert message.startswith("vnu: could not download")
    assert "npm ci" in message and "--no-html" in message


def test_no_java_is_one_line_naming_the_package_and_no_html(tmp_path):
    errors, warnings = run_vnu(tmp_path, java="no-such-java-runtime")
    assert errors == [
        "vnu: no Java runtime found. Fix: install one "
        "(apt-get install default-jre-headless), or check with --no-html"
    ]
    assert warnings == []


def test_the_project_lock_pins_the_checker():
    version, integrity = vnu.pinned_package(vnu.ROOT / "package-lock.json")
    assert version.count(".") == 2
    assert integrity.startswith("sha512-")
