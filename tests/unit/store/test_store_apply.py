"""Store.apply: the one write path. Changes, their inverses, conflicts, history."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from store_samples import ESP_POSITION, ESP_QUOTE, NATO_REPORT, SPEECH, obs, write_changed_on_purpose

from nato_desk.domain import (
    RECORD_TYPES,
    AddRecord,
    Change,
    ChangeSet,
    HistoryEntry,
    Observation,
    Position,
    Quote,
    Record,
    RemoveRecord,
    SetField,
    Source,
    Stance,
    ValidationError,
    replace,
)
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import ChangeConflict, ReadOnlyStoreError, Store, StoreError, StoreWriteError

ESP_2025 = obs("ESP", 2025, 2.0, decimals=1)
NEW_SOURCE = Source("elpais-2025-07", "Sánchez defends 2.1%", "El País", "2025-07-02")
NEW_QUOTE = Quote("ESP-03", "ESP", "Margarita Robles", "Defence Minister", "2.1% is enough.",
                  "2025-07-02", SPEECH.id)
NOW = dt.datetime(2026, 11, 27, 10, 15, tzinfo=dt.UTC)


def data_tables(path: Path) -> dict[str, str]:
    """The JSON of every table of the snapshot file except history and meta.

    An edit goes to the journal; call ``store.compact()`` first to see it here.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: json.dumps(v, sort_keys=True) for k, v in data.items() if k not in ("history", "meta")}


def on_disk(path: Path) -> tuple[bytes, bytes | None]:
    """The snapshot's bytes and the journal's (None if there is none, or it is empty)."""
    journal = path.with_name(path.name + ".journal")
    return path.read_bytes(), (journal.read_bytes() or None) if journal.exists() else None


def memory(store: Store) -> dict[str, list[Record]]:
    return {kind: store.all(cls) for kind, cls in RECORD_TYPES.items()}


CHANGES: dict[str, Change] = {
    "observation value": SetField("observations", ESP_2025.id, "value", 2.0, 2.1, "Edit Spain 2025 estimate"),
    "quote text": SetField("quotes", ESP_QUOTE.id, "text", ESP_QUOTE.text, "Nuevo texto.", "Edit quote text"),
    "position stance": SetField("positions", ESP_POSITION.id, "stance", Stance.OPPOSES_OR_EXEMPTED,
                                Stance.SUPPORTS_WITH_RESERVATIONS, "Edit Spain stance"),
    "position sources": SetField("positions", ESP_POSITION.id, "source_ids", ESP_POSITION.source_ids,
                                 (SPEECH.id,), "Edit Spain position sources"),
    "add quote": AddRecord(NEW_QUOTE, "Add quote ESP-03"),
    "remove quote": RemoveRecord(ESP_QUOTE, "Delete quote"),
    "source and quote": ChangeSet(
        (AddRecord(NEW_SOURCE, "Add source"), AddRecord(replace(NEW_QUOTE, source_id=NEW_SOURCE.id), "Add quote")),
        "Add quote with its source",
    ),
    "remove observation": RemoveRecord(ESP_2025, "Delete Spain 2025"),
}


@pytest.mark.parametrize("name", CHANGES)
def test_change_then_inverse_leaves_the_data_byte_identical(filled: Store, store_path: Path, name: str) -> None:
    change = CHANGES[name]
    tables_before, memory_before = data_tables(store_path), memory(filled)

    first = filled.apply(change, user="ana", reason="budget law", now=NOW)
    filled.compact()
    assert data_tables(store_path) != tables_before
    assert memory(filled) != memory_before
    second = filled.apply(change.inverse(), user="ana", reason="oops")
    filled.compact()

    assert data_tables(store_path) == tables_before
    assert memory(filled) == memory_before
    assert filled.history() == [first, second]
    assert [e.label for e in filled.history()] == [change.label, f"Undo {change.label}"]
    assert (first.user, first.reason, first.at, first.change) == ("ana", "budget law", "2026-11-27T10:15:00Z", change)
    assert (second.user, second.reason, second.change) == ("ana", "oops", change.inverse())
    assert first.id != second.id and filled.history_entry(first.id) == first
    for kind, id in first.records:
        assert filled.history_for(kind, id) == [first, second]
        assert filled.last_change(kind, id) == second


def test_set_field_updates_queries_and_keeps_enum_types(filled: Store) -> None:
    filled.apply(CHANGES["observation value"], user="ana")
    assert filled.observations("ESP")[1].value == 2.1  # the sorted cache was refreshed
    filled.apply(SetField("positions", ESP_POSITION.id, "stance", Stance.OPPOSES_OR_EXEMPTED,
                          "supports", "Edit stance"), user="ana")  # the JSON form is accepted
    stance = filled.position("ESP").stance  # type: ignore[union-attr]
    assert stance is Stance.SUPPORTS and stance.label == "Supports"


