"""``ImportRejected``: the one error every importer raises.

This module owns the wording of import errors. An analyst who gets a file
refused must be able to open the file and go straight to the problem, so
every message names the file, the place (a CSV line number or a JSON path),
the field and what is wrong with it, e.g.::

    sources.csv line 12: date '2025-13' does not parse
"""

from __future__ import annotations

from collections.abc import Mapping

from nato_desk.domain import ValidationError

from nato_desk.ingest.limits import excerpt

__all__ = ["ImportRejected"]

# A message quotes the file's own text (a cell, an id, a column name); a
# hostile file could make that text a megabyte long. Each part is cut.
_PART_LIMIT = 500


class ImportRejected(ValueError):
    """A seed or import file is refused; nothing from it may be stored.

    Attributes:
        file: the display name of the file (e.g. ``"sources.csv"``).
        where: ``"line 12"`` for CSV, a JSON path such as ``"$[3].quotes[1]"``,
            or ``""`` when the whole file is at fault.
        field: the column or key at fault (``""`` when none applies).
        problem: what is wrong, in words.
        what: the record concerned, when known (``"Observation POL 2025 (2025-08)"``).

    Each part is cut to 500 characters, so a message stays readable whatever
    the file holds.
    """

    def __init__(
        self, file: str, where: str, field: str, problem: str, *, what: str = ""
    ) -> None:
        self.file = excerpt(file, _PART_LIMIT)
        self.where = excerpt(where, _PART_LIMIT)
        self.field = excerpt(field, _PART_LIMIT)
        self.problem = excerpt(problem, _PART_LIMIT)
        self.what = excerpt(what, _PART_LIMIT)
        file, where, field, problem, what = (
            self.file, self.where, self.field, self.problem, self.what
        )
        place = f"{file} {where}" if where else file
        if what:
            place += f" ({what})"
        detail = f"{field} {problem}" if field else problem
        super().__init__(f"{place}: {detail}")

    @classmethod
    def from_validation(
        cls,
        file: str,
        where: str,
        error: ValidationError,
        columns: Mapping[str, str] | None = None,
    ) -> ImportRejected:
        """Wrap a domain ``ValidationError`` raised for a record read at ``where``.

        ``columns`` maps record field names to the file's column names
        (``value`` -> ``pct_gdp``) so the message names what the analyst sees
        in the file, not a Python attribute.
        """
        field = (columns or {}).get(error.field, error.field)
        return cls(file, where, field, error.problem, what=error.what)
