"""Selection benchmark: selecting another ally until the window's LAST paint.

Builds the real window (``build_main_window``) on a freshly seeded store in a
temporary folder, with settings in an INI file there, shows it at 1280x800 and
then, in this one process, times two things, interleaved:

* ``select``   - ``member_list.select(code)``, then the event loop until it has
  been quiet (no paint) for ``speed.QUIET_MS``; the time is when the LAST
  paint pass of the window returned to the event loop, and the number of
  paint passes is counted (``speed.PaintWatch``);
* ``baseline`` - ``window.update()`` timed the same way: one plain repaint of
  the whole window.

(Before issue 14 this script timed ``select`` + ``processEvents()`` + a forced
``repaint()``: the later paint passes fell outside the clock.)

Every selection changes the ally: the cycle walks all allies in list order,
``--rounds`` times (default 3). The result is the ratio of medians
select/baseline and the paint passes per selection. ``bench/speed.py`` runs
the same measurement as its ``switch`` row, beside the issue's other rows.

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
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # as the nato-desk command does

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from nato_desk.ui.app import build_main_window, configure_application, open_store
from nato_desk.ui.settings import Settings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from speed import PaintWatch


def paint(window: QMainWindow) -> None:
    """Deliver queued events, then paint the whole window now."""
    QApplication.processEvents()
    window.repaint()


def measure(window: QMainWindow, watch: PaintWatch, codes: list[str],
            rounds: int) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    """(ms to the last paint, paint passes) of each selection and each baseline, interleaved."""
    member_list = window.desk.member_list  # type: ignore[attr-defined]
    select, baseline = [], []
    for _ in range(rounds):
        for i, code in enumerate(codes):
            if i % 2:
                baseline.append(watch.measure(window.update))
            select.append(watch.measure(lambda: member_list.select(code)))  # noqa: B023
            if not i % 2:
                baseline.append(watch.measure(window.update))
            if member_list.current_iso3() != code:
                sys.exit(f"select_ally: selecting {code} left {member_list.current_iso3()} current")
    return select, baseline


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

            watch = PaintWatch(window)
            watch.measure(window.update)  # settle
            select, baseline = measure(window, watch, codes, args.rounds)
            if args.profile:
                profiler = cProfile.Profile()
                profiler.runcall(measure, window, watch, codes, 1)
            watch.remove()
            window.close()
        finally:
            store.close()

    totals = [ms for ms, _ in select]
    passes = [n for _, n in select]
    base_ms = [ms for ms, _ in baseline]
    sel, base = statistics.median(totals), statistics.median(base_ms)
    print(f"select ally: {sel:.1f} ms to the last paint, baseline repaint {base:.1f} ms, ratio {sel / base:.2f} "
          f"(median of {len(totals)}: {len(codes)} allies x {args.rounds} rounds)")
    print(f"  select: min {min(totals):.1f} ms, max {max(totals):.1f} ms, first round median "
          f"{statistics.median(totals[:len(codes)]):.1f} ms; {sum(t <= 16.0 for t in totals)} of "
          f"{len(totals)} within 16 ms")
    print(f"  paint passes per selection: median {statistics.median(passes):g}, min {min(passes)}, "
          f"max {max(passes)}; baseline: median {statistics.median(n for _, n in baseline):g}")
    print(f"  baseline: min {min(base_ms):.1f} ms, max {max(base_ms):.1f} ms")
    if args.profile:
        print(f"\ncProfile, one more pass ({len(codes)} selections + baselines), top {args.profile} "
              "by cumulative time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
