"""Opening a store builds its records without the cyclic collector (``nato_desk.collector``).

At 50,000 figures the collector's passes over records that are all alive
were 40% of the open; here a store of a few thousand figures stands in, and
the collector's own callbacks count its passes: one, when the open is done and
the collector back on, where the same build would otherwise make several.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_samples import ESP, NATO_REPORT, POL, obs

from nato_desk.domain import Record
from nato_desk.store import Store, StoreCorruptError

FIGURES = 3_000  # each record a few objects: several of the collector's 700-allocation passes


def many_figures() -> list[Record]:
    figures: list[Record] = [obs(member.iso3, year, 1.5, edition=f"e{edition}")
                             for member in (ESP, POL) for edition in range(FIGURES // 60)
                             for year in range(1995, 2025)]
    return [ESP, POL, NATO_REPORT, *figures]


@pytest.fixture
def collections_seen() -> Iterator[list[int]]:
    """The generation of every collector pass while the test runs."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        gc.enable()


def test_opening_a_store_collects_once_after_building_and_turns_the_collector_back_on(
        open_store: Callable[..., Store], collections_seen: list[int]) -> None:
    open_store(seed=many_figures).close()
    assert gc.isenabled()
    collections_seen.clear()

    store = open_store()
    assert len(store.observations()) == FIGURES  # the figures' index is built on first use
    assert len(collections_seen) <= 2  # at most one after the records, one after the index
    assert gc.isenabled()
    # Without the pause a build of the same figures collects several times.
    collections_seen.clear()
    rebuilt = [obs(o.iso3, o.year, o.value, edition=o.edition) for o in store.observations()]
    assert len(rebuilt) == FIGURES and len(collections_seen) > 2


def test_reloading_a_store_changed_by_another_collects_once_after(
        store_path: Path, open_store: Callable[..., Store], collections_seen: list[int]) -> None:
    store = open_store(seed=many_figures, keep_backups=0)
    store.close()
    reader = open_store(read_only=True)
    writer = open_store(keep_backups=0)
    writer.put_many([obs("ESP", 2025, 2.1, edition="e0")])
    writer.close()  # a new snapshot: the reader reads the whole store again
    collections_seen.clear()
    assert reader.reload()
    assert reader.observations(iso3="ESP", edition="e0")[-1].value == 2.1
    assert len(collections_seen) <= 2
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off(
        open_store: Callable[..., Store], collections_seen: list[int]) -> None:
    gc.disable()
    open_store(seed=many_figures)
    assert not gc.isenabled()


def test_the_collector_is_back_on_when_the_file_is_damaged(
        store_path: Path, open_store: Callable[..., Store], collections_seen: list[int]) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_text('{"_meta": {"1": ', encoding="utf-8")
    with pytest.raises(StoreCorruptError):
        open_store()
    assert gc.isenabled()
