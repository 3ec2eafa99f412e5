"""A switch of ally lays out what changed, not the whole window (issue 14).

Qt's layouts tell their parent on every layout request, so a label's new text
in the chart (its title, the note under the plot) went up every level to the
main window, one layout round each, although nothing there moved. The views'
tab widget passes a request on only when its size hints changed: the splitters
and the window hear nothing on a plain switch, and still hear when the chart
needs more room (six allies compared: more legend rows and note lines).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from nato_desk.ui.one_pass import settle_layouts
from nato_desk.ui.plain_text import PlainLabel


class _Requests(QObject):
    """Counts the layout requests delivered to the widgets it watches."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.count = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _settle() -> None:
    settle_layouts()
    QApplication.processEvents()


def test_a_switch_of_ally_does_not_lay_out_the_window_above_the_chart(qtbot, desk_window) -> None:
    window = desk_window
    above = [window.right_splitter, window.main_splitter, window, window.chart_panel]
    member_list = window.member_list
    codes = member_list.visible_codes()
    for code in codes[:3]:  # the note's room and the legend's rows are learned
        member_list.select(code)
        _settle()
    requests = _Requests(above)
    for code in codes[3:] + codes[:3]:
        member_list.select(code)
        _settle()
    assert requests.count == 0

    for iso3 in ("BEL", "SVK", "POL", "DEU", "ISL"):  # the chart's least height grows
        window.chart_panel.add_comparison(iso3)
        _settle()
    assert requests.count > 0
    chart = window.chart_panel.chart
    assert chart.height() >= chart.minimumSizeHint().height()  # and it was given the room


def test_coming_back_to_allies_lays_no_text_out_to_measure_it(make_desk_window, monkeypatch) -> None:
    # A wrapped label measured by Qt itself lays its whole text out each time a layout
    # asks its height, at every level around it: the quote's source caption, the chart's
    # title and notes and the required path's lines did some forty times a switch
    # (issue 14). Their heights are kept per text (plain_text.WrapLabel), so an ally
    # shown before is laid out from what was measured then.
    measured: list[str] = []

    def counting(label: QLabel, width: int) -> int:
        if label.text() and label.wordWrap():
            measured.append(label.accessibleName() or label.text()[:40])
        return QLabel.heightForWidth(label, width)

    monkeypatch.setattr(PlainLabel, "heightForWidth", counting, raising=False)
    window = make_desk_window()
    codes = window.member_list.visible_codes()[:6]
    for code in codes:
        window.member_list.select(code)
        _settle()
    assert measured, "the first visit measures its texts (else this test watches nothing)"
    measured.clear()
    for code in codes:
        window.member_list.select(code)
        _settle()
    assert measured == []
