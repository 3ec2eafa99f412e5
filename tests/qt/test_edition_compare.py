"""The Editions view: one ally's line per edition, revisions between two, SIPRI apart.

SIPRI's workbook (tests/fixtures/tables/SIPRI-Milex-data-1949-2024_2.xlsx, see
the README there) is imported through the importer as a user's "Accept all"
would, and undone with the change's inverse.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nato_desk.analysis.revisions import ESTIMATE_TO_ACTUAL, NEW_YEAR, REVISED
from nato_desk.domain import Edition, Measure
from nato_desk.ingest.tables import read_table_file
from nato_desk.ingest.tables.diff import accept_all, change_for, history_reason
from nato_desk.ingest.tables.plan import plan_import
from nato_desk.ui.chart.edition_compare import EditionCompare

ROOT = Path(__file__).resolve().parents[2]
SIPRI = ROOT / "tests" / "fixtures" / "tables" / "SIPRI-Milex-data-1949-2024_2.xlsx"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def sipri_file():
    return read_table_file(SIPRI.read_bytes(), SIPRI.name)


def sipri_change(store, sipri_file):
    diff = plan_import(sipri_file, store.editions(), store.sources(), store.observations())
    taken = accept_all(diff)
    return change_for(diff, taken), history_reason(diff, taken)


@pytest.fixture
def view(qtbot, store):
    widget = EditionCompare(store, measure=Measure.CORE_PCT_GDP)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drawn(view, edition_id):
    """The (year, value) pairs an edition's line draws, actual and estimate together."""
    items = view.line_items(edition_id)
    assert items is not None, edition_id
    pairs = set()
    for item in items:
        if not item.isVisible():
            continue
        xs, ys = item.getData()
        pairs |= {(int(x), round(float(y), 10)) for x, y in zip(xs, ys) if np.isfinite(y)}
    return pairs


def figures(store, iso3, edition_id, measure):
    return {(o.year, round(o.value, 10)) for o in store.observations(iso3=iso3, edition=edition_id)
            if o.measure is measure and o.value is not None}


def table_rows(view):
    model = view.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_poland_has_one_line_per_edition_each_drawing_only_its_own_figures(view, store):
    view.set_member("POL")
    assert [line.edition.id for line in view.lines] == ["2024-06", "2025-08", "2026-03", "2026-07"]
    assert view.legend_labels() == ["June 2024", "August 2025", "March 2026", "July 2026 (core)",
                                    "revised from August 2025 to July 2026"]
    assert view._plot.titleLabel.text == "Poland: share of GDP by edition"
    assert drawn(view, "2025-08") == figures(store, "POL", "2025-08", Measure.PCT_GDP)
    assert drawn(view, "2026-07") == figures(store, "POL", "2026-07", Measure.CORE_PCT_GDP)
    assert drawn(view, "2024-06") == figures(store, "POL", "2024-06", Measure.PCT_GDP)
    assert "definitions differ" in view.notes.text()
    # Defaults: the newest NATO edition against the newest earlier one with a full series.
    assert (view.from_combo.currentText(), view.to_combo.currentText()) == (
        "August 2025", "July 2026 (core)")


