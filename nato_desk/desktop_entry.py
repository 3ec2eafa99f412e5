"""The desktop menu entry: ``nato-desk --install-desktop-entry`` (no Qt imported).

Writes, for the current user only (freedesktop.org base directories):

- ``$XDG_DATA_HOME/applications/nato-desk.desktop`` (default
  ``~/.local/share/applications``): Exec and TryExec name the command that is
  running now, by absolute path, so the menu starts this install (a venv is
  never on the desktop's PATH), and the menu hides the entry if it is removed;
- the icon as ``icons/hicolor/scalable/apps/nato-desk.svg`` and
  ``icons/hicolor/256x256/apps/nato-desk.png`` under the same folder.

``StartupWMClass`` is the window's X11 class (Qt takes it from the application
name, ``nato_desk``) and the file's name is what ``setDesktopFileName`` gives
Wayland, so the desktop ties the window to this entry and its icon.

Installing again rewrites the same bytes (idempotent); ``--uninstall-desktop-entry``
removes exactly these files. Each run says where it wrote.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = [
    "DESKTOP_ID", "WM_CLASS", "DesktopFiles", "desktop_files", "entry_text", "exec_command",
    "install", "uninstall",
]

#: The entry's file name without ``.desktop``; also the icon's theme name.
DESKTOP_ID = "nato-desk"
#: The window's WM_CLASS class: Qt uses QCoreApplication.applicationName() (ui/app.py APP_NAME).
WM_CLASS = "nato_desk"

# Characters that oblige an Exec argument to be quoted (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class DesktopFiles:
    """Where the entry and its icons go for one data folder."""

    entry: Path
    svg_icon: Path
    png_icon: Path

    def all(self) -> tuple[Path, Path, Path]:
        return self.entry, self.svg_icon, self.png_icon


def data_home() -> Path:
    """$XDG_DATA_HOME if it is an absolute path (the spec ignores a relative one), else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def desktop_files(home: Path | None = None) -> DesktopFiles:
    base = data_home() if home is None else home
    hicolor = base / "icons" / "hicolor"
    return DesktopFiles(entry=base / "applications" / f"{DESKTOP_ID}.desktop",
                        svg_icon=hicolor / "scalable" / "apps" / f"{DESKTOP_ID}.svg",
                        png_icon=hicolor / "256x256" / "apps" / f"{DESKTOP_ID}.png")


def exec_command(argv0: str | None = None, python: str | None = None) -> list[str]:
    """The command that started this process, as absolute arguments.

    The ``nato-desk`` script itself when that is what ran (or sits beside this
    Python, as in a venv); otherwise ``python -m nato_desk``.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    python = sys.executable if python is None else python
    script = Path(argv0)
    if script.name == DESKTOP_ID and script.is_file():
        return [str(script.absolute())]
    beside = Path(python).absolute().parent / DESKTOP_ID
    if beside.is_file():
        return [str(beside)]
    return [str(Path(python).absolute()), "-m", "nato_desk"]


def _exec_argument(arg: str) -> str:
    if arg and not (set(arg) & _RESERVED):
        return arg
    quoted = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
    return f'"{quoted}"'


def _exec_value(args: list[str]) -> str:
    # Quoted per the Exec rules, then escaped as a string value (a backslash
    # doubles again); % starts a field code, so a literal one is %%.
    line = " ".join(_exec_argument(a) for a in args)
    return line.replace("\\", "\\\\").replace("%", "%%")


def entry_text(command: list[str]) -> str:
    """The .desktop file's text for ``command``."""
    exec_line = _exec_value(command)
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=nato_desk",
        "GenericName=NATO defence spending desk",
        "Comment=NATO defence spending, allies' positions on the Hague commitment and leaders' "
        "quotes, all sourced, offline",
        f"Exec={exec_line}",
        f"TryExec={_exec_value(command[:1])}",
        f"Icon={DESKTOP_ID}",
        "Terminal=false",
        "Categories=Office;",  # one main category: two would list it twice in menus
        "Keywords=NATO;defence;defense;spending;GDP;briefing;",
        "StartupNotify=true",
        f"StartupWMClass={WM_CLASS}",
        "",
    ]
    return "\n".join(lines)


def _icon_bytes(name: str) -> bytes:
    return resources.files("nato_desk.resources").joinpath(name).read_bytes()


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; False when it already holds exactly that."""
    from nato_desk.export.files import write_atomically

    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
    return True


def install(home: Path | None = None, command: list[str] | None = None) -> list[tuple[Path, bool]]:
    """Write the entry and icons; each path with whether it changed."""
    files = desktop_files(home)
    contents = (entry_text(exec_command() if command is None else command).encode("utf-8"),
                _icon_bytes("nato_desk.svg"), _icon_bytes("nato_desk_256.png"))
    return [(path, _write(path, data)) for path, data in zip(files.all(), contents, strict=True)]


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove the entry and icons; the paths that were there."""
    removed = []
    for path in desktop_files(home).all():
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed
