"""The ranked view: every ally with a figure for one year, as sorted bars.

Horizontal bars (names read along the left axis, highest at the top) in the
measure on show, with that measure's target lines: 2%, 3.5% and 5% for shares
of GDP, 20% for the equipment share, none for money or people. The bar of the ally selected in the list is drawn in
the selection colour; clicking a bar selects that ally, and the selected bar is
scrolled into view. Items are built once and updated with ``setOpts``.

The year ranked is picked on a ``YearSlider`` (2014, or the edition's first
year, to the edition's last year with figures in the measure; issue 13): it
steps or plays through the years and the bars move to their new ranks over
about 300 ms (``animate``; drawn at once while the view is hidden). Switching
edition shows the new edition's last year. The value axis is the same for
every year of the edition, so a bar's growth is seen, not rescaled away.

Signals:
    member_clicked(str): a bar was clicked (ISO-3 code).
    year_changed(int): the year ranked changed (the overview grid follows it).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEasingCurve, QPointF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nato_desk.analysis import ranked
from nato_desk.analysis.figures import format_value, measure_targets, of_measure
from nato_desk.domain import Edition, Measure, Observation
from nato_desk.store import Store
from nato_desk.ui.chart.trajectory_chart import axis_title
from nato_desk.ui.chart.year_slider import YearSlider
from nato_desk.ui.plain_text import plain_label
from nato_desk.ui.theme import ally_qcolor, colour, target_pen

__all__ = ["RankedView"]

_ROW_PX = 15  # the smallest bar height at which names and values stay readable
FIRST_YEAR = 2014  # the Wales pledge: where every view's time axis starts
ANIMATION_MS = 300  # bars moving to new ranks: long enough to follow, short next to a 0.8 s play step


def first_and_last(years: set[int]) -> tuple[int, int]:
    """The slider's range for the years with figures: from 2014 (or later) to the last; (0, -1) if none."""
    if not years:
        return 0, -1
    return min([y for y in years if y >= FIRST_YEAR] or years), max(years)