def test_albania_restatements_listed_ringed_and_said(view):
    view.set_member("ALB")
    view.choose("2025-08", "2026-07")
    rows = table_rows(view)
    assert rows[-2:] == [["2025", "2.01% e", "1.48% e", "\u22120.53 pp", REVISED],
                         ["2026", "\u2014", "2.15% e", "", NEW_YEAR]]
    assert ["2024", "1.70% e", "1.35%", "\u22120.35 pp", ESTIMATE_TO_ACTUAL] in rows
    assert [r[0] for r in rows] == ["2014", "2017", "2018", "2023", "2024", "2025", "2026"]
    header = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert header[1:3] == ["August 2025", "July 2026"]
    assert view.caption.text().startswith(
        "NATO restated 6 of Albania's 12 years between August 2025 and July 2026 and added 2026; "
        "the largest change: 2025, 2.01% \u2192 1.48%.")
    # Both editions' figures ringed at each changed year (not the new year 2026).
    rings = {(int(x), round(float(y), 2)) for x, y in zip(*view.rings.getData())}
    assert {(2025, 2.01), (2025, 1.48), (2023, 1.75), (2023, 1.29)} <= rings
    assert not any(x == 2026 for x, _ in rings)
    # The source of each figure is one hover away, on the chart and in the table.
    hover = view.hover_text(2025).splitlines()
    assert hover[0] == "2025"
    assert "August 2025: 2.01%, estimate" in hover and "July 2026 (core): 1.48%, estimate" in hover
    assert sum(line.strip().startswith("source: ") for line in hover) == 3  # Aug 2025, Mar 2026, Jul 2026
    tip = view.model.data(view.model.index(5, 1), Qt.ItemDataRole.ToolTipRole)
    assert "2.01% e" in tip and "source:" in tip


def test_revision_model_passes_qtmodeltester(qtmodeltester, view):
    view.set_member("ALB")
    view.choose("2024-06", "2025-08")
    assert view.model.rowCount() == 11
    qtmodeltester.check(view.model)


def test_combo_choice_lists_that_pair_and_keyboard_reaches_it(qtbot, view):
    view.set_member("POL")
    view.from_combo.setFocus()
    qtbot.keyClick(view.from_combo, Qt.Key.Key_Home)  # the first edition: June 2024
    assert view.to_combo.currentData() == "2026-07"
    qtbot.keyClick(view.to_combo, Qt.Key.Key_Up)
    qtbot.keyClick(view.to_combo, Qt.Key.Key_Up)  # July 2026 -> March 2026 -> August 2025
    assert view.caption.text().startswith("NATO restated 11 of Poland's 11 years between June 2024 and August 2025")
    assert ["2024", "4.12% e", "3.79% e", "\u22120.33 pp", REVISED] in table_rows(view)
    # The choice survives another ally that has both editions.
    view.set_member("ALB")
    assert (view.from_combo.currentData(), view.to_combo.currentData()) == ("2024-06", "2025-08")


def test_sipri_is_its_own_labelled_line_never_joined_and_undo_removes_it(view, store, sipri_file):
    view.set_member("POL")
    change, reason = sipri_change(store, sipri_file)
    store.apply(change, user="test", reason=reason)
    view.reload()
    labels = view.legend_labels()
    assert "SIPRI 2025 release (SIPRI definition, not NATO's)" in labels
    sipri = next(line for line in view.lines if line.edition.id == "sipri-2025")
    assert sipri.other_definition and sipri.measure is Measure.PCT_GDP
    # Its own items, drawing SIPRI's figures and nothing else; NATO's lines unchanged.
    assert drawn(view, "sipri-2025") == figures(store, "POL", "sipri-2025", Measure.PCT_GDP)
    assert drawn(view, "2025-08") == figures(store, "POL", "2025-08", Measure.PCT_GDP)
    nato_items = {id(i) for e in ("2024-06", "2025-08", "2026-03", "2026-07") for i in view.line_items(e)}
    assert not nato_items & {id(i) for i in view.line_items("sipri-2025")}
    # Drawn apart: grey and dashed, with crosses.
    actual = view.line_items("sipri-2025")[0]
    assert actual.opts["symbol"] == "x" and actual.opts["pen"].style().name == "DashLine"
    assert "SIPRI 2025 release is SIPRI's own series" in view.notes.text()
    assert "; SIPRI, SIPRI Military Expenditure Database 2025 (2025). Exported" in view.source_line()
    # Not the default comparison, and never compared with NATO's as revisions.
    assert view.to_combo.currentData() == "2026-07"
    view.choose("2025-08", "sipri-2025")
    assert view.model.rowCount() == 0 and "not revisions" in view.caption.text()

    store.apply(change.inverse(), user="test", reason="undo")
    view.reload()
    assert not any("SIPRI" in label for label in view.legend_labels())
    assert view.line_items("sipri-2025") is None
    assert not any(item.isVisible() and item.getData()[0] is not None and len(item.getData()[0])
                   for slot in view._slots if slot.line is None for item in slot.items())


