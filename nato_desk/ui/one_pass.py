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
round until a round finds nothing queued, so the window is painted once, in
its final layout. It only delivers what Qt queued anyway, earlier; nothing is
laid out that would not have been. ``last_rounds`` tells how many rounds the
last call delivered something in (the bench prints it: a pane whose layout
holds still on a switch needs one or two).

``held_layouts`` keeps Qt from laying a pane out while it is being refilled
(each widget shown laid its ancestors out there and then); ``lay_out_now``
and ``finish_layout`` then lay it out once, from the top.

Each of the three walks every widget and layout under the pane. A ``Tree``
read once (``findChildren`` wraps each of some 130 widgets in Python, about
0.1 ms a call, four calls a switch) serves all three, switch after switch;
its owner reads it again when it adds widgets. A widget added since is only
left to Qt: its layout is not held and is laid out by the layout request Qt
queues for it, a round later, never wrongly.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QLayout, QTabWidget, QWidget

__all__ = ["Tree", "finish_layout", "held_layouts", "last_rounds", "lay_out_now", "settle_layouts",
           "settle_with"]

ROUNDS = 15
"""Rounds delivered at most: what a delivery queues waits for the next round
(Qt's guard against live-lock); a wrapped label in a scroll area converges in
three or four."""

_receivers: weakref.WeakSet[QObject] = weakref.WeakSet()
_last_rounds = 0
_LAYOUT, _CALL = QEvent.Type.LayoutRequest, QEvent.Type.MetaCall


class _Delivered(QObject):
    """Counts the layout requests and queued calls delivered while it is installed."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _LAYOUT or kind == _CALL:
            self.count += 1
        return False


class Tree:
    """The widgets and layouts under ``root``, read once (see the module docstring).

    ``containers``: each widget with a layout (or a tab widget, which places its
    pages without one), children before their parents, with that layout.
    ``layouts``: every layout under ``root``, nested ones too.
    """

    def __init__(self, root: QWidget) -> None:
        self.root = root
        self.containers: list[tuple[QWidget, QLayout | None]] = []
        self.quiet: list[QWidget] = []  # containers whose layout alone reads a layout request
        self.layouts: list[QLayout] = []
        self.read()

    def read(self) -> None:
        """Read the widgets and layouts under the root (again: after widgets were added)."""
        containers = []
        quiet = []
        for widget in reversed(self.root.findChildren(QWidget)):  # children before their parents
            layout = widget.layout()
            if layout is not None or isinstance(widget, QTabWidget):
                containers.append((widget, layout))
                if layout is not None and _request_is_the_layouts(widget):
                    quiet.append(widget)
        self.containers = containers
        self.quiet = quiet
        # A layout is a child of its widget or of the layout holding it.
        self.layouts = self.root.findChildren(QLayout)

    def current(self) -> Tree:
        """This tree, read again first if a widget or layout in it has been deleted since."""
        is_valid = shiboken6.isValid
        if not (all(map(is_valid, self.layouts)) and all(is_valid(w) for w, _ in self.containers)):
            self.read()
        return self


def _request_is_the_layouts(widget: QWidget) -> bool:
    """Whether a layout request to ``widget`` only asks its layout to lay out (Qt hands the
    request to the layout first): not so for a scroll area, which sizes its widget on one,
    nor for a class of ours that reads events itself."""
    if isinstance(widget, QAbstractScrollArea):
        return False
    for cls in type(widget).__mro__:
        if cls.__module__.startswith("PySide6"):
            return True
        if "event" in vars(cls):
            return False
    return True


def _tree(root: QWidget, tree: Tree | None, *, check: bool = True) -> Tree:
    if tree is None or tree.root is not root:
        return Tree(root)
    # Checked once a change, where it starts (``held_layouts``): nothing is deleted in between.
    return tree.current() if check else tree


def settle_with(receiver: QObject) -> None:
    """Deliver ``receiver``'s queued calls in ``settle_layouts`` too (they lay it out)."""
    _receivers.add(receiver)


def lay_out_now(root: QWidget, tree: Tree | None = None) -> None:
    """Hand every size change inside ``root`` up to it now, so it can be laid out from the top.

    Qt tells a widget's parent that the widget's size hint changed only when
    the widget's own layout request is delivered, one level of nesting per
    round (a label, its LongLabel, the group box, the pane's body, the scroll
    area): five rounds for one text, each laying the levels under it out at
    the old size first. Here every container's size hint is marked stale at
    once, children first (only a changed label's text is measured again; the
    others' hints are cached), so ``root``'s own hint is right at once: the
    caller then gives ``root`` its size and activates its layout, which sets
    every child's final geometry, top down, and calls ``finish_layout``.
    ``tree``: ``root``'s widgets (``Tree``) as ``held_layouts`` checked them for
    this change.
    """
    # A tab widget places its pages without a layout; its hint is read afresh too.
    for widget, _layout in _tree(root, tree, check=False).containers:  # children before their parents
        widget.updateGeometry()


