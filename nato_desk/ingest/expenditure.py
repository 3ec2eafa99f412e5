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
"""

from __future__ import annotations

from collections.abc import Mapping

from nato_desk.domain import Edition, Observation, Status

from nato_desk.ingest.limits import excerpt
from nato_desk.ingest.origins import Origins, accept
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.table import read_table

__all__ = ["parse_expenditure"]

_COLUMNS = ("iso3", "country", "year", "pct_gdp", "estimate", "source_id", "note")
# Record fields named differently in the file, so errors name the column.
_FIELD_COLUMNS = {"value": "pct_gdp", "status": "estimate", "decimals": "pct_gdp decimals"}


def parse_expenditure(
    text: str,
    name: str,
    editions: Mapping[str, Edition],
    *,
    default_edition: str | None = None,
    origins: Origins | None = None,
) -> list[Observation]:
    """Read a spending table: ``iso3,country,year,pct_gdp,estimate,source_id,note[,edition]``.

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
    table = read_table(text, name, _COLUMNS, optional=("edition",))
    has_column = "edition" in table.header
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
        value, decimals = row.decimal("pct_gdp")
        status = Status.ESTIMATE if row.flag("estimate") else Status.ACTUAL
        record = Observation(
            id=f"{edition.id}/{iso3}/{edition.measure.value}/{year}",
            iso3=iso3,
            year=year,
            measure=edition.measure,
            value=value,
            decimals=decimals,
            status=status,
            edition=edition.id,
            source_id=row.text("source_id"),
            note=row.text("note"),
        )
        out.append(accept(record, origins, name, row.where, _FIELD_COLUMNS))
    return out
