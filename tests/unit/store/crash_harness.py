"""Kill a saving child with SIGKILL at random moments; count damage and lost saves.

Shared by the crash tests (50 kills) and scripts/crash_soak.py (1,000 kills).

Each child is a real process killed with SIGKILL, as before; it is forked from a
multiprocessing forkserver that has imported the store once (``_forkserver``),
rather than started as a new interpreter that imports it again. That start cost
~0.5 s a round on this 2-core machine (50 + 10 rounds in CI), CPU the suite's
other worker needed. What a kill can hit is unchanged: the child opens the store
and saves in its own process, with its own descriptors and lock, and dies with
whatever it had not written.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.connection
import os
import random
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


_context: Any = None


def _forkserver() -> Any:
    """The forkserver context, its server preloading the child's imports (made once)."""
    global _context
    if _context is None:
        here = str(Path(__file__).resolve().parent)
        root = str(Path(__file__).resolve().parents[3])
        for folder in (here, root):  # the server imports by name, from the parent's sys.path
            if folder not in sys.path:
                sys.path.insert(0, folder)
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["crash_child", "crash_harness", "tinydb", "tinydb.storages"])
    return _context


def _saving_child(kind: str, path: str, out: multiprocessing.connection.Connection) -> None:
    """In the forked child: crash_child's loop, each line written to the pipe as the
    script's ``print(..., flush=True)`` wrote it to stdout (one write, then the next save)."""
    import crash_child

    fd = out.fileno()

    def say(line: str) -> None:
        os.write(fd, (line + "\n").encode())

    {"store": crash_child.run_store, "tinydb": crash_child.run_tinydb}[kind](Path(path), say)


def _numbers(text: bytes) -> list[int]:
    return [int(x) for x in text.split() if x.isdigit()]


def kill_once(kind: str, path: Path, rng: random.Random,
              from_start: float | None = None) -> tuple[list[int], subprocess.CompletedProcess[str] | None]:
    """Start a saving child and kill it: 10-300 ms after it is ready, or, with
    ``from_start``, at a random moment up to that many seconds after it was
    started (so also while it opens: replaying a journal, rewriting the snapshot)."""
    import time

    ctx = _forkserver()
    reader, writer = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_saving_child, args=(kind, str(path), writer), daemon=True)
    proc.start()
    writer.close()  # the child holds the only writing end: its death ends the stream
    lines = open(reader.fileno(), "rb", closefd=False)
    try:
        if from_start is not None:
            time.sleep(rng.uniform(0.05, from_start))
            os.kill(proc.pid, signal.SIGKILL)
            proc.join()
            return _numbers(lines.read()), None
        first = lines.readline().strip()
        if first != b"ready":
            proc.kill()
            proc.join()
            raise RuntimeError(f"child did not start: {first!r} (exit code {proc.exitcode})")
        # Let it save for a while, then pull the plug mid-save.
        time.sleep(rng.uniform(0.01, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        return _numbers(lines.read()), None
    finally:
        lines.close()
        reader.close()
        proc.close()


def run(kind: str, folder: Path, kills: int, seed: int = 0, stop_at_first_damage: bool = False,
        from_start: float | None = None) -> CrashResult:
    """``kills`` rounds, each on a store that keeps growing across rounds (see ``kill_once``)."""
    from nato_desk.domain import Quote
    from nato_desk.store import Store, StoreError

    rng = random.Random(seed)
    result = CrashResult()
    path = folder / f"{kind}.json"
    for _ in range(kills):
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
