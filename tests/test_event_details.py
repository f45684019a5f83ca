"""Issue 19: sequence, repeats, people, price, access, RSVP, time zones that
every client reads the same, and lists that never go stale."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from dateutil.rrule import rrulestr
from icalendar import Calendar

from conftest import ROOT, build, require_tool
from events.details import parse_access, parse_people, parse_price
from events.model import parse_event
from events.repeat import parse_repeat, repeat_in_words
from events.vtimezone import vtimezone
from sitelib import BuildFailed

BUILD_TIME = "2026-11-22T12:00:00+00:00"
SOURCE = "content/events/x.md"
LONDON = ZoneInfo("Europe/London")


def parse(**metadata: str):
    base = {"title": "X", "slug": "x", "start": "2027-01-02 11:30", "end": "13:30"}
    return parse_event(
        base | metadata, SOURCE, "Europe/London", rsvp_address="rsvp@example.org"
    )


def problems(**metadata: str) -> list[str]:
    return [str(p) for p in parse(**metadata)[1]]


# -- pure functions ------------------------------------------------------------


def test_monthly_rule_in_words_and_dates() -> None:
    event, errors = parse(
        repeat="FREQ=MONTHLY;BYDAY=1SA;UNTIL=2027-12-31", **{"except": "2027-08-07"}
    )
    assert errors == []
    assert repeat_in_words(event.repeat, event.start) == (
        "first Saturday of every month, until December 2027"
    )
    assert [s.date() for s in event.starts][:3] == [
        date(2027, 1, 2),
        date(2027, 2, 6),
        date(2027, 3, 6),
    ]
    assert date(2027, 8, 7) not in [s.date() for s in event.starts]
    assert len(event.starts) == 11
    # Wall-clock time kept across the clock change: GMT then BST.
    assert event.starts[0].utcoffset().total_seconds() == 0
    assert event.starts[3].utcoffset().total_seconds() == 3600
    assert event.finish == datetime(2027, 12, 4, 13, 30, tzinfo=LONDON)


def test_weekly_rule_with_interval_and_count() -> None:
    start = datetime(2027, 1, 4, 18, 0, tzinfo=LONDON)
    rule, errors = parse_repeat(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=4", SOURCE, start
    )
    assert errors == []
    assert (
        repeat_in_words(rule, start) == "every 2 weeks on Monday and Thursday, 4 times"
    )


def test_next_occurrence_places_a_repeating_event() -> None:
    event, _ = parse(repeat="FREQ=MONTHLY;BYDAY=1SA;COUNT=6")
    now = datetime(2027, 3, 10, tzinfo=UTC)
    assert event.next_occurrence(now).date() == date(2027, 4, 3)
    assert event.is_upcoming(now)
    assert not event.is_upcoming(datetime(2027, 7, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"repeat": "FREQ=MONTHLY;BYDAY=1SA"}, "Repeat: has no end"),
        ({"repeat": "FREQ=DAILY;COUNT=3"}, "Repeat: FREQ 'DAILY' is not WEEKLY"),
        ({"repeat": "FREQ=MONTHLY;BYSETPOS=1;COUNT=3"}, "Repeat: 'BYSETPOS' is not"),
        (
            {"repeat": "FREQ=MONTHLY;BYDAY=1SA;COUNT=3", "except": "2027-01-09"},
            "Except: 2027-01-09 is not a date the event repeats on",
        ),
        ({"repeat": "FREQ=MONTHLY;BYDAY=1SU;COUNT=3"}, "Start: is not a date the"),
        ({"except": "2027-01-02"}, "Except: is given but the event does not repeat"),
        ({"price": "five pounds"}, "Price: 'five pounds' is not 'free' or an amount"),
        ({"price": "5 QQQ"}, "Price: '5 QQQ' is not"),
        ({"access": "wheelchair"}, "Access: 'wheelchair' is not one of"),
        ({"rsvp": "phone"}, "RSVP: 'phone' is not 'email'"),
        ({"sequence": "two"}, "Sequence: 'two' is not a whole number"),
        (
            {"online": "https://zoom.us/j/123456"},
            "Online: holds a meeting joining link",
        ),
        ({"summary": "Join meet.google.com/abc-defg-hij"}, "Summary: holds a meeting"),
        ({"speakers": "— a union"}, "Speakers: '— a union' has no name"),
    ],
)
def test_bad_new_fields_are_one_clear_line(metadata, expected) -> None:
    (line,) = problems(**metadata)
    assert line.startswith(f"{SOURCE}: {expected}"), line
    assert "Fix: " in line


def test_meeting_links_allowed_by_setting_and_in_the_body() -> None:
    base = {"title": "X", "slug": "x", "start": "2027-01-02 11:30"}
    body = '<p><a href="https://teams.microsoft.com/l/meetup-join/1">join</a></p>'
    (line,) = parse_event(base, SOURCE, "UTC", body=body)[1]
    assert "the description: holds a meeting joining link" in str(line)
    event, errors = parse_event(
        base | {"online": "https://zoom.us/j/1"},
        SOURCE,
        "UTC",
        allow_meeting_links=True,
    )
    assert errors == [] and event.online == "https://zoom.us/j/1"


def test_people_price_and_access() -> None:
    people, errors = parse_people(
        ["Ann Example — Sample Union", "Bo Test"], SOURCE, "Speakers"
    )
    assert errors == []
    assert [(p.name, p.affiliation) for p in people] == [
        ("Ann Example", "Sample Union"),
        ("Bo Test", ""),
    ]
    assert parse_price("free", SOURCE)[0].is_free
    price = parse_price("5.50 gbp", SOURCE)[0]
    assert (price.schema_price, price.currency) == ("5.50", "GBP")
    assert parse_access("step-free, BSL\nquiet room", SOURCE)[0] == [
        "Step-free access",
        "British Sign Language (BSL) interpretation",
        "Quiet room",
    ]


def test_vtimezones_use_yearly_rules() -> None:
    text = vtimezone("Europe/London", date(2026, 1, 1), date(2028, 1, 1)).to_ical()
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert b"RDATE" not in text
    text = vtimezone("America/New_York", date(2026, 1, 1), date(2028, 1, 1)).to_ical()
    assert b"BYDAY=2SU;BYMONTH=3" in text and b"BYDAY=1SU;BYMONTH=11" in text


# -- a site -------------------------------------------------------------------

EVENTS = {
    "events/cafe.md": """
        Title: Monthly cafe
        Start: 2027-01-02 11:30
        End: 13:30
        Repeat: FREQ=MONTHLY;BYDAY=1SA;UNTIL=2027-12-31
        Except: 2027-08-07
        Location: Bethnal Green, London
        Price: free
        RSVP: email
        Access: step-free
            hearing loop
        Access-Note: Ramp at the side door.
        Access-Contact: access@example.org

        Every month.
        """,
    "events/debate.md": """
        Title: The debate
        Sequence: 2
        Start: 2027-06-16 13:00
        End: 14:30
        Timezone: America/New_York
        Online: yes
        Booking: https://tickets.example.org/debate
        Price: 5 GBP
        Chair: Sam Chair — Sample Network
        Speakers: Ann Speaker — Sample Union
            Bo Speaker — Sample Trust

        Speakers and a chair.
        """,
    "events/weekly-nyc.md": """
        Title: Weekly New York call
        Start: 2027-02-22 23:30
        End: 2027-02-23 00:45
        Timezone: America/New_York
        Repeat: FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=8
        Online: https://meet.example.org/weekly

        Across the clocks going forward in March.
        """,
    "events/autumn.md": """
        Title: Autumn across the change
        Start: 2026-10-24 22:00
        End: 2026-10-25 02:00
        Location: Leeds

        Across the clocks going back.
        """,
    "events/fridays.md": """
        Title: Last Fridays
        Start: 2027-01-29
        Repeat: FREQ=MONTHLY;BYDAY=-1FR;COUNT=12
        Location: Hull

        All day, the last Friday of each month.
        """,
    "events/cancelled.md": """
        Title: Called-off stall
        Start: 2027-02-06 11:00
        End: 14:00
        Location: Leeds
        Status: cancelled

        Called off.
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("event-details")
    content = base / "content"
    for name, text in EVENTS.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (content / "pages").mkdir()
    return build(
        content,
        base / "output",
        BUILD_TIME=BUILD_TIME,
        SITEURL="https://campaign.example.org",
        CONTACT_EMAIL="hello@example.org",
    )


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def json_ld(path: Path):
    return json.loads(
        soup(path).select_one('script[type="application/ld+json"]').string
    )


