"""Import benchmark: NATO's full 2024 tables workbook, read and reviewed, against
reading the same workbook with openpyxl alone.

Two measurements alternate in this one process (``--pairs`` of them, default 7):

* ``baseline`` - ``openpyxl.load_workbook`` on the file's bytes as the importer
  opens it (cached values, styles kept), then every cell value of every sheet
  read once: the least any reader of this workbook can do;
* ``import``   - ``read_table_file`` (the layout reader: tables, blocks, allies,
  years, precision, flags) and ``plan_import`` against a seeded store (the
  review diff of every value), i.e. everything before the analyst applies.

The goal (issue 10) is import <= 3x baseline. Applying is one save and is not
timed here. Prints min/median/max of each and the ratio of medians.

    python bench/import_workbook.py [--pairs 7] [--file PATH]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.tables import read_table_file
from nato_desk.ingest.tables.plan import plan_import
from nato_desk.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def _default_file() -> Path:
    found = sorted(FIXTURES.rglob("240617-def-exp-2024-TABLES-en.xlsx"))
    if not found:
        sys.exit(f"NATO's 2024 workbook is not under {FIXTURES}; pass --file PATH")
    return found[0]


def baseline(raw: bytes) -> int:
    workbook = openpyxl.load_workbook(io.BytesIO(raw), data_only=True, read_only=False, keep_links=False)
    cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += sum(1 for v in row if v is not None)
    return cells


def reviewed(raw: bytes, name: str, store: Store) -> int:
    imported = read_table_file(raw, name)
    diff = plan_import(imported, store.editions(), store.sources(), store.observations())
    return len(diff.rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--file", type=Path, default=None)
    args = parser.parse_args()
    path = args.file or _default_file()
    raw = path.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "desk.json", seed=lambda: load_seed(seed_folder()))
        reviewed(raw, path.name, store)  # warm-up: imports, caches
        base, imp = [], []
        for _ in range(args.pairs):
            start = time.perf_counter()
            cells = baseline(raw)
            base.append(time.perf_counter() - start)
            start = time.perf_counter()
            rows = reviewed(raw, path.name, store)
            imp.append(time.perf_counter() - start)
        store.close()
    for label, runs in (("baseline (openpyxl, every cell)", base), ("import + review", imp)):
        print(f"{label}: min {min(runs):.3f} s, median {statistics.median(runs):.3f} s, max {max(runs):.3f} s")
    print(f"{cells:,} cells read; {rows:,} review rows")
    print(f"ratio import/baseline: {statistics.median(imp) / statistics.median(base):.2f} "
          f"(median of {args.pairs} interleaved pairs; goal <= 3)")


if __name__ == "__main__":
    main()
