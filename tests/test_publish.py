"""Publishing for real: rsync to a folder and over SSH (an sshd started on
loopback), git to a bare repository, refusals, kills part-way, rollback.

The production sample site is built once for the module and reused.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, require_tool
from publish_faults import KILLED, STEPS
from sitetools.deploy import (
    CURRENT,
    INCOMING,
    LOCK,
    RELEASES,
    DeployError,
    Target,
    deploy_in_place,
    deploy_release,
    new_release_name,
    parse_itemized,
    release_key,
    releases_to_prune,
    rollback,
)
from sitetools.ghpages import git_blob_id, publish_gh_pages, tree_changes
from sitetools.publish import PublishConfig, PublishError, build_site, publish

EPOCH = "1795348800"  # 2026-11-22T12:00:00Z, the sample site's "today"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (following a ``current`` symlink) and its bytes."""
    root = root.resolve()
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def require_rsync() -> None:
    require_tool("rsync", bool(shutil.which("rsync")), "apt-get install rsync")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built with publishconf.py (fixed SOURCE_DATE_EPOCH)."""
    base = tmp_path_factory.mktemp("production")
    shutil.copytree(ROOT / "content", base / "content")
    environment = os.environ.copy()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build_site(base / "site", content=base / "content", quiet=True)
    finally:
        os.environ.clear()
        os.environ.update(environment)
    return base / "site"


@pytest.fixture
def second_build(built: Path, tmp_path: Path) -> Path:
    """The sample build with one page changed, one file added and one removed."""
    site = tmp_path / "second"
    shutil.copytree(built, site)
    index = site / "index.html"
    index.write_bytes(index.read_bytes().replace(b"</body>", b"<!-- v2 --></body>"))
    (site / "new-page.html").write_text("<!DOCTYPE html><title>n</title>")
    (site / "robots.txt").unlink()
    return site


# ---------------------------------------------------------------------------
# Pure pieces
# ---------------------------------------------------------------------------


def test_parse_itemized_output():
    output = (
        "cd+++++++++ feeds/\n"
        ">f+++++++++ feeds/new.xml\n"
        "<f+++++++++ remote-new.html\n"
        ">fc.T...... index.html\n"
        ".d..t...... posts/\n"
        "*deleting   old.html\n"
        "*deleting   gone/\n"
    )
    changes = parse_itemized(output)
    assert changes.added == ["feeds/new.xml", "remote-new.html"]
    assert changes.changed == ["index.html"]
    assert changes.removed == ["old.html"]


def test_release_names_sort_and_prune():
    from datetime import UTC, datetime

    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert new_release_name([], now) == "20261122T120000Z"
    assert new_release_name(["20261122T120000Z"], now) == "20261122T120000Z-1"
    assert new_release_name(["20261122T120000Z-3"], now) == "20261122T120000Z-4"
    assert new_release_name(["20261123T000000Z"], now) == "20261123T000000Z-1"
    names = ["20261122T120000Z-2", "20261121T000000Z", "20261122T120000Z"]
    assert sorted(names, key=release_key)[-1] == "20261122T120000Z-2"
    assert releases_to_prune(names, "20261121T000000Z", 2) == []
    assert releases_to_prune(names, "20261122T120000Z-2", 2) == ["20261121T000000Z"]


def test_target_parsing():
    remote = Target.parse("deploy@example.org:/srv/site/", "ssh -p 2222")
    assert (remote.host, remote.path, remote.ssh) == (
        "deploy@example.org",
        "/srv/site",
        ("ssh", "-p", "2222"),
    )
    assert remote.rsync("current") == "deploy@example.org:/srv/site/current"
    local = Target.parse("/srv/with:colon")
    assert (local.host, local.path) == (None, "/srv/with:colon")


def test_settings_ask_only_for_what_the_method_needs():
    with pytest.raises(PublishError) as failure:
        PublishConfig.from_settings(
            {"PUBLISH_METHOD": "rsync", "PUBLISH_RSYNC_MODE": "sideways"}
        )
    assert "PUBLISH_TARGET is empty" in str(failure.value)
    assert "PUBLISH_RSYNC_MODE is 'sideways'" in str(failure.value)
    config = PublishConfig.from_settings({"PUBLISH_METHOD": "github-pages"})
    assert config.gh_pages_branch == "gh-pages"
    with pytest.raises(PublishError, match="PUBLISH_METHOD is 'ftp'"):
        PublishConfig.from_settings({"PUBLISH_METHOD": "ftp"})


def test_tree_changes():
    changes = tree_changes({"a": "1", "b": "2"}, {"b": "3", "c": "4"})
    assert (changes.added, changes.changed, changes.removed) == (["c"], ["b"], ["a"])
    assert git_blob_id(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


# ---------------------------------------------------------------------------
# rsync to a local folder
# ---------------------------------------------------------------------------


def test_release_deploy_to_local_folder(built, second_build, tmp_path):
    require_rsync()
    target = Target.parse(str(tmp_path / "www"))
    preview = deploy_release(built, target, dry_run=True)
    assert preview.dry_run and not (tmp_path / "www" / CURRENT).exists()
    assert len(preview.changes.added) == len(tree(built))

    first = deploy_release(built, target)
    current = tmp_path / "www" / CURRENT
    assert current.is_symlink()
    assert str(current.readlink()) == f"{RELEASES}/{first.release}"
    assert tree(current) == tree(built)

    second = deploy_release(second_build, target)
    assert tree(current) == tree(second_build)
    assert second.changes.added == ["new-page.html"]
    assert second.changes.changed == ["index.html"]
    assert second.changes.removed == ["robots.txt"]
    assert "1 added, 1 changed, 1 removed" in second.render()
    # Unchanged files are hard links to the previous release, not copies.
    releases = tmp_path / "www" / RELEASES
    about_old = releases / first.release / "about.html"
    about_new = releases / second.release / "about.html"
    assert about_old.stat().st_ino == about_new.stat().st_ino
    assert not (tmp_path / "www" / LOCK).exists()


def test_rollback_restores_the_previous_release(built, second_build, tmp_path):
    require_rsync()
    target = Target.parse(str(tmp_path / "www"))
    first = deploy_release(built, target)
    second = deploy_release(second_build, target)
    assert rollback(target) == (second.release, first.release)
    assert tree(tmp_path / "www" / CURRENT) == tree(built)
    with pytest.raises(DeployError, match="nothing to roll back to"):
        rollback(target)
    assert rollback(target, to=second.release) == (first.release, second.release)
    assert tree(tmp_path / "www" / CURRENT) == tree(second_build)


def test_old_releases_are_pruned(built, tmp_path):
    require_rsync()
    target = Target.parse(str(tmp_path / "www"))
    names = [deploy_release(built, target, keep=2).release for _ in range(4)]
    kept = sorted(p.name for p in (tmp_path / "www" / RELEASES).iterdir())
    assert kept == sorted(names[-2:], key=release_key)


def test_a_held_lock_refuses_a_second_publish(built, second_build, tmp_path):
    require_rsync()
    target = Target.parse(str(tmp_path / "www"))
    deploy_release(built, target)
    lock = tmp_path / "www" / LOCK
    lock.mkdir()
    (lock / "owner").write_text("other-machine 4242 2026-11-22T12:00:00Z\n")
    with pytest.raises(DeployError, match="another publish holds the lock"):
        deploy_release(second_build, target)
    assert tree(tmp_path / "www" / CURRENT) == tree(built)
    assert lock.is_dir()


def full_disk_for_the_lock_owner(folder: Path) -> str:
    """A ``mkdir`` for the front of PATH: lock folders it makes cannot take an
    owner file (as on a full disk; a folder named ``owner`` is in the way)."""
    folder.mkdir()
    wrapper = folder / "mkdir"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'{shutil.which("mkdir")} "$@" || exit $?\n'
        "for last; do :; done\n"
        'case "${last##*/}" in .publish.lock*) '
        f'{shutil.which("mkdir")} -p "$last/owner";; esac\n'
    )
    wrapper.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


def test_a_failed_owner_write_leaves_no_lock(
    built, second_build, tmp_path, monkeypatch
):
    require_rsync()
    www = tmp_path / "www"
    target = Target.parse(str(www))
    deploy_release(built, target)
    monkeypatch.setenv("PATH", full_disk_for_the_lock_owner(tmp_path / "bin"))
    for step in (
        lambda: deploy_release(second_build, target),
        lambda: rollback(target),
    ):
        with pytest.raises(DeployError, match=r"could not take the publish lock.*disk"):
            step()
        assert sorted(p.name for p in www.iterdir()) == [CURRENT, RELEASES]
    monkeypatch.undo()
    deploy_release(second_build, target)
    assert tree(www / CURRENT) == tree(second_build)


def test_a_lock_without_owner_is_reported_with_the_fix(built, second_build, tmp_path):
    require_rsync()
    www = tmp_path / "www"
    target = Target.parse(str(www))
    deploy_release(built, target)
    (www / LOCK).mkdir()  # as an older version left it when the disk was full
    for step in (
        lambda: deploy_release(second_build, target),
        lambda: rollback(target),
    ):
        with pytest.raises(
            DeployError, match=r"records no owner.*rm -r .*\.publish\.lock"
        ):
            step()
    assert (www / LOCK).is_dir() and not any((www / LOCK).iterdir())
    assert tree(www / CURRENT) == tree(built)
    (www / LOCK).rmdir()
    deploy_release(second_build, target)
    assert tree(www / CURRENT) == tree(second_build)


def test_in_place_fallback(built, second_build, tmp_path):
    require_rsync()
    target = Target.parse(str(tmp_path / "root"))
    deploy_in_place(built, target)
    assert tree(tmp_path / "root") == tree(built)
    result = deploy_in_place(second_build, target)
    assert tree(tmp_path / "root") == tree(second_build)
    assert result.changes.removed == ["robots.txt"]
    assert not (tmp_path / "root" / LOCK).exists()


# ---------------------------------------------------------------------------
# Killed part-way: `current` always serves a whole release
# ---------------------------------------------------------------------------

#: A publish in a child process that dies at a step (see publish_faults.py).
CHILD = str(Path(__file__).with_name("publish_faults.py"))


@pytest.mark.parametrize("step", STEPS)
def test_killed_publish_leaves_a_whole_release_live(
    step, built, second_build, tmp_path
):
    require_rsync()
    www = tmp_path / "www"
    deploy_release(built, Target.parse(str(www)))
    killed = subprocess.run(
        [sys.executable, CHILD, step, str(second_build), str(www)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == KILLED == 70, killed.stderr
    expected = second_build if step == "switched" else built
    assert tree(www / CURRENT) == tree(expected)

    # The next publish takes over the dead process's lock and clears leftovers.
    deploy_release(second_build, Target.parse(str(www)))
    assert tree(www / CURRENT) == tree(second_build)
    leftovers = [p.name for p in www.iterdir() if p.name not in (CURRENT, RELEASES)]
    leftovers += [p.name for p in (www / RELEASES).iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert not any(p.name.startswith(INCOMING) for p in (www / RELEASES).iterdir())


# ---------------------------------------------------------------------------
# rsync over SSH to a real sshd on loopback
# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """An sshd on 127.0.0.1 accepting one throwaway key: (user@host, ssh command)."""
    daemon = Path("/usr/sbin/sshd")
    require_tool(
        "sshd",
        daemon.is_file() and bool(shutil.which("ssh") and shutil.which("ssh-keygen")),
        "apt-get install openssh-server openssh-client",
    )
    require_rsync()
    base = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(base / name)],
            check=True,
        )
    (base / "authorized_keys").write_bytes((base / "client_key.pub").read_bytes())
    port = _free_port()
    config = base / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {base}/host_key\n"
        f"PidFile {base}/sshd.pid\nAuthorizedKeysFile {base}/authorized_keys\n"
        "PermitRootLogin yes\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
        "StrictModes no\nUsePAM no\n"
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    process = subprocess.Popen(
        [str(daemon), "-D", "-e", "-f", str(config)],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"sshd did not start: {process.stderr.read()}")
            time.sleep(0.05)
    ssh = (
        f"ssh -F /dev/null -p {port} -i {base}/client_key -o IdentitiesOnly=yes "
        "-o BatchMode=yes -o StrictHostKeyChecking=no "
        "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "
        # One connection for the many short commands of a deploy.
        f"-o ControlMaster=auto -o ControlPath={base}/cm-%C -o ControlPersist=60"
    )
    import getpass

    yield f"{getpass.getuser()}@127.0.0.1", ssh
    subprocess.run(
        [*ssh.split(), "-O", "exit", "127.0.0.1"], capture_output=True, check=False
    )
    process.terminate()
    process.wait(timeout=10)


def test_release_deploy_over_ssh_and_rollback(sshd, built, second_build, tmp_path):
    login, ssh = sshd
    www = tmp_path / "remote-www"
    target = Target.parse(f"{login}:{www}", ssh)
    assert target.host == login

    preview = deploy_release(built, target, dry_run=True)
    assert len(preview.changes.added) == len(tree(built))
    assert not www.exists()

    first = deploy_release(built, target)
    assert tree(www / CURRENT) == tree(built)
    second = deploy_release(second_build, target)
    assert tree(www / CURRENT) == tree(second_build)
    assert (second.changes.added, second.changes.changed, second.changes.removed) == (
        ["new-page.html"],
        ["index.html"],
        ["robots.txt"],
    )
    # A changed file is sent as a delta against the live release's copy (rsync
    # over SSH), and unchanged files are hard links to it.
    old, new = (www / RELEASES / r for r in (first.release, second.release))
    assert (old / "about.html").stat().st_ino == (new / "about.html").stat().st_ino
    assert rollback(target) == (second.release, first.release)
    assert tree(www / CURRENT) == tree(built)
    assert not (www / LOCK).exists()


def test_killed_publish_over_ssh(sshd, built, second_build, tmp_path):
    login, ssh = sshd
    www = tmp_path / "remote-www"
    deploy_release(built, Target.parse(f"{login}:{www}", ssh))
    killed = subprocess.run(
        [sys.executable, CHILD, "uploading", str(second_build), f"{login}:{www}"],
        cwd=ROOT,
        env={**os.environ, "RSYNC_RSH": ssh},
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == KILLED == 70, killed.stderr
    assert tree(www / CURRENT) == tree(built)
    assert any(p.name.startswith(INCOMING) for p in (www / RELEASES).iterdir())


# ---------------------------------------------------------------------------
# GitHub Pages: real git, a local bare repository
# ---------------------------------------------------------------------------


def test_gh_pages_commits_and_pushes_the_build(built, second_build, tmp_path):
    require_tool("git", bool(shutil.which("git")), "apt-get install git")
    remote = tmp_path / "remote.git"
    work = tmp_path / "work"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    for key, value in (("user.name", "Test"), ("user.email", "test@example.org")):
        subprocess.run(["git", "-C", str(work), "config", key, value], check=True)
    subprocess.run(
        ["git", "-C", str(work), "remote", "add", "origin", str(remote)], check=True
    )

    changes = publish_gh_pages(built, repo=work, cname="talkingback.example.org")
    assert len(changes.added) == len(tree(built)) + 2  # .nojekyll and CNAME
    checkout = tmp_path / "checkout"
    subprocess.run(
        ["git", "clone", "-q", "--branch", "gh-pages", str(remote), str(checkout)],
        check=True,
    )
    published = tree(checkout)
    published = {k: v for k, v in published.items() if not k.startswith(".git/")}
    assert published.pop(".nojekyll") == b""
    assert published.pop("CNAME") == b"talkingback.example.org"
    assert published == tree(built)

    preview = publish_gh_pages(
        second_build, repo=work, cname="talkingback.example.org", dry_run=True
    )
    changes = publish_gh_pages(second_build, repo=work, cname="talkingback.example.org")
    assert (changes.added, changes.changed, changes.removed) == (
        ["new-page.html"],
        ["index.html"],
        ["robots.txt"],
    )
    assert preview == changes
    log = subprocess.run(
        ["git", "--git-dir", str(remote), "log", "--format=%s", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert log[:2] == ["Publish the site", "Publish the site"]


# ---------------------------------------------------------------------------
# The whole publish: build, check, deploy
# ---------------------------------------------------------------------------

BROKEN_POST = """Title: A post with a broken link
Date: 2026-11-01 10:00
Category: Campaign news