def test_repeating_event_page(site: Path) -> None:
    page = soup(site / "events/monthly-cafe.html")
    facts = page.select_one(".event-facts").get_text(" ", strip=True)
    assert "First Saturday of every month, until December 2027" in facts
    dates = [li.get_text(strip=True) for li in page.select(".event-dates li")]
    assert dates[0] == "Saturday 2 January 2027, 11:30 to 13:30 GMT"
    assert len(dates) == 5
    rsvp = page.find("a", string="RSVP by email")
    assert rsvp["href"] == (
        "mailto:hello@example.org?subject=RSVP%3A%20Monthly%20cafe%2C%202%20Jan%202027"
    )
    access = page.select_one(".event-access")
    assert [li.get_text() for li in access.select("li")] == [
        "Step-free access",
        "Hearing loop",
    ]
    assert "Ramp at the side door." in access.get_text()
    assert access.select_one('a[href="mailto:access@example.org"]')


def test_event_without_access_information_says_so(site: Path) -> None:
    text = soup(site / "events/the-debate.html").select_one(".event-access").get_text()
    assert "Access information not yet confirmed" in text


def test_speakers_and_chair_on_page_ics_and_json_ld(site: Path) -> None:
    page = soup(site / "events/the-debate.html")
    assert page.select_one(".event-chair").get_text() == "Sam Chair, Sample Network"
    assert [li.get_text() for li in page.select(".event-speakers li")] == [
        "Ann Speaker, Sample Union",
        "Bo Speaker, Sample Trust",
    ]
    (vevent,) = Calendar.from_ical((site / "events/the-debate.ics").read_bytes()).walk(
        "VEVENT"
    )
    description = str(vevent["DESCRIPTION"])
    assert "Chair: Sam Chair, Sample Network" in description
    assert (
        "Speakers: Ann Speaker, Sample Union; Bo Speaker, Sample Trust" in description
    )
    assert vevent["SEQUENCE"] == 2
    data = json_ld(site / "events/the-debate.html")
    assert [p["name"] for p in data["performer"]] == [
        "Sam Chair",
        "Ann Speaker",
        "Bo Speaker",
    ]
    assert data["offers"] == {
        "@type": "Offer",
        "url": "https://tickets.example.org/debate",
        "availability": "https://schema.org/InStock",
        "price": "5",
        "priceCurrency": "GBP",
    }
    # The link is sent on booking: the page says how to get it.
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://campaign.example.org/events/the-debate.html",
    }


