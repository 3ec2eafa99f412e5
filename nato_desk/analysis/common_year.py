"""Latest figures from different years, and the latest year every ally has.

In the August 2025 edition seven allies have no 2025 figure (Germany's cell
is a published blank; six were not found to two decimals), so a "Latest"
column ranks their 2024 figures against everyone else's 2025. ``usual_year``
names the year most allies' latest figure is from, so the others can be
marked; ``year_all_have`` is the newest year in which every ally with a
series has a figure, the year a "same year for all" ranking uses.

Pure: no Qt, no store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from nato_desk.domain import Observation

__all__ = ["figure_in", "usual_year", "year_all_have"]


def usual_year(years: Iterable[int]) -> int | None:
    """The most common of ``years`` (the newest among equals); ``None`` for none."""
    counts = Counter(years)
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def year_all_have(series_by_ally: Mapping[str, Iterable[Observation]]) -> int | None:
    """The newest year in which every ally with any figure has one (blanks are not figures).

    Allies without a figure at all (Iceland) are left out rather than making
    every year fail. ``None`` when no year is common to all.
    """
    years_by_ally = [{o.year for o in points if o.value is not None} for points in series_by_ally.values()]
    years_by_ally = [years for years in years_by_ally if years]
    if not years_by_ally:
        return None
    common = set.intersection(*years_by_ally)
    return max(common, default=None)


def figure_in(points: Iterable[Observation], year: int) -> Observation | None:
    """The figure (with a value) of ``year`` among ``points``, if any."""
    return next((o for o in points if o.year == year and o.value is not None), None)
