"""The main window's layout, menus and status bar. Wiring lives in app.py.

Left: the member list. Right: the chart panel above the detail pane, in
splitters whose positions persist.

From 1024x700 upward nothing is cut off (issue 13): the chart keeps at least
``CHART_MIN_HEIGHT`` pixels and no splitter can collapse a pane; the member
list gives the chart side ``RIGHT_WANTED`` pixels first, so the chart has room for its
target labels and 2035; the detail pane stacks its columns when narrow
(``DetailPane``); the status bar's path and edition shorten with "…" (whole in
the tooltip) instead of widening the window. The wheel guard
(``wheel_guard``) keeps the wheel from changing values nobody focused.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QWidget,
)

from nato_desk import __version__
from nato_desk.ui.chart.chart_panel import ChartPanel
from nato_desk.ui.detail_pane import DetailPane
from nato_desk.ui.member_list import MemberListPanel
from nato_desk.ui.plain_text import plain_label, tooltip
from nato_desk.ui.status_bar import DeskStatusBar
from nato_desk.ui.wheel_guard import install_wheel_guard

__all__ = ["CHART_MIN_HEIGHT", "MainWindow"]

CHART_MIN_HEIGHT = 300
"""The trajectory chart's least height in pixels until it has measured its own: the
chart then keeps ``PLOT_MIN_HEIGHT`` (250 px) inside its axes, its legend and axes on top."""
DETAIL_MIN_HEIGHT = 48
"""The detail pane's least height on a short screen: a line and its scroll bar (it scrolls)."""
LIST_WIDTH = (250, 560)
"""The member list's width (least, most) until the analyst drags the divider."""
RIGHT_WANTED = 780
"""What the chart side gets first: room for the target labels and 2035 beside the plot."""


class _Splitter(QSplitter):
    """A splitter that knows whether its sizes were chosen (dragged or restored)."""

    def __init__(self, orientation: Qt.Orientation) -> None:
        super().__init__(orientation)
        self.chosen = False
        self.splitterMoved.connect(self._on_moved)

    def restoreState(self, state: QByteArray | bytes | bytearray | memoryview) -> bool:
        self.chosen = super().restoreState(state) or self.chosen
        return self.chosen

    def _on_moved(self, _pos: int, _index: int) -> None:
        self.chosen = True


class _ElidedLabel(QLabel):
    """A one-line status-bar label that draws its text shortened with "…" when
    there is no room, rather than widening the window; the whole text is its
    ``text()`` and its tooltip."""

    elides = True  # read by the layout tests: this label shortens on purpose

    def __init__(self, mode: Qt.TextElideMode) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._mode = mode

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(tooltip(text))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(80, hint.width()), hint.height())

    def shown_text(self) -> str:
        """What is drawn: the text, shortened to the label's width."""
        return self.fontMetrics().elidedText(self.text(), self._mode, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.shown_text())