#: Google's Event structured data: required, then recommended.
GOOGLE_REQUIRED = ("name", "startDate", "location")
GOOGLE_RECOMMENDED = (
    "description",
    "endDate",
    "eventAttendanceMode",
    "eventStatus",
    "image",
    "offers",
    "organizer",
)


def google_problems(data: dict) -> list[str]:
    missing = [k for k in (*GOOGLE_REQUIRED, *GOOGLE_RECOMMENDED) if not data.get(k)]
    places = data.get("location")
    for place in places if isinstance(places, list) else [places]:
        if place and place["@type"] == "VirtualLocation" and not place.get("url"):
            missing.append("location.url")
        if place and place["@type"] == "Place" and not place.get("address"):
            missing.append("location.address")
    offers = data.get("offers") or {}
    missing += [f"offers.{k}" for k in ("url", "availability") if not offers.get(k)]
    if "price" in offers and not offers.get("priceCurrency"):
        missing.append("offers.priceCurrency")
    return missing


def test_every_event_has_googles_properties_and_agrees_with_ics(site: Path) -> None:
    for page in sorted((site / "events").glob("*.html")):
        if page.name == "index.html":
            continue
        data = json_ld(page)
        items = data if isinstance(data, list) else [data]
        cal = Calendar.from_ical(page.with_suffix(".ics").read_bytes())
        (vevent,) = cal.walk("VEVENT")
        for item in items:
            assert google_problems(item) == [], page.name
            assert item["name"] == str(vevent["SUMMARY"])
            assert item["image"] == [
                "https://campaign.example.org/images/share/site.png"
            ]
        first = vevent.decoded("DTSTART")
        if "RRULE" not in vevent:
            assert items[0]["startDate"] == first.isoformat(), page.name


