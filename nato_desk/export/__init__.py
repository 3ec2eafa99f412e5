"""Exports: domain records out to files (CSV, XLSX, PPTX). Standard library and
export libraries only; no Qt.

Every text cell an export writes is neutralised so a spreadsheet never runs
it as a formula (``neutralize``); files are replaced atomically.

>>> from nato_desk.export import neutralize
>>> neutralize("=1+1")
"'=1+1"
"""

from __future__ import annotations

from nato_desk.export.csv_export import (
    FORMULA_TRIGGERS,
    OBSERVATION_COLUMNS,
    csv_text,
    neutralize,
    write_observations_csv,
)

__all__ = [
    "FORMULA_TRIGGERS",
    "OBSERVATION_COLUMNS",
    "csv_text",
    "neutralize",
    "write_observations_csv",
]
