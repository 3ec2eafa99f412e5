"""Figures out to an Excel workbook (XLSX), safe to open and self-describing.

The workbook has three sheets:

* ``data``: one row per figure in long format (``DATA_COLUMNS``), in the
  order given; ``year`` and ``value`` are numbers (a published blank is an
  empty cell, its ``note`` says why), shown at the precision NATO published;
* ``sources``: every source a data row cites, and only those, in the order
  first cited (``SOURCE_COLUMNS``), so each row's ``source_id`` resolves;
  each names the original it cites (``export.citations``: cited publisher,
  title, date and URL), then where a copy was read and via what;
* ``about``: the ``key``/``value`` pairs the caller passes (filters, export
  time, app version, editions, handling marking), in the order given;
* ``long_texts``, only when a text is longer than a cell can hold (below).

Excel holds at most 32,767 characters in a cell and XlsxWriter would cut a
longer string without a word. No text is cut silently here: such a cell holds
its first part and ends in a marker naming the whole length and the
``long_texts`` row that has it all (``LONG_TEXT_MARKER``); that row gives the
cell's place and length, then the whole text split over consecutive cells
(``part 1``, ``part 2``, …: join them in order). The ``about`` sheet says how
many cells were continued, and so does the ``notices`` list the caller may
pass (the window repeats it after the export). The ``data`` sheet stays a
plain long-format table, so it imports as before.

The same rules as the CSV export hold: every text cell is neutralised
(``csv_export.neutralize``) and written with ``write_string``, so no cell is
ever a formula, a link or a number that was text; characters XML 1.0 cannot
hold are dropped first. The file is built in memory and then written
atomically (temporary file beside the target, ``os.replace``).
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from nato_desk.domain import Observation, Source
from nato_desk.export.citations import (
    cited_date,
    cited_publisher,
    cited_title,
    cited_url,
    read_at_address,
)
from nato_desk.export.csv_export import FORMULA_TRIGGERS, neutralize
from nato_desk.export.files import write_atomically

__all__ = [
    "CELL_LIMIT",
    "DATA_COLUMNS",
    "LONG_TEXTS_SHEET",
    "LONG_TEXT_COLUMNS",
    "SHEETS",
    "SOURCE_COLUMNS",
    "long_text_marker",
    "write_observations_xlsx",
    "xlsx_text",
]

SHEETS = ("data", "sources", "about")
DATA_COLUMNS = ("iso3", "year", "measure", "value", "status", "edition", "source_id", "note")
SOURCE_COLUMNS = ("id", "cited_publisher", "cited_title", "date", "cited_url", "kind", "read_at",
                  "via", "cite_confidence", "cite_note", "note")
"""The sources sheet: the original each source cites (``export.citations``), then how it
was read: the copy's address and what the copy is (empty for an original)."""
ABOUT_COLUMNS = ("key", "value")
LONG_TEXTS_SHEET = "long_texts"
LONG_TEXT_COLUMNS = ("sheet", "cell", "column", "characters")
"""The ``long_texts`` sheet's first columns; ``part 1``, ``part 2``, … follow."""

CELL_LIMIT = 32_767
"""Excel's most characters in one cell (UTF-16 code units, as Excel counts)."""
_PART = 32_000  # characters per part cell, leaving room under the limit

