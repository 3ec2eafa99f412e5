"""A switch of ally leaves the chart where it is (issue 14), and the note under it whole.

Holding Down through the member list, the plot, the chart panel and the detail
pane below it keep their places: the note under the plot keeps the room of
the tallest note one ally needs (Iceland's, two lines), shown empty for the
allies without one, and the legend keeps its rows for Iceland, which has
none. The note is never cut: its label is as tall as its wrapped text, for
Iceland and with six allies compared, and the plot above it (six allies' legend)
never runs over it. The legend, updated in place, shows the
entries of the ally on show and nothing left over from the one before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget
from support.desk_window import show_desk_window

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "chart_switch"
SIX = ("ESP", "BEL", "SVK", "POL", "DEU", "ISL")  # four note lines, Iceland's wrapped
# At 1024x700 the window has no room for those four lines under a two-line title and three
# legend rows (its least height passes 700 px): allies without a note beside Spain.
SIX_SMALL = ("ESP", "ALB", "BEL", "BGR", "CAN", "HRV")


class _Resizes(QObject):
    """Counts resize events of the widgets it watches."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.seen.append(watched.objectName() or type(watched).__name__)
        return False


def _settle(qapp) -> None:
    for _ in range(3):
        qapp.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        qapp.processEvents()


@pytest.fixture(params=[(1280, 800), (1024, 700)], ids=["1280x800", "1024x700"])
def window(request, qtbot, qapp, store, settings):
    window = show_desk_window(qtbot, store, settings, request.param)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == request.param)
    _settle(qapp)
    return window


def _note_fits(chart) -> bool:
    note = chart.message
    return note.isVisible() and note.height() >= note.heightForWidth(note.width())


def test_a_switch_of_ally_moves_nothing_and_the_note_is_whole(qtbot, qapp, window) -> None:
    chart = window.chart_panel.chart
    view = chart.plot_widget.getPlotItem().getViewBox()
    watched = [chart.plot_widget, window.chart_panel, window.desk.detail_pane, chart.message]
    for widget, name in zip(watched, ("plot", "chartPanel", "detailPane", "note"), strict=True):
        if not widget.objectName():
            widget.setObjectName(name)
    codes = window.member_list.visible_codes()
    window.member_list.select(codes[0])
    _settle(qapp)
    places = [w.geometry() for w in watched]
    inside = view.sceneBoundingRect()
    resizes = _Resizes(watched)
    iceland_lines, iceland_note = 0, ""
    for code in codes[1:]:
        window.member_list.select(code)
        _settle(qapp)
        assert [w.geometry() for w in watched] == places, code
        assert view.sceneBoundingRect() == inside, code
        assert _note_fits(chart), code
        if code == "ISL":
            iceland_lines = chart.message.height() // chart.message.fontMetrics().lineSpacing()
            iceland_note = chart.message.text()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(ARTIFACTS / f"iceland_{window.width()}x{window.height()}.png"))
    assert resizes.seen == []
    # Iceland's note is the longest one ally has: it wraps and every line of it shows.
    assert "no armed forces" in iceland_note and iceland_lines >= 2


def test_six_allies_notes_are_whole(qtbot, qapp, window) -> None:
    six = SIX if window.height() >= 800 else SIX_SMALL
    window.member_list.select(six[0])
    for code in six[1:]:
        window.chart_panel.add_comparison(code)
    qapp.processEvents()  # once, as the event loop would (layout requests sent by hand
    qapp.processEvents()  # again and again hid that the tab widget kept its least height)
    chart = window.chart_panel.chart
    text = chart.message.text()
    assert "Spain: has not committed" in text
    assert ("Poland: already at or above" in text) == ("POL" in six)
    assert ("Iceland: founding member" in text) == ("ISL" in six)
    assert _note_fits(chart)
    # The chart got the room its six allies need: the plot (its legend) ends above the note.
    assert chart.height() >= chart.minimumSizeHint().height()
    assert chart.plot_widget.geometry().bottom() < chart.message.geometry().top()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(ARTIFACTS / f"six_{window.width()}x{window.height()}.png"))
    # Back to one ally: the note shrinks back to the room of one ally's note.
    window.chart_panel.set_comparisons([])
    _settle(qapp)
    assert chart.message.text().startswith("Spain: has not committed")
    assert chart.message.height() < chart.message.fontMetrics().lineSpacing() * 4
    assert _note_fits(chart)


def test_the_legend_shows_only_the_entries_of_the_ally_on_show(qtbot, qapp, desk_window) -> None:
    chart = desk_window.chart_panel.chart
    seen = []
    # Spain has a scenario path, Poland none (already there), Iceland no figures at all.
    for code in ("ESP", "POL", "ISL", "ESP", "POL"):
        desk_window.member_list.select(code)
        _settle(qapp)
        texts = [label.text for _, label in chart.legend.items]
        seen.append(texts)
        # What is painted is what the legend lists: no label left over from the ally before.
        painted = sorted(label.text for label in chart.legend.childItems()
                         if hasattr(label, "text") and isinstance(label.text, str) and label.isVisible())
        assert painted == sorted(texts), code
        assert chart.legend.isVisible() == bool(texts)
    assert seen[0][0] == "Spain" and any(t.startswith("scenario") for t in seen[0])
    assert seen[1][0] == "Poland" and not any(t.startswith("scenario") for t in seen[1])
    assert seen[2] == []
    assert seen[3] == seen[0] and seen[4] == seen[1]


def test_the_legend_keeps_its_entries_in_place_and_every_name_whole(qtbot, qapp, desk_window) -> None:
    """Holding Down with allies compared, only the selected ally's name changes in the
    legend: the other entries do not shift with the length of that name, and the
    longest name shows whole."""
    panel = desk_window.chart_panel
    chart = panel.chart
    desk_window.member_list.select("ITA")
    for code in ("BEL", "CAN", "HRV"):
        panel.add_comparison(code)
    _settle(qapp)

    def places() -> dict[str, tuple[float, float]]:
        return {label.text: (label.scenePos().x(), label.scenePos().y())
                for _, label in chart.legend.items[1:]}

    before = places()
    names = {m.iso3: m.name for m in desk_window.desk.store.members()}
    longest = max((c for c in names if c not in ("ITA", "BEL", "CAN", "HRV", "ISL")),
                  key=lambda c: len(names[c]))
    for code in ("ITA", longest, "LUX", "GBR", "ITA"):
        desk_window.member_list.select(code)
        _settle(qapp)
        _sample, label = chart.legend.items[0]
        assert label.text == names[code]
        assert places() == before, code
        # The whole name is inside its label, and the label inside the legend.
        assert label.item.mapRectToParent(label.item.boundingRect()).right() <= label.boundingRect().right() + 0.5
        assert chart.legend.mapRectFromItem(label, label.boundingRect()).right() <= chart.legend.boundingRect().right()
