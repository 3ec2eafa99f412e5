"""What the non-NATO readers share: years, numbers, precision, refusals, sniffing.

SIPRI's workbook, the World Bank's and OWID's CSVs and our own exports all
turn a header cell into a year, a cell into a number at its published
precision, and refuse the same mistakes in the same words: a year column out
of range, a value that is not a number or outside what the measure can be,
an ally given twice, a country label that names no ally (with the closest
allies' names). Sniffing an XLSX reads only the sheet names from the
archive's workbook part, never the sheets.
"""

from __future__ import annotations

import importlib
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import csv

from nato_desk.domain import Measure
from nato_desk.domain.validation import MIN_YEAR
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables.allies import closest_allies

__all__ = [
    "csv_iter",
    "csv_rows",
    "FIRST_YEAR",
    "LAST_YEAR",
    "check_value",
    "check_year",
    "decimals_of_format",
    "refuse_unknown_labels",
    "shift_percent",
    "text_decimals",
    "xlsx_sheet_names",
    "year_of",
]

FIRST_YEAR, LAST_YEAR = MIN_YEAR, 2100  # the store keeps nothing before NATO's founding
"""Years a column may name: SIPRI starts in 1949, the World Bank in 1960."""

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+)(?:\.(\d*))?(?:[eE][+-]?\d+)?$")


def year_of(cell: object) -> int | None:
    """The year a header cell names (1949, 1949.0, "1960"), or ``None`` when it names none."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell if 1000 <= cell <= 9999 else None
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() and 1000 <= cell <= 9999 else None
    if isinstance(cell, str):
        match = _YEAR.match(cell)
        return int(match.group(1)) if match else None
    return None


def check_year(year: int, name: str, where: str) -> int:
    """``year`` if it lies in FIRST_YEAR..LAST_YEAR; otherwise a refusal naming the column."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ImportRejected(name, where, "year", f"{year} is out of range (a year column must lie in "
                             f"{FIRST_YEAR}\u2013{LAST_YEAR})")
    return year


def check_value(value: float, measure: Measure, name: str, where: str, what: str) -> float:
    """``value`` if it is finite and plausible for ``measure``; otherwise a refusal naming the cell."""
    info = measure.info
    if not math.isfinite(value):
        raise ImportRejected(name, where, measure.value, f"{value} is not a number", what=what)
    if not info.low <= value <= info.high:
        raise ImportRejected(name, where, measure.value, f"{value:g} is outside what {info.label} can be "
                             f"({info.low:g} to {info.high:g} {info.unit})", what=what)
    return value


def text_decimals(text: str) -> int:
    """Digits after the point in a number as written ("2.00" -> 2, "3" -> 0)."""
    match = _NUMBER_TEXT.match(text.strip())
    if not match or match.group(2) is None:
        return 0
    return len(match.group(2))


_FORMAT_SECTION = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def decimals_of_format(number_format: str, value: float) -> tuple[int, bool]:
    """(decimals shown, shown as a percentage) for a cell's number format.

    "0.0" -> (1, False), "#,##0" -> (0, False), "0.00%" -> (2, True). "General"
    (or a format without digits) shows the number as stored: its shortest
    decimal form's digits, at most 10 as a spreadsheet's General shows them.
    """
    section = _FORMAT_SECTION.sub("", number_format.split(";")[0])
    percent = "%" in section
    if "0" not in section and "#" not in section:
        return min(text_decimals(repr(float(value))) if "e" not in repr(float(value)) else 10, 10), percent
    if "." not in section:
        return 0, percent
    after = section.split(".", 1)[1]
    return sum(1 for ch in after if ch in "0#?"), percent


def shift_percent(value: float) -> float:
    """A fraction as a percentage, shifting its decimal digits (0.0415 -> 4.15, not 4.1499999...).

    The published digits move two places; nothing is rounded beyond the
    float that holds them.
    """
    try:
        return float(Decimal(repr(float(value))) * 100)
    except (InvalidOperation, ValueError):  # pragma: no cover - repr of a finite float always parses
        return value * 100


def refuse_unknown_labels(name: str, labels: Iterable[tuple[str, str]], what: str = "country label") -> None:
    """Refuse the file for the ``(where, label)`` pairs that name no ally, each with
    the closest allies' names; nothing when ``labels`` is empty."""
    found = list(labels)
    if not found:
        return
    parts = []
    for where, label in found[:10]:
        near = closest_allies(label)
        hint = f" (closest allies: {', '.join(near)})" if near else " (no ally's name is close)"
        parts.append(f"'{label}' at {where}{hint}")
    more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
    raise ImportRejected(name, "", "", f"unknown {what}{'s' if len(found) > 1 else ''}: "
                         f"{'; '.join(parts)}{more}")


def xlsx_sheet_names(raw: bytes) -> list[str] | None:
    """The sheet names of the XLSX in ``raw``, read from its workbook part only;
    ``None`` when ``raw`` is not a readable XLSX (sniffing never raises)."""
    if not raw.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        info = archive.getinfo("xl/workbook.xml")
        if info.file_size > 5_000_000:
            return None
        with archive.open(info) as part:
            text = part.read(5_000_001)
        safe: Any = importlib.import_module("defusedxml.ElementTree")  # no entity tricks while sniffing
        root = safe.fromstring(text)
    except Exception:  # a broken or hostile archive is simply not this layout
        return None
    return [str(el.get("name", "")) for el in root.iter() if str(el.tag).endswith("}sheet")]


def csv_iter(text: str, name: str) -> Iterator[list[str]]:
    """The rows of a CSV text one at a time, as ``csv_rows`` reads them, for a
    reader that keeps only what it takes from each row (a 40,000-row file is
    then never held as 40,000 lists of cells beside the figures read from it).

    Raises:
        ImportRejected: while iterating, as ``csv_rows``.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportRejected(name, "", "", f"the file is not readable as CSV ({exc}); no table layout "
                                               "nato_desk knows has fields this long") from None
        yield row


def csv_rows(text: str, name: str) -> list[list[str]]:
    """The rows of a CSV text, read as CSV reads them (quoted line breaks kept,
    no splitting on the Unicode line separators ``str.splitlines`` knows).

    Raises:
        ImportRejected: a field longer than CSV's limit, or a broken quote.
    """
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportRejected(name, "", "", f"the file is not readable as CSV ({exc}); no table layout "
                                           "nato_desk knows has fields this long") from None
