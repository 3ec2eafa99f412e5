"""The composition root: builds the window over a store and wires it.

``build_main_window`` is what ``run`` uses and what the end-to-end tests
use, so tests drive exactly the window users get. The ``Desk`` object owns
the wiring: the member list's selection drives the detail pane and the chart;
the edition choice drives all three; state is restored and saved here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QStyle, QWidget

from nato_desk.analysis import newest_edition
from nato_desk.analysis.figures import edition_measures, pick_measure
from nato_desk.collector import resume_after_start_up
from nato_desk.domain import NATO_ID, Edition, Measure, Observation, Quote, Record
from nato_desk.store import Store, StoreError, open_with_recovery
from nato_desk.ui.article_actions import ArticleActions
from nato_desk.ui.briefing_actions import BriefingActions
from nato_desk.ui.chart.chart_panel import ChartPanel
from nato_desk.ui.detail_pane import DetailPane
from nato_desk.ui.edit_actions import EditActions
from nato_desk.ui.editor import DeskEditor, os_user
from nato_desk.ui.file_follow import FileFollow
from nato_desk.ui.import_actions import ImportActions
from nato_desk.ui.keyboard_actions import KeyboardActions, leave_views_on_tab
from nato_desk.ui.lazy_views import LazyDock, LazyTab
from nato_desk.ui.main_window import MainWindow
from nato_desk.ui.member_list import MemberListPanel
from nato_desk.ui.member_model import MemberTableModel
from nato_desk.ui.process_memory import drop_source_cache, return_freed_heap
from nato_desk.ui.refresh import LazyReload, edit_scope
from nato_desk.ui.settings import Settings
from nato_desk.ui.theme_switch import ThemeSwitch

if TYPE_CHECKING:
    # Loaded on first use (issue 14: start-up): the History panel (and its words), the
    # presenter code, the views behind the trajectory tab, the dialogs and the recovery code.
    from nato_desk.store.recovery import Decide
    from nato_desk.ui.chart.edition_compare import EditionCompare
    from nato_desk.ui.chart.ranked_view import RankedView
    from nato_desk.ui.history_panel import HistoryPanel
    from nato_desk.ui.overview_grid import OverviewGrid
    from nato_desk.ui.presenter import SavedViews

__all__ = ["Desk", "build_main_window", "configure_application", "open_store", "run"]

APP_NAME = "nato_desk"
ORG_NAME = "nato_desk"


class Desk(QObject):
    """Keeps the list, detail pane, chart and settings in step."""

    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        # The remembered theme, before any view is made (ui/theme_switch).
        self.theme_switch = ThemeSwitch(settings, self)
        editions = sorted(store.editions(), key=lambda e: e.released, reverse=True)
        saved = settings.get(Settings.EDITION)
        newest = newest_edition(editions)
        edition = saved if any(e.id == saved for e in editions) else (newest.id if newest else "")
        # The measure on show (share of GDP, equipment share, US$, ...): the saved one if
        # this edition has it, else the edition's headline. The edition's measures are
        # worked out once for the first window (issue 14: start-up).
        offered = self._edition_measures(edition)
        self.measure = self._measure_for(edition, settings.get(Settings.MEASURE), offered)

        self.member_model = MemberTableModel(store, edition, measure=self.measure)
        self.member_list = MemberListPanel(self.member_model)
        self.detail_pane = DetailPane(store, edition, measure=self.measure)
        self.chart_panel = ChartPanel(store, edition, measure=self.measure)
        self._member: str | None = None  # the ally last selected in the list
        self._lazy: dict[str, LazyReload] = {}
        # The tabs behind the trajectory are made when first shown or asked for (issue 14:
        # start-up); ``ranked_view`` and the like are properties that make them.
        views = self.chart_panel.views
        self._ranked = LazyTab(views, "Ranked", self._make_ranked, self._ranked_built)
        self._overview = LazyTab(views, "Overview", self._make_overview, self._overview_built)
        # One ally's figures in every edition and the revisions between two (issue 10).
        self._editions = LazyTab(views, "Editions", self._make_editions, self._editions_built,
                                 minimum=_editions_minimum())
        self.window = MainWindow(self.member_list, self.chart_panel, self.detail_pane)
        # The window owns the wiring: Qt keeps this object alive as its child.
        self.setParent(self.window)
        self.window.desk = self  # type: ignore[attr-defined]

        # A child of the window, made before the undo and redo actions: destroyed with the
        # window and before them (a stack outliving its actions crashed in QUndoStack::clear).
        self.editor = DeskEditor(store, user=self.user_name, parent=self.window)
        self.edit_actions = EditActions(store, self.editor, self.window, self._shown)
        self.preferences_action = QAction("Preferen&ces…", self.window)
        self.preferences_action.triggered.connect(self._on_preferences_triggered)
        self.window.add_editing(self.edit_actions.undo_action, self.edit_actions.redo_action,
                                self.edit_actions.edit_actions(), self.preferences_action,
                                QWidget())
        # The History panel is made when its dock is first shown (or ``history_panel`` is read).
        self._history = LazyDock(self.window.history_dock, self._make_history, self._history_built)
        # Views behind another tab reload after an edit when they are next shown, not on
        # every edit (issue 12, item 12); a tab not made yet has nothing to reload. The
        # History panel stays eager once made: its filters are read while the dock is closed.
        self._lazy["chart"] = LazyReload(self.chart_panel.chart, self.chart_panel.chart.reload)
        self._connect_edits()

        combo = self.window.edition_combo
        for e in editions:
            combo.addItem(f"{e.label} — {e.title}", e.id)
        combo.setCurrentIndex(max(0, combo.findData(edition)))
        combo.currentIndexChanged.connect(self._on_edition_combo_changed)
        self._fill_measures(edition, offered)
        self.window.measure_combo.currentIndexChanged.connect(self._on_measure_combo_changed)

        self.member_list.member_selected.connect(self._on_member_list_member_selected)
        self.member_list.compare_requested.connect(self.chart_panel.add_comparison)
        self.detail_pane.required_path.gdp_growth.setValue(settings.get(Settings.GDP_GROWTH))
        self.detail_pane.required_path.gdp_growth_changed.connect(self._on_gdp_growth_changed)
        self.chart_panel.comparisons_changed.connect(self._on_chart_comparisons_changed)
        self.window.nato_action.triggered.connect(self._on_nato_action_triggered)
        self.window.export_chart_action.triggered.connect(self._on_export_chart_triggered)
        self.window.copy_chart_action.triggered.connect(self._on_copy_chart_triggered)
        self.briefing = BriefingActions(
            store, self.window, allies=lambda: self.chart_panel.chart.allies,
            edition=lambda: self.member_model.edition, focused=self._focused_record,
            measure=lambda: self.measure,
            marking=lambda: settings.get(Settings.EXPORT_MARKING), author=self.user_name)
        self.window.add_file_actions(self.briefing.actions())
        self.importer = ImportActions(store, self.editor, self.window)
        self.article_importer = ArticleActions(store, self.editor, self.window)  # File ▸ Import article…
        self.window.add_import_actions(self.importer.actions() + self.article_importer.actions())
        # View ▸ Save view…, Storyline…, Present storyline (F5): the menu's entries are made
        # here and hand over to ``saved_views``, whose presenter code loads on first use.
        self._saved_views: SavedViews | None = None
        self.saved_view_actions = [self._saved_views_action("&Save view…", "save_action"),
                                   self._saved_views_action("St&oryline…", "storyline_action"),
                                   self._saved_views_action("&Present storyline", "present_action",
                                                            QKeySequence(Qt.Key.Key_F5))]
        self.window.add_view_actions(self.saved_view_actions)
        # A read-only window follows the writer's saves; View ▸ Reload by hand (issue 13, item 4).
        self.file_follow = FileFollow(store, self.window, self.reload_all)
        self.window.add_view_actions([self.file_follow.reload_action])
        self.theme_switch.attach(self.window)  # View ▸ Theme (issue 13, item 5)
        # The Chart menu and Help ▸ Keyboard shortcuts (F1) (issue 13, item 9).
        self.keyboard = KeyboardActions(store, self.window, self.chart_panel, self.window.help_menu)
        if not store.read_only:
            # A read-only second window must not overwrite the first one's state.
            self.window.closing.connect(self.save_state)
        self.window.show_store(str(store.path), store.read_only_reason if store.read_only else None)
        report = getattr(store, "recovery_report", None)
        if report is not None:
            # The message box comes from run(); the status bar keeps it in view.
            self.window.statusBar().showMessage(report.message)
        # The list, detail pane and chart were made showing this edition and measure:
        # only the label is left to say so (showing them again cost the first window a
        # second drawing of the chart, issue 14).
        self._show_edition_label()
        self._restore_state()

    # editing --------------------------------------------------------------

    def _connect_edits(self) -> None:
        actions, pane = self.edit_actions, self.detail_pane
        pane.quote_add_requested.connect(actions.add_quote)
        pane.quote_edit_requested.connect(actions.edit_quote)
        pane.quote_delete_requested.connect(actions.delete_quote)
        pane.position_change_requested.connect(actions.change_position)
        pane.source_requested.connect(actions.show_source)
        pane.figures.edit_requested.connect(actions.edit_figure)
        pane.figures.add_requested.connect(actions.add_figure)
        pane.figures.remove_requested.connect(actions.remove_figure)
        pane.figures.source_requested.connect(actions.show_source)
        self.chart_panel.chart.source_requested.connect(actions.show_source)
        self.editor.changed.connect(self._on_editor_changed)
        self.editor.failed.connect(self._on_editor_failed)
        self.editor.turned_read_only.connect(self._on_editor_turned_read_only)

    # views made when first shown ---------------------------------------------

    @property
    def ranked_view(self) -> RankedView:
        return self._ranked.get()

    @property
    def overview_grid(self) -> OverviewGrid:
        return self._overview.get()

    @property
    def edition_compare(self) -> EditionCompare:
        return self._editions.get()

    @property
    def history_panel(self) -> HistoryPanel:
        return self._history.get()

    @property
    def saved_views(self) -> SavedViews:
        """Saved views, the storyline and presenter mode, made when first asked for."""
        if self._saved_views is None:
            from nato_desk.ui.presenter import SavedViews

            self._saved_views = SavedViews(self)
        return self._saved_views

    def _saved_views_action(self, text: str, name: str, shortcut: QKeySequence | None = None) -> QAction:
        """A View menu entry that triggers ``saved_views``' action ``name`` (same text and key)."""
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda: getattr(self.saved_views, name).trigger())
        return action

    def _make_ranked(self) -> RankedView:
        from nato_desk.ui.chart.ranked_view import RankedView

        return RankedView(self.store, self.member_model.edition, measure=self.measure)

    def _make_overview(self) -> OverviewGrid:
        from nato_desk.ui.overview_grid import OverviewGrid

        return OverviewGrid(self.store, self.member_list.proxy, self.member_model.edition, measure=self.measure)

    def _make_editions(self) -> EditionCompare:
        from nato_desk.ui.chart.edition_compare import EditionCompare

        return EditionCompare(self.store, measure=self.measure)

    def _make_history(self) -> HistoryPanel:
        from nato_desk.ui.history_panel import HistoryPanel

        return HistoryPanel(self.store)

    def _ranked_built(self, view: RankedView) -> None:
        leave_views_on_tab(view)  # Tab moves on from its lists, as in the rest of the window
        self._lazy["ranked"] = LazyReload(view, view.reload)
        # Clicking an ally in any view selects it in the list, which drives the rest.
        view.member_clicked.connect(self.member_list.select)
        # One year for the ranked and overview time sliders: step or play in either.
        other = self._overview.view
        if other is not None:
            self._link_years(view, other)
        if self._member:
            view.set_selected(self._member)

    def _overview_built(self, view: OverviewGrid) -> None:
        leave_views_on_tab(view)  # Tab moves on from its lists, as in the rest of the window
        self._lazy["overview"] = LazyReload(view, view.reload)
        view.member_clicked.connect(self.member_list.select)
        other = self._ranked.view
        if other is not None:
            self._link_years(other, view, follow=view)
        if self._member:
            view.set_selected(self._member)

    @staticmethod
    def _link_years(ranked: RankedView, overview: OverviewGrid, follow: QWidget | None = None) -> None:
        """One year for both sliders; the view made last (``follow``, else ``ranked``) takes the other's."""
        ranked.year_changed.connect(overview.set_year)
        overview.year_changed.connect(ranked.set_year)
        if follow is overview:
            if ranked.year is not None:
                overview.set_year(ranked.year)
        elif overview.year is not None:
            ranked.set_year(overview.year)

    def _editions_built(self, view: EditionCompare) -> None:
        leave_views_on_tab(view)  # Tab moves on from its lists, as in the rest of the window
        self._lazy["editions"] = LazyReload(view, view.reload)
        if self._member:
            view.set_member(self._member)

    def _history_built(self, panel: HistoryPanel) -> None:
        leave_views_on_tab(panel)
        panel.revert_requested.connect(self.edit_actions.revert)
        if self.store.read_only:
            panel.revert_button.setEnabled(False)

    def user_name(self) -> str:
        """Who the history names: the preference if set, else the OS login."""
        return self.settings.get(Settings.USER_NAME).strip() or os_user()

    def _focused_record(self) -> Quote | Observation | None:
        """The quote or figure the analyst is on, for "Copy citation"."""
        pane = self.detail_pane
        if pane.quotes.hasFocus():
            return pane.current_quote()
        if pane.figures.table.hasFocus():
            return pane.figures.current()
        return None

    def _shown(self) -> tuple[str | None, str]:
        return self.detail_pane.iso3, self.member_model.edition

    def _on_editor_changed(self, change: object) -> None:
        # Every view reads the store. A local edit (figures, quotes or positions of some
        # allies, no edition or measure added or taken away) re-reads only those allies'
        # rows and the views on show; the rest reload when next shown.
        combo = self.window.measure_combo
        offered = {combo.itemData(i) for i in range(combo.count())}
        scope = edit_scope(change, self.store, self.member_model.edition, offered)
        if scope.local:
            self.member_model.reload_members(set(scope.iso3s))
        else:
            self.reload_editions()  # an import (or its undo) adds or removes an edition
            shown = self.measure
            self._fill_measures(self.member_model.edition)  # an import may add a measure, its undo remove one
            if self.measure is not shown:
                self._show_edition(self.member_model.edition)
            self.member_model.reload()
        self.detail_pane.show_member(self.detail_pane.iso3)
        for lazy in self._lazy.values():
            lazy.request()
        if self._history.view is not None:
            self._history.view.reload()

    def _on_editor_failed(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Not applied", message,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()  # not exec(): this runs inside an undo/redo call

    def _on_editor_turned_read_only(self, message: str) -> None:
        self._show_read_only()
        self.window.statusBar().showMessage(message)

    def _show_read_only(self) -> None:
        """The window as a read-only one: the reason shown, nothing offered that would save."""
        self.window.show_store(str(self.store.path), self.store.read_only_reason)
        for action in self.edit_actions.edit_actions():
            action.setEnabled(False)
        if self._history.view is not None:
            self._history.view.revert_button.setEnabled(False)
        self.detail_pane.set_editable(False)

    def reload_all(self) -> None:
        """Every view re-reads the store, as after an import (the store was reloaded from
        disk); the ally, edition and measure on show stay if the store still has them."""
        self.reload_editions()
        shown = self.measure
        self._fill_measures(self.member_model.edition)
        if self.measure is not shown:
            self._show_edition(self.member_model.edition)
        self.member_model.reload()
        self.detail_pane.show_member(self.detail_pane.iso3)
        for lazy in self._lazy.values():
            lazy.request()
        if self._history.view is not None:
            self._history.view.reload()
        if self.store.read_only:
            self.window.show_store(str(self.store.path), self.store.read_only_reason)

    def reload_editions(self) -> None:
        """The edition picker lists the store's editions, keeping the shown one if it is still there."""
        combo = self.window.edition_combo
        editions = sorted(self.store.editions(), key=lambda e: e.released, reverse=True)
        items = [(f"{e.label} — {e.title}", e.id) for e in editions]
        if items == [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]:
            return
        shown = self.member_model.edition
        combo.blockSignals(True)
        combo.clear()
        for text, eid in items:
            combo.addItem(text, eid)
        newest = newest_edition(editions)
        keep = shown if combo.findData(shown) >= 0 else (newest.id if newest else "")
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)
        if keep != shown and keep:
            self._show_edition(keep)

    def _on_export_chart_triggered(self) -> None:
        from nato_desk.ui.dialogs.export_dialog import open_export_dialog

        open_export_dialog(self)

    def _on_copy_chart_triggered(self) -> None:
        from nato_desk.ui.dialogs.export_dialog import copy_current_chart

        copy_current_chart(self)

    def _on_preferences_triggered(self) -> None:
        from nato_desk.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, os_user(), self.window)
        self.edit_actions.last_dialog = dialog
        self.edit_actions.exec_dialog(dialog)

    # state ----------------------------------------------------------------

    def _restore_state(self) -> None:
        s = self.settings
        if not s.get(Settings.GEOMETRY).isEmpty():
            self.window.restoreGeometry(s.get(Settings.GEOMETRY))
        else:
            # First run: most of the screen it opens on (a 1280x800 box was cramped on
            # large screens and too big for 1024x700 ones), within what the layout needs.
            screen = self.window.screen()
            room = screen.availableGeometry().size() if screen is not None else None
            if room is not None and room.width() > 0:
                self.window.resize(max(self.window.minimumWidth(), min(1600, int(room.width() * 0.9))),
                                   max(self.window.minimumHeight(), min(1000, int(room.height() * 0.9))))
            else:
                self.window.resize(1280, 800)
        if not s.get(Settings.WINDOW_STATE).isEmpty():
            self.window.restoreState(s.get(Settings.WINDOW_STATE))
        for key, splitter in ((Settings.MAIN_SPLITTER, self.window.main_splitter),
                              (Settings.RIGHT_SPLITTER, self.window.right_splitter)):
            if not s.get(key).isEmpty():
                splitter.restoreState(s.get(key))
        view_tab, scenario = s.get(Settings.VIEW_TAB), s.get(Settings.SCENARIO)
        if 0 <= view_tab < self.chart_panel.views.count():
            self.chart_panel.views.setCurrentIndex(view_tab)
        if 0 <= scenario < self.chart_panel.scenario_combo.count():
            self.chart_panel.scenario_combo.setCurrentIndex(scenario)
        self.chart_panel.restore_years(s.get(Settings.CHART_YEARS))
        sort_choice = s.get(Settings.SORT_CHOICE)
        if 0 <= sort_choice < self.member_list.sort_combo.count():
            self.member_list.sort_combo.setCurrentIndex(sort_choice)
        self.member_list.set_same_year(bool(s.get(Settings.SAME_YEAR)))
        comparisons = [c for c in s.get(Settings.COMPARISONS).split(",") if c]
        if comparisons:
            self.chart_panel.set_comparisons(comparisons)
        last = s.get(Settings.LAST_MEMBER)
        if not (last and self.member_list.select(last)):
            visible = self.member_list.visible_codes()
            if visible:
                self.member_list.select(visible[0])

    def save_state(self) -> None:
        s = self.settings
        s.set(Settings.GEOMETRY, self.window.saveGeometry())
        s.set(Settings.WINDOW_STATE, self.window.saveState())
        s.set(Settings.MAIN_SPLITTER, self.window.main_splitter.saveState())
        s.set(Settings.RIGHT_SPLITTER, self.window.right_splitter.saveState())
        s.set(Settings.LAST_MEMBER, self.member_list.current_iso3() or "")
        s.set(Settings.EDITION, self.member_model.edition)
        s.set(Settings.MEASURE, self.measure.value)
        s.set(Settings.COMPARISONS, ",".join(self.chart_panel.chart.comparisons))
        s.set(Settings.SORT_CHOICE, self.member_list.sort_combo.currentIndex())
        s.set(Settings.SAME_YEAR, int(self.member_list.same_year_check.isChecked()))
        s.set(Settings.VIEW_TAB, self.chart_panel.views.currentIndex())
        s.set(Settings.SCENARIO, self.chart_panel.scenario_combo.currentIndex())
        s.set(Settings.CHART_YEARS, self.chart_panel.years_text())
        s.sync()

    # slots ----------------------------------------------------------------

    def _on_member_list_member_selected(self, iso3: str) -> None:
        self._member = iso3
        self.detail_pane.show_member(iso3)
        self.chart_panel.set_member(iso3)
        # Views not made yet take the ally when they are made.
        if self._ranked.view is not None:
            self._ranked.view.set_selected(iso3)
        if self._overview.view is not None:
            self._overview.view.set_selected(iso3)
        if self._editions.view is not None:
            self._editions.view.set_member(iso3)

    def _on_gdp_growth_changed(self, growth: float) -> None:
        self.settings.set(Settings.GDP_GROWTH, growth * 100)

    def _on_nato_action_triggered(self) -> None:
        # Clear the list's current row, so choosing any ally afterwards is a change.
        self.member_list.table.selectionModel().clearCurrentIndex()
        self.member_list.table.clearSelection()
        self.detail_pane.show_member(NATO_ID)

    def _on_edition_combo_changed(self, index: int) -> None:
        edition = self.window.edition_combo.itemData(index)
        if edition:
            self._show_edition(edition)

    def _on_chart_comparisons_changed(self, codes: list[str]) -> None:
        self.settings.set(Settings.COMPARISONS, ",".join(codes))

    def _edition_measures(self, edition: str) -> tuple[Edition | None, list[Measure]]:
        """``edition``'s record (None if the store has none) and the measures it has figures for."""
        record = self.store.get(Edition, edition)
        if record is None:
            return None, []
        return record, edition_measures(self.store.observations(edition=edition), record)

    def _measure_for(self, edition: str, wanted: str | Measure | None,
                     offered: tuple[Edition | None, list[Measure]] | None = None) -> Measure:
        """``wanted`` if ``edition`` has figures for it, else the edition's headline measure.

        ``offered`` is ``_edition_measures(edition)`` when the caller has it already.
        """
        record, available = self._edition_measures(edition) if offered is None else offered
        if record is None:
            return Measure.PCT_GDP
        try:
            asked = Measure(wanted) if wanted else None
        except ValueError:  # a stale or hand-edited setting
            asked = None
        return pick_measure(available, asked, record.measure)

    def _fill_measures(self, edition: str, offered: tuple[Edition | None, list[Measure]] | None = None) -> None:
        """The measure picker offers what ``edition`` has; keeps the shown measure if it can."""
        offered = self._edition_measures(edition) if offered is None else offered
        self.measure = self._measure_for(edition, self.measure, offered)
        available = offered[1]
        combo = self.window.measure_combo
        combo.blockSignals(True)
        combo.clear()
        for measure in available:
            combo.addItem(measure.info.short, measure.value)
            combo.setItemData(combo.count() - 1, f"{measure.label} ({measure.info.unit})",
                              Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(self.measure.value)))
        combo.blockSignals(False)

    def _on_measure_combo_changed(self, index: int) -> None:
        value = self.window.measure_combo.itemData(index)
        if value:
            self.measure = Measure(value)
            self._show_edition(self.member_model.edition)

    def _show_edition(self, edition: str) -> None:
        self._fill_measures(edition)
        measure = self.measure
        self.member_model.set_edition(edition, measure)
        self.detail_pane.set_edition(edition, measure)
        self.chart_panel.set_edition(edition, measure)
        if self._ranked.view is not None:
            self._ranked.view.set_edition(edition, measure)
        if self._overview.view is not None:
            self._overview.view.set_edition(edition, measure)
        if self._editions.view is not None:
            self._editions.view.set_measure(measure)
        self._show_edition_label()

    def _show_edition_label(self) -> None:
        label = self.window.edition_combo.currentText()
        self.window.edition_label.setText(f"Data: {label}")


