"""Backups are ordered by the store's save sequence, never by the clock (issue 12, items 2 and 5).

After one start with the clock a year ahead, recovery preferred that
future-dated backup over nine newer ones, forever, and called it "taken
moments earlier".
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from store_samples import ESP_QUOTE, sample_records

from nato_desk.domain import Quote, SetField
from nato_desk.store import Store, list_backups, open_with_recovery
from nato_desk.store import backups as backups_module
from nato_desk.store import recovery as recovery_module
from nato_desk.store import schema as schema_module

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def _at(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    for module in (backups_module, recovery_module, schema_module):
        monkeypatch.setattr(module, "_utcnow", lambda: moment)


def _session(path: Path, role: str) -> None:
    """Open (a backup is taken of the state found), make one edit, close."""
    with Store.open(path, seed=sample_records) as store:
        old = store.get(Quote, ESP_QUOTE.id).role  # type: ignore[union-attr]
        store.apply(SetField("quotes", ESP_QUOTE.id, "role", old, role, "Edit role"), user="ana")


def test_a_future_dated_backup_never_outranks_newer_ones(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _at(monkeypatch, T0 + dt.timedelta(days=365))  # one start with the clock a year ahead
    _session(store_path, "role 0")
    for n in range(1, 10):
        _at(monkeypatch, T0 + dt.timedelta(hours=n))
        _session(store_path, f"role {n}")
    _at(monkeypatch, T0 + dt.timedelta(hours=10))
    Store.open(store_path).close()  # a last open backs up the state with "role 9"
    newest = list_backups(store_path)[0]
    assert newest.seq == 10 and newest.taken_at == T0 + dt.timedelta(hours=10)

    store_path.write_bytes(b"{")  # damage
    store, report = open_with_recovery(store_path, seed=sample_records)
    try:
        assert report is not None and report.restored is not None
        assert report.restored.seq == 10
        assert store.get(Quote, ESP_QUOTE.id).role == "role 9"  # type: ignore[union-attr]
        # The backup's own save time (the snapshot it holds was written at hour 9), not "moments earlier".
        assert "27 Nov 2026 09:00 UTC" not in report.message
        assert "from 27 Nov 2026 18:00 UTC (taken 1 hour earlier)" in report.message
    finally:
        store.close()


def test_a_backup_saved_with_the_clock_ahead_says_so(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _at(monkeypatch, T0 + dt.timedelta(days=30))
    _session(store_path, "with the clock ahead")
    Store.open(store_path).close()
    _at(monkeypatch, T0)
    store_path.write_bytes(b"{")
    store, report = open_with_recovery(store_path, seed=sample_records)
    store.close()
    assert report is not None and report.restored is not None
    assert "in the future" in report.message and "clock was wrong" in report.message


def test_backups_of_another_store_with_the_same_name_are_neither_restored_nor_pruned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine, theirs = tmp_path / "a" / "desk.json", tmp_path / "b" / "desk.json"
    _at(monkeypatch, T0)
    _session(theirs, "their role")
    Store.open(theirs).close()
    for n in range(1, 4):
        _at(monkeypatch, T0 + dt.timedelta(hours=n))
        _session(mine, f"my role {n}")
    # Their backups land in my folder (a copied folder, a sync conflict).
    for backup in list_backups(theirs):
        shutil.copy(backup.path, mine.parent / "backups" / backup.path.name)
    foreign = {b.path.name for b in list_backups(theirs)}

    _at(monkeypatch, T0 + dt.timedelta(hours=5))
    with Store.open(mine, keep_backups=1) as store:  # prunes down to one of mine
        store_id = store.store_id
    left = {p.name for p in (mine.parent / "backups").iterdir()}
    assert foreign <= left  # theirs untouched
    assert {b.store_id for b in list_backups(mine, store_id)} == {store_id[:12]}

    mine.write_bytes(b"{")
    store, report = open_with_recovery(mine, seed=sample_records)
    try:
        assert report is not None and report.restored is not None
        assert report.restored.path.name not in foreign
        assert store.get(Quote, ESP_QUOTE.id).role == "my role 3"  # type: ignore[union-attr]
    finally:
        store.close()
