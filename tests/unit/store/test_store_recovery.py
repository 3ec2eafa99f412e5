"""Start-up recovery and rolling backups (research/reliability.md 3.3, test T6).

Every kind of damage is opened through ``open_with_recovery``: no exception,
a plain cause, the damaged bytes kept as ``*.corrupt-*``, and the newest
valid backup restored (or the seed when there is none).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from store_samples import ESP_QUOTE, POL, sample_records

from nato_desk.domain import Quote, SetField
from nato_desk.store import (
    CHANGED_REASON,
    NEWER_REASON,
    SCHEMA_VERSION,
    RecoveryReport,
    Store,
    StoreChangedError,
    StoreCorruptError,
    StoreError,
    StoreLock,
    list_backups,
    open_with_recovery,
)
from nato_desk.store import backups as backups_module
from nato_desk.store import recovery as recovery_module
from nato_desk.store import schema as schema_module
from nato_desk.store.document import EMPTY, TRUNCATED

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Set the backup clock to T0 + ``minutes`` (backups are named to the second)."""

    def move(minutes: int) -> None:
        monkeypatch.setattr(backups_module, "_utcnow", lambda: T0 + dt.timedelta(minutes=minutes))
        monkeypatch.setattr(recovery_module, "_utcnow", lambda: T0 + dt.timedelta(minutes=minutes))
        monkeypatch.setattr(schema_module, "_utcnow", lambda: T0 + dt.timedelta(minutes=minutes))  # saves

    move(0)
    return move


@pytest.fixture
def opened() -> Iterator[list[Store]]:
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.close()


def _recover(path: Path, opened: list[Store]) -> tuple[Store, RecoveryReport | None]:
    store, report = open_with_recovery(path, seed=sample_records)
    opened.append(store)
    return store, report


def _edit_role(store: Store, role: str) -> None:
    old = store.get(Quote, ESP_QUOTE.id).role  # type: ignore[union-attr]
    store.apply(SetField("quotes", ESP_QUOTE.id, "role", old, role, "Edit role"), user="ana")


def _role(store: Store) -> str:
    return store.get(Quote, ESP_QUOTE.id).role  # type: ignore[union-attr]


@pytest.fixture
def backed_up(store_path: Path, clock: Callable[[int], None]) -> bytes:
    """A store whose only backup (taken at T0) holds role "Prime Minister"; the file was edited after."""
    with Store.open(store_path, seed=sample_records) as store:
        _edit_role(store, "edited after the backup")
    [backup] = list_backups(store_path)
    clock(30)  # recovery happens half an hour later
    return backup.path.read_bytes()


def _good_bytes(store_path: Path) -> bytes:
    return store_path.read_bytes()


def _cut(frac: float) -> Callable[[bytes], bytes]:
    return lambda b: b[: max(1, int(len(b) * frac))]


def _flip(frac: float, bit: int) -> Callable[[bytes], bytes]:
    def flip(b: bytes) -> bytes:
        data = bytearray(b)
        data[int(len(data) * frac)] ^= 1 << bit
        return bytes(data)

    return flip


def _truncations(seed: int, count: int) -> list[tuple[str, Callable[[bytes], bytes]]]:
    rng = random.Random(seed)
    fracs = [rng.random() for _ in range(count)]
    return [(f"truncated-{f:.3f}", _cut(f)) for f in fracs]


def _bit_flips(seed: int, count: int) -> list[tuple[str, Callable[[bytes], bytes]]]:
    rng = random.Random(seed)
    picks = [(rng.random(), rng.randrange(8)) for _ in range(count)]
    return [(f"bitflip-{f:.3f}-{bit}", _flip(f, bit)) for f, bit in picks]


def _reshape(change: Callable[[dict[str, Any]], object]) -> Callable[[bytes], bytes]:
    def damage(b: bytes) -> bytes:
        doc = json.loads(b)
        doc = change(doc) or doc
        return json.dumps(doc).encode()

    return damage


