"""Spending figures: one ally's series in one edition, its latest figure, gaps.

Pure functions over domain records. An edition is a NATO release; a series
never mixes editions, and a published blank stays a blank (``value is None``).

An edition may hold several measures (share of GDP, equipment share, US$,
personnel); ``edition_measures`` says which, ``of_measure`` keeps one, and
``format_value`` writes any figure with its unit at its published precision.
``measure_targets`` and ``gap_target`` say which targets a measure is judged
against (none for money or people).

``has_defence_series`` decides whether an ally has a defence series at all:
NATO's tables give Iceland's GDP (``ECONOMIC_MEASURES``, context for the
shares) although Iceland, with no armed forces, has no defence figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nato_desk.domain import Edition, Measure, Observation, Status, Target

__all__ = [
    "ECONOMIC_MEASURES",
    "EditionGap",
    "MEASURE_ORDER",
    "describe_trend",
    "edition_measures",
    "edition_years",
    "format_figure",
    "format_gap",
    "format_pct",
    "format_value",
    "gap_pp",
    "gap_target",
    "has_defence_series",
    "latest_figure",
    "measure_targets",
    "measure_words",
    "of_measure",
    "pick_measure",
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


def format_value(value: float, decimals: int, measure: Measure) -> str:
    """A figure with its unit, at the precision its source published.

    Shares (of GDP, of defence expenditure, a real change) read as
    ``format_pct`` does: ``4.48%``. Money has thousands separators:
    ``12,345 m US$`` (millions), ``1,234 US$`` (per capita), ``45.6 k US$``
    (thousands); people ``195.0 k`` (thousands). Nothing is rounded beyond
    ``decimals``.
    """
    unit = measure.info.unit
    if unit.startswith("%"):
        return format_pct(value, decimals)
    number = f"{value:,.{max(decimals, 0)}f}"
    suffix = {"million US$": " m US$", "thousand US$": " k US$", "US$": " US$", "thousand": " k"}
    return number + suffix.get(unit, f" {unit}")


def format_figure(obs: Observation) -> str:
    """The list's figure text, e.g. ``2.00% (2025e)`` or ``12,345 m US$ (2024)``; a blank says so."""
    year = f"{obs.year}{status_mark(obs.status)}"
    if obs.value is None:
        return f"no figure ({year})"
    return f"{format_value(obs.value, obs.decimals, obs.measure)} ({year})"


MEASURE_ORDER: tuple[Measure, ...] = (
    Measure.PCT_GDP, Measure.CORE_PCT_GDP, Measure.TOTAL_PCT_GDP, Measure.RELATED_PCT_GDP,
    Measure.EQUIPMENT_SHARE, Measure.PERSONNEL_SHARE, Measure.INFRASTRUCTURE_SHARE, Measure.OTHER_SHARE,
    Measure.CONSTANT_USD, Measure.CURRENT_USD, Measure.REAL_CHANGE, Measure.PER_CAPITA,
    Measure.PERSONNEL, Measure.GDP_CONSTANT_USD, Measure.GDP_CURRENT_USD, Measure.GDP_PER_CAPITA,
)
"""How pickers list measures: shares of GDP first (the targets' measures), then
the split of spending, money, people and the economy."""


def measure_words(measure: Measure) -> str:
    """The picker's name inside a sentence: ``equipment share``, ``constant US$``, ``GDP per capita``."""
    short = measure.info.short or measure.label
    if len(short) > 1 and short[1].isupper():  # an acronym ("GDP, current US$") keeps its case
        return short
    return short[:1].lower() + short[1:]


ECONOMIC_MEASURES: frozenset[Measure] = frozenset(
    {Measure.GDP_CURRENT_USD, Measure.GDP_CONSTANT_USD, Measure.GDP_PER_CAPITA})
"""Measures of the economy NATO's tables give as context for the shares, not
defence spending: an ally may have these and still no defence series."""


def has_defence_series(observations: Iterable[Observation]) -> bool:
    """Whether any of ``observations`` is a defence figure with a value.

    GDP figures (``ECONOMIC_MEASURES``) and published blanks do not count:
    Iceland, whose GDP NATO publishes, has no defence series in any edition.
    """
    return any(o.value is not None and o.measure not in ECONOMIC_MEASURES for o in observations)


def of_measure(observations: Iterable[Observation], measure: Measure) -> list[Observation]:
    """The figures of one measure: a line, a rank or a gap never mixes measures."""
    return [o for o in observations if o.measure is measure]


def edition_measures(observations: Iterable[Observation], edition: Edition) -> list[Measure]:
    """The measures ``edition`` has figures for, in ``MEASURE_ORDER``.

    The edition's headline measure is always offered (an edition without a
    figure yet still says what it measures).
    """
    found = {o.measure for o in observations if o.edition == edition.id and o.value is not None}
    found.add(edition.measure)
    return [m for m in MEASURE_ORDER if m in found] + sorted(found - set(MEASURE_ORDER), key=lambda m: m.value)


def pick_measure(available: Sequence[Measure], wanted: Measure | None, headline: Measure) -> Measure:
    """``wanted`` if the edition has it, else the edition's headline measure."""
    return wanted if wanted is not None and wanted in available else headline


def measure_targets(targets: Iterable[Target], measure: Measure) -> list[Target]:
    """The stored targets a measure is drawn against, in ``measure.info.targets`` order.

    2%, 3.5% and 5% for shares of GDP, 20% for the equipment share, none for
    money or people.
    """
    by_id = {t.id: t for t in targets}
    return [by_id[tid] for tid in measure.info.targets if tid in by_id]


def describe_trend(name: str, points: Sequence[Observation]) -> str:
    """One sentence for a measure without a target: ``Poland rose from 10,234 m US$
    in 2014 to 31,565 m US$ in 2024 (estimate).``

    First and last are actual or estimate figures with a value (blanks, plans and
    scenarios skipped), each written at its published precision.
    """
    figures = sorted((o for o in points if o.value is not None and o.status in (Status.ACTUAL, Status.ESTIMATE)),
                     key=lambda o: o.year)
    if not figures:
        return f"No figures for {name} in this edition."
    first, last = figures[0], figures[-1]
    assert first.value is not None and last.value is not None
    last_text = format_value(last.value, last.decimals, last.measure)
    mark = " (estimate)" if last.status is Status.ESTIMATE else ""
    if len(figures) == 1:
        return f"{name} stood at {last_text} in {last.year}{mark}."
    precision = min(first.decimals, last.decimals)
    before, after = round(first.value, precision), round(last.value, precision)
    if before == after:
        return f"{name} held at {last_text} from {first.year} to {last.year}{mark}."
    verb = "rose" if after > before else "fell"
    first_text = format_value(first.value, first.decimals, first.measure)
    return f"{name} {verb} from {first_text} in {first.year} to {last_text} in {last.year}{mark}."


def gap_target(targets: Iterable[Target], measure: Measure) -> Target | None:
    """The target a gap is measured to: 3.5% core for shares of GDP, 20% for the
    equipment share; ``None`` where a gap means nothing (money, people, a ceiling
    such as "up to 1.5%")."""
    drawn = measure_targets(targets, measure)
    core = next((t for t in drawn if t.id == "HAGUE_CORE"), None)
    return core or next((t for t in drawn if t.kind == "at_least"), None)


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
