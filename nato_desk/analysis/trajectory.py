"""Trajectories to a target: the path an ally needs, scenario lines, ranks, summaries.

The question every briefing asks is "who is on a credible path to 3.5% (or 5%)
by 2035, and what does it take?". These pure functions answer it from domain
records, so the views, the exports and the tests share one arithmetic.

Rules kept here, as everywhere in the analysis layer:

* a series never splices editions (or measures): mixing them is refused with a
  ``ValueError`` instead of silently drawing a line across a restatement;
* a published blank (``value is None``) is a gap, never a zero, and is skipped;
* national plans and scenarios are not figures: a required path starts from
  the latest *actual or estimate* figure;
* numbers are worded at the precision the source published (``decimals``).

>>> path = required_path(2.00, 2025, 3.5, 2035)
>>> round(path.pp_per_year, 2), round(path.share_growth, 4), round(path.real_growth, 4)
(0.15, 0.0576, 0.0734)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from nato_desk.analysis.figures import format_pct, gap_pp
from nato_desk.domain import Observation, Status

__all__ = [
    "RequiredPath",
    "allies_above",
    "rank_of",
    "ranked",
    "required_from_series",
    "required_path",
    "scenario_path",
    "summarize",
]

# Statuses that are figures NATO published for a past or current year. Plans and
# scenarios are intentions, so no path or summary starts or ends on one.
_FIGURE_STATUSES = frozenset({Status.ACTUAL, Status.ESTIMATE})


@dataclass(frozen=True)
class RequiredPath:
    """What it takes to go from an ally's figure to a target by a year.

    Three readings of the same gap, because briefings quote all three: the
    linear increase in percentage points per year (what a chart's straight
    line shows), the compound growth of the GDP share (what budgets plan in),
    and the real growth of defence spending that share growth implies once
    the economy itself grows by ``gdp_growth``.
    """

    from_year: int
    from_value: float
    target: float
    by_year: int
    gdp_growth: float  # real GDP growth assumed, e.g. 0.015
    pp_per_year: float  # linear increase needed, pp per year (negative: room to fall)
    share_growth: float  # compound annual growth of the GDP share, e.g. 0.0576
    real_growth: float  # implied real growth of spending: (1+share_growth)*(1+gdp_growth)-1

    @property
    def already_there(self) -> bool:
        """The ally is at or above the target already (the required growth is <= 0)."""
        return self.from_value >= self.target


def _check_years(from_year: int, by_year: int) -> None:
    """A path needs at least one year to run over; otherwise every rate divides by zero."""
    if by_year <= from_year:
        raise ValueError(f"the target year ({by_year}) must come after the starting year ({from_year})")


def _check_positive(from_value: float, target: float) -> None:
    """Compound growth is only defined between two positive shares of GDP."""
    if from_value <= 0:
        raise ValueError(f"the starting figure must be above 0% of GDP (got {from_value})")
    if target <= 0:
        raise ValueError(f"the target must be above 0% of GDP (got {target})")


def required_path(from_value: float, from_year: int, target: float, by_year: int,
                  gdp_growth: float = 0.015) -> RequiredPath:
    """The yearly effort needed to reach ``target`` (% of GDP) by ``by_year``.

    ``gdp_growth`` is the user's assumption of real GDP growth per year (0.015 is
    1.5%); it only affects ``real_growth``, since the share itself is GDP-neutral.

    Raises:
        ValueError: ``by_year`` is not after ``from_year``, a figure or the target
            is not positive, or ``gdp_growth`` is -100% or less.
    """
    _check_years(from_year, by_year)
    _check_positive(from_value, target)
    if gdp_growth <= -1:
        raise ValueError(f"GDP growth must be above -100% a year (got {gdp_growth})")
    years = by_year - from_year
    share_growth = (target / from_value) ** (1 / years) - 1
    return RequiredPath(
        from_year=from_year,
        from_value=from_value,
        target=target,
        by_year=by_year,
        gdp_growth=gdp_growth,
        pp_per_year=(target - from_value) / years,
        share_growth=share_growth,
        real_growth=(1 + share_growth) * (1 + gdp_growth) - 1,
    )


def _check_one_series(points: Sequence[Observation]) -> None:
    """Refuse points from several editions or measures: NATO restates past years in
    every release and changed its headline measure in 2026, so a line across them
    would show a change that never happened."""
    editions = sorted({o.edition for o in points})
    if len(editions) > 1:
        raise ValueError(f"the series mixes editions ({', '.join(editions)}); "
                         "compare editions side by side, never splice them")
    measures = sorted({o.measure.value for o in points})
    if len(measures) > 1:
        raise ValueError(f"the series mixes measures ({', '.join(measures)}); "
                         "one series shows one measure")


def _figures(points: Sequence[Observation]) -> list[Observation]:
    """The points that are published figures with a value, oldest year first."""
    return sorted((o for o in points if o.value is not None and o.status in _FIGURE_STATUSES),
                  key=lambda o: o.year)


def required_from_series(points: Sequence[Observation], target: float, by_year: int,
                         gdp_growth: float = 0.015) -> RequiredPath | None:
    """The required path from an ally's latest figure in one edition.

    Starts from the newest year that has an actual or estimate value, so a
    published blank or a missing year does not stop the panel from answering;
    plan and scenario points are ignored. ``None`` when there is no path to
    compute: no figure (Iceland, which has no armed forces and no series), a
    latest figure of 0% (no growth rate leads anywhere from zero), or one dated
    at or after ``by_year`` (an analyst may enter such figures).

    Raises:
        ValueError: the points mix editions or measures.
    """
    _check_one_series(points)
    figures = _figures(points)
    if not figures:
        return None
    latest = figures[-1]
    assert latest.value is not None  # _figures keeps only points with a value
    if latest.value <= 0 or latest.year >= by_year:
        return None
    return required_path(latest.value, latest.year, target, by_year, gdp_growth)


def scenario_path(from_value: float, from_year: int, target: float, by_year: int,
                  kind: Literal["linear", "compound"]) -> list[tuple[int, float]]:
    """One point per whole year from ``from_year`` to ``by_year`` inclusive.

    ``linear`` adds the same pp every year; ``compound`` grows the share by the
    same rate every year. The ends are set exactly (``(from_year, from_value)``
    and ``(by_year, target)``) so the drawn line ends on the target line and a
    label reads "3.50", not "3.4999999".

    Raises:
        ValueError: ``by_year`` is not after ``from_year``, an unknown ``kind``,
            or (compound) a figure or target that is not positive.
    """
    _check_years(from_year, by_year)
    years = by_year - from_year
    steps = range(1, years)
    if kind == "linear":
        inner = [from_value + (target - from_value) * step / years for step in steps]
    elif kind == "compound":
        _check_positive(from_value, target)
        ratio = target / from_value
        inner = [from_value * ratio ** (step / years) for step in steps]
    else:
        raise ValueError(f"unknown scenario kind {kind!r}: use 'linear' or 'compound'")
    middle = [(from_year + step, value) for step, value in zip(steps, inner, strict=True)]
    return [(from_year, from_value), *middle, (by_year, target)]


def ranked(observations: Iterable[Observation], edition: str, year: int) -> list[Observation]:
    """Allies with a value in ``edition`` and ``year``, highest first.

    Equal values are ordered by ISO-3 code, so the ranked view and its tests see
    one stable order. Blanks are left out: a gap has no rank.
    """
    return sorted(
        (o for o in observations if o.edition == edition and o.year == year and o.value is not None),
        key=lambda o: (-(o.value or 0.0), o.iso3),
    )


def rank_of(observations: Iterable[Observation], edition: str, year: int, iso3: str) -> int | None:
    """The ally's 1-based place in ``ranked`` (ties take consecutive places, by ISO-3).

    ``None`` when the ally has no value that year in that edition.
    """
    for place, obs in enumerate(ranked(observations, edition, year), start=1):
        if obs.iso3 == iso3:
            return place
    return None


def allies_above(observations: Iterable[Observation], edition: str,
                 threshold: float) -> dict[int, list[str]]:
    """Year -> sorted ISO-3 codes of allies at or above ``threshold`` in ``edition``.

    Every year the edition covers is a key, so "nobody" (``[]``) is an answer and
    not a missing year. Blanks never count as meeting a threshold.
    """
    out: dict[int, list[str]] = {}
    for o in observations:
        if o.edition != edition:
            continue
        above = out.setdefault(o.year, [])
        if o.value is not None and o.value >= threshold:
            above.append(o.iso3)
    return {year: sorted(set(out[year])) for year in sorted(out)}


def _format_target(target: float) -> str:
    """A target as it is spoken: ``3.5%``, ``5%``, ``2%`` (no invented precision)."""
    return f"{target:g}%"


def _versus_target(value: float, decimals: int, target: float, target_name: str) -> str:
    """``1.50 pp below the 3.5% core target`` / ``above the …`` / ``at the …``.

    Below the target the gap is given in pp (it is what the reader needs to
    know); above it the sentence only says so. "At" means the gap rounds to zero
    at the figure's published precision.
    """
    goal = f"the {_format_target(target)} {target_name}"
    gap = gap_pp(value, target)
    if abs(gap) < 0.5 * 10**-decimals:
        return f"at {goal}"
    if gap > 0:
        return f"{gap:.{decimals}f} pp below {goal}"
    return f"above {goal}"


def summarize(name: str, points: Sequence[Observation], target: float,
              target_name: str = "core target") -> str:
    """One plain sentence saying what an ally's line shows, for tooltips,
    screen readers and exports.

    Forms (first and last *figures*: actual or estimate with a value; blanks,
    plans and scenarios are skipped):

    * ``Poland rose from 1.86% in 2014 to 4.48% in 2025 (estimate), above the 3.5% core target.``
    * ``… fell from …`` when the last figure is lower;
    * ``Spain held at 2.00% from 2025 to 2026 (estimate), 1.50 pp below the 3.5% core target.``
      when first and last are equal at the published precision;
    * ``Spain stood at 2.00% in 2025 (estimate), 1.50 pp below the 3.5% core target.`` for one figure;
    * ``No figures for Iceland in this edition.``

    Every form ends the same way: ``N pp below`` / ``above`` / ``at`` the target,
    judged on the last figure. ``(estimate)`` marks a last figure that is an estimate.

    Raises:
        ValueError: the points mix editions or measures.
    """
    _check_one_series(points)
    figures = _figures(points)
    if not figures:
        return f"No figures for {name} in this edition."
    first, last = figures[0], figures[-1]
    assert first.value is not None and last.value is not None  # _figures keeps values only
    last_text = format_pct(last.value, last.decimals)
    mark = " (estimate)" if last.status is Status.ESTIMATE else ""
    ending = _versus_target(last.value, last.decimals, target, target_name)
    if len(figures) == 1:
        return f"{name} stood at {last_text} in {last.year}{mark}, {ending}."
    precision = min(first.decimals, last.decimals)
    before, after = round(first.value, precision), round(last.value, precision)
    if before == after:
        return f"{name} held at {last_text} from {first.year} to {last.year}{mark}, {ending}."
    verb = "rose" if after > before else "fell"
    first_text = format_pct(first.value, first.decimals)
    return f"{name} {verb} from {first_text} in {first.year} to {last_text} in {last.year}{mark}, {ending}."


def standing(observations: Iterable[Observation], edition: str, year: int,
             iso3: str) -> tuple[int, int, bool] | None:
    """(rank, of how many, shared) in competition order: equal figures share a rank.

    Six allies at exactly 2.00% are joint 26th, not 26th to 31st by their
    codes. None when the ally has no value that year.
    """
    field = ranked(observations, edition, year)
    mine = next((o.value for o in field if o.iso3 == iso3), None)
    if mine is None:
        return None
    values = [o.value for o in field if o.value is not None]
    return 1 + sum(v > mine for v in values), len(values), values.count(mine) > 1
