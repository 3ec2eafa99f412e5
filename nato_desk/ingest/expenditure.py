"""The spending series: nato_defence_expenditure*.csv -> ``Observation``.

This module owns the reading of NATO's % of GDP tables. The rules it keeps:

* every figure belongs to one edition (NATO restates the whole series in
  each release, so editions are never merged). The 2025-08 file has no
  ``edition`` column, so the caller names its edition; the 2026 file has one;
* the measure comes from the ``Edition`` record, never from the file: the
  2026-07 edition reports *core* defence expenditure, the others the older
  NATO-definition total;
* an empty ``pct_gdp`` is a published blank (Germany 2025 in 2025-08), kept
  as ``value=None`` with its note, never a zero;
* ``decimals`` is the precision as printed ("2.0" -> 1, "2.00" -> 2).

Files written from a table import (data/nato_2024_tables.csv, from NATO's own
workbook) carry every measure of an edition: they name the value column
``value`` instead of ``pct_gdp`` and add ``measure`` (one of ``Measure``) and
``decimals`` (the precision the publisher printed), because the value is kept
unrounded as the workbook holds it ("4.120190989357147" printed as "4.12") and
may be negative (annual real change). Older files read as before.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from nato_desk.domain import Edition, Measure, Observation, Status

from nato_desk.ingest.limits import excerpt
from nato_desk.ingest.origins import Origins, accept
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.table import read_table

__all__ = ["parse_expenditure"]

_COLUMNS = ("iso3", "country", "year", "pct_gdp", "estimate", "source_id", "note")
_OPTIONAL = ("edition", "measure", "decimals")
# Record fields named differently in the file, so errors name the column.
_FIELD_COLUMNS = {"value": "pct_gdp", "status": "estimate", "decimals": "pct_gdp decimals"}
# A value written unrounded: a sign, digits, a fraction and an exponent as
# Python's repr of a float writes them; never "nan", "inf" or other scripts' digits.
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def _value_column(text: str) -> str:
    """``value`` when the header names it (and not ``pct_gdp``), else ``pct_gdp``."""
    try:
        header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")), [])
    except csv.Error:
        return "pct_gdp"  # read_table reports the problem
    return "value" if "value" in header and "pct_gdp" not in header else "pct_gdp"


def parse_expenditure(
    text: str,
    name: str,
    editions: Mapping[str, Edition],
    *,
    default_edition: str | None = None,
    origins: Origins | None = None,
) -> list[Observation]:
    """Read a spending table: ``iso3,country,year,pct_gdp,estimate,source_id,note[,edition]``,
    or ``iso3,country,year,value,estimate,source_id,note,edition,measure,decimals``.

    Args:
        text: the CSV text.
        name: the file's display name, for messages.
        editions: the known editions by id; each row's edition must be one.
        default_edition: the edition of every row when the file has no
            ``edition`` column (``"2025-08"`` for nato_defence_expenditure.csv).
        origins: shared id registry (see ``Origins``).

    ``country`` is required but not stored: it repeats members.csv.

    Raises:
        ImportRejected: malformed file, unknown edition, a value that does not
            parse or is outside 0-100, a blank without a note, or the same
            ally, year and edition twice (both lines named).
    """
    origins = Origins() if origins is None else origins
    value_column = _value_column(text)
    columns = tuple(value_column if c == "pct_gdp" else c for c in _COLUMNS)
    table = read_table(text, name, columns, optional=_OPTIONAL)
    field_columns = {**_FIELD_COLUMNS, "value": value_column}
    has_column = "edition" in table.header
    has_measure = "measure" in table.header
    has_decimals = "decimals" in table.header
    if not has_column and default_edition is None:
        raise ImportRejected(
            name,
            "line 1",
            "edition",
            "column is missing from the header and no default edition was given",
        )
    out: list[Observation] = []
    for row in table.rows:
        edition_id = row.text("edition") if has_column else str(default_edition)
        edition = editions.get(edition_id)
        if edition is None:
            column = "edition" if has_column else "(default edition)"
            raise row.reject(column, f"'{excerpt(edition_id)}' is not a known edition")
        iso3 = row.text("iso3")
        year = row.integer("year")
        if has_decimals:
            cell = row.text(value_column)
            if cell != "" and not _NUMBER.fullmatch(cell):
                raise row.reject(value_column, f"'{excerpt(cell)}' is not a number")
            value = float(cell) if cell else None
            decimals = row.integer("decimals")
        else:
            value, decimals = row.decimal(value_column)
        measure = row.choice("measure", Measure) if has_measure else edition.measure
        status = Status.ESTIMATE if row.flag("estimate") else Status.ACTUAL
        record = Observation(
            id=f"{edition.id}/{iso3}/{measure.value}/{year}",
            iso3=iso3,
            year=year,
            measure=measure,
            value=value,
            decimals=decimals,
            status=status,
            edition=edition.id,
            source_id=row.text("source_id"),
            note=row.text("note"),
        )
        out.append(accept(record, origins, name, row.where, field_columns))
    return out
