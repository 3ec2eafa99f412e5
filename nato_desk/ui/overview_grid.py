"""The overview grid: small multiples of all allies, one edition, in list order.

Owns one ``SparklineCell`` per ally, created once and painted with QPainter
(32 plot widgets would cost start-up time): name, latest figure, stance badge,
and a 2014-2035 sparkline in the measure on show against that measure's
target lines (2%, 3.5% and 5% for shares of GDP, 20% for the equipment share,
none for money or people; actual solid, estimate dotted, blanks break the
line). Every cell shares one vertical scale, so cells compare at a glance. The cells follow the member list's
proxy (its filter and sort order) and re-flow into as many columns as the
viewport fits; they are re-ordered, shown and hidden, never rebuilt.
Reads the store; never writes it. All text is drawn as plain text.

A year slider above the cells (issue 13; the ranked view's year, the desk
keeps the two in step) picks the year every cell shows: its figure for that
year under the name ("no 2025 figure" when it has none, never an older one),
a marker at that year on the sparkline and the line after it faded, so
playing through the years draws each ally's line as it grew. Switching
edition shows the new edition's last year.

Signals:
    member_clicked(str): a cell was clicked or activated (ISO-3 code).
    year_changed(int): the year shown changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPointF,
    QRectF,
    QSignalBlocker,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nato_desk.analysis import format_figure, latest_figure, series
from nato_desk.analysis.figures import has_defence_series, measure_targets, of_measure
from nato_desk.analysis.stance import stance_badge
from nato_desk.domain import Edition, Measure, Observation, Status
from nato_desk.export import citations
from nato_desk.store import Store
from nato_desk.ui.chart.ranked_view import first_and_last
from nato_desk.ui.chart.year_slider import YearSlider
from nato_desk.ui.member_model import MemberRole, badge_colour, stance_colour
from nato_desk.ui.plain_text import tooltip
from nato_desk.ui.theme import ally_qcolor, colour, status_pen_style, target_pen

__all__ = ["OverviewGrid", "SparklineCell"]

X_MIN, X_MAX, Y_MAX = 2014, 2035, 6.0  # Y_MAX: shares of GDP; other measures scale to their figures
CELL_W, CELL_H, SPACING = 200, 110, 6
_TICK_YEARS = (2029, 2035)
def _line() -> QColor:
    """Each cell is its ally's own chart: the first ally colour (of the current theme)."""
    return ally_qcolor(0)
_SOLID, _DOTTED = status_pen_style("actual"), status_pen_style("estimate")
NO_FIGURES = "no figures in this edition"
_STANCE_SHORT = {"Supports with reservations": "Reservations", "Opposes or exempted": "Opposes/exempt",
                 "no declared position": "no position"}


def _fit_lines(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Word-wrap ``text`` to ``width`` in at most ``max_lines``; cut text ends with "…"."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words and lines:  # more than fits: the rest is cut, the whole text is in the tooltip
        lines[-1] = " ".join([lines[-1], *words])
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
            if metrics.horizontalAdvance(line) > width else line for line in lines]


