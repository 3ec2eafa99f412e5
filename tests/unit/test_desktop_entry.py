"""The desktop menu entry and Qt's own arguments on the command line.

``nato-desk --install-desktop-entry`` must give a file the desktop accepts
(desktop-file-validate, when installed), starting this install by absolute
path, with the icon where icon themes look; running it twice changes nothing.
Qt's standard options must reach Qt, not be refused by our parser.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from nato_desk import desktop_entry
from nato_desk.cli import main
from nato_desk.qt_args import requested_style, split_qt_arguments


def _keys(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_install_writes_entry_and_icons_under_xdg_data_home(user_home, capsys):
    script = user_home / "venv" / "bin" / "nato-desk"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    written = desktop_entry.install(command=[str(script)])
    xdg = user_home / "xdg"
    assert [p for p, _ in written] == [xdg / "applications" / "nato-desk.desktop",
                                       xdg / "icons/hicolor/scalable/apps/nato-desk.svg",
                                       xdg / "icons/hicolor/256x256/apps/nato-desk.png"]
    assert all(changed for _, changed in written)
    keys = _keys(written[0][0].read_text(encoding="utf-8"))
    assert keys["Exec"] == keys["TryExec"] == str(script)
    assert keys["Icon"] == "nato-desk" and keys["Terminal"] == "false"
    assert keys["Categories"] == "Office;" and keys["StartupWMClass"] == "nato_desk"
    assert written[2][0].read_bytes().startswith(b"\x89PNG")
    assert written[1][0].read_bytes().lstrip().startswith(b"<svg")


def test_install_twice_changes_nothing_and_uninstall_removes_only_its_files(user_home):
    first = desktop_entry.install(command=["/opt/nato/bin/nato-desk"])
    before = {p: p.read_bytes() for p, _ in first}
    other = user_home / "xdg" / "applications" / "other.desktop"
    other.write_text("[Desktop Entry]\n")
    again = desktop_entry.install(command=["/opt/nato/bin/nato-desk"])
    assert [changed for _, changed in again] == [False, False, False]
    assert {p: p.read_bytes() for p, _ in again} == before
    assert desktop_entry.uninstall() == list(before)
    assert not any(p.exists() for p in before) and other.exists()
    assert desktop_entry.uninstall() == []


def test_exec_quotes_a_path_with_spaces_and_escapes_percent():
    keys = _keys(desktop_entry.entry_text(["/home/a b/100% $x/nato-desk"]))
    # Quoted for Exec ($ escaped), then as a string value (backslash doubled); % doubled.
    assert keys["Exec"] == '"/home/a b/100%% \\\\$x/nato-desk"'


def test_exec_names_the_running_script_else_python_m(tmp_path):
    script = tmp_path / "bin" / "nato-desk"
    script.parent.mkdir()
    script.write_text("")
    python = tmp_path / "bin" / "python"
    assert desktop_entry.exec_command(str(script), "/usr/bin/python3") == [str(script)]
    # python -m nato_desk in a venv: the script beside that Python.
    assert desktop_entry.exec_command("/x/nato_desk/__main__.py", str(python)) == [str(script)]
    assert desktop_entry.exec_command("/x/nato_desk/__main__.py", "/nowhere/python3") == [
        "/nowhere/python3", "-m", "nato_desk"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (apt desktop-file-utils) is not installed")
def test_written_entry_passes_desktop_file_validate(user_home):
    written = desktop_entry.install(command=[str(user_home / "my apps" / "nato-desk")])
    result = subprocess.run(["desktop-file-validate", str(written[0][0])], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_cli_install_says_where_it_wrote(user_home, capsys):
    assert main(["--install-desktop-entry"]) == 0
    out = capsys.readouterr().out
    entry = user_home / "xdg" / "applications" / "nato-desk.desktop"
    assert f"Wrote {entry}" in out and entry.is_file()
    assert main(["--install-desktop-entry"]) == 0
    assert f"Unchanged {entry}" in capsys.readouterr().out
    assert main(["--uninstall-desktop-entry"]) == 0
    assert f"Removed {entry}" in capsys.readouterr().out and not entry.exists()


@pytest.mark.parametrize(("argv", "ours", "qt"), [
    (["-style", "fusion"], [], ["-style", "fusion"]),
    (["--db", "x.json", "-reverse", "-platform", "offscreen"], ["--db", "x.json"],
     ["-reverse", "-platform", "offscreen"]),
    (["-style=windows", "--style", "fusion", "--version"], ["--version"], ["-style=windows", "--style", "fusion"]),
    (["list", "allies", "--", "-reverse"], ["list", "allies", "--", "-reverse"], []),
    (["-stylo", "x"], ["-stylo", "x"], []),          # a typo stays ours, so argparse refuses it
    (["-style"], ["-style"], []),                    # nothing to take: refused by name
])
def test_split_qt_arguments(argv, ours, qt):
    assert split_qt_arguments(argv) == (ours, qt)


def test_requested_style_last_one_wins():
    assert requested_style(["-style=windows", "--style", "fusion"]) == "fusion"
    assert requested_style(["-reverse"]) is None


def test_qt_options_with_a_command_are_refused(user_home, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["-style", "fusion", "list", "allies"])
    assert exit_.value.code == 2
    assert "Qt's options apply only to the window" in capsys.readouterr().err


def test_qt_options_pass_to_the_window_not_to_argparse(user_home, monkeypatch):
    seen: list[tuple[Path, list[str]]] = []
    # A stand-in for the window module, so this test needs no Qt: it records
    # what QApplication(sys.argv) would be given.
    fake = types.ModuleType("nato_desk.ui.app")
    fake.run = lambda db: seen.append((db, list(sys.argv))) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nato_desk.ui.app", fake)
    monkeypatch.setattr(sys, "argv", ["/x/nato-desk"])
    assert main(["-style", "fusion", "--db", str(user_home / "d.json"), "-reverse"]) == 0
    assert seen == [(user_home / "d.json", ["/x/nato-desk", "-style", "fusion", "-reverse"])]
