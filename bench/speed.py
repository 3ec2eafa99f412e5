"""Issue 14's speed table: every row against its baseline, measured in the same run.

    python bench/speed.py                 # every row, 7 interleaved pairs (~3-4 min)
    python bench/speed.py --pairs 9 --only start,switch --profile 20

Rows (ours vs baseline; each pair is one "ours" sample and one baseline sample
taken one after the other, ours first in even pairs and baseline first in odd):

* ``start``: a fresh process, spawn to the first painted window (the real
  window as the ``nato-desk`` command builds it, ``real_window``, on an
  already seeded store) vs a bare
  PySide6 + pyqtgraph window with a PlotWidget and a list. Goal <= 1.3x.
* ``rss``: VmRSS of those same processes once painted. Goal <= 1.2x.
* ``import``: a fresh process importing ``nato_desk.ui.app`` vs one importing
  what the bare window imports (PySide6.QtWidgets, pyqtgraph); also lists the
  modules the import loads that the first window does not need (export,
  article and briefing libraries). Goal: none of those loaded.
* ``switch``: in one process, ``member_list.select(code)`` to the LAST paint
  of the window (the event loop runs until it has been quiet for ``QUIET_MS``;
  the time is when the last paint pass returned to the event loop) and how
  many paint passes that took, vs ``window.update()`` to its last paint.
  Goal <= 16 ms median and 1 paint pass.
* ``hover``: in one process, a mouse move over the trajectory chart (six
  allies compared) to the last paint vs the same move over a bare pyqtgraph
  crosshair (InfiniteLine + TextItem behind a 60/s SignalProxy, as in
  pyqtgraph's crosshair example). Goal <= 1.5x.
* ``save``: an edit durably saved (``store.apply`` of a note) at seed size vs
  stock TinyDB's ``table.update`` of the same document in its own copy (not
  crash-safe: the floor). Goal <= 1.0x.
* ``growth``: a fresh window process: VmRSS growth after visiting all allies,
  every tab and 50 edits each undone, then the same walk again; vs the bare
  window selecting every row of its list. Goal: flat (the second walk grows
  the process by at most ``FLAT_MB``).
* ``deck``: a fresh process building the deck for every ally (PPTX + PDF),
  wall time and peak RSS growth. No baseline; goal <= 2 s.

Paint passes: an application-wide event filter sees every ``QEvent.Paint``
sent to a widget of the window; a pass begins with the window's
``UpdateRequest`` (or with a paint that follows no paint, for a synchronous
``repaint()``). ``--profile N`` prints cProfile's top N cumulative entries of
each row that is over its goal (for ``start`` and ``import``, of a child).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import math
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # as the nato-desk command does

HERE = Path(__file__).resolve().parent
CHILD_TIMEOUT_S = 120.0
WINDOW_SIZE = (1280, 800)  # what the app uses when it has no saved geometry
RESULT = "RESULT "  # a child's one line of JSON on stdout starts with this
QUIET_MS = 40.0  # the event loop counts as idle after this long with no paint
SMOKE = False  # --smoke: the smallest setting (fewer allies, points and warm-ups)
FLAT_MB = 2.0  # "flat": the second walk grows VmRSS by at most this much
EDITS = 50
# Loaded by importing nato_desk.ui.app but not needed by the first window (issue 14).
NOT_FOR_FIRST_WINDOW = ("pptx", "xlsxwriter", "openpyxl", "lxml", "docx", "PIL", "reportlab",
                        "nato_desk.briefing", "nato_desk.export.deck", "nato_desk.export.xlsx",
                        "nato_desk.ingest.articles", "nato_desk.ui.deck_pdf", "nato_desk.ui.presenter")


# ------------------------------------------------------------------ helpers


def rss_mb() -> dict[str, float]:
    """This process's VmRSS and VmHWM (peak) in MB, from /proc/self/status."""
    out: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0]) / 1024
    return out


def emit(payload: dict[str, Any]) -> None:
    print(RESULT + json.dumps(payload), flush=True)


def profile_text(profiler: cProfile.Profile, top: int) -> str:
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(top)
    return stream.getvalue()


