"""Figures out to CSV, safe to open in a spreadsheet.

This module owns two rules for every CSV the app writes:

* **No cell runs as a formula.** Spreadsheets treat a cell starting with
  ``=``, ``+``, ``-`` or ``@`` (and, after a Tab, CR or LF, what follows) as
  a formula, which can fetch URLs or run commands (OWASP "CSV Injection").
  Every *text* cell goes through ``neutralize``: NUL characters are removed
  and a cell starting with one of those characters gets a leading ``'``,
  which spreadsheets show as text. Numbers are written as numbers (a value
  of -0.5 stays -0.5), never through ``neutralize``. Text cells are quoted
  (``csv.QUOTE_NONNUMERIC``), so separators and quotes inside them cannot
  start a new cell.
* **No half file under the final name.** The file is written to a temporary
  file in the same folder, flushed to disk, then renamed over the target
  with ``os.replace``; a crash leaves the old file or the new one.

Files are UTF-8 with a byte-order mark (so spreadsheet programs read
"Türkiye" correctly) and CRLF line ends, as RFC 4180 has them.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from nato_desk.domain import Observation, Source
from nato_desk.export.citations import cited_title
from nato_desk.export.files import write_atomically

__all__ = [
    "FORMULA_TRIGGERS",
    "OBSERVATION_COLUMNS",
    "csv_text",
    "neutralize",
    "write_observations_csv",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""Leading characters that make a spreadsheet read a cell as a formula (OWASP)."""

OBSERVATION_COLUMNS = (
    "iso3",
    "year",
    "measure",
    "value",
    "status",
    "edition",
    "source_id",
    "source_title",
    "note",
)
"""The columns of ``write_observations_csv``: one row per figure (long format)."""

Cell = str | int | float | None


def neutralize(cell: str) -> str:
    """``cell`` as text a spreadsheet will not run: NULs dropped, ``'`` before a trigger.

    >>> neutralize("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralize("Spain")
    'Spain'
    """
    cell = cell.replace("\x00", "")
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def csv_text(rows: Iterable[Sequence[Cell]]) -> str:
    """Rows as CSV text: str cells neutralised and quoted, numbers bare, None empty."""
    import csv  # when an export is asked for, not by the first window (issue 14: start-up)

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralize(c) if isinstance(c, str) and not isinstance(c, _Number) else c
                         for c in row])
    return buffer.getvalue()


class _Number(str):
    """A figure already formatted as a number: written as is, never neutralised."""


def write_observations_csv(
    path: str | os.PathLike[str], observations: Iterable[Observation], sources: Iterable[Source]
) -> int:
    """Write ``observations`` to ``path`` in long format, one row per figure, in the
    order given; return the number of figures written.

    Columns are ``OBSERVATION_COLUMNS``. ``value`` is the number as stored
    (empty for a published blank, whose ``note`` says why); ``source_title``
    is the title of the original the figure's source cites (``cited_title``:
    NATO's table for a transcription, Reuters' headline for a copy), found
    among ``sources`` (empty if absent).

    Raises:
        OSError: the file could not be written; the target is then untouched
            and no temporary file is left.
    """
    titles = {s.id: cited_title(s) for s in sources}
    rows: list[Sequence[Cell]] = [OBSERVATION_COLUMNS]
    for obs in observations:
        rows.append(
            (
                obs.iso3,
                obs.year,
                obs.measure.value,
                # At the precision NATO published: "2.00" stays "2.00", a blank stays empty.
                _Number(f"{obs.value:.{obs.decimals}f}") if obs.value is not None else None,
                obs.status.value,
                obs.edition,
                obs.source_id,
                titles.get(obs.source_id, ""),
                obs.note,
            )
        )
    write_atomically(Path(path), csv_text(rows).encode("utf-8-sig"))
    return len(rows) - 1


