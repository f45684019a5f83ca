"""`invoke check` rejects the feeds and calendars real validators reject: a
fault planted in a built site is one line naming the file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitetools.check import (
    check_site,
    ics_time,
    is_rfc822,
    is_rfc3339,
    strict_calendar_problems,
    strict_feed_problems,
)

SITEURL = "http://localhost:8000"  # the sample build's


def errors_of(site: Path) -> list[str]:
    return check_site(
        site, site_url=SITEURL, production=False, validate_html=False
    ).errors


def test_the_sample_feeds_and_calendars_pass(sample_site: Path) -> None:
    assert (sample_site / "events" / "calendar.ics").is_file()
    assert errors_of(sample_site) == []


def _sub(pattern: str, replacement: str, count: int = 1):
    def plant(text: str) -> str:
        changed = re.sub(pattern, replacement, text, count=count, flags=re.DOTALL)
        assert changed != text, pattern
        return changed

    return plant


FAULTS = {
    "atom feed without id": (
        "feeds/all.atom.xml",
        _sub(r"(<feed[^>]*>.*?)<id>[^<]*</id>", r"\1"),
        "the feed has no <id> (Atom requires one)",
    ),
    "atom entry without id": (
        "feeds/all.atom.xml",
        _sub(r"(<entry>.*?)<id>[^<]*</id>", r"\1"),
        "has no id/guid",
    ),
    "atom entry date not rfc 3339": (
        "feeds/all.atom.xml",
        _sub(
            r"(<entry>.*?<updated>)[^<]*(</updated>)",
            r"\1Sat, 21 Mar 2026 09:30:00 +0000\2",
        ),
        "<updated> 'Sat, 21 Mar 2026 09:30:00 +0000' is not an RFC 3339 date-time",
    ),
    "atom entry without updated": (
        "feeds/all.atom.xml",
        _sub(r"(<entry>.*?)<updated>[^<]*</updated>", r"\1"),
        "has no <updated> (Atom requires one)",
    ),
    "atom entry without title": (
        "feeds/all.atom.xml",
        _sub(r"(<entry>)<title>[^<]*</title>", r"\1"),
        "entry 1 has no <title> (Atom requires one)",
    ),
    "rss date not rfc 822": (
        "feeds/all.rss.xml",
        _sub(r"<pubDate>[^<]*</pubDate>", "<pubDate>2026-03-21T09:30Z</pubDate>"),
        "<pubDate> '2026-03-21T09:30Z' is not an RFC 822 date",
    ),
    "dtstamp not a date-time": (
        "events/calendar.ics",
        _sub(r"DTSTAMP:[^\r\n]*", "DTSTAMP:bogus"),
        "DTSTAMP 'bogus' is not a valid date(-time)",
    ),
    "dtstart not a date": (
        "events/calendar.ics",
        _sub(r"(DTSTART;TZID=Europe/London:)\d{8}", r"\g<1>20271399"),
        "is not a valid date(-time)",
    ),
    "dtend not a date-time": (
        "events/calendar.ics",
        _sub(r"(DTEND;TZID=Europe/London:)[^\r\n]*", r"\g<1>soon"),
        "DTEND 'soon' is not a valid date(-time)",
    ),
    "dtend before dtstart": (
        "events/calendar.ics",
        _sub(r"(DTEND;TZID=Europe/London:\d{8})T\d{6}", r"\g<1>T000000"),
        "DTEND is before DTSTART",
    ),
    "tzid without vtimezone": (
        "events/calendar.ics",
        _sub(r"BEGIN:VTIMEZONE\r?\nTZID:Europe/London\r?\n.*?END:VTIMEZONE\r?\n", ""),
        "names TZID 'Europe/London', which has no VTIMEZONE in the file",
    ),
    "two events with one uid": (
        "events/calendar.ics",
        lambda text: re.sub(
            r"(UID:[^\r\n]*)(.*?)UID:[^\r\n]*", r"\1\2\1", text, count=1, flags=re.S
        ),
        "is also the UID of event 1",
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_planted_fault_is_one_line_naming_the_file(
    sample_site: Path, tmp_path: Path, fault: str
) -> None:
    name, plant, expected = FAULTS[fault]
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    path = site / name
    path.write_bytes(plant(path.read_text(encoding="utf-8")).encode())

    errors = errors_of(site)

    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{name}: "), errors
    assert expected in errors[0], errors


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-03-21T09:30:00+00:00", True),
        ("2026-03-21T09:30:00Z", True),
        ("2026-03-21T09:30:00", False),
        ("2026-02-30T09:30:00Z", False),
        ("2026-03-21 09:30:00+00:00", False),
    ],
)
def test_rfc3339(value: str, ok: bool) -> None:
    assert is_rfc3339(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("Sat, 21 Mar 2026 09:30:00 +0000", True),
        ("21 Mar 2026 09:30 GMT", True),
        ("Sat, 21 Mar 2026 09:30:00", False),
        ("Sat, 32 Mar 2026 09:30:00 +0000", False),
        ("2026-03-21T09:30:00Z", False),
    ],
)
def test_rfc822(value: str, ok: bool) -> None:
    assert is_rfc822(value) is ok


def test_ics_values() -> None:
    assert ics_time({}, "20270410T113000Z") is not None
    assert ics_time({"VALUE": "DATE"}, "20270410") is not None
    assert ics_time({"VALUE": "DATE"}, "20270410T113000") is None
    assert ics_time({}, "20270230T113000") is None


def test_a_recurrence_may_repeat_its_uid_and_rss_dates_are_checked_everywhere():
    calendar = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20260102T100000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        "RECURRENCE-ID:20260109T100000Z\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20260109T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert strict_calendar_problems(calendar.encode()) == []
    bad = calendar.replace("DTSTART:20260109T120000Z", "DTSTART:20260109")
    assert strict_calendar_problems(bad.encode()) == [
        "event 2: DTSTART '20260109' is not a valid date(-time). Fix: correct the "
        "event's Start/End/Timezone, or the events plugin"
    ]
    rss = b"<rss><channel><lastBuildDate>today</lastBuildDate></channel></rss>"
    assert strict_feed_problems(rss) == [
        "the channel: <lastBuildDate> 'today' is not an RFC 822 date (e.g. 'Sat, "
        "21 Mar 2026 09:30:00 +0000'). Fix: correct the feed settings or the "
        "plugin that writes this feed"
    ]
