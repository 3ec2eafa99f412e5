"""Pure analysis of spending figures: series, latest figures, gaps to targets.

No Qt and no storage: functions over domain records, tested on their own.

>>> from nato_desk.analysis import format_gap
>>> format_gap(2.0, 3.5)
'1.50 pp below'
"""

from __future__ import annotations

from nato_desk.analysis.figures import (
    EditionGap,
    edition_years,
    format_figure,
    format_gap,
    format_pct,
    gap_pp,
    latest_figure,
    missing_years,
    newest_edition,
    series,
    status_mark,
    target_value,
)

__all__ = [
    "EditionGap",
    "edition_years",
    "format_figure",
    "format_gap",
    "format_pct",
    "gap_pp",
    "latest_figure",
    "missing_years",
    "newest_edition",
    "series",
    "status_mark",
    "target_value",
]
