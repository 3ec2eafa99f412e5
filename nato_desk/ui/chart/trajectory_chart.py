"""The trajectory chart: allies' spending, one edition and measure, against its targets.

The measure (share of GDP, equipment share, US$, personnel) sets the y axis
(its unit), the target lines (``Measure.info.targets``: 2%, 3.5% and 5% for
shares of GDP, 20% for the equipment share, none for money or people) and
whether a scenario path makes sense (only for shares of GDP).

Composes one ``pg.PlotWidget`` and builds every item once (target lines,
event markers, the crosshair; a series slot when an ally first needs one, up to
``MAX_ALLIES``); changes of ally or edition only ``setData`` and show or hide
items, never rebuild the plot. A switch of ally keeps the chart's geometry
(issue 14): the note under the plot keeps the room of the tallest one-ally note
(``note_room``), the legend its rows, and what did not change (a compared
ally's line, an empty slot, the range, the target labels' places, the legend's
entries) is left as it is.

Encoding: each ally has a colour *and* a marker shape (never colour alone);
the pen says what kind of number it is: actual solid, NATO estimate dotted,
national plan dashed, scenario dash-dot (``series_slot``). Text handed to
pyqtgraph labels is HTML there, so it is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QCursor,
    QFontMetrics,
    QPainter,
    QPicture,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QVBoxLayout, QWidget

from nato_desk.analysis import (
    missing_years,
    required_from_series,
    scenario_path,
    series,
    summarize,
)
from nato_desk.analysis.stance import not_committed
from nato_desk.analysis.figures import (
    describe_trend,
    format_value,
    gap_target,
    has_defence_series,
    measure_targets,
    of_measure,
)
from nato_desk.domain import (
    PLAN_EDITION,
    Edition,
    Measure,
    Observation,
    Status,
    Target,
    parse_partial_date,
)
from nato_desk.export.citations import source_line as cited_source_line
from nato_desk.store import Store
from nato_desk.ui.chart.annotations import place_target_labels, target_label_of
from nato_desk.ui.chart.end_labels import EndLabels
from nato_desk.ui.chart.export_render import mark_transient
from nato_desk.ui.chart.hover import add_hover_label
from nato_desk.ui.chart.hover_paint import HoverOverlay, cache_static, quiet_hover
from nato_desk.ui.chart.label_holder import LabelHolder
from nato_desk.ui.chart.label_text import RoomyLabel, set_plain_text
from nato_desk.ui.chart.note_room import NoteRoom
from nato_desk.ui.chart.scene_activation import settle_activation
from nato_desk.ui.chart.series_slot import STATUS_PENS, SeriesSlot, style_sample
from nato_desk.ui.edition_facts import facts_for
from nato_desk.ui.plain_text import plain_label, tooltip, widget_shortcut
from nato_desk.ui.theme import ally_qcolor, colour, target_pen

__all__ = ["FIRST_YEAR", "LAST_YEAR", "MAX_ALLIES", "PLOT_MIN_HEIGHT", "ScenarioChoice", "TrajectoryChart"]

FIRST_YEAR = 2014
LAST_YEAR = 2035
MAX_ALLIES = 6  # the selected ally and five comparisons stay readable
PLOT_MIN_HEIGHT = 250
NO_ALLY_NOTE = "Select an ally in the list to draw its trajectory."
"""The least height of the axes' inside, in pixels: 0-6% at 40 px a point keeps the
target labels, the event labels and six line-end names apart. The legend and the axes
come on top of it (the plot widget's least height follows them)."""


@dataclass(frozen=True)
class ScenarioChoice:
    """Which scenario path to draw for each ally: none, or a kind to a target."""

    kind: str = "linear"  # "linear", "compound", or "" for none
    target_id: str = "HAGUE_CORE"

# Every target some measure is drawn against (the others are not lines on this chart).
_DRAWN_TARGETS = frozenset(tid for measure in Measure for tid in measure.info.targets)

# The targets agreed in Wales (2% of GDP, 20% on equipment) share the "guideline"
# toggle; the Hague ones the other.
WALES_TARGETS = ("WALES_2PCT", "EQUIPMENT_20PCT")


def axis_title(measure: Measure, edition: Edition | None) -> str:
    """The y axis: the measure's unit, with the base year of constant prices."""
    unit = measure.info.unit
    if measure in (Measure.CONSTANT_USD, Measure.GDP_CONSTANT_USD) and edition is not None and edition.base_year:
        return f"{unit} ({edition.base_year})"
    return unit


def _event_x(date: str) -> float:
    """A date as a fractional year, so 24 Feb 2022 sits just after the 2022 tick."""
    day = parse_partial_date(date)
    if len(date) == 4:
        return float(day.year)
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def _names(names: Iterable[str]) -> str:
    """"Spain", "Spain and Belgium", "Spain, Belgium and Poland": every name, none left out."""
    listed = list(names)
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def _literal(text: str) -> str:
    """Line labels are plain text but run through str.format: keep braces literal."""
    return text.replace("{", "{{").replace("}", "}}")


class TrajectoryChart(QWidget):
    """Spending trajectories 2014-2035 for one ally plus comparisons.

    Signals:
        source_requested(str): "Show source" was chosen on a point (right-click).
        year_range_changed(int, int): the years shown changed (``set_year_range``).
        least_height_changed(int): the chart's least height changed (more allies: a
            two-line title, legend rows, note lines). A QTabWidget holding it does not
            follow by itself: ``ChartPanel`` tells it, or the plot ran over the note.

    Keyboard: with the plot focused (Tab), Left and Right move a year cursor
    and ``readout`` lists every series' value that year; the plot's accessible
    description follows it, so a screen reader reads it. Escape hides it.
    """

    source_requested = Signal(str)
    year_range_changed = Signal(int, int)
    least_height_changed = Signal(int)

    def __init__(self, store: Store, edition: str, parent: QWidget | None = None, *,
                 measure: Measure | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._edition = edition
        self._measure = self._resolve(measure)
        self._targets_shown = {"hague": True, "wales": True}
        self._primary: str | None = None
        self._comparisons: list[str] = []
        self._years = (FIRST_YEAR, LAST_YEAR)
        self._cursor_year: int | None = None  # where the hover or keyboard cursor last was
        self._title = ""

        # The title is a wrapping label above the plot, not pyqtgraph's one-line
        # title: six allies' names need two lines at 1366 px. The plot item keeps
        # the same text, hidden, for exports (chart_export.chart_title).
        self.title_label = plain_label(selectable=False, measure_once=True)
        self.title_label.setObjectName("chartTitle")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title_font = self.title_label.font()
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        # No context menus (setMenuEnabled(False) below): the view box's is then never
        # built only to be thrown away (issue 14: ~2.6 ms of each plot's start).
        self.plot_widget = pg.PlotWidget(background=colour("chart_background"), enableMenu=False)
        self.plot_widget.setAccessibleName("Trajectory chart")
        self.plot_widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget_shortcut(self.plot_widget, "Home", self.reset_view)
        widget_shortcut(self.plot_widget, "Left", lambda: self.step_cursor(-1))
        widget_shortcut(self.plot_widget, "Right", lambda: self.step_cursor(1))
        widget_shortcut(self.plot_widget, "Escape", self.hide_hover)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        # Outside the layouts: a new title of the same height lays nothing out (label_holder).
        self._title_holder = LabelHolder(self.title_label)
        layout.addWidget(self._title_holder)
        layout.addWidget(self.plot_widget)

        self._plot = self.plot_widget.getPlotItem()
        self._plot.showGrid(x=True, y=True, alpha=0.15)
        self._plot.setLabel("bottom", "Year", color=colour("chart_foreground").name())
        self._plot.getAxis("bottom").setTickSpacing(5, 1)
        # The theme's chart text colour, not pyqtgraph's light grey default: tick labels are read.
        for side in ("left", "bottom"):
            axis = self._plot.getAxis(side)
            axis.setTextPen(colour("chart_foreground"))
            axis.setPen(colour("chart_muted"))
        self._plot.setMenuEnabled(False)
        # The title is title_label above; pyqtgraph's own stays hidden, out of the plot's
        # layout: a hidden LabelItem still claims its text's width there (again whenever
        # a theme switch re-sets its text) and widened the plot past the window.
        self._plot.layout.removeItem(self._plot.titleLabel)
        self._plot.titleLabel.hide()
        view = self._plot.getViewBox()
        view.sigRangeChangedManually.connect(self._on_view_range_changed_manually)

        self._user_moved_view = False
        # One slot per ally on the chart, made when an ally first needs it (issue 14:
        # six slots of four plot items each were a third of the chart's start-up) and
        # kept: a slot is refilled, never removed (``_ensure_slots``).
        self.slots: list[SeriesSlot] = []
        # The range the chart opens on, set while the view is still empty: set after the
        # lines, labels and series were added, it was passed to each of them (issue 14:
        # 60 InfiniteLine.viewTransformChanged at start-up). The range of a measure that
        # is no share of GDP also covers its target lines: set again once they are there.
        self.target_lines: dict[str, pg.InfiniteLine] = {}
        self._update_ranges()
        self._build_reference_lines()
        # Under the plot, in the plot item's own layout: with six allies a
        # legend inside the axes would cover figures or the target labels. Its
        # rows are added to the plot widget's least height (``_keep_plot_height``),
        # so they never come out of the axes' inside.
        self._legend_columns: dict[tuple[tuple[float, ...], int], int] = {}  # _fit_legend's answers
        # Each series' legend sample and label, made once (``_rebuild_legend``).
        self._legend_pairs: dict[pg.PlotDataItem, tuple[pg.GraphicsWidget, pg.LabelItem]] = {}
        self.legend = pg.LegendItem(labelTextSize="9pt", colCount=2, labelTextColor=colour("chart_foreground"))
        self._plot.layout.addItem(self.legend, 4, 1)
        self._plot.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignHCenter)
        self.legend.setBrush(pg.mkBrush(colour("chart_panel")))
        self.legend.setPen(pg.mkPen(colour("chart_line")))
        # Hidden when it has no entry (Iceland), but keeping its room (``_hold_legend_room``).
        policy = self.legend.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.legend.setSizePolicy(policy)
        # The legend's key to the four pen styles, in a neutral grey.
        self.style_samples = {status: style_sample(status) for status in STATUS_PENS}
        for sample in self.style_samples.values():
            self._plot.addItem(sample)  # owned by the scene; see SeriesSlot.create
        self.scenario = ScenarioChoice()
        self._already_there: set[str] = set()
        self.end_labels = EndLabels(self._plot, MAX_ALLIES)
        # What the last placing of the annotations depended on (``_relayout_annotations``).
        self._annotations_key: Hashable = None
        self._placing_held = False  # while the chart is being shown (``resizeEvent``)
        self._legend_room: tuple[Hashable, float] = (None, 0.0)  # (_hold_legend_room's key, height)

        # What the chart cannot draw is said under it, never over the lines.
        self.message = plain_label(measure_once=True)
        self.message.setAccessibleName("Chart notes")
        self.message.setObjectName("gapNote")
        layout.addWidget(self.message)
        self._note_room = NoteRoom(self.message)
        self._note_width: int | None = None  # the chart's width when last shown (``_fit_note``)
        self._least_height = 0  # last told by ``least_height_changed``
        # The keyboard cursor's values in words, under the plot, for screen readers
        # too (a QLabel without an accessible name is read by its text).
        self.readout = plain_label()
        self.readout.setObjectName("chartReadout")
        self.readout.setAccessibleDescription("Values at the chart cursor")
        self.readout.hide()
        layout.addWidget(self.readout)

        self.crosshair = pg.InfiniteLine(angle=90, movable=False,
                                         pen=pg.mkPen(colour("chart_line"), width=1, style=Qt.PenStyle.SolidLine))
        self.crosshair.hide()
        mark_transient(self.crosshair)  # an export never shows where the pointer was
        self._plot.addItem(self.crosshair, ignoreBounds=True)
        self.hover_label = add_hover_label(self._plot)
        self._mouse_proxy = pg.SignalProxy(self._plot.scene().sigMouseMoved, rateLimit=60,
                                           slot=self._on_scene_mouse_moved)
        self._plot.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        view.sigResized.connect(self._relayout_annotations)
        view.sigRangeChanged.connect(self._relayout_annotations)
        # A mouse move repaints the crosshair, not the plot under it (hover_paint); the
        # target lines and line-end names are cached as they are made (_target_line, EndLabels).
        cache_static([self._plot.getAxis("left"), self._plot.getAxis("bottom"), self.hover_label])
        quiet_hover(self._plot)
        settle_activation(self._plot.scene())  # the first frame is not painted twice
        # ... nor the lines under it: the view paints both over a picture of the plot.
        self._hover_overlay = HoverOverlay(self.plot_widget, [self.crosshair, self.hover_label], view,
                                          below=[self.crosshair],
                                          above=[self._plot.getAxis("left"), self._plot.getAxis("bottom")])
        self._refresh()

    # construction -------------------------------------------------------

    def _build_reference_lines(self) -> None:
        # Each target line is made when a measure first draws it (issue 14: the first
        # window shows three of the five) and kept, shown by measure: graphics items
        # taken out of a scene and left to Python's collector crash Qt.
        self._all_target_lines: dict[str, pg.InfiniteLine] = {}
        self.target_lines = {}
        self._apply_measure()
        self.event_lines: dict[str, pg.InfiniteLine] = {}
        self._sync_event_lines()

    def _target_line(self, target: Target) -> pg.InfiniteLine:
        """``target``'s line, made the first time a measure draws it."""
        line = self._all_target_lines.get(target.id)
        if line is not None:
            return line
        pen = target_pen(target.id)  # the current theme's colour (ui/theme)
        line = pg.InfiniteLine(pos=target.value, angle=0, movable=False, pen=pen)
        # Above the line, starting at ``position``; ``annotations.place_target_labels``
        # moves it clear of the event labels and the other target labels.
        label = pg.InfLineLabel(line, _literal(target.label), position=0.725,
                                anchors=[(0, 1), (0, 1)], color=pen.color())
        line.setToolTip(tooltip(f"{target.label}: {target.value:g}% by {target.by_year}"))
        # Drawn from a device pixmap until it changes: a switch of ally repaints the plot
        # under it, and each line is a Python paint (issue 14). Not the event lines: Qt
        # draws a rotated item's device cache afresh at every paint (measured); nor the
        # legend's samples, whose markers came out of a cache a subpixel off.
        cache_static([line, label])
        self._plot.addItem(line, ignoreBounds=True)
        self._all_target_lines[target.id] = line
        return line

    def _apply_measure(self) -> None:
        """Axis, limits and target lines for the measure on show (only its own targets)."""
        measure = self._measure
        self._plot.setLabel("left", axis_title(measure, self._store.get(Edition, self._edition)),
                            color=colour("chart_foreground").name())
        view = self._plot.getViewBox()
        if measure.info.is_share_of_gdp:
            self._plot.getAxis("left").setTickSpacing(1, 0.5)
            view.setLimits(xMin=FIRST_YEAR - 2, xMax=LAST_YEAR + 2, yMin=-0.5, yMax=20)
        else:
            self._plot.getAxis("left").setTickSpacing()  # automatic: money runs to the tens of thousands
            view.setLimits(xMin=FIRST_YEAR - 2, xMax=LAST_YEAR + 2, yMin=None, yMax=None)
        # Only the measure's own targets: "up to 1.5%" is a ceiling on a basket NATO does
        # not report, so only the related share itself draws it.
        self.target_lines = {t.id: self._target_line(t)
                             for t in measure_targets(self._store.targets(), measure)
                             if t.id in _DRAWN_TARGETS}
        self._show_target_lines()

    def _sync_event_lines(self) -> None:
        """One marker per stored event: analysts add events, undo removes them."""
        events = {e.id: e for e in self._store.events()}
        for eid in [e for e in self.event_lines if e not in events]:
            self._plot.removeItem(self.event_lines.pop(eid))
        for eid, event in events.items():
            if eid in self.event_lines:
                continue
            line = pg.InfiniteLine(pos=_event_x(event.date), angle=90, movable=False,
                                   pen=pg.mkPen(colour("chart_muted"), width=1, style=Qt.PenStyle.DashDotLine))
            pg.InfLineLabel(line, _literal(event.label), position=0.98,
                            rotateAxis=(1, 0), anchors=[(1, 1), (1, 1)], color=colour("chart_muted"))
            self._plot.addItem(line, ignoreBounds=True)
            self.event_lines[eid] = line

    # public API ---------------------------------------------------------

    @property
    def allies(self) -> list[str]:
        """The allies on the chart, the selected one first."""
        return ([self._primary] if self._primary else []) + [
            c for c in self._comparisons if c != self._primary
        ]

    @property
    def comparisons(self) -> list[str]:
        return list(self._comparisons)

    def set_member(self, iso3: str | None) -> None:
        self._primary = iso3
        self._refresh()

    def set_scenario(self, choice: ScenarioChoice) -> None:
        if choice == self.scenario:
            return  # the chart's own choice at start: nothing to redraw
        self.scenario = choice
        self._refresh()

    @property
    def measure(self) -> Measure:
        return self._measure

    @property
    def edition(self) -> str:
        return self._edition

    def _resolve(self, measure: Measure | None) -> Measure:
        if measure is not None:
            return measure
        edition = self._store.get(Edition, self._edition)
        return edition.measure if edition else Measure.PCT_GDP

    def scenario_applies(self) -> bool:
        """A path to 3.5% or 5% of GDP only means something for a share of GDP."""
        return self._measure.info.is_share_of_gdp

    def _scenario_goal(self) -> str:
        target = self._target(self.scenario.target_id)
        return f"{target.value:g}% by {target.by_year}" if target else self.scenario.target_id

    def _scenario_label(self) -> str:
        return f"scenario: {self.scenario.kind} path to {self._scenario_goal()}"

    def show_targets(self, *, hague: bool, wales: bool) -> None:
        """The Hague lines (3.5%, 5%) and the 2014 Wales guidelines (2%, 20% on equipment), each toggled."""
        self._targets_shown = {"hague": hague, "wales": wales}
        self._show_target_lines()

    def _show_target_lines(self) -> None:
        for target_id, line in self._all_target_lines.items():
            toggle = self._targets_shown["wales" if target_id in WALES_TARGETS else "hague"]
            line.setVisible(target_id in self.target_lines and toggle)
        if hasattr(self, "end_labels"):
            self._relayout_annotations()

    def reset_view(self) -> None:
        """Back to the chosen years (``year_range``) after zooming or panning."""
        self._user_moved_view = False
        self._update_ranges(force=True)

    @property
    def year_range(self) -> tuple[int, int]:
        """The first and last year shown (2014 to 2035 unless the analyst chose)."""
        return self._years

    def set_year_range(self, first: int, last: int) -> None:
        """Show ``first`` to ``last`` (clamped to 2014-2035); exports show the same."""
        first = min(max(first, FIRST_YEAR), LAST_YEAR - 1)
        last = min(max(last, first + 1), LAST_YEAR)
        if (first, last) == self._years:
            return
        self._years = (first, last)
        self.reset_view()
        if self._cursor_year is not None:
            self.show_hover(self._cursor_year)
        self.year_range_changed.emit(first, last)

    def set_edition(self, edition: str, measure: Measure | None = None) -> None:
        """Show ``edition`` in ``measure`` (``None``: the edition's headline measure)."""
        self._edition = edition
        self._measure = self._resolve(measure)
        self._apply_measure()
        self._user_moved_view = False  # a new unit: the old zoom means nothing
        self._refresh()

    def set_measure(self, measure: Measure) -> None:
        self.set_edition(self._edition, measure)

    def add_comparison(self, iso3: str) -> bool:
        """Keep ``iso3`` on the chart whichever ally is selected.

        Adding the selected ally pins it, so it stays when another is chosen.
        Returns False if it is already kept or the chart is full.
        """
        if iso3 in self._comparisons or len(self._comparisons) >= MAX_ALLIES - 1:
            return False
        self._comparisons.append(iso3)
        self._refresh()
        return True

    def remove_comparison(self, iso3: str) -> None:
        if iso3 in self._comparisons:
            self._comparisons.remove(iso3)
            self._refresh()

    def clear_comparisons(self) -> None:
        self._comparisons.clear()
        self._refresh()

    def set_comparisons(self, codes: Iterable[str]) -> None:
        """Keep ``codes`` (the first ``MAX_ALLIES - 1``, each once) on the chart, redrawn
        once (a restored session's allies were drawn one by one)."""
        self._comparisons = list(dict.fromkeys(codes))[:MAX_ALLIES - 1]
        self._refresh()

    def reload(self) -> None:
        """Re-read the store after an edit: figures, events, messages."""
        self._sync_event_lines()
        self._refresh()

    def observation_near(self, x: float, y: float, tolerance: tuple[float, float] | None = None
                         ) -> Observation | None:
        """The drawn figure nearest to view point (x, y), within ``tolerance``
        (default: 0.4 years and 0.25 of a share of GDP, or 3% of the axis for other units)."""
        if tolerance is None:
            (_, _), (y0, y1) = self._plot.getViewBox().viewRange()
            tolerance = (0.4, max(0.25, 0.03 * (y1 - y0)) if self._measure.info.is_share_of_gdp
                         else 0.03 * (y1 - y0))
        best: tuple[float, Observation] | None = None
        for slot in self.slots:
            if not slot.iso3 or not slot.sample.isVisible():
                continue
            for obs in slot.points:
                if obs.value is None:
                    continue
                dx, dy = abs(obs.year - x) / tolerance[0], abs(obs.value - y) / tolerance[1]
                if dx <= 1 and dy <= 1 and (best is None or dx + dy < best[0]):
                    best = (dx + dy, obs)
        return best[1] if best else None

    def slot_for(self, iso3: str) -> SeriesSlot | None:
        return next((s for s in self.slots if s.iso3 == iso3), None)

    # drawing ------------------------------------------------------------

    def _ensure_slots(self, count: int) -> None:
        while len(self.slots) < min(count, MAX_ALLIES):
            slot = SeriesSlot.create(self._plot, len(self.slots), MAX_ALLIES)
            slot.sample.visibleChanged.connect(self._label_line_ends)
            self.slots.append(slot)

    def _refresh(self) -> None:
        edition = self._store.get(Edition, self._edition)
        allies = self.allies
        self._ensure_slots(len(allies))
        for i, slot in enumerate(self.slots):
            iso3 = allies[i] if i < len(allies) else None
            self._fill_slot(slot, iso3)
        self._rebuild_legend()
        self._fit_legend()
        self._hold_legend_room()
        self._keep_plot_height()
        measure = self._measure.label
        edition_name = f"{edition.label} edition" if edition else self._edition
        self._title = (_names(self._name(a) for a in allies) or "No ally selected") + f" — {measure} ({edition_name})"
        # Shown by title_label, wrapped; the plot's own title is never shown (__init__)
        # and only holds the text, escaped as pyqtgraph holds it, for exports
        # (chart_export.chart_title): laying its text out cost a switch as much as the
        # legend's new name.
        self._plot.titleLabel.text = html.escape(self._title)
        self._fit_title()
        self._update_message(allies)
        self._update_ranges()
        self._label_line_ends()
        # The same sentences a briefer would say: for screen readers and tooltips.
        summary = self.summary()
        if not self.readout.isVisibleTo(self):
            self.plot_widget.setAccessibleDescription(summary)
        self.plot_widget.setToolTip(tooltip(summary))
        year = self._cursor_year if self._cursor_year is not None else self._pointer_year()
        if year is not None:
            self.show_hover(year)  # the values under it changed; no mouse move needed
        self._tell_least_height()

    def _tell_least_height(self) -> None:
        least = self.minimumSizeHint().height()
        if least != self._least_height:
            self._least_height = least
            self.least_height_changed.emit(least)

    def _pointer_year(self) -> int | None:
        """The year under the mouse pointer if it rests on the plot (after a dialog
        closed over it, say), else None."""
        widget = self.plot_widget
        if not widget.isVisible():
            return None
        local = widget.mapFromGlobal(QCursor.pos())
        if not widget.rect().contains(local):
            return None
        view = self._plot.getViewBox()
        scene = widget.mapToScene(local)
        if not view.sceneBoundingRect().contains(scene):
            return None
        return int(round(view.mapSceneToView(scene).x()))

    def summary(self) -> str:
        """One sentence per ally on the chart, against the measure's target (3.5% core,
        20% on equipment) or, for money and people, its first and last figures."""
        target = gap_target(self._store.targets(), self._measure)
        words = ("core target" if target is None or target.id == "HAGUE_CORE"
                 else target.label.split(" (")[0].removeprefix(f"{target.value:g}% "))

        def sentence(slot: SeriesSlot) -> str:
            name = self._name(slot.iso3 or "")
            if not slot.points:
                return f"No figures for {name} in this edition."
            if target is None:
                return describe_trend(name, slot.points)
            return summarize(name, slot.points, target.value, words)

        return " ".join(sentence(s) for s in self.slots if s.iso3)

    @property
    def title(self) -> str:
        """The whole title: every ally on the chart, the measure and the edition."""
        return self._title

    def _fit_title(self, width: int | None = None) -> None:
        """The whole title in at most two lines; if even that cannot hold it, the
        allies are left to the legend (which names them all) and the title says so.
        ``width``: the chart's coming width (``fit_ahead``), else its own."""
        # The chart's own width is its title's (the holder spans it, label_holder).
        width = max(self.width(), 100) if width is None else max(width, 100)
        metrics = QFontMetrics(self.title_label.font())
        needed = metrics.boundingRect(QRect(0, 0, width - 8, 10_000), Qt.TextFlag.TextWordWrap, self._title)
        text = self._title
        if needed.height() > 2 * metrics.lineSpacing() + 2:
            allies = self.allies
            measure_edition = self._title.rsplit(" — ", 1)[-1]
            who = "1 ally" if len(allies) == 1 else f"{len(allies)} allies"
            text = f"{measure_edition} — {who}, named in the legend"
        self.title_label.setText(text)
        self.title_label.setToolTip(tooltip(self._title))
        self._title_holder.fit(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._being_shown():
            # The plot is resized next, and again if its axes' room changes
            # (``_fit_axes_text``): the labels are placed once, in showEvent.
            self._placing_held = self.end_labels.held = True
        self._fit_title()
        # The plot widget is resized after this (its viewport still has the old width):
        # the legend fits the chart's new width, which the plot gets, in this one round.
        width = event.size().width()
        self._fit_legend(width)
        self._hold_legend_room(width)
        self._keep_plot_height()
        self._fit_note()
        self._tell_least_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_note()  # a width worth measuring the note's room at, at last
        self._fit_axes_text()
        if self._placing_held:
            self._placing_held = self.end_labels.held = False
            # In the order the view's resize signal calls them.
            self.end_labels.relayout()
            self._relayout_annotations()

    def _being_shown(self) -> bool:
        """Whether the chart is being shown with its window right now (its resize
        and show events are on their way): the window is visible, the chart not yet,
        and nothing between them is hidden."""
        window = self.window()
        return window.isVisible() and not self.isVisible() and self.isVisibleTo(window)

    def _fit_axes_text(self) -> None:
        """The axes' room for their tick labels, before they are painted.

        pyqtgraph learns how wide the y axis' numbers are only while painting the axis
        and then resizes it: the first paint of the window resized the axes' inside in
        the middle of the paint (the target labels and line-end names placed again) and
        painted the chart three times more, the first frame with a y axis 22 px too wide
        (issue 14). Here the axes work their tick labels out as their paint will (the
        same call, on a picture as there), now that the plot has its size, and the plot
        is laid out again at once if that changed the axes' room."""
        for side in ("left", "bottom"):
            axis = self._plot.getAxis(side)
            picture = QPicture()
            painter = QPainter(picture)
            try:
                if axis.style["tickFont"]:
                    painter.setFont(axis.style["tickFont"])
                axis.generateDrawSpecs(painter)
            finally:
                painter.end()
        if not self._plot.layout.isActivated():
            self._plot.layout.activate()

    def fit_ahead(self, width: int) -> None:
        """Work out the chart's least height for ``width``, the width it is about to be
        laid out at, before its parents share out their room (``first_layout``): what
        ``resizeEvent`` and ``showEvent`` would find once it is shown, found before the
        window's first layout rather than after it (issue 14: that layout ran three
        times). They still measure, and find nothing to change."""
        if width <= 0:
            return
        self._fit_title(width)
        self._fit_legend(width)
        self._hold_legend_room(width)
        self._keep_plot_height(width)
        self._fit_note(width)
        self._tell_least_height()

    def _hold_legend_room(self, width: int | None = None) -> None:
        """The legend keeps its height while the same number of allies is shown at the
        same width: Iceland has no entries, and an ally whose entries need fewer rows
        would otherwise give the axes' inside a new height (the plot and its
        annotations laid out again on a switch, issue 14). A new width or another
        number of allies measures it afresh; so does a new width of the y axis, which
        changes the legend's room across (``_fit_legend``): the axis learns its width at
        the first paint, and a legend measured before it, in fewer columns, kept a
        second row's room empty under a one-row legend (910 px window, Xvfb)."""
        empty = not self.legend.items
        if self.legend.isVisible() == empty:
            self.legend.setVisible(not empty)  # a hidden legend keeps its room in the plot's layout
        key = (self.plot_widget.width() if width is None else width, self._plot.getAxis("left").width(),
               len(self.allies))
        natural = 0.0 if empty else self.legend.layout.effectiveSizeHint(Qt.SizeHint.MinimumSize).height()
        held_key, held = self._legend_room
        room = max(natural, held) if key == held_key else natural
        self._legend_room = (key, room)
        if abs(self.legend.minimumHeight() - room) > 0.5:
            self.legend.setMinimumHeight(room)

    def restyle(self) -> None:
        """After a theme switch (``theme_switch.apply_theme`` calls it): the line-end
        names are made readable on the new background, which a colour-for-colour
        remap cannot do (their colours are derived, not the palette's own)."""
        self.end_labels.restyle()
        self._label_line_ends()
        self._hover_overlay.invalidate()
        self._hover_overlay.refresh()

    def _keep_plot_height(self, width: int | None = None) -> None:
        """The plot widget's least height: ``PLOT_MIN_HEIGHT`` for the axes' inside plus
        what the axes, margins and legend rows take (measured, as fonts differ).

        ``width`` given (``fit_ahead``, the plot not laid out yet): what they take is the
        plot layout's least height less the view box's, the same figure its layout
        leaves once the axes' inside gets the rest of the height, read without
        resizing the plot (each resize places every label again)."""
        if width is not None and not self.plot_widget.isVisible():
            view, least_size = self._plot.getViewBox(), Qt.SizeHint.MinimumSize
            chrome = (self._plot.layout.effectiveSizeHint(least_size).height()
                      - view.effectiveSizeHint(least_size).height())
        else:
            if not self.plot_widget.isVisible():
                return
            self._plot.layout.activate()
            inside = self._plot.getViewBox().geometry().height()
            if inside <= 0:
                return
            chrome = self.plot_widget.height() - inside
        least = int(np.ceil(PLOT_MIN_HEIGHT + chrome))
        if least != self.plot_widget.minimumHeight():
            self.plot_widget.setMinimumHeight(least)

    def target_label_items(self) -> list[pg.InfLineLabel]:
        """The visible target lines' labels ("2% guideline (Wales 2014)")."""
        labels = [target_label_of(line) for line in self.target_lines.values() if line.isVisible()]
        return [label for label in labels if label is not None]

    def event_label_items(self) -> list[pg.InfLineLabel]:
        """The event markers' rotated labels ("2035 deadline", "Hague summit")."""
        labels = [target_label_of(line) for line in self.event_lines.values() if line.isVisible()]
        return [label for label in labels if label is not None]

    def _relayout_annotations(self, *_: object) -> None:
        """Target labels clear of the event labels, then the line-end names clear of both.

        Placed again only when something they depend on changed (the view's range
        or place, which labels show, their sizes): a switch of ally with the same
        range leaves them where they are (issue 14). Held while the chart is being
        shown: the plot is resized up to twice on the way, they are placed once."""
        if self._placing_held:
            return
        view = self._plot.getViewBox()
        targets, events = self.target_label_items(), self.event_label_items()
        (x0, x1), (y0, y1) = view.viewRange()
        rect = view.sceneBoundingRect()

        def shape(label: pg.InfLineLabel) -> tuple[object, ...]:
            box = label.textItem.boundingRect()
            return (id(label), float(label.line.value()), box.width(), box.height())

        key = (x0, x1, y0, y1, rect.x(), rect.y(), rect.width(), rect.height(),
               tuple(shape(label) for label in targets), tuple(shape(label) for label in events))
        if key == self._annotations_key:
            return
        self._annotations_key = key
        place_target_labels(view, targets, events)
        self.end_labels.set_obstacles([label.sceneBoundingRect() for label in self.target_label_items()])

    def _fit_legend(self, width: int | None = None) -> None:
        """As many legend columns as fit the plot's width (rows of legend are rows
        the plot loses), never so many that the legend widens the plot past the window:
        each count is laid out and its least width measured (estimates from the
        entries' text ran wider than guessed and cut 2035 off at 1366x768)."""
        axis = self._plot.getAxis("left")
        # The coming width (``fit_ahead``): the plot is as wide as the chart, its viewport
        # that less its frame (none; its scroll bars are off).
        viewport = (self.plot_widget.viewport().width() if width is None
                    else width - 2 * self.plot_widget.frameWidth())
        available = viewport - axis.width() - 12  # the y axis and margins
        # Entries as wide in the same room fit in the same columns: trying each count
        # re-lays the legend out five times, which a switch of ally need not pay (the
        # selected ally's entry is as wide for every ally: RoomyLabel).
        key = (tuple(label.minimumWidth() for _, label in self.legend.items), available)
        if key in self._legend_columns:
            if self._legend_columns[key] != self.legend.columnCount:
                self.legend.setColumnCount(self._legend_columns[key])
            return
        least = Qt.SizeHint.MinimumSize
        for count in range(5, 0, -1):
            if count != self.legend.columnCount:
                self.legend.setColumnCount(count)
            if count == 1 or self.legend.layout.effectiveSizeHint(least).width() <= available:
                break
        if len(self._legend_columns) > 256:  # bounded: a long session sees many widths
            self._legend_columns.clear()
        self._legend_columns[key] = self.legend.columnCount

    def _label_line_ends(self, *_: object) -> None:
        """Each shown ally's name beside its last NATO figure (``end_labels``)."""
        entries = []
        for index, slot in enumerate(self.slots):
            if not slot.iso3 or not slot.sample.isVisible():
                continue
            drawn = [o for o in slot.points if o.value is not None] or list(slot.plan_points)
            if not drawn:
                continue
            last = max(drawn, key=lambda o: o.year)
            entries.append((self._name(slot.iso3), ally_qcolor(index), float(last.year), float(last.value or 0.0)))
        self.end_labels.set_entries(entries)

    def _data_key(self) -> Hashable:
        """What a slot's figures depend on besides its ally: the same key, the same lines."""
        return (self._edition, self._measure, self.scenario, self._store.store_id, self._store.save_seq)

    def _fill_slot(self, slot: SeriesSlot, iso3: str | None) -> None:
        # A slot that keeps its ally (a compared one, on a switch of the selected ally)
        # or stays empty is not filled again (issue 14: four setData per slot per switch).
        key = (iso3, self._data_key()) if iso3 is not None else None
        if slot.key == key and (iso3 is not None or slot.iso3 is None):
            return
        slot.key = key
        if iso3 is None:
            slot.fill(None, (), (), [])
            return
        points = self._points(iso3)
        # National plans join the chart only when they measure what is shown.
        plans = self._points(iso3, PLAN_EDITION)
        slot.fill(iso3, points, plans, self._scenario_for(iso3, points))

    def _points(self, iso3: str, edition: str | None = None) -> list[Observation]:
        """``iso3``'s figures in the edition (or ``edition``) and the measure shown."""
        edition = self._edition if edition is None else edition
        return series(of_measure(self._store.observations(iso3=iso3, edition=edition), self._measure),
                      iso3, edition)

    def _scenario_for(self, iso3: str, points: list[Observation]) -> list[tuple[int, float]]:
        """The chosen scenario path from the ally's latest figure up to the target.

        An ally already at or above the target gets none: a line falling to
        the target would read as a forecast of cuts.
        """
        path, already_there = self._scenario_path(points)
        if already_there:
            self._already_there.add(iso3)
        else:
            self._already_there.discard(iso3)
        return path

    def _scenario_path(self, points: Sequence[Observation]) -> tuple[list[tuple[int, float]], bool]:
        """(the scenario path for ``points``, whether they are already at the target)."""
        if not self.scenario.kind or not self.scenario_applies():
            return [], False
        target = self._target(self.scenario.target_id)
        if target is None:
            return [], False
        path = required_from_series(list(points), target.value, target.by_year)
        if path is None:
            return [], False
        if path.already_there:
            return [], True
        return scenario_path(path.from_value, path.from_year, target.value, target.by_year,
                             "compound" if self.scenario.kind == "compound" else "linear"), False

    def _target(self, target_id: str) -> Target | None:
        return next((t for t in self._store.targets() if t.id == target_id), None)

    def _name(self, iso3: str) -> str:
        member = self._store.member(iso3)
        return member.name if member else iso3

    def _legend_entries(self) -> list[tuple[pg.PlotDataItem, str]]:
        """(sample, escaped text) for each legend entry: the allies with figures, then
        the styles the chart shows (a key entry is not a series)."""
        entries = [(slot.sample, html.escape(self._name(slot.iso3)))
                   for slot in self.slots if slot.iso3 and slot.points]
        labels = {Status.ACTUAL: "actual", Status.ESTIMATE: "NATO estimate",
                  Status.PLAN: "national plan", Status.SCENARIO: self._scenario_label()}
        kinds = {Status.ACTUAL: "actual", Status.ESTIMATE: "estimate", Status.PLAN: "plan",
                 Status.SCENARIO: "scenario"}
        for status, sample in self.style_samples.items():
            if any(getattr(s, kinds[status]).isVisible() for s in self.slots):
                entries.append((sample, html.escape(labels[status])))
        return entries

    def _rebuild_legend(self) -> bool:
        """Bring the legend to the chart's entries; True if its layout changed.

        Switching allies usually keeps the same entries with another name: the
        label's text is then set in place (rebuilding every entry was half of
        a switch's chart time, issue 14)."""
        entries = self._legend_entries()
        current = self.legend.items
        if [sample.item for sample, _ in current] == [item for item, _ in entries]:
            for (_, label), (_, text) in zip(current, entries, strict=True):
                if label.text != text:
                    set_plain_text(label, html.unescape(text), text)
            return False
        # Another set of entries (a scenario path or a plan comes or goes): each entry's
        # sample and label are made once per series and laid out again, not made anew
        # (pyqtgraph's clear() and addItem() made and destroyed them on such switches).
        legend = self.legend
        for i in range(legend.layout.count() - 1, -1, -1):
            legend.layout.removeAt(i)  # out of the layout, still the legend's children
        for sample, label in current:
            sample.hide()
            label.hide()
        legend.items = []
        legend.rowCount = 1
        for item, text in entries:
            pair = self._legend_pairs.get(item)
            if pair is None:
                # The selected ally's entry is renamed at every switch: it keeps room for
                # any ally's name, so a new name lays nothing out again (``RoomyLabel``).
                selected = bool(self.slots) and item is self.slots[0].sample
                pair = (legend.sampleType(item),
                        (RoomyLabel if selected else pg.LabelItem)(
                            text, color=legend.opts["labelTextColor"], justify="left",
                            size=legend.opts["labelTextSize"]))
                if isinstance(pair[1], RoomyLabel):
                    pair[1].keep_room_for(m.name for m in self._store.members())
                # As high as its text, never stretched: the legend may hold more room than
                # its rows need (``_hold_legend_room``), and a stretched label draws its
                # text at its top while the sample stays centred, the name above its key.
                policy = pair[1].sizePolicy()
                policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
                pair[1].setSizePolicy(policy)
                pair[0].sigClicked.connect(legend.sigSampleClicked)
                if item in self.style_samples.values():
                    # Clicking a key entry must not pretend to hide anything.
                    pair[0].setAcceptedMouseButtons(Qt.MouseButton.NoButton)
                self._legend_pairs[item] = pair
            elif pair[1].text != text:
                set_plain_text(pair[1], html.unescape(text), text)
            legend.items.append(pair)
            legend._addItemToLayout(*pair)  # pyqtgraph's own placing (its setColumnCount uses it)
            pair[0].show()
            pair[1].show()
        legend.updateSize()
        return True

    def _note_lines(self, iso3: str, points: Sequence[Observation], already_there: bool,
                    scenario_drawn: bool, years: Iterable[int]) -> list[str]:
        """What the chart cannot draw for one ally, in words: no series, no figures, gaps."""
        name = self._name(iso3)
        lines = []
        if points:
            for gap in missing_years(list(points), list(years)):
                kind = "published blank" if gap.published_blank else "not in this edition's sources"
                lines.append(f"{name}: no {gap.year} figure ({kind}).")
            if already_there:
                lines.append(f"{name}: already at or above {self._scenario_goal()}; "
                             "no scenario path drawn.")
            elif scenario_drawn and not_committed(self._store.position(iso3), self._store.member(iso3)):
                # The Hague arrangement (data/hague_summit.md): a path is not a commitment.
                lines.append(f"{name}: has not committed to {self._scenario_goal()} under the Hague "
                             "arrangement; the scenario path is illustrative.")
        elif not has_defence_series(self._store.observations(iso3=iso3)):  # Iceland: GDP only
            member = self._store.member(iso3)
            lines.append(f"{name}: {member.notes if member and member.notes else 'no NATO series'}.")
        else:
            lines.append(f"{name}: no figures in this edition.")
        return lines

    def _update_message(self, allies: list[str]) -> None:
        """Say in words what the chart cannot draw: no series, no figures, gaps."""
        years = facts_for(self._store, self._edition, self._measure).years  # once per save, not per ally
        lines = []
        for iso3 in allies:
            slot = self.slot_for(iso3)
            points = slot.points if slot is not None else ()
            lines += self._note_lines(iso3, points, iso3 in self._already_there,
                                      bool(slot is not None and slot.scenario_points), years)
        if not allies:
            lines.append(NO_ALLY_NOTE)
        text = "\n".join(lines)
        if text != self.message.text():
            self.message.setText(text)
        self._fit_note()

    def _single_ally_notes(self) -> list[str]:
        """The note each ally would get alone on the chart (and the one for no ally)."""
        years = list(facts_for(self._store, self._edition, self._measure).years)
        notes = [NO_ALLY_NOTE]
        for member in self._store.members():
            points = self._points(member.iso3)
            path, already_there = self._scenario_path(points)
            notes.append("\n".join(self._note_lines(member.iso3, points, already_there, bool(path), years)))
        return notes

    def _fit_note(self, width: int | None = None) -> None:
        """The note keeps the room of the tallest single-ally note (``note_room``), measured
        at the width it is shown at: a chart not shown yet has no width worth measuring
        at (Qt's default 640 px wrapped Iceland's note to four lines and the window's
        least height grew past 700 px), and a hidden one keeps the room it had."""
        if width is not None:  # the coming width (``fit_ahead``)
            margins = self.contentsMargins()
            self._note_width = width - margins.left() - margins.right()
        elif self.isVisible():
            self._note_width = self.contentsRect().width()
        self._note_room.fit(self._data_key(), self._single_ally_notes, self._note_width)

    def _update_ranges(self, *, force: bool = False) -> None:
        if self._user_moved_view and not force:
            return  # keep the analyst's zoom until Reset view (or Home)
        first, last = self._years
        values = [o.value for slot in self.slots for o in (*slot.points, *slot.plan_points)
                  if o.value is not None]
        if self._measure.info.is_share_of_gdp:
            top = max([5.5, *(v + 0.5 for v in values)])
            bottom, top = 0.0, float(np.ceil(top))
        else:
            # Other units: from zero (or below, for a real fall) to above the highest
            # figure and every target line, so a line is never cut off.
            levels = [line.value() for line in self.target_lines.values()]
            top = max([*values, *levels, 1.0]) * 1.08
            bottom = min([0.0, *values])
        # Half a year either side; a line-end name with no room on the right goes left.
        wanted = [[first - 0.5, last + 0.5], [bottom, top]]
        if self._plot.getViewBox().viewRange() == wanted:
            return  # most switches of ally: the same range, nothing to tell the view
        self._plot.setRange(xRange=wanted[0], yRange=wanted[1], padding=0)

    # hover --------------------------------------------------------------

    def hover_text(self, year: int) -> str:
        """What the crosshair lists at ``year``: each visible series' value, status and source.

        A source shared by every value is named once, at the end, so six allies
        make a box of eight lines rather than thirteen."""
        lines = [str(year)]
        sources: list[tuple[int, str]] = []  # (line index, source) to place
        for slot in self.slots:
            if not slot.iso3 or not slot.sample.isVisible():
                continue
            name = self._name(slot.iso3)
            found = False
            for obs in [o for o in slot.points + slot.plan_points if o.year == year]:
                found = True
                value = ("blank (no figure published)" if obs.value is None
                         else format_value(obs.value, obs.decimals, obs.measure))
                source = self._store.source(obs.source_id)
                # The original (NATO's table, Reuters), never the copy or transcription read.
                title = cited_source_line(source) if source else obs.source_id
                if len(title) > 64:
                    title = title[:63] + "…"
                lines.append(f"{name}: {value}, {obs.status.value}")
                sources.append((len(lines), title))
            scenario = dict(slot.scenario_points)
            if year in scenario and not any(o.year == year for o in slot.points):
                found = True
                lines.append(f"{name}: {scenario[year]:.2f}%, scenario ({self.scenario.kind} path)")
                sources.append((len(lines), "nato_desk arithmetic from the latest figure"))
            if not found and slot.points:
                lines.append(f"{name}: no figure (gap)")
        if len({title for _, title in sources}) == 1 and len(sources) > 1:
            lines.append(f"source (all): {sources[0][1]}")
        else:
            for at, title in reversed(sources):
                lines.insert(at, f"    source: {title}")
        return "\n".join(lines)

    def cursor_text(self, year: int) -> str:
        """The values at ``year`` in one line per shown series, each with its
        status (actual, estimate, plan, scenario, blank or gap): the readout."""
        lines = [line for line in self.hover_text(year).splitlines()
                 if not line.startswith(("    source:", "source (all):"))]
        return f"{lines[0]}: " + "; ".join(lines[1:]) + ("." if len(lines) > 1 else "no ally on the chart.")

    def step_cursor(self, by: int) -> None:
        """Move the year cursor ``by`` years within the years shown (keyboard)."""
        first, last = self._years
        if self._cursor_year is None:
            # Start at the newest figure on the chart: the year a briefer asks about.
            years = [o.year for slot in self.slots if slot.iso3 for o in slot.points]
            year = max(years) if years else last
        else:
            year = self._cursor_year + by
        self.show_hover(min(max(year, first), last))
        self._update_readout()

    def show_hover(self, year: int) -> None:
        """Move the crosshair to ``year`` (snapped) and show the values there."""
        year = min(max(year, FIRST_YEAR), LAST_YEAR)
        self._cursor_year = year
        self.crosshair.setPos(year)
        self.crosshair.show()
        self.hover_label.setText(self.hover_text(year))
        # In the top corner away from the crosshair, so the box never hides
        # the year it describes and has the most room before the plot's edge.
        (x0, x1), (_, y1) = self._plot.getViewBox().viewRange()
        right_half = year > (x0 + x1) / 2
        self.hover_label.setAnchor((0, 0) if right_half else (1, 0))
        self.hover_label.setPos(x0 + 0.1 if right_half else x1 - 0.1, y1)
        self.hover_label.show()
        self._hover_overlay.refresh()
        if self.readout.isVisibleTo(self):
            self._update_readout()

    def hide_hover(self) -> None:
        self._cursor_year = None
        self.crosshair.hide()
        self.hover_label.hide()
        self._hover_overlay.refresh()
        if self.readout.isVisibleTo(self):
            self.readout.hide()
            self._announce(self.summary())

    def _update_readout(self) -> None:
        if self._cursor_year is None:
            return
        text = self.cursor_text(self._cursor_year)
        self.readout.setText(text)
        self.readout.show()
        self._announce(text)

    def _announce(self, text: str) -> None:
        """Tell assistive technology the plot now describes ``text``."""
        self.plot_widget.setAccessibleDescription(text)
        QAccessible.updateAccessibility(QAccessibleEvent(self.plot_widget, QAccessible.Event.DescriptionChanged))
        QAccessible.updateAccessibility(QAccessibleEvent(self.readout, QAccessible.Event.NameChanged))

    def _on_view_range_changed_manually(self, *_: object) -> None:
        self._user_moved_view = True

    def _on_scene_mouse_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.RightButton:  # type: ignore[attr-defined]
            return
        view = self._plot.getViewBox()
        pos = view.mapSceneToView(event.scenePos())  # type: ignore[attr-defined]
        obs = self.observation_near(pos.x(), pos.y())
        if obs is None:
            return
        event.accept()  # type: ignore[attr-defined]
        menu = QMenu(self)
        value = "blank" if obs.value is None else format_value(obs.value, obs.decimals, obs.measure)
        action = menu.addAction(f"Show source of {self._name(obs.iso3)} {obs.year} ({value})")
        action.triggered.connect(lambda: self.source_requested.emit(obs.source_id))
        menu.popup(event.screenPos().toPoint())  # type: ignore[attr-defined]

    def _on_scene_mouse_moved(self, event: tuple[QPointF]) -> None:
        pos = event[0]
        view = self._plot.getViewBox()
        if not view.sceneBoundingRect().contains(pos):
            if not self.readout.isVisibleTo(self):  # a keyboard cursor stays until Escape
                self.hide_hover()
            return
        self.show_hover(int(round(view.mapSceneToView(pos).x())))

