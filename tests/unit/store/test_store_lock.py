"""One writer per store: a second open is read-only; a dead holder frees the lock."""

from __future__ import annotations

import contextlib
import errno
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from store_samples import POL

from nato_desk.store import LOCKED_REASON, ReadOnlyStoreError, Store, StoreLock
from nato_desk.store import lock as lock_module

REPO = Path(__file__).resolve().parents[3]

_HOLDER = """
import sys, time
from nato_desk.store import StoreLock
lock = StoreLock(sys.argv[1])
assert lock.try_acquire()
print("held", flush=True)
time.sleep(120)
"""


def test_second_open_is_read_only(filled: Store, open_store: Callable[..., Store], store_path: Path) -> None:
    second = open_store()
    assert second.read_only and second.read_only_reason == LOCKED_REASON
    assert second.members() == filled.members()
    before = store_path.read_bytes()
    with pytest.raises(ReadOnlyStoreError, match="read-only"):
        second.put_many([POL])
    with pytest.raises(ReadOnlyStoreError):
        second.remove(type(POL), "POL")
    assert store_path.read_bytes() == before
    second.close()
    assert not filled.read_only  # closing the reader did not free the writer's lock
    filled.put_many([POL])

    filled.close()
    third = open_store()
    assert not third.read_only and third.read_only_reason is None


def test_read_only_on_request_takes_no_lock(filled: Store, open_store: Callable[..., Store]) -> None:
    filled.close()
    viewer = open_store(read_only=True)
    assert viewer.read_only and viewer.read_only_reason
    assert not open_store().read_only


def test_lock_basics(tmp_path: Path) -> None:
    lock = StoreLock(tmp_path / "s.json")
    assert lock.path == tmp_path / "s.json.lock"
    assert lock.try_acquire() and lock.try_acquire() and lock.held
    other = StoreLock(tmp_path / "s.json")
    assert not other.try_acquire()
    lock.release()  # one release frees it, however often try_acquire was called
    assert not lock.held
    lock.release()
    assert other.try_acquire()
    other.release()


def test_killed_holder_frees_the_lock_at_once(store_path: Path) -> None:
    Store.open(store_path, seed=lambda: [POL]).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(store_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with Store.open(store_path) as blocked:
            assert blocked.read_only_reason == LOCKED_REASON
        holder.kill()  # SIGKILL: no cleanup code runs in the holder
        holder.wait(timeout=10)
        start = time.monotonic()
        with Store.open(store_path) as store:
            assert not store.read_only
            store.put_many([POL])
        assert time.monotonic() - start < 1.0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()


def _no_flock(fd: int, operation: int) -> None:
    raise OSError(errno.ENOSYS, "Function not implemented")


@pytest.mark.parametrize("where", ["file system without flock", "system without fcntl"])
def test_where_flock_is_missing_filelock_keeps_one_writer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    # Some network shares refuse flock (ENOSYS), and Windows has no fcntl:
    # there filelock's own lock must still keep a second writer out.
    warned = contextlib.nullcontext()
    if where == "file system without flock":
        monkeypatch.setattr(lock_module.fcntl, "flock", _no_flock)
        warned = pytest.warns(UserWarning, match="flock not supported")  # filelock says so
    else:
        monkeypatch.setattr(lock_module, "fcntl", None)
    with warned:
        lock = StoreLock(tmp_path / "s.json")
        assert lock.try_acquire() and lock.held and lock.try_acquire()
        other = StoreLock(tmp_path / "s.json")
        assert not other.try_acquire() and not other.held
        lock.release()
        assert not lock.held
        lock.release()
        assert other.try_acquire()
        other.release()


def test_a_sidecar_that_cannot_be_made_is_an_os_error(tmp_path: Path) -> None:
    # Store.open turns this into "opened read-only" with the OS's reason.
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(NotADirectoryError):
        StoreLock(tmp_path / "file" / "s.json").try_acquire()
