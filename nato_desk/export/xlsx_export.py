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
  time, app version, editions, handling marking), in the order given.

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

from nato_desk.domain import Observation, Source
from nato_desk.export.citations import (
    cited_date,
    cited_publisher,
    cited_title,
    cited_url,
    read_at_address,
)
from nato_desk.export.csv_export import neutralize
from nato_desk.export.files import write_atomically

__all__ = ["DATA_COLUMNS", "SHEETS", "SOURCE_COLUMNS", "xlsx_text", "write_observations_xlsx"]

SHEETS = ("data", "sources", "about")
DATA_COLUMNS = ("iso3", "year", "measure", "value", "status", "edition", "source_id", "note")
SOURCE_COLUMNS = ("id", "cited_publisher", "cited_title", "date", "cited_url", "kind", "read_at",
                  "via", "cite_confidence", "cite_note", "note")
"""The sources sheet: the original each source cites (``export.citations``), then how it
was read: the copy's address and what the copy is (empty for an original)."""
ABOUT_COLUMNS = ("key", "value")

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


def write_observations_xlsx(
    path: str | os.PathLike[str],
    observations: Iterable[Observation],
    sources: Iterable[Source],
    about: Mapping[str, str],
) -> int:
    """Write ``observations`` to the workbook ``path``; return the number of figures written.

    ``sources`` may hold more than the figures cite; only cited ones are written.

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

    data = _sheet(workbook, "data", DATA_COLUMNS, bold)
    widths = [len(c) for c in DATA_COLUMNS]
    for row, obs in enumerate(observations, start=1):
        cells: Sequence[str | float | None] = (
            obs.iso3, obs.year, obs.measure.value, obs.value, obs.status.value,
            obs.edition, obs.source_id, obs.note,
        )
        for col, cell in enumerate(cells):
            if isinstance(cell, str):
                widths[col] = max(widths[col], _text_cell(data, row, col, cell))
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
            widths[col] = max(widths[col], _text_cell(sheet, row, col, text))
    _set_widths(sheet, widths)

    sheet = _sheet(workbook, "about", ABOUT_COLUMNS, bold)
    widths = [len(c) for c in ABOUT_COLUMNS]
    for row, (key, value) in enumerate(about.items(), start=1):
        widths[0] = max(widths[0], _text_cell(sheet, row, 0, str(key)))
        widths[1] = max(widths[1], _text_cell(sheet, row, 1, str(value)))
    _set_widths(sheet, widths)

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


def _text_cell(sheet: Any, row: int, col: int, text: str) -> int:
    """Write ``text`` as a string cell (never a formula); return its display width."""
    safe = xlsx_text(text)
    if not safe:
        return 0  # an empty cell, not an empty string
    sheet.write_string(row, col, safe)
    return max((len(line) for line in safe.splitlines()), default=0)


def _set_widths(sheet: Any, widths: Sequence[int]) -> None:
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH))
