"""Strict reading of a CSV table from text, and of the cells in it.

This module owns the CSV rules shared by every seed table:

* the text is parsed with the ``csv`` module (quoted fields may hold commas,
  quotes and line breaks), never split by hand;
* the header must hold every required column, no column twice and no column
  the importer does not know (an unknown column would be data silently
  dropped, and the app must show everything the reference holds);
* every row has exactly as many fields as the header;
* cell text is kept verbatim: nothing is stripped, because quotes and notes
  are shown exactly as the reference has them;
* typed cells (numbers, years, 0/1 flags, dates, enum values) are parsed
  strictly and refused with the file, line and column named;
* no cell is longer than ``MAX_FIELD_CHARS`` and no table has more than
  ``MAX_TABLE_ROWS`` rows (see ``limits``); messages quote at most the start
  of a cell.

The cell limit is ``csv.field_size_limit``, which is process-wide: it is set
here, deliberately, before every read, to ``MAX_FIELD_CHARS``. Nothing else
in the app reads CSV.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from nato_desk.domain import parse_partial_date

from nato_desk.ingest.limits import MAX_FIELD_CHARS, MAX_TABLE_ROWS, excerpt
from nato_desk.ingest.rejected import ImportRejected

__all__ = ["Row", "Table", "read_table"]

E = TypeVar("E", bound=enum.Enum)

# ASCII digits only: ``\d`` and ``float()`` would also accept other scripts'
# digits, exponents, signs, "nan" and "inf", none of which a % of GDP can be.
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")
_INTEGER = re.compile(r"[0-9]+")
# Whole numbers in these tables are years: more digits than this is no year
# (and ``int()`` refuses over 4,300 digits with a ValueError).
_INTEGER_DIGITS = 9


@dataclass(frozen=True)
class Row:
    """One data row: its cells by column name and the line it starts on."""

    file: str
    line: int
    cells: Mapping[str, str]

    @property
    def where(self) -> str:
        return f"line {self.line}"

    def reject(self, column: str, problem: str) -> ImportRejected:
        """The error to raise for ``column`` of this row."""
        return ImportRejected(self.file, self.where, column, problem)

    def text(self, column: str) -> str:
        """The cell exactly as written (may be empty)."""
        return self.cells[column]

    def integer(self, column: str) -> int:
        cell = self.cells[column]
        if not _INTEGER.fullmatch(cell):
            raise self.reject(column, f"'{excerpt(cell)}' is not a whole number")
        if len(cell) > _INTEGER_DIGITS:
            raise self.reject(column, f"'{excerpt(cell)}' is too large a number")
        return int(cell)

    def flag(self, column: str) -> bool:
        """A ``0``/``1`` cell. Anything else is refused rather than guessed."""
        cell = self.cells[column]
        if cell not in ("0", "1"):
            raise self.reject(column, f"'{excerpt(cell)}' is not 0 or 1")
        return cell == "1"

    def decimal(self, column: str) -> tuple[float | None, int]:
        """A non-negative decimal and the number of digits after its point.

        An empty cell is ``(None, 0)``: a published blank, never a zero. The
        digit count is kept because "2.0" (rounded by the source) and "2.00"
        are different statements.
        """
        cell = self.cells[column]
        if cell == "":
            return None, 0
        match = _DECIMAL.fullmatch(cell)
        if match is None:
            raise self.reject(column, f"'{excerpt(cell)}' is not a number")
        fraction = match.group(1)
        return float(cell), len(fraction) - 1 if fraction else 0

    def date(self, column: str, *, optional: bool) -> str:
        """A ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` cell, returned as written."""
        cell = self.cells[column]
        if cell == "" and optional:
            return cell
        if len(cell) > len("YYYY-MM-DD"):  # no date; and the message would repeat it whole
            raise self.reject(
                column, f"'{excerpt(cell)}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
            )
        try:
            parse_partial_date(cell)
        except ValueError as exc:
            raise self.reject(column, f"'{excerpt(cell)}' does not parse ({exc})") from None
        return cell

    def choice(self, column: str, kind: type[E]) -> E:
        """The member of enum ``kind`` whose value is the cell."""
        cell = self.cells[column]
        for member in kind:
            if member.value == cell:
                return member
        allowed = ", ".join(str(m.value) for m in kind)
        raise self.reject(column, f"'{excerpt(cell)}' is not one of: {allowed}")


@dataclass(frozen=True)
class Table:
    """The header and data rows of one CSV file."""

    file: str
    header: tuple[str, ...]
    rows: list[Row]


def read_table(
    text: str,
    file: str,
    required: Sequence[str],
    optional: Collection[str] = (),
) -> Table:
    """Parse CSV ``text`` whose header must hold ``required`` (and may hold ``optional``).

    Raises:
        ImportRejected: empty file, bad header, bad quoting, a row with the
            wrong number of fields, a cell over ``MAX_FIELD_CHARS`` or more
            than ``MAX_TABLE_ROWS`` rows.
    """
    csv.field_size_limit(MAX_FIELD_CHARS)
    # A byte-order mark is an artefact of the editor that saved the file, not
    # part of the first column's name.
    if text.startswith("\ufeff"):
        text = text[1:]
    # newline="" so that line breaks inside quoted fields reach csv untouched.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportRejected(file, "line 1", "", _csv_problem(exc)) from None
    if not header:
        raise ImportRejected(file, "line 1", "", "has no header row")
    _check_header(file, header, required, optional)

    rows: list[Row] = []
    line_before = reader.line_num
    while True:
        start = line_before + 1  # a quoted field may span lines; report the first
        try:
            fields = next(reader, None)
        except csv.Error as exc:
            raise ImportRejected(file, f"line {start}", "", _csv_problem(exc)) from None
        if fields is None:
            break
        if len(rows) == MAX_TABLE_ROWS:
            raise ImportRejected(
                file, f"line {start}", "", f"the table has more than {MAX_TABLE_ROWS:,} rows"
            )
        line_before = reader.line_num
        if not fields:
            continue  # an empty line carries no data; csv reports it as []
        if len(fields) < len(header):
            missing = header[len(fields)]
            raise ImportRejected(
                file,
                f"line {start}",
                missing,
                f"is missing: the row has {len(fields)} fields, the header {len(header)}",
            )
        if len(fields) > len(header):
            raise ImportRejected(
                file,
                f"line {start}",
                "",
                f"the row has {len(fields)} fields, the header {len(header)}",
            )
        rows.append(Row(file, start, dict(zip(header, fields))))
    return Table(file, tuple(header), rows)


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a field is longer than {MAX_FIELD_CHARS:,} characters, the limit for one cell"
    return f"is not valid CSV: {exc}"


def _check_header(
    file: str, header: list[str], required: Sequence[str], optional: Collection[str]
) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise ImportRejected(
                file, "line 1", excerpt(name), "column appears twice in the header"
            )
        seen.add(name)
    for name in required:
        if name not in seen:
            raise ImportRejected(file, "line 1", name, "column is missing from the header")
    known = set(required) | set(optional)
    for name in header:
        if name not in known:
            raise ImportRejected(
                file,
                "line 1",
                excerpt(name),
                "column is not one this importer knows (it would be lost)",
            )
