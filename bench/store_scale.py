"""Store scale benchmark: open, save, UI stall and memory at 1k, 10k and 50k figures.

Issue 12, item 12. For each size the script builds an N-figure store, then
measures, each kind in a **fresh child process** (so one measurement's memory
and caches do not leak into the next):

* **open**: ``Store.open`` of the existing file (as the app does, with its
  default rolling backup), median of ``--opens``; baseline: ``tinydb.TinyDB``
  with the stock ``JSONStorage`` on a copy of the same file, reading every
  table (``db.tables()``, ``table.all()``). Interleaved.
* **save**: ``store.apply(SetField(... "note" ...))`` of one figure, durable
  when it returns, median and max of ``--edits``; baseline: stock TinyDB's
  ``table.update`` of the same document in the copy. Interleaved.
* **UI stall**: the real window (``build_main_window``) over the store,
  offscreen; a 1 ms ``QTimer`` records the longest gap between its ticks
  while an edit goes through the window's own path (``desk.editor.submit``,
  the undo stack, every view reloading) and for 150 ms after it. Baseline:
  the same loop around a stock TinyDB update on the UI thread; an idle loop
  (no action) is the noise floor.
* **window RSS**: VmRSS of the window process once the window has painted,
  against the same window over the shipped store (the goal is a ratio);
  **store RSS**: VmRSS growth of a fresh process opening the store, against
  the same for stock TinyDB reading every table.

Stores above the shipped data's figures are **synthetic**: the shipped seed
plus editions copied from the shipped ones (``synthetic-<k>``, cycling through
the shipped editions) holding copies of that edition's figures
(``<id>~s<k>``), until there are N figures. Below it (1k), the shipped records
with the figures cut to the first N. Stock ``JSONStorage`` neither fsyncs nor
replaces atomically, so its save is not durable: it is the floor, not a peer.

    NATO_DESK_BENCH_SIZES=1000,10000,50000 python bench/store_scale.py [--edits 30]

Prints one row per size and measure (ours, baseline, ratio) and the issue's
goals at the largest size: save median <= 20 ms, longest stall <= 50 ms, open
<= 0.5 s, window RSS <= 1.5x the shipped store's.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # as the nato-desk command does

SIZES_ENV = "NATO_DESK_BENCH_SIZES"
DEFAULT_SIZES = (1000, 10000, 50000)
RESULT = "RESULT "  # a child's one line of JSON on stdout starts with this
SETTLE_MS = 150  # the UI stall window keeps running this long after the edit returns
GOALS = {"save": 20.0, "stall": 50.0, "open": 500.0, "rss_ratio": 1.5}


# ------------------------------------------------------------------ building


def shipped_records() -> list[Any]:
    from nato_desk.ingest import load_seed, seed_folder

    return load_seed(seed_folder())


def scaled_records(n: int, seed: Sequence[Any] | None = None) -> tuple[list[Any], str]:
    """The shipped records with exactly ``n`` figures, and how they were made.

    Above the shipped count: synthetic editions copied from the shipped ones in
    turn, each holding copies of its model edition's figures. Below: the first
    ``n`` shipped figures.
    """
    from nato_desk.domain import Edition, Observation

    records = list(shipped_records() if seed is None else seed)
    figures = [r for r in records if isinstance(r, Observation)]
    others = [r for r in records if not isinstance(r, Observation)]
    if n <= len(figures):
        how = "shipped" if n == len(figures) else f"shipped, figures cut to the first {n:,}"
        return others + figures[:n], how
    editions = [r for r in others if isinstance(r, Edition)]
    by_edition: dict[str, list[Observation]] = {e.id: [] for e in editions}
    for o in figures:
        by_edition[o.edition].append(o)
    models = [e for e in editions if by_edition[e.id]]
    extra: list[Any] = []
    added, k = 0, 0
    while len(figures) + added < n:
        k += 1
        model = models[(k - 1) % len(models)]
        ed = dataclasses.replace(model, id=f"synthetic-{k}", label=f"Synthetic {k}",
                                 title=f"Synthetic copy {k} of {model.label}")
        extra.append(ed)
        for o in by_edition[model.id][: n - len(figures) - added]:
            extra.append(dataclasses.replace(o, id=f"{o.id}~s{k}", edition=ed.id))
            added += 1
    return records + extra, f"synthetic: shipped + {k} copied editions"


def create_store(path: Path, records: list[Any]) -> None:
    """Create the store at ``path`` holding ``records`` (one save, no backups)."""
    from nato_desk.store import Store

    Store.open(path, seed=lambda: records, keep_backups=0).close()


def figure_count(path: Path) -> int:
    from nato_desk.store import Store

    store = Store.open(path, read_only=True)
    try:
        return len(store.observations())
    finally:
        store.close()


# ------------------------------------------------------------ measuring parts


def rss_mb() -> dict[str, float]:
    """This process's VmRSS and VmHWM (peak) in MB, from /proc/self/status."""
    out: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0]) / 1024
    return out


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def read_all_tinydb(path: Path) -> int:
    """Stock TinyDB (JSONStorage, no middleware): open and read every table."""
    from tinydb import TinyDB

    db = TinyDB(path)
    try:
        return sum(len(db.table(name).all()) for name in db.tables())
    finally:
        db.close()


