"""Migrations (research/reliability.md 3.2, test T7), against frozen files of each older schema.

tests/fixtures/store_v*.json were written once by the nato_desk of that
schema and are never regenerated: they are what analysts' disks hold.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from store_samples import ESP_QUOTE, sample_records

from nato_desk import __version__
from nato_desk.domain import Quote
from nato_desk.store import SCHEMA_VERSION, Store, StoreMigrationError, list_backups, open_with_recovery
from nato_desk.store import migrations as migrations_module
from nato_desk.store.backups import PREMIGRATE
from nato_desk.store.migrations import MIGRATIONS, migrate, v1_to_v2
from nato_desk.store.schema import read_contents

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
V1 = ["store_v1.json", "store_v1_no_history.json"]


def _fixture(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return doc


@pytest.fixture(params=V1)
def v1_path(request: pytest.FixtureRequest, store_path: Path) -> Path:
    store_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / request.param, store_path)
    return store_path


def test_every_older_schema_has_a_migration_and_a_frozen_fixture() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    for version in range(1, SCHEMA_VERSION):
        frozen = sorted(FIXTURES.glob(f"store_v{version}*.json"))
        assert frozen, f"no frozen fixture of schema {version}"
        for path in frozen:
            assert _fixture(path.name)["meta"]["1"]["schema_version"] == version


@pytest.mark.parametrize("name", V1)
def test_v1_migrates_to_a_valid_current_document(name: str) -> None:
    original = _fixture(name)
    frozen = json.dumps(original, sort_keys=True)
    migrated = migrate(original)
    assert json.dumps(original, sort_keys=True) == frozen  # pure: the input is untouched
    meta = migrated["meta"]["1"]
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["app_version"] is None and meta["written_at"] is None  # not known for a v1 file
    assert meta["created_at"] == original["meta"]["1"]["created_at"]
    assert migrated["history"] == original.get("history", {})
    contents = read_contents(Path(name), migrated)  # validates every record and reference
    assert {kind: len(t) for kind, t in contents.tables.items() if t} == {
        "members": 2, "sources": 2, "observations": 4, "positions": 1, "quotes": 1}
    # Idempotent: migrating again, or applying the step again, changes nothing.
    assert migrate(migrated) == migrated
    assert v1_to_v2(migrated) == migrated


def test_opening_a_v1_file_backs_it_up_migrates_and_writes_it(v1_path: Path) -> None:
    original = v1_path.read_bytes()
    with Store.open(v1_path) as store:
        assert store.schema_version == SCHEMA_VERSION and not store.read_only
        assert store.meta["app_version"] == __version__ and store.meta["written_at"].endswith("Z")
        quote = store.get(Quote, ESP_QUOTE.id)
        assert quote is not None and quote.text == ESP_QUOTE.text
        history = store.history()
    on_disk = json.loads(v1_path.read_text(encoding="utf-8"))
    assert on_disk["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert on_disk["meta"]["1"]["app_version"] == __version__
    assert "history" in on_disk
    if "history" in json.loads(original):
        assert [e.user for e in history] == ["ana"] and quote.role == "President of the Government"
    [premigrate] = [b for b in list_backups(v1_path) if b.kind == PREMIGRATE]
    assert premigrate.path.name.startswith("store-premigrate-v1-")
    assert premigrate.path.read_bytes() == original  # verified: the file exactly as it was
    assert premigrate.schema_version == 1
    # Opening the migrated store again migrates nothing and backs nothing up before migrating.
    with Store.open(v1_path) as again:
        assert again.schema_version == SCHEMA_VERSION
        assert [b for b in list_backups(v1_path) if b.kind == PREMIGRATE] == [premigrate]


def test_a_v1_file_opens_without_recovery_report(v1_path: Path) -> None:
    store, report = open_with_recovery(v1_path, seed=sample_records)
    store.close()
    assert report is None and store.schema_version == SCHEMA_VERSION


def test_a_read_only_open_migrates_in_memory_only(v1_path: Path) -> None:
    original = v1_path.read_bytes()
    with Store.open(v1_path, read_only=True) as store:
        assert store.schema_version == SCHEMA_VERSION and len(store.members()) == 2
    assert v1_path.read_bytes() == original
    assert list_backups(v1_path) == []


def test_a_failing_migration_leaves_the_file_byte_identical(
    v1_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = v1_path.read_bytes()

    def broken(doc: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("members")

    monkeypatch.setitem(MIGRATIONS, 1, broken)
    with pytest.raises(StoreMigrationError) as info:
        open_with_recovery(v1_path, seed=sample_records)
    message = str(info.value)
    assert message.startswith(f"{v1_path} was saved by an older nato_desk (schema 1)")
    assert "the update failed (KeyError: 'members'). The file was not changed." in message
    assert v1_path.read_bytes() == original
    assert list(v1_path.parent.glob("*.corrupt-*")) == []  # a failed migration is not damage
    monkeypatch.undo()
    with Store.open(v1_path) as store:  # the lock was let go; fixed code migrates it
        assert store.schema_version == SCHEMA_VERSION


def test_no_migration_without_its_backup(v1_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = v1_path.read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(migrations_module, "write_backup", full)
    with pytest.raises(StoreMigrationError, match="could not be written: no space left on device. Nothing was"):
        Store.open(v1_path)
    assert v1_path.read_bytes() == original


def test_a_file_without_the_views_table_opens_with_no_saved_views(store_path: Path) -> None:
    """Saved views (issue 6) came without a schema bump: a missing table reads as empty."""
    from nato_desk.domain import SavedView

    store_path.parent.mkdir(parents=True)
    with Store.open(store_path, seed=sample_records) as store:
        assert store.schema_version == SCHEMA_VERSION
    doc = json.loads(store_path.read_text(encoding="utf-8"))
    doc.pop("views")  # as every schema-2 file written before saved views
    store_path.write_text(json.dumps(doc), encoding="utf-8")
    with Store.open(store_path) as store:
        assert store.all(SavedView) == []
        store.put_many([SavedView("v", "One", ("ESP",), "ranked", "2025-08", 2014, 2025)])
    with Store.open(store_path) as store:
        assert [v.name for v in store.all(SavedView)] == ["One"]
