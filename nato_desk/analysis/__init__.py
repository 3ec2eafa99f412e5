"""Pure analysis of spending figures: series, latest figures, gaps to targets,
required paths to a target, scenario lines, ranks and plain-language summaries.

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
from nato_desk.analysis.trajectory import (
    RequiredPath,
    allies_above,
    rank_of,
    ranked,
    required_from_series,
    required_path,
    scenario_path,
    standing,
    summarize,
)

__all__ = [
    "EditionGap",
    "RequiredPath",
    "allies_above",
    "edition_years",
    "format_figure",
    "format_gap",
    "format_pct",
    "gap_pp",
    "latest_figure",
    "missing_years",
    "newest_edition",
    "rank_of",
    "ranked",
    "required_from_series",
    "required_path",
    "scenario_path",
    "standing",
    "series",
    "status_mark",
    "summarize",
    "target_value",
]
