"""The figures behind an infographic: a small CSV file, parsed strictly."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

#: A number as people write it in a spreadsheet: 69, 6.6, 1,350,000, 69%.
_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$")

#: What a spreadsheet reads as the start of a formula (OWASP's CSV-injection
#: list: = + - @ tab and carriage return; the full-width = + - @ that some
#: spreadsheets also accept; and a line feed).
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
#: A cell that is a plain number stays as it is, sign included: -5, +3.2,
#: -1,350, 1.5e3, -12%.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?%?$")
#: Skipped before looking for a formula: spaces a spreadsheet may trim, and
#: quote marks (a ``'`` already makes the cell text, so it is not skipped).
_LEADING = ' \u00a0\u3000"'
_UTF8_BOM = b"\xef\xbb\xbf"


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


def is_formula(cell: str) -> bool:
    """Whether a spreadsheet could run ``cell`` as a formula (after leading
    spaces and quotes); plain numbers such as ``-5`` or ``+3.2`` are not."""
    text = cell.lstrip(_LEADING)
    if not text or text[0] not in FORMULA_STARTS:
        return False
    stripped = text.strip()
    return not (any(c.isdigit() for c in stripped) and _PLAIN_NUMBER.match(stripped))


def neutralise_cell(cell: str) -> str:
    """``cell`` with a ``'`` in front if a spreadsheet could run it."""
    return f"'{cell}" if is_formula(cell) else cell


def _csv_field(cell: str, quote: bool) -> str:
    if quote or any(c in cell for c in ',"\r\n') or cell != cell.strip():
        return '"' + cell.replace('"', '""') + '"'
    return cell


def neutralise_csv(text: str) -> tuple[str, int]:
    """A CSV file safe to open in a spreadsheet, and how many cells changed.

    Every cell a spreadsheet could run as a formula gets a ``'`` in front and
    is quoted (OWASP's CSV-injection advice); a file with none is returned
    as it is. ``text`` must be valid CSV (``parse_table`` has read it).
    """
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    changed = sum(is_formula(cell) for row in rows for cell in row)
    if not changed:
        return text, 0
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = [
        ",".join(_csv_field(neutralise_cell(c), is_formula(c)) for c in row)
        for row in rows
    ]
    return newline.join(lines) + newline, changed


def csv_download(data: bytes) -> tuple[bytes, int]:
    """The bytes of a ``Data:`` file as offered for download (UTF-8, any byte
    order mark kept), formula cells neutralised; and how many were."""
    bom = _UTF8_BOM if data.startswith(_UTF8_BOM) else b""
    text, changed = neutralise_csv(data.removeprefix(bom).decode("utf-8"))
    return (bom + text.encode("utf-8"), changed) if changed else (data, 0)
