"""The long crash test: 1,000 kill -9 of a saving nato_desk store (about 3-5 minutes).

    python scripts/crash_soak.py [--kills 1000] [--tinydb]

Prints how many stores were unreadable and how many acknowledged saves were
lost (both must be 0). ``--tinydb`` runs TinyDB's own JSONStorage through the
same harness, for comparison. The test suite runs 50 kills of the same harness.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "store"))

from crash_harness import run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--tinydb", action="store_true", help="TinyDB's JSONStorage instead of ours")
    args = parser.parse_args()
    kind = "tinydb" if args.tinydb else "store"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        result = run(kind, Path(folder), args.kills, seed=int(started))
    print(f"{kind}: {result.kills} kills, {result.acked} acknowledged saves, "
          f"{result.unreadable} unreadable stores, {result.lost} lost saves "
          f"({time.perf_counter() - started:.0f} s)")
    return 0 if (result.unreadable, result.lost) == (0, 0) else 1


if __name__ == "__main__":
    sys.exit(main())
