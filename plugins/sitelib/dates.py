"""Dates in the site's words, the same whatever ``LOCALE`` Pelican sets
(``%B`` and ``%A`` follow the process locale; these do not)."""

from __future__ import annotations

from datetime import date

DAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """``9 March 2020`` (a ``datetime`` gives its date)."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
