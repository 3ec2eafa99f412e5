"""Crash safety: kill -9 mid-save, injected I/O errors, a second writer.

The kill counts are sized for CI (``CRASH_KILLS``, default 50);
``scripts/crash_soak.py`` runs the long version (1,000 kills).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from crash_harness import CHILD, _env, run

from nato_desk.domain import AddRecord, Member, Quote, Source
from nato_desk.store import Store, StoreWriteError

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

KILLS = int(os.environ.get("CRASH_KILLS", "50"))


def test_kill_9_during_saves_loses_nothing_acknowledged(tmp_path: Path) -> None:
    result = run("store", tmp_path, KILLS, seed=1)
    assert result.kills == KILLS and result.acked > KILLS  # it really was saving when killed
    assert (result.unreadable, result.lost) == (0, 0)


def test_tinydb_json_storage_fails_the_same_harness(tmp_path: Path) -> None:
    # Why the project owns its storage: TinyDB's JSONStorage rewrites in place
    # and truncates afterwards, so a kill in between leaves "Extra data".
    result = run("tinydb", tmp_path, 300, seed=2, stop_at_first_damage=True)
    assert result.unreadable == 1, f"no damage in {result.kills} kills"


def _seeded(path: Path) -> Store:
    seed = [Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe"), Source("S", "A source")]
    return Store.open(path, seed=lambda: seed)


def _quote(n: int) -> Quote:
    return Quote(f"ESP-{n:06d}", "ESP", "Speaker", "Role", f"text {n}", "2025-06-25", "S")


STEPS = ["write", "fsync-file", "replace", "fsync-folder"]
ERRORS = [errno.ENOSPC, errno.EIO, errno.EACCES]


@pytest.mark.parametrize("mode", ["once", "always"])
@pytest.mark.parametrize("code", ERRORS, ids=[errno.errorcode[e] for e in ERRORS])
@pytest.mark.parametrize("step", STEPS)
def test_io_error_at_each_step_of_a_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         step: str, code: int, mode: str) -> None:
    path = tmp_path / "store.json"
    store = _seeded(path)
    store.apply(AddRecord(_quote(1), "Add quote 1"), user="t")
    before = path.read_bytes()
    failures: list[str] = []
    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace
    fsyncs: list[int] = []

    def fail(what: str) -> None:
        if mode == "always" or not failures:
            failures.append(what)
            raise OSError(code, os.strerror(code))

    def write(fd: int, data: Any) -> int:
        if step == "write":
            fail("write")
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        fsyncs.append(fd)
        # The file is fsynced first, the folder last.
        if (step == "fsync-file" and len(fsyncs) % 2 == 1) or (step == "fsync-folder" and len(fsyncs) % 2 == 0):
            fail(step)
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        if step == "replace":
            fail("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(StoreWriteError) as info:
        store.apply(AddRecord(_quote(2), "Add quote 2"), user="t")
    assert str(info.value).startswith(f"Could not save {path}: ")
    assert os.strerror(code).lower() in str(info.value).lower()
    after = path.read_bytes()
    # Old or complete new, never half: after a failed folder fsync the new file is in place.
    with Store.open(path, read_only=True) as check:
        ids = {q.id for q in check.quotes()}
    assert after == before or ids == {"ESP-000001", "ESP-000002"}
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    assert store.get(Quote, "ESP-000002") is None  # not reported as saved
    assert len(store.history()) == 1
    monkeypatch.undo()
    store.apply(AddRecord(_quote(2), "Add quote 2"), user="t")  # the retry
    assert store.get(Quote, "ESP-000002") is not None
    store.close()


HOLDER = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from nato_desk.store import Store
store = Store.open(Path(sys.argv[1]))
print("held", flush=True)
import time
time.sleep(60)
"""


def test_second_instance_is_read_only_at_once_and_the_lock_dies_with_the_first(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    _seeded(path).close()
    root = str(Path(__file__).resolve().parents[3])
    holder = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=root), str(path)],
                              stdout=subprocess.PIPE, text=True, env=_env())
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.perf_counter()
        second = Store.open(path)
        elapsed = time.perf_counter() - started
        assert second.read_only and "read-only" in (second.read_only_reason or "")
        assert elapsed < 0.5
        with pytest.raises(Exception, match="read-only|Read-only"):
            second.apply(AddRecord(_quote(9), "Add"), user="t")
        second.close()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()  # reaps it and closes its pipe
    third = Store.open(path)  # kill -9 freed the lock: no stale lock
    assert not third.read_only
    third.close()


def test_two_processes_saving_at_once_never_lose_an_update(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    _seeded(path).close()
    procs = [subprocess.Popen([sys.executable, str(CHILD), "store", str(path)], stdout=subprocess.PIPE,
                              text=True, env=_env()) for _ in range(2)]
    firsts = [p.stdout.readline().strip() for p in procs if p.stdout is not None]
    # Exactly one got the lock and writes; the other opened read-only and stopped.
    assert sorted(firsts) == ["read-only", "ready"]
    time.sleep(0.5)
    for p in procs:
        p.send_signal(signal.SIGKILL)
    outs = [p.communicate()[0] for p in procs]
    acked = [int(x) for out in outs for x in out.split() if x.isdigit()]
    with Store.open(path, read_only=True) as store:
        ids = {q.id for q in store.quotes()}
    # Save n is about quote (n+1)//2 (the child adds, then shortens, each quote).
    assert acked and {f"ESP-{(n + 1) // 2:06d}" for n in acked} <= ids
