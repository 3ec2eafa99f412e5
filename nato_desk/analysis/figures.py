"""Spending figures: one ally's series in one edition, its latest figure, gaps.

Pure functions over domain records. An edition is a NATO release; a series
never mixes editions, and a published blank stays a blank (``value is None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nato_desk.domain import Edition, Observation, Status, Target

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


def series(observations: Iterable[Observation], iso3: str, edition: str) -> list[Observation]:
    """The figures of one ally in one edition, oldest year first, blanks included."""
    return sorted(
        (o for o in observations if o.iso3 == iso3 and o.edition == edition),
        key=lambda o: o.year,
    )


def latest_figure(points: Iterable[Observation]) -> Observation | None:
    """The newest figure that has a value (a published blank is skipped)."""
    best: Observation | None = None
    for o in points:
        if o.value is not None and (best is None or o.year > best.year):
            best = o
    return best


def gap_pp(value: float, target: float) -> float:
    """Percentage points still needed to reach ``target`` (negative: above it)."""
    return round(target - value, 10)


def newest_edition(editions: Iterable[Edition]) -> Edition | None:
    """The most recently released edition (the app's default view)."""
    return max(editions, key=lambda e: e.released, default=None)


def status_mark(status: Status) -> str:
    """NATO's suffix for a year: "e" for estimates, "p" for plans, "s" for scenarios."""
    return {Status.ACTUAL: "", Status.ESTIMATE: "e", Status.PLAN: "p", Status.SCENARIO: "s"}[status]


def format_pct(value: float, decimals: int = 2) -> str:
    """A share of GDP at the precision its source published: ``2.00%``, ``2.0%``."""
    return f"{value:.{decimals}f}%"


def format_figure(obs: Observation) -> str:
    """The list's figure text, e.g. ``2.00% (2025e)``; a blank says so."""
    year = f"{obs.year}{status_mark(obs.status)}"
    if obs.value is None:
        return f"no figure ({year})"
    return f"{format_pct(obs.value, obs.decimals)} ({year})"


def format_gap(value: float, target: float, decimals: int = 2, unit: str = " pp") -> str:
    """``1.50 pp below`` / ``0.98 pp above`` / ``at target``.

    ``decimals`` is the figure's published precision: a gap is never more
    precise than the figure it comes from.
    """
    gap = gap_pp(value, target)
    if abs(gap) < 0.5 * 10**-decimals:
        return "at target"
    return f"{abs(gap):.{decimals}f}{unit} {'below' if gap > 0 else 'above'}"


@dataclass(frozen=True)
class EditionGap:
    """A year an edition covers for most allies but not for this one."""

    year: int
    reason: str  # the published note, or why the reference has no value
    published_blank: bool  # NATO printed an empty cell (else: no row in our sources)


def missing_years(points: Sequence[Observation], edition_years: Iterable[int]) -> list[EditionGap]:
    """Years the edition covers where this ally has a blank or no row at all.

    Published blanks carry their note; absent rows are gaps in our sources,
    which the app must show instead of drawing nothing silently.
    """
    by_year = {o.year: o for o in points}
    gaps: list[EditionGap] = []
    for year in sorted(set(edition_years)):
        obs = by_year.get(year)
        if obs is None:
            if points and year > min(by_year):
                gaps.append(EditionGap(year, "no figure for this year in the sources of this edition",
                                       published_blank=False))
        elif obs.value is None:
            gaps.append(EditionGap(year, obs.note, published_blank=True))
    return gaps


def edition_years(observations: Iterable[Observation], edition: str) -> set[int]:
    """The years an edition covers for at least one ally."""
    return {o.year for o in observations if o.edition == edition}


def target_value(targets: Iterable[Target], target_id: str) -> float:
    """The value of one of the stored targets (e.g. ``HAGUE_CORE`` -> 3.5).

    Raises:
        KeyError: the store holds no such target.
    """
    for target in targets:
        if target.id == target_id:
            return target.value
    raise KeyError(target_id)
