"""The on-disk format: schema version, the ``meta`` record, reading tables back.

``SCHEMA_VERSION`` goes up whenever the stored form of a record changes in a
way an older nato_desk could misread. Migrations (ordered, one per step) will
live next to it when there is a version 2. Loading checks the shape of what it
reads and reports damage as ``StoreCorruptError``; it does not re-validate the
records (a rule tightened later must not lock analysts out of their data).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from nato_desk.domain import HistoryEntry, Record, record_from_dict
from nato_desk.store.errors import StoreCorruptError, StoreSchemaError

__all__ = [
    "HISTORY_TABLE",
    "META_TABLE",
    "SCHEMA_VERSION",
    "new_meta",
    "read_history",
    "read_meta",
    "read_table",
]

SCHEMA_VERSION = 1
"""The schema this code writes and the newest it can read."""

META_TABLE = "meta"
"""The table holding the single meta document."""

HISTORY_TABLE = "history"
"""The table of ``HistoryEntry.to_dict`` documents, oldest first (doc_id order)."""


def new_meta(seeded_from: str | None) -> dict[str, Any]:
    """The meta document of a store created now."""
    return {
        "schema_version": SCHEMA_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seeded_from": seeded_from,
    }


def read_meta(path: Path, db: TinyDB) -> dict[str, Any]:
    """The meta document, checked: a known, not newer, schema_version."""
    docs = sorted(db.table(META_TABLE).all(), key=lambda d: d.doc_id)
    if not docs:
        raise StoreCorruptError(f"{path} is not a nato_desk store: it has no meta record.")
    meta = dict(docs[0])
    version = meta.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreCorruptError(f"{path} is damaged: its schema_version {version!r} is not valid.")
    if version > SCHEMA_VERSION:
        raise StoreSchemaError(
            f"{path} was saved by a newer nato_desk (data format {version}; this version "
            f"reads up to {SCHEMA_VERSION}). Update nato_desk to open it."
        )
    return meta


def read_table(path: Path, db: TinyDB, kind: str) -> dict[str, Record]:
    """Table ``kind`` as {id: record}, in insertion order."""
    try:
        # TinyDB lists documents in file order, and the file's keys are sorted
        # as text ("10" before "2"): the numeric doc_id is the insertion order.
        docs = sorted(db.table(kind).all(), key=lambda d: d.doc_id)
    except (TypeError, ValueError) as exc:
        raise StoreCorruptError(f"{path} is damaged: table '{kind}' is malformed ({exc}).") from exc
    table: dict[str, Record] = {}
    for doc in docs:
        try:
            record = record_from_dict(kind, dict(doc))
        except (TypeError, ValueError, KeyError) as exc:
            raise StoreCorruptError(
                f"{path} is damaged: {kind} document {doc.doc_id} is not a valid record ({exc})."
            ) from exc
        if not isinstance(record.id, str) or record.id in table:
            raise StoreCorruptError(
                f"{path} is damaged: {kind} document {doc.doc_id} has a missing or repeated id "
                f"{record.id!r}."
            )
        table[record.id] = record
    return table


def read_history(raw: dict[str, Any] | None) -> tuple[list[Any], list[HistoryEntry | None]]:
    """The history table as (raw documents, entries), oldest first.

    ``raw`` is the table as stored ({doc_id: document}). An entry that cannot
    be read (a later version's change type, a hand edit) is None in the
    second list; its raw document is kept so that saving never drops it.
    """
    if not raw:
        return [], []

    def order(key: str) -> tuple[int, int, str]:
        return (0, int(key), "") if key.isdigit() else (1, 0, key)

    docs = [raw[key] for key in sorted(raw, key=order)]
    entries: list[HistoryEntry | None] = []
    for doc in docs:
        try:
            entry: HistoryEntry | None = HistoryEntry.from_dict(doc)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            entry = None
        if entry is not None and not isinstance(entry.id, str):
            entry = None
        entries.append(entry)
    return docs, entries