def app_instance() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def seeded_store(folder: Path, name: str = "desk.json") -> Path:
    """A store file seeded from the shipped data, closed again."""
    from nato_desk.ui.app import open_store

    path = folder / name
    open_store(path, keep_backups=0).close()
    return path


def real_window(folder: Path, store_path: Path, settings_name: str = "settings.ini") -> tuple[Any, Any]:
    """The real window over the store, as the ``nato-desk`` command builds it; (window, store).

    As there (``cli.main``, ``ui.app.run``), the cyclic collector is paused
    from before the window's modules are imported until the window is built,
    and what start-up built is then parked outside it (``nato_desk.collector``).
    ``run()`` resumes it after ``show()``, a step later: the show itself then
    runs with the collector on, which makes no measurable difference.
    """
    from nato_desk.collector import pause_for_start_up, resume_after_start_up

    pause_for_start_up()
    from PySide6.QtCore import QSettings

    from nato_desk.ui.app import build_main_window, configure_application, open_store
    from nato_desk.ui.settings import Settings

    app = app_instance()
    configure_application(app)
    store = open_store(store_path)
    settings = Settings(QSettings(str(folder / settings_name), QSettings.Format.IniFormat))
    window = build_main_window(store, settings)
    resume_after_start_up()
    return window, store


def compare_six(desk: Any) -> None:
    """The selected ally and five compared with it on the chart, as in the issue's hover test."""
    for code in desk.member_list.visible_codes():
        if len(desk.chart_panel.chart.allies) >= 6:
            break
        if code != desk.chart_panel.chart.allies[0]:
            desk.chart_panel.add_comparison(code)


def pump() -> None:
    """Deliver queued events, deferred deletions included (no event loop is running here)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def bare_window() -> tuple[Any, Any]:
    """The baseline window: a QMainWindow holding a list beside a PlotWidget with one line."""
    import pyqtgraph as pg
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget, QMainWindow, QSplitter

    app_instance()
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
    return window, listing


# ------------------------------------------------------ paint pass watching


class PaintWatch:
    """Counts paint passes of one window and when the last one returned to the event loop."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        watch = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                kind = event.type()
                if kind == QEvent.Type.UpdateRequest and watched is window:
                    watch.armed = True
                elif kind == QEvent.Type.Paint and watched.isWidgetType() and watched.window() is window:
                    watch.paints += 1
                    if watch.armed or not watch.prev_paint:
                        watch.passes += 1
                        watch.armed = False
                    watch.last_paint = time.perf_counter()
                    if not watch.pending:
                        watch.pending = True
                        QTimer.singleShot(0, watch.returned)  # runs once this pass has returned
                watch.prev_paint = kind == QEvent.Type.Paint
                return False

        self.window = window
        self.filter = Filter()
        self.armed = self.prev_paint = self.pending = False
        self.paints = self.passes = 0
        self.last_paint = self.last_done = self.last_done_cpu = self.last_cpu_ms = 0.0
        app_instance().installEventFilter(self.filter)

    def returned(self) -> None:
        self.pending = False
        self.last_done = time.perf_counter()
        self.last_done_cpu = time.thread_time()

    def remove(self) -> None:
        app_instance().removeEventFilter(self.filter)

    def measure(self, action: Callable[[], object]) -> tuple[float, int]:
        """``action`` then the event loop until quiet: (ms to the last paint's return, paint passes)."""
        from PySide6.QtCore import QEventLoop, QTimer

        self.paints = self.passes = 0
        self.armed = self.prev_paint = False
        start = time.perf_counter()
        self.last_done = start
        start_cpu = self.last_done_cpu = time.thread_time()
        action()
        loop = QEventLoop()
        checker = QTimer()
        checker.setInterval(2)

        def check() -> None:
            now = time.perf_counter()
            quiet = (now - max(self.last_done, self.last_paint)) * 1000 > QUIET_MS
            if (quiet and not self.pending) or now - start > 5.0:
                loop.quit()

        checker.timeout.connect(check)
        checker.start()
        loop.exec()
        checker.stop()
        # The main thread's CPU time to the same moment. Time the host gives its other
        # guests is not counted, but a crowded host still slows the work itself: on
        # this machine it rose with the wall time (13.5 -> 20.2 ms), so it says whether
        # a switch was waiting or working, not how fast the code is.
        self.last_cpu_ms = (self.last_done_cpu - start_cpu) * 1000
        return (self.last_done - start) * 1000, self.passes


