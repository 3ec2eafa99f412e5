"""What the style sheet costs the first window: scoped to its widgets (today) or application-wide.

Each run is a fresh process that builds the real main window over a copy of a
seed store and shows it, timing ``build_main_window`` and show to the first
paint. ``scoped`` is the app as shipped (``ui.scoped_style``: each block of
resources/style.qss on the widgets it is for); ``app-wide`` sets the whole
sheet on the application as well, as nato_desk did before issue 14 (its
blocks also still sit on their widgets, so it is a close, not exact, replay of
the old start). Pairs alternate so a busy machine slows both alike; prints
min/median/max of each phase and of the per-pair ratio scoped / app-wide.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/style_scope.py [--pairs 9]

At 3a0818c, 21 pairs, load ~2.8 on 2 cores: build_main_window 103.9 ms median
scoped, 166.7 ms app-wide (per pair 0.63x); show to first paint 94.9 against
108.7 ms (0.94x). The true before/after (the tree before that commit against
it, 25 alternated pairs, load ~2.8): build 124.7 -> 102.4 ms median (0.80x per
pair), first paint 88.4 -> 88.3 ms (1.01x): the sheets still on the detail
pane's group boxes, the tables and lists take back what painting saved.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

MODES = ("scoped", "app-wide")


def child(mode: str, folder: Path) -> None:
    from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from nato_desk.palette import LIGHT
    from nato_desk.ui import app as desk_app
    from nato_desk.ui.resources import stylesheet
    from nato_desk.ui.settings import Settings

    app = QApplication([])
    desk_app.configure_application(app)
    if mode == "app-wide":
        app.setStyleSheet(stylesheet(LIGHT))
    store = desk_app.open_store(folder / "desk.json")
    settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    t0 = time.perf_counter()
    window = desk_app.build_main_window(store, settings)
    t1 = time.perf_counter()

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint and obj.isWidgetType():
                self.seen = True
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        t2 = time.perf_counter()
        print(f"{(t1 - t0) * 1000:.2f} {(t2 - t1) * 1000:.2f}", flush=True)
        os._exit(0)

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.resize(1280, 800)
    window.show()
    app.exec()


def _run(mode: str, folder: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(folder)], capture_output=True,
                         text=True, check=True, env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    build, paint = out.stdout.split()[-2:]
    return float(build), float(paint)


def _line(name: str, values: list[float], unit: str = " ms") -> str:
    return (f"  {name:<28} min {min(values):8.2f}{unit}  median {statistics.median(values):8.2f}{unit}"
            f"  max {max(values):8.2f}{unit}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="alternated pairs (default 9, at least 7)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    from nato_desk.ingest import load_seed, seed_folder
    from nato_desk.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = load_seed(seed_folder())
        Store.open(folder / "desk.json", seed=lambda: records).close()
        for mode in MODES:  # warm-up: bytecode compiled, files cached
            _run(mode, folder)
        results: dict[str, list[tuple[float, float]]] = {m: [] for m in MODES}
        for _ in range(max(7, args.pairs)):
            for mode in MODES:
                results[mode].append(_run(mode, folder))
    print(f"style sheet at start, {max(7, args.pairs)} alternated pairs, load {os.getloadavg()[0]:.2f}")
    for mode in MODES:
        print(mode)
        print(_line("build_main_window", [b for b, _ in results[mode]]))
        print(_line("show to first paint", [p for _, p in results[mode]]))
        print(_line("both", [b + p for b, p in results[mode]]))
    print("ratio scoped / app-wide (per pair)")
    for i, name in enumerate(("build_main_window", "show to first paint")):
        ratios = [s[i] / a[i] for s, a in zip(results["scoped"], results["app-wide"])]
        print(_line(name, ratios, unit="x"))
    both = [sum(s) / sum(a) for s, a in zip(results["scoped"], results["app-wide"])]
    print(_line("both", both, unit="x"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
