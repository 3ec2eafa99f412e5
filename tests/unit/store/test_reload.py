"""A read-only store follows the writer's saves with ``reload()`` (issue 13, item 4).

Two stores on one file, as two windows: the writer journals each edit and
rewrites the snapshot at close; the reader (locked out, so read-only)
reloads and must then hold exactly what a fresh read-only open would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from store_samples import obs, sample_records

from nato_desk.domain import RECORD_TYPES, Observation, SetField
from nato_desk.store import LOCKED_REASON, Store, StoreError
from nato_desk.store import store as store_module
from nato_desk.store.journal import journal_path


def _value_edit(store: Store, id: str, new: float) -> SetField:
    current = store.get(Observation, id)
    assert current is not None
    return SetField("observations", id, "value", current.value, new, "Edit value")


def _snapshot_of(store: Store) -> tuple[dict[str, list[object]], list[str], int, str]:
    tables = {kind: store.all(cls) for kind, cls in RECORD_TYPES.items()}
    return tables, [e.id for e in store.history()], store.save_seq, store.store_id


def _as_fresh_open_sees(reader: Store, path: Path) -> None:
    fresh = Store.open(path, read_only=True)
    try:
        assert _snapshot_of(reader) == _snapshot_of(fresh)
    finally:
        fresh.close()


@pytest.fixture
def pair(open_store: Callable[..., Store]) -> tuple[Store, Store]:
    writer = open_store(seed=sample_records)
    reader = open_store()
    assert reader.read_only_reason == LOCKED_REASON
    return writer, reader


def test_an_edit_by_the_writer_shows_in_the_reader_with_its_history(pair, store_path):
    writer, reader = pair
    assert reader.observations("ESP")[0].value == 1.28  # the index is built before the edit
    entry = writer.apply(_value_edit(writer, "esp-2024-2025", 1.31), user="ana")

    assert reader.reload() is True
    assert reader.get(Observation, "esp-2024-2025").value == 1.31
    assert [o.value for o in reader.observations("ESP")] == [1.31, 2.0]  # the index follows too
    assert [e.id for e in reader.history_for("observations", "esp-2024-2025")] == [entry.id]
    assert reader.save_seq == writer.save_seq
    _as_fresh_open_sees(reader, store_path)


def test_added_and_removed_records_show_after_reload(pair, store_path):
    writer, reader = pair
    writer.put_many([obs("POL", 2023, 3.9)])
    writer.remove(Observation, "esp-2024-2025")

    assert reader.reload() is True
    assert reader.get(Observation, "pol-2023-2025").value == 3.9
    assert reader.get(Observation, "esp-2024-2025") is None
    _as_fresh_open_sees(reader, store_path)


def test_the_writer_closing_leaves_the_reader_consistent(pair, store_path):
    writer, reader = pair
    writer.apply(_value_edit(writer, "esp-2024-2025", 1.31), user="ana")
    assert reader.reload() is True
    writer.close()  # the snapshot is rewritten with the edit, the journal removed
    assert not journal_path(store_path).exists()

    assert reader.reload() is False  # the same data, now all in the snapshot
    assert reader.get(Observation, "esp-2024-2025").value == 1.31
    _as_fresh_open_sees(reader, store_path)

    # A writer started afterwards journals over the new snapshot: followed too.
    again = Store.open(store_path)
    try:
        again.apply(_value_edit(again, "esp-2024-2025", 1.4), user="ana")
        assert reader.reload() is True
        assert reader.get(Observation, "esp-2024-2025").value == 1.4
        assert len(reader.history_for("observations", "esp-2024-2025")) == 2
    finally:
        again.close()


def test_missed_saves_across_a_close_and_a_new_writer_are_all_read(pair, store_path):
    writer, reader = pair
    writer.apply(_value_edit(writer, "esp-2024-2025", 1.31), user="ana")
    writer.close()
    again = Store.open(store_path)
    try:
        again.apply(_value_edit(again, "pol-2024-2025", 4.2), user="ana")
        assert reader.reload() is True
        assert reader.get(Observation, "esp-2024-2025").value == 1.31
        assert reader.get(Observation, "pol-2024-2025").value == 4.2
        _as_fresh_open_sees(reader, store_path)
    finally:
        again.close()


def test_nothing_changed_is_false_and_reads_nothing(pair, monkeypatch):
    writer, reader = pair
    writer.apply(_value_edit(writer, "esp-2024-2025", 1.31), user="ana")
    assert reader.reload() is True

    def no_reading(*args, **kwargs):
        raise AssertionError("nothing changed, so nothing should be read")

    monkeypatch.setattr(store_module, "read_journal", no_reading)
    monkeypatch.setattr(Store, "_load", no_reading)
    assert reader.reload() is False
    assert reader.get(Observation, "esp-2024-2025").value == 1.31


def test_a_half_written_journal_line_is_not_visible_yet(pair):
    writer, reader = pair
    writer.apply(_value_edit(writer, "esp-2024-2025", 1.31), user="ana")
    with open(journal_path(writer.watched_files()[0]), "ab") as journal:
        journal.write(b"0123abcd {\"store\": ")  # the writer mid-append

    assert reader.reload() is True
    assert reader.get(Observation, "esp-2024-2025").value == 1.31
    assert reader.recovery_report is None  # not damage: an edit not yet acknowledged


def test_an_unreadable_file_keeps_the_old_data_and_says_so(pair, store_path):
    writer, reader = pair
    writer.close()
    store_path.write_text("{ this is not a store", encoding="utf-8")

    with pytest.raises(StoreError, match="still shows the data as it was last read"):
        reader.reload()
    assert reader.get(Observation, "esp-2024-2025").value == 1.28
    assert reader.member("ESP").name == "Spain"

    store_path.unlink()
    with pytest.raises(StoreError, match="the file is gone"):
        reader.reload()
    assert reader.get(Observation, "esp-2024-2025").value == 1.28


def test_a_writable_store_does_not_reload(filled, monkeypatch):
    monkeypatch.setattr(Store, "_load", lambda *a, **k: pytest.fail("the writer never re-reads"))
    assert not filled.follows_file
    assert filled.reload() is False


def test_a_store_opened_read_only_on_request_follows_the_file(open_store, store_path):
    writer = open_store(seed=sample_records)
    writer.close()
    reader = open_store(read_only=True)
    writer = open_store()  # takes the lock: the reader did not hold it
    assert not writer.read_only and reader.follows_file
    writer.apply(_value_edit(writer, "pol-2024-2025", 4.2), user="ana")
    assert reader.reload() is True
    assert reader.get(Observation, "pol-2024-2025").value == 4.2


def test_an_in_memory_store_has_nothing_to_reload(tmp_path):
    store = Store.in_memory(sample_records(), path=tmp_path / "none.json", reason="Shipped data.")
    assert not store.follows_file
    assert store.reload() is False
