"""Editions side by side: one ally's line per edition, and what changed between two.

NATO restates every past year in each release, so an ally's 2023 figure in
the August 2025 edition and in the July 2026 edition are two figures, each
meaning something only with its edition. ``edition_lines`` gives one line per
edition (never spliced: each line holds only its edition's figures) in the
measure on show; ``revisions`` lists what a later edition changed against an
earlier one, compared at the precision each was published in; and
``describe_revisions`` says it in one sentence ("NATO restated 6 of Albania's
12 years between August 2025 and July 2026 and added 2026; the largest
change: 2025, 2.01% → 1.48%.").

Two things are drawn together but never treated as one series:

* NATO's share of GDP changed definition in 2026: the July 2026 edition
  reports *core* defence expenditure, earlier ones defence expenditure as
  NATO defined it before. ``measure_family`` puts both on one chart; each
  line is labelled with its measure when they are mixed, and
  ``definition_notes`` says that they differ.
* Another publisher's series (SIPRI's) measures something else (its own
  definition of military expenditure). Its line is labelled as such
  ("SIPRI 2025 release (SIPRI definition, not NATO's)") and ``revisions``
  between two publishers' series are refused by ``describe_revisions``: a
  difference of definition is not a restatement.

Pure functions over domain records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from nato_desk.analysis.figures import format_value, measure_words
from nato_desk.domain import Edition, Measure, Observation, Status

__all__ = [
    "ACTUAL_TO_ESTIMATE",
    "DROPPED",
    "ESTIMATE_TO_ACTUAL",
    "GDP_SHARE_FAMILY",
    "NEW_FIGURE",
    "NEW_YEAR",
    "REVISED",
    "EditionLine",
    "Revision",
    "default_pair",
    "definition_notes",
    "describe_revisions",
    "edition_lines",
    "format_change",
    "is_nato",
    "measure_family",
    "revisions",
    "same_publisher",
]

# What a year's figure did between two editions, in the table's words.
REVISED = "revised"
ESTIMATE_TO_ACTUAL = "estimate \u2192 actual"
ACTUAL_TO_ESTIMATE = "actual \u2192 estimate"
NEW_YEAR = "new year"
NEW_FIGURE = "blank filled"  # a published blank in the older edition, a figure in the newer
DROPPED = "dropped"

GDP_SHARE_FAMILY: tuple[Measure, ...] = (Measure.PCT_GDP, Measure.CORE_PCT_GDP)
"""NATO's headline share of GDP before 2026 and its successor, core defence
expenditure (July 2026 on): different definitions of the same headline."""

# How a line names its measure when the chart mixes the two GDP-share definitions:
# the core share says so; the older headline keeps the bare edition name (the notes
# say what it measures), so labels stay short enough for a legend and a combo box.
_MEASURE_WORDS = {Measure.CORE_PCT_GDP: "core"}
_MINUS = "\u2212"


def measure_family(measure: Measure) -> tuple[Measure, ...]:
    """The measures drawn together with ``measure``, ``measure`` first.

    NATO's two GDP-share headlines go together (each line keeps its own
    measure and says so); every other measure stands alone.
    """
    if measure in GDP_SHARE_FAMILY:
        return (measure, *(m for m in GDP_SHARE_FAMILY if m is not measure))
    return (measure,)


def _publisher_key(edition: Edition) -> str:
    return (edition.publisher.strip() or "NATO").casefold()


def same_publisher(a: Edition, b: Edition) -> bool:
    """Two releases of one publisher's series: only these have revisions between them."""
    return _publisher_key(a) == _publisher_key(b)


def is_nato(edition: Edition) -> bool:
    """NATO's own release (an edition without a publisher is read as NATO's, as the seed does)."""
    return _publisher_key(edition) == "nato"


@dataclass(frozen=True)
class EditionLine:
    """One edition's figures for one ally in one measure: a line of its own."""

    edition: Edition
    measure: Measure
    points: tuple[Observation, ...]  # oldest year first, published blanks included
    label: str  # the legend's words: "July 2026 (core)", "SIPRI 2025 release (SIPRI definition, not NATO's)"

    @property
    def other_definition(self) -> bool:
        """Another publisher's series: drawn apart and never compared as a revision."""
        return not is_nato(self.edition)

    @property
    def years(self) -> list[int]:
        """The years with a figure (blanks left out)."""
        return [o.year for o in self.points if o.value is not None]


def _publisher_name(edition: Edition) -> str:
    publisher = edition.publisher.strip() or "NATO"
    if edition.label.casefold().startswith(publisher.casefold()):
        return edition.label
    return f"{publisher} {edition.label}"