See [the report](https://talkingback.example.org/no-such-report.html).
"""


def test_publish_refuses_a_broken_link_and_leaves_the_target_alone(
    built, tmp_path, monkeypatch, capsys
):
    require_rsync()
    www = tmp_path / "www"
    deploy_release(built, Target.parse(str(www)))
    before = {p: p.stat().st_mtime_ns for p in www.rglob("*")}
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "posts").mkdir()
    (content / "posts" / "broken-link.md").write_text(BROKEN_POST, encoding="utf-8")
    monkeypatch.setenv("PUBLISH_TARGET", str(www))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    with pytest.raises(PublishError, match="nothing was published"):
        publish(content=content, validate_html=False, quiet=True)
    report = capsys.readouterr().out
    assert (
        "'https://talkingback.example.org/no-such-report.html' (a href) "
        "does not resolve to a written file"
    ) in report
    assert {p: p.stat().st_mtime_ns for p in www.rglob("*")} == before
    assert tree(www / CURRENT) == tree(built)


def test_publish_refuses_when_the_build_fails(tmp_path, monkeypatch):
    www = tmp_path / "www"
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "posts").mkdir()
    (content / "posts" / "no-title.md").write_text("Date: 2026-11-01\n\nNo title.\n")
    monkeypatch.setenv("PUBLISH_TARGET", str(www))
    with pytest.raises(PublishError, match="the build failed") as failure:
        publish(content=content, validate_html=False, quiet=True)
    assert "content/posts/no-title.md: Title: is missing" in str(failure.value)
    assert not www.exists()


def test_publish_deploys_the_checked_sample_site(built, tmp_path, monkeypatch):
    require_rsync()
    require_tool(
        "java", bool(shutil.which("java")), "apt-get install default-jre-headless"
    )
    www = tmp_path / "www"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setenv("PUBLISH_TARGET", str(www))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    lines: list[str] = []
    try:
        summary = publish(content=content, quiet=True, out=lines.append)
    except PublishError as failure:
        pytest.fail(f"{failure}\n" + "\n".join(lines))
    assert summary.startswith(f"Deployed to {www} (release ")
    assert f"{len(tree(built))} added, 0 changed, 0 removed" in summary
    # Same sources, same SOURCE_DATE_EPOCH: the deployed tree is the module's build.
    assert tree(www / CURRENT) == tree(built)


def test_a_lock_without_owner_over_ssh_is_reported(sshd, built, tmp_path):
    login, ssh = sshd
    www = tmp_path / "remote-www"
    target = Target.parse(f"{login}:{www}", ssh)
    (www / LOCK).mkdir(parents=True)
    with pytest.raises(DeployError, match="records no owner"):
        deploy_release(built, target)
    assert sorted(p.name for p in www.iterdir()) == [LOCK]
