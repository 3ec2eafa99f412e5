"""Figures quoted in narrative text: which year and which edition they are from.

A position summary is sourced text, written once and never edited to follow
the data ("Highest spender (4.48% of GDP in 2025e)"). NATO restates every
year in each release, so the same pane in the July 2026 edition shows Poland
at 4.25% and fourth. The summary stays as the reference wrote it; what this
module adds is the date and edition of every figure it quotes, so the text is
never read as the edition on show:

    Figures in this summary: 4.48% of GDP in 2025, August 2025 edition
    (this pane shows the July 2026 edition: 4.25% for 2025)

How a quoted figure is dated, in order:

1. the figure (a share of GDP written to NATO's two decimals, "4.48%") is
   matched against the ally's stored figures of that value, in the year the
   text names ("2025e", "in 2025") if it names one; among several editions,
   the one current at the position's ``since`` date wins, else the oldest
   (the one the text was written from);
2. failing a match, the edition current at the position's ``since`` date;
3. failing that, the figure is said to be as the source gave it.

Whole or one-decimal percentages ("5% by 2035", "3% by 2030", "4.1% … in
2027") are targets and plans, not NATO figures, and are left alone.

Pure: no Qt, no store; functions over domain records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nato_desk.analysis.figures import format_pct
from nato_desk.domain import Edition, Observation, Position

__all__ = ["QuotedFigure", "date_figures", "dating_line", "edition_at", "quoted_figures"]

# "4.48% of GDP in 2025e", "3.73% (2025e)", "(2.01% est.)", "3.22% (2025e)": a two-decimal
# share of GDP, then (within a few words) the year it is for, if the text gives one.
_FIGURE = re.compile(r"(?<![\d.])(\d{1,2}\.\d{2})\s?%")
_YEAR_AFTER = re.compile(r"^[^.;%]{0,24}?\b((?:19|20)\d{2})e?\b")


@dataclass(frozen=True)
class QuotedFigure:
    """One figure quoted in a text, with what it was found to be."""

    text: str  # as written: "4.48%"
    value: float
    decimals: int
    year: int | None  # the year the text names for it, if any
    match: Observation | None = None  # the stored figure it is (same ally, value and year)
    edition: Edition | None = None  # the edition it is from (the match's, or current at ``since``)
    shown: Observation | None = None  # what the edition on show gives for that year

    @property
    def from_shown_edition(self) -> bool:
        return self.edition is not None and self.shown is not None and self.shown.edition == self.edition.id


def quoted_figures(text: str) -> list[QuotedFigure]:
    """The two-decimal percentages in ``text``, each with the year written after it."""
    found = []
    for m in _FIGURE.finditer(text):
        year = _YEAR_AFTER.match(text[m.end():])
        number = m.group(1)
        found.append(QuotedFigure(f"{number}%", float(number), len(number.split(".")[1]),
                                  int(year.group(1)) if year else None))
    return found


def edition_at(editions: Iterable[Edition], date: str) -> Edition | None:
    """The newest NATO edition released on or before ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    if not date:
        return None
    # A month or a year means its end: an edition released in that month was current by then.
    padded = date + ("-12-31" if len(date) == 4 else "-31" if len(date) == 7 else "")
    earlier = [e for e in editions if e.publisher == "NATO" and e.released and e.released <= padded]
    return max(earlier, key=lambda e: e.released, default=None)


def date_figures(position: Position, observations: Iterable[Observation], editions: Sequence[Edition],
                 shown_edition: str) -> list[QuotedFigure]:
    """Every figure the position's summary quotes, dated (see the module docstring).

    ``observations`` are the ally's figures in every edition; ``shown_edition``
    is the edition on show, whose figure for the same year is given beside it.
    """
    quoted_ones = quoted_figures(position.summary)
    if not quoted_ones:
        return []  # most summaries quote no figure: the ally's figures need no looking through
    by_id = {e.id: e for e in editions}
    figures = [o for o in observations if o.iso3 == position.iso3 and o.value is not None
               and o.measure.info.is_share_of_gdp]
    current = edition_at(editions, position.since)
    out = []
    for quoted in quoted_ones:
        candidates = [o for o in figures
                      if o.decimals == quoted.decimals and round(o.value or 0.0, o.decimals) == quoted.value
                      and (quoted.year is None or o.year == quoted.year) and o.edition in by_id]
        match = None
        if candidates:
            at_since = [o for o in candidates if current is not None and o.edition == current.id]
            match = (at_since or sorted(candidates, key=lambda o: (by_id[o.edition].released, -o.year)))[0]
        edition = by_id[match.edition] if match else current
        year = match.year if match else quoted.year
        shown = None
        if year is not None and edition is not None:  # a plan's figure is not compared with NATO's
            shown = next((o for o in figures if o.edition == shown_edition and o.year == year), None)
        out.append(QuotedFigure(quoted.text, quoted.value, quoted.decimals, year, match, edition, shown))
    return out


def _one(figure: QuotedFigure) -> str:
    when = f" in {figure.year}" if figure.year is not None else ""
    if figure.edition is None:
        return f"{figure.text}{when}, as the position's source gave it (in no stored edition)"
    if figure.match is None:
        return f"{figure.text}{when}, {figure.edition.label} edition (current when the position was recorded)"
    return f"{figure.text} of GDP{when}, {figure.edition.label} edition"


def dating_line(figures: Sequence[QuotedFigure], shown: Edition | None, where: str = "this pane") -> str:
    """One line naming each quoted figure's year and edition, and what the edition on show says.

    ``""`` when the text quotes no figure. Every figure is written as the
    source wrote it; the edition on show's figure at its own precision. ``where`` names what shows the
    edition ("this pane", "this deck").
    """
    if not figures:
        return ""
    line = "Figures in this summary: " + "; ".join(_one(f) for f in figures)
    if shown is None:
        return line
    if all(f.from_shown_edition for f in figures):
        return f"{line} (the edition on show)"
    said = "; ".join(f"{format_pct(f.shown.value, f.shown.decimals)} for {f.year}"
                     for f in figures if not f.from_shown_edition
                     and f.shown is not None and f.shown.value is not None)
    return f"{line} ({where} shows the {shown.label} edition" + (f": {said})" if said else ")")
