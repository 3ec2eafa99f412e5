"""One paint pass per change: lay the window out now, before anything is painted.

A change of ally sets some twenty texts in the detail pane and the chart. Each
word-wrapped label that changes height posts a layout request; the scroll area
resizes its contents when that request arrives, which changes other labels'
widths and posts more, and a scroll bar whose range changed shows or hides
itself in a queued call that lays the pane out once more. Left to the event
loop, each of those rounds came with a paint of its own (four paint passes
per ally, issue 14), and the analyst saw the pane settle in steps.

``settle_layouts`` delivers the queued layout requests now, and the queued
calls of the objects registered with ``settle_with`` (a scroll area's
show-or-hide of its scroll bars, a graphics scene's dirty items), round after
round until nothing more is queued, so the window is painted once, in its
final layout. It only delivers what Qt queued anyway, earlier; nothing is laid
out that would not have been.
"""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView

__all__ = ["settle_layouts", "settle_with"]

ROUNDS = 15
"""Rounds delivered at most: what a delivery queues waits for the next round
(Qt's guard against live-lock); a wrapped label in a scroll area converges in
three or four."""

_receivers: weakref.WeakSet[QObject] = weakref.WeakSet()


def settle_with(receiver: QObject) -> None:
    """Deliver ``receiver``'s queued calls in ``settle_layouts`` too (they lay it out)."""
    _receivers.add(receiver)


def settle_layouts(rounds: int = ROUNDS) -> None:
    """Deliver pending layout requests, and those they cause, now."""
    for _ in range(rounds):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        for receiver in list(_receivers):
            if not shiboken6.isValid(receiver):
                continue
            if isinstance(receiver, QAbstractItemView):
                # Its rows are laid out by a zero-time timer, not a posted event.
                receiver.executeDelayedItemsLayout()
            else:
                QCoreApplication.sendPostedEvents(receiver, QEvent.Type.MetaCall)
