"""An ally switch counted in machine instructions, which a busy host does not change.

``speed.py``'s switch row is time, and on this shared 2-core machine the same
code measured 10.6 ms one minute and 20 ms a few minutes later (its baseline,
a plain repaint of the window, moved from 2.6 to 4.3 ms with it). To tell
whether a change made the switch cheaper, this bench counts what the main
thread executes instead: each child runs under Valgrind's callgrind, once
stopping after the window's first paint and once after walking the allies,
and the difference, divided by the switches, is one switch's instructions.

Three walks are counted, each against the same window:

* ``first visit``: selecting every ally once, from a fresh window, as the
  analyst holding the Down arrow from Albania does (texts never measured yet);
* ``return visit``: the same walk again (what Qt measured before is reused);
* ``plain repaint``: ``window.repaint()`` as often, the baseline
  ``speed.py`` times a switch against.

    python bench/switch_instructions.py            # about 3 minutes (Valgrind is ~50x slower)
    python bench/switch_instructions.py --without chart   # the same with one part left out

``--without PART`` leaves one part of the switch out (a part of
``switch_parts.PARTS``: chart, series, pane, quote source), as
``switch_parts.py`` does in time: what the part costs in instructions is the
whole switch's count less this one.

Needs ``valgrind`` (Debian's package of that name). Each selection is
followed by ``processEvents`` until Qt has nothing left to do, so layout and
painting are counted; the step the child takes to get there is the same in
every walk and cancels out. Instructions are no time: text shaping costs more
per instruction than Python does. They answer "more or less work", not "how
many milliseconds".
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

HERE = Path(__file__).resolve().parent
WALKS = ("first", "return", "plain")
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
_WALKED = re.compile(r"^WALKED (\d+)$", re.MULTILINE)


# --------------------------------------------------------------------- child


def child(store: Path, folder: Path, walk: str, count: bool, without: str = "") -> int:
    """Open the window; with ``count``, also do ``walk``; exit at once (teardown not counted)."""
    sys.path.insert(0, str(HERE))
    import speed

    if without:
        import switch_parts

        owner, name = switch_parts.resolve(without)
        setattr(owner, name, switch_parts.nothing)
    from PySide6.QtWidgets import QApplication

    window, _store = speed.real_window(folder, store)
    window.resize(*speed.WINDOW_SIZE)
    window.show()
    QApplication.processEvents()
    member_list = window.desk.member_list
    codes = speed.switch_order(member_list)
    if walk == "return":  # the first visit happens in both runs: only the return is counted
        for code in codes:
            member_list.select(code)
            QApplication.processEvents()
    if count:
        for code in codes:
            if walk == "plain":
                window.repaint()
            else:
                member_list.select(code)
            QApplication.processEvents()
    print(f"WALKED {len(codes)}", flush=True)
    os._exit(0)


# -------------------------------------------------------------------- parent


def instructions(store: Path, walk: str, count: bool, without: str = "") -> tuple[int, int]:
    """(instructions the whole child executed, callgrind's "Collected"; allies in its walk)."""
    folder = Path(tempfile.mkdtemp(prefix="nato-desk-instr-"))
    try:
        copy = folder / "desk.json"
        shutil.copy(store, copy)
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, str(Path(__file__).resolve()), "--child", str(copy), str(folder), walk,
               "count" if count else "open", without]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=False)
        found, walked = _COLLECTED.search(done.stderr), _WALKED.search(done.stdout)
        if done.returncode != 0 or found is None or walked is None:
            raise RuntimeError(f"child {walk}/{count} failed ({done.returncode}): {done.stderr[-2000:]}")
        return int(found.group(1)), int(walked.group(1))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", nargs=5, metavar=("STORE", "FOLDER", "WALK", "COUNT", "WITHOUT"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--without", default="", metavar="PART",
                        help="leave this part of the switch out (switch_parts.PARTS)")
    parser.add_argument("--jobs", type=int, default=2, help="children run at once (default 2)")
    args = parser.parse_args(argv)
    if args.child:
        store, folder, walk, count, without = args.child
        return child(Path(store), Path(folder), walk, count == "count", without)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE))
    import speed
    import switch_parts

    if args.without and args.without not in switch_parts.PARTS:
        parser.error(f"--without: one of {', '.join(switch_parts.PARTS)}")
    speed.compile_like_an_install()
    folder = Path(tempfile.mkdtemp(prefix="nato-desk-instr-seed-"))
    try:
        store = speed.seeded_store(folder)
        jobs = [(walk, count) for walk in WALKS for count in (False, True)]
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            counts = dict(zip(jobs, pool.map(lambda job: instructions(store, *job, args.without), jobs)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # Each counted walk selects (or repaints) once per ally in the list.
    per = {walk: (counts[(walk, True)][0] - counts[(walk, False)][0]) / counts[(walk, True)][1]
           for walk in WALKS}
    if args.without:
        print(f"without {args.without} (switch_parts.PARTS; the plain repaint is the whole window's):")
    print(f"{'walk':14s} {'M instructions each':>20s}  {'x plain repaint':>15s}")
    for walk, label in (("first", "first visit"), ("return", "return visit"), ("plain", "plain repaint")):
        print(f"{label:14s} {per[walk] / 1e6:20.1f}  {per[walk] / per['plain']:15.1f}")
    print(f"window open to first paint: {counts[('first', False)][0] / 1e6:.0f} M instructions; "
          f"{counts[('first', True)][1]} allies a walk")
    return 0


if __name__ == "__main__":
    sys.exit(main())
