"""The store: nato_desk's records in one crash-safe JSON file, one writer at a time.

The only package that imports tinydb. ``Store`` is the gateway the rest of
the app uses; the other names are its parts, exported for tests and tools.

>>> from pathlib import Path
>>> from tempfile import mkdtemp
>>> from nato_desk.domain import Member
>>> with Store.open(Path(mkdtemp()) / "store.json") as store:
...     store.put_many([Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe")])
...     store.member("ESP").name
'Spain'
"""

from __future__ import annotations

from nato_desk.store.atomic_storage import AtomicJSONStorage
from nato_desk.store.errors import (
    ChangeConflict,
    ReadOnlyStoreError,
    StoreCorruptError,
    StoreError,
    StoreSchemaError,
    StoreWriteError,
)
from nato_desk.store.lock import StoreLock
from nato_desk.store.schema import SCHEMA_VERSION
from nato_desk.store.store import LOCKED_REASON, Store

__all__ = [
    "LOCKED_REASON",
    "SCHEMA_VERSION",
    "AtomicJSONStorage",
    "ChangeConflict",
    "ReadOnlyStoreError",
    "Store",
    "StoreCorruptError",
    "StoreError",
    "StoreLock",
    "StoreSchemaError",
    "StoreWriteError",
]
