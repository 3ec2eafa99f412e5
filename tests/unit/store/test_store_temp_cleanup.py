"""Temp files a crash left are removed at a writable open (issue 12, item 9).

A ``kill -9`` between ``mkstemp`` and the rename leaves ``.<name>.<8>.tmp``
behind (30 after 770 kills). Holding the lock, the open removes exactly
those of this store (and of its backups), older than the lock; nothing else,
and nothing at all when the open is read-only.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from store_samples import sample_records

from nato_desk.store import Store, StoreLock, list_backups

AN_HOUR_AGO = time.time() - 3600


def _leftover(path: Path, mtime: float = AN_HOUR_AGO) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"half": ')
    os.utime(path, (mtime, mtime))
    return path


def _seeded(store_path: Path) -> None:
    Store.open(store_path, seed=sample_records).close()


def test_a_writable_open_removes_this_stores_leftover_temps_only(store_path: Path) -> None:
    _seeded(store_path)
    folder = store_path.parent
    [backup] = list_backups(store_path)
    ours = [_leftover(folder / ".store.json.k2x_9q0a.tmp"),
            _leftover(folder / ".store.json.abcdefgh.tmp"),
            _leftover(folder / "backups" / f".{backup.path.name}.zz00yy11.tmp")]
    others = [_leftover(folder / ".store.db.k2x_9q0a.tmp"),  # another store's
              _leftover(folder / "backups" / f".store.db-{backup.path.name[len('store.json-'):]}.zz00yy11.tmp"),
              _leftover(folder / ".store.json.short.tmp"),  # not mkstemp's 8 characters
              _leftover(folder / ".store.json.k2x_9q0a.tmp.keep"),
              _leftover(folder / "store.json.k2x_9q0a.tmp"),  # no leading dot
              _leftover(folder / "notes.tmp")]
    (folder / ".store.json.dir45678.tmp").mkdir()  # a folder is never ours
    others.append(folder / ".store.json.dir45678.tmp")
    Store.open(store_path).close()
    assert [p for p in ours if p.exists()] == []
    assert [p for p in others if not p.exists()] == []


def test_a_temp_newer_than_the_lock_is_left(store_path: Path) -> None:
    _seeded(store_path)
    fresh = _leftover(store_path.parent / ".store.json.n3wn3wn3.tmp", mtime=time.time() + 3600)
    Store.open(store_path).close()
    assert fresh.exists()


def test_a_read_only_open_removes_nothing(store_path: Path) -> None:
    _seeded(store_path)
    temp = _leftover(store_path.parent / ".store.json.k2x_9q0a.tmp")
    Store.open(store_path, read_only=True).close()
    assert temp.exists()
    holder = StoreLock(store_path)  # another window writes it: this one opens read-only
    assert holder.try_acquire()
    try:
        locked_out = Store.open(store_path)
        assert locked_out.read_only
        locked_out.close()
    finally:
        holder.release()
    assert temp.exists()
    Store.open(store_path).close()
    assert not temp.exists()
