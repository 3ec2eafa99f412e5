"""The real main window built and shown for a test: one way, for every test that needs it."""

from __future__ import annotations

from typing import Any


def show_desk_window(qtbot: Any, store: Any, settings: Any, size: tuple[int, int] | None = None, *,
                     configure: bool = True) -> Any:
    """``build_main_window`` over ``store``, owned by ``qtbot``, resized to ``size`` (when
    given), shown and exposed. ``configure``: the application configured first, as the
    ``nato-desk`` command does (its style, theme and fonts)."""
    from PySide6.QtWidgets import QApplication

    from nato_desk.ui.app import build_main_window, configure_application

    if configure:
        configure_application(QApplication.instance())
    window = build_main_window(store, settings)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window
