"""``invoke event-status`` and the publish-time SEQUENCE check (issue 19)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG

from conftest import ROOT, build
from sitetools.deploy import Target
from sitetools.events import (
    EventFileError,
    change_status,
    metadata_of,
    sequence_problems,
    set_fields,
)
from sitetools.publish import (
    PublishConfig,
    PublishError,
    check_sequences,
    site_slugify,
)

NOW = datetime(2026, 12, 1, 9, 30)
CAFE = """\
Title: Workers cafe
Start: 2027-01-02 11:30
End: 13:30
Location: Bethnal Green
Speakers: Ann Example — Sample Union
    Bo Example — Sample Trust
Status: scheduled

Body text.
Status: not metadata
"""


slug = site_slugify(DEFAULT_CONFIG)


def test_set_fields_replaces_in_place_and_adds_missing() -> None:
    text = set_fields(CAFE, {"Status": "cancelled", "Speakers": "Cy", "Sequence": "1"})
    assert metadata_of(text) == {
        "title": "Workers cafe",
        "start": "2027-01-02 11:30",
        "end": "13:30",
        "location": "Bethnal Green",
        "speakers": "Cy",
        "status": "cancelled",
        "sequence": "1",
    }
    assert "Bo Example" not in text
    assert text.endswith("Body text.\nStatus: not metadata\n")


def test_change_status_bumps_sequence_and_modified(tmp_path: Path) -> None:
    (tmp_path / "2027-01-02-cafe.md").write_text(CAFE, encoding="utf-8")
    change = change_status(
        tmp_path,
        "workers-cafe",
        "postponed",
        now=NOW,
        slugify=slug,
        start="2027-02-06 11:30",
    )
    assert change.sequence == 1
    metadata = metadata_of(change.path.read_text(encoding="utf-8"))
    assert (metadata["status"], metadata["start"], metadata["sequence"]) == (
        "postponed",
        "2027-02-06 11:30",
        "1",
    )
    assert metadata["modified"] == "2026-12-01 09:30"
    change_status(tmp_path, "workers-cafe", "scheduled", now=NOW, slugify=slug)
    assert metadata_of(change.path.read_text())["sequence"] == "2"


@pytest.mark.parametrize(
    ("slug_", "status", "start", "expected"),
    [
        ("nope", "cancelled", "", "no event in"),
        ("workers-cafe", "called-off", "", "'called-off' is not a status"),
        ("workers-cafe", "postponed", "next week", "--start 'next week' is not a date"),
    ],
)
def test_change_status_refuses_bad_input(
    tmp_path, slug_, status, start, expected
) -> None:
    (tmp_path / "cafe.md").write_text(CAFE, encoding="utf-8")
    with pytest.raises(EventFileError, match=expected):
        change_status(tmp_path, slug_, status, now=NOW, slugify=slug, start=start)
    assert (tmp_path / "cafe.md").read_text() == CAFE


def calendar_of(tmp_path: Path, name: str, text: str) -> bytes:
    content = tmp_path / name / "content"
    (content / "events").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "events/cafe.md").write_text(textwrap.dedent(text), encoding="utf-8")
    output = build(
        content, tmp_path / name / "output", BUILD_TIME="2026-11-22T12:00:00+00:00"
    )
    return (output / "events/calendar.ics").read_bytes()


@pytest.fixture(scope="module")
def calendars(tmp_path_factory) -> dict[str, bytes]:
    base = tmp_path_factory.mktemp("sequence")
    live = calendar_of(base, "live", CAFE)
    moved = CAFE.replace("2027-01-02 11:30", "2027-01-09 11:30")
    return {
        "live": live,
        "same": calendar_of(base, "same", CAFE.replace("Body text.", "New words.")),
        "moved": calendar_of(base, "moved", moved),
        "bumped": calendar_of(
            base, "bumped", moved.replace("Status:", "Sequence: 1\nStatus:")
        ),
        "cancelled": calendar_of(
            base, "cancelled", CAFE.replace("scheduled", "cancelled")
        ),
    }


def test_sequence_check(calendars) -> None:
    live = calendars["live"]
    assert sequence_problems(live, calendars["same"]) == []
    assert sequence_problems(live, calendars["bumped"]) == []
    assert sequence_problems(b"", calendars["moved"]) == []
    (line,) = sequence_problems(
        live, calendars["moved"], lambda url: "content/events/cafe.md"
    )
    assert line.startswith(
        "content/events/cafe.md: Sequence: 'Workers cafe' changed its start"
    )
    assert "Fix: set 'Sequence: 1'" in line
    (line,) = sequence_problems(live, calendars["cancelled"])
    assert "changed its status" in line
    (line,) = sequence_problems(calendars["bumped"], calendars["moved"])
    assert "Sequence: 0 is lower than the live calendar's 1" in line


def test_publish_check_reads_the_live_release(calendars, tmp_path: Path) -> None:
    release = tmp_path / "target/releases/20261122T120000Z/events"
    release.mkdir(parents=True)
    (release / "calendar.ics").write_bytes(calendars["live"])
    (tmp_path / "target/current").symlink_to("releases/20261122T120000Z")
    site = tmp_path / "site/events"
    site.mkdir(parents=True)
    (site / "calendar.ics").write_bytes(calendars["cancelled"])
    settings = {
        "PATH": str(tmp_path / "content"),
        "SLUG_REGEX_SUBSTITUTIONS": [],
        "PUBLISH_TARGET": str(tmp_path / "target"),
    }
    config = PublishConfig.from_settings(settings, "rsync")
    target = Target.parse(config.target)
    with pytest.raises(PublishError, match="changed its status"):
        check_sequences(tmp_path / "site", settings, config, target, repo=tmp_path)
    (site / "calendar.ics").write_bytes(calendars["same"])
    check_sequences(tmp_path / "site", settings, config, target, repo=tmp_path)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_publish_check_reads_the_gh_pages_branch(calendars, tmp_path: Path) -> None:
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(tmp_path, "init", "-q", "-b", "gh-pages", str(work))
    (work / "events").mkdir()
    (work / "events/calendar.ics").write_bytes(calendars["live"])
    git(work, "add", ".")
    git(
        work,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-qm",
        "live",
    )
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "gh-pages")
    site = tmp_path / "site/events"
    site.mkdir(parents=True)
    (site / "calendar.ics").write_bytes(calendars["moved"])
    settings = {"PATH": str(tmp_path / "content"), "SLUG_REGEX_SUBSTITUTIONS": []}
    config = PublishConfig.from_settings(settings, "github-pages")
    with pytest.raises(PublishError, match="changed its start"):
        check_sequences(tmp_path / "site", settings, config, None, repo=work)


def test_invoke_event_status_names_the_problem() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "event-status", "no-such-event", "cancelled"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Not changed: no event in ")
