"""Qt's own command-line options, told apart from nato-desk's (no Qt imported).

``nato-desk -style fusion``, ``-platform offscreen`` or ``-reverse`` are Qt's
standard arguments: argparse would refuse them (or take ``fusion`` for a
command), so the command line is split first. Qt's part goes to QApplication
untouched; ours goes to argparse. Both Qt spellings are understood:
``-style fusion``, ``--style fusion`` and ``-style=fusion``.

The lists are those QGuiApplication and QApplication document (Qt 6), plus the
X11 ones; an option not listed here is ours, so a typo is still refused.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["QT_FLAGS", "QT_VALUED", "requested_style", "split_qt_arguments"]

#: Qt options that take a value (the next argument, or after ``=``).
QT_VALUED = frozenset({
    "style", "stylesheet", "platform", "platformpluginpath", "platformtheme", "plugin",
    "qmljsdebugger", "qwindowgeometry", "qwindowicon", "qwindowtitle", "session",
    "display", "geometry", "name", "title", "visual", "fontengine", "dialogs",
})
#: Qt options that stand alone.
QT_FLAGS = frozenset({"reverse", "widgetcount", "testability", "nograb", "dograb", "sync"})


def _qt_name(arg: str) -> tuple[str, str | None] | None:
    """(name, inline value) when ``arg`` spells a Qt option, else None."""
    if not arg.startswith("-") or arg in ("-", "--"):
        return None
    body = arg[2:] if arg.startswith("--") else arg[1:]
    name, eq, value = body.partition("=")
    if name in QT_VALUED:
        return name, value if eq else None
    if name in QT_FLAGS and not eq:
        return name, None
    return None


def split_qt_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``argv`` (without the program name) as (ours, Qt's), each in its order.

    Everything after a bare ``--`` is ours. A valued Qt option at the very end,
    with nothing to take, is left to argparse, which refuses it by name.
    """
    ours: list[str] = []
    qt: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            ours.extend(argv[i:])
            break
        found = _qt_name(arg)
        if found is None:
            ours.append(arg)
        elif found[0] in QT_VALUED and found[1] is None:
            if i + 1 >= len(argv):
                ours.append(arg)
            else:
                qt.extend((arg, argv[i + 1]))
                i += 1
        else:
            qt.append(arg)
        i += 1
    return ours, qt


def requested_style(qt_args: Sequence[str]) -> str | None:
    """The widget style ``-style`` asks for, if any (the last one wins, as in Qt)."""
    style: str | None = None
    for i, arg in enumerate(qt_args):
        found = _qt_name(arg)
        if found is None or found[0] != "style":
            continue
        if found[1] is not None:
            style = found[1]
        elif i + 1 < len(qt_args):
            style = qt_args[i + 1]
    return style