class TinyEdits:
    """Stock TinyDB updating the note of one figure at a time in its own copy of the store."""

    def __init__(self, path: Path, ids: Sequence[str]) -> None:
        from tinydb import TinyDB

        self.db = TinyDB(path)
        self.table = self.db.table("observations")
        wanted = set(ids)
        self.doc_ids = {doc["id"]: doc.doc_id for doc in self.table.all() if doc["id"] in wanted}

    def edit(self, record_id: str, note: str) -> None:
        self.table.update({"note": note}, doc_ids=[self.doc_ids[record_id]])

    def close(self) -> None:
        self.db.close()


def spread(items: Sequence[Any], count: int) -> list[Any]:
    """``count`` items spread evenly over ``items``."""
    step = max(1, len(items) // max(1, count))
    return list(items[::step][:count])


def note_change(store: Any, record_id: str, note: str) -> Any:
    from nato_desk.domain import Observation, SetField

    current = store.get(Observation, record_id)
    return SetField(kind=Observation.KIND, record_id=record_id, field="note", old=current.note,
                    new=note, label=f"Edit note of {record_id}")


def measure_open(path: Path, baseline: Path, opens: int) -> dict[str, Any]:
    """Median open of the store and of stock TinyDB reading every table, interleaved (ms)."""
    from nato_desk.store import Store

    ours, tiny = [], []
    for i in range(opens):
        for which in (("ours", "tiny") if i % 2 == 0 else ("tiny", "ours")):
            gc.collect()
            start = time.perf_counter()
            if which == "ours":
                Store.open(path).close()
                ours.append(ms(start))
            else:
                read_all_tinydb(baseline)
                tiny.append(ms(start))
    return {"open_ms": ours, "tiny_open_ms": tiny}


def measure_saves(path: Path, baseline: Path, edits: int) -> dict[str, Any]:
    """Each edit's ``store.apply`` and stock TinyDB's update of the same figure, interleaved (ms)."""
    from nato_desk.store import Store

    store = Store.open(path, keep_backups=0)
    try:
        ids = [o.id for o in spread(store.observations(), edits)]
        tiny = TinyEdits(baseline, ids)
        ours_ms, tiny_ms = [], []
        try:
            for i, rid in enumerate(ids):
                note = f"bench edit {i}"
                change = note_change(store, rid, note)
                for which in (("ours", "tiny") if i % 2 == 0 else ("tiny", "ours")):
                    start = time.perf_counter()
                    if which == "ours":
                        store.apply(change, user="bench")
                        ours_ms.append(ms(start))
                    else:
                        tiny.edit(rid, note)
                        tiny_ms.append(ms(start))
        finally:
            tiny.close()
    finally:
        store.close()
    return {"save_ms": ours_ms, "tiny_save_ms": tiny_ms}


def measure_store_rss(path: Path, which: str) -> dict[str, Any]:
    """VmRSS growth (MB) of opening the store, or of stock TinyDB reading every table."""
    import tinydb  # imported before the first reading, as the store imports it

    import nato_desk.store

    gc.collect()
    before = rss_mb()["VmRSS"]
    if which == "ours":
        store = nato_desk.store.Store.open(path, keep_backups=0)
        held: Any = store
    else:
        db = tinydb.TinyDB(path)
        held = [db.table(name).all() for name in db.tables()]
    gc.collect()
    after = rss_mb()
    del held
    return {"rss_growth_mb": after["VmRSS"] - before, "rss_mb": after["VmRSS"], "hwm_mb": after["VmHWM"]}


class GapMeter:
    """A 1 ms timer on the UI thread; the longest gap between its ticks is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def around(self, action: Callable[[], object]) -> float:
        """Run the event loop 20 ms, then ``action`` from it, then SETTLE_MS more; the longest gap (ms)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()

        def act() -> None:
            action()
            QTimer.singleShot(SETTLE_MS, loop.quit)

        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()
        QTimer.singleShot(20, act)
        loop.exec()
        self._tick()
        self.timer.stop()
        return self.longest * 1000


def measure_window(path: Path, baseline: Path | None, edits: int) -> dict[str, Any]:
    """The real window over the store: RSS once painted, then the longest stall per edit."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from nato_desk.store import Store
    from nato_desk.ui.app import build_main_window, configure_application
    from nato_desk.ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)  # type: ignore[arg-type]
    store = Store.open(path, keep_backups=0)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="nato_desk_bench_ini_") as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        window = build_main_window(store, settings)
        try:
            window.resize(1280, 800)
            window.show()
            QApplication.processEvents()
            window.repaint()
            QApplication.processEvents()
            gc.collect()
            out.update({f"window_{k}": v for k, v in rss_mb().items()})
            desk = window.desk  # type: ignore[attr-defined]
            iso3, edition = desk.detail_pane.iso3, desk.member_model.edition
            out["shown"] = f"{iso3} in edition {edition}"
            if edits:
                figures = store.observations(iso3, edition) or store.observations()
                ids = [figures[i % len(figures)].id for i in range(edits)]
                tiny = TinyEdits(baseline, ids) if baseline is not None else None
                meter = GapMeter()
                meter.around(lambda: None)  # warm-up, untimed
                stall, tiny_stall, idle = [], [], []
                failures: list[str] = []

                def edit(rid: str, note: str) -> None:
                    problem = desk.editor.submit(note_change(store, rid, note))
                    if problem:
                        failures.append(problem)

                for i, rid in enumerate(ids):
                    note = f"bench window edit {i}"
                    stall.append(meter.around(functools.partial(edit, rid, note)))
                    if tiny is not None:
                        tiny_stall.append(meter.around(functools.partial(tiny.edit, rid, note)))
                    idle.append(meter.around(lambda: None))
                if tiny is not None:
                    tiny.close()
                if failures:
                    raise SystemExit(f"store_scale: an edit through the window failed: {failures[0]}")
                out.update({"stall_ms": stall, "tiny_stall_ms": tiny_stall, "idle_stall_ms": idle})
        finally:
            window.close()
            store.close()
    return out


# ------------------------------------------------------------ child processes


def child(args: argparse.Namespace) -> int:
    path = Path(args.store)
    baseline = Path(args.baseline) if args.baseline else None
    if args.child == "open":
        assert baseline is not None
        result = measure_open(path, baseline, args.opens)
    elif args.child == "save":
        assert baseline is not None
        result = measure_saves(path, baseline, args.edits)
    elif args.child in ("rss-ours", "rss-tiny"):
        result = measure_store_rss(path, args.child.removeprefix("rss-"))
    elif args.child == "window":
        result = measure_window(path, baseline, args.edits)
    else:
        raise SystemExit(f"store_scale: unknown child {args.child!r}")
    print(RESULT + json.dumps(result), flush=True)
    sys.stdout.flush()
    os._exit(0)  # teardown is not what we measure


def run_child(kind: str, store: Path, baseline: Path | None, *, edits: int = 0,
              opens: int = 0, timeout: float = 600) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--store", str(store),
               "--edits", str(edits), "--opens", str(opens)]
    if baseline is not None:
        command += ["--baseline", str(baseline)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"store_scale: child {kind} on {store.name} failed (exit {done.returncode}):\n"
                         f"{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT):])
    return result


def fresh_copy(source: Path, folder: Path, name: str) -> Path:
    """A copy of the store file for stock TinyDB (its own file: the two never share writes)."""
    target = folder / name
    shutil.copyfile(source, target)
    return target


def measure_size(folder: Path, n: int, seed: Sequence[Any], *, edits: int, ui_edits: int,
                 opens: int) -> dict[str, Any]:
    """Build the ``n``-figure store in ``folder`` and measure it, each kind in a fresh child."""
    records, how = scaled_records(n, seed)
    path = folder / f"store_{n}.json"
    start = time.perf_counter()
    create_store(path, records)
    del records
    result: dict[str, Any] = {"n": n, "how": how, "build_s": ms(start) / 1000,
                              "file_mb": path.stat().st_size / 1e6, "figures": figure_count(path)}
    result.update(run_child("open", path, fresh_copy(path, folder, f"tiny_open_{n}.json"), opens=opens))
    result.update(run_child("save", path, fresh_copy(path, folder, f"tiny_save_{n}.json"), edits=edits))
    ours, tiny = run_child("rss-ours", path, None), run_child("rss-tiny", path, None)
    result["store_rss_mb"], result["tiny_store_rss_mb"] = ours["rss_growth_mb"], tiny["rss_growth_mb"]
    result.update(run_child("window", path, fresh_copy(path, folder, f"tiny_ui_{n}.json"), edits=ui_edits))
    return result


# ------------------------------------------------------------------ reporting


def rows(results: Sequence[dict[str, Any]], shipped: dict[str, Any]) -> list[tuple[str, ...]]:
    """(figures, measure, ours, baseline, ratio, baseline is) for every size and measure."""
    med, top = statistics.median, max
    out: list[tuple[str, ...]] = []
    for r in results:
        size = f"{r['figures']:,}"

        def row(what: str, ours: float, base: float | None, unit: str, base_is: str,
                size: str = size) -> None:
            if base is None:
                out.append((size, what, f"{ours:.1f} {unit}", "-", "-", base_is))
                return
            ratio = f"{ours / base:.2f}" if base else "-"
            out.append((size, what, f"{ours:.1f} {unit}", f"{base:.1f} {unit}", ratio, base_is))

        row("open (median)", med(r["open_ms"]), med(r["tiny_open_ms"]), "ms", "TinyDB read every table")
        row("save (median)", med(r["save_ms"]), med(r["tiny_save_ms"]), "ms", "TinyDB update")
        row("save (max)", top(r["save_ms"]), top(r["tiny_save_ms"]), "ms", "TinyDB update")
        row("UI stall (longest)", top(r["stall_ms"]), top(r["tiny_stall_ms"]), "ms", "TinyDB on UI thread")
        row("UI stall (median)", med(r["stall_ms"]), med(r["tiny_stall_ms"]), "ms", "TinyDB on UI thread")
        row("UI idle gap (longest)", top(r["idle_stall_ms"]), None, "ms", "no action: the noise floor")
        row("store RSS growth", r["store_rss_mb"], r["tiny_store_rss_mb"], "MB", "TinyDB read every table")
        row("window RSS", r["window_VmRSS"], shipped["window_VmRSS"], "MB",
            f"window, shipped {shipped['figures']:,}")
    return out


def goal_lines(r: dict[str, Any], shipped: dict[str, Any]) -> list[str]:
    checks = [
        (f"save durable, median <= {GOALS['save']:.0f} ms", statistics.median(r["save_ms"]), GOALS["save"], "ms"),
        (f"longest UI stall during an edit <= {GOALS['stall']:.0f} ms", max(r["stall_ms"]), GOALS["stall"],
         "ms"),
        (f"open <= {GOALS['open']:.0f} ms", statistics.median(r["open_ms"]), GOALS["open"], "ms"),
        (f"window RSS <= {GOALS['rss_ratio']}x the shipped store's ({shipped['window_VmRSS']:.1f} MB)",
         r["window_VmRSS"] / shipped["window_VmRSS"], GOALS["rss_ratio"], "x"),
    ]
    return [f"  {name}: {value:.2f} {unit}  {'ok' if value <= goal else 'OVER'}"
            for name, value, goal, unit in checks]


def report(results: Sequence[dict[str, Any]], shipped: dict[str, Any]) -> None:
    print("store scale: each store built here; figures above the shipped "
          f"{shipped['figures']:,} are synthetic copies")
    for r in [shipped, *results]:
        print(f"  {r['figures']:>7,} figures: {r['how']}; file {r['file_mb']:.1f} MB, built in "
              f"{r['build_s']:.1f} s; window shows {r['shown']}")
    table = [("figures", "measure", "ours", "baseline", "ratio", "baseline is"),
             *rows([shipped, *results], shipped)]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.rjust(w) if 1 < i < 5 else cell.ljust(w)
                        for i, (cell, w) in enumerate(zip(line, widths))).rstrip())
    largest = max(results, key=lambda r: r["figures"]) if results else shipped
    print(f"goals (issue 12), at {largest['figures']:,} figures:")
    for goal in goal_lines(largest, shipped):
        print(goal)
    print(f"(saves: {len(largest['save_ms'])} edits; UI stall: {len(largest['stall_ms'])} edits through "
          f"the window, each timed from 20 ms before to {SETTLE_MS} ms after; stock TinyDB does not fsync)")


def sizes_from_env() -> list[int]:
    raw = os.environ.get(SIZES_ENV, "").strip()
    if not raw:
        return list(DEFAULT_SIZES)
    try:
        sizes = [int(part) for part in raw.replace(" ", "").split(",") if part]
    except ValueError:
        raise SystemExit(f"store_scale: {SIZES_ENV} must be numbers separated by commas, got {raw!r}") from None
    if not sizes or min(sizes) < 1:
        raise SystemExit(f"store_scale: {SIZES_ENV} needs at least one size of 1 or more, got {raw!r}")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # in step with stderr
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--edits", type=int, default=30, help="timed saves per size (default 30)")
    parser.add_argument("--ui-edits", type=int, default=10,
                        help="edits through the window per size (default 10)")
    parser.add_argument("--opens", type=int, default=5, help="timed opens per size (default 5)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    if min(args.edits, args.ui_edits, args.opens) < 1:
        parser.error("--edits, --ui-edits and --opens must be at least 1")
    sizes = sizes_from_env()
    seed = shipped_records()
    with tempfile.TemporaryDirectory(prefix="nato_desk_bench_scale_") as tmp:
        folder = Path(tmp)
        kw = {"edits": args.edits, "ui_edits": args.ui_edits, "opens": args.opens}
        shipped_n = sum(1 for r in seed if type(r).__name__ == "Observation")
        shipped = measure_size(folder, shipped_n, seed, **kw)
        results = []
        for n in sizes:
            start = time.perf_counter()
            results.append(measure_size(folder, n, seed, **kw))
            print(f"  ({n:,} figures measured in {ms(start) / 1000:.0f} s)", file=sys.stderr, flush=True)
    report(results, shipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