def test_deleted_quote_comes_back_with_the_same_id_and_place(filled: Store, store_path: Path) -> None:
    filled.put_many([replace(ESP_QUOTE, id="a-first"), replace(ESP_QUOTE, id="z-last")])
    order = [q.id for q in filled.quotes()]
    entry = filled.apply(RemoveRecord(ESP_QUOTE, "Delete quote"), user="ana")
    assert filled.get(Quote, ESP_QUOTE.id) is None
    filled.apply(entry.change.inverse(), user="ana")
    assert filled.get(Quote, ESP_QUOTE.id) == ESP_QUOTE
    assert [q.id for q in filled.quotes()] == order
    filled.compact()
    docs = json.loads(store_path.read_text(encoding="utf-8"))["quotes"]
    assert [docs[n]["id"] for n in ("1", "2", "3")] == order


def test_later_changes_in_a_set_see_the_earlier_ones(filled: Store) -> None:
    edit = ChangeSet((
        AddRecord(NEW_QUOTE, "Add quote"),
        SetField("quotes", NEW_QUOTE.id, "text", NEW_QUOTE.text, "Corrected.", "Fix text"),
    ), "Add quote")
    filled.apply(edit, user="ana")
    assert filled.get(Quote, NEW_QUOTE.id) == replace(NEW_QUOTE, text="Corrected.")
    filled.apply(edit.inverse(), user="ana")
    assert filled.get(Quote, NEW_QUOTE.id) is None


# ------------------------------------------------------------------ refused


def _refused(store: Store, path: Path, change: Change, error: type[Exception]) -> Exception:
    before, memory_before, history_before = on_disk(path), memory(store), store.history()
    with pytest.raises(error) as info:
        store.apply(change, user="ana")
    assert on_disk(path) == before  # neither the snapshot nor the journal
    assert memory(store) == memory_before and store.history() == history_before
    assert not list(path.parent.glob("*.tmp"))
    return info.value


def test_stale_old_value_is_a_conflict(filled: Store, store_path: Path) -> None:
    change = SetField("observations", ESP_2025.id, "value", 1.9, 2.1, "Edit Spain 2025 estimate")
    error = _refused(filled, store_path, change, ChangeConflict)
    assert str(error) == "Observation ESP 2025 (2025): value was changed meanwhile (now 2.0, expected 1.9)"
    assert isinstance(error, ChangeConflict) and error.field == "value"


def test_adding_an_existing_id_is_a_conflict(filled: Store, store_path: Path) -> None:
    error = _refused(filled, store_path, AddRecord(replace(ESP_QUOTE, text="Other."), "Add quote"), ChangeConflict)
    assert str(error) == f"Quote {ESP_QUOTE.id} already exists"


def test_removing_a_missing_or_changed_record_is_a_conflict(filled: Store, store_path: Path) -> None:
    error = _refused(filled, store_path, RemoveRecord(NEW_QUOTE, "Delete quote"), ChangeConflict)
    assert str(error) == "Quote ESP-03 was removed meanwhile"
    stale = replace(ESP_QUOTE, text="What the dialog showed.")
    error = _refused(filled, store_path, RemoveRecord(stale, "Delete quote"), ChangeConflict)
    assert str(error) == f"Quote {ESP_QUOTE.id} was changed meanwhile (text differs)"


def test_editing_a_missing_record_is_a_conflict(filled: Store, store_path: Path) -> None:
    change = SetField("quotes", "nope", "text", "a", "b", "Edit quote")
    assert str(_refused(filled, store_path, change, ChangeConflict)) == "Quote nope was removed meanwhile"


