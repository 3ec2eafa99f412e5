"""Changes: inverses, labels and the JSON form the history keeps."""

from __future__ import annotations

import json

import pytest

from nato_desk.domain import (
    AddRecord,
    Change,
    ChangeSet,
    HistoryEntry,
    Measure,
    Observation,
    Position,
    Quote,
    RemoveRecord,
    SetField,
    Source,
    Stance,
    Status,
    change_from_dict,
    change_to_dict,
    touched,
)

OBS = Observation("2025-08/ESP/pct_gdp/2025", "ESP", 2025, Measure.PCT_GDP, 2.0, 1,
                  Status.ESTIMATE, "2025-08", "NATO_DE2025")
QUOTE = Quote("ESP-01", "ESP", "Pedro Sánchez", "Prime Minister of Spain", "No es razonable",
              "2025-06-19", "SRC", lang="es")
POSITION = Position("ESP-hague-2025", "ESP", Stance.OPPOSES_OR_EXEMPTED, "2.1% is enough", ("SRC", "NATO"))
SOURCE = Source("SRC", "Letter", "La Moncloa", "2025-06-19")

CHANGES: dict[str, Change] = {
    "value": SetField("observations", OBS.id, "value", 2.0, 2.1, "Edit Spain 2025 estimate"),
    "blank": SetField("observations", OBS.id, "value", None, 2.4, "Edit Germany 2025 estimate"),
    "status": SetField("observations", OBS.id, "status", Status.ESTIMATE, Status.ACTUAL, "Edit status"),
    "stance": SetField("positions", POSITION.id, "stance", Stance.OPPOSES_OR_EXEMPTED, Stance.SUPPORTS,
                       "Edit Spain stance"),
    "source_ids": SetField("positions", POSITION.id, "source_ids", ("SRC", "NATO"), ("SRC",), "Edit sources"),
    "text": SetField("quotes", QUOTE.id, "text", QUOTE.text, "Texto nuevo", "Edit quote"),
    "add": AddRecord(QUOTE, "Add quote ESP-01"),
    "remove": RemoveRecord(POSITION, "Delete position"),
    "set": ChangeSet((AddRecord(SOURCE, "Add source"), AddRecord(QUOTE, "Add quote"),
                      SetField("observations", OBS.id, "value", 2.0, 2.1, "Edit")), "Add quote with its source"),
    "nested": ChangeSet((ChangeSet((RemoveRecord(OBS, "Delete"),), "inner"),), "outer"),
}


@pytest.mark.parametrize("name", CHANGES)
def test_inverse_of_inverse_is_the_change(name: str) -> None:
    change = CHANGES[name]
    assert change.inverse().inverse() == change
    assert change.inverse() != change


@pytest.mark.parametrize("name", CHANGES)
def test_json_round_trip_keeps_enums_and_tuples(name: str) -> None:
    change = CHANGES[name]
    data = json.loads(json.dumps(change_to_dict(change)))  # really through JSON
    back = change_from_dict(data)
    assert back == change
    assert change_from_dict(json.loads(json.dumps(change_to_dict(change.inverse())))) == change.inverse()


def test_round_trip_types() -> None:
    stance = change_from_dict(json.loads(json.dumps(change_to_dict(CHANGES["stance"]))))
    assert isinstance(stance, SetField)
    assert stance.old is Stance.OPPOSES_OR_EXEMPTED and stance.new is Stance.SUPPORTS
    status = change_from_dict(json.loads(json.dumps(change_to_dict(CHANGES["status"]))))
    assert isinstance(status, SetField) and status.new is Status.ACTUAL
    sources = change_from_dict(json.loads(json.dumps(change_to_dict(CHANGES["source_ids"]))))
    assert isinstance(sources, SetField) and sources.old == ("SRC", "NATO") and isinstance(sources.old, tuple)
    removed = change_from_dict(json.loads(json.dumps(change_to_dict(CHANGES["remove"]))))
    assert isinstance(removed, RemoveRecord) and removed.record == POSITION
    assert isinstance(removed.record, Position) and removed.record.source_ids == ("SRC", "NATO")


def test_labels() -> None:
    change = CHANGES["value"]
    assert change.inverse().label == "Undo Edit Spain 2025 estimate"
    assert change.inverse().inverse().label == "Edit Spain 2025 estimate"
    assert AddRecord(QUOTE, "Add quote").inverse() == RemoveRecord(QUOTE, "Undo Add quote")


def test_change_set_inverse_runs_backwards() -> None:
    change = CHANGES["set"]
    assert isinstance(change, ChangeSet)
    inverse = change.inverse()
    assert [type(c) for c in inverse.changes] == [SetField, RemoveRecord, RemoveRecord]
    assert inverse.changes[-1] == RemoveRecord(SOURCE, "Undo Add source")


def test_touched_lists_each_record_once_in_order() -> None:
    assert touched(CHANGES["set"]) == [("sources", "SRC"), ("quotes", QUOTE.id), ("observations", OBS.id)]
    twice = ChangeSet((CHANGES["value"], CHANGES["status"]), "Edit")
    assert touched(twice) == [("observations", OBS.id)]


def test_unknown_change_type_is_refused() -> None:
    with pytest.raises(ValueError):
        change_from_dict({"type": "merge", "label": "x", "kind": "quotes", "record": change_to_dict(
            CHANGES["add"])["record"]})
    with pytest.raises(KeyError):
        change_from_dict({"label": "x"})


def test_history_entry_round_trip() -> None:
    entry = HistoryEntry("h1", "2026-11-27T10:15:00Z", "ana", CHANGES["set"], reason="budget law", reverts="h0")
    back = HistoryEntry.from_dict(json.loads(json.dumps(entry.to_dict())))
    assert back == entry
    assert back.label == "Add quote with its source"
    assert back.records == touched(CHANGES["set"])
    minimal = {"id": "h2", "at": "2026-11-27T10:15:00Z", "user": "bo", "change": change_to_dict(CHANGES["add"])}
    assert HistoryEntry.from_dict(minimal) == HistoryEntry("h2", "2026-11-27T10:15:00Z", "bo", CHANGES["add"])