# ----------------------------------------------------------------- children


def child_start(kind: str, folder: Path, profile: int) -> int:
    """Build and show a window; at its first painted pass print the clock and VmRSS, then exit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    if kind == "app":
        window, _store = real_window(folder, folder / "desk.json")
    else:
        window, _listing = bare_window()
    app = app_instance()

    def report() -> None:
        painted = time.monotonic()  # before the collection below, which is the bench's, not the start's
        if profiler:
            profiler.disable()
        gc.collect()
        out: dict[str, Any] = {"painted": painted, "rss_mb": rss_mb()["VmRSS"]}
        if profiler:
            out["profile"] = profile_text(profiler, profile)
        emit(out)
        sys.stderr.flush()
        os._exit(0)  # teardown is not part of start-up

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (event.type() == QEvent.Type.Paint and not self.seen
                    and watched.isWidgetType() and watched.window() is window):
                self.seen = True
                QTimer.singleShot(0, report)
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.show()
    return int(app.exec())


def loaded_not_needed() -> list[str]:
    """Modules in ``sys.modules`` that the first window does not need, by name prefix."""
    found = set()
    for name in sys.modules:
        for prefix in NOT_FOR_FIRST_WINDOW:
            if name == prefix or name.startswith(prefix + "."):
                found.add(prefix)
    return sorted(found)


def child_import(kind: str, profile: int) -> int:
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    if kind == "app":
        import nato_desk.ui.app  # noqa: F401
    else:
        import pyqtgraph  # noqa: F401
        from PySide6 import QtWidgets  # noqa: F401
    seconds = time.perf_counter() - start
    if profiler:
        profiler.disable()
    out: dict[str, Any] = {"s": seconds, "not_needed": loaded_not_needed(), "modules": len(sys.modules),
                           "packages": sorted({name.partition(".")[0] for name in sys.modules}),
                           "own": len([name for name in sys.modules if name.startswith("nato_desk")])}
    if profiler:
        out["profile"] = profile_text(profiler, profile)
    emit(out)
    return 0


def walk(window: Any, store: Any, edits: int, smoke: bool = False) -> None:
    """Every ally, every tab of the chart panel and detail pane, ``edits`` edits each undone."""
    from store_scale import note_change  # bench/ is on sys.path (this script's folder)

    desk = window.desk
    codes = desk.member_list.visible_codes()
    for code in codes[:3] if smoke else codes:
        desk.member_list.select(code)
        pump()
    for tabs in (desk.chart_panel.views, desk.detail_pane.tabs):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            pump()
        tabs.setCurrentIndex(0)
    iso3 = desk.detail_pane.iso3
    figures = store.observations(iso3, desk.member_model.edition) or store.observations()
    for i in range(edits):
        problem = desk.editor.submit(note_change(store, figures[i % len(figures)].id, f"bench walk {i}"))
        if problem:
            raise SystemExit(f"speed: an edit failed: {problem}")
        pump()
        desk.editor.undo_stack.undo()
        pump()


def child_growth(kind: str, folder: Path, store_name: str, edits: int, smoke: bool, profile: int) -> int:
    if kind == "app":
        # Its own settings: six allies on the chart whatever the rows before left behind.
        window, store = real_window(folder, folder / store_name, store_name + ".ini")
        compare_six(window.desk)
    else:
        window, listing = bare_window()
    window.resize(*WINDOW_SIZE)
    window.show()
    pump()
    window.repaint()
    pump()
    gc.collect()
    start = rss_mb()["VmRSS"]
    after = []
    traced = ""
    for walk_no in range(2):
        if profile and walk_no == 1:
            import tracemalloc

            tracemalloc.start(8)
            before_walk = tracemalloc.take_snapshot()
        if kind == "app":
            walk(window, store, edits, smoke)
        else:
            for row in range(listing.count()):
                listing.setCurrentRow(row)
                pump()
                window.repaint()
        gc.collect()
        after.append(rss_mb()["VmRSS"])
    if profile:
        stats = tracemalloc.take_snapshot().compare_to(before_walk, "lineno")
        traced = "\n".join(str(stat) for stat in stats[:profile])
    emit({"start_mb": start, "first_mb": after[0] - start, "second_mb": after[1] - after[0],
          "traced": traced})
    os._exit(0)


def child_deck(folder: Path, profile: int) -> int:
    from nato_desk.briefing import build_deck_model
    from nato_desk.export.deck import write_pptx
    from nato_desk.store import Store
    from nato_desk.ui.deck_pdf import write_deck_pdf

    app_instance()
    store = Store.open(folder / "desk.json", keep_backups=0)
    codes = [m.iso3 for m in store.members()]
    gc.collect()
    before = rss_mb()["VmRSS"]
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    deck = build_deck_model(store, codes)
    write_pptx(deck, folder / f"deck-{os.getpid()}.pptx")
    write_deck_pdf(deck, folder / f"deck-{os.getpid()}.pdf")
    seconds = time.perf_counter() - start
    if profiler:
        profiler.disable()
    out: dict[str, Any] = {"s": seconds, "peak_growth_mb": rss_mb()["VmHWM"] - before,
                           "allies": len(codes), "slides": len(deck.slides)}
    if profiler:
        out["profile"] = profile_text(profiler, profile)
    emit(out)
    os._exit(0)


def run_child(*args: str) -> tuple[float, dict[str, Any]]:
    """Spawn ``speed.py --child ARGS``; (seconds from spawn, to the monotonic clock), its result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    start = time.monotonic()
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, env=dict(os.environ))
    lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT)]
    if not lines:
        raise SystemExit(f"speed: child {' '.join(args)} failed (exit {proc.returncode})\n{proc.stderr[-3000:]}")
    return start, json.loads(lines[-1][len(RESULT):])


