"""``LabelHolder``: a wrapped label whose new text lays nothing out unless its height changed.

A QLabel given a new text tells its parent's layout, and each layout that is
laid out again tells its own parent's: the chart's title, new at every switch
of ally, laid out the chart, its tab page, the page stack and the tab widget,
a layout round each, although the title kept its one line (issue 14). Here the
label's parent is a holder with no layout, which hears the label's news and
passes it on (its own fixed height) only when the label needs another height
at the holder's width: more lines for six allies' names, a narrower window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = ["LabelHolder"]


class LabelHolder(QWidget):
    """Holds ``label`` at its whole width and the height its text needs there."""

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.fit(self.width())

    def fit(self, width: int) -> None:
        """Take the height the label needs at ``width`` (the holder's coming or current width)."""
        height = self._needed(width)
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)  # the one change the layouts above hear of

    def _needed(self, width: int) -> int:
        if self.label.isHidden():
            return 0
        height = self.label.heightForWidth(max(width, 1))
        return height if height >= 0 else self.label.sizeHint().height()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.label.sizeHint().width(), self.minimumHeight())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, self.minimumHeight())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            # The label's text, font or visibility changed: same height, nothing to pass on.
            self.fit(self.width())
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self.label.setGeometry(0, 0, event.size().width(), event.size().height())
        self.fit(event.size().width())
        super().resizeEvent(event)
