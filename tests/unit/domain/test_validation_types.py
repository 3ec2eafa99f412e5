"""Every field of every record is type- and range-checked, by the store too.

A list as a source URL, a dict as a figure note, NaN in a source note or
Infinity as a target value used to pass validation (or fail far from its
cause: Show source did nothing, a tooltip raised, every save failed with
"Out of range float values are not JSON compliant"). Each is refused with a
message naming the record and the field, and nothing is written.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest

from nato_desk.domain import (
    Measure,
    Member,
    Observation,
    Position,
    SavedView,
    SetField,
    Source,
    Stance,
    Status,
    Target,
    ValidationError,
    validate,
)
from nato_desk.domain.validation import MAX_ID_CHARS, MAX_TEXT_CHARS
from nato_desk.store import Store, StoreCorruptError

ESP = Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe")
REPORT = Source("nato-2025", "Defence Expenditure of NATO Countries", "NATO", "2025-08",
                url="https://www.nato.int/report")
FIGURE = Observation("esp-2024", "ESP", 2024, Measure.PCT_GDP, 1.28, 2, Status.ACTUAL, "2025", REPORT.id)
HAGUE = Target("HAGUE_CORE", "3.5% core", Measure.CORE_PCT_GDP, 3.5, 2035, "2025-06-25", REPORT.id)


def _records() -> list[Any]:
    return [ESP, REPORT, FIGURE, HAGUE]


def _bad(record: Any, **changes: Any) -> Any:
    # dataclasses.replace does not check types: just what a damaged file or a bug hands over.
    return dataclasses.replace(record, **changes)


BAD = {
    "source url a list": (_bad(REPORT, url=["https://a.example", "https://b.example"]), "url", "a list"),
    "figure note a dict": (_bad(FIGURE, note={"text": "x"}), "note", "an object"),
    "source note NaN": (_bad(REPORT, note=math.nan), "note", "not text"),
    "figure value Infinity": (_bad(FIGURE, value=math.inf), "value", "inf"),
    "target value NaN": (_bad(HAGUE, value=math.nan), "value", "finite"),
    "year a bool": (_bad(FIGURE, year=True), "year", ""),
    "decimals a float": (_bad(FIGURE, decimals=2.0), "decimals", "whole number"),
    "status a plain string": (_bad(FIGURE, status="actual"), "status", "not one of"),
    "source id too long": (_bad(REPORT, id="s" * (MAX_ID_CHARS + 1)), "id", "character limit"),
    "note too long": (_bad(FIGURE, note="n" * (MAX_TEXT_CHARS + 1)), "note", "character limit"),
    "member capital None": (_bad(ESP, capital=None), "capital", "not text"),
    "member eurozone a number": (_bad(ESP, eurozone=1), "eurozone", "true or false"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_validate_names_record_and_field(name: str) -> None:
    record, field, words = BAD[name]
    with pytest.raises(ValidationError) as info:
        validate(record)
    assert info.value.field == field
    message = str(info.value)
    assert message.startswith(type(record).__name__ + " ")
    assert f": {field} " in message
    assert words in message


def test_a_position_source_list_of_numbers_and_a_view_of_lists_are_refused() -> None:
    pos = Position("p", "ESP", Stance.SUPPORTS, "Supports.", (REPORT.id,))
    with pytest.raises(ValidationError, match=r"Position p: source_ids item 2 is not text \(it is a number\)"):
        validate(_bad(pos, source_ids=(REPORT.id, 3)))
    view = SavedView("v", "Spain", ("ESP",), "trajectory", "2025", 2014, 2025)
    with pytest.raises(ValidationError, match=r"SavedView v: scenario is not text \(it is a list\)"):
        validate(_bad(view, scenario=["linear"]))


def test_good_records_pass() -> None:
    for record in _records():
        validate(record)
    validate(_bad(FIGURE, value=None, note="Not published."))
    validate(_bad(FIGURE, value=1))  # a whole number is a number


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store.open(tmp_path / "store.json", seed=_records) as opened:
        yield opened


@pytest.mark.parametrize("name", list(BAD))
def test_the_store_refuses_the_record_and_writes_nothing(store: Store, name: str) -> None:
    record, field, _ = BAD[name]
    before = store.path.read_bytes()
    with pytest.raises(ValidationError) as info:
        store.put_many([record])
    assert info.value.field == field
    assert store.path.read_bytes() == before
    # The record as it was before (or absent, for a new id), never the bad one.
    # (repr: 2.0 == 2 and Status.ACTUAL == "actual", so == cannot tell them apart)
    assert repr(store.get(type(record), record.id)) != repr(record)


@pytest.mark.parametrize(
    ("kind", "record_id", "field", "old", "new", "named"),
    [
        ("sources", REPORT.id, "url", REPORT.url, ["https://a.example"], "Source nato-2025: url"),
        ("sources", REPORT.id, "note", "", math.nan, "Source nato-2025: note"),
        ("observations", FIGURE.id, "note", "", {"text": "x"}, "Observation ESP 2024 (2025): note"),
        ("observations", FIGURE.id, "value", 1.28, math.inf, "Observation ESP 2024 (2025): value"),
        ("targets", HAGUE.id, "value", 3.5, -math.inf, "Target HAGUE_CORE: value"),
    ],
)
def test_an_edit_putting_nan_or_a_list_in_a_field_is_refused(
    store: Store, kind: str, record_id: str, field: str, old: Any, new: Any, named: str
) -> None:
    before = store.path.read_bytes()
    with pytest.raises(ValidationError) as info:
        store.apply(SetField(kind, record_id, field, old, new, "Edit"), user="ana")
    assert info.value.field == field
    assert str(info.value).startswith(named)
    assert store.path.read_bytes() == before
    assert store.history() == []
    # The store still saves: a correct edit after the refused one goes through.
    store.apply(SetField("sources", REPORT.id, "note", "", "Checked.", "Edit"), user="ana")
    assert store.source(REPORT.id).note == "Checked."  # type: ignore[union-attr]


def _damage(path: Path, table: str, doc_id: str, field: str, value: Any) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc[table][doc_id][field] = value
    path.write_text(json.dumps(doc), encoding="utf-8")  # json allows NaN by default: as a careless tool would


@pytest.mark.parametrize(
    ("table", "field", "value", "named"),
    [
        ("sources", "note", math.nan, "Source nato-2025: note"),
        ("sources", "url", ["https://a.example"], "Source nato-2025: url"),
        ("observations", "note", {"text": "x"}, "Observation ESP 2024 (2025): note"),
        ("targets", "value", math.inf, "Target HAGUE_CORE: value"),
    ],
)
def test_a_file_with_a_damaged_field_is_not_opened_as_valid(
    tmp_path: Path, table: str, field: str, value: Any, named: str
) -> None:
    path = tmp_path / "store.json"
    Store.open(path, seed=_records).close()
    _damage(path, table, "1", field, value)
    with pytest.raises(StoreCorruptError) as info:
        Store.open(path).close()
    assert named in str(info.value)
    assert named in info.value.reason


def _edited_store(tmp_path: Path) -> Path:
    """A store file with one edit, so it has meta, history and records."""
    path = tmp_path / "store.json"
    with Store.open(path, seed=_records) as opened:
        opened.apply(SetField("sources", REPORT.id, "note", "", "Checked.", "Edit"), user="ana")
    return path


@pytest.mark.parametrize(
    ("where", "named"),
    [
        ("meta", "table 'meta' › document 1 › checked holds nan"),
        ("unknown table", "table 'later_table' › document 1 › rate holds inf"),
        ("history", "table 'history' › document 1 › change › new holds nan"),
    ],
)
def test_nan_outside_the_records_is_damage_named_at_open_not_a_store_that_cannot_save(
    tmp_path: Path, where: str, named: str
) -> None:
    # Before, such a file opened writable and every save then failed with
    # "Out of range float values are not JSON compliant", correcting included.
    path = _edited_store(tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    if where == "meta":
        doc["meta"]["1"]["checked"] = math.nan
    elif where == "unknown table":
        doc["later_table"] = {"1": {"rate": math.inf}}
    else:
        doc["history"]["1"]["change"]["new"] = math.nan
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(StoreCorruptError) as info:
        Store.open(path).close()
    assert named in str(info.value)
    assert named in info.value.reason


def test_a_save_refused_for_nan_names_where(tmp_path: Path) -> None:
    from nato_desk.store import StoreWriteError
    from nato_desk.store.atomic_storage import AtomicJSONStorage

    path = tmp_path / "store.json"
    path.write_text("{}", encoding="utf-8")
    storage = AtomicJSONStorage(path)
    with pytest.raises(StoreWriteError, match=r"table 'meta' › document 1 › checked holds nan, a number JSON"):
        storage.write({"members": {}, "meta": {"1": {"schema_version": 5, "checked": math.nan}}})
    assert path.read_text(encoding="utf-8") == "{}"