# ------------------------------------------------------------------ rows


@dataclass
class Row:
    name: str
    unit: str
    ours: list[float]
    base: list[float]
    goal: str
    ok: bool
    notes: list[str] = field(default_factory=list)
    profile: str = ""


def switch_order(member_list: Any) -> list[str]:
    """The list's allies from the one after the current one, round to it: every selection
    in a walk changes the ally."""
    codes = member_list.visible_codes()
    current = member_list.current_iso3()
    first = codes.index(current) + 1 if current in codes else 0
    return codes[first:] + codes[:first]


def interleave(pairs: int, ours: Callable[[], float], base: Callable[[], float]) -> tuple[list[float], list[float]]:
    a, b = [], []
    for i in range(pairs):
        if i % 2 == 0:
            a.append(ours())
            b.append(base())
        else:
            b.append(base())
            a.append(ours())
    return a, b


def ratio(ours: Sequence[float], base: Sequence[float]) -> float:
    if not base or statistics.median(base) <= 0:
        return float("nan")
    return statistics.median(ours) / statistics.median(base)


def row_start(folder: Path, pairs: int, profile: int) -> list[Row]:
    if not SMOKE:
        run_child("start", "bare", str(folder))  # warm-ups: file cache, .pyc
        run_child("start", "app", str(folder))
    rss: dict[str, list[float]] = {"app": [], "bare": []}

    def one(kind: str) -> float:
        start, out = run_child("start", kind, str(folder))
        rss[kind].append(out["rss_mb"])
        return out["painted"] - start

    ours, base = interleave(pairs, lambda: one("app"), lambda: one("bare"))
    start_ok = ratio(ours, base) <= 1.3
    rss_ok = ratio(rss["app"], rss["bare"]) <= 1.2
    start_row = Row("start to first painted window", "s", ours, base, "<= 1.3x", start_ok)
    rss_row = Row("resident memory after start", "MB", rss["app"], rss["bare"], "<= 1.2x", rss_ok)
    if profile and not start_ok:
        start_row.profile = run_child("start", "app", str(folder), "--profile", str(profile))[1]["profile"]
    return [start_row, rss_row]


