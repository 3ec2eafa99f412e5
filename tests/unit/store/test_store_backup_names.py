"""Backups belong to one store (issue 12, item 2): named by the full file name.

``briefing.json`` and ``briefing.db`` in one folder used to share backups
(named by the stem ``briefing``): recovery of one restored the other's data
and pruning one deleted the other's backups. Old stem-named backups are
still found for recovery while no other store of that stem is beside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from store_samples import ESP_QUOTE, sample_records

from nato_desk.domain import Quote, SetField
from nato_desk.store import SCHEMA_VERSION, Store, list_backups, open_with_recovery
from nato_desk.store import backups as backups_module
from nato_desk.store import recovery as recovery_module
from nato_desk.store import schema as schema_module

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    def move(minutes: int) -> None:
        monkeypatch.setattr(backups_module, "_utcnow", lambda: T0 + dt.timedelta(minutes=minutes))
        monkeypatch.setattr(recovery_module, "_utcnow", lambda: T0 + dt.timedelta(minutes=minutes))
        monkeypatch.setattr(schema_module, "_utcnow", lambda: T0 + dt.timedelta(minutes=minutes))  # saves

    move(0)
    return move


def _set_role(path: Path, role: str, keep: int = 10) -> None:
    """Open ``path`` (seeding it if new), set the quote's role, close."""
    with Store.open(path, seed=sample_records, keep_backups=keep) as store:
        old = store.get(Quote, ESP_QUOTE.id).role  # type: ignore[union-attr]
        store.apply(SetField("quotes", ESP_QUOTE.id, "role", old, role, "Edit role"), user="ana")


def _role(store: Store) -> str:
    return store.get(Quote, ESP_QUOTE.id).role  # type: ignore[union-attr]


def _names(path: Path) -> list[str]:
    return sorted(b.path.name for b in list_backups(path))


def test_two_stores_of_one_stem_keep_their_own_backups(tmp_path: Path, clock: Callable[[int], None]) -> None:
    json_store, db_store = tmp_path / "briefing.json", tmp_path / "briefing.db"
    _set_role(json_store, "json role")
    clock(1)
    _set_role(db_store, "db role")
    clock(2)
    Store.open(json_store).close()  # backs up "json role"
    clock(3)
    Store.open(db_store).close()  # backs up "db role"
    json_names, db_names = _names(json_store), _names(db_store)
    assert json_names and db_names
    assert all(n.startswith("briefing.json-") for n in json_names)
    assert all(n.startswith("briefing.db-") for n in db_names)
    assert not set(json_names) & set(db_names)
    assert b"json role" in list_backups(json_store)[0].path.read_bytes()
    assert b"db role" in list_backups(db_store)[0].path.read_bytes()


def test_recovery_restores_the_stores_own_backup_not_the_newer_one_of_its_namesake(
    tmp_path: Path, clock: Callable[[int], None]
) -> None:
    json_store, db_store = tmp_path / "briefing.json", tmp_path / "briefing.db"
    _set_role(json_store, "json role")
    Store.open(json_store).close()  # its backup at T0 holds "json role"
    clock(10)
    _set_role(db_store, "db role")
    Store.open(db_store).close()  # a newer backup, of the other store
    clock(20)
    json_store.write_bytes(b"{ damaged")
    store, report = open_with_recovery(json_store, seed=sample_records)
    try:
        assert report is not None and report.restored is not None
        assert report.restored.path.name.startswith("briefing.json-")
        assert _role(store) == "json role"
        assert "20 minutes earlier" in report.message  # its own backup, taken at T0
    finally:
        store.close()
    with Store.open(db_store) as other:  # untouched
        assert _role(other) == "db role"


def test_pruning_one_store_leaves_the_other_stores_backups(tmp_path: Path, clock: Callable[[int], None]) -> None:
    json_store, db_store = tmp_path / "briefing.json", tmp_path / "briefing.db"
    _set_role(db_store, "db role")
    clock(1)
    Store.open(db_store).close()
    db_before = _names(db_store)
    assert len(db_before) == 2  # the seeded file and the edited one
    for minute in range(2, 6):
        clock(minute)
        _set_role(json_store, f"json role {minute}", keep=1)
    clock(6)
    Store.open(json_store, keep_backups=1).close()
    assert len(_names(json_store)) == 1
    assert _names(db_store) == db_before
    assert all(p.exists() for p in (b.path for b in list_backups(db_store)))


def _old_named_backup(folder: Path, payload: bytes) -> Path:
    """A rolling backup as nato_desk named them before: by the store's stem."""
    backups = folder / "backups"
    backups.mkdir(exist_ok=True)
    old = backups / f"briefing-20261127T090000Z-v{SCHEMA_VERSION}.json"
    old.write_bytes(payload)
    return old


def _old_store_bytes(tmp_path: Path, role: str) -> bytes:
    elsewhere = tmp_path / "elsewhere" / "briefing.json"
    _set_role(elsewhere, role)
    return elsewhere.read_bytes()


def test_an_old_stem_named_backup_is_restored_when_only_one_store_has_that_stem(
    tmp_path: Path, clock: Callable[[int], None]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    old = _old_named_backup(folder, _old_store_bytes(tmp_path, "from the old backup"))
    json_store = folder / "briefing.json"
    json_store.write_bytes(b"{ damaged")
    clock(30)
    store, report = open_with_recovery(json_store, seed=sample_records)
    try:
        assert report is not None and report.restored is not None and report.restored.path == old
        assert _role(store) == "from the old backup"
    finally:
        store.close()
    assert old.exists()  # old-named backups are never pruned


def test_an_old_stem_named_backup_is_ignored_when_two_stores_share_the_stem(
    tmp_path: Path, clock: Callable[[int], None]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    old = _old_named_backup(folder, _old_store_bytes(tmp_path, "whose is this?"))
    _set_role(folder / "briefing.db", "db role")
    json_store = folder / "briefing.json"
    json_store.write_bytes(b"{ damaged")
    clock(30)
    store, report = open_with_recovery(json_store, seed=sample_records)
    try:
        assert report is not None and report.restored is None  # started from the seed
        assert _role(store) != "whose is this?"
    finally:
        store.close()
    assert old.exists()  # and nothing deleted it


def test_backup_times_are_read_from_the_names_and_impossible_ones_are_not_ours(tmp_path: Path) -> None:
    store_path = tmp_path / "desk.json"
    folder = backups_module.backup_folder(store_path)
    folder.mkdir()
    for name in (f"desk.json-20261202T001530Z-v{SCHEMA_VERSION}.json",
                 f"desk.json-0123456789ab-s000007-20240229T235959Z-v{SCHEMA_VERSION}.json",
                 f"desk.json-20261399T000000Z-v{SCHEMA_VERSION}.json",  # month 13, day 99: by hand
                 f"desk.json-20250229T120000Z-v{SCHEMA_VERSION}.json"):  # no 29 February in 2025
        (folder / name).write_text("{}", encoding="utf-8")
    found = {b.path.name: b.taken_at for b in list_backups(store_path)}
    assert found == {
        f"desk.json-20261202T001530Z-v{SCHEMA_VERSION}.json": dt.datetime(2026, 12, 2, 0, 15, 30, tzinfo=dt.UTC),
        f"desk.json-0123456789ab-s000007-20240229T235959Z-v{SCHEMA_VERSION}.json":
            dt.datetime(2024, 2, 29, 23, 59, 59, tzinfo=dt.UTC),
    }