def edition_lines(observations: Iterable[Observation], editions: Iterable[Edition], iso3: str,
                  measure: Measure) -> list[EditionLine]:
    """Every edition's line for ``iso3`` in ``measure``'s family, oldest release first.

    An edition contributes the first measure of ``measure_family(measure)``
    it has a figure for (the July 2026 edition its core share when the
    picker shows the older share of GDP, and the reverse); an edition
    without a figure for the ally is left out. A line holds its own
    edition's figures only.
    """
    family = measure_family(measure)
    mine: dict[str, list[Observation]] = {}
    for obs in observations:
        if obs.iso3 == iso3 and obs.measure in family:
            mine.setdefault(obs.edition, []).append(obs)
    found: list[tuple[Edition, Measure, tuple[Observation, ...]]] = []
    for edition in sorted(editions, key=lambda e: (e.released, e.id)):
        figures = mine.get(edition.id, [])
        chosen = next((m for m in family if any(o.measure is m and o.value is not None for o in figures)), None)
        if chosen is None:
            continue
        points = tuple(sorted((o for o in figures if o.measure is chosen), key=lambda o: o.year))
        found.append((edition, chosen, points))
    mixed = len({m for e, m, _ in found if is_nato(e)}) > 1
    lines = []
    for edition, chosen, points in found:
        if not is_nato(edition):
            publisher = edition.publisher.strip()
            label = f"{_publisher_name(edition)} ({publisher} definition, not NATO's)"
        elif mixed and chosen in _MEASURE_WORDS:
            label = f"{edition.label} ({_MEASURE_WORDS[chosen]})"
        else:
            label = edition.label
        lines.append(EditionLine(edition, chosen, points, label))
    return lines


def definition_notes(lines: Sequence[EditionLine]) -> list[str]:
    """What a reader must know before comparing the lines: definitions and price bases that differ."""
    notes: list[str] = []
    nato = [line for line in lines if not line.other_definition]
    core = [line.edition.label for line in nato if line.measure is Measure.CORE_PCT_GDP]
    older = [line.edition.label for line in nato if line.measure is Measure.PCT_GDP]
    if core and older:
        notes.append(
            f"{_join(core)}: core defence expenditure (the basis of the 3.5% target); {_join(older)}: defence "
            "expenditure as NATO defined it before 2026. The definitions differ, so part of any change between "
            "them is the change of definition.")
    for line in lines:
        if line.other_definition:
            publisher = line.edition.publisher.strip()
            notes.append(f"{_publisher_name(line.edition)} is {publisher}'s own series and definition: never "
                         f"joined to NATO's lines, and its differences from NATO's figures are not revisions.")
    bases = {line.edition.label: line.edition.base_year for line in lines
             if line.measure in (Measure.CONSTANT_USD, Measure.GDP_CONSTANT_USD)}
    if len(set(bases.values())) > 1:
        notes.append("Constant prices of different base years (" +
                     "; ".join(f"{label}: {base or 'base year not stated'}" for label, base in bases.items()) +
                     "): the levels are not comparable between these lines.")
    return notes


def _join(words: Sequence[str]) -> str:
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class Revision:
    """One year that differs between two editions."""

    year: int
    old: Observation | None  # the older ("from") edition's figure; None: no row
    new: Observation | None  # the newer ("to") edition's figure
    delta: float | None  # new - old as published, at the coarser of the two precisions
    decimals: int  # the precision of ``delta``
    kind: str  # REVISED, ESTIMATE_TO_ACTUAL, ACTUAL_TO_ESTIMATE, NEW_YEAR, NEW_FIGURE or DROPPED

    @property
    def value_changed(self) -> bool:
        """Both editions have a figure and they differ at published precision."""
        return self.delta is not None and self.delta != 0


def _published(obs: Observation) -> Decimal:
    """The figure as its publisher printed it (``1.35`` for 1.3465 at 2 decimals)."""
    assert obs.value is not None
    return Decimal(f"{obs.value:.{max(obs.decimals, 0)}f}")


def _half_step(obs: Observation) -> Decimal:
    return Decimal(5).scaleb(-(max(obs.decimals, 0) + 1))


def _compare(old: Observation, new: Observation) -> tuple[float, int]:
    """The published difference and its precision; 0.0 when the two printed
    figures may be the same number (2.0 at one decimal and 2.01 at two)."""
    before, after = _published(old), _published(new)
    decimals = max(min(old.decimals, new.decimals), 0)
    # Each printed figure stands for an interval of half its last digit either side;
    # only intervals that do not overlap are a change (at equal precision: different text).
    if abs(after - before) < _half_step(old) + _half_step(new):
        return 0.0, decimals
    step = Decimal(1).scaleb(-decimals)
    return float((after - before).quantize(step, rounding=ROUND_HALF_EVEN)), decimals