def row_import(pairs: int, profile: int) -> list[Row]:
    if not SMOKE:
        run_child("import", "app")  # warm-up
    extra: list[str] = []
    seen: dict[str, dict[str, Any]] = {}

    def one(kind: str) -> float:
        out = run_child("import", kind)[1]
        seen[kind] = out
        if kind == "app":
            extra[:] = out["not_needed"]
        return float(out["s"])

    ours, base = interleave(pairs, lambda: one("app"), lambda: one("bare"))
    more = sorted(set(seen["app"]["packages"]) - set(seen["bare"]["packages"]) - {"nato_desk"})
    r = Row("import nato_desk.ui.app", "s", ours, base, "no export libs", not extra,
            [(f"export, article and briefing code loaded though the first window does not need it: "
             f"{', '.join(extra) or 'none'}"),
             (f"{seen['app']['modules']} modules ({seen['app']['own']} of nato_desk) against the bare "
             f"window's {seen['bare']['modules']}; top-level packages beyond the bare window's: "
             f"{', '.join(more) or 'none'}")])
    if profile and extra:
        r.profile = run_child("import", "app", "--profile", str(profile))[1]["profile"]
    return [r]


def row_switch(folder: Path, rounds: int, profile: int) -> list[Row]:
    window, store = real_window(folder, folder / "desk.json")
    try:
        window.resize(*WINDOW_SIZE)
        window.show()
        watch = PaintWatch(window)
        watch.measure(window.update)
        member_list = window.desk.member_list
        codes = switch_order(member_list)
        if SMOKE:
            codes = codes[:4]
        ours, base, passes, base_passes = [], [], [], []

        from nato_desk.ui import one_pass

        settle_rounds: list[int] = []
        cpu, base_cpu = [], []

        def select(code: str) -> float:
            ms, n = watch.measure(lambda: member_list.select(code))
            passes.append(n)
            cpu.append(watch.last_cpu_ms)
            settle_rounds.append(one_pass.last_rounds())
            return ms

        def repaint() -> float:
            ms, n = watch.measure(window.update)
            base_passes.append(n)
            base_cpu.append(watch.last_cpu_ms)
            return ms

        for _ in range(rounds):
            for i, code in enumerate(codes):
                if i % 2 == 0:
                    ours.append(select(code))
                    base.append(repaint())
                else:
                    base.append(repaint())
                    ours.append(select(code))
        med = statistics.median(ours)
        within = sum(1 for t in ours if t <= 16.0)
        # The first round shows each ally for the first time (its texts never measured);
        # later rounds come back to allies already shown.
        first, back = ours[:len(codes)], ours[len(codes):]
        ok = med <= 16.0 and statistics.median(passes) <= 1
        r = Row("ally switch, selection to last paint", "ms", ours, base, "<= 16 ms, 1 pass", ok,
                [(f"paint passes per switch: median {statistics.median(passes):g}, min {min(passes)}, "
                 f"max {max(passes)} (the plain repaint: median {statistics.median(base_passes):g}); "
                 f"{within} of {len(ours)} switches within 16 ms; layout rounds settle_layouts delivered "
                 f"per switch: median {statistics.median(settle_rounds):g}, max {max(settle_rounds)}"),
                 (f"first visits: median {statistics.median(first):.1f} ms; return visits: "
                  + (f"median {statistics.median(back):.1f} ms" if back else "none (--rounds 1)")),
                 (f"main-thread CPU time to the last paint (time the host gives its other guests is not counted): median "
                  f"{statistics.median(cpu):.1f} ms, min {min(cpu):.1f}, max {max(cpu):.1f} (the plain "
                  f"repaint: median {statistics.median(base_cpu):.1f} ms)")])
        if profile and not ok:
            profiler = cProfile.Profile()
            profiler.enable()
            for code in codes:
                watch.measure(lambda c=code: member_list.select(c))  # type: ignore[misc]
            profiler.disable()
            r.profile = profile_text(profiler, profile)
        watch.remove()
    finally:
        window.close()
        store.close()
    return [r]


