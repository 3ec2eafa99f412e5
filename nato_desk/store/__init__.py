"""The store: nato_desk's records in one crash-safe JSON file, one writer at a time.

The only package that imports tinydb. ``Store`` is the gateway the rest of
the app uses, and ``open_with_recovery`` the way the app opens it at start-up;
the other names are its parts, exported for tests and tools.

Modules: ``store`` (the gateway), ``history`` (the change history in
memory), ``journal`` (each change appended and fsynced), ``snapshot`` (the
whole store as one sealed file), ``integrity`` (its SHA-256),
``identity`` (are our files still ours), ``places`` (links followed,
read-only places named), ``atomic_storage`` (bytes on disk), ``document``
(parsing, damage named), ``schema`` (records and validity), ``migrations``
(older files), ``backups`` (rolling and pre-migration copies), ``recovery``
(start-up over damage), ``report``, ``lock`` (one writer), ``errors``,
``indexes`` (figures by ally and edition).

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
from nato_desk.store.backups import Backup, list_backups
from nato_desk.store.errors import (
    ChangeConflict,
    ReadOnlyStoreError,
    StoreChangedError,
    StoreCorruptError,
    StoreError,
    StoreIdentityError,
    StoreMigrationError,
    StoreSchemaError,
    StoreWriteError,
)
from nato_desk.store.lock import StoreLock
from nato_desk.store.recovery import RecoveryReport, open_with_recovery
from nato_desk.store.schema import SCHEMA_VERSION
from nato_desk.store.store import (
    CHANGED,
    CHANGED_REASON,
    LOCKED_REASON,
    NEWER_REASON,
    Store,
)

__all__ = [
    "CHANGED",
    "CHANGED_REASON",
    "LOCKED_REASON",
    "NEWER_REASON",
    "SCHEMA_VERSION",
    "AtomicJSONStorage",
    "Backup",
    "ChangeConflict",
    "ReadOnlyStoreError",
    "RecoveryReport",
    "Store",
    "StoreChangedError",
    "StoreCorruptError",
    "StoreError",
    "StoreIdentityError",
    "StoreLock",
    "StoreMigrationError",
    "StoreSchemaError",
    "StoreWriteError",
    "list_backups",
    "open_with_recovery",
]
