"""The desk paints on its own thread: Qt's GUI thread pool stays off (issue 14).

Each case is a fresh interpreter: Qt reads ``QT_NO_GUI_THREADPOOL`` once. A
window-sized gradient fill (the Fusion style draws scroll bars, buttons and
headers so) makes a stock PySide6 start its pool's threads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc")

PROBE = r"""
import json, os, sys
if sys.argv[1] == "desk":
    import nato_desk.ui
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QLinearGradient, QPainter
app = QGuiApplication([])
image = QImage(1280, 800, QImage.Format.Format_ARGB32_Premultiplied)
gradient = QLinearGradient(0, 0, 1280, 0)
gradient.setColorAt(0, QColor("#336699"))
gradient.setColorAt(1, QColor("#ffffff"))
painter = QPainter(image)
painter.fillRect(image.rect(), QBrush(gradient))
painter.end()
names = [open(f"/proc/self/task/{task}/comm").read().strip() for task in os.listdir("/proc/self/task")]
print(json.dumps({"pool_threads": names.count("Thread (pooled)"), "middle": image.pixel(640, 400)}))
"""


def _paint(mode: str) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=60,
                          check=True, env=env)
    return json.loads(done.stdout.splitlines()[-1])


def test_a_stock_application_fills_with_helper_threads_and_the_desk_without() -> None:
    stock, desk = _paint("stock"), _paint("desk")
    assert stock["pool_threads"] > 0  # what the desk turns off
    assert desk["pool_threads"] == 0
    assert desk["middle"] == stock["middle"]  # the same pixels