def _set(doc: dict[str, Any], table: str, key: str, value: object) -> None:
    doc[table][key] = value


DAMAGE: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("empty", lambda b: b"", EMPTY),
    *[(name, fn, TRUNCATED) for name, fn in _truncations(7, 10)],
    ("trailing-garbage", lambda b: b + b'{"members": {}}', "unexpected data after its end"),
    ("trailing-nul", lambda b: b + b"\0\0\0 garbage", "unexpected data after its end"),
    ("zeros", lambda b: b"\0" * len(b), "filled with zero bytes"),
    ("not-utf8", lambda b: b[:200] + b"\xff\xfe\xfd" + b[200:], "bytes that are not text"),
    ("utf-16", lambda b: b.decode("utf-8").encode("utf-16"), "UTF-16"),
    ("utf-16-no-bom", lambda b: b.decode("utf-8").encode("utf-16-le"), "UTF-16"),
    ("middle-garbage", lambda b: b.replace(b'"events": {}', b'"events": {#}', 1),
     "the file is not valid JSON: it is damaged at line 3, column"),
    ("a-list", lambda b: b"[1, 2]", "not a nato_desk store (it holds a list"),
    ("a-string", lambda b: b'"hello"', "not a nato_desk store (it holds a text"),
    ("table-not-object", _reshape(lambda d: d.update(members=[1])), "table 'members' is a list"),
    ("no-meta", _reshape(lambda d: d.pop("meta")), "no meta record"),
    ("bad-version", _reshape(lambda d: _set(d, "meta", "1", {"schema_version": "two"})),
     "schema_version 'two' is not valid"),
    ("record-missing-fields", _reshape(lambda d: _set(d, "members", "1", {"iso3": "ESP"})),
     "members document 1 is not a valid record"),
    ("record-not-object", _reshape(lambda d: _set(d, "members", "1", 5)),
     "members document 1 is not a valid record"),
    ("bad-doc-id", _reshape(lambda d: _set(d, "quotes", "x", d["quotes"]["1"])), "table 'quotes' is malformed"),
    ("record-fails-validation", _reshape(lambda d: d["quotes"]["1"].update(text="  ")),
     "does not pass nato_desk's checks (Quote sanchez-2025-06-19: text is empty)"),
    ("dangling-reference", _reshape(lambda d: d["quotes"]["1"].update(source_id="nowhere")),
     "'nowhere' is not a known source"),
    ("wrong-type", _reshape(lambda d: d["members"]["1"].update(name=42)), "does not pass nato_desk's checks"),
]


def _breaks(fn: Callable[[bytes], bytes], good: bytes, path: Path) -> bool:
    """True if ``fn(good)`` is a file the store refuses as damaged; False if it is
    merely changed (a valid store whose checksum no longer matches)."""
    path.write_bytes(fn(good))
    try:
        Store.open(path, read_only=True).close()
    except StoreChangedError:
        return False
    except StoreCorruptError:
        return True
    raise AssertionError(f"{path.name} opened as if nothing had changed")  # the checksum sees every flip


def _check_recovered(store_path: Path, damaged: bytes, cause: str, backup: bytes | None,
                     store: Store, report: RecoveryReport | None) -> None:
    assert report is not None
    assert cause in report.cause and report.cause in report.message
    assert store.recovery_report is report
    [kept] = store_path.parent.glob("store.json.corrupt-*")
    assert kept == report.kept_as and kept.name == "store.json.corrupt-20261127T093000Z"
    assert kept.read_bytes() == damaged  # the damaged bytes, never touched
    assert f"kept as {kept}" in report.message
    if backup is None:
        assert report.restored is None and "No usable backup" in report.message
        assert _role(store) == ESP_QUOTE.role  # the seed
    else:
        assert report.restored is not None
        assert store_path.read_bytes() == backup == report.restored.path.read_bytes()
        assert _role(store) == "Prime Minister"  # the backup's, not the lost edit
        assert "The backup from 27 Nov 2026 09:00 UTC (taken 30 minutes earlier) has been restored" \
            in report.message
        assert "changes made after that time are missing" in report.message
    assert not store.read_only


