"""Identity: a store never writes to files that are no longer its own (issue 12, items 1 and 4).

Each scenario was reproduced losing an acknowledged edit before the store
checked, before every save, that its lock, data file and journal are still
the files at their paths.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from store_samples import ESP_QUOTE, sample_records

from nato_desk.domain import Quote, SetField
from nato_desk.store import LOCKED_REASON, ReadOnlyStoreError, Store, StoreIdentityError, open_with_recovery


def _set_role(store: Store, role: str) -> None:
    old = store.get(Quote, ESP_QUOTE.id).role  # type: ignore[union-attr]
    store.apply(SetField("quotes", ESP_QUOTE.id, "role", old, role, "Edit role"), user="ana")


def _set_speaker(store: Store, speaker: str) -> None:
    old = store.get(Quote, ESP_QUOTE.id).speaker  # type: ignore[union-attr]
    store.apply(SetField("quotes", ESP_QUOTE.id, "speaker", old, speaker, "Edit speaker"), user="ana")


def _quote_on_disk(path: Path) -> Quote:
    with Store.open(path, read_only=True) as store:
        quote = store.get(Quote, ESP_QUOTE.id)
    assert quote is not None
    return quote


def test_deleted_lock_never_gives_two_writers_nor_loses_an_acknowledged_edit(store_path: Path) -> None:
    first = Store.open(store_path, seed=sample_records)
    _set_role(first, "acknowledged in the first window")
    Path(f"{store_path}.lock").unlink()  # a cleanup tool, or the analyst in a file manager

    second = Store.open(store_path)
    assert not second.read_only  # the lock was gone: this one takes a new one
    _set_speaker(second, "acknowledged in the second window")

    with pytest.raises(StoreIdentityError, match="lock file .* was deleted or moved|lock file .* was replaced"):
        _set_role(first, "never acknowledged")
    assert first.read_only and "read-only" in (first.read_only_reason or "")
    with pytest.raises(ReadOnlyStoreError, match="lock file"):  # and it stays so, saying why
        _set_role(first, "never acknowledged either")
    first.close()
    second.close()

    quote = _quote_on_disk(store_path)
    assert (quote.role, quote.speaker) == ("acknowledged in the first window", "acknowledged in the second window")


def test_a_folder_renamed_while_open_keeps_every_acknowledged_edit_in_the_moved_store(tmp_path: Path) -> None:
    folder = tmp_path / "nato_desk"
    path = folder / "store.json"
    store = Store.open(path, seed=sample_records)
    _set_role(store, "acknowledged before the rename")
    moved = tmp_path / "nato_desk-old"
    folder.rename(moved)

    with pytest.raises(StoreIdentityError, match="deleted or moved"):
        _set_role(store, "after the rename")
    assert store.read_only
    store.close()

    assert _quote_on_disk(moved / "store.json").role == "acknowledged before the rename"
    assert not path.exists()  # nothing was written where the store used to be


def test_a_data_file_replaced_from_outside_stops_the_saves(store_path: Path) -> None:
    store = Store.open(store_path, seed=sample_records)
    outside = store_path.with_name("copy.json")
    shutil.copyfile(store_path, outside)
    os.replace(outside, store_path)  # a sync client puts "its" version in place

    with pytest.raises(StoreIdentityError, match="data file .* was replaced"):
        _set_role(store, "after the replacement")
    store.close()
    assert _quote_on_disk(store_path).role == ESP_QUOTE.role


def test_a_journal_deleted_from_outside_stops_the_saves(store_path: Path) -> None:
    store = Store.open(store_path, seed=sample_records)
    _set_role(store, "journaled")
    Path(f"{store_path}.journal").unlink()

    with pytest.raises(StoreIdentityError, match="journal"):
        _set_role(store, "after the deletion")
    store.close()


def test_a_store_behind_a_symbolic_link_is_written_through_and_locked_once(tmp_path: Path) -> None:
    synced = tmp_path / "Synced"
    synced.mkdir()
    target = synced / "desk.json"
    Store.open(target, seed=sample_records).close()
    link = tmp_path / "desk.json"
    link.symlink_to(target)

    store = Store.open(link)
    assert not store.read_only
    through_target = Store.open(target)  # the same store by its other name: one writer only
    assert through_target.read_only and through_target.read_only_reason == LOCKED_REASON
    through_target.close()
    _set_role(store, "written through the link")
    store.close()

    assert link.is_symlink() and link.resolve() == target
    assert _quote_on_disk(target).role == "written through the link"
    assert not list(tmp_path.glob("desk.json.*"))  # lock, journal and temps live beside the target
    assert (synced / "desk.json.lock").exists()


def test_a_link_pointed_elsewhere_while_open_stops_the_saves(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    Store.open(one, seed=sample_records).close()
    Store.open(two, seed=sample_records).close()
    link = tmp_path / "desk.json"
    link.symlink_to(one)
    store = Store.open(link)
    link.unlink()
    link.symlink_to(two)

    with pytest.raises(StoreIdentityError):
        _set_role(store, "into which file?")
    store.close()
    assert _quote_on_disk(one).role == _quote_on_disk(two).role == ESP_QUOTE.role


def test_recovery_opens_through_a_link_too(tmp_path: Path) -> None:
    target = tmp_path / "Synced" / "desk.json"
    target.parent.mkdir()
    link = tmp_path / "desk.json"
    link.symlink_to(target)
    store, report = open_with_recovery(link, seed=sample_records)
    assert report is None and not store.read_only
    _set_role(store, "through recovery's open")
    store.close()
    assert link.is_symlink() and _quote_on_disk(target).role == "through recovery's open"


def test_two_writers_are_refused_at_50000_figures_too(tmp_path: Path) -> None:
    from store_samples import NATO_REPORT, obs

    path = tmp_path / "big.json"
    figures = [obs("ESP", 1950 + n % 150, 1.0 + (n % 300) / 100, edition=f"edition-{n // 150:04d}")
               for n in range(50_000)]
    Store.open(path, seed=lambda: [*sample_records(), *figures], keep_backups=0).close()
    assert NATO_REPORT.id in {f.source_id for f in figures[:1]}

    first = Store.open(path, keep_backups=0)
    _set_role(first, "first, acknowledged")
    Path(f"{path}.lock").unlink()
    second = Store.open(path, keep_backups=0)  # replays the first window's journal and takes over
    assert not second.read_only
    _set_speaker(second, "second, acknowledged")
    with pytest.raises(StoreIdentityError):
        _set_role(first, "never acknowledged")
    first.close()
    second.close()
    quote = _quote_on_disk(path)
    assert (quote.role, quote.speaker) == ("first, acknowledged", "second, acknowledged")
    with Store.open(path, read_only=True) as store:
        assert len(store.observations("ESP")) == 50_000 + len([r for r in sample_records() if r.KIND == "observations" and r.iso3 == "ESP"])  # type: ignore[attr-defined]