class RankedView(QWidget):
    member_clicked = Signal(str)
    year_changed = Signal(int)

    def __init__(self, store: Store, edition: str, parent: QWidget | None = None, *,
                 measure: Measure | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._edition = edition
        self._measure = self._resolve(measure)
        self._selected: str | None = None
        self.bars: list[Observation] = []
        # Where each ally's bar is drawn now (row, length): an animation starts from here.
        self._shown: dict[str, tuple[float, float]] = {}
        self._start: dict[str, tuple[float, float]] = {}
        self.animate = True  # tests and exports turn it off: the final picture at once
        self._names: list[str] = []
        self._nudge = 0.05

        self.year_slider = YearSlider()
        self.year_slider.slider.setAccessibleName("Ranked year")
        self.year_slider.year_changed.connect(self._on_year_slider_year_changed)
        self.caption = plain_label()  # wraps: a long caption must not widen the window
        self.caption.setAccessibleName("Ranked caption")
        # The year as plain text, for a slide (presenter mode) where nothing may look clickable.
        self.year_text = plain_label(wrap=False, selectable=False)
        self.year_text.setAccessibleName("Ranked year")
        self.year_text.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.year_text)
        bar.addWidget(self.year_slider, 1)

        # No context menus: the view box's is never built (see trajectory_chart).
        self.plot_widget = pg.PlotWidget(background=colour("chart_background"), enableMenu=False)
        self.plot_widget.setAccessibleName("Ranked chart")
        self._plot = self.plot_widget.getPlotItem()
        self._plot.setMenuEnabled(False)
        self._plot.setMouseEnabled(x=False, y=False)
        self._plot.hideButtons()
        self._plot.showGrid(x=True, alpha=0.15)
        self._plot.getViewBox().invertY(True)  # rank 1 at the top
        self.bar_item = pg.BarGraphItem(x0=[], y=[], height=0.72, width=[], brush=colour("bar"), pen=colour("bar"))
        self._plot.addItem(self.bar_item)
        self.value_labels: list[pg.TextItem] = []
        self.target_labels: dict[float, pg.TextItem] = {}
        self.target_lines: dict[str, pg.InfiniteLine] = {}
        # Every target any measure is drawn against, made once and shown by measure
        # (graphics items taken out of a scene and left to Python's collector crash Qt).
        self._all_targets: dict[str, tuple[float, pg.InfiniteLine, pg.TextItem]] = {}
        drawn = {tid for measure in Measure for tid in measure.info.targets}
        for target in store.targets():
            if target.id not in drawn:
                continue
            pen = target_pen(target.id)  # in the theme's colours
            line = pg.InfiniteLine(pos=target.value, angle=90, movable=False, pen=pen)
            self._plot.addItem(line, ignoreBounds=True)
            # Placed in _draw, in the empty row kept below the last bar.
            panel = colour("chart_panel")
            panel.setAlpha(230)
            text = pg.TextItem(f"{target.value:g}%", color=pen.color(), anchor=(0.5, 0.5),
                               fill=pg.mkBrush(panel))
            self._plot.addItem(text, ignoreBounds=True)
            self._all_targets[target.id] = (target.value, line, text)
        self._build_targets()
        self._plot.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setDuration(ANIMATION_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.valueChanged.connect(self._on_animation_value_changed)
        # Scrolling waits for the layout: the plot's height changes with the number of bars.
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(0)
        self._scroll_timer.timeout.connect(self.scroll_to_selected)

        # Each bar keeps a readable height; a short window scrolls instead of
        # letting 31 names overlap.
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.plot_widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.caption)
        layout.addWidget(self.scroll_area, 1)
        self._fill_years(reset=True)

    def _build_targets(self) -> None:
        """The measure's own target lines and labels (made again when the measure changes)."""
        self._plot.setLabel("bottom", axis_title(self._measure, self._store.get(Edition, self._edition)))
        wanted = [t.id for t in measure_targets(self._store.targets(), self._measure)]
        self.target_lines, self.target_labels = {}, {}
        for tid, (value, line, text) in self._all_targets.items():
            line.setVisible(tid in wanted)
            text.setVisible(tid in wanted)
            if tid in wanted:
                self.target_lines[tid] = line
                self.target_labels[value] = text

    def _resolve(self, measure: Measure | None) -> Measure:
        if measure is not None:
            return measure
        edition = self._store.get(Edition, self._edition)
        return edition.measure if edition else Measure.PCT_GDP

    def _observations(self) -> list[Observation]:
        return of_measure(self._store.observations(edition=self._edition), self._measure)

    # public API ---------------------------------------------------------

    @property
    def measure(self) -> Measure:
        return self._measure

    @property
    def year(self) -> int | None:
        return self.year_slider.year

    def set_year(self, year: int) -> None:
        """Rank ``year`` (clamped to the years the edition has)."""
        self.year_slider.set_year(year)

    def show_year_as_text(self) -> None:
        """Replace the year slider by the year in words (for presenting)."""
        self.year_slider.pause()
        self.year_slider.hide()
        self.year_text.show()

    def set_edition(self, edition: str, measure: Measure | None = None) -> None:
        """Rank ``edition``'s allies in ``measure`` (``None``: the edition's headline).

        Another edition starts at its own last year (an edition to 2026 is not
        left on 2025); the same edition in another measure keeps the year.
        """
        changed = edition != self._edition
        self._shown = {}  # other figures, perhaps another unit: drawn at once, not moved to
        self._edition = edition
        self._measure = self._resolve(measure)
        self._build_targets()  # the axis names the edition's base year for constant prices
        self._fill_years(reset=changed)

    def set_measure(self, measure: Measure) -> None:
        self.set_edition(self._edition, measure)

    def set_selected(self, iso3: str | None) -> None:
        self._selected = iso3
        self._update_brushes()
        self.scroll_to_selected()
        self._scroll_timer.start()  # again once a pending layout has settled

    def reload(self) -> None:
        self._fill_years(reset=False)

    def settle(self) -> None:
        """End a running animation: every bar at its rank now."""
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
        self._place(1.0)

    def bar_rows(self) -> dict[str, float]:
        """Where each ally's bar is drawn now (its row; fractional while moving)."""
        return {iso3: row for iso3, (row, _) in self._shown.items()}

    def scroll_to_selected(self) -> None:
        """Scroll the selected ally's bar (at its new rank) into view, if it has one."""
        codes = self.order()
        if self._selected not in codes:
            return
        view_box = self._plot.getViewBox()
        if view_box.height() <= 0:
            return  # not laid out yet: showEvent and the scroll timer come back
        row = codes.index(self._selected)
        top = self.plot_widget.mapFromScene(view_box.mapViewToScene(QPointF(0, row - 0.5)))
        bottom = self.plot_widget.mapFromScene(view_box.mapViewToScene(QPointF(0, row + 0.5)))
        centre, half = (top.y() + bottom.y()) // 2, abs(bottom.y() - top.y()) // 2
        self.scroll_area.ensureVisible(0, centre, 0, half + _ROW_PX)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scroll_timer.start()  # a hidden tab cannot scroll: do it when shown

    def order(self) -> list[str]:
        """The allies from the top bar down."""
        return [o.iso3 for o in self.bars]

    # drawing ------------------------------------------------------------

    def _fill_years(self, *, reset: bool) -> None:
        """Offer the edition's years; ``reset``: show its last year, else keep the year shown."""
        years = {o.year for o in self._observations() if o.value is not None}
        first, last = first_and_last(years)
        keep = None if reset else self.year
        before = self.year
        self.year_slider.set_years(first, last, keep)  # draws, through year_changed, if the year moved
        if self.year == before:
            self._draw()  # the same year, perhaps other figures

    def _draw(self) -> None:
        year = self.year
        self.year_text.setText(f"{year}:" if year is not None else "")
        observations = self._observations()
        self.bars = ranked(observations, self._edition, year) if year is not None else []
        n = len(self.bars)
        values = [o.value or 0.0 for o in self.bars]
        for label in self.value_labels[n:]:
            label.hide()
        while len(self.value_labels) < n:
            label = pg.TextItem(color=colour("chart_foreground"), anchor=(0, 0.5))
            self._plot.addItem(label)
            self.value_labels.append(label)
        for i, obs in enumerate(self.bars):
            self.value_labels[i].setText(format_value(obs.value or 0.0, obs.decimals, self._measure))
        names = [self._name(o.iso3) for o in self.bars]
        # One value axis for every year of the edition: playing through the years shows
        # bars growing, not an axis rescaling under them.
        every = [o.value for o in observations if o.value is not None] or [0.0]
        gdp = self._measure.info.is_share_of_gdp
        top = max(every + [5.5]) if gdp else max(every + [*self.target_labels, 1.0])
        # Room right of the longest bar for its label: 0.4 pp for a share of GDP, a fifth of the axis else.
        x_max = float(np.ceil(top + 0.4)) if gdp else top * 1.22
        self._nudge = 0.05 if gdp else x_max * 0.006
        self._names = names
        # Each bar moves from where it is drawn now; a newcomer grows from zero in its row.
        self._start = {o.iso3: self._shown.get(o.iso3, (float(i), 0.0)) for i, o in enumerate(self.bars)}
        self._update_brushes()
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
        moving = any(self._start[o.iso3] != (float(i), o.value or 0.0) for i, o in enumerate(self.bars))
        if self.animate and moving and self._shown and self.isVisible():
            self._place(0.0)
            self.animation.start()
        else:
            self._place(1.0)
        self._plot.setXRange(min([0.0, *every]), x_max, padding=0)
        self._plot.setYRange(-0.6, max(n, 1) + 0.6, padding=0)
        self.plot_widget.setMinimumHeight(_ROW_PX * (n + 1) + 60)
        for value, text in self.target_labels.items():
            text.setPos(value, max(n, 1) + 0.05)
        edition = self._store.get(Edition, self._edition)
        what = f"{self._measure.label}, {edition.label} edition" if edition else self._edition
        missing = len(self._store.members()) - n
        above = {t: sum(1 for v in values if v >= t) for t in sorted(self.target_labels)}
        counts = ", ".join(f"{count} at or above {t:g}%" for t, count in above.items())
        ranking = "; ".join(f"{i + 1}. {name} {label.toPlainText()}"
                            for i, (name, label) in enumerate(zip(names, self.value_labels)))
        # Screen readers get the whole ranking as text, not only the picture.
        self.plot_widget.setAccessibleDescription(f"Ranking for {year}: {ranking}")
        self.caption.setText(f"{n} allies ranked by {what}"
                             + (f"; {missing} without a {year} figure" if year and missing else "")
                             + (f". {counts}." if counts else ""))
        if year is not None:
            self.year_changed.emit(year)
        self._scroll_timer.start()  # the selected ally may have moved rank

    def _place(self, t: float) -> None:
        """Draw every bar ``t`` of the way (0..1) from its start to its rank and value."""
        rows: list[float] = []
        widths: list[float] = []
        for i, obs in enumerate(self.bars):
            (y0, w0), (y1, w1) = self._start.get(obs.iso3, (i, 0.0)), (float(i), obs.value or 0.0)
            rows.append(y0 + (y1 - y0) * t)
            widths.append(w0 + (w1 - w0) * t)
        n = len(self.bars)
        self.bar_item.setOpts(x0=np.zeros(n), y=np.array(rows, dtype=float), width=np.array(widths), height=0.72)
        # Axis ticks are drawn as plain text (QPainter.drawText), so names need no escaping;
        # they ride with their bars while these move.
        self._plot.getAxis("left").setTicks([list(zip(rows, self._names))])
        for label, row, width in zip(self.value_labels, rows, widths):
            label.setPos(width + self._nudge, row)
            label.show()
        self._shown = {o.iso3: (row, width) for o, row, width in zip(self.bars, rows, widths)}

    def _update_brushes(self) -> None:
        if not self.bars:
            # pyqtgraph cannot take empty per-bar lists; fall back to one pen.
            self.bar_item.setOpts(brushes=None, pens=None, brush=colour("bar"), pen=colour("bar"))
            return
        # The selected ally is the chart's own ally: the first colour.
        bar, selected = colour("bar"), ally_qcolor(0)
        border, selected_border = colour("bar_border"), colour("bar_selected_border")
        brushes = [pg.mkBrush(selected if o.iso3 == self._selected else bar) for o in self.bars]
        pens = [pg.mkPen(selected_border if o.iso3 == self._selected else border) for o in self.bars]
        self.bar_item.setOpts(brushes=brushes, pens=pens)

    def _name(self, iso3: str) -> str:
        member = self._store.member(iso3)
        return member.name if member else iso3

    # slots --------------------------------------------------------------

    def _on_year_slider_year_changed(self, _: int) -> None:
        self._draw()

    def _on_animation_value_changed(self, t: object) -> None:
        self._place(float(t))  # type: ignore[arg-type]

    def _on_scene_mouse_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        pos = self._plot.getViewBox().mapSceneToView(event.scenePos())  # type: ignore[attr-defined]
        self.click_at(pos.x(), pos.y())

    def click_at(self, x: float, y: float) -> str | None:
        """Select the ally whose bar (or its name row) is at view point (x, y)."""
        row = int(round(y))
        slack = 1.0 if self._measure.info.is_share_of_gdp else 0.1 * max([0.0, *(o.value or 0.0 for o in self.bars)])
        if not 0 <= row < len(self.bars) or abs(y - row) > 0.45 or x > (self.bars[row].value or 0) + slack:
            return None
        iso3 = self.bars[row].iso3
        self.member_clicked.emit(iso3)
        return iso3
