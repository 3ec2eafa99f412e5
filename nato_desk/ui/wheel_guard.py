"""The wheel never changes a value the analyst did not mean to change.

Qt's spin boxes, combo boxes and sliders take the mouse wheel whenever the
pointer is over them, focused or not, and take focus from the wheel too. In
a scrolling pane that silently rewrites whatever the pointer passes over
("Real GDP growth" went from 1.5 to 3.1 while the analyst scrolled the
detail pane; the value is saved and feeds Path to 2035). ``install_wheel_guard``
makes such widgets:

- take focus only by click or Tab (``Qt.StrongFocus``), never by the wheel;
- ignore the wheel unless they already have focus: the wheel then scrolls the
  scroll area around them, as it does over any other part of the pane.

A focused widget keeps the wheel: the analyst clicked it and means to change it.

The guard watches only the guarded widgets themselves (an event filter on
each, ``adopt``), never the whole application: an application-wide filter
sent every event of every widget through Python, some 190 per switch of ally
(issue 14), for the few wheel events over a box. Widgets made later (a
dialog, a view made when first shown) are adopted when the application's
style polishes them (``DeskStyle.polish_hooks``, the moment Qt prepares a
widget for its first show); under any other style the guard falls back to an
application-wide filter, which adopts widgets at their Polish event.
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

from nato_desk.ui.scoped_style import DeskStyle

__all__ = ["WheelGuard", "adopt", "install_wheel_guard", "is_guarded"]

_GUARDED = (QAbstractSpinBox, QComboBox, QSlider)
_WHEEL, _POLISH = QEvent.Type.Wheel, QEvent.Type.Polish
_NAME = "wheelGuard"


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
    """Event filter on each guarded widget (see the module docstring).

    ``application_wide``: installed on the application instead (a style that is
    no ``DeskStyle``), where it also adopts each widget at its Polish event.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.application_wide = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == _WHEEL:
            if is_guarded(watched) and isinstance(watched, QWidget) and not _holds_focus(watched):
                area = _scroll_area_around(watched)
                if area is not None:
                    # The scroll area's viewport turns the wheel into a scroll, as anywhere else.
                    QCoreApplication.sendEvent(area.viewport(), event)
                return True  # never to the widget itself
        elif kind == _POLISH and self.application_wide and isinstance(watched, QWidget):
            adopt(watched)
        return False


def _guard() -> WheelGuard | None:
    app = QCoreApplication.instance()
    return app.findChild(WheelGuard, _NAME) if app is not None else None


def adopt(widget: QWidget) -> None:
    """Guard ``widget`` if the wheel would change its value: focus by click or Tab only,
    and the wheel to the scroll area around it unless it has focus."""
    if not is_guarded(widget):
        return
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    guard = _guard()
    if guard is not None and not guard.application_wide:
        widget.installEventFilter(guard)  # once: installing it again only moves it first


def install_wheel_guard(app: QCoreApplication | None = None) -> WheelGuard | None:
    """Install the guard in ``app`` (default: the running application) once."""
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    guard = app.findChild(WheelGuard, _NAME)
    if guard is None:
        guard = WheelGuard(app)
        guard.setObjectName(_NAME)
        if adopt not in DeskStyle.polish_hooks:
            DeskStyle.polish_hooks.append(adopt)
    if not guard.application_wide and not isinstance(QApplication.style(), DeskStyle):
        # No polish hook under this style: watch the application's events, as before.
        guard.application_wide = True
        app.installEventFilter(guard)
    # Widgets polished before the guard was there (a window's panes are built before
    # the window) are not polished again.
    for widget in QApplication.allWidgets():
        adopt(widget)
    return guard
