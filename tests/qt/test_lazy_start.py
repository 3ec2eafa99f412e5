"""Start-up (issue 14): what the first window does not show is neither imported nor built.

A fresh process imports the window's module without the article, import and
edit dialogs, the ingest code or the History panel's words (nor, once the
History panel is made, the deck builder); the Ranked,
Overview and Editions tabs and the History dock are made when first shown,
and then show the ally and edition chosen before they existed; the window's
minimum size does not change when they are made.
"""

from __future__ import annotations

import json
import subprocess
import sys

from nato_desk.ui.chart.edition_compare import EditionCompare
from nato_desk.ui.chart.ranked_view import RankedView
from nato_desk.ui.overview_grid import OverviewGrid

HEAVY = ("nato_desk.ingest", "nato_desk.briefing", "nato_desk.ui.history_panel",
         "nato_desk.ui.dialogs.article_dialog", "nato_desk.ui.dialogs.import_dialog",
         "nato_desk.ui.dialogs.figure_dialog", "nato_desk.ui.presenter", "pptx", "xlsxwriter")
# Made or asked for after the first paint (issue 14: start-up): the views behind the
# trajectory tab, the dialogs of menu entries, the chart's file export and the
# migrations of older store files.
LATER = ("nato_desk.ui.chart.edition_compare", "nato_desk.ui.chart.ranked_view", "nato_desk.ui.overview_grid",
         "nato_desk.analysis.revisions", "nato_desk.ui.chart_export", "nato_desk.ui.dialogs.export_dialog",
         "nato_desk.ui.dialogs.preferences", "nato_desk.ui.dialogs.changed_file", "nato_desk.ui.shortcuts",
         "nato_desk.store.migrations",
         # What the first edit, save or export asks for: a history entry's id, the user's
         # login, a temporary file's random name, CSV.
         "uuid", "getpass", "secrets", "csv")
DECK = ("nato_desk.briefing.build", "nato_desk.slides.layout")


def test_a_fresh_import_of_the_window_leaves_the_heavy_modules_out():
    # And the History panel, once its dock is shown, reads the history's words
    # without loading the deck builder and its slide layout.
    code = ("import json, sys, nato_desk.ui.app; "
            f"app = [m for m in {list(HEAVY + LATER)!r} if m in sys.modules]; "
            "import nato_desk.ui.history_panel; "
            f"panel = [m for m in {list(DECK)!r} if m in sys.modules]; "
            "print(json.dumps([app, panel]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [[], []]


def test_the_window_is_as_small_before_the_hidden_tabs_are_made_as_after(desk_window, qtbot):
    # The narrowest the chart panel can be sets how many rows its options wrap
    # into and so how high the window must be: opening a tab must not change it.
    desk = desk_window.desk
    panel = desk.chart_panel
    before = (panel.minimumSizeHint(), desk_window.minimumSizeHint())
    views = panel.views
    for i in range(views.count()):
        views.setCurrentIndex(i)
    assert isinstance(views.widget(views.count() - 1), EditionCompare)
    assert (panel.minimumSizeHint(), desk_window.minimumSizeHint()) == before


def test_hidden_tabs_are_made_when_first_shown_with_the_ally_chosen_before(desk_window, qtbot):
    desk = desk_window.desk
    views = desk.chart_panel.views
    titles = [views.tabText(i) for i in range(views.count())]
    assert not any(isinstance(views.widget(i), (RankedView, OverviewGrid, EditionCompare))
                   for i in range(views.count()))  # nothing behind the trajectory is made yet
    desk.member_list.select("POL")
    for title, kind in (("Ranked", RankedView), ("Overview", OverviewGrid), ("Editions", EditionCompare)):
        views.setCurrentIndex(titles.index(title))
        view = views.currentWidget()
        assert isinstance(view, kind), title
        qtbot.waitUntil(view.isVisible)
    assert desk.edition_compare.iso3 == "POL" and desk.edition_compare.lines
    assert all(o.iso3 == "POL" for line in desk.edition_compare.lines for o in line.points)
    assert desk.ranked_view.year == desk.overview_grid.year  # one year for both sliders
    desk.member_list.select("DEU")  # and they follow the list once made
    assert desk.edition_compare.iso3 == "DEU"


def test_the_history_dock_is_made_when_first_shown(desk_window, qtbot):
    window = desk_window
    assert "nato_desk.ui.history_panel" not in sys.modules or window.desk._history.view is None
    window.history_dock.show()
    panel = window.history_dock.widget()
    assert panel is window.desk.history_panel
    assert panel.model.rowCount() == len(window.desk.store.history())


def test_the_view_menu_saves_a_view_through_the_presenter_code_loaded_on_first_use(desk_window, qtbot):
    desk = desk_window.desk
    entries = desk.saved_view_actions
    assert all(action in desk_window.actions() for action in entries)  # F5 wherever focus is
    real = desk.saved_views.actions()
    # The menu's entries say and do what the saved views' own actions do.
    assert [(a.text(), a.shortcut()) for a in entries] == [(a.text(), a.shortcut()) for a in real]
    desk.saved_views.ask_name = lambda _parent: "Lazy"
    entries[0].trigger()
    assert desk.store.history()[-1].label.startswith("Save view")
