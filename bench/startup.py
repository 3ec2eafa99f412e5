"""Startup benchmark: process start to the first painted main window.

Compares, in fresh processes on this machine in this run:

* ``app``  - the real window (``configure_application``, ``open_store``,
  ``build_main_window``, the collector paused meanwhile as the ``nato-desk``
  command does: ``nato_desk.collector``) on a store that was already seeded
  (warm start);
* ``bare`` - a QMainWindow holding a list beside a pyqtgraph PlotWidget with
  one line (as ``speed.bare_window``, the baseline of ``speed.py``);
* ``first run`` - the real window on a store file that does not exist yet,
  so it is seeded from the shipped data (measured once, before the others).

Each sample is one child process (``python bench/startup.py --child app|bare``).
The parent reads CLOCK_MONOTONIC (``time.monotonic``, system-wide on Linux)
just before ``Popen``; the child prints the same clock once its window has
painted for the first time, then exits with ``os._exit`` so teardown is not
counted. "First painted": an application-wide event filter sees the first
``QEvent.Paint`` sent to any widget of the window (the QMainWindow itself
gets none when its children cover it) and queues ``QTimer.singleShot(0)``,
which runs once that paint pass (every dirty widget of the window) has
returned to the event loop; that callback prints the timestamp.

App and bare runs alternate, so drift in machine load hits both. The result
is the ratio of medians app/bare; absolute seconds vary from machine to
machine and minute to minute, the ratio much less.

    python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD_TIMEOUT_S = 30.0
WINDOW_SIZE = (1280, 800)  # what the app uses when it has no saved geometry


# --------------------------------------------------------------------- child


def _show_and_report(app: object, window: object) -> int:
    """Show ``window``, print the monotonic clock after its first paint, exit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (event.type() == QEvent.Type.Paint and not self.seen
                    and watched.isWidgetType() and watched.window() is window):
                self.seen = True
                QTimer.singleShot(0, report)  # runs after this paint pass completes
            return False

    def report() -> None:
        print(f"painted {time.monotonic():.6f}", flush=True)
        sys.stderr.flush()
        os._exit(0)  # skip teardown: it is not part of startup

    watcher = FirstPaint()
    app.installEventFilter(watcher)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    return app.exec()  # type: ignore[attr-defined]


def child_bare() -> int:
    # The same window as speed.bare_window, built here so that this child imports nothing the
    # app child does not (speed.py's own imports would be charged to the baseline only).
    import pyqtgraph as pg
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QSplitter

    app = QApplication(sys.argv)
    window = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal)
    listing = QListWidget()
    listing.addItems([f"Ally {i:02d}  {2.0 + i / 20:.2f}%" for i in range(32)])
    plot = pg.PlotWidget()
    plot.plot([2014, 2018, 2022, 2026], [1.2, 1.5, 2.0, 3.5])
    splitter.addWidget(listing)
    splitter.addWidget(plot)
    window.setCentralWidget(splitter)
    window.resize(*WINDOW_SIZE)
    return _show_and_report(app, window)


def child_app(folder: Path, store_name: str) -> int:
    # As the nato-desk command (cli.main, ui.app.run): the cyclic collector paused
    # from before the window's modules are imported until the window is built.
    from nato_desk.collector import pause_for_start_up, resume_after_start_up

    pause_for_start_up()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from nato_desk.ui.app import build_main_window, configure_application, open_store
    from nato_desk.ui.settings import Settings

    app = QApplication(sys.argv)
    configure_application(app)
    store = open_store(folder / store_name)
    settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window = build_main_window(store, settings)
    resume_after_start_up()
    return _show_and_report(app, window)


# -------------------------------------------------------------------- parent


def run_child(mode: str, folder: Path, store_name: str = "desk.json") -> float:
    """Seconds from spawning a ``mode`` child to its first painted window."""
    cmd = [sys.executable, os.path.abspath(__file__), "--child", mode,
           "--folder", str(folder), "--store-name", store_name]
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # as the nato-desk command does
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = proc.communicate(timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        sys.exit(f"startup: {mode} child did not paint within {CHILD_TIMEOUT_S:.0f} s\n{err[-2000:]}")
    painted = [line for line in out.splitlines() if line.startswith("painted ")]
    if proc.returncode != 0 or not painted:
        sys.exit(f"startup: {mode} child failed (exit {proc.returncode}, no 'painted' line)\n"
                 f"{err[-2000:]}")
    return float(painted[0].split()[1]) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each kind (default 5)")
    parser.add_argument("--child", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store-name", default="desk.json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare()
    if args.child == "app":
        return child_app(args.folder, args.store_name)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="nato_desk_bench_") as tmp:
        folder = Path(tmp)
        # Untimed warm-ups fill the file cache and .pyc files, so that the
        # timed first run differs from a warm start only by the seeding.
        run_child("bare", folder)
        run_child("app", folder, store_name="warmup.json")
        first_run = run_child("app", folder)  # no desk.json yet: seeds it (timed once)
        app_times, bare_times = [], []
        for _ in range(args.runs):
            app_times.append(run_child("app", folder))
            bare_times.append(run_child("bare", folder))

    app_s, bare_s = statistics.median(app_times), statistics.median(bare_times)
    print(f"startup: app {app_s:.2f} s, bare {bare_s:.2f} s, ratio {app_s / bare_s:.2f} "
          f"(median of {args.runs})")
    print(f"first run (seeds the store): {first_run:.2f} s, ratio {first_run / app_s:.2f} "
          f"to the warm app start (1 run)")
    print(f"  app  runs: {' '.join(f'{t:.2f}' for t in app_times)}")
    print(f"  bare runs: {' '.join(f'{t:.2f}' for t in bare_times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
