"""What the command line asks of the QApplication: Qt's style, the desktop file, a quit timer.

``nato-desk`` hands Qt's standard arguments (``-style``, ``-platform``,
``-reverse`` …) to QApplication through ``sys.argv`` (see nato_desk/qt_args.py);
Qt applies them itself. Only the style needs us: the window uses Fusion unless
``-style`` names another, which must then win.

``setDesktopFileName`` ties the window to ``nato-desk.desktop`` (Wayland's app
id, and the X11 properties desktops match), so the menu entry written by
``--install-desktop-entry`` and the running window are one program.

``NATO_DESK_QUIT_AFTER_MS`` (for .ci/run and the tests that start the real
command) quits that many milliseconds after start, printing one line on stdout
that says what Qt made of the arguments; it is never set in normal use.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from nato_desk.desktop_entry import DESKTOP_ID
from nato_desk.qt_args import requested_style, split_qt_arguments

__all__ = ["QUIT_AFTER_ENV", "apply_start_options"]

QUIT_AFTER_ENV = "NATO_DESK_QUIT_AFTER_MS"


def apply_start_options(app: QApplication) -> None:
    _ours, qt = split_qt_arguments(sys.argv[1:])
    if requested_style(qt) is None:
        app.setStyle("Fusion")
    app.setDesktopFileName(DESKTOP_ID)
    # Read now: once the stylesheet is set, app.style() is Qt's unnamed stylesheet wrapper.
    style = app.style().name() if app.style() is not None else ""
    after = os.environ.get(QUIT_AFTER_ENV, "")
    if after.isdigit():
        QTimer.singleShot(int(after), app, lambda: _report_and_quit(app, style))


def _report_and_quit(app: QApplication, style: str) -> None:
    shown = [w.windowTitle() for w in app.topLevelWidgets() if w.isVisible() and w.windowTitle()]
    direction = "right-to-left" if app.isRightToLeft() else "left-to-right"
    print(f"nato-desk: {QUIT_AFTER_ENV}: platform {app.platformName()}, style {style}, {direction}, "
          f"windows shown: {shown}", flush=True)
    app.quit()
