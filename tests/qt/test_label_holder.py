"""A held label's new text of the same height lays out nothing above it; more lines still get room."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from nato_desk.ui.chart.label_holder import LabelHolder
from nato_desk.ui.one_pass import settle_layouts
from nato_desk.ui.plain_text import plain_label


class _Requests(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _window(qtbot, label: QLabel) -> tuple[QWidget, LabelHolder, QLabel]:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    holder = LabelHolder(label)
    below = QLabel("below")
    layout.addWidget(holder)
    layout.addWidget(below)
    layout.addStretch(1)
    window.resize(300, 300)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window, holder, below


def test_a_new_text_of_the_same_height_lays_out_nothing_above(qtbot) -> None:
    label = plain_label("Spain — core defence expenditure")
    window, holder, below = _window(qtbot, label)
    requests = _Requests(window)
    top = below.y()
    for name in ("Belgium", "Italy", "Portugal", "Poland"):
        label.setText(f"{name} — core defence expenditure")
        settle_layouts()
    assert requests.count == 0
    assert below.y() == top
    assert label.geometry() == holder.rect()  # the label spans its holder


def test_a_text_needing_more_lines_gets_its_room_and_pushes_what_is_below(qtbot) -> None:
    label = plain_label("Spain")
    window, holder, below = _window(qtbot, label)
    one_line = holder.height()
    label.setText("Spain, Belgium, Italy, Portugal, France and Poland — core defence expenditure, "
                  "% of GDP (July 2026 edition)")
    settle_layouts()  # as a switch of ally does: every layout round before the paint
    assert holder.height() >= label.heightForWidth(holder.width()) > one_line
    assert label.height() == holder.height()
    assert below.y() >= holder.geometry().bottom()
    window.resize(900, 300)  # wider: fewer lines, less room
    settle_layouts()
    assert holder.height() == label.heightForWidth(holder.width()) < label.heightForWidth(280)
