"""The figures behind an infographic: a small CSV file, parsed strictly."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

#: A number as people write it in a spreadsheet: 69, 6.6, 1,350,000, 69%.
_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class DataTable:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: float
    display: str


@dataclass(frozen=True)
class ChartSpec:
    """Everything a bar chart is drawn from (and its cache key is made of)."""

    title: str
    value_label: str
    rows: tuple[ChartRow, ...]
    scale_max: float
    footer: str


def parse_table(text: str) -> DataTable:
    """A header row and at least one data row, every row the same length.

    Raises ValueError with a message for the person who wrote the file.
    """
    try:
        lines = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), strict=True)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as exc:
        raise ValueError(f"it is not valid CSV ({exc})") from None
    if len(lines) < 2:
        raise ValueError("it needs a header row and at least one row of figures")
    header = lines[0]
    if not all(header):
        raise ValueError("every column in the header row needs a name")
    for number, row in enumerate(lines[1:], start=2):
        if len(row) != len(header):
            raise ValueError(
                f"row {number} has {len(row)} cells but the header has {len(header)}"
            )
    return DataTable(tuple(header), tuple(tuple(row) for row in lines[1:]))


def parse_number(text: str) -> tuple[float, bool]:
    """The value of a cell, and whether it was written as a percentage."""
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    cleaned = cleaned.removesuffix("%").strip()
    if not _NUMBER.match(cleaned):
        raise ValueError(f"'{text}' is not a number")
    return float(cleaned.replace(",", "")), percent


def chart_spec(table: DataTable, title: str, footer: str) -> ChartSpec:
    """A bar chart of the first column (labels) against the second (values).

    Percentages (a % sign in the cells, or a column named with % or
    "percent") are drawn on a
    0-100 scale, anything else against the largest value.
    """
    if len(table.header) < 2:
        raise ValueError(
            "a chart needs two columns: a label and a number (e.g. 'Answer,Percent')"
        )
    rows = []
    percent = "%" in table.header[1] or "percent" in table.header[1].lower()
    for number, row in enumerate(table.rows, start=2):
        try:
            value, is_percent = parse_number(row[1])
        except ValueError as exc:
            raise ValueError(f"row {number}, column 2: {exc}") from None
        if value < 0:
            raise ValueError(f"row {number}, column 2: bars cannot be negative")
        percent = percent or is_percent
        display = row[1] if row[1].endswith("%") or not percent else f"{row[1]}%"
        rows.append(ChartRow(row[0], value, display))
    largest = max(row.value for row in rows)
    scale_max = 100.0 if percent and largest <= 100 else (largest or 1.0)
    return ChartSpec(title, table.header[1], tuple(rows), scale_max, footer)
