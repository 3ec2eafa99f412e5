"""Issue 13, item 10 in the window: narrative that follows the data.

Poland's summary (4.48%, August 2025) is dated in the July 2026 pane;
Iceland's badge is grey "Exempt — no armed forces"; Spain's Path to 2035 is
illustrative and says why; the August 2025 list marks the seven allies
without a 2025 figure and ranks all on 2024 when asked, remembered.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from nato_desk.palette import STANCE_STYLES
from nato_desk.ui.detail_pane import DetailPane
from nato_desk.ui.member_list import MemberListPanel
from nato_desk.ui.member_model import MemberColumn, MemberTableModel
from nato_desk.ui.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "data"
SEVEN = ["DEU", "HRV", "HUN", "MNE", "SVK", "SVN", "SWE"]


@pytest.fixture
def pane(qtbot, store):
    pane = DetailPane(store, "2026-07")
    qtbot.addWidget(pane)
    return pane


def label(widget, name) -> QLabel:
    (found,) = [w for w in widget.findChildren(QLabel) if w.accessibleName() == name]
    return found


def test_poland_july_2026_pane_dates_the_summarys_figure_and_keeps_the_summary(pane):
    pane.show_member("POL")
    shipped = next(e for e in json.loads((DATA / "positions_quotes.json").read_text("utf-8"))
                   if e["iso3"] == "POL")["stance_summary"]
    assert label(pane, "Position summary").text().startswith(shipped + "\n")  # the reference's words, unchanged
    assert "4.68% (2026e)" in label(pane, "Latest figure").text()  # and 4.25% for 2025
    dated = label(pane, "Figures in the summary")
    assert dated.text() == ("Figures in this summary: 4.48% of GDP in 2025, August 2025 edition "
                            "(this pane shows the July 2026 edition: 4.25% for 2025)")
    assert not dated.isHidden()
    pane.set_edition("2025-08")
    assert label(pane, "Figures in the summary").text().endswith("August 2025 edition (the edition on show)")
    pane.show_member("FRA")  # quotes no figure: no line
    assert label(pane, "Figures in the summary").isHidden()


def _badge_fill(badge: QLabel) -> str:
    """The colour most of the badge is painted in (its fill, around the letters)."""
    image = badge.grab().toImage()
    counts = Counter(image.pixelColor(x, y).name().upper()
                     for x in range(image.width()) for y in range(image.height()))
    return counts.most_common(1)[0][0]


def test_iceland_badge_is_grey_exempt_and_spains_is_opposes(pane):
    pane.show_member("ISL")
    badge = label(pane, "Stance")
    assert badge.text() == "Exempt — no armed forces"
    assert _badge_fill(badge) == STANCE_STYLES["exempt"].fill
    pane.show_member("ESP")
    assert label(pane, "Stance").text() == "Opposes"
    assert _badge_fill(label(pane, "Stance")) == STANCE_STYLES["opposes"].fill
    pane.show_member("POL")  # back to a kind shown before: the badge follows every switch
    assert _badge_fill(label(pane, "Stance")) == STANCE_STYLES["supports"].fill


def test_spains_path_is_illustrative_and_says_it_has_not_committed(pane):
    pane.show_member("ESP")
    box = pane.required_path
    note = label(box, "Commitment")
    assert not note.isHidden() and box.illustrative
    assert note.text().startswith("Spain has not committed to 3.5% under the Hague arrangement")
    assert "hague_summit.md" in note.text()
    assert label(box, "Path to core target").text().startswith(
        "Illustrative path to 3.5% core by 2035 (not a commitment): +0.17 pp a year")
    assert "illustrative straight path" in label(box, "Path start").text()
    pane.show_member("BEL")  # reservations, but committed: a plain path
    assert label(box, "Commitment").isHidden() and not box.illustrative
    assert label(box, "Path to core target").text().startswith("To 3.5% core by 2035:")


def test_stance_column_and_badges_in_the_list(qapp, store):
    model = MemberTableModel(store, "2026-07")
    isl = model.index(model.row_of("ISL"), MemberColumn.STANCE)
    esp = model.index(model.row_of("ESP"), MemberColumn.STANCE)
    assert (isl.data(), esp.data()) == ("Exempt", "Opposes")
    assert "Exempt — no armed forces: No armed forces" in isl.data(Qt.ItemDataRole.ToolTipRole)

    def fill(index):
        return index.data(Qt.ItemDataRole.DecorationRole).pixmap(12, 12).toImage().pixelColor(6, 6).name().upper()

    assert fill(isl) == STANCE_STYLES["exempt"].fill
    assert fill(esp) == STANCE_STYLES["opposes"].fill


def test_august_2025_marks_the_seven_older_figures_and_same_year_ranks_on_2024(qtbot, qtmodeltester, store):
    model = MemberTableModel(store, "2025-08")
    panel = MemberListPanel(model)
    qtbot.addWidget(panel)
    marked = sorted(model.index(r, MemberColumn.CODE).data() for r in range(model.rowCount())
                    if str(model.index(r, MemberColumn.LATEST).data()).endswith("*"))
    assert marked == SEVEN
    swe = model.index(model.row_of("SWE"), MemberColumn.LATEST)
    assert swe.data().startswith("2.") and "(2024e)*" in swe.data()
    assert "no 2025 figure in this edition" in swe.data(Qt.ItemDataRole.ToolTipRole)
    assert swe.data(Qt.ItemDataRole.FontRole).italic()
    assert panel.years_note.text() == "7 with no 2025 figure (*)"
    assert "7 allies have no 2025 figure in this edition: Croatia, Germany" in panel.years_note.toolTip()
    assert panel.same_year_check.isEnabled()

    panel.proxy.sort(MemberColumn.LATEST, Qt.SortOrder.DescendingOrder)
    panel.same_year_check.setChecked(True)
    assert model.headerData(MemberColumn.LATEST, Qt.Orientation.Horizontal) == "2024 (August 2025)"
    shown = [panel.proxy.index(r, MemberColumn.LATEST).data() for r in range(panel.proxy.rowCount())]
    assert all("(2024e)" in s and not s.endswith("*") for s in shown if s != "no series")
    assert panel.proxy.index(0, MemberColumn.CODE).data() == "POL"
    assert shown[0] == "3.79% (2024e)"  # Poland's 2024, not its 2025 4.48%
    assert panel.years_note.text() == "All ranked on 2024"
    assert "the latest year all of them have a figure for" in panel.years_note.toolTip()
    qtmodeltester.check(panel.proxy)

    # The July 2026 edition has 2026 for every ally: nothing to mark.
    panel.same_year_check.setChecked(False)
    model.set_edition("2026-07")
    assert panel.years_note.isHidden() and not panel.same_year_check.isEnabled()


def test_same_year_for_all_is_remembered(qtbot, store, tmp_path):
    from nato_desk.ui.app import build_main_window

    path = str(tmp_path / "same_year.ini")
    window = build_main_window(store, Settings(QSettings(path, QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.member_list.same_year_check.setChecked(True)
    window.desk.save_state()
    window.close()
    again = build_main_window(store, Settings(QSettings(path, QSettings.Format.IniFormat)))
    qtbot.addWidget(again)
    assert again.member_list.same_year_check.isChecked()
    assert again.desk.member_model.same_year


def test_the_chart_says_spains_scenario_path_is_illustrative_not_a_commitment(desk_window):
    from nato_desk.ui.chart.trajectory_chart import ScenarioChoice

    chart = desk_window.chart_panel.chart
    desk_window.member_list.select("ESP")
    chart.set_scenario(ScenarioChoice("linear", "HAGUE_CORE"))
    text = chart.message.text()
    assert "Spain: has not committed to 3.5% by 2035 under the Hague arrangement" in text
    assert "illustrative" in text
    desk_window.member_list.select("POL")  # an ally that has committed: no such line
    assert "has not committed" not in chart.message.text()
