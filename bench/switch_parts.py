"""Where an ally switch's time goes: the switch timed with one part of it left out.

``speed.py``'s switch row times the whole switch against a plain repaint. To
know which part of it to work on, this bench times the same walk in fresh
processes, each with one part of the switch made a no-op, under the switch
row's own conditions (``speed.PaintWatch``: selection to the last paint, the
event loop idle between samples, each switch paired with a plain repaint):

* ``chart``: the trajectory chart does not follow the selection
  (``TrajectoryChart.set_member``);
* ``series``: the chart follows it, but its series keep their data
  (``series_slot._set``): the new lines and markers, their bounds and their
  repaint;
* ``pane``: the detail pane does not follow it (``DetailPane.show_member``);
* ``quote source``: the pane follows it, but the quote's source details keep
  their texts (``SourceView.set_source``).

What a part costs is the whole switch's median less the switch's median
without it. A window without a part shows the wrong thing: this measures,
it checks nothing. Wall time on a shared host moves by the minute, so the
variants are run in turns (each round runs every variant once, in a rotated
order) and each is reported as the median of its rounds.

    python bench/switch_parts.py              # 3 rounds (~2 min)
    python bench/switch_parts.py --rounds 5
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

HERE = Path(__file__).resolve().parent
RESULT = "SWITCH_PARTS "

# part -> (module, attribute path): what is made a no-op to leave the part out.
PARTS: dict[str, tuple[str, str]] = {
    "chart": ("nato_desk.ui.chart.trajectory_chart", "TrajectoryChart.set_member"),
    "series": ("nato_desk.ui.chart.series_slot", "_set"),
    "pane": ("nato_desk.ui.detail_pane", "DetailPane.show_member"),
    "quote source": ("nato_desk.ui.source_view", "SourceView.set_source"),
}


def nothing(*_args: object, **_kwargs: object) -> None:
    """What a part left out does instead."""


def resolve(part: str) -> tuple[Any, str]:
    """(the object holding ``part``'s attribute, the attribute's name); raises if it moved."""
    module_name, path = PARTS[part]
    owner: Any = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    if not callable(getattr(owner, name)):
        raise TypeError(f"{module_name}.{path} is not callable")
    return owner, name


def child(part: str) -> int:
    """Seed a store, open the window, walk every ally twice; print the medians as JSON."""
    sys.path.insert(0, str(HERE))
    import speed

    if part != "whole":
        owner, name = resolve(part)
        setattr(owner, name, nothing)
    folder = Path(tempfile.mkdtemp(prefix="nato-desk-parts-"))
    window, _store = speed.real_window(folder, speed.seeded_store(folder))
    window.resize(*speed.WINDOW_SIZE)
    window.show()
    watch = speed.PaintWatch(window)
    watch.measure(window.update)
    member_list = window.desk.member_list
    codes = speed.switch_order(member_list)
    walk = iter(codes * 2)  # first visits, then return visits

    def select() -> float:
        code = next(walk)
        return watch.measure(lambda: member_list.select(code))[0]

    # Paired with a plain repaint as the switch row pairs them (ours first in even pairs).
    ours, plain = speed.interleave(len(codes) * 2, select, lambda: watch.measure(window.update)[0])
    n = len(codes)
    print(RESULT + json.dumps({"first": statistics.median(ours[:n]), "return": statistics.median(ours[n:]),
                               "all": statistics.median(ours), "plain": statistics.median(plain),
                               "allies": n}), flush=True)
    os._exit(0)  # teardown is no part of a switch


def run(part: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", part],
                          capture_output=True, text=True, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if not lines:
        raise SystemExit(f"switch_parts: the child without {part!r} failed ({done.returncode}):\n"
                         f"{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(lines[-1][len(RESULT):])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of every variant (default 3)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child)
    sys.path.insert(0, str(HERE))
    import speed

    speed.compile_like_an_install()
    variants = ["whole", *PARTS]
    results: dict[str, list[dict[str, float]]] = {v: [] for v in variants}
    for round_number in range(max(1, args.rounds)):
        turn = round_number % len(variants)
        for variant in variants[turn:] + variants[:turn]:
            results[variant].append(run(variant))

    def median_of(variant: str, key: str) -> float:
        return statistics.median(r[key] for r in results[variant])

    whole = median_of("whole", "all")
    print(f"{'left out':14s} {'switch ms':>9s} {'first':>6s} {'return':>6s} {'plain':>6s}  part's cost")
    for variant in variants:
        saved = whole - median_of(variant, "all")
        cost = "" if variant == "whole" else f"{saved:5.1f} ms ({saved / whole:.0%})"
        print(f"{'nothing' if variant == 'whole' else variant:14s} {median_of(variant, 'all'):9.1f} "
              f"{median_of(variant, 'first'):6.1f} {median_of(variant, 'return'):6.1f} "
              f"{median_of(variant, 'plain'):6.1f}  {cost}")
    allies = int(results["whole"][0]["allies"])
    print(f"medians of {args.rounds} runs each; a run walks the {allies} allies twice (first visits, "
          "then return visits), each switch paired with a plain repaint (the 'plain' column)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