def test_removing_a_cited_source_is_refused(filled: Store, store_path: Path) -> None:
    error = _refused(filled, store_path, RemoveRecord(SPEECH, "Delete source"), ValidationError)
    assert isinstance(error, ValidationError) and error.field in {"source_id", "source_ids"}
    assert SPEECH.id in str(error)
    # Removing the citing records in the same change makes it acceptable.
    together = ChangeSet((
        RemoveRecord(ESP_QUOTE, "Delete quote"),
        SetField("positions", ESP_POSITION.id, "source_ids", ESP_POSITION.source_ids, (NATO_REPORT.id,), "Edit"),
        RemoveRecord(SPEECH, "Delete source"),
    ), "Delete source and its quote")
    filled.apply(together, user="ana")
    assert filled.source(SPEECH.id) is None


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        (SetField("observations", ESP_2025.id, "value", 2.0, 150, "Edit"), "value",
         "Observation ESP 2025 (2025): value 150 is outside 0-100 (% of GDP)"),
        (AddRecord(replace(NEW_QUOTE, source_id="nowhere"), "Add quote"), "source_id",
         "Quote ESP-03: source_id 'nowhere' is not a known source"),
        (AddRecord(replace(NEW_QUOTE, text="  "), "Add quote"), "text", "Quote ESP-03: text is empty"),
        (SetField("quotes", ESP_QUOTE.id, "text", ESP_QUOTE.text, "", "Edit"), "text",
         f"Quote {ESP_QUOTE.id}: text is empty"),
        (SetField("quotes", ESP_QUOTE.id, "colour", None, "red", "Edit"), "colour",
         f"Quote {ESP_QUOTE.id}: colour is not a field of this record"),
        (SetField("quotes", ESP_QUOTE.id, "id", ESP_QUOTE.id, "new-id", "Edit"), "id",
         f"Quote {ESP_QUOTE.id}: id cannot be changed (it is the record's id)"),
        (SetField("positions", ESP_POSITION.id, "stance", Stance.OPPOSES_OR_EXEMPTED, "maybe", "Edit"),
         "stance", None),
    ],
)
def test_invalid_records_are_refused_naming_the_field(
    filled: Store, store_path: Path, change: Change, field: str, text: str | None
) -> None:
    error = _refused(filled, store_path, change, ValidationError)
    assert isinstance(error, ValidationError) and error.field == field
    if text is not None:
        assert str(error) == text


def test_a_failing_part_refuses_the_whole_set(filled: Store, store_path: Path) -> None:
    change = ChangeSet((AddRecord(NEW_SOURCE, "Add source"), AddRecord(ESP_QUOTE, "Add quote")), "Add both")
    _refused(filled, store_path, change, ChangeConflict)
    assert filled.source(NEW_SOURCE.id) is None


def test_read_only_store_refuses_before_anything(
    filled: Store, open_store: Callable[..., Store], store_path: Path
) -> None:
    reader = open_store(read_only=True)
    before = on_disk(store_path)
    with pytest.raises(ReadOnlyStoreError):
        reader.apply(AddRecord(ESP_QUOTE, "x"), user="ana")  # would be a conflict, too
    with pytest.raises(ReadOnlyStoreError):
        reader.revert("nope", user="ana")
    assert on_disk(store_path) == before and reader.history() == []


def test_closed_store_refuses(filled: Store) -> None:
    filled.close()
    with pytest.raises(StoreError, match="closed"):
        filled.apply(CHANGES["add quote"], user="ana")


# ------------------------------------------------------------------ durability


def test_change_and_history_survive_a_restart(filled: Store, open_store: Callable[..., Store]) -> None:
    names = ["observation value", "quote text", "position stance", "position sources", "source and quote"]
    entries = [filled.apply(CHANGES[name], user="ana", reason=f"because {name}", now=NOW) for name in names]
    filled.close()
    again = open_store()
    assert again.history() == entries
    assert again.get(Observation, ESP_2025.id).value == 2.1  # type: ignore[union-attr]
    assert again.get(Position, ESP_POSITION.id).stance is Stance.SUPPORTS_WITH_RESERVATIONS  # type: ignore[union-attr]
    assert again.get(Position, ESP_POSITION.id).source_ids == (SPEECH.id,)  # type: ignore[union-attr]
    assert again.get(Source, NEW_SOURCE.id) == NEW_SOURCE
    assert again.last_change("observations", ESP_2025.id) == entries[0]
    assert again.history_for("positions", ESP_POSITION.id) == entries[2:4]
    assert again.history_entry(entries[0].id) == entries[0]


def test_put_many_keeps_the_history(filled: Store, open_store: Callable[..., Store]) -> None:
    entry = filled.apply(CHANGES["add quote"], user="ana")
    filled.put_many([obs("ESP", 2024, 1.24)])
    filled.remove(Observation, obs("POL", 2024, 4.12).id)
    filled.close()
    assert open_store().history() == [entry]


