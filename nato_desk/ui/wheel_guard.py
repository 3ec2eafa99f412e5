"""The wheel never changes a value the analyst did not mean to change.

Qt's spin boxes, combo boxes and sliders take the mouse wheel whenever the
pointer is over them, focused or not, and take focus from the wheel too. In
a scrolling pane that silently rewrites whatever the pointer passes over
("Real GDP growth" went from 1.5 to 3.1 while the analyst scrolled the
detail pane; the value is saved and feeds Path to 2035). One application-wide
event filter (``install_wheel_guard``) makes such widgets:

- take focus only by click or Tab (``Qt.StrongFocus``), never by the wheel;
- ignore the wheel unless they already have focus: the wheel then scrolls the
  scroll area around them, as it does over any other part of the pane.

A focused widget keeps the wheel: the analyst clicked it and means to change it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QSlider,
    QWidget,
)

__all__ = ["WheelGuard", "adopt", "install_wheel_guard", "is_guarded"]

_GUARDED = (QAbstractSpinBox, QComboBox, QSlider)


def is_guarded(widget: QObject) -> bool:
    """A widget whose value the wheel would change."""
    return isinstance(widget, _GUARDED)


def _holds_focus(widget: QWidget) -> bool:
    # A spin box's focus sits on its inner line edit; an editable combo's too.
    focus = QApplication.focusWidget()
    return widget.hasFocus() or (focus is not None and widget.isAncestorOf(focus))


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        # A combo's popup list is a scroll area of its own, but never the combo's parent.
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """Event filter for the application: see the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if is_guarded(watched) and isinstance(watched, QWidget) and not _holds_focus(watched):
                area = _scroll_area_around(watched)
                if area is not None:
                    # The scroll area's viewport turns the wheel into a scroll, as anywhere else.
                    QCoreApplication.sendEvent(area.viewport(), event)
                return True  # never to the widget itself
        elif kind == QEvent.Type.Polish and isinstance(watched, QWidget):
            adopt(watched)
        return False


def adopt(widget: QWidget) -> None:
    """Focus by click or Tab only, never by the wheel (a guarded widget's default)."""
    if is_guarded(widget) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def install_wheel_guard(app: QCoreApplication | None = None) -> WheelGuard | None:
    """Install the guard on ``app`` (default: the running application) once."""
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    guard = app.findChild(WheelGuard, "wheelGuard")
    if guard is None:
        guard = WheelGuard(app)
        guard.setObjectName("wheelGuard")
        app.installEventFilter(guard)
    # Widgets polished before the guard was there (a window's panes are built before
    # the window) never see a Polish event again.
    for widget in QApplication.allWidgets():
        adopt(widget)
    return guard
