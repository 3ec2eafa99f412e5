"""Saved views, the storyline and presenter mode.

A ``SavedView`` records what the chart shows (allies, view kind, edition,
year range, toggles). Saving, reordering and deleting go through the
``DeskEditor``, so each is undoable and in the history. The storyline is the
saved views ordered by ``order``. ``PresenterWindow`` shows them full screen,
one at a time, as slides for a projector: every text on the slide (title,
chart title, axes, tick labels, legend, target and event labels, values)
scaled by ``FONT_SCALE``; the source line of what the slide shows and the
handling marking (the exports' remembered marking) at the foot; the edition
named by its label ("July 2026"), never its id; and nothing interactive (the
ranked view's year drop-down becomes the year in words, no plot buttons).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import (
    PLAN_EDITION,
    AddRecord,
    ChangeSet,
    Edition,
    Measure,
    RemoveRecord,
    SavedView,
    SetField,
)
from nato_desk.domain.validation import MAX_YEAR, MIN_YEAR
from nato_desk.export.citations import source_line as cited_source_line
from nato_desk.store import Store
from nato_desk.ui.chart.export_render import widen_pens
from nato_desk.ui.chart.chart_panel import SCENARIO_CHOICES
from nato_desk.ui.chart.ranked_view import RankedView
from nato_desk.ui.chart.trajectory_chart import (
    FIRST_YEAR,
    LAST_YEAR,
    ScenarioChoice,
    TrajectoryChart,
)
from nato_desk.ui.chart_export import DEFAULT_MARKING
from nato_desk.ui.theme import colour as theme_colour
from nato_desk.ui.overview_grid import OverviewGrid
from nato_desk.ui.plain_text import plain_label
from nato_desk.ui.settings import Settings

if TYPE_CHECKING:
    from nato_desk.ui.app import Desk

__all__ = ["FONT_SCALE", "PresenterWindow", "SavedViews", "StorylineDialog", "scale_chart_text",
           "slide_source_line", "storyline"]

FONT_SCALE = 1.6
_FORWARD = {Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_PageDown}
_BACK = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp}


def storyline(store: Store) -> list[SavedView]:
    """The saved views in storyline order (``order``, then name)."""
    return sorted(store.all(SavedView), key=lambda v: (v.order, v.name, v.id))


def slide_source_line(store: Store, view: SavedView) -> str:
    """The sources of what a slide shows, naming each original and the edition by its label.

    The edition's own source, then (on a trajectory) the sources of the drawn
    figures and national plan points; a scenario path is said to be our
    arithmetic. Each source is cited by ``export.citations.source_line``.
    """
    edition = store.get(Edition, view.edition)
    ids = [edition.source_id] if edition is not None else []
    if view.view == "trajectory":
        for iso3 in view.allies:
            for obs in store.observations(iso3=iso3):
                same_measure = edition is None or obs.measure == edition.measure
                if obs.edition == view.edition or (obs.edition == PLAN_EDITION and same_measure):
                    ids.append(obs.source_id)
    cited = list(dict.fromkeys(_cite(store, sid) for sid in ids))
    cited = [c for c in cited if c]
    label = "Sources" if len(cited) > 1 else "Source"
    edition_words = (f"NATO {edition.label} edition" if edition is not None
                     else "an edition no longer in the store")
    line = f"{label}: {'; '.join(cited)} ({edition_words})." if cited else f"Source: {edition_words}."
    kind = view.scenario.partition(":")[0]
    if view.view == "trajectory" and kind:
        line += " Scenario path: nato_desk arithmetic from the latest figure."
    return line


def _cite(store: Store, source_id: str) -> str:
    """One source as a slide names it (the citations module decides how)."""
    source = store.source(source_id)
    return cited_source_line(source) if source is not None else ""


def _scaled_size(css: object, factor: float, default_pt: float) -> str:
    """A CSS font size ("9pt", "12px", None) times ``factor``, in points."""
    text = str(css or "").strip()
    if text.endswith("pt"):
        return f"{float(text[:-2]) * factor:.1f}pt"
    if text.endswith("px"):
        return f"{float(text[:-2]) * 0.75 * factor:.1f}pt"
    return f"{default_pt * factor:.1f}pt"


def _scaled_font(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * factor)
    else:
        scaled.setPixelSize(round(font.pixelSize() * factor))
    return scaled


def scale_chart_text(plot: pg.PlotWidget, factor: float) -> None:
    """Every text a pyqtgraph chart draws, ``factor`` times larger: title, axis
    labels and ticks, legend, and every text item (target, event and value labels).

    Also makes the chart still: no auto-range button, no zoom or pan by mouse.
    """
    default_pt = QApplication.font().pointSizeF()
    item = plot.getPlotItem()
    item.hideButtons()
    item.setMouseEnabled(x=False, y=False)
    for it in plot.scene().items():
        if isinstance(it, pg.TextItem):
            it.setFont(_scaled_font(it.textItem.font(), factor))
        elif isinstance(it, pg.LegendItem):
            size = _scaled_size(it.opts["labelTextSize"], factor, default_pt)
            it.opts["labelTextSize"] = size  # a legend rebuilt later keeps the size
            for _sample, label in it.items:
                label.setText(label.text, size=size)
        elif isinstance(it, pg.AxisItem):
            it.setTickFont(_scaled_font(it.style["tickFont"] or QApplication.font(), factor))
            if it.labelText:
                style = dict(it.labelStyle)
                style["font-size"] = _scaled_size(style.get("font-size"), factor, default_pt)
                it.setLabel(it.labelText, units=it.labelUnits or None, **style)
    title = item.titleLabel
    if title.isVisible() and title.text:
        title.setText(title.text, size=_scaled_size(title.opts.get("size"), factor, default_pt))


def _ask_name(parent: QWidget) -> str | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Save view")
    dialog.setLabelText("Name of this view:")
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


class SavedViews(QObject):
    """The View menu's "Save view…", "Storyline…" and "Present storyline" (F5)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self._desk = desk
        self.ask_name: Callable[[QWidget], str | None] = _ask_name
        """Asks for the view's name; tests replace it."""
        self.presenter: PresenterWindow | None = None
        self.last_dialog: StorylineDialog | None = None
        window = desk.window
        self.save_action = QAction("&Save view…", window)
        self.save_action.triggered.connect(self._on_save_triggered)
        self.storyline_action = QAction("St&oryline…", window)
        self.storyline_action.triggered.connect(self._on_storyline_triggered)
        self.present_action = QAction("&Present storyline", window)
        self.present_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.present_action.triggered.connect(self._on_present_triggered)

    def actions(self) -> list[QAction]:
        return [self.save_action, self.storyline_action, self.present_action]

    # capturing ----------------------------------------------------------

    def capture(self, name: str) -> SavedView:
        """A saved view of what the window shows now, named ``name``, last in the storyline."""
        desk = self._desk
        panel = desk.chart_panel
        current = panel.views.currentWidget()
        view = ("ranked" if current is desk.ranked_view
                else "overview" if current is desk.overview_grid else "trajectory")
        (x0, x1), _ = panel.chart.plot_widget.getPlotItem().getViewBox().viewRange()
        year_from = min(max(math.ceil(x0), MIN_YEAR), MAX_YEAR)
        year_to = min(max(math.floor(x1), year_from), MAX_YEAR)
        if view == "ranked" and desk.ranked_view.year is not None:
            year_to = max(desk.ranked_view.year, year_from)  # the year ranked
        kind, target = panel.scenario_combo.currentData()
        views = desk.store.all(SavedView)
        return SavedView(
            id=self._new_id(name), name=name.strip(), allies=tuple(panel.chart.allies), view=view,
            edition=desk.member_model.edition, year_from=year_from, year_to=year_to,
            hague=panel.hague_check.isChecked(), wales=panel.wales_check.isChecked(),
            scenario=f"{kind}:{target}", order=max((v.order for v in views), default=0) + 1,
            shown_measure=desk.measure.value)

    def _new_id(self, name: str) -> str:
        base = "view-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "untitled")
        taken = {v.id for v in self._desk.store.all(SavedView)}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # changes through the editor ----------------------------------------------

    def save_view(self, name: str) -> str | None:
        """Save the current view as ``name``; None on success, else the reason."""
        if not name.strip():
            return "A saved view needs a name."
        view = self.capture(name)
        return self._desk.editor.submit(AddRecord(view, f"Save view “{view.name}”"))

    def move(self, view_id: str, step: int) -> str | None:
        """Move a view ``step`` places in the storyline (-1 up, +1 down)."""
        views = storyline(self._desk.store)
        index = next((i for i, v in enumerate(views) if v.id == view_id), None)
        if index is None or not 0 <= index + step < len(views):
            return None
        order = list(views)
        order.insert(index + step, order.pop(index))
        changes = tuple(
            SetField(SavedView.KIND, v.id, "order", v.order, n, f"Reorder “{v.name}”")
            for n, v in enumerate(order, 1) if v.order != n)
        if not changes:
            return None
        return self._desk.editor.submit(ChangeSet(changes, f"Move view “{views[index].name}”"))

    def delete(self, view_id: str) -> str | None:
        view = self._desk.store.get(SavedView, view_id)
        if view is None:
            return None
        return self._desk.editor.submit(RemoveRecord(view, f"Delete view “{view.name}”"))

    # slots ------------------------------------------------------------------

    def _say(self, problem: str | None) -> None:
        if problem:
            self._desk.window.statusBar().showMessage(problem, 10000)

    def _on_save_triggered(self) -> None:
        name = self.ask_name(self._desk.window)
        if name is not None:
            self._say(self.save_view(name))

    def _on_storyline_triggered(self) -> None:
        dialog = StorylineDialog(self, self._desk.window)
        self.last_dialog = dialog
        dialog.open()

    def _on_present_triggered(self) -> None:
        self.present()

    def present(self, start: int = 0) -> PresenterWindow | None:
        views = storyline(self._desk.store)
        if not views:
            self._say("No saved views to present: use View › Save view… first.")
            return None
        self.presenter = PresenterWindow(self._desk.store, views, self._desk.member_list.proxy,
                                         start=start,
                                         marking=self._desk.settings.get(Settings.EXPORT_MARKING))
        self.presenter.left.connect(self._on_presenter_left)
        self.presenter.showFullScreen()
        self.presenter.activateWindow()
        return self.presenter

    def _on_presenter_left(self) -> None:
        self.presenter = None
        self._desk.window.activateWindow()