def row_hover(folder: Path, pairs: int, profile: int) -> list[Row]:
    import pyqtgraph as pg
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    window, store = real_window(folder, folder / "desk.json")
    try:
        window.resize(*WINDOW_SIZE)
        window.show()
        desk = window.desk
        compare_six(desk)
        chart = desk.chart_panel.chart
        ours_view = chart.plot_widget

        bare, _ = bare_window()
        bare_plot = bare.centralWidget().widget(1)
        line = pg.InfiniteLine(angle=90, movable=False)
        label = pg.TextItem(anchor=(0, 0))
        bare_plot.addItem(line, ignoreBounds=True)
        bare_plot.addItem(label, ignoreBounds=True)

        def moved(event: tuple[QPointF]) -> None:
            point = bare_plot.getPlotItem().vb.mapSceneToView(event[0])
            line.setPos(point.x())
            label.setText(f"{round(point.x())}: {point.y():.2f}%")
            label.setPos(point.x(), point.y())

        proxy = pg.SignalProxy(bare_plot.scene().sigMouseMoved, rateLimit=60, slot=moved)
        bare.move(0, 0)
        bare.show()
        ours_watch, bare_watch = PaintWatch(window), PaintWatch(bare)
        ours_watch.measure(window.update)
        bare_watch.measure(bare.update)

        def xs(view: Any) -> list[QPoint]:
            rect = view.viewport().rect()
            y = rect.height() // 2
            points = 4 if SMOKE else 22
            return [QPoint(rect.left() + rect.width() * (k + 1) // (points + 1), y) for k in range(points)]

        def move(view: Any, pos: QPoint) -> None:
            event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)),
                                Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
            from PySide6.QtWidgets import QApplication

            QApplication.sendEvent(view.viewport(), event)

        ours_points, bare_points = xs(ours_view), xs(bare_plot)
        ours, base = [], []
        passes: dict[str, list[int]] = {"ours": [], "bare": []}

        def hover(which: str, k: int) -> float:
            watch, view, points = ((ours_watch, ours_view, ours_points) if which == "ours"
                                   else (bare_watch, bare_plot, bare_points))
            ms, n = watch.measure(lambda: move(view, points[k]))
            passes[which].append(n)
            return ms

        for _ in range(pairs):
            for k in range(len(ours_points)):
                if k % 2 == 0:
                    ours.append(hover("ours", k))
                    base.append(hover("bare", k))
                else:
                    base.append(hover("bare", k))
                    ours.append(hover("ours", k))
        ok = ratio(ours, base) <= 1.5
        shown = chart.hover_label.isVisible()
        r = Row("hover readout, move to repainted", "ms", ours, base, "<= 1.5x", ok,
                [(f"{len(ours)} moves each ({pairs} sweeps of {len(ours_points)} points), "
                 f"{len(chart.allies)} allies on the chart; readout shown: {shown}; paint passes per "
                 f"move: median {statistics.median(passes['ours']):g} (bare crosshair "
                 f"{statistics.median(passes['bare']):g})")])
        if profile and not ok:
            profiler = cProfile.Profile()
            profiler.enable()
            for p in ours_points:
                ours_watch.measure(lambda p=p: move(ours_view, p))  # type: ignore[misc]
            profiler.disable()
            r.profile = profile_text(profiler, profile)
        ours_watch.remove()
        bare_watch.remove()
        del proxy
        bare.close()
    finally:
        window.close()
        store.close()
    return [r]


def row_save(folder: Path, pairs: int, profile: int) -> list[Row]:
    from store_scale import TinyEdits, note_change

    from nato_desk.store import Store

    path = folder / "save.json"
    shutil.copyfile(folder / "desk.json", path)
    baseline = folder / "save-tinydb.json"
    shutil.copyfile(folder / "desk.json", baseline)
    store = Store.open(path, keep_backups=0)
    try:
        figures = store.observations()
        count = len(figures)
        n = pairs * 4  # saves are quick: four pairs per requested pair
        ids = [figures[(i * 37) % count].id for i in range(n)]
        tiny = TinyEdits(baseline, ids)
        i_box = [0]

        def ours() -> float:
            i = i_box[0]
            change = note_change(store, ids[i], f"bench speed save {i}")
            gc.collect()
            start = time.perf_counter()
            store.apply(change, user="bench")
            return (time.perf_counter() - start) * 1000

        def base() -> float:
            i = i_box[0]
            gc.collect()
            start = time.perf_counter()
            tiny.edit(ids[i], f"bench speed save {i}")
            took = (time.perf_counter() - start) * 1000
            return took

        a, b = [], []
        for i in range(n):
            i_box[0] = i
            if i % 2 == 0:
                a.append(ours())
                b.append(base())
            else:
                b.append(base())
                a.append(ours())
        ok = ratio(a, b) <= 1.0
        r = Row(f"edit durably saved ({count} figures)", "ms", a, b, "<= 1.0x", ok,
                ["baseline: stock TinyDB table.update of the same document (no fsync, not atomic)"])
        if profile and not ok:
            profiler = cProfile.Profile()
            profiler.enable()
            for i, rid in enumerate(ids[:10]):
                store.apply(note_change(store, rid, f"bench speed profile {i}"), user="bench")
            profiler.disable()
            r.profile = profile_text(profiler, profile)
        tiny.close()
    finally:
        store.close()
    return [r]


