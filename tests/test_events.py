"""The events plugin: parsing rules, and what a built site contains."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from conftest import build, build_problems, open_site_page, write_content
from events.generator import webcal_url
from events.model import duplicate_slugs, parse_event, split_events
from events.when import when_in_words
from sitetools.scaffold import create_event

LONDON = "Europe/London"
BUILD_TIME = "2026-11-22T12:00:00+00:00"
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def parse(**metadata: str):
    metadata.setdefault("title", "Meeting")
    metadata.setdefault("slug", "meeting")
    return parse_event(metadata, "content/events/meeting.md", LONDON)


def problems(**metadata: str) -> list[str]:
    event, errors = parse(**metadata)
    assert event is None
    return [str(e) for e in errors]


# -- parsing -----------------------------------------------------------------


def test_timed_event_is_aware_in_the_site_time_zone() -> None:
    event, errors = parse(start="2026-06-05 18:00", end="20:00")
    assert errors == []
    assert event.start == datetime(2026, 6, 5, 18, tzinfo=ZoneInfo(LONDON))
    assert event.start.utcoffset() == timedelta(hours=1)
    assert event.end.hour == 20
    assert not event.all_day


def test_all_day_multi_day_event_ends_after_its_last_day() -> None:
    event, errors = parse(start="2020-05-02", end="2020-05-03")
    assert errors == []
    assert event.all_day
    assert event.finish == datetime(2020, 5, 4, tzinfo=ZoneInfo(LONDON))
    assert when_in_words(event, LONDON) == "Saturday 2 May to Sunday 3 May 2020"


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-06-05 9:05", "9:30"), ("2026-06-05T09:05:00", "2026-06-05 09:30:00")],
)
def test_time_spellings(start: str, end: str) -> None:
    event, errors = parse(start=start, end=end)
    assert errors == []
    assert (event.start.hour, event.start.minute, event.end.minute) == (9, 5, 30)


def test_event_timezone_overrides_the_site_one() -> None:
    event, _ = parse(start="2026-12-01 09:00", timezone="America/New_York")
    assert event.start.astimezone(UTC).hour == 14
    assert when_in_words(event, LONDON) == (
        "Tuesday 1 December 2026, 09:00 EST (America/New_York)"
    )


@pytest.mark.parametrize(
    ("start", "words", "utc_hour"),
    [
        # Saturday before the clocks go back (BST) and the Saturday after (GMT).
        ("2026-10-24 18:00", "Saturday 24 October 2026, 18:00 BST", 17),
        ("2026-10-31 18:00", "Saturday 31 October 2026, 18:00 GMT", 18),
        # The Saturday before the clocks go forward (GMT) and the day after (BST).
        ("2027-03-27 18:00", "Saturday 27 March 2027, 18:00 GMT", 18),
        ("2027-03-28 18:00", "Sunday 28 March 2027, 18:00 BST", 17),
    ],
)
def test_clock_change_gives_the_right_offset(start, words, utc_hour) -> None:
    event, _ = parse(start=start)
    assert when_in_words(event, LONDON) == words
    assert event.start.astimezone(UTC).hour == utc_hour


def test_event_across_the_clock_change_lasts_its_real_length() -> None:
    event, errors = parse(start="2026-10-24 22:00", end="2026-10-25 02:00")
    assert errors == []
    assert event.end.astimezone(UTC) - event.start.astimezone(UTC) == timedelta(hours=5)
    assert when_in_words(event, LONDON) == (
        "Saturday 24 October 2026, 22:00 BST to Sunday 25 October 2026, 02:00 GMT"
    )


def test_a_time_skipped_by_the_clocks_going_forward_is_refused() -> None:
    (line,) = problems(start="2027-03-28 01:30")
    assert "Start: 2027-03-28 01:30 does not exist in Europe/London" in line


#: (field, bad value, expected): one bad field on a good all-day event.
ONE_BAD_FIELD = [
    ("timezone", "Europe/Londres", "Timezone: 'Europe/"),
    ("status", "maybe", "Status: 'maybe' is not a known"),
    ("booking", "ftp://x.org/t", "Booking: 'ftp://x.org"),
    ("booking", "javascript:alert(1)", "Booking: 'java"),
    ("booking", "www.tickets.org", "Booking: 'www."),
    ("online", "zoom.example/j/1", "Online: 'zoom."),
    ("online", "https://", "Online: 'https://' is not"),
]


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({}, "meeting.md: Start: is missing"),
        ({"start": "next Tuesday"}, "Start: 'next Tuesday' is not a date"),
        ({"start": "2026-02-30 10:00"}, "Start: '2026-02-30 10:00' is not a date"),
        ({"start": "2026-01-02", "end": "2026-01-01"}, "End: '2026-01-01' is before"),
        ({"start": "2026-01-02 10:00", "end": "09:00"}, "End: '09:00' is not after"),
        ({"start": "2026-01-02 10:00", "end": "10:00"}, "End: '10:00' is not after"),
        ({"start": "2026-01-02 10:00", "end": "2026-01-03"}, "End: has no time"),
        ({"start": "2026-01-02", "end": "2026-01-03 10:00"}, "End: has a time"),
        *(
            ({"start": "2026-01-02", field: value}, expected)
            for field, value, expected in ONE_BAD_FIELD
        ),
    ],
)
def test_bad_metadata_is_one_clear_line(metadata, expected) -> None:
    lines = problems(**metadata)
    assert len(lines) == 1, lines
    assert expected in lines[0]
    assert lines[0].startswith("content/events/meeting.md: ")
    assert "Fix: " in lines[0]


def test_every_problem_in_a_file_is_reported() -> None:
    lines = problems(start="soon", status="maybe", booking="ftp://x", timezone="Mars")
    fields = sorted(line.split(": ")[1] for line in lines)
    assert fields == ["Booking", "Start", "Status", "Timezone"]


def test_booking_may_be_words_and_online_may_be_yes() -> None:
    event, errors = parse(
        start="2026-01-02", booking="Free, no booking", online="yes", location="Leeds"
    )
    assert errors == []
    assert event.booking_url == ""
    assert event.online_url == ""
    assert event.place == "Leeds, and online"
    assert event.attendance_mode.endswith("MixedEventAttendanceMode")


def test_duplicate_slugs_name_both_files() -> None:
    one, _ = parse_event(
        {"title": "A", "slug": "same", "start": "2026-01-01"},
        "content/events/a.md",
        LONDON,
    )
    two, _ = parse_event(
        {"title": "B", "slug": "same", "start": "2026-01-02"},
        "content/events/b.md",
        LONDON,
    )
    (error,) = duplicate_slugs([one, two])
    assert str(error).startswith(
        "content/events/a.md and content/events/b.md: Slug: 2 events share the slug"
    )


def test_split_keeps_an_event_in_progress_upcoming() -> None:
    running, _ = parse(slug="running", start="2026-11-22 11:00", end="13:00")
    today, _ = parse(slug="today", start="2026-11-22")
    over, _ = parse(slug="over", start="2026-11-22 10:00", end="11:59")
    older, _ = parse(slug="older", start="2026-11-01")
    later, _ = parse(slug="later", start="2027-01-01")
    upcoming, past = split_events([later, over, older, today, running], NOW)
    assert [e.slug for e in upcoming] == ["today", "running", "later"]
    assert [e.slug for e in past] == ["over", "older"]


def test_webcal_needs_an_absolute_site_url() -> None:
    assert webcal_url("https://x.org/site", "events/calendar.ics") == (
        "webcal://x.org/site/events/calendar.ics"
    )
    assert webcal_url("", "events/calendar.ics") == ""


# -- a built site -------------------------------------------------------------

EVENTS = {
    "events/old-protest.md": """
        Title: Old protest
        Start: 2018-03-21 08:15
        Location: Harrington Gardens, London SW7 4LH
        Organiser: An alliance
        Summary: Long ago.

        Too old for the calendar.
        """,
    "events/recent-cafe.md": """
        Title: Recent cafe
        Start: 2026-10-24 22:00
        End: 2026-10-25 02:00
        Location: Bethnal Green, London
        Online: yes
        Booking: Free, no booking
        Summary: Across the clock change.

        Body of the recent cafe, with [a link](https://example.org/read).
        """,
    "events/spring-call.md": """
        Title: Spring call
        Date: 2026-11-20 09:00
        Start: 2027-03-28 19:00
        End: 20:30
        Online: https://meet.example.org/call
        Booking: https://tickets.example.org/call
        Summary: After the clocks go forward.

        Online only.
        """,
    "events/cancelled-stall.md": """
        Title: Cancelled stall
        Date: 2026-11-01 09:00
        Start: 2026-12-05 11:00
        End: 14:00
        Location: Leeds
        Booking: https://tickets.example.org/stall
        Status: cancelled

        Called off.
        """,
    "events/two-day-gathering.md": """
        Title: Two-day gathering
        Date: 2026-11-15 09:00
        Start: 2028-05-06
        End: 2028-05-07
        Location: Birmingham

        Two days.
        """,
    "events/new-york-talk.md": """
        Title: New York talk
        Date: 2026-11-10 09:00
        Start: 2027-01-10 18:00
        Timezone: America/New_York
        Location: New York
        Status: postponed

        Across the ocean.
        """,
    "events/moved-meeting.md": """
        Title: Moved meeting
        Date: 2026-11-05 09:00
        Start: 2026-12-20 10:00
        Location: Hull
        Online: https://meet.example.org/moved
        Status: moved-online

        Now online.
        """,
    "posts/announce.md": """
        Title: Come to the spring call
        Date: 2026-11-20 10:00
        Event: spring-call

        See you at [the call]({filename}/events/spring-call.md).
        """,
}
UPCOMING = [
    "cancelled-stall",
    "moved-meeting",
    "new-york-talk",
    "spring-call",
    "two-day-gathering",
]
PAST = ["recent-cafe", "old-protest"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_events_site(tmp_path_factory.mktemp("events-site"))


def build_events_site(base: Path, files: dict[str, str] = EVENTS, **override) -> Path:
    content = write_content(base / "content", files)
    settings = {
        "BUILD_TIME": BUILD_TIME,
        "SITEURL": "https://campaign.example.org",
        # Absolute URLs, as in production (development builds are relative).
        "RELATIVE_URLS": False,
        "FEED_DOMAIN": "https://campaign.example.org",
    }
    return build(content, base / "output", **(settings | override))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def slugs_in(section) -> list[str]:
    return [
        a["href"].rsplit("/", 1)[-1].removesuffix(".html")
        for a in section.select(".event-title a")
    ]


def calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_events_page_splits_and_orders_events(site: Path) -> None:
    page = soup(site / "events/index.html")
    assert page.find("h1").get_text() == "Events"
    assert slugs_in(page.select_one('[data-events="upcoming"]')) == UPCOMING
    assert slugs_in(page.select_one('[data-events="past"]')) == PAST
    assert page.select_one('[data-events="upcoming"] .events-none').has_attr("hidden")


def test_events_page_shows_words_place_badge_and_booking(site: Path) -> None:
    page = soup(site / "events/index.html")
    items = {
        item.select_one(".event-title a")["href"].rsplit("/", 1)[-1]: item
        for item in page.select(".event-summary")
    }
    cafe = items["recent-cafe.html"]
    assert cafe.select_one("time").get_text() == (
        "Saturday 24 October 2026, 22:00 BST to Sunday 25 October 2026, 02:00 GMT"
    )
    assert cafe.select_one("time")["datetime"] == "2026-10-24T22:00:00+01:00"
    assert (
        cafe.select_one(".event-place").get_text()
        == "Bethnal Green, London, and online"
    )
    assert cafe.select_one(".event-booking").get_text() == "Free, no booking"
    assert cafe.select_one(".event-status") is None
    stall = items["cancelled-stall.html"]
    assert stall.select_one(".event-status").get_text() == "Cancelled"
    assert stall.select_one(".event-booking") is None  # no booking for it now
    stall_page = soup(site / "events/cancelled-stall.html")
    assert not stall_page.select('a[href="https://tickets.example.org/stall"]')
    assert items["new-york-talk.html"].select_one(".event-status").get_text() == (
        "Postponed"
    )
    call = items["spring-call.html"]
    assert call.select_one(".event-place").get_text() == "Online"
    assert call.select_one(".event-booking a")["href"] == (
        "https://tickets.example.org/call"
    )
    assert call["data-event-end"] == "2027-03-28T20:30:00+01:00"


def test_events_page_links_feeds_calendar_and_script(site: Path) -> None:
    page = soup(site / "events/index.html")
    alternates = {
        link["type"]: link["href"] for link in page.select('head link[rel="alternate"]')
    }
    assert "https://campaign.example.org/feeds/events.atom.xml" in [
        link["href"] for link in page.select('link[type="application/atom+xml"]')
    ]
    assert "https://campaign.example.org/feeds/events.rss.xml" in [
        link["href"] for link in page.select('link[type="application/rss+xml"]')
    ]
    assert alternates["text/calendar"] == (
        "https://campaign.example.org/events/calendar.ics"
    )
    hrefs = [a["href"] for a in page.select(".events-subscribe a")]
    assert "webcal://campaign.example.org/events/calendar.ics" in hrefs
    script = page.select_one("script[src$='js/events.js']")
    assert script.has_attr("defer")
    assert (site / "theme/js/events.js").is_file()


def test_event_page_has_details_download_map_and_post(site: Path) -> None:
    page = soup(site / "events/recent-cafe.html")
    assert [h.get_text() for h in page.find_all("h1")] == ["Recent cafe"]
    assert "Body of the recent cafe" in page.select_one(".e-description").get_text()
    download = page.select_one(".event-calendar a")
    assert download["href"] == "https://campaign.example.org/events/recent-cafe.ics"
    assert download.has_attr("download")
    map_link = page.select_one('a[href^="https://www.openstreetmap.org/"]')
    assert map_link["href"] == (
        "https://www.openstreetmap.org/search?query=Bethnal+Green%2C+London"
    )
    assert map_link.get_text().startswith("Find Bethnal Green, London on a map")
    call = soup(site / "events/spring-call.html")
    posts = [a.get_text() for a in call.select(".event-posts a")]
    assert posts == ["Come to the spring call"]
    post = soup(site / "posts/2026/come-to-the-spring-call.html")
    assert post.find("a", string="the call")["href"] == (
        "https://campaign.example.org/events/spring-call.html"
    )
    assert call.select_one('a[href^="https://www.openstreetmap.org/"]') is None


def json_ld(path: Path) -> dict:
    script = soup(path).select_one('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_event_json_ld(site: Path) -> None:
    cafe = json_ld(site / "events/recent-cafe.html")
    assert cafe["@context"] == "https://schema.org"
    assert cafe["@type"] == "Event"
    assert cafe["name"] == "Recent cafe"
    assert cafe["startDate"] == "2026-10-24T22:00:00+01:00"
    assert cafe["endDate"] == "2026-10-25T02:00:00+00:00"
    assert cafe["eventStatus"] == "https://schema.org/EventScheduled"
    assert cafe["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert cafe["url"] == "https://campaign.example.org/events/recent-cafe.html"
    assert [place["@type"] for place in cafe["location"]] == [
        "Place",
        "VirtualLocation",
    ]
    stall = json_ld(site / "events/cancelled-stall.html")
    assert stall["eventStatus"] == "https://schema.org/EventCancelled"
    assert stall["eventAttendanceMode"].endswith("/OfflineEventAttendanceMode")
    moved = json_ld(site / "events/moved-meeting.html")
    assert moved["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert moved["eventAttendanceMode"].endswith("/OnlineEventAttendanceMode")
    assert moved["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/moved",
    }
    gathering = json_ld(site / "events/two-day-gathering.html")
    assert (gathering["startDate"], gathering["endDate"]) == (
        "2028-05-06",
        "2028-05-07",
    )
    call = json_ld(site / "events/spring-call.html")
    assert call["offers"]["url"] == "https://tickets.example.org/call"
    scripts = soup(site / "events/spring-call.html").select(
        'script[type="application/ld+json"]'
    )
    assert len(scripts) == 1
    og_title = soup(site / "events/spring-call.html").select_one(
        'meta[property="og:title"]'
    )
    assert og_title["content"] == "Spring call"


def the_event(cal: Calendar):
    (event,) = cal.walk("VEVENT")
    return event


def assert_timezones_cover_tzids(cal: Calendar) -> None:
    used = {
        event[name].params["TZID"]
        for event in cal.walk("VEVENT")
        for name in ("DTSTART", "DTEND")
        if name in event and "TZID" in event[name].params
    }
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert used == defined


def test_each_ics_is_valid_and_round_trips(site: Path) -> None:
    for slug in [*UPCOMING, *PAST]:
        raw = (site / f"events/{slug}.ics").read_bytes()
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
        cal = Calendar.from_ical(raw)
        assert str(cal["VERSION"]) == "2.0"
        assert cal["PRODID"]
        event = the_event(cal)
        assert str(event["UID"]) == f"{slug}@campaign.example.org"
        assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)
        assert b"\r\nDTSTAMP:" in raw
        assert raw.split(b"\r\nDTSTAMP:")[1].split(b"\r\n")[0].endswith(b"Z")
        assert f"https://campaign.example.org/events/{slug}.html" == str(event["URL"])
        assert_timezones_cover_tzids(cal)


def test_ics_across_the_clock_change(site: Path) -> None:
    cal = calendar(site / "events/recent-cafe.ics")
    event = the_event(cal)
    raw = (site / "events/recent-cafe.ics").read_text()
    assert "DTSTART;TZID=Europe/London:20261024T220000" in raw
    assert "DTEND;TZID=Europe/London:20261025T020000" in raw
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert start.astimezone(UTC) == datetime(2026, 10, 24, 21, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 10, 25, 2, tzinfo=UTC)
    (zone,) = cal.walk("VTIMEZONE")
    offsets = {
        (str(part["TZNAME"]), part["TZOFFSETTO"].td)
        for part in zone.walk()
        if part.name in ("STANDARD", "DAYLIGHT")
    }
    assert ("GMT", timedelta(0)) in offsets
    assert ("BST", timedelta(hours=1)) in offsets
    assert str(event["STATUS"]) == "CONFIRMED"
    spring = (site / "events/spring-call.ics").read_text()
    assert "DTSTART;TZID=Europe/London:20270328T190000" in spring


def test_ics_status_all_day_and_other_zone(site: Path) -> None:
    assert str(the_event(calendar(site / "events/cancelled-stall.ics"))["STATUS"]) == (
        "CANCELLED"
    )
    gathering = the_event(calendar(site / "events/two-day-gathering.ics"))
    assert gathering["DTSTART"].dt == date(2028, 5, 6)
    assert gathering["DTEND"].dt == date(2028, 5, 8)  # exclusive
    assert not calendar(site / "events/two-day-gathering.ics").walk("VTIMEZONE")
    talk = calendar(site / "events/new-york-talk.ics")
    assert the_event(talk)["DTSTART"].params["TZID"] == "America/New_York"
    assert [str(tz["TZID"]) for tz in talk.walk("VTIMEZONE")] == ["America/New_York"]
    assert str(the_event(talk)["STATUS"]) == "TENTATIVE"


def test_dtstamp_comes_from_the_listing_or_the_build_time(site: Path) -> None:
    call = the_event(calendar(site / "events/spring-call.ics"))
    assert call["DTSTAMP"].dt == datetime(2026, 11, 20, 9, tzinfo=UTC)
    raw = (site / "events/spring-call.ics").read_text()
    assert "DTSTAMP:20261120T090000Z" in raw


def test_whole_calendar_keeps_recent_past_events(site: Path) -> None:
    cal = calendar(site / "events/calendar.ics")
    uids = sorted(str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT"))
    assert uids == sorted([*UPCOMING, "recent-cafe"])  # 2018 is past the 365 days
    assert_timezones_cover_tzids(cal)
    assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == len(uids)
    raw = (site / "events/calendar.ics").read_bytes().decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in raw
    assert "X-PUBLISHED-TTL:P1D\r\n" in raw


def test_feeds_newest_announcement_first(site: Path) -> None:
    expected = [
        "spring-call",  # announced 2026-11-20
        "two-day-gathering",  # 2026-11-15
        "new-york-talk",  # 2026-11-10
        "moved-meeting",  # 2026-11-05
        "cancelled-stall",  # 2026-11-01
        "recent-cafe",  # no Date: its start, 2026-10-24
        "old-protest",  # 2018
    ]
    for name in ("events.atom.xml", "events.rss.xml"):
        feed = feedparser.parse((site / "feeds" / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        links = [e.link.rsplit("/", 1)[-1].removesuffix(".html") for e in feed.entries]
        assert links == expected, name
        assert all(e.get("author") for e in feed.entries), name
        titles = {e.link.rsplit("/", 1)[-1]: e.title for e in feed.entries}
        assert titles["cancelled-stall.html"] == "Cancelled: Cancelled stall"
    atom = feedparser.parse((site / "feeds/events.atom.xml").read_bytes())
    assert atom.feed.updated == "2026-11-20T09:00:00+00:00"
    cafe = next(e for e in atom.entries if e.link.endswith("recent-cafe.html"))
    assert "https://example.org/read" in cafe.content[0].value
    assert cafe.author == "Talking Back collective"


def test_upcoming_events_on_home_page_and_footer(site: Path) -> None:
    home = soup(site / "index.html")
    titles = [a.get_text() for a in home.select(".home-events h3 a")]
    # The next three, leaving out the cancelled one.
    assert titles == ["Moved meeting", "New York talk", "Spring call"]
    assert home.select_one(".footer-events") is None  # not twice on one page
    page = soup(site / "events/spring-call.html")
    footer = [a.get_text() for a in page.select(".footer-events .upcoming-events a")]
    assert footer == titles
    # The events list has them in full already.
    assert soup(site / "events/index.html").select_one(".footer-events") is None


def test_the_same_build_time_gives_identical_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    files = {k: v for k, v in EVENTS.items() if k.startswith("events/")}
    one = build_events_site(tmp_path / "one", files, BUILD_TIME=None)
    two = build_events_site(tmp_path / "two", files, BUILD_TIME=None)
    names = [
        "events/calendar.ics",
        "events/recent-cafe.ics",
        "feeds/events.atom.xml",
        "feeds/events.rss.xml",
        "events/index.html",
    ]
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    stamp = the_event(calendar(one / "events/recent-cafe.ics"))["DTSTAMP"].dt
    assert stamp == NOW


def test_content_cache_gives_the_same_events(tmp_path: Path) -> None:
    files = {k: v for k, v in EVENTS.items() if k.startswith("events/")}
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = build_events_site(tmp_path / "site", files, **cache)
    assert list((tmp_path / "site" / "cache").glob("EventsGenerator*"))
    before = (first / "events/recent-cafe.ics").read_bytes()
    page = (first / "events/recent-cafe.html").read_bytes()
    again = build_events_site(tmp_path / "site", files, **cache)
    assert (again / "events/recent-cafe.ics").read_bytes() == before
    assert (again / "events/recent-cafe.html").read_bytes() == page


def test_events_folder_is_not_read_as_posts_or_pages(mini_site) -> None:
    # Posts read from the whole content folder would include events/.
    output = mini_site(
        {
            "events/x.md": "Title: Cafe\nDate: 2026-01-01\nStart: 2026-05-02\n\nT.\n",
            "posts/p.md": "Title: A post\nDate: 2026-01-01\n\nText.\n",
        },
        ARTICLE_PATHS=[""],
        BUILD_TIME=BUILD_TIME,
    )
    assert (output / "events/cafe.html").is_file()
    assert (output / "posts/2026/a-post.html").is_file()
    assert not list(output.glob("posts/*/cafe.html"))
    assert not (output / "cafe.html").exists()


BAD_EVENTS = {
    "events/no-start.md": ("Title: No start\n\nText.\n", "no-start.md: Start: is"),
    "events/bad-start.md": (
        "Title: Bad start\nStart: 2026-13-01 10:00\n\nText.\n",
        "bad-start.md: Start: '2026-13-01 10:00' is not a date",
    ),
    "events/end-first.md": (
        "Title: End first\nStart: 2026-05-02 10:00\nEnd: 2026-05-01 10:00\n\nT.\n",
        "end-first.md: End: '2026-05-01 10:00' is not after Start",
    ),
    "events/bad-zone.md": (
        "Title: Bad zone\nStart: 2026-05-02\nTimezone: Europe/Atlantis\n\nT.\n",
        "bad-zone.md: Timezone: 'Europe/Atlantis' is not a known time zone",
    ),
    "events/bad-status.md": (
        "Title: Bad status\nStart: 2026-05-02\nStatus: rained-off\n\nT.\n",
        "bad-status.md: Status: 'rained-off' is not a known status",
    ),
    "events/bad-booking.md": (
        "Title: Bad booking\nStart: 2026-05-02\nBooking: ftp://x.org/t\n\nT.\n",
        "bad-booking.md: Booking: 'ftp://x.org/t' is not an http(s) URL",
    ),
    "events/bad-online.md": (
        "Title: Bad online\nStart: 2026-05-02\nOnline: meet.example.org\n\nT.\n",
        "bad-online.md: Online: 'meet.example.org' is not an http(s) URL",
    ),
    "events/twin-a.md": (
        "Title: Twin\nStart: 2026-05-02\n\nT.\n",
        "content/events/twin-a.md and content/events/twin-b.md: Slug: 2 events share",
    ),
    "events/twin-b.md": ("Title: Twin\nStart: 2026-05-03\n\nT.\n", None),
    "posts/announce.md": (
        "Title: Announce\nDate: 2026-01-01\nEvent: nothing-here\n\nT.\n",
        "content/posts/announce.md: Event: no event has the slug 'nothing-here'",
    ),
}


def test_bad_events_fail_the_build_with_one_line_each(mini_site, tmp_path) -> None:
    files = {name: text for name, (text, _) in BAD_EVENTS.items()}
    files["events/fine.md"] = "Title: Fine\nStart: 2026-05-02\n\nAll good.\n"
    lines = build_problems(mini_site, files, BUILD_TIME=BUILD_TIME)
    expected = [e for _, e in BAD_EVENTS.values() if e]
    for text in expected:
        assert sum(text in line for line in lines) == 1, (text, lines)
    assert len(lines) == len(expected), lines
    assert all(line.startswith("content/") and "Fix: " in line for line in lines)
    output = tmp_path / "output"
    assert not output.exists() or not any(output.iterdir())


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            "Title: X\nDate: someday\nStart: 2026-05-02\n\nT.\n",
            "content/events/x.md: Date: ",
        ),
        (
            "Title: X\nStart: 2026-05-02\n\n[Y]({filename}/nope.md)\n",
            "content/events/x.md: link: '/nope.md' does not match",
        ),
    ],
    ids=["unreadable date metadata", "broken link in the body"],
)
def test_one_bad_event_file_is_one_line_naming_it(
    mini_site, text: str, start: str
) -> None:
    (line,) = build_problems(mini_site, {"events/x.md": text}, BUILD_TIME=BUILD_TIME)
    assert line.startswith(start)


def test_bad_settings_are_reported(mini_site) -> None:
    lines = build_problems(
        mini_site,
        {"events/x.md": "Title: X\nStart: 2026-05-02\n\nT.\n"},
        EVENTS_URL="events/page.html",
        EVENTS_UPCOMING_COUNT="three",
    )
    assert any(line.startswith("pelicanconf.py: EVENTS_URL: ") for line in lines)
    assert any("EVENTS_UPCOMING_COUNT: 'three'" in line for line in lines)


def test_events_may_be_written_in_restructuredtext(mini_site) -> None:
    output = mini_site(
        {
            "events/talk.rst": """
                A talk
                ######

                :start: 2027-02-03 18:30
                :location: Leeds

                In reStructuredText.
                """
        },
        BUILD_TIME=BUILD_TIME,
    )
    page = soup(output / "events/a-talk.html")
    assert page.select_one("time").get_text() == "Wednesday 3 February 2027, 18:30 GMT"
    assert "In reStructuredText." in page.select_one(".e-description").get_text()


def test_a_site_without_events_still_has_a_valid_events_section(mini_site) -> None:
    output = mini_site({}, BUILD_TIME=BUILD_TIME)
    page = soup(output / "events/index.html")
    assert not page.select_one(".events-none").has_attr("hidden")
    assert page.select_one('[data-events="past"]').has_attr("hidden")
    cal = calendar(output / "events/calendar.ics")
    assert cal.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    feed = feedparser.parse((output / "feeds/events.atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries == []
    assert soup(output / "index.html").select_one(".home-events") is None


# -- the sample site ------------------------------------------------------------


def test_sample_site_lists_sample_listings_ahead_and_real_events_behind(
    sample_site: Path,
) -> None:
    page = soup(sample_site / "events/index.html")
    upcoming = page.select('[data-events="upcoming"] .event-title a')
    past = page.select('[data-events="past"] .event-title a')
    assert len(upcoming) >= 2
    assert all(a.get_text().startswith("Sample listing") for a in upcoming)
    assert [a.get_text() for a in past][-1] == (
        "Demonstration outside the New Savoy conference"
    )
    assert not any(a.get_text().startswith("Sample listing") for a in past)
    home = soup(sample_site / "index.html")
    assert len(home.select(".home-events h3")) == 3
    cal = calendar(sample_site / "events/calendar.ics")
    assert_timezones_cover_tzids(cal)


# -- the progressive-enhancement script, in Chromium ----------------------------


@pytest.mark.browser
def test_script_moves_events_that_ended_since_the_build(site: Path, browser) -> None:
    origin = "https://campaign.example.org"
    # Read on 1 January 2027: the stall (5 Dec) and the moved meeting
    # (20 Dec) are over, the rest are still ahead.
    context, page, outside = open_site_page(
        browser, site, origin, datetime(2027, 1, 1, 12, tzinfo=UTC)
    )
    try:
        page.goto(f"{origin}/events/")
        page.wait_for_load_state("load")
        upcoming = page.eval_on_selector_all(
            '[data-events="upcoming"] .event-title a',
            "links => links.map(a => a.getAttribute('href').split('/').pop())",
        )
        past = page.eval_on_selector_all(
            '[data-events="past"] .event-title a',
            "links => links.map(a => a.getAttribute('href').split('/').pop())",
        )
    finally:
        context.close()
    assert upcoming == [
        "new-york-talk.html",
        "spring-call.html",
        "two-day-gathering.html",
    ]
    assert past == [
        "moved-meeting.html",
        "cancelled-stall.html",
        "recent-cafe.html",
        "old-protest.html",
    ]
    assert outside == []


# -- invoke new-event -------------------------------------------------------------


def test_new_event_file_builds_as_it_is(tmp_path: Path, mini_site) -> None:
    settings = {"PATH": str(tmp_path / "src")}
    now = datetime(2026, 11, 22, 10, 30, tzinfo=ZoneInfo(LONDON))
    path = create_event(settings, "Spring cafe", "2027-04-10 11:30", now)
    assert path == tmp_path / "src/events/2027-04-10-spring-cafe.md"
    with pytest.raises(FileExistsError):
        create_event(settings, "Spring cafe", "2027-04-10 11:30", now)
    with pytest.raises(ValueError, match="'next week' is not a date"):
        create_event(settings, "Other", "next week", now)
    output = mini_site(
        {"events/cafe.md": path.read_text(encoding="utf-8")},
        BUILD_TIME=BUILD_TIME,
    )
    page = soup(output / "events/spring-cafe.html")
    assert page.select_one("time").get_text() == "Saturday 10 April 2027, 11:30 BST"