def test_repeating_json_ld_lists_the_upcoming_occurrences(site: Path) -> None:
    data = json_ld(site / "events/monthly-cafe.html")
    assert [d["startDate"] for d in data] == [
        "2027-01-02T11:30:00+00:00",
        "2027-02-06T11:30:00+00:00",
        "2027-03-06T11:30:00+00:00",
        "2027-04-03T11:30:00+01:00",
        "2027-05-01T11:30:00+01:00",
    ]
    assert data[3]["endDate"] == "2027-04-03T13:30:00+01:00"


def test_every_event_page_is_in_the_sitemap(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text()
    for page in (site / "events").glob("*.html"):
        if page.name != "index.html":
            assert f"/events/{page.name}</loc>" in sitemap, page.name


def test_lists_place_repeating_events_by_their_next_date_and_say_as_of(
    site: Path,
) -> None:
    page = soup(site / "events/index.html")
    upcoming = [
        a["href"].rsplit("/", 1)[-1]
        for a in page.select('[data-events="upcoming"] .event-title a')
    ]
    assert upcoming == [
        "monthly-cafe.html",
        "last-fridays.html",
        "called-off-stall.html",
        "weekly-new-york-call.html",
        "the-debate.html",
    ]
    assert "As of Sunday 22 November 2026." in page.get_text(" ")
    home = soup(site / "index.html")
    assert home.select_one(".home-events .events-as-of")
    items = home.select('.home-events [data-events="upcoming-short"] li')
    assert items[0]["data-event-end"] == "2027-12-04T13:30:00+00:00"


# -- ical.js and zoneinfo agree -----------------------------------------------


def python_instants(path: Path) -> set[tuple]:
    """Every occurrence of every VEVENT, by icalendar (TZIDs to zoneinfo),
    dateutil (the RRULE) and zoneinfo (the offsets)."""
    found = set()
    for vevent in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        start = local(vevent["DTSTART"])
        end = local(vevent["DTEND"]) if "DTEND" in vevent else None
        starts = [start]
        if "RRULE" in vevent:
            rule = vevent["RRULE"].to_ical().decode()
            if not isinstance(start, datetime):
                naive = datetime.combine(start, datetime.min.time())
                starts = [d.date() for d in rrulestr(rule, dtstart=naive)]
            else:
                starts = list(rrulestr(rule, dtstart=start))
            excluded = set()
            exdates = vevent.get("EXDATE", [])
            for group in exdates if isinstance(exdates, list) else [exdates]:
                excluded |= {local(d, group.params) for d in group.dts}
            starts = [s for s in starts if s not in excluded]
        for occurrence in starts:
            found.add((str(vevent["UID"]), *moments(occurrence, start, end)))
    return found


def local(prop, params=None):
    """A DTSTART/DTEND/EXDATE value: its wall-clock time in zoneinfo's
    reading of its TZID (whatever VTIMEZONE the file holds), or a date."""
    value = prop.dt
    if not isinstance(value, datetime):
        return value
    tzid = (params or prop.params).get("TZID")
    if tzid is None:
        return value.astimezone(UTC)
    return value.replace(tzinfo=ZoneInfo(tzid))


def moments(occurrence, start, end) -> tuple:
    if not isinstance(start, datetime):
        last = None if end is None else occurrence + (end - start)
        return f"date:{occurrence.isoformat()}", last and f"date:{last.isoformat()}"
    # Each occurrence lasts exactly as long as the first (RFC 5545, 3.8.5.3).
    finish = (
        None
        if end is None
        else occurrence.timestamp() + (end.timestamp() - start.timestamp())
    )
    return int(occurrence.timestamp()), finish and int(finish)


def ical_js_instants(paths: list[Path]) -> dict[Path, set[tuple]]:
    node = shutil.which("node")
    require_tool("node", bool(node), "install Node.js")
    require_tool(
        "ical.js", (ROOT / "node_modules/ical.js").is_dir(), "run npm ci in the repo"
    )
    done = subprocess.run(
        [node, str(ROOT / "tests/js/ical_instants.mjs"), *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[Path, set[tuple]] = {path: set() for path in paths}
    for line in done.stdout.splitlines():
        item = json.loads(line)
        found[Path(item["file"])].add((item["uid"], item["start"], item["end"]))
    return found


def assert_ical_js_agrees(site: Path) -> int:
    paths = sorted((site / "events").glob("*.ics"))
    by_ical_js = ical_js_instants(paths)
    compared = 0
    for path in paths:
        expected = python_instants(path)
        assert by_ical_js[path] == expected, path.name
        compared += len(expected)
    return compared


def test_ical_js_reads_every_file_as_zoneinfo_does(site: Path) -> None:
    assert assert_ical_js_agrees(site) > 40
    # The weekly call crosses the US clock change (14 March 2027) and starts
    # late enough that its UTC date is the next day.
    found = python_instants(site / "events/weekly-new-york-call.ics")
    starts = sorted(start for _, start, _ in found)
    assert len(starts) == 8
    assert datetime.fromtimestamp(starts[0], UTC).hour == 4  # 23:30 EST
    assert datetime.fromtimestamp(starts[2], UTC).hour == 3  # 23:30 EDT


def test_ical_js_reads_the_sample_site_as_zoneinfo_does(sample_site: Path) -> None:
    assert assert_ical_js_agrees(sample_site) > 20


# -- bad input stops the build --------------------------------------------------


def test_bad_new_fields_fail_the_build_with_one_line_each(mini_site) -> None:
    with pytest.raises(BuildFailed) as failure:
        mini_site(
            {
                "events/a.md": "Title: A\nStart: 2027-01-02 10:00\n"
                "Repeat: FREQ=MONTHLY;BYDAY=1SA\n\nA.\n",
                "events/b.md": "Title: B\nStart: 2027-01-02 10:00\n"
                "Access: lift\nPrice: a tenner\n\nB.\n",
                "events/c.md": "Title: C\nStart: 2027-01-02 10:00\n\n"
                "Join at https://zoom.us/j/99999.\n",
                "events/d.md": "Title: D\nStart: 2027-01-02 10:00\n"
                "Image: images/nope.png\n\nD.\n",
            },
            BUILD_TIME=BUILD_TIME,
        )
    lines = sorted(failure.value.problems)
    assert [line.split(": ")[0:2] for line in lines] == [
        ["content/events/a.md", "Repeat"],
        ["content/events/b.md", "Access"],
        ["content/events/b.md", "Price"],
        ["content/events/c.md", "the description"],
        ["content/events/d.md", "Image"],
    ]
