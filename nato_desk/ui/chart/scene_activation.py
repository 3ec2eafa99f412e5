"""A chart's scene settles a window (de)activation at once, not after the next paint.

When its window becomes active (or inactive) Qt sends the event to every
graphics scene shown in it, and the scene marks its items for repainting
(``QGraphicsWidget`` repaints itself for the active palette; pyqtgraph's items
draw with their own pens and look the same). The scene works out what to
repaint only later, from a queued call. At start-up the window is activated
after its first paint was asked for but before it happens, so the queued call
ran after the first frame and the chart's whole viewport was painted a second
time before the window settled (issue 14: ~2.4 ms, everything in it painted
again by pyqtgraph's Python paint methods).

``settle_activation`` lets the scene handle the event, then delivers the
scene's queued calls at once: its items are marked and their areas handed to
the view right away, so the repaint joins the paint already asked for (the
first frame) instead of following it. Later activations (the analyst comes
back to the window) repaint as before, once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QGraphicsScene

__all__ = ["settle_activation"]

_ACTIVATION = (QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate)


class _SettleActivation(QObject):
    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__(scene)
        self._handling = False
        scene.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _ACTIVATION or self._handling:
            return False
        self._handling = True
        try:
            watched.event(event)  # the scene's own handling: its items are marked dirty
        finally:
            self._handling = False
        # The dirty items are processed by one queued call, which queues the
        # emission of the areas to repaint: two rounds deliver both.
        for _ in range(2):
            QCoreApplication.sendPostedEvents(watched, QEvent.Type.MetaCall)
        return True


def settle_activation(scene: QGraphicsScene) -> QObject:
    """Make ``scene`` settle window activations at once (see the module); the filter
    lives as long as the scene."""
    return _SettleActivation(scene)
