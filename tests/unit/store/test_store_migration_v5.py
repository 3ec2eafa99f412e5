"""Schema 4 → 5 (sources gain ``text``), against the frozen store_v4.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from nato_desk.domain import AddRecord, Source, ValidationError, validate
from nato_desk.domain.validation import MAX_SOURCE_TEXT
from nato_desk.store import SCHEMA_VERSION, Store, list_backups
from nato_desk.store.backups import PREMIGRATE
from nato_desk.store.migrations import migrate, v4_to_v5
from nato_desk.store.schema import read_contents

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
V4 = "store_v4.json"


def _fixture() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / V4).read_text(encoding="utf-8"))
    return doc


def test_v4_migrates_every_source_to_an_empty_text_and_nothing_else() -> None:
    original = _fixture()
    frozen = json.dumps(original, sort_keys=True)
    assert all("text" not in s for s in original["sources"].values())  # what schema-4 disks hold
    step = v4_to_v5(original)
    assert json.dumps(original, sort_keys=True) == frozen  # pure
    assert step["meta"]["1"]["schema_version"] == 5
    assert all(s["text"] == "" for s in step["sources"].values())
    # Apart from the new field and the version, the document is the same.
    for document in step["sources"].values():
        document.pop("text")
    step["meta"]["1"]["schema_version"] = 4
    assert step == original
    # The whole chain to today's schema keeps the sources' empty text; the
    # later step (5 -> 6) adds only the store's id and save sequence to meta.
    migrated = migrate(original)
    assert json.dumps(original, sort_keys=True) == frozen
    assert migrated["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 6
    assert all(s["text"] == "" for s in migrated["sources"].values())
    for document in migrated["sources"].values():
        document.pop("text")
    meta = migrated["meta"]["1"]
    assert isinstance(meta.pop("store_id"), str) and meta.pop("save_seq") == 0
    meta["schema_version"] = 4
    assert migrated == original
    tables = read_contents(Path(V4), migrate(original)).tables  # validates every record and reference
    press = tables["sources"]["ana-press-2025-06"]
    assert isinstance(press, Source) and (press.kind, press.text) == ("press", "")
    again = migrate(original)
    assert migrate(again) == again and v4_to_v5(again) == again  # idempotent


def test_opening_a_v4_file_backs_it_up_and_keeps_its_history(tmp_path: Path) -> None:
    path = tmp_path / "data" / "store.json"
    path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / V4, path)
    original = path.read_bytes()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [e.user for e in store.history()] == ["ana", "ana"]
        article = Source("ART", "An article", "Wire", text="First paragraph.\n\nSecond.")
        store.apply(AddRecord(article, "Add source ART"), user="ana")
    with Store.open(path) as again:
        stored = again.source("ART")
        assert stored is not None and stored.text == "First paragraph.\n\nSecond."
    [premigrate] = [b for b in list_backups(path) if b.kind == PREMIGRATE]
    assert premigrate.path.name.startswith("store.json-premigrate-v4-") and premigrate.path.read_bytes() == original


def test_a_source_text_must_be_text_within_the_limit() -> None:
    validate(Source("S", "T", text="x" * MAX_SOURCE_TEXT))
    with pytest.raises(ValidationError) as too_long:
        validate(Source("S", "T", text="x" * (MAX_SOURCE_TEXT + 1)))
    assert too_long.value.field == "text"
    with pytest.raises(ValidationError) as not_text:
        validate(Source("S", "T", text=3))  # type: ignore[arg-type]
    assert not_text.value.field == "text"