def test_failed_write_changes_nothing_and_a_retry_works(
    filled: Store, open_store: Callable[..., Store], store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    change = CHANGES["observation value"]
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", full_disk)  # the journal append
        error = _refused(filled, store_path, change, StoreWriteError)
    assert str(error) == f"Could not save {store_path}: no space left on device"
    assert filled.last_change("observations", ESP_2025.id) is None
    entry = filled.apply(change, user="ana")
    assert filled.history() == [entry]
    assert filled.get(Observation, ESP_2025.id).value == 2.1  # type: ignore[union-attr]
    filled.close()
    again = open_store()
    assert again.history() == [entry]  # the retry was saved, and only it
    assert again.get(Observation, ESP_2025.id).value == 2.1  # type: ignore[union-attr]


def test_unreadable_history_entries_are_skipped_but_kept(
    filled: Store, open_store: Callable[..., Store], store_path: Path
) -> None:
    entry = filled.apply(CHANGES["add quote"], user="ana")
    filled.close()
    data = json.loads(store_path.read_text(encoding="utf-8"))
    future = {"id": "x", "at": "2030-01-01T00:00:00Z", "user": "bo", "change": {"type": "merge", "label": "?"}}
    data["history"]["2"] = future
    data["history"]["3"] = "not even a dict"
    write_changed_on_purpose(store_path, data)

    again = open_store()
    assert again.history() == [entry]
    later = again.apply(CHANGES["observation value"], user="ana")
    assert again.history() == [entry, later]
    again.compact()
    stored = json.loads(store_path.read_text(encoding="utf-8"))["history"]
    assert [stored[n] for n in ("2", "3")] == [future, "not even a dict"]
    assert HistoryEntry.from_dict(stored["4"]) == later


def test_now_is_recorded_in_utc_seconds(filled: Store) -> None:
    naive = filled.apply(CHANGES["add quote"], user="ana", now=dt.datetime(2026, 1, 2, 3, 4, 5, 999))
    assert naive.at == "2026-01-02T03:04:05Z"
    plus_one = dt.timezone(dt.timedelta(hours=1))
    aware = filled.apply(CHANGES["add quote"].inverse(), user="ana",
                         now=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=plus_one))
    assert aware.at == "2026-01-02T02:04:05Z"
    current = filled.apply(CHANGES["add quote"], user="ana")
    assert current.at.endswith("Z") and len(current.at) == len("2026-01-02T03:04:05Z")


# ------------------------------------------------------------------ revert


def test_revert_brings_the_data_back_as_a_new_entry(filled: Store, store_path: Path) -> None:
    tables = data_tables(store_path)
    edit = filled.apply(CHANGES["remove quote"], user="ana")
    revert = filled.revert(edit.id, user="bo", reason="deleted by mistake")
    assert filled.get(Quote, ESP_QUOTE.id) == ESP_QUOTE
    filled.compact()
    assert data_tables(store_path) == tables
    assert (revert.reverts, revert.label, revert.user, revert.reason) == (
        edit.id, "Revert Delete quote", "bo", "deleted by mistake")
    assert filled.history() == [edit, revert]
    # A revert is a change like any other: it can be undone.
    filled.apply(revert.change.inverse(), user="bo")
    assert filled.get(Quote, ESP_QUOTE.id) is None


def test_revert_after_a_later_edit_is_a_conflict(filled: Store, store_path: Path) -> None:
    edit = filled.apply(CHANGES["observation value"], user="ana")
    filled.apply(SetField("observations", ESP_2025.id, "value", 2.1, 2.2, "Edit again"), user="bo")
    before = on_disk(store_path)
    with pytest.raises(ChangeConflict, match=r"value was changed meanwhile \(now 2.2, expected 2.1\)"):
        filled.revert(edit.id, user="ana")
    assert on_disk(store_path) == before and len(filled.history()) == 2
    with pytest.raises(KeyError):
        filled.revert("no-such-entry", user="ana")


# ------------------------------------------------------------------ the real seed


def test_edit_and_undo_on_the_seed(open_store: Callable[..., Store], store_path: Path) -> None:
    store = open_store(seed=lambda: load_seed(seed_folder()))
    before = data_tables(store_path)
    deu = next(o for o in store.observations("DEU", edition="2025-08") if o.year == 2025)
    set_value = ChangeSet((
        SetField("observations", deu.id, "value", None, 2.4, "value"),
        SetField("observations", deu.id, "note", deu.note, "", "note"),
    ), "Edit Germany 2025 estimate")
    blank_without_note = ChangeSet(set_value.changes[1:], "Clear note")
    with pytest.raises(ValidationError, match="note must explain"):
        store.apply(blank_without_note, user="ana")
    entry = store.apply(set_value, user="ana", reason="budget law")
    assert store.last_change("observations", deu.id) == entry
    store.apply(set_value.inverse(), user="ana")
    store.compact()
    assert data_tables(store_path) == before
    store.close()
    again = open_store()
    assert [e.label for e in again.history()] == ["Edit Germany 2025 estimate", "Undo Edit Germany 2025 estimate"]
    assert again.history()[0].reason == "budget law"