def revisions(old_points: Iterable[Observation], new_points: Iterable[Observation]) -> list[Revision]:
    """What the newer edition's figures (``new_points``) changed against the older's, year by year.

    Figures are compared as published: an unrounded workbook value and the
    same figure printed at its precision are one figure, and a figure
    printed at one decimal agrees with any two-decimal figure it could be a
    rounding of. Listed: revised values, estimates that became actual (or
    the reverse) even at the same value, new years, blanks filled, and
    figures the newer edition no longer gives. Unchanged years are left out.
    """
    old = {o.year: o for o in old_points}
    new = {o.year: o for o in new_points}
    out: list[Revision] = []
    for year in sorted(old.keys() | new.keys()):
        before, after = old.get(year), new.get(year)
        has_before = before is not None and before.value is not None
        has_after = after is not None and after.value is not None
        if before is not None and after is not None and has_before and has_after:
            delta, decimals = _compare(before, after)
            if before.status is Status.ESTIMATE and after.status is Status.ACTUAL:
                kind = ESTIMATE_TO_ACTUAL
            elif before.status is Status.ACTUAL and after.status is Status.ESTIMATE:
                kind = ACTUAL_TO_ESTIMATE
            elif delta != 0:
                kind = REVISED
            else:
                continue
            out.append(Revision(year, before, after, delta, decimals, kind))
        elif has_before:
            assert before is not None
            out.append(Revision(year, before, after, None, before.decimals, DROPPED))
        elif has_after:
            assert after is not None
            out.append(Revision(year, before, after, None, after.decimals,
                                NEW_YEAR if before is None else NEW_FIGURE))
    return out


def format_change(delta: float, decimals: int, measure: Measure) -> str:
    """A difference of two figures: ``−0.53 pp`` for shares, ``+1,234 m US$`` for money; ``no change``."""
    if delta == 0:
        return "no change"
    sign = "+" if delta > 0 else _MINUS
    if measure.info.unit.startswith("%"):
        return f"{sign}{abs(delta):.{decimals}f} pp"
    return sign + format_value(abs(delta), decimals, measure)


def _figure(obs: Observation) -> str:
    assert obs.value is not None
    return format_value(obs.value, obs.decimals, obs.measure)


def _years(years: Sequence[int]) -> str:
    """``2026``, ``2025 and 2026``, ``12 years (2014–2024 and 2026)``: runs of three or more as ranges."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts: list[str] = []
    for run in runs:
        parts += [f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(y) for y in run]
    text = _join(parts)
    return f"{len(years)} years ({text})" if len(years) > 3 else text


def default_pair(lines: Sequence[EditionLine]) -> tuple[EditionLine | None, EditionLine | None]:
    """The editions compared first: the newest NATO edition, against the newest earlier
    NATO edition covering at least half as many years (so a one-year annual-report
    figure is not the default baseline of a thirteen-year series); ``None`` where
    there is no such edition."""
    nato = [line for line in lines if not line.other_definition]
    if not nato:
        return None, None
    newest = nato[-1]
    earlier = nato[:-1]
    full = [line for line in earlier if 2 * len(line.years) >= len(newest.years)]
    before = (full or earlier)[-1] if earlier else None
    return before, newest


def describe_revisions(name: str, old: EditionLine, new: EditionLine, found: Sequence[Revision]) -> str:
    """One sentence on what ``new`` changed against ``old`` for the ally ``name``.

    Lines of two publishers are not compared (their differences are of
    definition, not restatements); one edition against itself says to pick two.
    """
    if old.edition.id == new.edition.id:
        return "Choose two different editions to list what changed between them."
    if not same_publisher(old.edition, new.edition):
        return (f"{_publisher_name(old.edition)} and {_publisher_name(new.edition)} are different publishers' "
                    "series with different definitions: their differences are not revisions, so none are listed.")
    publisher = new.edition.publisher.strip() or "NATO"
    between = f"between {old.edition.label} and {new.edition.label}"
    base = len(old.years)
    restated = [r for r in found if r.value_changed]
    confirmed = [r for r in found if r.kind == ESTIMATE_TO_ACTUAL and not r.value_changed]
    added = [r.year for r in found if r.kind in (NEW_YEAR, NEW_FIGURE)]
    dropped = [r.year for r in found if r.kind == DROPPED]
    year_word = "year" if base == 1 else "years"
    if restated:
        text = f"{publisher} restated {len(restated)} of {name}'s {base} {year_word} {between}"
    else:
        text = f"{publisher} restated none of {name}'s {base} {year_word} {between} (compared as published)"
    extras = []
    if added:
        extras.append(f"added {_years(added)}")
    if dropped:
        extras.append(f"dropped {_years(dropped)}")
    if extras:
        text += " and " + " and ".join(extras)
    if confirmed:
        count = len(confirmed)
        text += f"; {count} estimate{'s' if count > 1 else ''} confirmed as actual"
    if restated:
        largest = max(restated, key=lambda r: (abs(r.delta or 0.0), r.year))
        assert largest.old is not None and largest.new is not None
        text += f"; the largest change: {largest.year}, {_figure(largest.old)} \u2192 {_figure(largest.new)}"
    if old.measure is not new.measure:
        text += (f". {old.edition.label} and {new.edition.label} measure different things "
                 f"({measure_words(old.measure)} and {measure_words(new.measure)})")
    return text + "."
