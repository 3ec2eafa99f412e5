"""The real ``nato-desk`` command hands Qt's standard arguments to Qt.

``-platform offscreen`` (with no QT_QPA_PLATFORM and no display, so only the
argument can make it start), ``-style windows`` (not overridden by our Fusion
default) and ``-reverse`` (right-to-left). The window quits itself through
NATO_DESK_QUIT_AFTER_MS and prints what Qt made of the arguments.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_style_platform_and_reverse_reach_qt(tmp_path):
    command = Path(sys.executable).parent / "nato-desk"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "NATO_DESK_DEBUG")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "xdg"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), NATO_DESK_QUIT_AFTER_MS="200")
    store = tmp_path / "store" / "desk.json"
    result = subprocess.run([str(command), "-style", "windows", "-reverse", "-platform", "offscreen",
                             "--db", str(store)],
                            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("platform offscreen, style windows, right-to-left, "
            "windows shown: ['nato_desk — NATO defence spending and positions']") in result.stdout
    assert store.is_file()  # the window really ran: it seeded its store
