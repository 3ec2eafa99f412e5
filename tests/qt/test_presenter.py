"""Saved views, the storyline and presenter mode (issue 6, "Presenter mode")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QPushButton,
    QWidget,
)

from nato_desk.domain import SavedView, ValidationError, validate
from nato_desk.store import Store
from nato_desk.ui.presenter import FONT_SCALE, PresenterWindow, storyline
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _window(qtbot, qapp, store, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    return show_desk_window(qtbot, store, settings, (1280, 800))


def _save_two(window) -> None:
    desk = window.desk
    names = iter(["Spain and Belgium", "Alliance ranked"])
    desk.saved_views.ask_name = lambda _parent: next(names)
    assert desk.member_list.select("ESP")
    desk.chart_panel.add_comparison("BEL")
    desk.chart_panel.wales_check.setChecked(False)
    desk.saved_views.save_action.trigger()
    assert desk.member_list.select("POL")
    desk.chart_panel.views.setCurrentWidget(desk.ranked_view)
    desk.saved_views.save_action.trigger()


def test_saved_views_survive_a_restart(qtbot, qapp, tmp_path, seed_records):
    path = tmp_path / "desk.json"
    store = Store.open(path, seed=lambda: seed_records)
    window = _window(qtbot, qapp, store, tmp_path)
    _save_two(window)
    before = storyline(store)
    assert [v.name for v in before] == ["Spain and Belgium", "Alliance ranked"]
    first, second = before
    assert first.allies == ("ESP", "BEL") and first.view == "trajectory"
    assert first.wales is False and first.hague is True
    assert second.allies[0] == "POL" and second.view == "ranked"
    assert second.edition == window.desk.member_model.edition
    window.close()
    store.close()

    again = Store.open(path)
    try:
        window2 = _window(qtbot, qapp, again, tmp_path)
        assert storyline(again) == before
        # Reordering through the window survives too.
        window2.desk.saved_views.move(second.id, -1)
        assert [v.id for v in storyline(again)] == [second.id, first.id]
        window2.close()
    finally:
        again.close()
    with Store.open(path) as third:
        assert [v.id for v in storyline(third)] == [second.id, first.id]


def test_undo_of_save_view_removes_it(qtbot, qapp, store, tmp_path):
    window = _window(qtbot, qapp, store, tmp_path)
    desk = window.desk
    desk.saved_views.ask_name = lambda _parent: "Only one"
    desk.saved_views.save_action.trigger()
    assert [v.name for v in storyline(store)] == ["Only one"]
    assert store.history()[-1].label.startswith("Save view")
    desk.edit_actions.undo_action.trigger()
    assert storyline(store) == []
    desk.edit_actions.redo_action.trigger()
    assert [v.name for v in storyline(store)] == ["Only one"]


def test_storyline_dialog_moves_and_deletes(qtbot, qapp, store, tmp_path):
    window = _window(qtbot, qapp, store, tmp_path)
    _save_two(window)
    views = window.desk.saved_views
    views.storyline_action.trigger()
    dialog = views.last_dialog
    assert dialog is not None
    ids = dialog.ids()
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.ids() == [ids[1], ids[0]] == [v.id for v in storyline(store)]
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.ids() == [ids[0]]
    window.desk.edit_actions.undo_action.trigger()  # the delete
    assert dialog.ids() == [ids[1], ids[0]]
    dialog.close()


def test_presenter_steps_with_keys_and_esc_leaves(qtbot, qapp, store, tmp_path):
    window = _window(qtbot, qapp, store, tmp_path)
    _save_two(window)
    window.desk.saved_views.present_action.trigger()
    presenter = window.desk.saved_views.presenter
    assert isinstance(presenter, PresenterWindow)
    qtbot.waitExposed(presenter)
    assert presenter.title.text() == "Spain and Belgium"
    assert "Spain" in presenter.subtitle.text() and "Belgium" in presenter.subtitle.text()
    assert presenter.chart is not None and presenter.chart.allies == ["ESP", "BEL"]
    assert presenter.font().pointSizeF() == pytest.approx(window.font().pointSizeF() * 1.6)
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    assert presenter.title.text() == "Alliance ranked" and presenter.current.view == "ranked"
    assert "Poland" in presenter.subtitle.text()
    qtbot.keyClick(presenter, Qt.Key.Key_Space)  # at the end: stays
    assert presenter.index == 1
    qtbot.keyClick(presenter, Qt.Key.Key_Left)
    assert presenter.title.text() == "Spain and Belgium"
    qtbot.keyClick(presenter, Qt.Key.Key_PageDown)
    assert presenter.index == 1
    qtbot.keyClick(presenter, Qt.Key.Key_Up)
    assert presenter.index == 0
    with qtbot.waitSignal(presenter.left):
        qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert window.desk.saved_views.presenter is None
    assert window.isVisible()


def test_presenter_png(qtbot, qapp, store, tmp_path):
    window = _window(qtbot, qapp, store, tmp_path)
    _save_two(window)
    presenter = PresenterWindow(store, storyline(store), window.desk.member_list.proxy)
    qtbot.addWidget(presenter)
    presenter.resize(1920, 1080)
    presenter.show()
    qtbot.waitExposed(presenter)
    qtbot.wait(200)
    ARTIFACTS.mkdir(exist_ok=True)
    image = presenter.grab().toImage()
    assert (image.width(), image.height()) == (1920, 1080)
    assert image.save(str(ARTIFACTS / "presenter.png"))
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    qtbot.wait(200)
    assert presenter.grab().toImage().save(str(ARTIFACTS / "presenter_ranked.png"))


def _text_height(text_item) -> float:
    """The height of a QGraphicsTextItem's text, without its document's margins."""
    return text_item.boundingRect().height() - 2 * text_item.document().documentMargin()


def _chart_text_sizes(plot) -> dict[str, list[float]]:
    """Point sizes (or drawn heights) of every text a pyqtgraph chart draws, by kind."""
    import pyqtgraph as pg

    sizes: dict[str, list[float]] = {"text items": [], "legend": [], "ticks": [], "axis labels": []}
    for item in plot.scene().items():
        if isinstance(item, pg.TextItem):
            sizes["text items"].append(item.textItem.font().pointSizeF())
        elif isinstance(item, pg.LegendItem):
            # Legend and axis titles are sized in their HTML: measure the drawn text.
            sizes["legend"] += [_text_height(label.item) for _s, label in item.items]
        elif isinstance(item, pg.AxisItem) and item.isVisible():
            font = item.style["tickFont"]
            sizes["ticks"].append(font.pointSizeF() if font is not None else QApplication.font().pointSizeF())
            if item.labelText:
                sizes["axis labels"].append(_text_height(item.label))
    return sizes


def test_presenter_slide_is_projector_ready(qtbot, qapp, store, tmp_path):
    """Issue 9, item 10: every text scaled, sources and marking shown, edition by
    its label, nothing interactive on the slide."""
    window = _window(qtbot, qapp, store, tmp_path)
    _save_two(window)
    window.desk.settings.set(Settings.EXPORT_MARKING, "NATO UNCLASSIFIED")
    window.desk.saved_views.present_action.trigger()
    presenter = window.desk.saved_views.presenter
    qtbot.waitExposed(presenter)

    # The window's own chart of the same view, for the sizes before scaling.
    from nato_desk.ui.chart.trajectory_chart import TrajectoryChart
    plain = TrajectoryChart(store, presenter.current.edition)
    qtbot.addWidget(plain)
    plain.set_member("ESP")
    plain.add_comparison("BEL")
    before, after = _chart_text_sizes(plain.plot_widget), _chart_text_sizes(presenter.chart.plot_widget)
    for kind in before:
        assert before[kind], kind
        assert sorted(after[kind]) == pytest.approx([s * FONT_SCALE for s in sorted(before[kind])], rel=0.1), kind
    # Lines grow with the type, so they keep their weight on a projector.
    def curve_widths(plot):
        import pyqtgraph as pg

        from nato_desk.ui.chart.series_line import SeriesLine
        return sorted(i.opts["pen"].widthF() for i in plot.scene().items()
                      if isinstance(i, (pg.PlotCurveItem, SeriesLine)) and i.isVisible()
                      and i.opts["pen"] is not None)

    plain_widths, shown_widths = curve_widths(plain.plot_widget), curve_widths(presenter.chart.plot_widget)
    assert plain_widths and len(shown_widths) == len(plain_widths)
    assert shown_widths == pytest.approx([max(w, 1.0) * FONT_SCALE for w in plain_widths])
    title_size = presenter.chart.title_label.font().pointSizeF()  # a label above the plot, in the slide's font (issue 13)
    assert title_size == pytest.approx(plain.title_label.font().pointSizeF() * FONT_SCALE, rel=0.02)

    for slide in range(2):
        texts = [presenter.title.text(), presenter.subtitle.text(), presenter.source_line.text()]
        assert not any("2026-07" in t for t in texts)  # the edition by its label
        assert "July 2026 edition" in presenter.subtitle.text()
        assert presenter.source_line.isVisible() and presenter.marking.isVisible()
        assert presenter.source_line.text().startswith("Source")
        assert "NATO" in presenter.source_line.text() and "July 2026 edition" in presenter.source_line.text()
        assert presenter.marking.text() == "NATO UNCLASSIFIED"
        for label in (presenter.source_line, presenter.marking):
            assert label.textFormat() == Qt.TextFormat.PlainText
        visible = [w for w in presenter.findChildren(QWidget) if w.isVisible()]
        assert not [w for w in visible if isinstance(w, (QComboBox, QPushButton, QAbstractButton))]
        qtbot.keyClick(presenter, Qt.Key.Key_Right)
    # On the ranked slide the year is plain text.
    assert presenter.current.view == "ranked"
    assert presenter.chart.year_text.isVisible() and presenter.chart.year_text.text() == "2026:"
    presenter.close()


@pytest.mark.parametrize(("change", "field"), [
    ({"name": " "}, "name"), ({"allies": ("ESP", "es")}, "allies"), ({"view": "pie"}, "view"),
])
def test_saved_view_validation(change, field):
    good = SavedView("v", "Name", ("ESP",), "trajectory", "2025-08", 2014, 2035)
    validate(good)
    with pytest.raises(ValidationError) as info:
        validate(SavedView(**{**good.__dict__, **change}))
    assert info.value.field == field


def test_a_saved_view_keeps_its_measure(qtbot, qapp, store, tmp_path):
    """Saved on the equipment share, presented on the equipment share against 20%, not 3.5%."""
    from nato_desk.domain import Measure

    window = _window(qtbot, qapp, store, tmp_path)
    desk = window.desk
    june = desk.window.edition_combo.findData("2024-06")
    desk.window.edition_combo.setCurrentIndex(june)
    desk.window.measure_combo.setCurrentIndex(desk.window.measure_combo.findData(Measure.EQUIPMENT_SHARE))
    assert desk.measure is Measure.EQUIPMENT_SHARE
    desk.member_list.select("POL")
    view = desk.saved_views.capture("Equipment")
    assert view.shown_measure == "equipment_share"
    presenter = PresenterWindow(store, (view,), desk.member_list.proxy)
    qtbot.addWidget(presenter)
    presenter.show_view(0)
    assert set(presenter.chart.target_lines) == {"EQUIPMENT_20PCT"}


def test_a_saved_measure_survives_a_restart(tmp_path, seed_records):
    from nato_desk.domain import AddRecord

    path = tmp_path / "views.json"
    view = SavedView("view-eq", "Equipment", ("POL",), "trajectory", "2024-06", 2014, 2024,
                     shown_measure="equipment_share")
    with Store.open(path, seed=lambda: seed_records) as store:
        store.apply(AddRecord(view, "Save view"), user="t")
    with Store.open(path, read_only=True) as store:
        assert store.get(SavedView, "view-eq") == view