def row_growth(folder: Path, pairs: int, edits: int, profile: int) -> list[Row]:
    firsts: list[float] = []
    runs = [0]

    def one(kind: str) -> float:
        # Each window child starts from its own freshly seeded store: the walks' edits and undos
        # stay in a store's history, and a longer history would make later children differ.
        runs[0] += 1
        name = f"growth-{runs[0]}.json"
        if kind == "app":
            seeded_store(folder, name)
        out = run_child("growth", kind, str(folder), name, "--edits", str(edits),
                        *(["--smoke"] if SMOKE else []))[1]
        if kind == "app":
            firsts.append(out["first_mb"])
        return float(out["second_mb"])

    ours, base = interleave(pairs, lambda: one("app"), lambda: one("bare"))
    ok = statistics.median(ours) <= FLAT_MB
    traced = ""
    if profile and not ok:
        seeded_store(folder, "growth-profile.json")
        traced = run_child("growth", "app", str(folder), "growth-profile.json", "--edits", str(edits),
                           "--profile", str(profile), *(["--smoke"] if SMOKE else []))[1]["traced"]
        traced = ("tracemalloc, the second walk: the lines whose Python allocations grew most "
                  "(size, growth, count)\n" + traced)
    return [Row("memory growth, second walk", "MB", ours, base, f"<= {FLAT_MB:g} MB (flat)", ok,
                [(f"a walk: every ally (six on the chart), every tab, {edits} edits each undone; the first walk grew "
                 f"the window by median {statistics.median(firsts):.1f} MB "
                 f"(min {min(firsts):.1f}, max {max(firsts):.1f})")], traced)]


def row_deck(folder: Path, runs: int, profile: int) -> list[Row]:
    times, peaks = [], []
    info: dict[str, Any] = {}
    for _ in range(runs):
        out = run_child("deck", str(folder))[1]
        times.append(out["s"])
        peaks.append(out["peak_growth_mb"])
        info = out
    ok = statistics.median(times) <= 2.0
    r = Row(f"deck, {info.get('allies')} allies, PPTX + PDF", "s", times, [], "<= 2 s", ok,
            [(f"{info.get('slides')} slides; peak RSS growth median {statistics.median(peaks):.1f} MB "
             f"(min {min(peaks):.1f}, max {max(peaks):.1f})")])
    if profile and not ok:
        r.profile = run_child("deck", str(folder), "--profile", str(profile))[1]["profile"]
    return [r]


# ------------------------------------------------------------------ output


def spread_text(values: Sequence[float], unit: str) -> str:
    if not values:
        return "-"
    digits = 3 if unit == "s" else 1
    return "/".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))


