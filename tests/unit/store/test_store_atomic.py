"""AtomicJSONStorage: failed saves leave the old file, damaged files are named."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from store_samples import POL, obs, write_changed_on_purpose

from nato_desk.domain import Observation
from nato_desk.store import (
    NEWER_REASON,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    ReadOnlyStoreError,
    Store,
    StoreCorruptError,
    StoreLock,
    StoreSchemaError,
    StoreWriteError,
)


def _enospc(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def partial_write() -> Callable[[int, Any], int]:
    """A disk that fills up: the first write lands in part, the next one fails."""
    real_write = os.write
    calls: list[int] = []

    def write(fd: int, data: Any) -> int:
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


def _failing(patch: pytest.MonkeyPatch, target: str, partial_write: Callable[[int, Any], int]) -> None:
    if target == "mkstemp":
        # Creating the temp file fails (write_atomically creates it with
        # os.open, so that the umask applies; mkstemp would force 0o600).
        real_open = os.open

        def _open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if str(file).endswith(".tmp"):
                _enospc()
            return real_open(file, flags, *args, **kwargs)

        patch.setattr(os, "open", _open)
    else:
        patch.setattr(os, target, partial_write if target == "write" else _enospc)


def _seen_by_a_reader(store_path: Path) -> list[Observation]:
    """What a second, read-only window shows: the file with its journal."""
    with Store.open(store_path, read_only=True) as reader:
        return reader.observations("ESP")


def _no_temp_left(store_path: Path) -> None:
    # "backups" holds the rolling backup taken on open; the journal may exist (empty).
    names = {p.name for p in store_path.parent.iterdir()}
    assert {"backups", "store.json", "store.json.lock"} <= names
    assert names <= {"backups", "store.json", "store.json.journal", "store.json.lock"}


# An edit is one journal append (write, fsync); the snapshot is rewritten by
# compact() and close() (temp file created, written, fsynced, renamed).
SAVES = [("edit", "fsync"), ("edit", "write"),
         ("snapshot", "fsync"), ("snapshot", "replace"), ("snapshot", "write"), ("snapshot", "mkstemp")]


@pytest.mark.parametrize(("save", "target"), SAVES, ids=[f"{s}-{t}" for s, t in SAVES])
def test_failed_save_leaves_old_file_and_memory(
    filled: Store,
    store_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    partial_write: Callable[[int, Any], int],
    save: str,
    target: str,
) -> None:
    new = obs("ESP", 2024, 1.24)
    if save == "snapshot":
        filled.put_many([new])  # acknowledged: in the journal, not yet in the snapshot
    before = store_path.read_bytes()
    old = filled.observations("ESP")
    with monkeypatch.context() as patch:
        _failing(patch, target, partial_write)
        with pytest.raises(StoreWriteError) as info:
            if save == "edit":
                filled.put_many([new])
            else:
                filled.compact()
    message = str(info.value)
    assert message == f"Could not save {store_path}: no space left on device"
    assert isinstance(info.value.__cause__, OSError)
    assert info.value.__cause__.errno == errno.ENOSPC
    assert store_path.read_bytes() == before
    _no_temp_left(store_path)
    assert filled.observations("ESP") == old
    # Only what was acknowledged is seen, whole: a failed edit is not there, an
    # acknowledged one still is (its journal line is kept until a snapshot holds it).
    assert _seen_by_a_reader(store_path) == old

    if save == "edit":
        filled.put_many([new])  # the retry, with the disk back
    else:
        filled.compact()
    assert filled.observations("ESP")[0] == new
    assert _seen_by_a_reader(store_path)[0] == new
    if save == "snapshot":
        assert store_path.read_bytes() != before  # the snapshot itself now holds the edit
        assert json.loads(store_path.read_text(encoding="utf-8"))["observations"]
    assert not list(store_path.parent.glob("*.tmp")) and not list(store_path.parent.glob(".*.tmp"))
    filled.close()
    assert filled.close_problem is None
    assert _seen_by_a_reader(store_path)[0] == new


def test_failed_folder_fsync_is_reported(
    filled: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The last step: the new file is already in place but may not survive an
    # OS crash. The user is told; memory keeps the old state; a retry rewrites.
    real_fsync = os.fsync
    calls: list[int] = []

    def fail_second(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            _enospc()
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fail_second)
    with pytest.raises(StoreWriteError, match="no space left on device"):
        filled.put_many([obs("ESP", 2024, 1.24)])
    assert filled.observations("ESP")[0].value == 1.28
    assert not list(store_path.parent.glob("*.tmp"))
    monkeypatch.undo()
    filled.put_many([obs("ESP", 2024, 1.24)])
    assert filled.observations("ESP")[0].value == 1.24


def test_storage_read_returns_a_copy_and_does_not_reread(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    storage = AtomicJSONStorage(path)
    assert storage.read() is None
    storage.write({"t": {"1": {"a": [1]}}})
    first = storage.read()
    assert first is not None
    first["t"]["1"]["a"].append(2)
    path.write_text("{}", encoding="utf-8")  # nobody else writes while we hold the lock
    assert storage.read() == {"t": {"1": {"a": [1]}}}


def test_storage_refuses_nan_before_touching_disk(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    storage = AtomicJSONStorage(path)
    with pytest.raises(StoreWriteError, match="cannot be written as JSON"):
        storage.write({"t": {"1": {"v": float("nan")}}})
    assert list(tmp_path.iterdir()) == []


def test_read_only_storage_refuses_writes(tmp_path: Path) -> None:
    with pytest.raises(ReadOnlyStoreError):
        AtomicJSONStorage(tmp_path / "s.json", read_only=True).write({})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b'{"members": {"1": {', "Expecting"),
        (b'{"a": {}}{"b": {}}', "Extra data"),  # what TinyDB's in-place write leaves
        (b"[1, 2]", "expected a JSON object"),
        (b'{"members": [1]}', "table 'members'"),
        (b"\xff\xfe", "utf-8"),
    ],
)
def test_damaged_file_is_named(store_path: Path, content: bytes, cause: str) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(content)
    with pytest.raises(StoreCorruptError) as info:
        Store.open(store_path)
    assert str(store_path) in str(info.value) and cause in str(info.value)
    assert store_path.read_bytes() == content  # never overwritten
    lock = StoreLock(store_path)  # the failed open let its lock go
    assert lock.try_acquire()
    lock.release()


def test_records_that_do_not_fit_are_reported_as_damage(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    doc = {"meta": {"1": {"schema_version": 1}}, "members": {"1": {"iso3": "ESP"}}}
    store_path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(StoreCorruptError, match="members document 1"):
        Store.open(store_path)


def test_file_without_meta_is_refused(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_text('{"members": {}}', encoding="utf-8")
    with pytest.raises(StoreCorruptError, match="no meta record"):
        Store.open(store_path)


def test_newer_schema_opens_read_only(filled: Store, store_path: Path) -> None:
    filled.close()
    data = json.loads(store_path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    store_path.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(store_path) as store:
        assert store.read_only
        assert store.read_only_reason == NEWER_REASON.format(version=SCHEMA_VERSION + 1)
    with Store.open(store_path, read_only=True) as store:
        assert "newer nato_desk" in (store.read_only_reason or "")


def test_newer_schema_that_cannot_be_shown_is_refused(filled: Store, store_path: Path) -> None:
    filled.close()
    data = json.loads(store_path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    data["members"]["1"] = {"code": "ESP"}  # a later version's shape
    store_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreSchemaError, match="newer nato_desk"):
        Store.open(store_path)


def test_empty_file_is_a_new_store(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"")
    with Store.open(store_path, seed=lambda: [POL]) as store:
        assert store.members() == [POL]


def test_unknown_tables_survive_a_save(filled: Store, store_path: Path) -> None:
    filled.close()
    data = json.loads(store_path.read_text(encoding="utf-8"))
    data["notes"] = {"1": {"text": "kept"}}
    write_changed_on_purpose(store_path, data)
    with Store.open(store_path) as store:
        store.put_many([obs("ESP", 2024, 1.24)])
    with Store.open(store_path, read_only=True) as again:  # the edit is there as well
        assert again.observations("ESP")[0].value == 1.24
    assert json.loads(store_path.read_text(encoding="utf-8"))["notes"] == {"1": {"text": "kept"}}
