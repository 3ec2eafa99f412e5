"""One ally's line on the trajectory chart, in its four styles.

A slot owns the plot items of one ally (``SeriesLine``s), made once and
refilled with ``setData``: NATO's actual figures (solid, filled markers), NATO's estimates
(dotted, hollow markers), the ally's national plan points (dashed) and a
scenario path to a target (dash-dot). Its legend sample toggles all four.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg

from nato_desk.domain import Observation, Status
from nato_desk.palette import ALLY_SYMBOLS, STATUS_STYLES
from nato_desk.ui.chart.series_line import SeriesLine
from nato_desk.ui.theme import ally_qcolor, status_pen_style
from nato_desk.ui.theme import colour as theme_colour

__all__ = ["STATUS_PENS", "SeriesSlot", "style_sample"]

# The same pen style means the same kind of number for every ally (palette.STATUS_STYLES).
STATUS_PENS = {status: status_pen_style(status.value) for status in
               (Status.ACTUAL, Status.ESTIMATE, Status.PLAN, Status.SCENARIO)}


@dataclass
class SeriesSlot:
    actual: SeriesLine
    estimate: SeriesLine
    plan: SeriesLine
    scenario: SeriesLine
    sample: pg.PlotDataItem
    iso3: str | None = None
    points: tuple[Observation, ...] = ()
    plan_points: tuple[Observation, ...] = ()
    scenario_points: list[tuple[int, float]] = field(default_factory=list)
    # What the chart filled the slot from (ally, edition, measure, scenario, save);
    # the chart skips a refill with the same key (trajectory_chart._fill_slot).
    key: Hashable = None

    @classmethod
    def create(cls, plot: pg.PlotItem, index: int, count: int) -> SeriesSlot:
        colour = ally_qcolor(index)
        symbol_name = ALLY_SYMBOLS[index % len(ALLY_SYMBOLS)]
        width = 3 if index == 0 else 2
        size = 9 if index == 0 else 8

        def item(status: Status) -> SeriesLine:
            look = STATUS_STYLES[status.value]
            filled = look.filled_marker and not look.half_tone
            # Plan markers are half-tone, so a lone plan point never passes for
            # a hollow NATO estimate.
            fill = colour.lighter(165) if look.half_tone else None
            return SeriesLine(
                pen=pg.mkPen(colour, width=width, style=STATUS_PENS[status]),
                symbol=symbol_name if look.marker else None, symbolSize=size,
                symbolBrush=pg.mkBrush(fill or (colour if filled else theme_colour("chart_background"))),
                symbolPen=pg.mkPen(colour.darker(130) if filled else colour, width=1 if filled else 2),
            )

        slot = cls(
            actual=item(Status.ACTUAL),
            estimate=item(Status.ESTIMATE),
            plan=item(Status.PLAN),
            scenario=item(Status.SCENARIO),
            sample=pg.PlotDataItem(pen=pg.mkPen(colour, width=2), symbol=symbol_name, symbolSize=8,
                                   symbolBrush=pg.mkBrush(colour),
                                   symbolPen=pg.mkPen(colour.darker(130))),
        )
        # Actual above estimate (the joining point keeps its filled marker);
        # the selected ally above comparisons.
        base = 20 + 4 * (count - index)
        for z, it in enumerate((slot.scenario, slot.plan, slot.estimate, slot.actual)):
            it.setZValue(base + z)
            plot.addItem(it)
            it.hide()
        # The sample draws nothing on the plot (it has no data), but living in
        # the scene gives it a C++ owner: parentless graphics items collected
        # by Python's garbage collector after their scene is gone crash Qt.
        plot.addItem(slot.sample)
        _style_legend_marker(slot.sample)
        slot.sample.visibleChanged.connect(slot.show_data)
        return slot

    def items(self) -> tuple[SeriesLine, ...]:
        return (self.actual, self.estimate, self.plan, self.scenario)

    def show_data(self) -> None:
        """Show what has data, unless the user hid this ally in the legend."""
        visible = self.sample.isVisible()
        for it in self.items():
            ys = it.getData()[1]
            it.setVisible(visible and ys is not None and len(ys) > 0 and bool(np.isfinite(ys).any()))

    def fill(self, iso3: str | None, points: Sequence[Observation],
             plan_points: Sequence[Observation], scenario: list[tuple[int, float]]) -> None:
        if self.iso3 != iso3:
            self.sample.setVisible(True)  # a new ally in this slot starts visible
        self.iso3 = iso3
        self.points = tuple(points)
        self.plan_points = tuple(o for o in plan_points if o.value is not None)
        self.scenario_points = scenario
        self._fill_nato_line()
        _set(self.plan, [o.year for o in self.plan_points], [o.value for o in self.plan_points])
        _set(self.scenario, [y for y, _ in scenario], [v for _, v in scenario])
        self.show_data()

    def _fill_nato_line(self) -> None:
        if not self.points:
            _set(self.actual, [], [])
            _set(self.estimate, [], [])
            return
        # Every year from the first to the last, NaN where there is no row, so
        # a missing year breaks the line instead of being bridged.
        by_year = {o.year: o for o in self.points}
        years = np.arange(min(by_year), max(by_year) + 1, dtype=float)
        rows = [by_year.get(int(y)) for y in years]
        values = np.array([np.nan if o is None or o.value is None else o.value for o in rows])
        is_estimate = np.array([o is not None and o.status is Status.ESTIMATE for o in rows])
        actual_y = np.where(is_estimate, np.nan, values)
        estimate_y = np.where(is_estimate, values, np.nan)
        # Join the dotted estimate line to the last actual figure before it,
        # so the trajectory reads as one line that changes style.
        first_estimate = int(np.argmax(is_estimate)) if is_estimate.any() else -1
        if first_estimate > 0 and not np.isnan(values[first_estimate - 1]):
            estimate_y[first_estimate - 1] = values[first_estimate - 1]
        _set(self.actual, years, actual_y)
        _set(self.estimate, years, estimate_y)


def _set(item: SeriesLine, xs: Sequence[float] | np.ndarray, ys: Sequence[float | None] | np.ndarray) -> None:
    """Give ``item`` new data (None as NaN: a gap); ``bench/switch_parts.py`` leaves this out."""
    item.setData(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))


def _style_legend_marker(sample: pg.PlotDataItem) -> pg.PlotDataItem:
    """Give a data-less sample's marker its own pen and brush.

    The legend draws a PlotDataItem's marker from its inner scatter, which
    takes the symbol options only when data is set; a sample never has data,
    so its legend marker came out in pyqtgraph's default grey-violet.
    """
    opts = sample.opts
    scatter = sample.scatter
    if opts["symbol"] is None:
        return sample  # a line-only key (scenario): the legend draws no marker
    scatter.setSymbol(opts["symbol"])
    scatter.setSize(opts["symbolSize"])
    scatter.setPen(pg.mkPen(opts["symbolPen"]))
    scatter.setBrush(pg.mkBrush(opts["symbolBrush"]))
    return sample


def style_sample(status: Status) -> pg.PlotDataItem:
    """The legend's neutral key for one kind of number: pen and marker as drawn."""
    look = STATUS_STYLES[status.value]
    ink = theme_colour("chart_muted")
    fill = ink.lighter(200) if look.half_tone else ink if look.filled_marker else theme_colour("chart_background")
    return _style_legend_marker(pg.PlotDataItem(
        pen=pg.mkPen(ink, width=2, style=STATUS_PENS[status]),
        symbol="o" if look.marker else None, symbolSize=7,
        symbolBrush=pg.mkBrush(fill), symbolPen=pg.mkPen(ink),
    ))
