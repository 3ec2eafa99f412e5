"""Refused records leave the store, on disk and in memory, as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_samples import ESP, SPEECH, obs

from nato_desk.domain import Position, Quote, Stance, ValidationError
from nato_desk.store import Store


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (obs("ESP", 2024, 120.0), "value"),
        (obs("ESP", 2024, 1.3, source_id="no-such-source"), "source_id"),
        (obs("FRA", 2024, 1.3), "iso3"),
        (Position("p", "ESP", Stance.SUPPORTS, "x", ("no-such-source",)), "source_ids"),
        (Quote("q", "ESP", "S", "PM", "text", "2025-13-40", SPEECH.id), "date"),
    ],
)
def test_refused_record_changes_nothing(
    filled: Store, store_path: Path, bad: object, field: str
) -> None:
    before = store_path.read_bytes()
    counts = filled.counts()
    good = obs("ESP", 2023, 1.24)
    with pytest.raises(ValidationError) as info:
        filled.put_many([good, bad])  # type: ignore[list-item]
    assert info.value.field == field
    assert field in str(info.value)
    assert store_path.read_bytes() == before
    assert filled.counts() == counts
    assert filled.get(type(good), good.id) is None  # the good half was not kept either


def test_batch_may_bring_its_own_sources_and_members(filled: Store) -> None:
    from nato_desk.domain import Member, Source

    fra = Member("FRA", "France", "French Republic", 1949, "Western Europe")
    src = Source("fr-budget", "Projet de loi de finances")
    filled.put_many([obs("FRA", 2024, 2.06, source_id=src.id), fra, src])
    assert filled.member("FRA") == fra


def test_same_id_twice_in_one_batch_is_refused(filled: Store, store_path: Path) -> None:
    before = store_path.read_bytes()
    with pytest.raises(ValidationError, match="twice"):
        filled.put_many([obs("ESP", 2024, 1.2), obs("ESP", 2024, 1.3)])
    assert store_path.read_bytes() == before


def test_empty_batch_writes_nothing(filled: Store, store_path: Path) -> None:
    mtime = store_path.stat().st_mtime_ns
    filled.put_many([])
    assert store_path.stat().st_mtime_ns == mtime
    assert filled.member("ESP") == ESP