@pytest.mark.parametrize(("name", "damage", "cause"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_damage_is_kept_aside_and_the_newest_backup_restored(
    store_path: Path, backed_up: bytes, opened: list[Store], name: str,
    damage: Callable[[bytes], bytes], cause: str,
) -> None:
    damaged = damage(_good_bytes(store_path))
    store_path.write_bytes(damaged)
    store, report = _recover(store_path, opened)
    _check_recovered(store_path, damaged, cause, backed_up, store, report)


BIT_FLIPS = _bit_flips(11, 100)


@pytest.mark.parametrize(("name", "damage"), BIT_FLIPS, ids=[f[0] for f in BIT_FLIPS])
def test_bit_flips_that_break_the_file_are_recovered(
    store_path: Path, backed_up: bytes, opened: list[Store], tmp_path: Path, name: str,
    damage: Callable[[bytes], bytes],
) -> None:
    good = _good_bytes(store_path)
    broken = _breaks(damage, good, tmp_path / "probe.json")
    damaged = damage(good)
    store_path.write_bytes(damaged)
    store, report = _recover(store_path, opened)
    if not broken:
        # A changed letter or digit inside a text still makes a valid store,
        # but not the one saved: the checksum notices, and without the
        # analyst's decision it opens read-only, as it is, saying why.
        assert report is None
        assert store.read_only and store.read_only_reason == CHANGED_REASON
        assert store_path.read_bytes() == damaged
        assert not list(store_path.parent.glob("store.json.corrupt-*"))
        return
    assert report is not None and report.cause.startswith(("the file", "a record"))
    _check_recovered(store_path, damaged, report.cause, backed_up, store, report)


@pytest.mark.parametrize(("name", "damage", "cause"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_without_a_backup_damage_is_kept_and_the_seed_used(
    store_path: Path, opened: list[Store], clock: Callable[[int], None], name: str,
    damage: Callable[[bytes], bytes], cause: str,
) -> None:
    with Store.open(store_path, seed=sample_records, keep_backups=0) as store:
        _edit_role(store, "lost edit")
    assert list_backups(store_path) == []
    clock(30)
    damaged = damage(_good_bytes(store_path))
    store_path.write_bytes(damaged)
    store, report = _recover(store_path, opened)
    if not damaged:
        # Documented choice: an empty file without backups is a new store, seeded.
        assert report is None and _role(store) == ESP_QUOTE.role
        assert list(store_path.parent.glob("*.corrupt-*")) == []
        return
    _check_recovered(store_path, damaged, cause, None, store, report)
    assert report is not None and "Your earlier data is still in the damaged file" in report.message


def test_a_damaged_newest_backup_is_skipped_for_an_older_valid_one(
    store_path: Path, opened: list[Store], clock: Callable[[int], None]
) -> None:
    with Store.open(store_path, seed=sample_records) as store:  # backup 1 at T0: Prime Minister
        _edit_role(store, "second")
    clock(10)
    with Store.open(store_path) as store:  # backup 2 at T0+10: second
        _edit_role(store, "third")
    newest, older = list_backups(store_path)
    assert newest.taken_at > older.taken_at
    newest.path.write_bytes(newest.path.read_bytes()[:100])  # the newest backup is damaged too
    clock(30)
    store_path.write_bytes(b"{")
    store, report = _recover(store_path, opened)
    assert report is not None and report.restored == older
    assert _role(store) == "Prime Minister"
    assert store_path.read_bytes() == older.path.read_bytes()
    assert "09:00 UTC (taken 30 minutes earlier)" in report.message


def test_newer_schema_opens_read_only_and_nothing_moves(
    store_path: Path, backed_up: bytes, opened: list[Store]
) -> None:
    doc = json.loads(store_path.read_bytes())
    doc["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    doc["members"]["1"]["future_field"] = "kept"
    content = json.dumps(doc).encode()
    store_path.write_bytes(content)
    before = sorted(p.name for p in (store_path.parent / "backups").iterdir())
    store, report = _recover(store_path, opened)
    assert report is None and store.read_only
    assert store.read_only_reason == NEWER_REASON.format(version=SCHEMA_VERSION + 1)
    assert store.read_only_reason == (
        f"This data was saved by a newer nato_desk (schema {SCHEMA_VERSION + 1}). Update nato_desk to edit it.")
    assert store_path.read_bytes() == content
    assert list(store_path.parent.glob("*.corrupt-*")) == []
    assert sorted(p.name for p in (store_path.parent / "backups").iterdir()) == before  # no backup
    assert len(store.members()) == 2


def test_a_folder_in_place_of_the_file_is_kept_aside(
    store_path: Path, backed_up: bytes, opened: list[Store]
) -> None:
    store_path.unlink()
    store_path.mkdir()
    (store_path / "inside.txt").write_text("mine", encoding="utf-8")
    store, report = _recover(store_path, opened)
    assert report is not None and report.cause == recovery_module.FOLDER
    assert report.kept_as is not None and report.kept_as.is_dir()
    assert (report.kept_as / "inside.txt").read_text(encoding="utf-8") == "mine"
    assert "The damaged folder was kept as" in report.message
    assert store_path.is_file() and store_path.read_bytes() == backed_up
    assert _role(store) == "Prime Minister"


def test_a_missing_file_with_backups_is_restored(
    store_path: Path, backed_up: bytes, opened: list[Store]
) -> None:
    store_path.unlink()
    store, report = _recover(store_path, opened)
    assert report is not None and report.cause == recovery_module.MISSING and report.kept_as is None
    assert store_path.read_bytes() == backed_up and _role(store) == "Prime Minister"


def test_unreadable_file_is_a_plain_error_and_nothing_moves(
    store_path: Path, backed_up: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _good_bytes(store_path)
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == store_path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(StoreError) as info:
        open_with_recovery(store_path, seed=sample_records)
    assert not isinstance(info.value, StoreCorruptError)
    assert str(info.value) == f"Could not read {store_path}: permission denied"
    monkeypatch.undo()
    assert store_path.read_bytes() == content
    assert list(store_path.parent.glob("*.corrupt-*")) == []
    lock = StoreLock(store_path)  # the failed open let its lock go
    assert lock.try_acquire()
    lock.release()


def test_a_failed_restore_copy_says_so_and_the_next_start_finishes_it(
    store_path: Path, backed_up: bytes, opened: list[Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    store_path.write_bytes(b"{")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(recovery_module, "write_atomically", full)
        with pytest.raises(StoreError, match="no space left on device") as info:
            open_with_recovery(store_path, seed=sample_records)
    assert "kept as" in str(info.value) and "will try again at the next start" in str(info.value)
    [kept] = store_path.parent.glob("store.json.corrupt-*")
    assert kept.read_bytes() == b"{" and not store_path.exists()
    assert not list(store_path.parent.glob(".*.tmp"))
    store, report = _recover(store_path, opened)
    assert report is not None and report.cause == recovery_module.MISSING
    assert store_path.read_bytes() == backed_up


def test_a_file_that_cannot_be_moved_aside_is_left_alone(
    store_path: Path, backed_up: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_path.write_bytes(b"{")

    def denied(*args: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(StoreError, match="could not move the damaged file aside either: permission denied"):
        open_with_recovery(store_path, seed=sample_records)
    monkeypatch.undo()
    assert store_path.read_bytes() == b"{"


def test_damage_in_a_store_another_window_holds_is_only_reported(
    store_path: Path, backed_up: bytes
) -> None:
    store_path.write_bytes(b"{")
    holder = StoreLock(store_path)
    assert holder.try_acquire()
    try:
        with pytest.raises(StoreCorruptError, match="Another nato_desk window has it open"):
            open_with_recovery(store_path, seed=sample_records)
    finally:
        holder.release()
    assert store_path.read_bytes() == b"{"
    assert list(store_path.parent.glob("*.corrupt-*")) == []


# ------------------------------------------------------------------ backups


def _rolling(store_path: Path) -> list[backups_module.Backup]:
    return [b for b in list_backups(store_path) if b.kind == backups_module.ROLLING]


def test_a_backup_is_taken_on_open_verified_and_named(store_path: Path, clock: Callable[[int], None]) -> None:
    with Store.open(store_path, seed=sample_records) as store:
        assert store.backup_problem is None
        store_id, seq = store.store_id, store.save_seq
    [backup] = _rolling(store_path)
    # Named by the full file name, the store's id and its save sequence (issue 12, item 2).
    assert backup.path == (store_path.parent / "backups"
                           / f"store.json-{store_id[:12]}-s{seq:06d}-20261127T090000Z-v{SCHEMA_VERSION}.json")
    assert (backup.store_id, backup.seq) == (store_id[:12], seq)
    assert backup.path.read_bytes() == store_path.read_bytes()
    assert backup.taken_at == T0 and backup.schema_version == SCHEMA_VERSION
    assert not list(backup.path.parent.glob(".*.tmp"))


def test_reopening_an_unchanged_store_takes_no_new_backup(
    store_path: Path, clock: Callable[[int], None]
) -> None:
    Store.open(store_path, seed=sample_records).close()
    clock(5)
    Store.open(store_path).close()
    assert len(_rolling(store_path)) == 1


def test_backups_are_pruned_to_the_newest_n(store_path: Path, clock: Callable[[int], None]) -> None:
    Store.open(store_path, seed=sample_records, keep_backups=3).close()
    for minute in range(1, 6):
        clock(minute)
        with Store.open(store_path, keep_backups=3) as store:
            _edit_role(store, f"role {minute}")
    kept = _rolling(store_path)
    assert [b.taken_at.minute for b in kept] == [5, 4, 3]
    clock(6)
    Store.open(store_path, keep_backups=1).close()  # a lower preference prunes at once
    assert [b.taken_at.minute for b in _rolling(store_path)] == [6]


def test_no_backup_of_a_read_only_store(store_path: Path, clock: Callable[[int], None]) -> None:
    with Store.open(store_path, seed=sample_records) as first:
        _edit_role(first, "changed since the backup")
        clock(5)
        second = Store.open(store_path)  # the lock is held: read-only
        assert second.read_only
        second.close()
        Store.open(store_path, read_only=True).close()
    assert len(_rolling(store_path)) == 1


def test_a_failed_backup_does_not_stop_the_store(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nato_desk.store import store as store_module

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_module, "take_rolling_backup", full)
    with Store.open(store_path, seed=sample_records) as store:
        assert store.backup_problem == f"No backup of {store_path} was taken: no space left on device."
        store.put_many([POL])


def test_a_backup_that_does_not_read_back_is_removed(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes",
                        lambda self: b"other" if self.parent.name == "backups" else real(self))
    with Store.open(store_path, seed=sample_records) as store:
        assert store.backup_problem is not None and "did not read back as written" in store.backup_problem
    monkeypatch.undo()
    assert _rolling(store_path) == []


def test_stores_sharing_a_folder_keep_their_backups_apart(tmp_path: Path) -> None:
    Store.open(tmp_path / "a.json", seed=sample_records).close()
    Store.open(tmp_path / "a-b.json", seed=sample_records).close()
    assert len(list_backups(tmp_path / "a.json")) == len(list_backups(tmp_path / "a-b.json")) == 1
