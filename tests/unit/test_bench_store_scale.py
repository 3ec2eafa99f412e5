"""bench/store_scale.py cannot rot: its store building and every measurement run at a tiny size.

No timing is asserted (project rule): only that the N-figure stores hold N
figures, honestly made, and that the report has a row for every size and
measure and a line for every goal.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from nato_desk.domain import Edition, Observation
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import Store

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "store_scale.py"
MEASURES = ("open (median)", "save (median)", "save (max)", "UI stall (longest)", "UI stall (median)",
            "UI idle gap (longest)", "store RSS growth", "window RSS")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("store_scale", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed_records() -> list:
    return load_seed(seed_folder())


def test_a_store_above_the_shipped_figures_holds_exactly_n_synthetic_copies(bench, seed_records,
                                                                            tmp_path: Path) -> None:
    shipped = [r for r in seed_records if isinstance(r, Observation)]
    n = len(shipped) + 700
    records, how = bench.scaled_records(n, seed_records)
    bench.create_store(tmp_path / "scaled.json", records)

    store = Store.open(tmp_path / "scaled.json", read_only=True)
    try:
        figures = store.observations()
        synthetic = [o for o in figures if "~s" in o.id]
        editions = {e.id: e for e in store.editions()}
    finally:
        store.close()
    assert len(figures) == n
    assert len(synthetic) == 700
    assert "synthetic" in how
    # Every copy sits in a synthetic edition, never in a shipped one.
    assert {o.edition for o in synthetic} <= {e for e in editions if e.startswith("synthetic-")}
    assert all(isinstance(e, Edition) and e.label.startswith("Synthetic") for eid, e in editions.items()
               if eid.startswith("synthetic-"))


def test_a_store_below_the_shipped_figures_keeps_the_first_n(bench, seed_records) -> None:
    records, how = bench.scaled_records(300, seed_records)
    assert sum(isinstance(r, Observation) for r in records) == 300
    assert "cut to the first 300" in how


def test_the_bench_prints_every_measure_for_every_size_and_the_goals(tmp_path: Path) -> None:
    env = dict(os.environ, NATO_DESK_BENCH_SIZES="300", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(SCRIPT), "--edits", "2", "--ui-edits", "1", "--opens", "1"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    shipped = re.search(r"figures above the shipped ([\d,]+) are synthetic", done.stdout)
    assert shipped, done.stdout
    for size in (shipped.group(1), "300"):
        for measure in MEASURES:
            assert any(re.match(rf"{re.escape(size)}\s+{re.escape(measure)}\s+\d+\.\d (ms|MB)\s", line)
                       for line in lines), f"no row for {size} {measure}:\n{done.stdout}"
    goals = [line for line in lines if re.match(r"\s+.+: \d+\.\d\d (ms|x)\s+(ok|OVER)$", line)]
    assert len(goals) == 4, done.stdout
    assert "goals (issue 12), at 300 figures:" in done.stdout
