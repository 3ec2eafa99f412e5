"""Kill a saving child with SIGKILL at random moments; count damage and lost saves.

Shared by the crash tests (50 kills) and scripts/crash_soak.py (1,000 kills).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CHILD = Path(__file__).with_name("crash_child.py")


@dataclass
class CrashResult:
    kills: int = 0
    unreadable: int = 0  # the file did not parse, or the store would not open
    lost: int = 0  # the last acknowledged save was missing after the kill
    acked: int = 0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def kill_once(kind: str, path: Path, rng: random.Random,
              from_start: float | None = None) -> tuple[list[int], subprocess.CompletedProcess[str] | None]:
    """Start a saving child and kill it: 10-300 ms after it is ready, or, with
    ``from_start``, at a random moment up to that many seconds after it was
    started (so also while it opens: replaying a journal, rewriting the snapshot)."""
    import time

    proc = subprocess.Popen([sys.executable, str(CHILD), kind, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())
    assert proc.stdout is not None
    if from_start is not None:
        time.sleep(rng.uniform(0.05, from_start))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return [int(x) for x in out.split() if x.isdigit()], None
    first = proc.stdout.readline().strip()
    if first != "ready":
        proc.kill()
        out, err = proc.communicate()
        raise RuntimeError(f"child did not start: {first!r} {err}")
    # Let it save for a while, then pull the plug mid-save.
    time.sleep(rng.uniform(0.01, 0.3))
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    return [int(x) for x in out.split() if x.isdigit()], None


def run(kind: str, folder: Path, kills: int, seed: int = 0, stop_at_first_damage: bool = False,
        from_start: float | None = None, rounds_per_store: int | None = None) -> CrashResult:
    """``kills`` rounds, each on a store that keeps growing across rounds (see ``kill_once``).

    ``rounds_per_store``: a new store every so many rounds. The history keeps every
    3,000-character quote a child saves, so one store grew to some 48 MB over 50
    rounds and each round opened it twice (the child, then the check): the rounds
    took longer and longer, 54 s for the 50 in all (issue 14: the suite's time).
    Every round still kills a child mid-save on a store its earlier rounds grew.
    """
    from nato_desk.domain import Quote
    from nato_desk.store import Store, StoreError

    rng = random.Random(seed)
    result = CrashResult()
    path = folder / f"{kind}.json"
    for round_number in range(kills):
        if rounds_per_store and round_number and round_number % rounds_per_store == 0:
            path = folder / f"{kind}-{round_number // rounds_per_store}.json"
        acked, _unused = kill_once(kind, path, rng, from_start)
        result.kills += 1
        result.acked += len(acked)
        try:
            if kind == "store":
                with Store.open(path, read_only=True) as store:
                    texts = {int(q.id[4:]): q.text for q in store.all(Quote)}
            else:
                doc = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
                texts = {d["seq"]: d["text"] for d in doc.get("quotes", {}).values()}
            # Save n added record (n+1)//2 (odd n) or shortened it (even n).
            present = (lambda n: (n + 1) // 2 in texts and (n % 2 == 1 or texts[(n + 1) // 2] == "short"))
        except (StoreError, ValueError):
            result.unreadable += 1
            if stop_at_first_damage:
                return result
            path.unlink()  # start again from an empty file
            continue
        if acked and not present(max(acked)):
            result.lost += 1
    return result