def test_a_measure_only_one_edition_has_says_so(view):
    view.set_member("POL")
    view.set_measure(Measure.EQUIPMENT_SHARE)
    assert [line.label for line in view.lines] == ["June 2024"]
    assert view.caption.text() == ("Only June 2024 has figures for Poland in equipment share; "
                                   "there is no other edition to compare it with.")
    assert not view.from_combo.isEnabled() and view.model.rowCount() == 0


def test_iceland_has_no_line_and_the_view_says_why(view):
    view.set_member("ISL")
    assert view.lines == [] and view.caption.text().startswith("No edition has figures for Iceland")


def test_the_window_follows_the_list_and_an_import_then_undo(qtbot, desk_window, store, sipri_file):
    desk = desk_window.desk
    panel = desk.chart_panel
    panel.views.setCurrentWidget(desk.edition_compare)
    assert panel.views.tabText(panel.views.currentIndex()) == "Editions"
    assert desk_window.member_list.select("POL")
    compare = desk.edition_compare
    assert compare.iso3 == "POL" and len(compare.lines) == 4
    change, reason = sipri_change(store, sipri_file)
    assert desk.editor.submit(change, reason) is None
    assert store.get(Edition, "sipri-2025") is not None
    assert "SIPRI 2025 release (SIPRI definition, not NATO's)" in compare.legend_labels()
    compare.choose("2024-06", "2026-07")
    desk_window.resize(1400, 900)
    qtbot.wait(50)
    ARTIFACTS.mkdir(exist_ok=True)
    assert desk_window.grab().save(str(ARTIFACTS / "editions_poland_sipri.png"))
    assert compare.grab().save(str(ARTIFACTS / "editions_poland_sipri_tab.png"))
    desk.edit_actions.undo_action.trigger()
    assert store.get(Edition, "sipri-2025") is None
    assert not any("SIPRI" in label for label in compare.legend_labels())


def test_the_editions_tab_exports_its_chart(desk_window):
    from PySide6.QtCore import QSize

    from nato_desk.ui.chart_export import render_image
    from nato_desk.ui.dialogs.export_dialog import current_chart

    desk = desk_window.desk
    desk.chart_panel.views.setCurrentWidget(desk.edition_compare)
    assert desk_window.member_list.select("ALB")
    view, spec = current_chart(desk)
    assert view is desk.edition_compare
    assert spec.title == "Albania: share of GDP by edition"
    assert spec.subtitle.startswith("NATO restated 6 of Albania's 12 years")
    # Every edition drawn is a source, not only the toolbar's edition.
    assert spec.source_line.startswith(
        "Sources: NATO, June 2024, August 2025, March 2026 and July 2026 editions. Exported ")
    image = render_image(view, QSize(960, 540), spec)
    assert len({image.pixel(x, 300) for x in range(100, 900, 4)}) > 3  # the chart was drawn
    image.save(str(ARTIFACTS / "editions_albania_export.png"))


def test_a_hidden_tab_draws_when_shown_not_on_every_selection(desk_window, qtbot):
    """Switching allies while another tab is in front leaves the Editions tab for later."""
    desk = desk_window.desk
    tab = desk.edition_compare
    desk.member_list.select("ALB")
    assert not tab.isVisible()
    desk.member_list.select("POL")
    assert all(o.iso3 != "POL" for line in tab.lines for o in line.points)  # not drawn unseen
    desk.chart_panel.views.setCurrentWidget(tab)
    qtbot.waitUntil(tab.isVisible)
    assert tab.iso3 == "POL" and tab.lines
    assert all(o.iso3 == "POL" for line in tab.lines for o in line.points)