class MainWindow(QMainWindow):
    """The desk's window.

    Signals:
        closing(): the window is about to close; state should be saved now.
    """

    closing = Signal()

    def __init__(self, member_list: MemberListPanel, chart_panel: ChartPanel,
                 detail_pane: DetailPane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("nato_desk — NATO defence spending and positions")
        install_wheel_guard()
        self.member_list = member_list
        self.chart_panel = chart_panel
        self.detail_pane = detail_pane

        # The splitters are in the window before the panels join them: a widget joining
        # a parent is styled again with everything under it (the application's style
        # sheet), so each panel is styled once here, not once per level (issue 14).
        self.main_splitter = _Splitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.setCentralWidget(self.main_splitter)
        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("rightSplitter")
        self.main_splitter.addWidget(member_list)
        self.main_splitter.addWidget(self.right_splitter)
        self.right_splitter.addWidget(chart_panel)
        chart_panel.fit_ahead_in(self.right_splitter)  # the first show lays the chart out once
        self.right_splitter.addWidget(detail_pane)
        self.right_splitter.setStretchFactor(0, 1)
        self.right_splitter.setStretchFactor(1, 1)
        self.right_splitter.setSizes([480, 360])
        # Neither pane can be dragged away or squeezed below readable: the chart's
        # labels overlapped at 120 px, and the detail pane scrolls.
        self.right_splitter.setChildrenCollapsible(False)
        chart_panel.chart.plot_widget.setMinimumHeight(CHART_MIN_HEIGHT)
        detail_pane.setMinimumHeight(DETAIL_MIN_HEIGHT)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)

        toolbar = QToolBar("Data")
        toolbar.setObjectName("dataToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel("NATO edition: "))
        self.edition_combo = QComboBox()
        self.edition_combo.setAccessibleName("Edition")
        self.edition_combo.setToolTip("NATO restates past years in every release; "
                                      "figures from different editions are never mixed.")
        toolbar.addWidget(self.edition_combo)
        toolbar.addWidget(QLabel("  Measure: "))
        self.measure_combo = QComboBox()
        self.measure_combo.setAccessibleName("Measure")
        self.measure_combo.setToolTip("What the list, charts, exports and decks show: the measures "
                                      "this edition has figures for, each against its own targets.")
        toolbar.addWidget(self.measure_combo)
        toolbar.addSeparator()
        self.nato_action = QAction("NATO's position", self)
        self.nato_action.setToolTip("The Secretary General's position and quotes")
        toolbar.addAction(self.nato_action)
        toolbar.widgetForAction(self.nato_action).setAccessibleName("Show NATO's position")
        self.addToolBar(toolbar)

        # Plain text: the path and the edition title come from outside.
        self.store_label = _ElidedLabel(Qt.TextElideMode.ElideMiddle)
        self.store_label.setAccessibleName("Store path")
        self.edition_label = _ElidedLabel(Qt.TextElideMode.ElideRight)
        self.edition_label.setAccessibleName("Data edition")
        self.read_only_label = plain_label(wrap=False, selectable=False)
        self.read_only_label.setObjectName("readOnly")
        self.read_only_label.setAccessibleName("Read-only state")
        self.read_only_label.hide()
        # A temporary message is shortened to its room, never drawn under the labels on the
        # right; the edition (also in the toolbar) steps aside while one shows (issue 13).
        self.edition_label.yields_to_message = True  # type: ignore[attr-defined]
        self.setStatusBar(DeskStatusBar(self))
        status = self.statusBar()
        status.addWidget(self.store_label, 1)
        status.addPermanentWidget(self.edition_label)
        status.addPermanentWidget(self.read_only_label)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.export_chart_action = QAction("&Export chart…", self)
        self.copy_chart_action = QAction("&Copy chart", self)
        file_menu.addActions([self.export_chart_action, self.copy_chart_action])
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        self._file_menu, self._quit_action = file_menu, quit_action
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        self._view_menu = view_menu
        self.find_action = QAction("&Find ally", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._on_find_triggered)
        view_menu.addAction(self.find_action)
        # Also on the window itself, so the shortcut works wherever focus is,
        # even on platforms that hide or omit the menu bar.
        self.addAction(self.find_action)
        self.member_list.compare_action.setText("&Add to chart")  # a mnemonic, unique in View
        view_menu.addAction(self.member_list.compare_action)
        # The toolbar's button takes no keyboard focus: the menu and a shortcut reach it (issue 13).
        self.nato_action.setText("&NATO's position")
        self.nato_action.setShortcut("Ctrl+Shift+N")
        view_menu.addAction(self.nato_action)
        self.addAction(self.nato_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.help_menu = help_menu  # Help ▸ Keyboard shortcuts… goes first (ui/keyboard_actions)
        about = QAction("&About nato_desk", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    def add_view_actions(self, actions: list[QAction]) -> None:
        """Saved views, the storyline and presenter mode, at the end of the View menu."""
        self._view_menu.addSeparator()
        for action in actions:
            self._view_menu.addAction(action)
            self.addAction(action)  # F5 works wherever focus is

    def add_file_actions(self, actions: list[QAction]) -> None:
        """Briefing output (deck, data, citation), above Quit."""
        menu, quit_action = self._file_menu, self._quit_action
        for action in actions:
            menu.insertAction(quit_action, action)
            self.addAction(action)  # its shortcut works wherever focus is
        menu.insertSeparator(quit_action)

    def add_import_actions(self, actions: list[QAction]) -> None:
        """Import data…, first in the File menu."""
        menu = self._file_menu
        first = menu.actions()[0]
        for action in actions:
            menu.insertAction(first, action)
            self.addAction(action)  # its shortcut works wherever focus is
        menu.insertSeparator(first)

    def add_editing(self, undo: QAction, redo: QAction, edits: list[QAction],
                    preferences: QAction, history: QWidget) -> None:
        """The Edit menu and the History dock (hidden until asked for)."""
        edit_menu = QMenu("&Edit", self)
        self.menuBar().insertMenu(self._view_menu.menuAction(), edit_menu)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        for action in edits:
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(preferences)
        for action in (undo, redo):
            self.addAction(action)  # the shortcuts work wherever focus is
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("historyDock")
        self.history_dock.setWidget(history)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        toggle = self.history_dock.toggleViewAction()
        toggle.setText("&History")
        toggle.setShortcut("Ctrl+H")
        self._view_menu.addAction(toggle)
        self.edit_menu = edit_menu

    def show_store(self, path: str, read_only_reason: str | None) -> None:
        self.store_label.setText(f"Store: {path}")
        self.read_only_label.setVisible(bool(read_only_reason))
        self.read_only_label.setText(f"Read-only — {read_only_reason}" if read_only_reason else "")
        self.read_only_label.setToolTip(tooltip(read_only_reason or ""))
        if read_only_reason and not self.windowTitle().endswith(" [read-only]"):
            self.setWindowTitle(self.windowTitle() + " [read-only]")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        splitter = self.main_splitter
        if not splitter.chosen:
            # The chart needs the width more on a small screen (its labels and 2035 were
            # cut at 1024); the list's columns get their room on a larger one.
            least, most = LIST_WIDTH
            total = max(event.size().width(), 1)
            listed = max(least, min(most, total - RIGHT_WANTED))
            splitter.setSizes([listed, total - listed])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)

    def _on_find_triggered(self) -> None:
        self.member_list.filter_edit.setFocus()
        self.member_list.filter_edit.selectAll()

    def _on_about_triggered(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "About nato_desk",
                          f"nato_desk {__version__}\n\n"
                          "NATO defence spending (% of GDP, by NATO edition), allies' positions on "
                          "the Hague commitment (5% of GDP by 2035: 3.5% core + up to 1.5% related) "
                          "and their leaders' quotes. Every figure, position and quote carries its "
                          "source. Works without a network.", QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
