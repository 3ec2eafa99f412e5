"""The errors the store raises. Every message is written for the analyst.

The UI shows ``str(error)`` as it is, so messages name the file and say what
went wrong in plain words; the low-level cause (an ``OSError``, a
``JSONDecodeError``) stays available as ``__cause__`` for the log.
"""

from __future__ import annotations

__all__ = [
    "ChangeConflict",
    "ReadOnlyStoreError",
    "StoreChangedError",
    "StoreCorruptError",
    "StoreError",
    "StoreIdentityError",
    "StoreMigrationError",
    "StoreSchemaError",
    "StoreWriteError",
]


class StoreError(Exception):
    """Base class: anything the store cannot do (also: a missing or closed store)."""


class StoreCorruptError(StoreError):
    """The file exists but is not a store we can read (bad JSON, wrong shape).

    ``reason`` is the cause in the words of the start-up report ("the file
    ends unexpectedly — ..."); the message keeps the technical detail.
    """

    def __init__(self, message: str, *, reason: str = "the file is not a nato_desk store") -> None:
        super().__init__(message)
        self.reason = reason


class StoreChangedError(StoreCorruptError):
    """The file's checksum does not match its contents: it was changed outside nato_desk.

    Damage of a kind the analyst must decide about (``recovery``): restore the
    newest good backup, or look at the changed file read-only.
    """


class StoreWriteError(StoreError):
    """A save failed. The file on disk is still the previous version."""


class ReadOnlyStoreError(StoreError):
    """A change was asked of a store opened read-only."""


class StoreIdentityError(ReadOnlyStoreError):
    """The data file, its lock or its journal is no longer the one this store opened.

    Raised before a save, which then writes nothing; the store has turned
    read-only (``Store.read_only_reason`` says why).
    """


class StoreSchemaError(StoreError):
    """The file was written by a newer nato_desk (a higher ``schema_version``)
    and this version cannot even show it read-only."""


class StoreMigrationError(StoreError):
    """Bringing an older file up to the current schema failed; the file is unchanged."""


class ChangeConflict(StoreError):
    """A change no longer fits the data: it was made against a stale view.

    Raised by ``Store.apply`` when a record to add already exists, a record to
    remove or edit was changed or removed meanwhile, or a field no longer holds
    the value the change expected. ``what`` names the record ("Quote ESP-03"),
    ``field`` the field ("" when the whole record is meant).
    """

    def __init__(self, what: str, field: str, problem: str) -> None:
        self.what = what
        self.field = field
        self.problem = problem
        super().__init__(f"{what}: {field} {problem}" if field else f"{what} {problem}")
