"""Views made when first shown: a placeholder holds their tab or dock until then.

Start-up (issue 14) used to build every view before the first paint: the
Ranked, Overview and Editions tabs and the History dock, none of which is on
show in a fresh window. ``LazyTab`` puts an empty placeholder in the tab and
makes the real view the first time the tab is chosen, or the first time code
asks for it (``get``: the desk's ``ranked_view`` and such properties), then
puts the view in the placeholder's place, so ``tabs.currentWidget()`` is the
view itself from then on. ``LazyDock`` does the same for a dock's widget.
``built`` is called once with the new view: the desk connects it there.

A tab widget is at least as large as its largest page's minimum, and that
minimum sets how narrow the window may be (and so how many rows the chart's
options wrap into, and how high the window must be). A placeholder therefore
takes the ``minimum`` size its view will have, so the window's minimum size is
the same before and after a tab is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QSize
from PySide6.QtWidgets import QDockWidget, QTabWidget, QWidget

__all__ = ["LazyDock", "LazyTab"]

V = TypeVar("V", bound=QWidget)


class LazyTab(QObject, Generic[V]):
    """Tab ``title`` of ``tabs``, whose view ``make`` builds when first shown or asked for."""

    def __init__(self, tabs: QTabWidget, title: str, make: Callable[[], V],
                 built: Callable[[V], object], minimum: QSize | None = None) -> None:
        super().__init__(tabs)
        self._tabs, self._title, self._make, self._built = tabs, title, make, built
        self.placeholder = QWidget()
        if minimum is not None:  # the view's own minimum: the window keeps its minimum size
            self.placeholder.setMinimumSize(minimum)
        self.placeholder.setAccessibleName(title)
        tabs.addTab(self.placeholder, title)
        self.view: V | None = None
        tabs.currentChanged.connect(self._on_current_changed)

    def get(self) -> V:
        """The view, made now (and put in its tab) if it was not yet."""
        if self.view is None:
            view = self._make()
            self.view = view
            tabs = self._tabs
            index, current = tabs.indexOf(self.placeholder), tabs.currentIndex()
            # Swapping the placeholder for the view is no change of tab for the listeners.
            blocked = tabs.blockSignals(True)
            try:
                tabs.removeTab(index)
                tabs.insertTab(index, view, self._title)
                tabs.setCurrentIndex(current)
            finally:
                tabs.blockSignals(blocked)
            self.placeholder.deleteLater()
            tabs.currentChanged.disconnect(self._on_current_changed)
            self._built(view)
        return self.view

    def _on_current_changed(self, index: int) -> None:
        if self.view is None and self._tabs.widget(index) is self.placeholder:
            self.get()


class LazyDock(QObject, Generic[V]):
    """The widget of ``dock``, which ``make`` builds when the dock is first shown or it is asked for."""

    def __init__(self, dock: QDockWidget, make: Callable[[], V], built: Callable[[V], object]) -> None:
        super().__init__(dock)
        self._dock, self._make, self._built = dock, make, built
        self.view: V | None = None
        dock.visibilityChanged.connect(self._on_visibility_changed)

    def get(self) -> V:
        if self.view is None:
            view = self._make()
            self.view = view
            old = self._dock.widget()
            self._dock.setWidget(view)
            if old is not None:
                old.deleteLater()
            self._dock.visibilityChanged.disconnect(self._on_visibility_changed)
            self._built(view)
        return self.view

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.get()
