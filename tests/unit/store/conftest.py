"""Fixtures for the store tests: a store path in tmp_path and stores closed after use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_samples import sample_records

from nato_desk.store import Store


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "store.json"


@pytest.fixture
def open_store(store_path: Path) -> Iterator[Callable[..., Store]]:
    """Store.open on ``store_path``; every store opened is closed after the test."""
    opened: list[Store] = []

    def _open(**kwargs: object) -> Store:
        store = Store.open(store_path, **kwargs)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def filled(open_store: Callable[..., Store]) -> Store:
    """A writable store holding ``sample_records()``."""
    return open_store(seed=sample_records)
