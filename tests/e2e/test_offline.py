"""The desk makes no network connection: a whole session runs with sockets blocked.

Before the window is built, Python's socket entry points refuse (and record)
any Internet socket, connection or name lookup; Unix-domain sockets and
socket pairs, which Qt or asyncio may use internally, stay allowed. A user's
session then runs end to end: open a fresh store from the shipped data,
select Spain, compare allies, switch every view and edition, edit a figure,
undo it, open a source. Nothing may have tried the network.

Qt's C++ code does not go through Python's ``socket`` module, so two more
checks cover it: Qt's network module is never loaded, and (on Linux) the
process holds no Internet socket at the end that it did not hold before.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from nato_desk.domain import Observation, SetField
from nato_desk.ui.app import open_store
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window

INTERNET = (socket.AF_INET, socket.AF_INET6)


def block_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Make every Internet socket, connection and lookup fail; return the record of tries."""
    attempts: list[tuple[str, object]] = []
    real_socket = socket.socket

    def refuse(what: str, detail: object) -> OSError:
        attempts.append((what, detail))
        return OSError(errno.ENETUNREACH, f"network blocked by the test: {what} {detail!r}")

    class GuardedSocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = -1, type: int = -1, proto: int = -1,
                     fileno: int | None = None) -> None:
            if fileno is None and (family == -1 or family in INTERNET):
                raise refuse("socket", family)
            super().__init__(family, type, proto, fileno)
            if self.family in INTERNET:  # wrapping an Internet socket made elsewhere
                self.close()
                raise refuse("socket(fileno)", self.family)

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in INTERNET:
            raise refuse("connect", address)
        real_connect(self, address)

    def refusing(name: str):
        def call(*args: object, **kwargs: object) -> object:
            raise refuse(name, args)
        return call

    real_connect = real_socket.connect
    monkeypatch.setattr(real_socket, "connect", guarded_connect)
    monkeypatch.setattr(real_socket, "connect_ex", refusing("connect_ex"))
    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                 "gethostbyaddr", "getnameinfo"):
        monkeypatch.setattr(socket, name, refusing(name))
    return attempts


def internet_socket_inodes() -> set[str]:
    """Inodes of the Internet sockets this process holds open (Linux /proc)."""
    listed: set[str] = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path("/proc/net") / table
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                fields = line.split()
                if len(fields) > 9:
                    listed.add(fields[9])
    mine = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            mine.add(target[len("socket:["):-1])
    return mine & listed


def test_the_guard_refuses_and_records(monkeypatch):
    attempts = block_network(monkeypatch)
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 443))
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError):
        socket.getaddrinfo("example.org", 443)
    a, b = socket.socketpair()  # Unix-domain: allowed
    a.close()
    b.close()
    assert [what for what, _ in attempts] == ["create_connection", "socket", "getaddrinfo"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_whole_session_runs_without_touching_the_network(qtbot, tmp_path, monkeypatch):
    held_before = internet_socket_inodes()
    attempts = block_network(monkeypatch)

    store = open_store(tmp_path / "desk.json")  # first run: seeded from the shipped data
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = show_desk_window(qtbot, store, settings, (1400, 900))
    desk = window.desk

    assert window.member_list.select("ESP")
    for code in ("POL", "DEU", "LTU"):
        desk.chart_panel.add_comparison(code)
    views = desk.chart_panel.views
    for i in range(views.count()):
        views.setCurrentIndex(i)
        qtbot.wait(20)
    views.setCurrentIndex(0)
    combo = window.edition_combo
    for edition in ("2025-08", "2026-07"):
        combo.setCurrentIndex(combo.findData(edition))
        qtbot.wait(20)
    desk.chart_panel.chart.show_hover(2024)

    obs = next(o for o in store.observations(iso3="ESP", edition="2026-07") if o.year == 2025)
    change = SetField(Observation.KIND, obs.id, "value", obs.value, 2.5, "Edit Spain 2025")
    assert desk.editor.submit(change, "offline test") is None
    assert store.get(Observation, obs.id).value == 2.5
    desk.editor.undo_stack.undo()
    assert store.get(Observation, obs.id).value == obs.value

    shown: list[QDialog] = []
    desk.edit_actions.exec_dialog = lambda d: (d.show(), shown.append(d), d.reject())[-1] or 0
    desk.edit_actions.show_source(obs.source_id)
    assert shown and shown[0].windowTitle() == f"Source {obs.source_id}"
    qtbot.wait(50)
    window.close()
    store.close()

    assert attempts == []
    assert "PySide6.QtNetwork" not in sys.modules
    assert internet_socket_inodes() <= held_before
