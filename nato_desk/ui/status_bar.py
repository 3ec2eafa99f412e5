"""The window's status bar: a temporary message never runs under the labels on its right.

QStatusBar draws a temporary message (``showMessage``) as one unclipped line
from the left edge: a long one ("Updated from <path>: saved by another window
at 10:42") ran under the permanent labels (the edition, the read-only state)
at 1024-1366 px. ``DeskStatusBar`` draws it itself, shortened in the middle
with "…" (both the news and its time stay) to the room left of the first visible
permanent label; the whole message stays ``currentMessage()`` and is the bar's
tooltip while it shows. A permanent label that only repeats what the window
shows elsewhere (the edition, also in the toolbar) is marked
``yields_to_message = True`` and steps aside while a message shows, so the
message has the room; the read-only state never does.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QStatusBar, QStyle, QStyleOption, QWidget

from nato_desk.ui.plain_text import tooltip

__all__ = ["DeskStatusBar"]

MARGIN = 6  # Qt's own left margin for the message


class DeskStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self.messageChanged.connect(self._on_message_changed)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:  # noqa: N802 (Qt)
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch or 0)

    def removeWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt)
        if widget in self._permanent:
            self._permanent.remove(widget)
        super().removeWidget(widget)

    def message_rect(self) -> QRect:
        """Where the message may be drawn: up to the first visible permanent widget."""
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        left, right = MARGIN, self.width() - 12
        shown = [w for w in self._permanent if w.isVisible()]
        if shown:
            if rtl:
                left = max(left, max(w.geometry().right() for w in shown) + 4)
            else:
                right = min(right, min(w.x() for w in shown) - 4)
        return QRect(left, 0, max(0, right - left), self.height())

    def shown_message(self) -> str:
        """The message as drawn: shortened to ``message_rect``."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideMiddle,
                                             self.message_rect().width())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt)
        if not self.currentMessage():
            super().paintEvent(event)
            return
        # As QStatusBar paints with a message, but the text elided into its room.
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for widget in self._permanent:
            if widget.isVisible():
                frame = QStyleOption()
                frame.rect = widget.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                frame.state = QStyle.StateFlag.State_None
                self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame,
                                           painter, widget)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.message_rect(),
                         int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
                             | Qt.TextFlag.TextSingleLine),
                         self.shown_message())

    def _on_message_changed(self, message: str) -> None:
        self.setToolTip(tooltip(message) if message else "")
        for widget in self._permanent:
            if getattr(widget, "yields_to_message", False):
                widget.setVisible(not message)
