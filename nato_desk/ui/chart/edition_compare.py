"""The "Editions" view: one ally's figures in every edition, and what changed between two.

One line per edition of the measure on show (``analysis.revisions``), each
its own colour and marker (NATO's editions in release order, in the palette's
ally colours), actual figures solid with filled markers and estimates dotted
with hollow ones, as on the trajectory chart. An edition is never spliced into
another's line: each line is its own plot items, filled from its own edition.

Another publisher's series (SIPRI's) is drawn apart in grey, dashed, with
crosses for markers, and named "SIPRI 2025 release (SIPRI definition, not
NATO's)" in the legend; the notes under the chart say why.

Two combo boxes choose the editions compared ("from" and "to"; by default the
newest NATO edition against the newest earlier one with a full series); the
revisions between them are listed in a table (``RevisionTableModel``), ringed
on the chart with a pale band at each year, and said in one sentence
(``caption``). Revisions are listed only between two releases of one
publisher. Everything shown is plain text; pyqtgraph labels are escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nato_desk.analysis.figures import format_value, has_defence_series, measure_words, status_mark
from nato_desk.analysis.revisions import (
    EditionLine,
    Revision,
    default_pair,
    definition_notes,
    describe_revisions,
    edition_lines,
    format_change,
    is_nato,
    revisions,
    same_publisher,
)
from nato_desk.domain import Edition, Measure, Observation, Status
from nato_desk.export.citations import source_line as cited_source_line
from nato_desk.palette import ALLY_COLOURS, ALLY_SYMBOLS
from nato_desk.store import Store
from nato_desk.ui.chart.hover import add_hover_label
from nato_desk.ui.chart_export import ChartSpec
from nato_desk.ui.chart.series_slot import STATUS_PENS
from nato_desk.ui.chart.steady_style import SteadyStyleItem
from nato_desk.ui.chart.trajectory_chart import axis_title
from nato_desk.ui.plain_text import elide, plain_label, tooltip, widget_shortcut
from nato_desk.ui.theme import ally_qcolor, colour, qcolor

__all__ = ["EditionCompare", "RevisionTableModel"]

_OTHER_INK = "#6E6E6E"  # another publisher's series: grey, dashed, crosses
_OTHER_SYMBOL = "x"
_RING = "#D55E00"  # revised years: vermillion rings (no edition line uses it)
# and a pale band behind the year: the theme's revision_band


class RevisionTableModel(QAbstractTableModel):
    """The revisions between two editions: year, from, to, change, kind (one row each)."""

    COLUMNS = ("Year", "From", "To", "Change", "Kind")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Revision] = []
        self._headers = list(self.COLUMNS)
        self._header_tips = [""] * len(self.COLUMNS)
        self._measure = Measure.PCT_GDP
        self._sources: dict[str, str] = {}

    def set_revisions(self, found: Sequence[Revision], measure: Measure, old_label: str, new_label: str,
                      sources: dict[str, str]) -> None:
        """Show ``found``; the From and To columns are headed by the editions' names."""
        self.beginResetModel()
        self._rows = list(found)
        self._measure = measure
        # Headed by the editions' names, short enough to keep the table narrow.
        self._headers = ["Year", old_label or "From", new_label or "To", "Change", "Kind"]
        self._header_tips = ["", f"From: {old_label}", f"To: {new_label}",
                             f"{new_label} minus {old_label}, as published", "What the later edition did"]
        self._sources = dict(sources)
        self.endResetModel()

    def revision(self, row: int) -> Revision:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and self._header_tips[section]:
            return tooltip(self._header_tips[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rev, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(rev, column)
            return elide(text) if isinstance(text, str) else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._sources_text(rev))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 1, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return rev.year
        return None

    def _text(self, rev: Revision, column: int) -> str:
        if column == 0:
            return str(rev.year)
        if column in (1, 2):
            return _figure_text(rev.old if column == 1 else rev.new)
        if column == 3:
            return "" if rev.delta is None else format_change(rev.delta, rev.decimals, self._measure)
        return rev.kind

    def _sources_text(self, rev: Revision) -> str:
        lines = [f"{rev.year}: {rev.kind}"]
        for word, obs in (("From", rev.old), ("To", rev.new)):
            if obs is not None:
                lines.append(f"{word}: {_figure_text(obs)}, source: {self._sources.get(obs.source_id, obs.source_id)}")
        return "\n".join(lines)


def _figure_text(obs: Observation | None) -> str:
    """``2.01% e`` (an estimate), ``1.48%``, ``blank`` (published blank), ``—`` (no row)."""
    if obs is None:
        return "\u2014"
    if obs.value is None:
        return "blank"
    mark = status_mark(obs.status)
    return format_value(obs.value, obs.decimals, obs.measure) + (f" {mark}" if mark else "")


@dataclass
class _LineItems:
    """The plot items of one edition's line: actual, estimate, and its legend sample."""

    actual: pg.PlotDataItem
    estimate: pg.PlotDataItem
    sample: pg.PlotDataItem
    line: EditionLine | None = None

    def items(self) -> tuple[pg.PlotDataItem, pg.PlotDataItem]:
        return self.actual, self.estimate


class EditionCompare(QWidget):
    """One ally's line in every edition of the measure on show, and the revisions between two."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, measure: Measure = Measure.PCT_GDP) -> None:
        super().__init__(parent)
        self._store = store
        self._measure = measure
        self._iso3: str | None = None
        self._stale = False  # the ally, measure or store changed while the tab was hidden
        self.lines: list[EditionLine] = []
        self.found: list[Revision] = []
        self._chosen: tuple[str | None, str | None] = (None, None)
        self._slots: list[_LineItems] = []
        self._marked_years: list[int] = []

        self.from_combo = QComboBox()
        self.from_combo.setAccessibleName("From edition")
        self.from_combo.setToolTip("The earlier edition: revisions are what the other edition changed")
        self.to_combo = QComboBox()
        self.to_combo.setAccessibleName("To edition")
        self.to_combo.setToolTip("The later edition, compared with the first")
        for combo in (self.from_combo, self.to_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            combo.activated.connect(self._on_combo_activated)
        bar = QHBoxLayout()
        from_label = plain_label("Revisions from", wrap=False, selectable=False)
        from_label.setBuddy(self.from_combo)
        to_label = plain_label("to", wrap=False, selectable=False)
        to_label.setBuddy(self.to_combo)
        for widget in (from_label, self.from_combo, to_label, self.to_combo):
            bar.addWidget(widget)
        bar.addStretch(1)

        # No context menus: the view box's is never built (see trajectory_chart).
        self.plot_widget = pg.PlotWidget(background=colour("chart_background"), enableMenu=False)
        self.plot_widget.setAccessibleName("Editions chart")
        self.plot_widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plot_widget.setMinimumSize(320, 220)
        widget_shortcut(self.plot_widget, "Home", self.reset_view)
        self._plot = self.plot_widget.getPlotItem()
        self._plot.showGrid(x=True, y=True, alpha=0.15)
        self._plot.setLabel("bottom", "Year")
        self._plot.getAxis("bottom").setTickSpacing(2, 1)
        self._plot.setMenuEnabled(False)
        self._plot.getViewBox().setLimits(xMin=1945, xMax=2040)
        self.legend = pg.LegendItem(labelTextSize="9pt", colCount=2)
        self._plot.layout.addItem(self.legend, 4, 1)
        self._plot.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignHCenter)
        panel = colour("chart_panel")
        panel.setAlpha(220)
        self.legend.setBrush(pg.mkBrush(panel))
        self.legend.setPen(pg.mkPen(colour("chart_line")))
        # Revised years: a pale band behind, rings around both editions' figures.
        self.bands = pg.BarGraphItem(x=[], height=[], width=0.7, brush=colour("revision_band"), pen=pg.mkPen(None))
        self.bands.setZValue(-10)
        self._plot.addItem(self.bands, ignoreBounds=True)
        self.rings = pg.ScatterPlotItem(symbol="o", size=19, brush=pg.mkBrush(None),
                                        pen=pg.mkPen(_RING, width=2))
        self.rings.setZValue(50)
        self._plot.addItem(self.rings)
        # A scatter item: the legend draws a PlotDataItem's marker from data it has none of.
        self.ring_sample = pg.ScatterPlotItem(symbol="o", size=13, brush=pg.mkBrush(None),
                                              pen=pg.mkPen(_RING, width=2))
        self._plot.addItem(self.ring_sample)  # owned by the scene (see SeriesSlot.create)
        self.hover_label = add_hover_label(self._plot)
        self._mouse_proxy = pg.SignalProxy(self._plot.scene().sigMouseMoved, rateLimit=60,
                                           slot=self._on_scene_mouse_moved)

        self.notes = plain_label()
        self.notes.setAccessibleName("Edition notes")
        self.notes.setObjectName("gapNote")
        self.caption = plain_label()
        self.caption.setAccessibleName("Revisions summary")
        self.model = RevisionTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Revisions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        # The sentence across the top; the chart left, the table and the notes on
        # definitions right, so the chart keeps the panel's height.
        table_side = QWidget()
        table_layout = QVBoxLayout(table_side)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.notes)
        table_side.setMinimumWidth(300)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.plot_widget)
        self.splitter.addWidget(table_side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([450, 390])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.caption)
        layout.addWidget(self.splitter, 1)
        self._refresh()

    # public API ---------------------------------------------------------

    @property
    def measure(self) -> Measure:
        return self._measure

    @property
    def iso3(self) -> str | None:
        return self._iso3

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._refresh()

    def set_member(self, iso3: str | None) -> None:
        """Follow the list's selected ally."""
        if iso3 != self._iso3:
            self._iso3 = iso3
            self._refresh()

    def set_measure(self, measure: Measure) -> None:
        """Follow the measure picker (the share of GDP brings the core share along, and back)."""
        if measure is not self._measure:
            self._measure = measure
            self._refresh()

    def reload(self) -> None:
        """Re-read the store: an import or its undo adds or removes an edition's line."""
        self._refresh()

    def choose(self, old: str, new: str) -> None:
        """Compare edition ``old`` with edition ``new`` (ids); an id not on the chart is ignored."""
        self._chosen = (old, new)
        self._refresh()

    @property
    def pair(self) -> tuple[EditionLine | None, EditionLine | None]:
        """The lines compared now (from, to)."""
        by_id = {line.edition.id: line for line in self.lines}
        return by_id.get(self.from_combo.currentData() or ""), by_id.get(self.to_combo.currentData() or "")

    def line_items(self, edition_id: str) -> tuple[pg.PlotDataItem, pg.PlotDataItem] | None:
        """The actual and estimate plot items drawing ``edition_id``'s line, if it is drawn."""
        slot = next((s for s in self._slots if s.line is not None and s.line.edition.id == edition_id), None)
        return slot.items() if slot is not None else None

    def legend_labels(self) -> list[str]:
        """The legend's entries as read (its labels are escaped HTML)."""
        return [html.unescape(label.text.replace("<br>", " ")) for _, label in self.legend.items]

    def reset_view(self) -> None:
        self._update_ranges()

    def export_spec(self, marking: str, today: dt.date | None = None) -> ChartSpec:
        """What an export of this view says round the chart: its own title, the sentence on
        revisions, and every edition drawn as a source (not only the toolbar's edition)."""
        title = f"{self._name()}: {self._what()} by edition" if self._iso3 else "Editions"
        return ChartSpec(title, self.caption.text(), self.source_line(today), marking)

    def source_line(self, today: dt.date | None = None) -> str:
        """'Sources: NATO, June 2024, August 2025 and July 2026 editions; SIPRI, <title>. Exported <date>.'"""
        by_publisher: dict[str, list[Edition]] = {}
        for line in self.lines:
            by_publisher.setdefault(line.edition.publisher.strip() or "NATO", []).append(line.edition)
        parts = []
        for publisher, editions in by_publisher.items():
            if publisher == "NATO":
                labels = [e.label for e in editions]
                words = " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
                parts.append(f"NATO, {words} edition{'s' if len(labels) > 1 else ''}")
            else:
                parts.append(f"{publisher}, " + "; ".join(f"{e.title} ({e.released})" for e in editions))
        exported = (today or dt.date.today()).isoformat()
        named = "; ".join(parts) if parts else "no edition drawn"
        return f"Sources: {named}. Exported {exported} with nato_desk."

    # drawing ------------------------------------------------------------

    def _refresh(self) -> None:
        # A tab behind another in a shown window is drawn when it is shown, not on every
        # selection (each ally switch would otherwise rebuild every edition's line unseen).
        if self.window().isVisible() and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        observations = self._store.observations(iso3=self._iso3) if self._iso3 else []
        self.lines = (edition_lines(observations, self._store.editions(), self._iso3, self._measure)
                      if self._iso3 else [])
        self._fill_combos()
        self._draw_lines()
        self._compare()
        name = self._name()
        title = f"{name}: {self._what()} by edition" if self._iso3 else "Editions"
        self._plot.setTitle(html.escape(title), size="11pt")
        self._plot.setLabel("left", html.escape(axis_title(self._measure, None)))
        notes = definition_notes(self.lines)
        if any(line.other_definition for line in self.lines):
            notes.append("Other publishers' series are drawn grey and dashed, with crosses.")
        self.notes.setText(" ".join(notes))
        self.notes.setVisible(bool(notes))
        self._update_ranges()
        description = " ".join([self.caption.text(), *notes])
        self.plot_widget.setAccessibleDescription(description)

    def _fill_combos(self) -> None:
        ids = [line.edition.id for line in self.lines]
        default_from, default_to = default_pair(self.lines)
        wanted_from, wanted_to = self._chosen
        current_from = wanted_from if wanted_from in ids else (default_from.edition.id if default_from else None)
        current_to = wanted_to if wanted_to in ids else (default_to.edition.id if default_to else None)
        for combo, current in ((self.from_combo, current_from), (self.to_combo, current_to)):
            combo.blockSignals(True)
            combo.clear()
            for line in self.lines:
                combo.addItem(line.label, line.edition.id)
                combo.setItemData(combo.count() - 1, tooltip(f"{line.edition.title} ({line.edition.released})"),
                                  Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else combo.count() - 1)
            combo.setEnabled(len(self.lines) > 1)
            combo.blockSignals(False)

    def _slot(self, index: int) -> _LineItems:
        # Items are made once and kept (an import adds a line, its undo hides it again):
        # graphics items taken out of a scene and left to Python's collector crash Qt.
        while len(self._slots) <= index:
            items = [SteadyStyleItem(connect="finite") for _ in range(2)]
            sample = pg.PlotDataItem()
            for item in items:
                self._plot.addItem(item)
                item.hide()
            self._plot.addItem(sample)
            slot = _LineItems(items[0], items[1], sample)
            sample.visibleChanged.connect(lambda s=slot: self._show_slot(s))
            self._slots.append(slot)
        return self._slots[index]

    def _nato_index(self, edition: Edition) -> int:
        """An edition's colour and marker: its place among the store's NATO editions by release."""
        nato = sorted((e for e in self._store.editions() if is_nato(e)), key=lambda e: (e.released, e.id))
        return next((i for i, e in enumerate(nato) if e.id == edition.id), 0)

    def _style(self, slot: _LineItems, line: EditionLine) -> None:
        if line.other_definition:
            ink, symbol = qcolor(_OTHER_INK), _OTHER_SYMBOL
            actual_pen = pg.mkPen(ink, width=2, style=Qt.PenStyle.DashLine)
            estimate_pen = pg.mkPen(ink, width=2, style=Qt.PenStyle.DotLine)
            fills = (ink, ink.lighter(150))
            size = 10
        else:
            index = self._nato_index(line.edition)
            ink, symbol = ally_qcolor(index % len(ALLY_COLOURS)), ALLY_SYMBOLS[index % len(ALLY_SYMBOLS)]
            actual_pen = pg.mkPen(ink, width=2.5, style=STATUS_PENS[Status.ACTUAL])
            estimate_pen = pg.mkPen(ink, width=2.5, style=STATUS_PENS[Status.ESTIMATE])
            fills = (ink, colour("chart_background"))  # estimates hollow, as everywhere
            size = 8
        slot.actual.setPen(actual_pen)
        slot.actual.setSymbol(symbol)
        slot.actual.setSymbolSize(size)
        slot.actual.setSymbolBrush(pg.mkBrush(fills[0]))
        slot.actual.setSymbolPen(pg.mkPen(ink.darker(130) if not line.other_definition else ink, width=1.5))
        slot.estimate.setPen(estimate_pen)
        slot.estimate.setSymbol(symbol)
        slot.estimate.setSymbolSize(size)
        slot.estimate.setSymbolBrush(pg.mkBrush(fills[1]))
        slot.estimate.setSymbolPen(pg.mkPen(ink, width=2))
        slot.sample.setPen(actual_pen)
        slot.sample.setSymbol(symbol)
        slot.sample.setSymbolSize(size)
        slot.sample.setSymbolBrush(pg.mkBrush(fills[0]))
        slot.sample.setSymbolPen(pg.mkPen(ink, width=1.5))
        # Another publisher's crosses on top: thin, they hide nothing, and a SIPRI
        # figure close to NATO's must still be seen.
        # Actual above estimate, so the figure joining them keeps its filled marker.
        slot.estimate.setZValue(30 if line.other_definition else 20)
        slot.actual.setZValue(31 if line.other_definition else 21)

    def _draw_lines(self) -> None:
        self.legend.clear()
        for i, line in enumerate(self.lines):
            slot = self._slot(i)
            if slot.line is None or slot.line.edition.id != line.edition.id:
                slot.sample.setVisible(True)  # a new line in this slot starts visible
            slot.line = line
            self._style(slot, line)
            _fill(slot, line.points)
            self.legend.addItem(slot.sample, _legend_text(line.label))
            self._show_slot(slot)
        for slot in self._slots[len(self.lines):]:
            slot.line = None
            _fill(slot, ())
            self._show_slot(slot)

    def _show_slot(self, slot: _LineItems) -> None:
        visible = slot.line is not None and slot.sample.isVisible()
        for item in slot.items():
            ys = item.getData()[1]
            item.setVisible(visible and ys is not None and len(ys) > 0 and bool(np.isfinite(ys).any()))

    def _compare(self) -> None:
        old, new = self.pair
        if old is None or new is None or len(self.lines) < 2:
            self.found = []
            self.caption.setText(self._nothing_to_compare())
        elif old.edition.id == new.edition.id or not same_publisher(old.edition, new.edition):
            self.found = []
            self.caption.setText(describe_revisions(self._name(), old, new, []))
        else:
            self.found = revisions(old.points, new.points)
            self.caption.setText(describe_revisions(self._name(), old, new, self.found))
        sources = {}
        for rev in self.found:
            for obs in (rev.old, rev.new):
                if obs is not None and obs.source_id not in sources:
                    source = self._store.source(obs.source_id)
                    sources[obs.source_id] = cited_source_line(source) if source else obs.source_id
        self.model.set_revisions(self.found, self._measure, old.edition.label if old else "",
                                 new.edition.label if new else "", sources)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(self.found))
        self._mark_revisions()

    def _nothing_to_compare(self) -> str:
        if not self._iso3:
            return "Select an ally in the list to compare its figures across editions."
        name, what = self._name(), measure_words(self._measure)
        if not self.lines:
            member = self._store.member(self._iso3)
            # The notes say why an ally has no defence series at all (Iceland: GDP only).
            bare = not has_defence_series(self._store.observations(iso3=self._iso3))
            why = f" ({member.notes})" if member and member.notes and bare else ""
            return f"No edition has figures for {name} in {what}{why}."
        return (f"Only {self.lines[0].label} has figures for {name} in {what}; "
                "there is no other edition to compare it with.")

    def _mark_revisions(self) -> None:
        # Years both editions give a figure for that changed in value or status (not new or dropped years).
        marked = [r for r in self.found if r.old is not None and r.new is not None
                  and r.old.value is not None and r.new.value is not None]
        spots = [(obs.year, obs.value) for r in marked for obs in (r.old, r.new)
                 if obs is not None and obs.value is not None]
        self.rings.setData([x for x, _ in spots], [y for _, y in spots])
        self._marked_years = sorted({r.year for r in marked})
        self.legend.removeItem(self.ring_sample)
        old, new = self.pair
        if spots and old is not None and new is not None:
            self.legend.addItem(self.ring_sample, html.escape("revised from") + "<br>" +
                                html.escape(f"{old.edition.label} to {new.edition.label}"))
            self.legend.items[-1][0].setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def _update_ranges(self) -> None:
        nato_years = [y for line in self.lines if not line.other_definition for y in line.years]
        years = nato_years or [y for line in self.lines for y in line.years] or [2014, 2026]
        x0, x1 = min(years) - 0.6, max(years) + 0.6
        self._plot.setXRange(x0, x1, padding=0)
        values = [o.value for line in self.lines for o in line.points
                  if o.value is not None and x0 <= o.year <= x1]
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        span = max(high - low, abs(high) * 0.05, 0.1)
        bottom = low - 0.12 * span
        if low >= 0:
            bottom = max(bottom, 0.0)
        top = high + 0.12 * span
        self._plot.setYRange(bottom, top, padding=0)
        marked = self._marked_years
        self.bands.setOpts(x=np.array(marked, dtype=float), y0=np.full(len(marked), bottom),
                           height=np.full(len(marked), top - bottom), width=0.7)

    def _what(self) -> str:
        """The measure in the title: "share of GDP" when NATO's two definitions are mixed
        (the legend says which line is core)."""
        kinds = {line.measure for line in self.lines if not line.other_definition}
        return "share of GDP" if len(kinds) > 1 else measure_words(self._measure)

    def _name(self) -> str:
        member = self._store.member(self._iso3) if self._iso3 else None
        return member.name if member else (self._iso3 or "")

    # hover --------------------------------------------------------------

    def hover_text(self, year: int) -> str:
        """Each line's figure at ``year`` with its status and source."""
        rows = [str(year)]
        for line in self.lines:
            obs = next((o for o in line.points if o.year == year), None)
            if obs is None:
                continue
            source = self._store.source(obs.source_id)
            title = cited_source_line(source) if source else obs.source_id
            if len(title) > 64:
                title = title[:63] + "\u2026"
            value = "blank" if obs.value is None else format_value(obs.value, obs.decimals, obs.measure)
            rows.append(f"{line.label}: {value}, {obs.status.value}")
            rows.append(f"    source: {title}")
        return "\n".join(rows)

    def show_hover(self, year: int) -> None:
        self.hover_label.setText(self.hover_text(year))
        (x0, x1), (_, y1) = self._plot.getViewBox().viewRange()
        right_half = year > (x0 + x1) / 2
        self.hover_label.setAnchor((0, 0) if right_half else (1, 0))
        self.hover_label.setPos(x0 + 0.1 if right_half else x1 - 0.1, y1)
        self.hover_label.show()

    def _on_scene_mouse_moved(self, event: tuple[QPointF]) -> None:
        view = self._plot.getViewBox()
        if not view.sceneBoundingRect().contains(event[0]) or not self.lines:
            self.hover_label.hide()
            return
        self.show_hover(int(round(view.mapSceneToView(event[0]).x())))

    # slots --------------------------------------------------------------

    def _on_combo_activated(self, _: int) -> None:
        self._chosen = (self.from_combo.currentData(), self.to_combo.currentData())
        self._compare()
        self._update_ranges()
        self.plot_widget.setAccessibleDescription(" ".join([self.caption.text(), self.notes.text()]))


