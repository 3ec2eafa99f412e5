"""The chart's share of an ally switch: ``ChartPanel.set_member`` to the window's last paint.

The switch is what the member list does after the detail pane took the ally:
``set_member`` then ``one_pass.settle_layouts`` (the window laid out before
it is painted).

``bench/speed.py --only switch`` times the whole switch (member list, detail
pane, chart); this times only what the chart does with it, in the real window
(``speed.real_window``, 1366x768 unless ``--size``), each switch followed by
the window's plain repaint as the baseline, interleaved, over every ally
``--rounds`` times. Prints min/median/max of both, the ratio of the medians,
paint passes, and how many switches moved the plot (its resize events: a
switch that changes the plot's size lays the plot and its annotations out
again). ``--profile N`` prints the top N entries of a cProfile of one more
round.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/chart_switch.py [--rounds 2] [--size 1280x800]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed  # the bench's own helpers, beside this file


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="passes over all allies (default 2)")
    parser.add_argument("--size", default="1366x768", help="window size, WxH (default 1366x768)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print a profile's top N entries")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    width, height = (int(v) for v in args.size.split("x"))
    from PySide6.QtCore import QEvent, QObject

    from nato_desk.ui.one_pass import settle_layouts

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        window, store = speed.real_window(folder, speed.seeded_store(folder))
        try:
            window.resize(width, height)
            window.show()
            watch = speed.PaintWatch(window)
            watch.measure(window.update)
            panel = window.desk.chart_panel
            plot = panel.chart.plot_widget

            class Resizes(QObject):
                count = 0

                def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                    if event.type() == QEvent.Type.Resize:
                        Resizes.count += 1
                    return False

            resizes = Resizes()
            plot.installEventFilter(resizes)
            codes = window.desk.member_list.visible_codes()
            shown = window.desk.member_list.current_iso3()
            if shown in codes:  # every switch changes the ally
                codes = codes[codes.index(shown) + 1:] + codes[:codes.index(shown) + 1]

            def switch(code: str) -> None:
                # As the member list does after the detail pane and the chart took the ally:
                # the window laid out before it is painted (ui/one_pass).
                panel.set_member(code)
                settle_layouts()
            ours: list[float] = []
            base: list[float] = []
            passes: list[int] = []
            moved = 0
            for _ in range(args.rounds):
                for i, code in enumerate(codes):
                    before = Resizes.count
                    if i % 2:
                        base.append(watch.measure(window.update)[0])
                    ms, n = watch.measure(lambda c=code: switch(c))  # type: ignore[misc]
                    ours.append(ms)
                    passes.append(n)
                    moved += Resizes.count != before
                    if not i % 2:
                        base.append(watch.measure(window.update)[0])
            print(f"chart's share of an ally switch, {width}x{height}, {len(ours)} switches, "
                  f"load {os.getloadavg()[0]:.2f} (1 min, {os.cpu_count()} cores)")
            print(f"  set_member to last paint  ms  {speed.spread_text(ours, '')}")
            print(f"  plain repaint (baseline)  ms  {speed.spread_text(base, '')}")
            print(f"  ratio of medians {statistics.median(ours) / statistics.median(base):.2f}x; "
                  f"paint passes median {statistics.median(passes):g}, max {max(passes)}; "
                  f"switches that resized the plot: {moved} of {len(ours)}")
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for code in codes:
                    watch.measure(lambda c=code: switch(c))  # type: ignore[misc]
                profiler.disable()
                print(speed.profile_text(profiler, args.profile))
            watch.remove()
        finally:
            window.close()
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