_WORKBOOK_OPTIONS = {
    "in_memory": True,  # no temporary files of XlsxWriter's own
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
_MIN_WIDTH, _MAX_WIDTH = 6, 60

# Everything outside XML 1.0's Char production (also lone surrogates).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xlsx_text(cell: str) -> str:
    """``cell`` as a workbook holds it: XML-illegal characters dropped, then neutralised.

    Dropping comes first so a character cannot hide a leading ``=``.

    >>> xlsx_text("\\x01=1+1")
    "'=1+1"
    """
    return neutralize(_NOT_XML.sub("", cell))


def long_text_marker(characters: int, row: int) -> str:
    """What ends a cut cell: the whole length and the ``long_texts`` row holding it all."""
    return (f" … [cut: {characters:,} characters in all, more than an Excel cell holds; "
            f"the whole text is on sheet {LONG_TEXTS_SHEET}, row {row}]")


def _units(text: str) -> int:
    """Length as Excel counts it: UTF-16 code units (a character beyond U+FFFF is two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _head(text: str, units: int) -> str:
    """The longest start of ``text`` within ``units`` UTF-16 code units."""
    head = text[:units]
    while _units(head) > units:
        head = head[: max(len(head) - (_units(head) - units), 0)]
    return head


def _parts(text: str) -> list[str]:
    """``text`` in pieces that each fit a cell; joined in order they give ``text`` back.

    A piece never starts with a formula trigger when a boundary a little earlier
    avoids it (every cell starts as safely as a neutralised one).
    """
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = start + len(_head(text[start:start + _PART], _PART))
        if end < len(text):
            for cut in range(end, max(start + 1, end - 200), -1):
                if not text[cut].startswith(FORMULA_TRIGGERS):
                    end = cut
                    break
        parts.append(text[start:end])
        start = end
    return parts


class _LongTexts:
    """The texts too long for a cell, gathered while the sheets are written."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []  # (sheet, cell, column, text)

    def cell(self, sheet: str, row: int, col: int, column: str, text: str) -> str:
        """What cell (row, col) of ``sheet`` shows: ``text``, or its start and a marker."""
        if _units(text) <= CELL_LIMIT:
            return text
        self.rows.append((sheet, xl_rowcol_to_cell(row, col), column, text))
        marker = long_text_marker(len(text), len(self.rows) + 1)  # +1: the header row
        return _head(text, CELL_LIMIT - _units(marker)) + marker

    def notice(self) -> str:
        n = len(self.rows)
        return (f"{n:,} {'cell was' if n == 1 else 'cells were'} longer than Excel's "
                f"{CELL_LIMIT:,}-character limit: {'it shows' if n == 1 else 'each shows'} its "
                f"start and a marker, and the whole text is on the {LONG_TEXTS_SHEET} sheet, "
                f"split over consecutive cells (join them in order).")


def write_observations_xlsx(
    path: str | os.PathLike[str],
    observations: Iterable[Observation],
    sources: Iterable[Source],
    about: Mapping[str, str],
    *,
    notices: list[str] | None = None,
) -> int:
    """Write ``observations`` to the workbook ``path``; return the number of figures written.

    ``sources`` may hold more than the figures cite; only cited ones are written.
    A sentence for the user is appended to ``notices`` when a text was longer
    than a cell holds (see the module docstring).

    Raises:
        ValueError: a figure cites a source not among ``sources`` (nothing is written).
        OSError: the file could not be written; the target is then untouched
            and no temporary file is left.
    """
    observations = list(observations)
    by_id = {s.id: s for s in sources}
    cited = list(dict.fromkeys(obs.source_id for obs in observations))
    missing = [sid for sid in cited if sid not in by_id]
    if missing:
        raise ValueError(f"figures cite unknown sources: {', '.join(missing)}")

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    bold = workbook.add_format({"bold": True})
    number_formats: dict[int, Any] = {}

    def number_format(decimals: int) -> Any:
        if decimals not in number_formats:
            pattern = "0." + "0" * decimals if decimals > 0 else "0"
            number_formats[decimals] = workbook.add_format({"num_format": pattern})
        return number_formats[decimals]

    long_texts = _LongTexts()
    data = _sheet(workbook, "data", DATA_COLUMNS, bold)
    widths = [len(c) for c in DATA_COLUMNS]
    for row, obs in enumerate(observations, start=1):
        cells: Sequence[str | float | None] = (
            obs.iso3, obs.year, obs.measure.value, obs.value, obs.status.value,
            obs.edition, obs.source_id, obs.note,
        )
        for col, cell in enumerate(cells):
            if isinstance(cell, str):
                widths[col] = max(widths[col], _text_cell(data, row, col, cell, long_texts))
            elif cell is not None and math.isfinite(cell):
                decimals = max(obs.decimals, 0) if col == 3 else 0
                data.write_number(row, col, cell, number_format(decimals) if col == 3 else None)
                widths[col] = max(widths[col], len(f"{cell:.{decimals}f}"))
            # else: a published blank stays an empty cell
    _set_widths(data, widths)

    sheet = _sheet(workbook, "sources", SOURCE_COLUMNS, bold)
    widths = [len(c) for c in SOURCE_COLUMNS]
    for row, sid in enumerate(cited, start=1):
        s = by_id[sid]
        cells = (s.id, cited_publisher(s), cited_title(s), cited_date(s), cited_url(s), s.kind,
                 read_at_address(s), s.via, s.cite_confidence, s.cite_note, s.note)
        for col, text in enumerate(cells):
            widths[col] = max(widths[col], _text_cell(sheet, row, col, text, long_texts))
    _set_widths(sheet, widths)

    sheet = _sheet(workbook, "about", ABOUT_COLUMNS, bold)
    widths = [len(c) for c in ABOUT_COLUMNS]
    pairs = list(about.items())
    for row, (key, value) in enumerate(pairs, start=1):
        widths[0] = max(widths[0], _text_cell(sheet, row, 0, str(key), long_texts))
        widths[1] = max(widths[1], _text_cell(sheet, row, 1, str(value), long_texts))
    if long_texts.rows:
        row = len(pairs) + 1
        widths[0] = max(widths[0], _text_cell(sheet, row, 0, "long texts", long_texts))
        widths[1] = max(widths[1], _text_cell(sheet, row, 1, long_texts.notice(), long_texts))
    _set_widths(sheet, widths)

    if long_texts.rows:
        _long_texts_sheet(workbook, long_texts, bold)
        if notices is not None:
            notices.append(long_texts.notice())

    workbook.close()
    write_atomically(Path(path), buffer.getvalue())
    return len(observations)


def _sheet(workbook: Any, name: str, header: Sequence[str], bold: Any) -> Any:
    """A new sheet with a bold, frozen header row."""
    sheet = workbook.add_worksheet(name)
    for col, title in enumerate(header):
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    return sheet


def _text_cell(sheet: Any, row: int, col: int, text: str, long_texts: _LongTexts) -> int:
    """Write ``text`` as a string cell (never a formula); return its display width.

    A text longer than a cell holds is continued on the long_texts sheet (``_LongTexts``).
    """
    safe = xlsx_text(text)
    if not safe:
        return 0  # an empty cell, not an empty string
    header = _HEADERS.get(sheet.name, ())
    column = header[col] if col < len(header) else ""
    shown = long_texts.cell(sheet.name, row, col, column, safe)
    if sheet.write_string(row, col, shown) != 0:
        raise ValueError(f"the {sheet.name} sheet could not hold the text of cell "
                         f"{xl_rowcol_to_cell(row, col)}")
    return max((len(line) for line in shown[:2000].splitlines()), default=0)


_HEADERS = {"data": DATA_COLUMNS, "sources": SOURCE_COLUMNS, "about": ABOUT_COLUMNS}


def _long_texts_sheet(workbook: Any, long_texts: _LongTexts, bold: Any) -> None:
    """Each cut cell's place, length and whole text in consecutive part cells."""
    rows = [(sheet, cell, column, text, _parts(text)) for sheet, cell, column, text in long_texts.rows]
    most = max(len(parts) for *_, parts in rows)
    header = (*LONG_TEXT_COLUMNS, *(f"part {n}" for n in range(1, most + 1)))
    sheet = _sheet(workbook, LONG_TEXTS_SHEET, header, bold)
    for row, (where, cell, column, text, parts) in enumerate(rows, start=1):
        for col, value in enumerate((where, cell, column)):
            sheet.write_string(row, col, value)
        sheet.write_number(row, 3, len(text))
        for col, part in enumerate(parts, start=len(LONG_TEXT_COLUMNS)):
            # The text was neutralised as a whole; a part is a string cell, never a formula.
            if sheet.write_string(row, col, part) != 0:
                raise ValueError(f"the {LONG_TEXTS_SHEET} sheet could not hold part of {where}!{cell}")
    _set_widths(sheet, [len(c) for c in header])


def _set_widths(sheet: Any, widths: Sequence[int]) -> None:
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH))