def report(rows: Sequence[Row], started: float) -> None:
    head = ("row", "unit", "ours min/med/max", "baseline min/med/max", "ratio", "goal", "")
    table = [head]
    for r in rows:
        value = ratio(r.ours, r.base)
        ratio_text = "-" if math.isnan(value) else f"{value:.2f}x"  # nan: no baseline, or a zero one
        table.append((r.name, r.unit, spread_text(r.ours, r.unit), spread_text(r.base, r.unit),
                      ratio_text, r.goal, "ok" if r.ok else "OVER"))
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
    print()
    for r in rows:
        for note in r.notes:
            print(f"{r.name}: {note}")
    counts = ", ".join(f"{r.name.split(',')[0]} {len(r.ours)}" for r in rows)
    print(f"\nsamples: {counts}; "
          f"whole run {time.perf_counter() - started:.0f} s; load {os.getloadavg()[0]:.2f} "
          f"(1 min average, {os.cpu_count()} cores)")
    for r in rows:
        if r.profile:
            what = "memory profile" if r.name.startswith("memory") else "cProfile"
            print(f"\n--- {what} of '{r.name}' (over its goal), top entries ---")
            if r.name.startswith(("ally switch", "hover")):
                print(f"(QEventLoop.exec's own time is mostly the bench waiting {QUIET_MS:g} ms "
                      "for quiet after each sample; the entries under it are the app's work)")
            print(r.profile)


ROWS = ("start", "import", "switch", "hover", "save", "growth", "deck")


def compile_like_an_install() -> None:
    """Compile nato_desk's modules to bytecode, as ``pip install`` does.

    The baseline's PySide6 and pyqtgraph come compiled from their install; an
    editable checkout run with PYTHONDONTWRITEBYTECODE=1 (as on this machine)
    would compile every nato_desk module from source in every child process,
    a cost (about 150 ms of start-up) no installed copy has. compileall writes
    the ``__pycache__`` files whatever that variable says; up-to-date ones are
    kept.
    """
    import compileall

    import nato_desk

    compileall.compile_dir(str(Path(nato_desk.__file__).parent), quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="interleaved pairs per row (default 7, at least 1)")
    parser.add_argument("--rounds", type=int, default=2, help="passes over all allies for 'switch' (default 2)")
    parser.add_argument("--edits", type=int, default=EDITS, help=f"edits (each undone) per walk (default {EDITS})")
    parser.add_argument("--only", default=",".join(ROWS), help=f"comma-separated rows of {', '.join(ROWS)}")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print cProfile's top N cumulative entries for each row over its goal")
    parser.add_argument("--smoke", action="store_true",
                        help="smallest setting, for the test that keeps this script from rotting: "
                             "1 pair, no warm-ups, 4 allies and 4 hover points, 1 edit; its times mean nothing")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child)
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = [w for w in wanted if w not in ROWS]
    if unknown or args.pairs < 1 or args.rounds < 1:
        parser.error(f"unknown rows {unknown}" if unknown else "--pairs and --rounds must be at least 1")
    global SMOKE
    SMOKE = args.smoke
    if SMOKE:
        args.pairs, args.rounds, args.edits = 1, 1, 1
    started = time.perf_counter()
    if not SMOKE:
        compile_like_an_install()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nato_desk_speed_") as tmp:
        folder = Path(tmp)
        seeded_store(folder)
        for name in wanted:
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            if name == "start":
                rows += row_start(folder, args.pairs, args.profile)
            elif name == "import":
                rows += row_import(args.pairs, args.profile)
            elif name == "switch":
                rows += row_switch(folder, args.rounds, args.profile)
            elif name == "hover":
                rows += row_hover(folder, max(1, args.pairs // 3), args.profile)
            elif name == "save":
                rows += row_save(folder, args.pairs, args.profile)
            elif name == "growth":
                rows += row_growth(folder, args.pairs, args.edits, args.profile)
            elif name == "deck":
                rows += row_deck(folder, args.pairs, args.profile)
    report(rows, started)
    return 0


def child_main(rest: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="speed.py --child")
    parser.add_argument("what", choices=("start", "import", "growth", "deck"))
    parser.add_argument("args", nargs="*")
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--edits", type=int, default=EDITS)
    parser.add_argument("--smoke", action="store_true")
    c = parser.parse_args(rest)
    if c.what == "start":
        return child_start(c.args[0], Path(c.args[1]), c.profile)
    if c.what == "import":
        return child_import(c.args[0], c.profile)
    if c.what == "growth":
        return child_growth(c.args[0], Path(c.args[1]), c.args[2], c.edits, c.smoke, c.profile)
    return child_deck(Path(c.args[0]), c.profile)


if __name__ == "__main__":
    sys.exit(main())
