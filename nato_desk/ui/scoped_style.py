"""The style sheet set on the widgets it is for, never on the whole application.

With an application-wide style sheet Qt draws *every* widget through its
style-sheet style: each is matched against the rules when polished (and again
whenever it joins a new parent), and every frame, button and scroll bar is
drawn through the rule lookup. Only group boxes, list and table views, the
status bar, spin boxes, tooltips and a few coloured notes need a rule
(issue 14: with the sheet on the application, ``build_main_window`` took
232 ms median, here 167 ms; per alternated pair 0.75x, first paint 0.96x;
15 pairs of fresh processes at load ~6 on 2 cores; bench/style_scope.py).

``DeskStyle`` is the application's style (Fusion, or whatever ``-style``
named, as a ``QProxyStyle``: it draws exactly as the style it wraps). Its one
addition is at polish, the moment Qt prepares a widget for its first show:
a widget that a block of ``resources/style.qss`` names (by class, or a
QLabel by object name) gets that block as its own style sheet. So the owners
of those widgets only name them (``setObjectName("gapNote")``), as before,
and a widget made later (a dialog, a tab made when first shown) gets its
block too. A new theme's blocks reach the widgets already made through
``theme_switch.apply_theme``, which hands each widget to ``DeskStyle.give``.

A widget whose owner set a style sheet of its own keeps it: the block is not
added (none of the named widgets has one today). Qt's tooltip label carries a
placeholder sheet (``/* */``) of Qt's own, which the block replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QGroupBox,
    QLabel,
    QListView,
    QProxyStyle,
    QStatusBar,
    QTableView,
    QWidget,
)

__all__ = ["DeskStyle", "target"]

_QT_PLACEHOLDER = "/* */"  # what QToolTip::showText sets on its label
_BLOCK_KINDS = (QGroupBox, QTableView, QListView, QStatusBar, QAbstractSpinBox)
"""Widget classes with a block of their own, named by the class (a QTableView is no QListView)."""


def target(widget: QWidget) -> str | None:
    """The style sheet block ``widget`` takes ("QGroupBox", "QLabel#gapNote", ...), if any."""
    # Checked in the order of how often each kind is met: labels are most widgets.
    if isinstance(widget, QLabel):
        if widget.metaObject().className() == "QTipLabel":
            return "QToolTip"
        name = widget.objectName()
        return f"QLabel#{name}" if name else None
    for kind in _BLOCK_KINDS:
        if isinstance(widget, kind):
            return kind.__name__
    return None


class DeskStyle(QProxyStyle):
    """The application's style with the style sheet's blocks handed out at polish."""

    def __init__(self, key: str, sheets: Mapping[str, str]) -> None:
        super().__init__(key)  # a new instance of the named style (``QStyleFactory`` key)
        self.sheets: dict[str, str] = dict(sheets)
        self._given: set[str] = set(self.sheets.values())  # every block handed out, any theme

    polish_hooks: ClassVar[list[Callable[[QWidget], object]]] = []
    """Called with each widget polished, after its block (``wheel_guard.adopt``)."""

    def polish(self, arg):  # type: ignore[no-untyped-def]
        # One Python method for QStyle's three polish overloads (a widget, the
        # application, a palette: that one returns the polished palette).
        result = super().polish(arg)
        if isinstance(arg, QWidget):
            self.give(arg)
            for hook in DeskStyle.polish_hooks:
                hook(arg)
        return result

    def set_sheets(self, sheets: Mapping[str, str]) -> None:
        """The blocks in a new theme's colours, for widgets polished from now on (and ``give``)."""
        self.sheets = dict(sheets)
        self._given.update(self.sheets.values())

    def give(self, widget: QWidget, palette_changed: bool = False) -> None:
        """Set ``widget``'s block as its style sheet, unless it has it or a sheet of its owner's.

        ``palette_changed``: the application's palette has just changed (a new
        theme). Qt's style-sheet style copies a widget's palette when it
        polishes it, so a widget with any style sheet (a block, or its owner's)
        is polished again to take the new palette, as an application-wide
        sheet's change did for every widget.
        """
        key = target(widget)
        sheet = self.sheets.get(key) if key is not None else None
        if sheet is None and not palette_changed:
            return  # most widgets, at polish
        current = widget.styleSheet()
        if sheet is not None and current != sheet and (
                not current or current in self._given or current == _QT_PLACEHOLDER):
            widget.setStyleSheet(sheet)
        elif palette_changed and current:
            widget.setStyleSheet(current)  # the same sheet: Qt polishes the widget and all inside it again
        # else: unchanged, or Qt polishing again inside setStyleSheet (this very call's doing)
