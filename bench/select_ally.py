"""Selection benchmark: selecting another ally until the window has repainted.

Builds the real window (``build_main_window``) on a freshly seeded store in a
temporary folder, with settings in an INI file there, shows it at 1280x800 and
then, in this one process, times two things, interleaved:

* ``select``   - ``member_list.select(code)``, then
  ``QApplication.processEvents()`` (queued work: pyqtgraph's scene updates,
  layout requests) and ``window.repaint()``, which paints the whole window,
  detail pane and chart included, before it returns;
* ``baseline`` - the same ``processEvents()`` + ``window.repaint()`` with the
  selection unchanged: the cost of painting this window at all.

Every selection changes the ally: the cycle walks all allies in list order,
``--rounds`` times (default 3). Before each baseline an untimed
processEvents + repaint settles anything the previous selection left queued,
so it is not charged to the baseline. The result is the ratio of medians
select/baseline: how many plain repaints of the window one selection costs.
Each selection is also split into its three steps (medians printed): note
that the chart is already painted once inside ``processEvents()`` (by the
graphics scene's queued update) and again by the forced ``repaint()``.

    python bench/select_ally.py [--rounds 3] [--profile 15]

``--profile N`` runs the same selections once more under cProfile and prints
the N entries with the largest cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # as the nato-desk command does

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from nato_desk.ui.app import build_main_window, configure_application, open_store  # noqa: E402
from nato_desk.ui.settings import Settings  # noqa: E402


def paint(window: QMainWindow) -> None:
    """Deliver queued events, then paint the whole window now."""
    QApplication.processEvents()
    window.repaint()


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def timed_select_ms(window: QMainWindow, code: str) -> tuple[float, float, float]:
    """One selection, split into select(), processEvents() and repaint() (ms)."""
    t0 = time.perf_counter()
    window.desk.member_list.select(code)  # type: ignore[attr-defined]
    t1 = time.perf_counter()
    QApplication.processEvents()
    t2 = time.perf_counter()
    window.repaint()
    t3 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000


def measure(window: QMainWindow, codes: list[str],
            rounds: int) -> tuple[list[tuple[float, float, float]], list[float]]:
    """Per-selection phase times and baseline times (ms), interleaved."""
    member_list = window.desk.member_list  # type: ignore[attr-defined]
    select_ms, baseline_ms = [], []
    for _ in range(rounds):
        for code in codes:
            paint(window)  # settle, untimed
            baseline_ms.append(timed_ms(lambda: paint(window)))
            select_ms.append(timed_select_ms(window, code))
            if member_list.current_iso3() != code:
                sys.exit(f"select_ally: selecting {code} left {member_list.current_iso3()} current")
    return select_ms, baseline_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over all allies (default 3)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile one pass and print the top N cumulative entries")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory(prefix="nato_desk_bench_") as tmp:
        store = open_store(Path(tmp) / "desk.json")  # seeds the store: not timed
        try:
            settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
            window = build_main_window(store, settings)
            window.resize(1280, 800)
            window.show()
            paint(window)
            member_list = window.desk.member_list  # type: ignore[attr-defined]
            # Start one after the current ally, so every selection changes it.
            codes = member_list.visible_codes()
            start = codes.index(member_list.current_iso3()) + 1
            codes = codes[start:] + codes[:start]

            select_ms, baseline_ms = measure(window, codes, args.rounds)
            if args.profile:
                profiler = cProfile.Profile()
                profiler.runcall(measure, window, codes, 1)
            window.close()
        finally:
            store.close()

    totals = [sum(phases) for phases in select_ms]
    sel, base = statistics.median(totals), statistics.median(baseline_ms)
    print(f"select ally: {sel:.1f} ms, baseline repaint {base:.1f} ms, ratio {sel / base:.2f} "
          f"(median of {len(totals)}: {len(codes)} allies x {args.rounds} rounds)")
    split = [statistics.median(phase) for phase in zip(*select_ms)]
    print(f"  select split (medians): select() {split[0]:.1f} ms, processEvents() {split[1]:.1f} ms, "
          f"repaint() {split[2]:.1f} ms")
    print(f"  select: first round median {statistics.median(totals[:len(codes)]):.1f} ms, "
          f"max {max(totals):.1f} ms; baseline max {max(baseline_ms):.1f} ms")
    if args.profile:
        print(f"\ncProfile, one more pass ({len(codes)} selections + baselines), top {args.profile} "
              "by cumulative time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