def build_main_window(store: Store, settings: Settings) -> MainWindow:
    """The real main window over ``store``; its wiring is ``window.desk``."""
    return Desk(store, settings).window


def configure_application(app: QApplication) -> None:
    """Process-wide look: names, style, pyqtgraph options, stylesheet, icon."""
    import pyqtgraph as pg

    from nato_desk.palette import LIGHT
    from nato_desk.ui.resources import app_icon
    from nato_desk.ui.start_options import apply_start_options
    from nato_desk.ui.theme_switch import apply_theme

    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    apply_start_options(app)  # Fusion unless -style names another; desktop file name
    pg.setConfigOptions(antialias=True)
    apply_theme(LIGHT)  # palette, stylesheet and plot colours; the Desk then shows the chosen theme
    app.setWindowIcon(app_icon())
    drop_source_cache()  # before the store and the window are built: they use its pages
    return_freed_heap()


def open_store(path: Path, keep_backups: int = 10, decide: Decide | None = None) -> Store:
    """Open the store at ``path``, recovering from damage; on first run, fill it from the shipped data.

    ``decide`` is asked about a file changed outside nato_desk (restore the
    backup, or look at the file read-only: ``open_with_recovery``). What
    recovery did, if anything, is ``store.recovery_report``.
    """
    store, _report = open_with_recovery(path, seed=_seed, keep_backups=keep_backups, decide=decide)
    return store


