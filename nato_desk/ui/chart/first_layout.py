"""The chart side's first layout is its last: what the window's first show lays out once.

Shown for the first time, the window was laid out three times over before its first
paint (issue 14: the plot's view box resized five times, each placing the target
labels and the line-end names again). Two things made the extra rounds:

- ``QTabWidget`` lays its pages out only once it is visible: a hidden one keeps its
  page stack at whatever size it had, so the Trajectory page and the chart were shown
  at that stale size and laid out again a moment later, at the tab widget's show.
  ``ViewTabs`` gives its stack the size Qt's own layout will give it as soon as it is
  resized, hidden or not (the same style rectangles Qt asks for).
- The chart's least height (the plot's axes and legend rows, the note's held lines, a
  two-line title) depends on its width, and was measured only once the chart had been
  laid out and shown; the right splitter had by then shared its height out with the
  old least height, and shared it again. ``FitAhead`` watches the widget the chart
  panel sits in and, when it is resized while the chart is about to be shown with the
  window, has the chart work its least height out for the width it is about to get,
  before that widget lays out its children.

Both change when the layout work happens, never its result: the chart's own
``resizeEvent`` and ``showEvent`` still measure, and find nothing left to change.

Afterwards, on every switch of ally, a page's layout request (a label's new text)
reached ``QTabWidget``, which placed its tab bar and stack, repainted itself whole and
told its parent, and so on up to the window, one layout round per level. ``ViewTabs``
does that only when something would move, and tells its parent only when its own
size hints changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QStackedWidget,
    QStyle,
    QStyleOptionTabWidgetFrame,
    QTabWidget,
    QWidget,
)

__all__ = ["FitAhead", "ViewTabs"]


class ViewTabs(QTabWidget):
    """A tab widget whose pages are laid out at its size even before it is first shown."""

    _told: tuple[QSize, QSize] | None = None  # the size hints its parent last heard of

    def contents_rect(self, width: int, height: int) -> QRect:
        """Where the pages go in a tab widget of ``width`` x ``height``: the rectangle
        ``QTabWidget``'s own layout gives its page stack (SE_TabWidgetTabContents)."""
        return self._rect(QStyle.SubElement.SE_TabWidgetTabContents, width, height)

    def _stack(self) -> QStackedWidget | None:
        return self.findChild(QStackedWidget, "qt_tabwidget_stackedwidget")  # QTabWidget's own

    def _rect(self, element: QStyle.SubElement, width: int, height: int) -> QRect:
        option = QStyleOptionTabWidgetFrame()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, width, height)
        return self.style().subElementRect(element, option, self)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            # A page's layout asked again (a label's new text, a note shown): QTabWidget
            # then places its tab bar and stack and repaints itself whole, the chart
            # panel painted again after the first frame and on switches of ally. Where
            # nothing moves, only its size hint is passed on.
            stack = self._stack()
            width, height = self.width(), self.height()
            if (stack is not None and stack.geometry() == self.contents_rect(width, height)
                    and self.tabBar().geometry() == self._rect(QStyle.SubElement.SE_TabWidgetTabBar, width, height)):
                # And only when those changed: Qt's layouts tell their parent on every
                # request, so a label's new text on a switch of ally went up five more
                # levels to the window, a layout round each, with nothing to move.
                hints = (self.minimumSizeHint(), self.sizeHint())
                if hints != self._told:
                    self._told = hints
                    self.updateGeometry()
                return True
            handled = super().event(event)  # Qt's own way tells the parent itself
            self._told = (self.minimumSizeHint(), self.sizeHint())
            return handled
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.isVisible():
            # Qt defers this to the show event; the pages would be shown at the
            # stack's old size first and laid out twice.
            stack = self._stack()
            if stack is not None:
                stack.setGeometry(self.contents_rect(self.width(), self.height()))


class FitAhead(QObject):
    """Tells ``fit`` the width inside ``parent`` (the widget the chart panel sits in)
    when ``parent`` is resized, before ``parent`` lays its children out, while
    ``about_to_show()`` holds."""

    def __init__(self, parent: QWidget, fit: Callable[[int], None],
                 about_to_show: Callable[[], bool]) -> None:
        super().__init__(parent)
        self._fit = fit
        self._about_to_show = about_to_show
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        # Run before the watched widget's own resizeEvent, which lays its children out.
        if kind == QEvent.Type.Resize and isinstance(watched, QWidget) and self._about_to_show():
            self._fit(watched.contentsRect().width())  # its new size, already
        elif kind == QEvent.Type.Show:
            # Its resize before the first show has come (Qt sends a pending resize
            # first); every later event would pass through Python for nothing.
            watched.removeEventFilter(self)
        return False