@contextmanager
def held_layouts(root: QWidget, tree: Tree | None = None) -> Iterator[None]:
    """Lay nothing out inside ``root``, nor in the ancestors Qt would lay out, while the block runs.

    Qt lays out every ancestor of a widget it shows there and then (each
    ancestor's layout up to the first widget without one), at their old
    sizes: a change of ally that shows a few rows (a source's "Read at",
    the "no quotes" note) laid the pane out once for each before its own
    one-pass layout. Disabled, a layout does nothing when asked
    (``QLayout.setEnabled``); what changed still marks it stale, so it is
    laid out afterwards, once: by ``lay_out_now`` and ``finish_layout``, or
    by the layout request Qt queued. A widget's layout marks the layouts
    nested in it stale as it lays out; held, it did not, so that is done on
    leaving (a grid kept its height for a width from before a row was shown:
    the pane's body 20 px too tall). ``tree``: ``root``'s widgets as read
    before (``Tree``).
    """
    own = root.layout()
    if own is not None and not own.isEnabled():
        # Inside the hold of an ancestor: that hold covers root, what is under it, and
        # the ancestors Qt would lay out.
        yield
        return
    read = _tree(root, tree)
    ancestors: list[QLayout] = []
    parent = root.parentWidget()
    while parent is not None and parent.isVisible() and (above := parent.layout()) is not None:
        ancestors.append(above)
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    held = [layout for _widget, layout in read.containers if layout is not None and layout.isEnabled()]
    if own is not None and own.isEnabled():
        held.append(own)
    held.extend(layout for layout in ancestors if layout.isEnabled())
    for layout in held:
        layout.setEnabled(False)
    try:
        yield
    finally:
        for layout in held:
            layout.setEnabled(True)
        # Every layout under root (nested ones too), and those nested in the ancestors' layouts.
        stale = list(read.layouts)
        for layout in ancestors:
            stale.extend(layout.findChildren(QLayout))
        for layout in stale:
            layout.invalidate()


def finish_layout(root: QWidget, tree: Tree | None = None) -> None:
    """After ``lay_out_now`` and the top-down layout: activate what is left, children first,
    and drop the tab widgets' queued layout requests.

    A container whose size did not change was not laid out from the top; its
    queued request would lay it out later and, as every activation does, mark
    its parent stale again, one level per round up to the window. Activated
    here, children before parents, each parent takes its children's news at
    once and the queued requests find nothing to do. A tab widget has no
    layout to find done: its queued request always re-measures it and marks
    its parent stale, so, laid out already, it is dropped. ``tree``: as for
    ``lay_out_now``.
    """
    read = _tree(root, tree, check=False)
    for widget, layout in read.containers:
        if layout is not None:
            layout.activate()
        else:  # a tab widget
            QCoreApplication.removePostedEvents(widget, _LAYOUT)
    layout = root.layout()
    if layout is not None:
        layout.activate()
    # Every layout is active now: what the hold's release queued for them (a request to
    # each container, some forty a switch) would find nothing to do a round later.
    for widget in read.quiet:
        QCoreApplication.removePostedEvents(widget, _LAYOUT)


def last_rounds() -> int:
    """Rounds of the last ``settle_layouts`` that delivered anything."""
    return _last_rounds


def settle_layouts(rounds: int = ROUNDS) -> int:
    """Deliver pending layout requests, and those they cause, now; the rounds that delivered any.

    A round lays out the registered item views' rows first (a zero-time timer,
    not an event: what they post is then delivered in the same round), then
    delivers layout requests, then the registered objects' queued calls. A
    round that delivers nothing ends it: nothing more is queued.
    """
    global _last_rounds
    app = QCoreApplication.instance()
    counter = _Delivered()
    if app is not None:
        app.installEventFilter(counter)
    done = 0
    try:
        for _ in range(rounds):
            before = counter.count
            live = [r for r in list(_receivers) if shiboken6.isValid(r)]
            for receiver in live:
                if isinstance(receiver, QAbstractItemView):
                    # Its rows are laid out by a zero-time timer, not a posted event.
                    receiver.executeDelayedItemsLayout()
            QCoreApplication.sendPostedEvents(None, _LAYOUT)
            for receiver in live:
                if not isinstance(receiver, QAbstractItemView):
                    QCoreApplication.sendPostedEvents(receiver, _CALL)
            if counter.count == before or app is None:
                break
            done += 1
    finally:
        if app is not None:
            app.removeEventFilter(counter)
    _last_rounds = done
    return done
