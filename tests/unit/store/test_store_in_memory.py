"""``Store.in_memory``: the shipped data read without a file, a lock or a write."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_samples import sample_records

from nato_desk.domain import Member, SetField, ValidationError
from nato_desk.store import ReadOnlyStoreError, Store


def test_in_memory_store_reads_like_a_store_and_touches_no_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "store.json"
    records = sample_records()
    with Store.in_memory(records, path=path, reason="The shipped data, read-only.") as store:
        assert store.read_only and store.read_only_reason == "The shipped data, read-only."
        assert store.path == path
        members = [r for r in records if isinstance(r, Member)]
        assert [m.iso3 for m in store.members()] == [m.iso3 for m in sorted(members, key=lambda m: m.name)]
        assert sum(store.counts().values()) == len(records)
        spain = store.observations(iso3="ESP")
        assert spain and all(o.iso3 == "ESP" for o in spain)
        change = SetField("observations", spain[0].id, "value", spain[0].value, 9.9, "Edit")
        with pytest.raises(ReadOnlyStoreError):
            store.apply(change, user="tester")
        assert store.observations(iso3="ESP") == spain
    assert list(tmp_path.iterdir()) == []  # no folder, store, lock or backup


def test_in_memory_store_refuses_invalid_records(tmp_path: Path) -> None:
    bad = Member("es", "Spain", "Kingdom of Spain", 1982, "Southern Europe")
    with pytest.raises(ValidationError):
        Store.in_memory([*sample_records(), bad], path=tmp_path / "x.json", reason="x")