class SparklineCell(QWidget):
    """One ally: name, latest figure, stance badge and sparkline (or why there is none)."""

    clicked = Signal(str)
    focused = Signal(str)

    def __init__(self, iso3: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iso3, self.name = iso3, iso3
        self.subtitle = ""  # latest figure and stance in words (the badge is not colour alone)
        self.message = ""  # shown instead of a line; "" when a line is drawn
        self.points: list[Observation] = []  # the observations drawn
        self.selected = False
        self.year: int | None = None  # the year marked on the sparkline
        self._series: list[Observation] = []
        self._stance = stance_colour(None)
        self._targets: list[tuple[float, QPen]] = []
        self.y_max = Y_MAX
        self.setMinimumSize(CELL_W, CELL_H)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_data(self, *, name: str, subtitle: str, message: str, points: list[Observation],
                 full_series: list[Observation], stance: QColor, targets: list[tuple[float, QPen]],
                 accessible: str, tip: str, y_max: float = Y_MAX, year: int | None = None) -> None:
        self.name, self.subtitle, self.message = name, subtitle, message
        self.y_max, self.year = y_max, year
        self.points, self._series, self._stance, self._targets = points, full_series, stance, targets
        self.setAccessibleName(accessible)
        self.setToolTip(tooltip(tip))
        self.update()

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    # events -------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.iso3)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.iso3)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)  # repaints: the focus frame
        self.focused.emit(self.iso3)

    # painting -----------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal, w, h = self.palette(), self.width(), self.height()
        highlight = pal.color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(highlight if self.selected else colour("border"), 3 if self.selected else 1))
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(QRectF(1.5, 1.5, w - 3, h - 3), 4, 4)
        if self.hasFocus():
            p.setPen(QPen(highlight, 1, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(4.5, 4.5, w - 9, h - 9), 3, 3)
        # Header: stance badge and name, then the latest figure and the stance in words.
        p.setPen(self._stance.darker(130))
        p.setBrush(self._stance)
        p.drawEllipse(QRectF(8, 9, 10, 10))
        bold, small = QFont(self.font()), QFont(self.font())
        bold.setBold(True)
        small.setPointSizeF(max(6.5, small.pointSizeF() - 1.5))
        p.setFont(bold)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        name = QFontMetrics(bold).elidedText(self.name, Qt.TextElideMode.ElideRight, w - 30)
        p.drawText(QRectF(22, 5, w - 30, 18), Qt.AlignmentFlag.AlignVCenter, name)
        p.setFont(small)
        fm = QFontMetrics(small)
        p.setPen(colour("muted"))
        subtitle = fm.elidedText(self.subtitle, Qt.TextElideMode.ElideRight, w - 16)
        p.drawText(QRectF(8, 22, w - 16, fm.height()), Qt.AlignmentFlag.AlignVCenter, subtitle)
        plot = QRectF(22, 24 + fm.height() + 4, w - 30, h - 24 - fm.height() - 4 - fm.height() - 4)
        self._paint_axes(p, plot)
        if self.message:  # why there is no line, on a box over the empty plot
            lh = fm.height()
            lines = _fit_lines(self.message, fm, int(plot.width()) - 12, max(1, int(plot.height() - 4) // lh))
            box = QRectF(plot.left() + 2, plot.center().y() - len(lines) * lh / 2 - 2,
                         plot.width() - 4, len(lines) * lh + 4)
            p.setPen(colour("border"))
            p.setBrush(colour("alternate_base"))
            p.drawRoundedRect(box, 3, 3)
            p.setPen(colour("text"))
            for i, line in enumerate(lines):
                p.drawText(QRectF(box.left() + 4, box.top() + 2 + i * lh, box.width() - 8, lh),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, line)
        else:
            self._paint_line(p, plot)
        p.end()

    def _paint_axes(self, p: QPainter, plot: QRectF) -> None:
        fm = p.fontMetrics()
        p.setPen(QPen(colour("chart_faint"), 1))
        for year in _TICK_YEARS:
            x = _x(plot, year)
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(QPen(colour("chart_line"), 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        if self.year is not None and not self.message:  # the year shown, as in the ranked view
            x = _x(plot, self.year)
            marker = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            marker.setAlpha(110)
            p.setPen(QPen(marker, 2))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        for value, pen in self._targets:
            y = _y(plot, value, self.y_max)
            p.setPen(pen)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.drawText(QRectF(2, y - fm.height() / 2, plot.left() - 4, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:g}")
        p.setPen(colour("chart_muted"))
        for year, left in ((X_MIN, plot.left()), (2029, _x(plot, 2029) - 20), (X_MAX, plot.right() - 40)):
            align = {X_MIN: Qt.AlignmentFlag.AlignLeft, X_MAX: Qt.AlignmentFlag.AlignRight}
            p.drawText(QRectF(left, plot.bottom() + 1, 40, fm.height()),
                       align.get(year, Qt.AlignmentFlag.AlignHCenter), str(year))

    def _paint_line(self, p: QPainter, plot: QRectF) -> None:
        p.setBrush(_line())
        prev: Observation | None = None
        for obs in self._series:
            if obs.value is None:
                prev = None  # a published blank breaks the line
                continue
            if prev is not None and obs.year == prev.year + 1:  # a missing year breaks it too
                dotted = Status.ACTUAL != obs.status or prev.status != Status.ACTUAL
                pen = QPen(_faded(obs, self.year), 2, _DOTTED if dotted else _SOLID)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                p.setPen(pen)
                p.drawLine(_point(plot, prev, self.y_max), _point(plot, obs, self.y_max))
            prev = obs
        years = {o.year for o in self.points}
        for obs in self.points:
            pt = _point(plot, obs, self.y_max)
            colour = _faded(obs, self.year)
            p.setPen(QPen(colour, 1))
            p.setBrush(colour)
            if obs.year == self.year:  # the figure the subtitle reads, ringed
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(_line(), 2))
                p.drawEllipse(pt, 4.5, 4.5)
                p.setBrush(_line())
                p.setPen(QPen(_line(), 1))
            if obs.value is not None and obs.value > self.y_max:  # clipped: a triangle at the top edge
                p.drawPolygon(QPolygonF([QPointF(pt.x() - 4, pt.y() + 5), QPointF(pt.x() + 4, pt.y() + 5),
                                         QPointF(pt.x(), pt.y() - 1)]))
            if obs is self.points[-1] or not {obs.year - 1, obs.year + 1} & years:
                p.drawEllipse(pt, 2.5, 2.5)  # the latest figure, and points with no line through them


def _faded(obs: Observation, year: int | None) -> QColor:
    """The line's colour, faint after the year shown: the line as it stood then, the rest a hint."""
    if year is None or obs.year <= year:
        return _line()
    faint = _line()
    faint.setAlpha(70)
    return faint


def _x(plot: QRectF, year: float) -> float:
    return plot.left() + (year - X_MIN) / (X_MAX - X_MIN) * plot.width()


def _y(plot: QRectF, value: float, y_max: float = Y_MAX) -> float:
    return plot.bottom() - min(max(value, 0.0), y_max) / y_max * plot.height()


def _point(plot: QRectF, obs: Observation, y_max: float = Y_MAX) -> QPointF:
    return QPointF(_x(plot, obs.year), _y(plot, obs.value or 0.0, y_max))


class OverviewGrid(QScrollArea):
    """All allies as sparkline cells, in the proxy's filter and sort order."""

    member_clicked = Signal(str)
    year_changed = Signal(int)

    def __init__(self, store: Store, proxy: QSortFilterProxyModel, edition: str,
                 parent: QWidget | None = None, *, measure: Measure | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Overview grid")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._store, self._proxy, self._edition = store, proxy, edition
        self._measure = self._resolve_for(edition, measure)
        self._y_max = Y_MAX
        self._selected: str | None = None
        self._order: list[str] = []
        self._columns = 0
        self._cells: dict[str, SparklineCell] = {}
        self._targets: list[tuple[float, QPen]] = []
        container = QWidget()
        outer = QVBoxLayout(container)
        outer.setContentsMargins(SPACING, SPACING, SPACING, SPACING)
        self._grid = QGridLayout()
        self._grid.setSpacing(SPACING)
        outer.addLayout(self._grid)
        outer.addStretch(1)
        self.setWidget(container)
        # Above the cells, not among them: it stays in view while the cells scroll
        # (a header in the viewport's margin, as a table's header is).
        self.year_slider = YearSlider(self)
        self.year_slider.slider.setAccessibleName("Overview year")
        self.year_slider.year_changed.connect(self._on_year_slider_year_changed)
        self.setViewportMargins(0, self.year_slider.sizeHint().height() + SPACING, 0, 0)
        for member in store.members():
            self._cell(member.iso3)
        self.reload()  # offers the edition's years, at its last
        for signal in (proxy.layoutChanged, proxy.rowsInserted, proxy.rowsRemoved,
                       proxy.rowsMoved, proxy.modelReset):
            signal.connect(self._sync)
        proxy.dataChanged.connect(self._on_data_changed)
        self._sync()

    # public API ---------------------------------------------------------

    @property
    def edition(self) -> str:
        return self._edition

    @property
    def measure(self) -> Measure:
        return self._measure

    @property
    def year(self) -> int | None:
        """The year every cell shows (None: the edition has no figures in the measure)."""
        return self.year_slider.year

    def set_year(self, year: int) -> None:
        """Show ``year`` in every cell (clamped to the edition's years)."""
        self.year_slider.set_year(year)

    def set_edition(self, edition: str, measure: Measure | None = None) -> None:
        """Show ``edition`` in ``measure`` (``None``: the edition's headline measure).

        Another edition starts at its own last year; another measure keeps the year.
        """
        resolved = self._resolve_for(edition, measure)
        if edition != self._edition or resolved is not self._measure:
            changed = edition != self._edition
            self._edition, self._measure = edition, resolved
            self._fill_years(reset=changed)
            self.reload()

    def _resolve_for(self, edition: str, measure: Measure | None) -> Measure:
        if measure is not None:
            return measure
        record = self._store.get(Edition, edition)
        return record.measure if record else Measure.PCT_GDP

    def set_measure(self, measure: Measure) -> None:
        self.set_edition(self._edition, measure)

    def showEvent(self, event: QShowEvent) -> None:
        # Scrolling to the selected cell does nothing while the tab is hidden;
        # do it again when the grid is shown.
        super().showEvent(event)
        if self._selected in self._cells:
            cell = self._cells[self._selected]
            QTimer.singleShot(0, lambda: self.ensureWidgetVisible(cell, 0, SPACING))

    def set_selected(self, iso3: str | None) -> None:
        self._selected = iso3
        for code, cell in self._cells.items():
            cell.set_selected(code == iso3)
        if iso3 in self._cells and not self._cells[iso3].isHidden():
            self.ensureWidgetVisible(self._cells[iso3], 0, SPACING)

    def _fill_years(self, *, reset: bool) -> None:
        """Offer the edition's years in the measure; ``reset``: its last year, else keep the year."""
        years = {o.year for o in of_measure(self._store.observations(edition=self._edition), self._measure)
                 if o.value is not None}
        first, last = first_and_last(years)
        with QSignalBlocker(self.year_slider):  # the caller reloads every cell once
            self.year_slider.set_years(first, last, None if reset else self.year)

    def _on_year_slider_year_changed(self, year: int) -> None:
        for iso3 in self._cells:
            self._refresh(iso3)
        self.year_changed.emit(year)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.year_slider.setGeometry(rect.left() + SPACING, rect.top() + SPACING // 2,
                                     rect.width() - 2 * SPACING, self.year_slider.sizeHint().height())

    def restyle(self) -> None:
        """A theme switch: the target pens are made again in the theme's colours (ui/theme_switch)."""
        self.reload()

    def reload(self) -> None:
        """Re-read the store for every cell (after an edit or an edition switch)."""
        self._fill_years(reset=False)  # an edit may add a year, or take the last away
        # Thin in a small cell, but in the palette's colour and dash.
        targets = measure_targets(self._store.targets(), self._measure)
        self._targets = [(t.value, target_pen(t.id, width=1)) for t in targets]
        if self._measure.info.is_share_of_gdp:
            self._y_max = Y_MAX
        else:  # one scale for every cell: the highest figure (or target) of the measure
            values = [o.value for o in of_measure(self._store.observations(edition=self._edition), self._measure)
                      if o.value is not None and X_MIN <= o.year <= X_MAX]
            self._y_max = max([*values, *(t.value * 1.25 for t in targets), 1e-9]) * 1.05
        for iso3 in self._cells:
            self._refresh(iso3)

    def cells(self) -> list[SparklineCell]:
        """The visible cells, in the list's order."""
        return [self._cells[code] for code in self._order]

    # internals ----------------------------------------------------------

    def _cell(self, iso3: str) -> SparklineCell:
        cell = self._cells.get(iso3)
        if cell is None:
            cell = self._cells[iso3] = SparklineCell(iso3, self.widget())
            cell.setVisible(False)
            cell.set_selected(iso3 == self._selected)
            cell.clicked.connect(self.member_clicked)
            cell.focused.connect(lambda code: self.ensureWidgetVisible(self._cells[code], 0, SPACING))
        return cell

    def _refresh(self, iso3: str) -> None:
        store, cell = self._store, self._cell(iso3)
        member = store.member(iso3)
        name = member.name if member else iso3
        edition = store.get(Edition, self._edition)
        edition_label = f"{edition.label} edition" if edition else self._edition
        mine = of_measure(store.observations(iso3=iso3, edition=self._edition), self._measure)
        full = [o for o in series(mine, iso3, self._edition) if X_MIN <= o.year <= X_MAX]
        drawn = [o for o in full if o.value is not None]
        latest = latest_figure(full)
        year = self.year
        at_year = next((o for o in full if o.year == year), None)
        position = store.position(iso3)
        badge = stance_badge(position, member)  # Iceland: exempt (no armed forces), not opposing
        stance = badge.label if position else "no declared position"
        if latest is None and not has_defence_series(store.observations(iso3=iso3)):
            # Iceland (NATO gives only its GDP): says why, from its notes
            message = (member.notes if member else "") or "no NATO defence-expenditure series"
            figure, summary, source_line = "no series", f"no series ({message})", ""
        else:
            message = "" if drawn else NO_FIGURES
            if year is None:
                figure = format_figure(latest) if latest else "no figure"
                summary = format_figure(latest) if latest else NO_FIGURES
            else:  # the slider's year, as the ranked view ranks it; never an older figure
                figure = summary = format_figure(at_year) if at_year else f"no {year} figure"
                if latest is not None and latest is not at_year:
                    summary += f"; latest {format_figure(latest)}"
                latest = at_year if at_year is not None and at_year.value is not None else latest
            source = store.source(latest.source_id) if latest else None
            source_line = (f"\nSource: {citations.source_line(source) if source else latest.source_id}"
                           if latest else "")
        tip = f"{name} ({iso3})\n{summary}, {edition_label}\nStance: {stance}{source_line}"
        cell.set_data(name=name, subtitle=f"{figure} · {badge.short if position else stance}",
                      message=message, points=drawn, full_series=full,
                      stance=badge_colour(badge),
                      targets=self._targets, accessible=f"{name}: {summary}, {stance}", tip=tip,
                      y_max=self._y_max, year=year)

    def _visible_codes(self) -> list[str]:
        rows = (self._proxy.index(r, 0).data(MemberRole) for r in range(self._proxy.rowCount()))
        return [row.member.iso3 for row in rows if row is not None]

    def _columns_fitting(self) -> int:
        width = self.viewport().width() - 2 * SPACING
        return max(1, (width + SPACING) // (CELL_W + SPACING))

    def _sync(self, *_: Any) -> None:
        """Re-order, show and hide the existing cells to follow the proxy."""
        order, columns = self._visible_codes(), self._columns_fitting()
        if order == self._order and columns == self._columns:
            return
        for code in order:
            if code not in self._cells:
                self._refresh(code)  # an ally added since: its cell is made once
        for cell in self._cells.values():
            self._grid.removeWidget(cell)
        shown = set(order)
        for code, cell in self._cells.items():
            if code not in shown and not cell.isHidden():
                cell.hide()
        for i, code in enumerate(order):
            self._grid.addWidget(self._cells[code], i // columns, i % columns)
            self._cells[code].show()
        for col in range(max(columns, self._columns)):
            self._grid.setColumnStretch(col, 1 if col < columns else 0)
        for before, after in zip(order, order[1:]):
            QWidget.setTabOrder(self._cells[before], self._cells[after])
        self._order, self._columns = order, columns

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: Any) -> None:
        for r in range(top_left.row(), bottom_right.row() + 1):
            row = self._proxy.index(r, 0).data(MemberRole)
            if row is not None:
                self._refresh(row.member.iso3)
        self._sync()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._sync()
        return super().viewportEvent(event)
