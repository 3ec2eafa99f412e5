"""Round trips, seeding and the read API of Store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from store_samples import ESP, ESP_POSITION, ESP_QUOTE, NATO_REPORT, POL, SPEECH, obs, sample_records

from nato_desk.domain import Member, Observation, Position, Quote, Record, Source, Stance, ValidationError
from nato_desk.store import SCHEMA_VERSION, Store, StoreError


def test_put_many_close_reopen_gives_identical_records(
    open_store: Callable[..., Store], store_path: Path
) -> None:
    records = sample_records()
    store = open_store()
    store.put_many(records)
    store.close()

    again = open_store()
    for record in records:
        assert again.get(type(record), record.id) == record
    assert sum(again.counts().values()) == len(records)
    assert not again.read_only and again.read_only_reason is None

    data = json.loads(store_path.read_text(encoding="utf-8"))
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 6
    assert again.schema_version == 6
    assert data["members"]["1"]["id"] == "ESP"
    # ensure_ascii=False: the analyst can read the file.
    assert "Pedro Sánchez" in store_path.read_text(encoding="utf-8")


def test_seed_is_called_on_first_open_only(open_store: Callable[..., Store]) -> None:
    calls: list[int] = []

    def seed() -> list[Record]:
        calls.append(1)
        return sample_records()

    first = open_store(seed=seed)
    assert calls == [1]
    assert first.meta["seeded_from"] == "data/"
    assert first.meta["created_at"].endswith("+00:00")
    first.close()

    second = open_store(seed=seed)
    assert calls == [1]
    assert second.counts()["observations"] == 4


def test_seed_is_one_write(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    replaces: list[object] = []
    real_replace = os.replace

    def counting_replace(src: str, dst: object) -> None:
        replaces.append(dst)
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", counting_replace)
    with Store.open(store_path, seed=sample_records):
        pass
    # The store is written once; the other replace is its rolling backup.
    assert replaces.count(store_path) == 1


def test_invalid_seed_writes_nothing_and_frees_the_lock(
    open_store: Callable[..., Store], store_path: Path
) -> None:
    with pytest.raises(ValidationError):
        open_store(seed=lambda: [obs("ESP", 2024, 1.3)])  # ESP and the source are missing
    assert not store_path.exists()
    assert not open_store().read_only


def test_tables_are_in_id_order_in_memory_and_on_disk(
    open_store: Callable[..., Store], store_path: Path
) -> None:
    # The file is canonical (id order, doc_ids 1..n), so that a change and its
    # inverse leave it byte-identical; memory keeps the same order.
    sources = [Source(f"s{n}", f"Source {n}") for n in range(12, 0, -1)]
    store = open_store()
    store.put_many(sources)
    store.put_many([Source("s12", "Source twelve, renamed")])  # replaced in place
    expected = sorted(s.id for s in sources)  # as text: s1, s10, s11, s12, s2, ...
    assert [s.id for s in store.sources()] == expected
    store.close()
    assert [s.id for s in open_store(read_only=True).sources()] == expected
    docs = json.loads(store_path.read_text(encoding="utf-8"))["sources"]
    assert [docs[str(n)]["id"] for n in range(1, 13)] == expected


def test_tables_stay_in_id_order_through_additions_removals_and_a_replayed_journal(
    open_store: Callable[..., Store], store_path: Path
) -> None:
    # Additions at the end in increasing order keep the order without a sort; any
    # other addition is put in its place. Each step is one journal line, replayed
    # at the next open (the same path as in memory).
    store = open_store()
    steps: list[Callable[[], object]] = [
        lambda: store.put_many([Source("s3", "three")]),
        lambda: store.put_many([Source("s5", "five"), Source("s7", "seven")]),  # after the rest
        lambda: store.put_many([Source("s4", "four")]),  # between: sorted in
        lambda: store.remove(Source, "s7"),
        lambda: store.put_many([Source("s6", "six")]),  # before the removed s7, after s5
        lambda: store.put_many([Source("s9", "nine"), Source("s8", "eight")]),  # last, out of order
        lambda: store.put_many([Source("s0", "zero")]),  # first
        lambda: store.put_many([Source("s5", "five, renamed")]),  # replaced in place
    ]
    for step in steps:
        step()
        ids = [s.id for s in store.sources()]
        assert ids == sorted(ids)
    expected = [s.id for s in store.sources()]
    assert expected == ["s0", "s3", "s4", "s5", "s6", "s8", "s9"]
    assert store_path.with_name(store_path.name + ".journal").stat().st_size > 0
    reader = open_store(read_only=True)  # the snapshot and the journal's lines replayed
    assert [s.id for s in reader.sources()] == expected
    reader.close()
    store.close()
    assert [s.id for s in open_store(read_only=True).sources()] == expected


def test_read_api(filled: Store) -> None:
    assert [m.iso3 for m in filled.members()] == ["POL", "ESP"]  # by name: Poland, Spain
    assert filled.member("ESP") == ESP and filled.member("FRA") is None
    assert filled.source(SPEECH.id) == SPEECH
    assert filled.get(Quote, ESP_QUOTE.id) == ESP_QUOTE
    assert [(o.iso3, o.year) for o in filled.observations()] == [
        ("ESP", 2024), ("ESP", 2025), ("POL", 2024), ("POL", 2025)
    ]
    assert [o.year for o in filled.observations("ESP")] == [2024, 2025]
    assert filled.observations("ESP", edition="2019") == []
    assert filled.observations("FRA") == []
    assert filled.quotes("ESP") == [ESP_QUOTE] and filled.quotes("POL") == []
    assert filled.position("ESP") == ESP_POSITION and filled.position("POL") is None
    assert set(map(type, filled.citing(SPEECH.id))) == {Position, Quote}
    assert len(filled.citing(NATO_REPORT.id)) == 5  # 4 figures + the position
    assert filled.counts()["members"] == 2 and filled.counts()["targets"] == 0
    assert filled.targets() == [] and filled.events() == [] and filled.leaders() == []
    assert filled.editions() == []


def test_returned_lists_do_not_reach_the_store(filled: Store) -> None:
    filled.observations("ESP").clear()
    filled.observations().clear()
    filled.members().clear()
    assert len(filled.observations("ESP")) == 2 and len(filled.members()) == 2


def test_latest_position_by_since_then_insertion(filled: Store) -> None:
    later = Position("esp-2", "ESP", Stance.SUPPORTS_WITH_RESERVATIONS, "Softer.", (SPEECH.id,), since="2025-07")
    undated = Position("esp-3", "ESP", Stance.UNDECLARED, "No date.", (SPEECH.id,))
    filled.put_many([later, undated])
    assert [p.id for p in filled.positions("ESP")] == ["esp-3", "esp-position", "esp-2"]
    assert filled.position("ESP") == later
    same_month = Position("esp-4", "ESP", Stance.SUPPORTS, "Same month.", (SPEECH.id,), since="2025-07")
    filled.put_many([same_month])
    assert filled.position("ESP") == same_month


def test_put_many_replaces_by_id_and_refreshes_queries(filled: Store) -> None:
    assert filled.observations("ESP")[0].value == 1.28
    filled.put_many([obs("ESP", 2024, 1.24)])
    assert filled.observations("ESP")[0].value == 1.24
    assert filled.counts()["observations"] == 4


def test_remove(filled: Store, open_store: Callable[..., Store]) -> None:
    filled.remove(Observation, "esp-2024-2025")
    assert filled.get(Observation, "esp-2024-2025") is None
    with pytest.raises(KeyError):
        filled.remove(Observation, "esp-2024-2025")
    # Still cited: refused, naming a record that would dangle.
    with pytest.raises(ValidationError) as info:
        filled.remove(Source, SPEECH.id)
    assert info.value.field in {"source_id", "source_ids"}
    with pytest.raises(ValidationError):
        filled.remove(Member, "POL")
    filled.put_many([Source("unused", "Unused source")])
    filled.remove(Source, "unused")
    filled.close()
    again = open_store()
    assert again.counts()["observations"] == 3 and again.source("unused") is None


def test_read_only_open_of_missing_file_is_refused(store_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(store_path, read_only=True)
    assert not store_path.parent.exists()


def test_closed_store_refuses_writes_and_close_is_idempotent(filled: Store) -> None:
    filled.close()
    filled.close()
    with pytest.raises(StoreError, match="closed"):
        filled.put_many([POL])
    assert filled.member("POL") == POL  # reads still served from memory
