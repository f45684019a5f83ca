"""Campaign progress counters: the data file's tables checked and put in words.

Pure functions: a table in, a ``Counter`` or ``ContentError``s out. Nothing
here knows about Pelican.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sitelib import ContentError, date_error
from sitelib.dates import long_date

#: Currencies a counter may count in: ISO 4217 code and the sign it is shown with.
CURRENCIES = {"GBP": "£", "EUR": "€", "USD": "$"}
#: A counter's name, as posts write it in ``[progress: name]``.
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FIELDS = frozenset(
    {
        "label",
        "value",
        "target",
        "currency",
        "unit",
        "verb",
        "deadline",
        "as_of",
        "source",
        "source_label",
        "note",
        "home",
    }
)


@dataclass(frozen=True)
class Counter:
    """One checked counter, with everything a template shows."""

    name: str
    label: str
    value: float
    target: float
    as_of: date
    deadline: date | None = None
    currency: str = ""
    unit: str = ""
    verb: str = ""
    source: str = ""
    source_label: str = "Source"
    note: str = ""
    home: bool = True
    #: The sentence with the numbers, e.g. "£1,140 of £1,500 pledged (76%),
    #: as of 9 March 2020; closes 6 April 2020."
    words: str = ""
    #: Whole percent of the target reached (may pass 100).
    percent: int = 0
    #: The deadline has passed (on the build's day).
    closed: bool = False

    @property
    def bar_value(self) -> float:
        """The ``<progress>`` value: never past its ``max``."""
        return min(self.value, self.target)

    @property
    def met(self) -> bool:
        return self.value >= self.target


def amount(number: float, currency: str = "", unit: str = "") -> str:
    """``£1,140``, ``£12.50``, ``312 signatures``, ``1,500``."""
    whole = float(number).is_integer()
    digits = f"{number:,.0f}" if whole else f"{number:,.2f}"
    if currency:
        return f"{CURRENCIES[currency]}{digits}"
    return f"{digits} {unit}" if unit else digits


def percent_of(value: float, target: float) -> int:
    return math.floor(value * 100 / target)


def in_words(counter: Counter, today: date) -> str:
    """The counter's sentence on ``today``: where it stands, as of when, and
    after the deadline whether the target was met."""
    got = amount(counter.value, counter.currency, counter.unit)
    of = amount(counter.target, counter.currency, counter.unit)
    verb = f" {counter.verb}" if counter.verb else ""
    figures = f"{got} of {of}{verb} ({percent_of(counter.value, counter.target)}%)"
    as_of = long_date(counter.as_of)
    deadline = counter.deadline
    if deadline is None:
        return f"{figures}, as of {as_of}."
    closes = long_date(deadline)
    if today <= deadline:
        return f"{figures}, as of {as_of}; closes {closes}."
    if counter.met:
        return f"Closed {closes}: the target was met, with {figures} as of {as_of}."
    if counter.as_of >= deadline:
        return f"Closed {closes}: the target was not met; {figures}."
    return (
        f"Closed {closes}. The last count, on {as_of}, was {figures}: "
        "the target had not been met by then."
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value):
        return None
    # Whole numbers stay whole: <progress max="1500">, not "1500.0".
    return int(value) if float(value).is_integer() else float(value)


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _text(table: Mapping[str, Any], field: str) -> str:
    value = table.get(field, "")
    return value.strip() if isinstance(value, str) else ""


def parse_counter(
    name: str, table: Any, source: str, today: date
) -> tuple[Counter | None, list[ContentError]]:
    """One table of the data file as a ``Counter``, or its problems (each
    field named as ``[name] field``)."""

    def problem(field: str, message: str, fix: str) -> ContentError:
        return ContentError(source, f"[{name}] {field}", message, fix)

    if not NAME.match(name):
        return None, [
            problem(
                "name",
                "is not a counter name",
                "use lower-case letters, digits and hyphens, e.g. [crowdfunder]",
            )
        ]
    if not isinstance(table, Mapping):
        return None, [
            problem("table", "is not a table", f"write it as [{name}] with fields")
        ]
    errors: list[ContentError] = []
    for field in sorted(set(table) - FIELDS):
        errors.append(
            problem(
                field,
                "is not a counter field",
                "remove it, or use one of " + ", ".join(sorted(FIELDS)),
            )
        )
    label = _text(table, "label")
    if not label:
        errors.append(
            problem("label", "is missing", 'add e.g. label = "Pledges for retreats"')
        )
    numbers: dict[str, float] = {}
    for field in ("value", "target"):
        raw = table.get(field)
        number = _number(raw)
        if number is None:
            shown = "is missing" if raw is None else f"{raw!r} is not a number"
            errors.append(
                problem(
                    field, shown, f"write a number without quotes, e.g. {field} = 1140"
                )
            )
        else:
            numbers[field] = number
    if numbers.get("value", 0) < 0:
        errors.append(
            problem("value", "is below 0", "write the count so far, 0 or more")
        )
    if "target" in numbers and numbers["target"] <= 0:
        errors.append(
            problem(
                "target",
                f"{table['target']!r} is not above 0",
                "write the goal, a number above 0, e.g. target = 1500",
            )
        )
    currency = _text(table, "currency").upper()
    if "currency" in table and currency not in CURRENCIES:
        errors.append(
            problem(
                "currency",
                f"{table['currency']!r} is not a known currency",
                "use one of " + ", ".join(CURRENCIES) + ', or a unit = "signatures"',
            )
        )
    if currency and _text(table, "unit"):
        errors.append(
            problem("unit", "is given with a currency", "keep one of currency and unit")
        )
    as_of = _day(table.get("as_of"))
    if as_of is None:
        errors.append(
            date_error(
                source,
                f"[{name}] as_of",
                table.get("as_of", ""),
                ("YYYY-MM-DD",),
                "2020-03-09",
            )
            if "as_of" in table
            else problem(
                "as_of",
                "is missing",
                "add the day the value was counted, e.g. as_of = 2020-03-09",
            )
        )
    elif as_of > today:
        errors.append(
            problem(
                "as_of",
                f"{as_of.isoformat()} is after the build's day ({today.isoformat()})",
                "write the day the value was counted, today or earlier",
            )
        )
    deadline = None
    if "deadline" in table:
        deadline = _day(table["deadline"])
        if deadline is None:
            errors.append(
                date_error(
                    source,
                    f"[{name}] deadline",
                    table["deadline"],
                    ("YYYY-MM-DD",),
                    "2020-04-06",
                )
            )
    source_url = _text(table, "source")
    if source_url and not source_url.startswith(("https://", "http://", "/")):
        errors.append(
            problem(
                "source",
                f"{source_url!r} is not a web address",
                "write a full address (https://…) or a path on this site (/posts/…)",
            )
        )
    home = table.get("home", True)
    if not isinstance(home, bool):
        errors.append(
            problem(
                "home",
                f"{home!r} is not true or false",
                "write home = true or home = false",
            )
        )
    if errors or as_of is None:
        return None, errors
    counter = Counter(
        name=name,
        label=label,
        value=numbers["value"],
        target=numbers["target"],
        as_of=as_of,
        deadline=deadline,
        currency=currency,
        unit=_text(table, "unit"),
        verb=_text(table, "verb"),
        source=source_url,
        source_label=_text(table, "source_label") or "Source",
        note=_text(table, "note"),
        home=home,
    )
    return (
        _with_words(counter, today),
        [],
    )


def _with_words(counter: Counter, today: date) -> Counter:
    return replace(
        counter,
        words=in_words(counter, today),
        percent=percent_of(counter.value, counter.target),
        closed=counter.deadline is not None and today > counter.deadline,
    )


def parse_counters(
    data: Mapping[str, Any], source: str, today: date
) -> tuple[dict[str, Counter], list[ContentError]]:
    """Every table of the data file, in file order, or every problem."""
    counters: dict[str, Counter] = {}
    errors: list[ContentError] = []
    for name, table in data.items():
        counter, problems = parse_counter(str(name), table, source, today)
        errors.extend(problems)
        if counter is not None:
            counters[counter.name] = counter
    return (counters, []) if not errors else ({}, errors)