def _editions_minimum() -> QSize:
    """The Editions tab's minimum size, before the tab is made.

    The widest of the hidden tabs (the Ranked and Overview minimums are narrower
    and lower than the trajectory's): its chart (at least 320 px wide) and its
    table side (300 px) either side of a splitter handle, a row of two edition
    combos above. Without it the window could be made narrower before the tab is
    first shown than after, the chart's options row would wrap into more rows and
    a restored window would come back higher than it was saved.
    ``test_lazy_start`` checks it against the real view.
    """
    handle = QApplication.style().pixelMetric(QStyle.PixelMetric.PM_SplitterWidth)
    return QSize(320 + handle + 300, 0)


def _seed() -> list[Record]:
    # The ingest code (readers of the shipped files) loads only when a store is first filled.
    from nato_desk.ingest import load_seed, seed_folder

    return load_seed(seed_folder())


def run(db_path: Path) -> int:
    """Start the window on the store at ``db_path``; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    settings = Settings(QSettings())
    from nato_desk.ui.dialogs.changed_file import ask_about_changed_file

    try:
        store = open_store(db_path, settings.get(Settings.KEEP_BACKUPS), decide=ask_about_changed_file)
    except (StoreError, OSError, ValueError) as exc:
        resume_after_start_up()
        box = QMessageBox(QMessageBox.Icon.Critical, "nato_desk cannot open its data",
                          f"The store {db_path} could not be opened.\n\n{exc}")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
        print(f"nato-desk: cannot open {db_path}: {exc}", file=sys.stderr)
        return 1
    try:
        window = build_main_window(store, settings)
        window.show()
        resume_after_start_up()  # the command paused the collector (nato_desk.collector says why)
        report, problem = store.recovery_report, store.backup_problem
        if report is not None or problem:
            # The status bar keeps the news after the dialog is gone; a read-only
            # reason (a newer schema) already shows in the window's read-only label.
            notice = report.message if report is not None else problem
            window.statusBar().showMessage(notice or "")
        if report is not None:
            print(f"nato-desk: {report.message}", file=sys.stderr)
            box = QMessageBox(QMessageBox.Icon.Warning, "nato_desk recovered its data", report.message,
                              QMessageBox.StandardButton.Ok, window)
            box.setTextFormat(Qt.TextFormat.PlainText)  # the message holds paths from outside
            box.open()  # not exec(): shown once the event loop runs, over the window
        return app.exec()
    finally:
        store.close()
        if store.close_problem:
            # Nothing is lost (the journal keeps every change); said for the record.
            print(f"nato-desk: {store.close_problem} Your changes are kept in the journal beside it "
                  "and will be folded in at the next start.", file=sys.stderr)