def _legend_text(label: str) -> str:
    """A legend label as pyqtgraph's HTML: escaped, a long one broken before its parenthesis
    ("SIPRI 2025 release / (SIPRI definition, not NATO's)") so two columns fit the chart."""
    head, sep, tail = label.partition(" (")
    if len(label) > 26 and sep:
        return html.escape(head) + "<br>" + html.escape("(" + tail)
    return html.escape(label)


def _fill(slot: _LineItems, points: Sequence[Observation]) -> None:
    """One edition's figures, NaN where it has no figure, estimates on their own dotted item."""
    if not points:
        slot.actual.setData([], [])
        slot.estimate.setData([], [])
        return
    by_year = {o.year: o for o in points}
    years = np.arange(min(by_year), max(by_year) + 1, dtype=float)
    rows = [by_year.get(int(y)) for y in years]
    values = np.array([np.nan if o is None or o.value is None else o.value for o in rows])
    is_estimate = np.array([o is not None and o.status is Status.ESTIMATE for o in rows])
    actual = np.where(is_estimate, np.nan, values)
    estimate = np.where(is_estimate, values, np.nan)
    # The dotted estimates start from the last actual figure of the same edition.
    first = int(np.argmax(is_estimate)) if is_estimate.any() else -1
    if first > 0 and not np.isnan(values[first - 1]):
        estimate[first - 1] = values[first - 1]
    for item, ys in ((slot.actual, actual), (slot.estimate, estimate)):
        if np.isfinite(ys).any():
            item.setData(years, ys)
        else:
            item.setData([], [])  # pyqtgraph warns on an all-NaN series