class StorylineDialog(QDialog):
    """The saved views in order, with Up, Down and Delete (each an undoable change)."""

    def __init__(self, views: SavedViews, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Storyline")
        self._views = views
        self._store = views._desk.store
        self.list = QListWidget()
        self.list.setAccessibleName("Saved views")
        self.up_button = QPushButton("Up")
        self.down_button = QPushButton("Down")
        self.delete_button = QPushButton("Delete")
        self.close_button = QPushButton("Close")
        self.up_button.clicked.connect(lambda: self._act(lambda i: views.move(i, -1)))
        self.down_button.clicked.connect(lambda: self._act(lambda i: views.move(i, 1)))
        self.delete_button.clicked.connect(lambda: self._act(views.delete))
        self.close_button.clicked.connect(self.accept)
        buttons = QVBoxLayout()
        for b in (self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        views._desk.editor.changed.connect(self._on_changed)
        self.reload()

    def reload(self, current: str | None = None) -> None:
        self.list.clear()
        for view in storyline(self._store):
            item = QListWidgetItem(f"{view.name} — {view.view}, {', '.join(view.allies) or 'no ally'}")
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            self.list.addItem(item)
            if view.id == current:
                self.list.setCurrentItem(item)

    def ids(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def _current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _act(self, action: Callable[[str], str | None]) -> None:
        view_id = self._current_id()
        if view_id is not None:
            self._views._say(action(view_id))

    def _on_changed(self, _change: object) -> None:
        self.reload(self._current_id())


class PresenterWindow(QWidget):
    """The storyline full screen: a big title, the view's chart, its sources and the marking.

    Right/Down/Space/PageDown step forward, Left/Up/PageUp back, Esc leaves.

    Signals:
        left(): the presenter closed.
    """

    left = Signal()

    def __init__(self, store: Store, views: list[SavedView],
                 proxy: QSortFilterProxyModel | None = None, *, start: int = 0,
                 marking: str = DEFAULT_MARKING, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("nato_desk — presenter")
        self.setObjectName("presenter")
        self._store, self._views = store, list(views)
        self._proxy = proxy if proxy is not None else QSortFilterProxyModel(self)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * FONT_SCALE)
        self.setFont(font)
        self.title = plain_label(wrap=True, selectable=False)
        self.title.setAccessibleName("View title")
        title_font = self.title.font()
        title_font.setPointSizeF(font.pointSizeF() * 1.8)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.subtitle = plain_label(wrap=True, selectable=False)
        self.subtitle.setAccessibleName("View subtitle")
        self.counter = plain_label(wrap=False, selectable=False)
        self.counter.setAccessibleName("Slide number")
        for label in (self.subtitle, self.counter):
            label.setFont(font)  # the app's style sheet stops font propagation
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(48, 32, 48, 32)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.counter)
        self._layout.addLayout(head)
        self._layout.addWidget(self.subtitle)
        # The foot of every slide: what it shows comes from, and the handling marking.
        self.source_line = plain_label(wrap=True, selectable=False)
        self.source_line.setAccessibleName("Slide sources")
        self.source_line.setFont(font)
        self.marking = plain_label(marking, wrap=False, selectable=False)
        self.marking.setAccessibleName("Handling marking")
        marking_font = QFont(font)
        marking_font.setBold(True)
        self.marking.setFont(marking_font)
        self.marking.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.marking.setVisible(bool(marking))
        self._foot = QHBoxLayout()
        self._foot.addWidget(self.source_line, 1)
        self._foot.addWidget(self.marking)
        self.chart: QWidget | None = None
        self.index = -1
        self.restyle()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.show_view(max(0, min(start, len(self._views) - 1)))

    def restyle(self) -> None:
        """The slide's background, sources and marking in the theme's colours (ui/theme_switch)."""
        self.setStyleSheet(f"#presenter {{ background: {theme_colour('base').name()}; }}")
        self.source_line.setStyleSheet(f"color: {theme_colour('muted').name()}")
        self.marking.setStyleSheet(f"color: {theme_colour('marking').name()}")

    @property
    def current(self) -> SavedView:
        return self._views[self.index]

    def show_view(self, index: int) -> None:
        if not self._views or not 0 <= index < len(self._views) or index == self.index:
            return
        self.index = index
        view = self._views[index]
        self.title.setText(view.name)
        years = (f"{view.year_to}" if view.view == "ranked"
                 else f"{view.year_from}–{view.year_to}")
        allies = ", ".join(self._name(a) for a in view.allies) or "All allies"
        edition = self._store.get(Edition, view.edition)
        edition_words = f"{edition.label} edition" if edition is not None else "edition not in the store"
        self.subtitle.setText(f"{allies} · {years} · NATO {edition_words}")
        self.source_line.setText(slide_source_line(self._store, view))
        self.counter.setText(f"{index + 1} / {len(self._views)}")
        if self.chart is not None:
            self._layout.removeWidget(self.chart)
            self.chart.deleteLater()
        else:
            self._layout.addLayout(self._foot)  # below the chart, added once
        self.chart = self._build(view)
        # Nothing in the chart takes the keys: they step the storyline.
        for widget in (self.chart, *self.chart.findChildren(QWidget)):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            widget.setFont(self.font())
        for plot in self.chart.findChildren(pg.PlotWidget):
            scale_chart_text(plot, FONT_SCALE)
            widen_pens(plot.scene(), FONT_SCALE)  # lines in proportion to the larger type
        if isinstance(self.chart, RankedView):
            # Enlarged names need taller rows.
            plot_widget = self.chart.plot_widget
            plot_widget.setMinimumHeight(round(plot_widget.minimumHeight() * FONT_SCALE))
        self._layout.insertWidget(self._layout.count() - 1, self.chart, 1)
        self.chart.show()  # now, not on the next event loop turn
        self.setFocus()

    def _name(self, iso3: str) -> str:
        member = self._store.member(iso3)
        return member.name if member is not None else iso3

    def _measure(self, view: SavedView) -> Measure | None:
        """The view's measure; None (the edition's headline) for views saved before measures."""
        return Measure(view.shown_measure) if view.shown_measure else None

    def _build(self, view: SavedView) -> QWidget:
        first = view.allies[0] if view.allies else None
        measure = self._measure(view)
        if view.view == "ranked":
            ranked = RankedView(self._store, view.edition, self, measure=measure)
            ranked.set_year(view.year_to)
            ranked.set_selected(first)
            ranked.show_year_as_text()  # a slide has no drop-downs
            return ranked
        if view.view == "overview":
            grid = OverviewGrid(self._store, self._proxy, view.edition, self, measure=measure)
            grid.set_selected(first)
            return grid
        chart = TrajectoryChart(self._store, view.edition, self, measure=measure)
        chart.set_member(first)
        for iso3 in view.allies[1:]:
            chart.add_comparison(iso3)
        chart.show_targets(hague=view.hague, wales=view.wales)
        kind, _, target = view.scenario.partition(":")
        if (kind, target) in {(k, t) for _, k, t in SCENARIO_CHOICES}:
            chart.set_scenario(ScenarioChoice(kind, target))
        if (view.year_from, view.year_to) != (FIRST_YEAR, LAST_YEAR):
            chart.plot_widget.getPlotItem().setXRange(view.year_from - 0.5, view.year_to + 0.5,
                                                      padding=0)
        return chart

    def step(self, by: int) -> None:
        self.show_view(self.index + by)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in _FORWARD:
            self.step(1)
        elif key in _BACK:
            self.step(-1)
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.left.emit()
        super().closeEvent(event)
