"""Campaign progress counters: the words, the checks, and mini-site builds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, write_content
from progress.model import Counter, amount, in_words, parse_counters
from sitelib import BuildFailed

SOURCE = "content/data/progress.toml"
TODAY = date(2020, 3, 20)


def crowdfunder(**fields: object) -> dict[str, object]:
    return {
        "label": "Retreats",
        "value": 1140,
        "target": 1500,
        "currency": "GBP",
        "verb": "pledged",
        "as_of": date(2020, 3, 9),
        "deadline": date(2020, 4, 6),
        **fields,
    }


def table(**fields: object) -> dict[str, object]:
    """The sample counter with ``fields`` changed (None leaves one out)."""
    return {k: v for k, v in crowdfunder(**fields).items() if v is not None}


def words(today: date = TODAY, **fields: object) -> str:
    counters, errors = parse_counters({"c": table(**fields)}, SOURCE, today)
    assert errors == []
    return counters["c"].words


def problems(**fields: object) -> list[str]:
    counters, errors = parse_counters({"c": table(**fields)}, SOURCE, TODAY)
    assert counters == {}
    return [str(e) for e in errors]


# -- words --------------------------------------------------------------------


def test_amounts_in_words() -> None:
    assert amount(1140, "GBP") == "£1,140"
    assert amount(12.5, "EUR") == "€12.50"
    assert amount(312, unit="signatures") == "312 signatures"
    assert amount(1500) == "1,500"


def test_before_the_deadline_it_gives_the_numbers_date_and_deadline() -> None:
    assert words() == (
        "£1,140 of £1,500 pledged (76%), as of 9 March 2020; closes 6 April 2020."
    )
    assert words(deadline=None) == "£1,140 of £1,500 pledged (76%), as of 9 March 2020."


def test_after_the_deadline_it_says_whether_the_target_was_met() -> None:
    after = date(2020, 4, 7)
    assert words(after, value=1620, as_of=date(2020, 4, 6)).startswith(
        "Closed 6 April 2020: the target was met, with £1,620 of £1,500"
    )
    assert words(after, as_of=date(2020, 4, 6)) == (
        "Closed 6 April 2020: the target was not met; £1,140 of £1,500 pledged (76%)."
    )
    assert words(after) == (
        "Closed 6 April 2020. The last count, on 9 March 2020, was £1,140 of "
        "£1,500 pledged (76%): the target had not been met by then."
    )
    # On the deadline's own day it is still open.
    assert words(date(2020, 4, 6)).endswith("closes 6 April 2020.")


def test_the_bar_never_passes_its_maximum() -> None:
    counter = Counter("c", "C", 2000, 1500, date(2020, 1, 1))
    assert counter.bar_value == 1500 and counter.met
    assert in_words(counter, TODAY).startswith("2,000 of 1,500 (133%)")


# -- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"value": "lots"}, "[c] value: 'lots' is not a number. Fix:"),
        ({"value": True}, "[c] value: True is not a number. Fix:"),
        ({"target": 0}, "[c] target: 0 is not above 0. Fix:"),
        ({"currency": "XYZ"}, "[c] currency: 'XYZ' is not a known currency. Fix:"),
        (
            {"as_of": date(2020, 3, 21)},
            "[c] as_of: 2020-03-21 is after the build's day (2020-03-20). Fix:",
        ),
        ({"as_of": "soon"}, "[c] as_of: 'soon' is not a date. Fix:"),
        ({"deadline": "April"}, "[c] deadline: 'April' is not a date. Fix:"),
        ({"label": None}, "[c] label: is missing. Fix:"),
        ({"colour": "red"}, "[c] colour: is not a counter field. Fix:"),
        ({"source": "javascript:alert(1)"}, "[c] source: 'javascript:alert(1)'"),
    ],
)
def test_each_bad_field_is_one_line_naming_file_field_and_fix(
    fields: dict[str, object], expected: str
) -> None:
    found = problems(**fields)
    assert len(found) == 1, found
    assert found[0].startswith(f"{SOURCE}: {expected}")


# -- mini-sites ---------------------------------------------------------------

DATA = """
[crowdfunder]
label = "Pledges for retreats"
value = 1140
target = 1500
currency = "GBP"
verb = "pledged"
as_of = 2020-03-09
deadline = 2020-04-06
source = "/posts/2020/a-post.html"
"""
POST = """
Title: A post
Date: 2020-03-09 09:00
Summary: A summary.

Before.

[progress: {name}]

After.
"""
BUILD_TIME = "2020-03-20T12:00:00+00:00"


def test_counter_shows_on_the_home_page_and_in_a_post(tmp_path: Path) -> None:
    content = write_content(
        tmp_path / "content",
        {
            "data/progress.toml": DATA,
            "posts/a-post.md": POST.format(name="crowdfunder"),
        },
    )
    output = build(content, tmp_path / "output", BUILD_TIME=BUILD_TIME)
    expected = (
        "£1,140 of £1,500 pledged (76%), as of 9 March 2020; closes 6 April 2020."
    )
    for page in ("index.html", "posts/2020/a-post.html"):
        soup = BeautifulSoup((output / page).read_text("utf-8"), "html.parser")
        bar = soup.select_one(".progress-counter progress")
        assert bar is not None, page
        assert (bar["value"], bar["max"]) == ("1140", "1500")
        label = soup.find(id=bar["aria-labelledby"])
        assert (
            label is not None and label.get_text(strip=True) == "Pledges for retreats"
        )
        # The numbers are text, not only a bar.
        assert soup.find(id=bar["aria-describedby"]).get_text(strip=True) == expected
    post = (output / "posts/2020/a-post.html").read_text("utf-8")
    assert "[progress:" not in post
    assert post.index("Before.") < post.index("<progress") < post.index("After.")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"data/progress.toml": DATA.replace("value = 1140", 'value = "lots"')},
            "content/data/progress.toml: [crowdfunder] value: 'lots' is not a number",
        ),
        (
            {"data/progress.toml": DATA.replace("target = 1500", "target = 0")},
            "content/data/progress.toml: [crowdfunder] target: 0 is not above 0",
        ),
        (
            {"data/progress.toml": DATA.replace('"GBP"', '"GPB"')},
            "content/data/progress.toml: [crowdfunder] currency: 'GPB' is not a "
            "known currency",
        ),
        (
            {"data/progress.toml": DATA.replace("2020-03-09", "2020-03-21")},
            "content/data/progress.toml: [crowdfunder] as_of: 2020-03-21 is after "
            "the build's day",
        ),
        (
            {"data/progress.toml": DATA, "posts/a-post.md": POST.format(name="ghost")},
            "content/posts/a-post.md: progress embed: there is no progress counter "
            "with the name 'ghost'",
        ),
        (
            {"data/progress.toml": DATA, "posts/a-post.md": POST.format(name="")},
            "content/posts/a-post.md: progress embed: there is no progress counter "
            "with no name",
        ),
        (
            {"data/progress.toml": "[crowdfunder\nvalue = 1"},
            "content/data/progress.toml: TOML: ",
        ),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_written(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    files = {"posts/a-post.md": POST.format(name="crowdfunder"), **files}
    content = write_content(tmp_path / "content", files)
    output = tmp_path / "output"
    with pytest.raises(BuildFailed) as failure:
        build(content, output, BUILD_TIME=BUILD_TIME)
    assert len(failure.value.problems) == 1, failure.value.problems
    assert failure.value.problems[0].startswith(expected)
    assert "Fix:" in failure.value.problems[0]
    assert not list(output.rglob("*.html")) if output.exists() else True
