"""A layout that wraps its widgets onto more rows when narrow (the chart's controls).

The chart's option row (targets, scenario, "Years 2014 to 2035", Reset view)
made the chart side at least ~740 px wide, so the window could not be made
narrower than ~1000 px. In a ``FlowLayout`` the row is as wide as its widest
item and wraps the rest onto further rows.

Splitters size their panes from ``minimumSize``, not from height-for-width,
so the layout also reports the height it needs at its current width as its
least height (and asks for a new layout when that changes): a wrapped row is
never squeezed under the chart.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

__all__ = ["FlowLayout"]


class FlowLayout(QLayout):
    """Items left to right, wrapping; ``spacing`` between items and rows."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._height_now = 0  # the height needed at the width last laid out
        # heightForWidth's answers until the items change: a switch of ally asks about
        # seven times (the chart's title and note post layout requests), issue 14.
        self._heights: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    # QLayout's item protocol ---------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width not in self._heights:
            self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return self._heights[width]

    def invalidate(self) -> None:
        # An item shown, hidden or with a new size hint (a check box's new text) comes
        # through here: the answers are worked out again.
        self._heights.clear()
        super().invalidate()

    def sizeHint(self) -> QSize:
        # One row when there is room for it.
        width = sum(i.sizeHint().width() for i in self._visible()) + self._spacing * max(len(self._visible()) - 1, 0)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, max(height, self._height_now))

    def minimumSize(self) -> QSize:
        width = max((i.minimumSize().width() for i in self._visible()), default=0)
        height = max((i.minimumSize().height() for i in self._visible()), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), max(height, self._height_now))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        needed = self._arrange(rect, move=True)
        if needed != self._height_now:
            self._height_now = needed
            self.invalidate()  # the parent's least height follows the rows

    def expect_width(self, width: int) -> None:
        """The width the layout is about to be given (the chart panel's first show,
        ``first_layout``): its least height is the rows it will take there, known before
        its parents share out their room, not found when laid out (another round)."""
        needed = self.heightForWidth(width)
        if needed != self._height_now:
            self._height_now = needed
            self.invalidate()

    def rows(self) -> int:
        """How many rows the items take at the current width."""
        tops = {i.geometry().top() for i in self._visible()}
        return len(tops)

    # placing -------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if (widget := i.widget()) is None or not widget.isHidden()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            width = min(hint.width(), area.width()) if area.width() > 0 else hint.width()
            width = max(width, item.minimumSize().width())
            if x > area.x() and x + width > area.right() + 1:
                x, y, row_height = area.x(), y + row_height + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()

